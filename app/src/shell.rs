//! The frame around every page: header (name, compute badge, language switch), lesson
//! navigation, and the routes. Provides the app-wide contexts (language, runtime).

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::compute::{Compute, StartReason};
use crate::finetuning::FineTuning;
use crate::i18n::{Key, Language, bi, pick, tr};
use crate::lessons::{COURSE, LessonRoute, TeacherNotes};
use crate::link::{LinkNoticeBar, LinkNotices};
use crate::presenter::{Presenter, PresenterControls, PresenterToggle};
use crate::progress::Progress;
use crate::runtime::Runtime;
use crate::state::{ModelLink, Models, Sentences};
use crate::training::Training;
use crate::widgets::{BackendBadge, LanguageSwitch, ModelPicker};

#[component]
pub fn App() -> impl IntoView {
    Language::provide();
    LinkNotices::provide();
    Presenter::provide();
    Progress::provide();
    let compute = Compute::provide();
    Runtime::provide(compute);
    Models::provide(compute);
    Sentences::provide();
    Training::provide(compute);
    FineTuning::provide(compute);
    // Once every context that puts something back into a new worker has said so.
    compute.start(StartReason::First);

    view! {
        <Router base=router_base()>
            <header class="app-header">
                <A href=crate::global::site_path() attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"B"</span>
                    <span class="brand-name">{tr(Key::ProductName)}</span>
                </A>
                <span class="tagline">{tr(Key::Tagline)}</span>
                <div class="header-tools">
                    <ModelPicker/>
                    <BackendBadge/>
                    <PresenterToggle/>
                    <LanguageSwitch/>
                </div>
            </header>
            <ModelLink/>
            <PresenterControls/>
            <TeacherNotes/>
            <LinkNoticeBar/>
            <div class="layout">
                <LessonNav/>
                <main class="content">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Home/>
                        <Route path=path!("/:lesson") view=|| view! { <LessonRoute not_found=|| view! { <NotFound/> }.into_any()/> }/>
                    </Routes>
                </main>
            </div>
        </Router>
    }
}

/// The router's base: the folder the site is served from, without its last `/` (empty at a
/// host's root), so that `/bertlab/tokens` is the route `/tokens`.
fn router_base() -> String {
    crate::global::site_path().trim_end_matches('/').to_string()
}

/// The lesson list, in the order of the article the course follows, with each lesson's ticks.
#[component]
fn LessonNav() -> impl IntoView {
    let progress = Progress::get();
    view! {
        <nav class="lesson-nav" aria-label=tr(Key::LessonsHeading)>
            <h2 class="nav-heading">{tr(Key::LessonsHeading)}</h2>
            <ol>
                {COURSE.iter().map(|lesson| {
                    let complete = move || lesson.tasks.iter().all(|t| progress.is_done(t.id));
                    view! {
                        <li>
                            <A href=lesson.path() attr:data-testid=format!("nav-{}", lesson.slug)>
                                {bi(lesson.title.0, lesson.title.1)}
                                <span class="nav-done" aria-hidden="true">{move || if complete() { " ✓" } else { "" }}</span>
                            </A>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

/// The landing page: what bertlab is, and the course map with the learner's progress.
#[component]
fn Home() -> impl IntoView {
    let progress = Progress::get();
    let language = Language::signal();
    let total: usize = COURSE.iter().map(|l| l.tasks.len()).sum();
    let done = move || {
        COURSE
            .iter()
            .flat_map(|l| l.tasks)
            .filter(|t| progress.is_done(t.id))
            .count()
    };
    view! {
        <section class="home" data-testid="home">
            <h1>{tr(Key::HomeTitle)}</h1>
            <p class="lead">{tr(Key::HomeLead)}</p>
            <div class="course-progress" data-testid="course-progress" data-done=move || done().to_string() data-total=total.to_string()>
                <span>{move || match language.get() {
                    Language::English => format!("Your progress: {} of {total} tasks", done()),
                    Language::Korean => format!("진행: 과제 {total}개 중 {}개", done()),
                }}</span>
                <span class="bar"><span style=move || format!("width: {:.1}%", 100.0 * done() as f64 / total.max(1) as f64)></span></span>
                <button type="button" class="link-button" on:click=move |_| progress.reset()>{bi("start again", "처음부터")}</button>
            </div>
            <ol class="lesson-cards" data-testid="course-map">
                {COURSE.iter().enumerate().map(|(at, lesson)| {
                    let ticked = move || lesson.tasks.iter().filter(|t| progress.is_done(t.id)).count();
                    view! {
                        <li class="lesson-card" data-testid="course-lesson" data-lesson=lesson.slug data-done=move || ticked().to_string()>
                            <A href=lesson.path()>
                                <h2><span class="lesson-number">{at + 1}". "</span>{bi(lesson.title.0, lesson.title.1)}</h2>
                                <p>{bi(lesson.teaches.0, lesson.teaches.1)}</p>
                                <p class="card-ticks">
                                    {lesson.tasks.iter().map(|t| view! {
                                        <span class="card-tick" class:done=move || progress.is_done(t.id)>{move || if progress.is_done(t.id) { "✓" } else { "○" }}</span>
                                    }).collect_view()}
                                    <span class="muted">{move || format!(" {}/{} {}", ticked(), lesson.tasks.len(), pick(language.get(), "tasks", "과제"))}</span>
                                </p>
                            </A>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="not-found" data-testid="not-found">
            <h1>{tr(Key::NotFoundTitle)}</h1>
            <p>{tr(Key::NotFoundBody)}</p>
            <A href=crate::global::site_path()>{tr(Key::BackHome)}</A>
        </section>
    }
}
