//! A Hugging Face checkpoint as its files: `config.json`, `model.safetensors`, `vocab.txt` and
//! (optional) `tokenizer_config.json`, which says how the text is normalised. Load from bytes
//! (the browser: uploads, fetches) or from a folder (the CLI), and export back.

use burn::tensor::Device;

use super::error::CheckpointError;
use super::export::Precision;
use super::{export, import};
use crate::config::BertConfig;
use crate::nn::{Bert, Heads};
use crate::tokenizer::{Normalization, Tokenizer, Vocab};

/// A loaded checkpoint.
#[derive(Debug)]
pub struct Checkpoint {
    pub config: BertConfig,
    pub model: Bert,
    /// The WordPiece vocabulary, one token per id, when `vocab.txt` was given.
    pub vocab: Option<Vec<String>>,
    /// How text is normalised for the vocabulary (`tokenizer_config.json`; uncased without it).
    pub normalization: Normalization,
}

/// The bytes of a checkpoint's files.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HfFiles {
    #[serde(with = "serde_bytes")]
    pub config_json: Vec<u8>,
    #[serde(with = "serde_bytes")]
    pub model_safetensors: Vec<u8>,
    #[serde(with = "serde_bytes")]
    pub vocab_txt: Option<Vec<u8>>,
    #[serde(with = "serde_bytes")]
    pub tokenizer_config_json: Option<Vec<u8>>,
}

impl HfFiles {
    /// The files of a checkpoint folder: `config.json` and `model.safetensors` required,
    /// `vocab.txt` and `tokenizer_config.json` when present.
    #[cfg(not(target_family = "wasm"))]
    pub fn from_dir(dir: &std::path::Path) -> Result<Self, CheckpointError> {
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
        Ok(HfFiles {
            config_json: required("config.json")?,
            model_safetensors: required("model.safetensors")?,
            vocab_txt: read("vocab.txt")?,
            tokenizer_config_json: read("tokenizer_config.json")?,
        })
    }

    /// How text is normalised: from `tokenizer_config.json`, else uncased (as the files of
    /// bert-base-uncased and of older bertlab exports say nothing).
    pub fn normalization(&self) -> Result<Normalization, CheckpointError> {
        match &self.tokenizer_config_json {
            Some(json) => Normalization::from_tokenizer_config(json).map_err(|detail| {
                CheckpointError::Unreadable {
                    file: "tokenizer_config.json".to_string(),
                    detail,
                }
            }),
            None => Ok(Normalization::UNCASED),
        }
    }

    /// The tokenizer these files describe (no model is built: the page uses it to show tokens).
    pub fn tokenizer(&self) -> Result<Tokenizer, CheckpointError> {
        let bytes = self
            .vocab_txt
            .as_deref()
            .ok_or_else(|| CheckpointError::MissingFile {
                file: "vocab.txt".to_string(),
            })?;
        let vocab =
            Vocab::new(parse_vocab(bytes)?).map_err(|error| CheckpointError::Unreadable {
                file: "vocab.txt".to_string(),
                detail: error.to_string(),
            })?;
        Ok(Tokenizer::with_normalization(vocab, self.normalization()?))
    }
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

    /// The WordPiece tokenizer of the checkpoint's `vocab.txt`, normalising as its
    /// `tokenizer_config.json` said.
    pub fn tokenizer(&self) -> Result<Tokenizer, CheckpointError> {
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
        Ok(Tokenizer::with_normalization(vocab, self.normalization))
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
            normalization: files.normalization()?,
        })
    }

    /// Loads `config.json`, `model.safetensors` and (if present) `vocab.txt` from a folder.
    #[cfg(not(target_family = "wasm"))]
    pub fn from_dir(dir: &std::path::Path, device: &Device) -> Result<Self, CheckpointError> {
        Self::from_files(&HfFiles::from_dir(dir)?, device)
    }

    /// The checkpoint as Hugging Face files (`architectures` set from the heads present).
    pub async fn to_files(&self) -> Result<HfFiles, CheckpointError> {
        self.to_files_as(Precision::F32).await
    }

    /// Like [`Checkpoint::to_files`], with the weights stored at `precision`.
    pub async fn to_files_as(&self, precision: Precision) -> Result<HfFiles, CheckpointError> {
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
            model_safetensors: export::to_safetensors(&self.model, precision).await?,
            vocab_txt: self.vocab.as_ref().map(|vocab| {
                vocab
                    .iter()
                    .flat_map(|token| format!("{token}\n").into_bytes())
                    .collect()
            }),
            tokenizer_config_json: self.vocab.as_ref().map(|_| {
                serde_json::to_vec_pretty(&self.normalization.tokenizer_config())
                    .expect("plain JSON serialises")
            }),
        })
    }

    /// Writes the files into `dir` (created if needed), the weights at `precision`.
    #[cfg(not(target_family = "wasm"))]
    pub async fn save_dir(
        &self,
        dir: &std::path::Path,
        precision: Precision,
    ) -> Result<(), CheckpointError> {
        let files = self.to_files_as(precision).await?;
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
        if let Some(config) = &files.tokenizer_config_json {
            write("tokenizer_config.json", config)?;
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
