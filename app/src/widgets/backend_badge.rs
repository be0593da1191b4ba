//! The compute badge: says truthfully where the model runs — "WebGPU · adapter" or
//! "CPU · why not WebGPU" — once the runtime has checked the device by computing on it.

use leptos::prelude::*;

use crate::i18n::{Key, Language, text, tr};
use crate::runtime::{Backend, Runtime};

#[component]
pub fn BackendBadge() -> impl IntoView {
    let runtime = Runtime::get();
    let language = Language::signal();
    let state = move || runtime.status.with(|status| status.backend());
    let label = move || {
        let language = language.get();
        runtime.status.with(|status| match status.backend() {
            Backend::Detecting => text(language, Key::BadgeDetecting).to_string(),
            Backend::WebGpu => match status.adapter() {
                Some(adapter) => format!("{} · {adapter}", text(language, Key::BadgeWebGpu)),
                None => text(language, Key::BadgeWebGpu).to_string(),
            },
            Backend::Cpu => match status.fallback_reason() {
                Some(reason) => format!(
                    "{} · {}",
                    text(language, Key::BadgeCpu),
                    reason.describe(language)
                ),
                None => text(language, Key::BadgeCpu).to_string(),
            },
            Backend::Failed => format!(
                "{} · {}",
                text(language, Key::BadgeFailed),
                status.failure().unwrap_or_default()
            ),
        })
    };
    view! {
        <span
            class="backend-badge"
            data-testid="backend-badge"
            data-backend=move || state().code()
            data-state=move || if state() == Backend::Detecting { "detecting" } else { "ready" }
            title=tr(Key::BadgeTitle)
            role="status"
        >
            <span class="badge-dot" aria-hidden="true"></span>
            {label}
        </span>
    }
}
