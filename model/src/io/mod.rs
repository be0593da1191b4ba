//! Checkpoints in and out. Hugging Face's files (`config.json`, `model.safetensors`,
//! `vocab.txt`) are the external contract; names are mapped structurally by the modules
//! themselves ([`crate::nn::weights`]).

pub mod error;
pub mod export;
pub mod hf;
pub mod import;

pub use error::CheckpointError;
pub use hf::{Checkpoint, HfFiles};
