//! The course: one table of lessons ([`COURSE`]), in the order of the article it follows, each
//! lesson one file that defines its own entry (slug, titles, what it teaches, its "try this"
//! tasks and its page). A new lesson is a new file and one line in [`COURSE`].

mod architecture;
mod attention;
mod contextual;
mod embeddings;
mod finetune;
mod frame;
mod inspect;
mod playground;
mod pretrain;
mod shared;
mod tokens;
mod try_this;
mod why;

use leptos::prelude::*;

pub use try_this::TeacherNotes;

/// Text in English and Korean.
pub type Bilingual = (&'static str, &'static str);

/// A "try this" task: what to do, what to notice once done, and the question a teacher asks
/// the class about it (presenter mode's notes). The lesson's page recognises when it is done.
pub struct Task {
    /// Stable id (`lesson.task`), kept in the learner's progress.
    pub id: &'static str,
    pub ask: Bilingual,
    pub notice: Bilingual,
    pub teacher: Bilingual,
}

/// One lesson of the course.
pub struct Lesson {
    /// The route segment, also used in test ids and progress.
    pub slug: &'static str,
    pub title: Bilingual,
    /// One or two sentences on what the lesson teaches (the course map shows them).
    pub teaches: Bilingual,
    pub tasks: &'static [Task],
    pub page: fn() -> AnyView,
}

/// The course, in the order of the article (`shared/reference/`): why pre-train, why one vector
/// per word is not enough, BERT's shape, its input, attention, pre-training, fine-tuning.
pub static COURSE: [&Lesson; 9] = [
    &why::LESSON,
    &contextual::LESSON,
    &architecture::LESSON,
    &tokens::LESSON,
    &embeddings::LESSON,
    &attention::LESSON,
    &pretrain::LESSON,
    &playground::LESSON,
    &finetune::LESSON,
];

/// Lessons are the same lesson when their slugs are.
impl PartialEq for Lesson {
    fn eq(&self, other: &Self) -> bool {
        self.slug == other.slug
    }
}

impl Lesson {
    /// The lesson's address path, under the folder the site is served from.
    pub fn path(&self) -> String {
        format!("{}{}", crate::global::site_path(), self.slug)
    }

    /// The lesson at `/slug`.
    pub fn find(slug: &str) -> Option<&'static Lesson> {
        COURSE.iter().copied().find(|lesson| lesson.slug == slug)
    }
}

/// The page at `/:lesson`, or the not-found page for an unknown slug.
#[component]
pub fn LessonRoute(not_found: fn() -> AnyView) -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    move || match params
        .with(|p| p.get("lesson"))
        .as_deref()
        .and_then(Lesson::find)
    {
        Some(lesson) => (lesson.page)(),
        None => not_found(),
    }
}
