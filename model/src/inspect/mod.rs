//! Looking inside a model for the lessons: what it predicts behind each [MASK], the recorded
//! insides of one forward pass, and what each attention head mostly does.

pub mod attention;
pub mod fill;
pub mod inspection;

pub use attention::{HeadSummary, summarize_head};
pub use fill::{FillError, MaskFill, Prediction, fill_mask};
pub use inspection::{EmbeddingParts, InspectError, Inspection, inspect};
