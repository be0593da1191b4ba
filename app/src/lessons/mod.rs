//! The lessons: their routes, titles, what each teaches, and their pages (one file each).

mod architecture;
mod attention;
mod contextual;
mod embeddings;
mod finetune;
mod frame;
mod inspect;
mod playground;
mod pretrain;
mod tokens;

use leptos::prelude::*;

use crate::i18n::Key;

/// One lesson page of the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lesson {
    Tokens,
    Embeddings,
    Attention,
    Pretraining,
    Playground,
    Contextual,
    Finetune,
    Architecture,
}

impl Lesson {
    /// In the order of the article the lessons follow (`shared/reference/`): why one vector per
    /// word is not enough, BERT's shape, its input, attention, pre-training, fine-tuning.
    pub const ALL: [Lesson; 8] = [
        Lesson::Contextual,
        Lesson::Architecture,
        Lesson::Tokens,
        Lesson::Embeddings,
        Lesson::Attention,
        Lesson::Pretraining,
        Lesson::Playground,
        Lesson::Finetune,
    ];

    /// The route segment, also used in test ids.
    pub fn slug(self) -> &'static str {
        match self {
            Lesson::Tokens => "tokens",
            Lesson::Embeddings => "embeddings",
            Lesson::Attention => "attention",
            Lesson::Pretraining => "pretrain",
            Lesson::Playground => "playground",
            Lesson::Contextual => "contextual",
            Lesson::Finetune => "finetune",
            Lesson::Architecture => "architecture",
        }
    }

    pub fn path(self) -> String {
        format!("/{}", self.slug())
    }

    pub fn title(self) -> Key {
        match self {
            Lesson::Tokens => Key::LessonTokens,
            Lesson::Embeddings => Key::LessonEmbeddings,
            Lesson::Attention => Key::LessonAttention,
            Lesson::Pretraining => Key::LessonPretraining,
            Lesson::Playground => Key::LessonPlayground,
            Lesson::Contextual => Key::LessonContextual,
            Lesson::Finetune => Key::LessonFinetune,
            Lesson::Architecture => Key::LessonArchitecture,
        }
    }

    /// One or two sentences on what the lesson teaches.
    pub fn teaches(self) -> Key {
        match self {
            Lesson::Tokens => Key::TeachesTokens,
            Lesson::Embeddings => Key::TeachesEmbeddings,
            Lesson::Attention => Key::TeachesAttention,
            Lesson::Pretraining => Key::TeachesPretraining,
            Lesson::Playground => Key::TeachesPlayground,
            Lesson::Contextual => Key::TeachesContextual,
            Lesson::Finetune => Key::TeachesFinetune,
            Lesson::Architecture => Key::TeachesArchitecture,
        }
    }
}

/// The page for `lesson`.
#[component]
pub fn LessonPage(lesson: Lesson) -> impl IntoView {
    match lesson {
        Lesson::Tokens => view! { <tokens::TokensLesson/> }.into_any(),
        Lesson::Embeddings => view! { <embeddings::EmbeddingsLesson/> }.into_any(),
        Lesson::Attention => view! { <attention::AttentionLesson/> }.into_any(),
        Lesson::Playground => view! { <playground::PlaygroundLesson/> }.into_any(),
        Lesson::Architecture => view! { <architecture::ArchitectureLesson/> }.into_any(),
        Lesson::Pretraining => view! { <pretrain::PretrainLesson/> }.into_any(),
        Lesson::Contextual => view! { <contextual::ContextualLesson/> }.into_any(),
        Lesson::Finetune => view! { <finetune::FinetuneLesson/> }.into_any(),
    }
}
