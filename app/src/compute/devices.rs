//! The worker's devices: WebGPU when the browser offers it here (`navigator.gpu` exists in
//! dedicated workers) and it passes an arithmetic self-check, and the CPU backend always.

use bertlab_model::ComputeDevice;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::protocol::{Backend, Devices, GpuInfo, NoGpu};
use crate::global;

/// What the worker computes on.
pub struct WorkerDevices {
    pub cpu: ComputeDevice,
    pub gpu: Option<ComputeDevice>,
}

impl WorkerDevices {
    /// The device for `backend` (the CPU when there is no GPU).
    pub fn get(&self, backend: Backend) -> &ComputeDevice {
        match (backend, &self.gpu) {
            (Backend::WebGpu, Some(gpu)) => gpu,
            _ => &self.cpu,
        }
    }
}

/// Finds the devices. `try_gpu`: `Err(reason)` to skip WebGPU (e.g. after it was lost).
/// `on_lost` is called if the GPU device is lost later.
pub async fn detect(
    try_gpu: Result<(), NoGpu>,
    on_lost: impl Fn(String) + Send + 'static,
) -> (WorkerDevices, Devices) {
    let cpu = ComputeDevice::cpu();
    let cpu_check = cpu.self_check().await.map_err(|error| error.to_string());
    let gpu = match try_gpu {
        Ok(()) => webgpu(on_lost).await,
        Err(reason) => Err(reason),
    };
    let report = Devices {
        gpu: gpu
            .as_ref()
            .map(|(_, info)| info.clone())
            .map_err(Clone::clone),
        cpu: cpu_check,
    };
    (
        WorkerDevices {
            cpu,
            gpu: gpu.ok().map(|(device, _)| device),
        },
        report,
    )
}

async fn webgpu(
    on_lost: impl Fn(String) + Send + 'static,
) -> Result<(ComputeDevice, GpuInfo), NoGpu> {
    let gpu = global::property("navigator")
        .and_then(|navigator| Reflect::get(&navigator, &JsValue::from_str("gpu")).ok())
        .filter(|gpu| !gpu.is_undefined() && !gpu.is_null())
        // The page had it (or would not have asked).
        .ok_or(NoGpu::NotInWorkers)?;
    // Asking the browser first separates "no adapter" from a failure inside wgpu, and gives the
    // adapter's vendor and architecture, which wgpu does not pass on from the browser.
    let adapter = request_adapter(&gpu).await.ok_or(NoGpu::NoAdapter)?;
    let device = ComputeDevice::gpu_with_lost_callback(on_lost)
        .await
        .map_err(|error| NoGpu::Init(error.to_string()))?;
    device
        .self_check()
        .await
        .map_err(|error| NoGpu::SelfCheck(error.to_string()))?;
    let info = GpuInfo {
        adapter: adapter_description(&adapter).unwrap_or_else(|| device.description.clone()),
        max_buffer_bytes: device.max_buffer_bytes,
    };
    Ok((device, info))
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
