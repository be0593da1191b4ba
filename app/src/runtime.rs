//! Where the model runs. The compute worker reports its devices (WebGPU when the browser offers
//! it there and it computes correctly, the CPU always). For each kind of work — inference and
//! training — the page uses the faster of the two, as measured on first use with a model of that
//! size (kept in local storage per adapter and shape), unless the learner chose one in the
//! badge's details. The badge reads all of this from here.

use bertlab_model::BertConfig;
use bertlab_model::DeviceKind;
use bertlab_model::limits::{LimitError, check_fits_buffer};
use leptos::prelude::*;

use crate::compute::protocol::{Backend, Devices, NoGpu, Reply, Request, Timing};
use crate::compute::{Compute, ModelId};
use crate::i18n::{Key, Language, text};

const CHOICE_KEY: &str = "bertlab.backend";
const TIMINGS_KEY: &str = "bertlab.timings";

/// Where the runtime stands.
#[derive(Debug, Clone, PartialEq)]
pub enum RuntimeStatus {
    Detecting,
    Ready(Devices),
    /// Not even the CPU backend computed correctly; nothing can run.
    Failed(String),
}

/// What the badge says about the backend in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Badge {
    Detecting,
    WebGpu,
    Cpu,
    Failed,
}

impl Badge {
    /// Stable code for `data-backend`.
    pub fn code(self) -> &'static str {
        match self {
            Badge::Detecting => "detecting",
            Badge::WebGpu => "webgpu",
            Badge::Cpu => "cpu",
            Badge::Failed => "none",
        }
    }
}

/// Both backends' timings for one kind of work, and the shape they were measured on
/// ("L2 H128 A2 V400", and "× batch × length" for training).
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    pub shape: String,
    pub timing: Timing,
}

/// The app's one compute runtime, shared through context.
#[derive(Clone, Copy)]
pub struct Runtime {
    pub status: RwSignal<RuntimeStatus>,
    /// The learner's choice (`None`: the faster one, as measured).
    pub choice: RwSignal<Option<Backend>>,
    pub inference: RwSignal<Option<Measured>>,
    pub training: RwSignal<Option<Measured>>,
    compute: Compute,
}

impl Runtime {
    pub fn provide(compute: Compute) {
        let runtime = Runtime {
            status: RwSignal::new(RuntimeStatus::Detecting),
            choice: RwSignal::new(stored(CHOICE_KEY).and_then(|code| Backend::from_code(&code))),
            inference: RwSignal::new(None),
            training: RwSignal::new(None),
            compute,
        };
        provide_context(runtime);
        compute.on_started(move |devices| {
            runtime.status.set(match &devices.cpu {
                Err(message) if devices.gpu.is_err() => RuntimeStatus::Failed(message.clone()),
                _ => RuntimeStatus::Ready(devices),
            });
            runtime.inference.set(None);
            runtime.training.set(None);
            runtime.apply();
        });
        Effect::new(move |_| {
            let choice = runtime.choice.get();
            store(CHOICE_KEY, choice.map(Backend::code));
            runtime.apply();
        });
    }

    pub fn get() -> Runtime {
        expect_context::<Runtime>()
    }

    fn devices(self) -> Option<Devices> {
        match self.status.get_untracked() {
            RuntimeStatus::Ready(devices) => Some(devices),
            _ => None,
        }
    }

    /// The GPU adapter's description, when WebGPU is usable.
    pub fn adapter(self) -> Option<String> {
        self.devices()?.gpu.ok().map(|gpu| gpu.adapter)
    }

    /// Sets where each kind of work runs, from the GPU's presence, the choice and timings.
    fn apply(self) {
        let has_gpu = self.status.with_untracked(
            |status| matches!(status, RuntimeStatus::Ready(devices) if devices.gpu.is_ok()),
        );
        let pick = |measured: Option<Measured>| match (has_gpu, self.choice.get_untracked()) {
            (false, _) => Backend::Cpu,
            (true, Some(choice)) => choice,
            (true, None) => measured.map_or(Backend::WebGpu, |m| m.timing.faster()),
        };
        let backends = (
            pick(self.inference.get_untracked()),
            pick(self.training.get_untracked()),
        );
        self.compute.backends.set(backends);
    }

    /// Whether `config` fits the device inference runs on (buffers, memory).
    pub fn check_fits(self, config: &BertConfig) -> Result<(), LimitError> {
        let gpu_buffer = self
            .devices()
            .and_then(|devices| devices.gpu.ok())
            .map(|gpu| gpu.max_buffer_bytes);
        match (self.compute.inference(), gpu_buffer) {
            (Backend::WebGpu, Some(bytes)) => check_fits_buffer(config, DeviceKind::Gpu, bytes),
            _ => check_fits_buffer(config, DeviceKind::Cpu, u64::MAX),
        }
    }

