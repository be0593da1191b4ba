//! The honest placeholder for a lesson that has not been built: its title, what it will teach,
//! and a plain statement that it is not available yet.

use leptos::prelude::*;

use super::Lesson;
use crate::i18n::{Key, tr};

#[component]
pub fn ComingSoon(lesson: Lesson) -> impl IntoView {
    view! {
        <article class="lesson coming-soon" data-testid="lesson" data-lesson=lesson.slug() data-available="false">
            <h1>{tr(lesson.title())}</h1>
            <p class="status-pill" data-testid="not-available">{tr(Key::ComingSoon)}</p>
            <h2>{tr(Key::WillTeach)}</h2>
            <p class="teaches">{tr(lesson.teaches())}</p>
            <p class="muted">{tr(Key::ComingSoonBody)}</p>
        </article>
    }
}
