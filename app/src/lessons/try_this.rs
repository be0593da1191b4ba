//! "Try this": a lesson's tasks, each ticked as soon as the page sees the learner has done it,
//! with what to notice shown once it is done. In presenter mode the tasks become the teacher's
//! notes — questions to ask the class — shown only when asked for (the `N` key).

use leptos::prelude::*;

use super::{COURSE, Lesson};
use crate::i18n::{bi, pick};
use crate::presenter::Presenter;
use crate::progress::Progress;

/// The lesson's tasks, with their ticks.
#[component]
pub fn TryThis(lesson: &'static Lesson) -> impl IntoView {
    let progress = Progress::get();
    let language = crate::i18n::Language::signal();
    let done = move || {
        lesson
            .tasks
            .iter()
            .filter(|t| progress.is_done(t.id))
            .count()
    };
    view! {
        <section class="panel try-this" data-testid="try-this" aria-labelledby=format!("try-{}", lesson.slug)>
            <h2 id=format!("try-{}", lesson.slug)>
                {bi("Try this", "해 보기")}
                <span class="try-count" data-testid="try-count">{move || format!(" {}/{}", done(), lesson.tasks.len())}</span>
            </h2>
            <ol class="tasks">
                {lesson.tasks.iter().map(|task| {
                    let is_done = move || progress.is_done(task.id);
                    view! {
                        <li class="task" class:done=is_done data-testid="task" data-task=task.id data-done=move || is_done().to_string()>
                            <span class="tick" aria-hidden="true">{move || if is_done() { "✓" } else { "" }}</span>
                            <span class="task-text">
                                <span class="task-ask">{move || pick(language.get(), task.ask.0, task.ask.1)}</span>
                                <span class="sr-only">{move || if is_done() { pick(language.get(), " (done)", " (완료)") } else { "" }}</span>
                                {move || is_done().then(|| view! {
                                    <span class="task-notice">{pick(language.get(), task.notice.0, task.notice.1)}</span>
                                })}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The teacher's questions for the lesson on screen, in presenter mode, toggled with `N`.
#[component]
pub fn TeacherNotes() -> impl IntoView {
    let presenter = Presenter::get();
    let language = crate::i18n::Language::signal();
    let location = leptos_router::hooks::use_location();
    let lesson = Memo::new(move |_| {
        let path = location.pathname.get();
        COURSE.iter().copied().find(|l| l.path() == path)
    });
    view! {
        <Show when=move || presenter.on.get() && presenter.notes.get() && lesson.get().is_some()>
            <aside class="teacher-notes" data-testid="teacher-notes" aria-label=move || pick(language.get(), "Teacher's notes", "교사용 메모")>
                <h2>{bi("Questions for the class", "학생들에게 물어볼 질문")}</h2>
                <ol>
                    {move || lesson.get().map(|lesson| lesson.tasks.iter().map(|task| view! {
                        <li data-testid="teacher-note">{move || pick(language.get(), task.teacher.0, task.teacher.1)}</li>
                    }).collect_view())}
                </ol>
                <p class="muted">{bi("N hides these notes.", "N을 누르면 메모가 사라집니다.")}</p>
            </aside>
        </Show>
    }
}