    /// Measures inference with a newly loaded model on both backends, unless it was measured
    /// for this adapter and shape before or the learner chose a backend.
    pub async fn measure_inference(self, model: ModelId, config: &BertConfig) {
        let key = self.key("inference", &shape(config));
        let Some(key) = key else { return };
        let shape = shape(config);
        let timing = match cached(&key) {
            Some(timing) => timing,
            None => match self
                .compute
                .call(None, Request::MeasureInference { model })
                .await
            {
                Some(Reply::Measured(timing)) => {
                    cache(&key, timing);
                    timing
                }
                _ => return,
            },
        };
        self.inference.set(Some(Measured { shape, timing }));
        self.apply();
    }

    /// Where a training run of `config` at `batch` × `max_len` should go: measured once per
    /// adapter and shape (unless the learner chose).
    pub async fn training_backend(
        self,
        config: &BertConfig,
        batch: usize,
        max_len: usize,
    ) -> Backend {
        let shape = format!("{} × {batch} × {max_len}", shape(config));
        // (The key's wording predates the shape alone; kept so saved timings stay valid.)
        if let Some(key) = self.key("training", &format!("training step, {shape}")) {
            let timing = match cached(&key) {
                Some(timing) => Some(timing),
                None => match self
                    .compute
                    .call(
                        None,
                        Request::MeasureTraining {
                            config: config.clone(),
                            batch,
                            max_len,
                        },
                    )
                    .await
                {
                    Some(Reply::Measured(timing)) => {
                        cache(&key, timing);
                        Some(timing)
                    }
                    _ => None,
                },
            };
            if let Some(timing) = timing {
                self.training.set(Some(Measured { shape, timing }));
                self.apply();
            }
        }
        self.compute.training()
    }

    /// The storage key of a measurement, or `None` when there is nothing to measure (no GPU,
    /// or the learner chose).
    fn key(self, kind: &str, what: &str) -> Option<String> {
        if self.choice.get_untracked().is_some() {
            return None;
        }
        let adapter = self.adapter()?;
        Some(format!("{kind}|{adapter}|{what}"))
    }

    /// The badge's state.
    pub fn badge(self) -> Badge {
        self.status.with(|status| match status {
            RuntimeStatus::Detecting => Badge::Detecting,
            RuntimeStatus::Failed(_) => Badge::Failed,
            RuntimeStatus::Ready(_) => match self.compute.backends.get().0 {
                Backend::WebGpu => Badge::WebGpu,
                Backend::Cpu => Badge::Cpu,
            },
        })
    }

    /// Why inference runs on the CPU, in words (`None` on WebGPU).
    pub fn cpu_reason(self, language: Language) -> Option<String> {
        let devices = self.status.with(|status| match status {
            RuntimeStatus::Ready(devices) => Some(devices.clone()),
            _ => None,
        })?;
        if self.compute.backends.get().0 != Backend::Cpu {
            return None;
        }
        Some(match devices.gpu {
            Err(reason) => describe(&reason, language),
            Ok(_) if self.choice.get() == Some(Backend::Cpu) => {
                text(language, Key::CpuChosen).to_string()
            }
            Ok(_) => text(language, Key::CpuFaster).to_string(),
        })
    }
}

/// "L2 H128 A2 V400": what a measurement depends on.
fn shape(config: &BertConfig) -> String {
    format!(
        "L{} H{} A{} V{}",
        config.num_hidden_layers, config.hidden_size, config.num_attention_heads, config.vocab_size
    )
}

/// One readable sentence for why there is no GPU (technical detail after a colon).
pub fn describe(reason: &NoGpu, language: Language) -> String {
    let (key, detail) = match reason {
        NoGpu::NoNavigatorGpu => (Key::CpuNoNavigatorGpu, None),
        NoGpu::NoAdapter => (Key::CpuNoAdapter, None),
        NoGpu::Init(detail) => (Key::CpuGpuInitFailed, Some(detail)),
        NoGpu::SelfCheck(detail) => (Key::CpuGpuSelfCheckFailed, Some(detail)),
        NoGpu::NotInWorkers => (Key::CpuNoWorkerGpu, None),
        NoGpu::Lost(detail) => (Key::CpuDeviceLost, Some(detail)),
    };
    match detail {
        Some(detail) if !detail.is_empty() => format!("{}: {detail}", text(language, key)),
        _ => text(language, key).to_string(),
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

fn store(key: &str, value: Option<&str>) {
    if let Some(storage) = local_storage() {
        let _ = match value {
            Some(value) => storage.set_item(key, value),
            None => storage.remove_item(key),
        };
    }
}

fn timings() -> serde_json::Map<String, serde_json::Value> {
    stored(TIMINGS_KEY)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

fn cached(key: &str) -> Option<Timing> {
    serde_json::from_value(timings().get(key)?.clone()).ok()
}

fn cache(key: &str, timing: Timing) {
    let mut all = timings();
    if let Ok(value) = serde_json::to_value(timing) {
        all.insert(key.to_string(), value);
    }
    if let Ok(json) = serde_json::to_string(&all) {
        store(TIMINGS_KEY, Some(&json));
    }
}
