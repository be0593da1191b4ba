//! Everything that can be wrong with a checkpoint, each naming the file or tensor at fault.

/// A checkpoint could not be loaded or saved. Messages are written for the person who chose
/// the files.
#[derive(Debug, Clone, thiserror::Error, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum CheckpointError {
    #[error("{file} is missing from the checkpoint")]
    MissingFile { file: String },
    #[error("{file} could not be read: {detail}")]
    Unreadable { file: String, detail: String },
    #[error("config.json is not a valid BERT config: {0}")]
    InvalidConfig(String),
    #[error(
        "model.safetensors is not a valid safetensors file (truncated or another format?): {0}"
    )]
    NotSafetensors(String),
    #[error("tensor {name} is missing from model.safetensors")]
    MissingTensor { name: String },
    #[error("tensor {name} has shape {found:?}, but the config needs {expected:?}")]
    WrongShape {
        name: String,
        expected: Vec<usize>,
        found: Vec<usize>,
    },
    #[error("tensor {name} has dtype {dtype}; only F32, F16, BF16 and F64 are supported")]
    UnsupportedDtype { name: String, dtype: String },
    #[error("tensor {name} contains NaN or infinite values")]
    NonFinite { name: String },
    #[error("vocab.txt has {found} tokens but config.json says vocab_size is {expected}")]
    VocabMismatch { expected: usize, found: usize },
    #[error("reading weights back from the device failed: {0}")]
    Readback(String),
}
