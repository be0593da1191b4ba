//! What every lesson page shares: the frame (title, the lesson, its "try this" tasks), a
//! paragraph of explanation, and the gate that waits for a model before drawing anything
//! computed from it.

use std::sync::Arc;

use leptos::prelude::*;

use super::Lesson;
use super::try_this::TryThis;
use crate::compute::protocol::Fault;
use crate::i18n::bi;
use crate::state::{LoadedModel, Models};

#[component]
pub fn LessonFrame(lesson: &'static Lesson, children: Children) -> impl IntoView {
    view! {
        <article class="lesson" data-testid="lesson" data-lesson=lesson.slug data-available="true">
            <h1>{bi(lesson.title.0, lesson.title.1)}</h1>
            {children()}
            <TryThis lesson=lesson/>
        </article>
    }
}

/// A paragraph of explanation in both languages.
#[component]
pub fn Explain(en: &'static str, ko: &'static str) -> impl IntoView {
    view! { <p class="explain">{bi(en, ko)}</p> }
}

/// Draws `body` with the current model, or says that it is still loading. The placeholder keeps
/// the room the lesson's view will take (`.reserve`, sized per lesson in the CSS), so the text
/// below does not jump when the model arrives.
pub fn with_model<V: IntoView + 'static>(
    body: impl Fn(Arc<LoadedModel>) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let models = Models::get();
    move || match models.current.get() {
        Some(model) => body(model).into_any(),
        None => view! {
            <p class="waiting reserve" data-testid="model-waiting" role="status">
                {bi("Loading the model…", "모델을 불러오는 중…")}
            </p>
        }
        .into_any(),
    }
}

/// Stands where a lesson's computed view will be, keeping its room like [`with_model`]'s placeholder.
#[component]
pub fn Computing() -> impl IntoView {
    view! { <p class="waiting reserve" role="status">{bi("Computing…", "계산 중…")}</p> }
}

/// A computation error, shown where its result would be, in the learner's language.
#[component]
pub fn Problem(fault: Fault) -> impl IntoView {
    let language = crate::i18n::Language::signal();
    view! { <p class="problem" role="alert" data-testid="problem">{move || fault.message(language.get())}</p> }
}
