//! Backend selection for the whole app: at start-up try WebGPU (navigator.gpu → adapter →
//! burn's async wgpu initialisation → an arithmetic self-check read back asynchronously) and fall
//! back to burn's CPU backend with the reason. Lessons read the one shared [`Runtime`] context.

use bertlab_model::ComputeDevice;
use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::i18n::{Key, Language, text};

/// Why the app computes on the CPU instead of WebGPU.
#[derive(Debug, Clone, PartialEq)]
pub enum FallbackReason {
    NoNavigatorGpu,
    NoAdapter,
    GpuInit(String),
    SelfCheck(String),
    DeviceLost(String),
}

impl FallbackReason {
    /// One readable sentence (technical detail after a colon, untranslated).
    pub fn describe(&self, language: Language) -> String {
        let (key, detail) = match self {
            FallbackReason::NoNavigatorGpu => (Key::CpuNoNavigatorGpu, None),
            FallbackReason::NoAdapter => (Key::CpuNoAdapter, None),
            FallbackReason::GpuInit(detail) => (Key::CpuGpuInitFailed, Some(detail)),
            FallbackReason::SelfCheck(detail) => (Key::CpuGpuSelfCheckFailed, Some(detail)),
            FallbackReason::DeviceLost(detail) => (Key::CpuDeviceLost, Some(detail)),
        };
        match detail {
            Some(detail) if !detail.is_empty() => format!("{}: {detail}", text(language, key)),
            _ => text(language, key).to_string(),
        }
    }
}

/// The backend as the badge names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Detecting,
    WebGpu,
    Cpu,
    Failed,
}

impl Backend {
    /// Stable code for `data-backend`.
    pub fn code(self) -> &'static str {
        match self {
            Backend::Detecting => "detecting",
            Backend::WebGpu => "webgpu",
            Backend::Cpu => "cpu",
            Backend::Failed => "none",
        }
    }
}

/// Where the runtime stands.
#[derive(Debug, Clone)]
pub enum RuntimeStatus {
    Detecting,
    Ready {
        device: ComputeDevice,
        /// What the browser says about the GPU adapter (vendor, architecture, description).
        adapter: Option<String>,
        /// Set when this is the CPU because WebGPU could not be used.
        fallback: Option<FallbackReason>,
    },
    /// Not even the CPU backend computed correctly; nothing can run.
    Failed(String),
}

impl RuntimeStatus {
    pub fn backend(&self) -> Backend {
        match self {
            RuntimeStatus::Detecting => Backend::Detecting,
            RuntimeStatus::Ready {
                fallback: None,
                device,
                ..
            } if device.kind == bertlab_model::DeviceKind::Gpu => Backend::WebGpu,
            RuntimeStatus::Ready { .. } => Backend::Cpu,
            RuntimeStatus::Failed(_) => Backend::Failed,
        }
    }

    pub fn adapter(&self) -> Option<&str> {
        match self {
            RuntimeStatus::Ready { adapter, .. } => adapter.as_deref(),
            _ => None,
        }
    }

    /// Why nothing can run, when even the CPU backend failed its self-check.
    pub fn failure(&self) -> Option<&str> {
        match self {
            RuntimeStatus::Failed(message) => Some(message),
            _ => None,
        }
    }

    pub fn fallback_reason(&self) -> Option<&FallbackReason> {
        match self {
            RuntimeStatus::Ready { fallback, .. } => fallback.as_ref(),
            _ => None,
        }
    }

    /// The device to run the model on, once one is ready.
    #[allow(dead_code)] // read by the lessons that run the model
    pub fn device(&self) -> Option<&ComputeDevice> {
        match self {
            RuntimeStatus::Ready { device, .. } => Some(device),
            _ => None,
        }
    }
}

/// The app's one compute runtime, shared through context.
#[derive(Clone, Copy)]
pub struct Runtime {
    pub status: RwSignal<RuntimeStatus>,
}

