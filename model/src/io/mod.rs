//! Checkpoints in and out. Hugging Face's files (`config.json`, `model.safetensors`,
//! `vocab.txt`) are the external contract; names are mapped structurally by [`weights`].

pub mod error;
pub mod export;
pub mod hf;
pub mod import;
pub mod weights;

pub use error::CheckpointError;
pub use hf::{Checkpoint, HfFiles};
