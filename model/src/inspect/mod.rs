//! Looking inside a model for the lessons: what it predicts behind each [MASK].

pub mod fill;

pub use fill::{FillError, MaskFill, Prediction, fill_mask};
