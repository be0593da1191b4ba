//! A Hugging Face checkpoint as three files: `config.json`, `model.safetensors`, `vocab.txt`.
//! Load from bytes (the browser: uploads, fetches) or from a folder (the CLI), and export back.

use burn::tensor::Device;

use super::error::CheckpointError;
use super::{export, import};
use crate::config::BertConfig;
use crate::nn::{Bert, Heads};
use crate::tokenizer::{Tokenizer, Vocab};

/// A loaded checkpoint.
#[derive(Debug)]
pub struct Checkpoint {
    pub config: BertConfig,
    pub model: Bert,
    /// The WordPiece vocabulary, one token per id, when `vocab.txt` was given.
    pub vocab: Option<Vec<String>>,
}

/// The bytes of a checkpoint's files.
#[derive(Debug, Clone)]
pub struct HfFiles {
    pub config_json: Vec<u8>,
    pub model_safetensors: Vec<u8>,
    pub vocab_txt: Option<Vec<u8>>,
}

impl Checkpoint {
    /// Heads the checkpoint did not contain, by their Hugging Face names (for the UI to say
    /// what cannot be shown, e.g. "cls.predictions (MLM)" for a plain `BertModel`).
    pub fn absent_heads(&self) -> Vec<&'static str> {
        let Heads {
            pooler, mlm, nsp, ..
        } = self.model.heads();
        [
            (!pooler).then_some("bert.pooler"),
            (!mlm).then_some("cls.predictions (masked-word prediction)"),
            (!nsp).then_some("cls.seq_relationship (next-sentence prediction)"),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// The WordPiece tokenizer of the checkpoint's `vocab.txt` (lower-casing when `uncased`, as
    /// the `-uncased` models do).
    pub fn tokenizer(&self, uncased: bool) -> Result<Tokenizer, CheckpointError> {
        let tokens = self
            .vocab
            .clone()
            .ok_or_else(|| CheckpointError::MissingFile {
                file: "vocab.txt".to_string(),
            })?;
        let vocab = Vocab::new(tokens).map_err(|error| CheckpointError::Unreadable {
            file: "vocab.txt".to_string(),
            detail: error.to_string(),
        })?;
        Ok(Tokenizer::new(vocab, uncased))
    }

    /// Loads from the files' bytes onto `device`.
    pub fn from_files(files: &HfFiles, device: &Device) -> Result<Self, CheckpointError> {
        let config: BertConfig = serde_json::from_slice(&files.config_json)
            .map_err(|error| CheckpointError::InvalidConfig(error.to_string()))?;
        config.validate().map_err(CheckpointError::InvalidConfig)?;
        let vocab = files.vocab_txt.as_deref().map(parse_vocab).transpose()?;
        if let Some(vocab) = &vocab
            && vocab.len() > config.vocab_size
        {
            return Err(CheckpointError::VocabMismatch {
                expected: config.vocab_size,
                found: vocab.len(),
            });
        }
        let tensors = import::parse(&files.model_safetensors)?;
        let model = import::load(&config, &tensors, device)?;
        Ok(Self {
            config,
            model,
            vocab,
        })
    }

    /// Loads `config.json`, `model.safetensors` and (if present) `vocab.txt` from a folder.
    #[cfg(not(target_family = "wasm"))]
    pub fn from_dir(dir: &std::path::Path, device: &Device) -> Result<Self, CheckpointError> {
        let read = |file: &str| -> Result<Option<Vec<u8>>, CheckpointError> {
            match std::fs::read(dir.join(file)) {
                Ok(bytes) => Ok(Some(bytes)),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(error) => Err(CheckpointError::Unreadable {
                    file: file.to_string(),
                    detail: error.to_string(),
                }),
            }
        };
        let required = |file: &str| {
            read(file)?.ok_or_else(|| CheckpointError::MissingFile {
                file: file.to_string(),
            })
        };
        let files = HfFiles {
            config_json: required("config.json")?,
            model_safetensors: required("model.safetensors")?,
            vocab_txt: read("vocab.txt")?,
        };
        Self::from_files(&files, device)
    }

    /// The checkpoint as Hugging Face files (`architectures` set from the heads present).
    pub async fn to_files(&self) -> Result<HfFiles, CheckpointError> {
        let heads = self.model.heads();
        let architecture = match heads {
            Heads {
                classifier: Some(_),
                ..
            } => "BertForSequenceClassification",
            Heads {
                mlm: true,
                nsp: true,
                ..
            } => "BertForPreTraining",
            Heads { mlm: true, .. } => "BertForMaskedLM",
            _ => "BertModel",
        };
        let config = BertConfig {
            architectures: Some(vec![architecture.to_string()]),
            ..self.config.clone()
        };
        let config_json = serde_json::to_vec_pretty(&config)
            .map_err(|error| CheckpointError::InvalidConfig(error.to_string()))?;
        Ok(HfFiles {
            config_json,
            model_safetensors: export::to_safetensors(&self.model).await?,
            vocab_txt: self.vocab.as_ref().map(|vocab| {
                vocab
                    .iter()
                    .flat_map(|token| format!("{token}\n").into_bytes())
                    .collect()
            }),
        })
    }

    /// Writes the files into `dir` (created if needed).
    #[cfg(not(target_family = "wasm"))]
    pub async fn save_dir(&self, dir: &std::path::Path) -> Result<(), CheckpointError> {
        let files = self.to_files().await?;
        let write = |file: &str, bytes: &[u8]| {
            std::fs::create_dir_all(dir)
                .and_then(|()| std::fs::write(dir.join(file), bytes))
                .map_err(|error| CheckpointError::Unreadable {
                    file: file.to_string(),
                    detail: error.to_string(),
                })
        };
        write("config.json", &files.config_json)?;
        write("model.safetensors", &files.model_safetensors)?;
        if let Some(vocab) = &files.vocab_txt {
            write("vocab.txt", vocab)?;
        }
        Ok(())
    }
}

/// `vocab.txt`: one token per line, the line number is the id.
fn parse_vocab(bytes: &[u8]) -> Result<Vec<String>, CheckpointError> {
    let text = std::str::from_utf8(bytes).map_err(|error| CheckpointError::Unreadable {
        file: "vocab.txt".to_string(),
        detail: format!("not UTF-8 text ({error})"),
    })?;
    Ok(text
        .lines()
        .map(|line| line.trim_end_matches('\r').to_string())
        .collect())
}
