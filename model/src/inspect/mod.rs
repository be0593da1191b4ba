//! Looking inside a model for the lessons: what it predicts behind each [MASK], the recorded
//! insides of one forward pass, what each attention head mostly does, and a word's contextual
//! vectors next to its static one.

pub mod attention;
pub mod contextual;
pub mod fill;
pub mod inspection;

pub use attention::{HeadSummary, summarize_head};
pub use contextual::{
    ContextualError, ContextualVectors, Occurrence, contextual_vectors, cosine, pca_2d,
};
pub use fill::{FillError, MaskFill, Prediction, fill_mask};
pub use inspection::{EmbeddingParts, InspectError, Inspection, inspect};
