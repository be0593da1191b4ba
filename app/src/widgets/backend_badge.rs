//! The compute badge: says truthfully where the lessons' model runs — "WebGPU · adapter" or
//! "CPU · why not WebGPU" — once the compute worker has checked its devices by computing on
//! them. Its details show what was measured on each backend and let the learner choose.

use leptos::prelude::*;

use crate::compute::protocol::{Backend, Timing};
use crate::i18n::{Key, Language, bi, pick, text, tr};
use crate::runtime::{Badge, Measured, Runtime, RuntimeStatus};

#[component]
pub fn BackendBadge() -> impl IntoView {
    let runtime = Runtime::get();
    let language = Language::signal();
    let label = move || {
        let language = language.get();
        match runtime.badge() {
            Badge::Detecting => text(language, Key::BadgeDetecting).to_string(),
            // The adapter's name is shown after it, as the browser gives it.
            Badge::WebGpu => text(language, Key::BadgeWebGpu).to_string(),
            Badge::Cpu => match runtime.cpu_reason(language) {
                Some(reason) => format!("{} · {reason}", text(language, Key::BadgeCpu)),
                None => text(language, Key::BadgeCpu).to_string(),
            },
            Badge::Failed => format!(
                "{} · {}",
                text(language, Key::BadgeFailed),
                runtime.status.with(|status| match status {
                    RuntimeStatus::Failed(message) => message.clone(),
                    _ => String::new(),
                })
            ),
        }
    };
    let state = move || runtime.badge();
    view! {
        <span class="backend-badge-group">
            <span
                class="backend-badge"
                data-testid="backend-badge"
                data-backend=move || state().code()
                data-state=move || if state() == Badge::Detecting { "detecting" } else { "ready" }
                title=tr(Key::BadgeTitle)
                role="status"
            >
                <span class="badge-dot" aria-hidden="true"></span>
                {label}
                {move || (state() == Badge::WebGpu).then(|| runtime.status.with(|_| runtime.adapter())).flatten().map(|adapter| view! {
                    <span translate="no">{format!(" · {adapter}")}</span>
                })}
            </span>
            <BackendDetails runtime=runtime/>
        </span>
    }
}

/// Both backends' timings and the learner's choice.
#[component]
fn BackendDetails(runtime: Runtime) -> impl IntoView {
    let language = Language::signal();
    let row = move |measured: Option<Measured>, kind: &'static str| {
        let language = language.get();
        match measured {
            None => format!(
                "{kind}: {}",
                pick(language, "not measured yet", "아직 재지 않음")
            ),
            Some(Measured { shape, timing }) => {
                let Timing { webgpu_ms, cpu_ms } = timing;
                let ms = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.0} ms"));
                format!(
                    "{kind} ({shape}): WebGPU {} · CPU {} → {}",
                    ms(webgpu_ms),
                    ms(cpu_ms),
                    match timing.faster() {
                        Backend::WebGpu => "WebGPU",
                        Backend::Cpu => "CPU",
                    }
                )
            }
        }
    };
    let choice_code = move || runtime.choice.get().map_or("auto", Backend::code);
    view! {
        <details class="backend-details" data-testid="backend-details">
            <summary aria-label=bi("Where the model runs: details", "모델이 실행되는 곳: 자세히")>"⚙"</summary>
            <div class="backend-panel">
                <p data-testid="timing-inference">{move || row(runtime.inference.get(), pick(language.get(), "Predictions", "예측"))}</p>
                <p data-testid="timing-training">{move || row(runtime.training.get(), pick(language.get(), "Training", "학습"))}</p>
                <label>{bi("Run the model on", "모델을 실행할 곳")}" "
                    <select data-testid="backend-choice" prop:value=choice_code on:change=move |event| {
                        runtime.choice.set(Backend::from_code(&event_target_value(&event)));
                    }>
                        <option value="auto">{bi("the faster one (measured)", "더 빠른 쪽 (측정)")}</option>
                        <option value="webgpu">"WebGPU"</option>
                        <option value="cpu">"CPU"</option>
                    </select>
                </label>
                <p class="muted">{bi(
                    "For tiny models a GPU's per-step overhead can make it slower than the CPU; bertlab times both on first use and keeps the result.",
                    "아주 작은 모델에서는 GPU의 단계별 부담 때문에 CPU보다 느릴 수 있습니다. bertlab은 처음 쓸 때 둘 다 재 보고 결과를 기억합니다.",
                )}</p>
            </div>
        </details>
    }
}
