//! Presenter mode for a projector: large type, high contrast, side text hidden; `P` toggles it,
//! `←`/`→` walk through the current lesson's steps (its title, inputs and panels, top to bottom)
//! and on to the previous or next lesson, with a visible step indicator.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use wasm_bindgen::JsCast;

use crate::i18n::{Language, bi, pick};
use crate::lessons::COURSE;

/// The parts of a lesson page that count as steps: everything in the lesson but the side text.
const STEP_SELECTOR: &str = "article.lesson > :not(.explain):not(.try-this)";

#[derive(Clone, Copy)]
pub struct Presenter {
    pub on: RwSignal<bool>,
    /// Whether the teacher's notes are shown (`N`).
    pub notes: RwSignal<bool>,
    /// The step shown; `usize::MAX` means the last one (after stepping back into a lesson).
    step: RwSignal<usize>,
    /// How many steps the page had when last counted.
    steps: RwSignal<usize>,
}

impl Presenter {
    pub fn provide() {
        provide_context(Presenter {
            on: RwSignal::new(false),
            notes: RwSignal::new(false),
            step: RwSignal::new(0),
            steps: RwSignal::new(0),
        });
    }

    pub fn get() -> Presenter {
        expect_context::<Presenter>()
    }

    pub fn toggle(self) {
        self.on.update(|on| *on = !*on);
        self.step.set(0);
        self.show();
    }

    /// Marks the current step and scrolls it into view.
    fn show(self) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(found) = document.query_selector_all(STEP_SELECTOR) else {
            return;
        };
        let count = found.length() as usize;
        self.steps.set(count);
        let current = self.step.get_untracked().min(count.saturating_sub(1));
        self.step.set(current);
        let presenting = self.on.get_untracked();
        for index in 0..count {
            let Some(element) = found
                .item(index as u32)
                .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let is_current = presenting && index == current;
            let _ = element
                .class_list()
                .toggle_with_force("current-step", is_current);
            if is_current {
                element.scroll_into_view_with_bool(true);
            }
        }
    }
}

/// The keys, the body class and the step indicator. Lives inside the router.
#[component]
pub fn PresenterControls() -> impl IntoView {
    let presenter = Presenter::get();
    let language = Language::signal();
    let location = use_location();
    let navigate = use_navigate();
    let lesson = Memo::new(move |_| {
        let path = location.pathname.get();
        COURSE.iter().position(|l| l.path() == path)
    });

    Effect::new(move |_| {
        let on = presenter.on.get();
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.class_list().toggle_with_force("presenter", on);
        }
    });
    // A new page: count its steps once it has drawn (and again as its panels arrive).
    Effect::new(move |_| {
        location.pathname.track();
        leptos::task::spawn_local(async move {
            for _ in 0..3 {
                crate::global::sleep_ms(300).await;
                presenter.show();
            }
        });
    });

    let go = move |forward: bool| {
        presenter.show();
        let step = presenter.step.get_untracked();
        let steps = presenter.steps.get_untracked();
        let here = lesson.get_untracked();
        if forward && step + 1 < steps {
            presenter.step.set(step + 1);
            presenter.show();
        } else if !forward && step > 0 && here.is_some() {
            presenter.step.set(step - 1);
            presenter.show();
        } else {
            let next = match (here, forward) {
                (None, true) => Some(0),
                (None, false) => None,
                (Some(at), true) => (at + 1 < COURSE.len()).then_some(at + 1),
                (Some(at), false) => at.checked_sub(1),
            };
            if let Some(next) = next {
                presenter.step.set(if forward { 0 } else { usize::MAX });
                navigate(&COURSE[next].path(), Default::default());
            }
        }
    };
    let _keys = window_event_listener(leptos::ev::keydown, move |event| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() || typing(&event) {
            return;
        }
        match event.key().as_str() {
            "p" | "P" => presenter.toggle(),
            "n" | "N" if presenter.on.get_untracked() => presenter.notes.update(|n| *n = !*n),
            "ArrowRight" if presenter.on.get_untracked() => {
                event.prevent_default();
                go(true);
            }
            "ArrowLeft" if presenter.on.get_untracked() => {
                event.prevent_default();
                go(false);
            }
            _ => {}
        }
    });

    view! {
        <Show when=move || presenter.on.get()>
            <div class="presenter-bar" role="status" data-testid="presenter-step"
                data-lesson=move || lesson.get().map_or(0, |l| l + 1)
                data-step=move || presenter.step.get().min(presenter.steps.get().saturating_sub(1)) + 1
                data-steps=move || presenter.steps.get()>
                {move || match lesson.get() {
                    Some(at) => format!(
                        "{} {}/{} · {} · {} {}/{}",
                        pick(language.get(), "Lesson", "강의"),
                        at + 1,
                        COURSE.len(),
                        pick(language.get(), COURSE[at].title.0, COURSE[at].title.1),
                        pick(language.get(), "step", "단계"),
                        presenter.step.get().min(presenter.steps.get().saturating_sub(1)) + 1,
                        presenter.steps.get().max(1),
                    ),
                    None => pick(language.get(), "Press → to start the first lesson", "→를 누르면 첫 강의가 시작됩니다").to_string(),
                }}
                <span class="presenter-keys">{bi("← → steps · N teacher's notes · P leaves presenter mode", "← → 단계 · N 교사용 메모 · P 발표 모드 끝")}</span>
            </div>
        </Show>
    }
}

/// The header's toggle.
#[component]
pub fn PresenterToggle() -> impl IntoView {
    let presenter = Presenter::get();
    view! {
        <button type="button" class="presenter-toggle" data-testid="presenter-toggle"
            aria-pressed=move || presenter.on.get().to_string()
            title=bi("Presenter mode (P)", "발표 모드 (P)")
            on:click=move |_| presenter.toggle()>
            {bi("Present", "발표")}
        </button>
    }
}

/// Keys typed into a text field are text, not commands.
fn typing(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| {
            matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || element.has_attribute("contenteditable")
        })
}
