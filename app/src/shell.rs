//! The frame around every page: header (name, compute badge, language switch), lesson
//! navigation, and the routes. Provides the app-wide contexts (language, runtime).

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::i18n::{Key, Language, tr};
use crate::lessons::{Lesson, LessonPage};
use crate::link::{LinkNoticeBar, LinkNotices, ModelLink};
use crate::presenter::{Presenter, PresenterControls, PresenterToggle};
use crate::runtime::Runtime;
use crate::state::{Models, Sentences};
use crate::training::Training;
use crate::widgets::{BackendBadge, LanguageSwitch, ModelPicker};

#[component]
pub fn App() -> impl IntoView {
    Language::provide();
    LinkNotices::provide();
    Presenter::provide();
    Runtime::provide();
    Models::provide();
    Sentences::provide();
    Training::provide();

    view! {
        <Router>
            <header class="app-header">
                <A href="/" attr:class="brand">
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
            <LinkNoticeBar/>
            <div class="layout">
                <LessonNav/>
                <main class="content">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Home/>
                        <Route path=path!("/tokens") view=|| view! { <LessonPage lesson=Lesson::Tokens/> }/>
                        <Route path=path!("/embeddings") view=|| view! { <LessonPage lesson=Lesson::Embeddings/> }/>
                        <Route path=path!("/attention") view=|| view! { <LessonPage lesson=Lesson::Attention/> }/>
                        <Route path=path!("/pretrain") view=|| view! { <LessonPage lesson=Lesson::Pretraining/> }/>
                        <Route path=path!("/playground") view=|| view! { <LessonPage lesson=Lesson::Playground/> }/>
                        <Route path=path!("/contextual") view=|| view! { <LessonPage lesson=Lesson::Contextual/> }/>
                        <Route path=path!("/finetune") view=|| view! { <LessonPage lesson=Lesson::Finetune/> }/>
                        <Route path=path!("/architecture") view=|| view! { <LessonPage lesson=Lesson::Architecture/> }/>
                    </Routes>
                </main>
            </div>
        </Router>
    }
}

/// The lesson list, in the order of the article the course follows.
#[component]
fn LessonNav() -> impl IntoView {
    view! {
        <nav class="lesson-nav" aria-label=tr(Key::LessonsHeading)>
            <h2 class="nav-heading">{tr(Key::LessonsHeading)}</h2>
            <ol>
                {Lesson::ALL
                    .into_iter()
                    .map(|lesson| {
                        view! {
                            <li>
                                <A href=lesson.path() attr:data-testid=format!("nav-{}", lesson.slug())>
                                    {tr(lesson.title())}
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

/// The landing page: what bertlab is and where to start.
#[component]
fn Home() -> impl IntoView {
    view! {
        <section class="home" data-testid="home">
            <h1>{tr(Key::HomeTitle)}</h1>
            <p class="lead">{tr(Key::HomeLead)}</p>
            <ul class="lesson-cards">
                {Lesson::ALL
                    .into_iter()
                    .map(|lesson| {
                        view! {
                            <li class="lesson-card">
                                <A href=lesson.path()>
                                    <h2>{tr(lesson.title())}</h2>
                                    <p>{tr(lesson.teaches())}</p>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="not-found" data-testid="not-found">
            <h1>{tr(Key::NotFoundTitle)}</h1>
            <p>{tr(Key::NotFoundBody)}</p>
            <A href="/">{tr(Key::BackHome)}</A>
        </section>
    }
}