impl Runtime {
    /// Creates the runtime, provides it as context and starts detection in the background.
    pub fn provide() {
        let runtime = Runtime {
            status: RwSignal::new(RuntimeStatus::Detecting),
        };
        provide_context(runtime);
        leptos::task::spawn_local(async move {
            let status = detect(runtime).await;
            runtime.status.set(status);
        });
    }

    pub fn get() -> Runtime {
        expect_context::<Runtime>()
    }
}

/// WebGPU if it is there and computes correctly, else the CPU, with the reason.
async fn detect(runtime: Runtime) -> RuntimeStatus {
    let fallback = match webgpu(runtime).await {
        Ok(ready) => return ready,
        Err(reason) => reason,
    };
    leptos::logging::log!("bertlab: using the CPU backend ({fallback:?})");
    cpu(Some(fallback)).await
}

async fn cpu(fallback: Option<FallbackReason>) -> RuntimeStatus {
    let device = ComputeDevice::cpu();
    match device.self_check().await {
        Ok(()) => RuntimeStatus::Ready {
            device,
            adapter: None,
            fallback,
        },
        Err(error) => RuntimeStatus::Failed(error.to_string()),
    }
}

async fn webgpu(runtime: Runtime) -> Result<RuntimeStatus, FallbackReason> {
    let gpu = navigator_gpu().ok_or(FallbackReason::NoNavigatorGpu)?;
    // Asking the browser first separates "no adapter" from a failure inside wgpu, and gives the
    // adapter's vendor and architecture, which wgpu does not pass on from the browser.
    let adapter = request_adapter(&gpu)
        .await
        .ok_or(FallbackReason::NoAdapter)?;
    let on_lost = move |message: String| {
        leptos::logging::warn!("bertlab: GPU device lost: {message}");
        leptos::task::spawn_local(async move {
            runtime
                .status
                .set(cpu(Some(FallbackReason::DeviceLost(message))).await);
        });
    };
    let device = ComputeDevice::gpu_with_lost_callback(on_lost)
        .await
        .map_err(|error| FallbackReason::GpuInit(error.to_string()))?;
    device
        .self_check()
        .await
        .map_err(|error| FallbackReason::SelfCheck(error.to_string()))?;
    let description = adapter_description(&adapter).unwrap_or_else(|| device.description.clone());
    Ok(RuntimeStatus::Ready {
        adapter: (!description.is_empty()).then_some(description),
        device,
        fallback: None,
    })
}

/// `navigator.gpu`, when the browser exposes WebGPU.
fn navigator_gpu() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    Reflect::get(&navigator, &JsValue::from_str("gpu"))
        .ok()
        .filter(|gpu| !gpu.is_undefined() && !gpu.is_null())
}

/// `await navigator.gpu.requestAdapter()`, or `None` when the browser offers none.
async fn request_adapter(gpu: &JsValue) -> Option<JsValue> {
    let request = Reflect::get(gpu, &JsValue::from_str("requestAdapter"))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let promise = request.call0(gpu).ok()?.dyn_into::<Promise>().ok()?;
    JsFuture::from(promise)
        .await
        .ok()
        .filter(|adapter| !adapter.is_null() && !adapter.is_undefined())
}

/// "vendor architecture (description)" from `GPUAdapter.info`, skipping empty parts.
fn adapter_description(adapter: &JsValue) -> Option<String> {
    let info = Reflect::get(adapter, &JsValue::from_str("info")).ok()?;
    let field = |name: &str| {
        Reflect::get(&info, &JsValue::from_str(name))
            .ok()
            .and_then(|value| value.as_string())
            .filter(|value| !value.is_empty())
    };
    let mut parts: Vec<String> = [field("vendor"), field("architecture")]
        .into_iter()
        .flatten()
        .collect();
    if let Some(description) = field("description") {
        parts.push(if parts.is_empty() {
            description
        } else {
            format!("({description})")
        });
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}
