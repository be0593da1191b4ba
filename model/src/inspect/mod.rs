//! Looking inside a model for the lessons: what it predicts behind each [MASK], the recorded
//! insides of one forward pass, what each attention head mostly does, how one head computed one
//! token's attention, a word's contextual vectors next to its static one, and its nearest
//! neighbours in the embedding table.

pub mod attention;
pub mod computation;
pub mod contextual;
pub mod fill;
pub mod inspection;
pub mod neighbours;

pub use attention::{HeadSummary, summarize_head};
pub use computation::{AttentionComputation, attention_computation};
pub use contextual::{
    ContextualError, ContextualVectors, Occurrence, contextual_vectors, cosine, pca_2d,
};
pub use fill::{FillError, MaskFill, Prediction, fill_mask};
pub use inspection::{EmbeddingParts, InspectError, Inspection, inspect};
pub use neighbours::{NeighbourError, Neighbours, nearest_tokens};
