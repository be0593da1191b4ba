//! The whole training state in one file — weights, AdamW moments, step, schedule, data sampler,
//! vocabulary — for IndexedDB and downloads. A run resumed from it continues exactly as the
//! uninterrupted run would have. Format: safetensors (weights under their Hugging Face names,
//! moments under `optimizer.m.*` / `optimizer.v.*`) with JSON in the header's metadata.

use std::collections::HashMap;

use burn::tensor::{Device, Tensor, TensorData};

use super::adamw::Moments;
use super::trainer::{TrainConfig, Trainer};
use crate::config::BertConfig;
use crate::data::Rng;
use crate::io::CheckpointError;
use crate::io::export::{named_weights, serialize};
use crate::io::import;
use crate::tokenizer::Vocab;

const CONFIG: &str = "bertlab.config";
const TRAIN: &str = "bertlab.train";
const STEP: &str = "bertlab.step";
const RNG: &str = "bertlab.rng";
const VOCAB: &str = "bertlab.vocab";

/// Serialises `trainer` (and the vocabulary it trains with), plus `extra` metadata entries
/// (e.g. a session's settings and corpus) that [`load`] hands back.
pub async fn save(
    trainer: &Trainer,
    vocab: &Vocab,
    extra: HashMap<String, String>,
) -> Result<Vec<u8>, CheckpointError> {
    let mut metadata = extra;
    metadata.extend([
        (CONFIG.to_string(), json(&trainer.config)),
        (TRAIN.to_string(), json(&trainer.train)),
        (STEP.to_string(), trainer.moments.step.to_string()),
        (RNG.to_string(), trainer.rng.state().to_string()),
        (VOCAB.to_string(), json(&vocab.tokens().to_vec())),
    ]);
    let mut tensors = named_weights(&trainer.model);
    for (name, (m, v)) in &trainer.moments.by_name {
        let len = m.dims()[0];
        tensors.push((format!("optimizer.m.{name}"), vec![len], m.clone()));
        tensors.push((format!("optimizer.v.{name}"), vec![len], v.clone()));
    }
    serialize(tensors, metadata).await
}

/// A restored training state: the trainer (autodiff on), its vocabulary and every metadata
/// entry of the file (the ones [`save`] was given among them).
pub struct Loaded {
    pub trainer: Trainer,
    pub vocab: Vocab,
    pub metadata: HashMap<String, String>,
}

/// Restores a trainer (on `device`, autodiff switched on) and its vocabulary.
pub fn load(bytes: &[u8], device: &Device) -> Result<Loaded, CheckpointError> {
    let (_, header) = safetensors::SafeTensors::read_metadata(bytes)
        .map_err(|error| CheckpointError::NotSafetensors(error.to_string()))?;
    let metadata = header.metadata().clone().unwrap_or_default();
    let field = |key: &str| {
        metadata.get(key).ok_or_else(|| {
            CheckpointError::InvalidConfig(format!("not a bertlab training checkpoint (no {key})"))
        })
    };
    let parse_error = |key: &str, error: &dyn std::fmt::Display| {
        CheckpointError::InvalidConfig(format!("{key}: {error}"))
    };
    let config: BertConfig =
        serde_json::from_str(field(CONFIG)?).map_err(|e| parse_error(CONFIG, &e))?;
    config.validate().map_err(CheckpointError::InvalidConfig)?;
    let train: TrainConfig =
        serde_json::from_str(field(TRAIN)?).map_err(|e| parse_error(TRAIN, &e))?;
    let step: usize = field(STEP)?.parse().map_err(|e| parse_error(STEP, &e))?;
    let rng: u64 = field(RNG)?.parse().map_err(|e| parse_error(RNG, &e))?;
    let tokens: Vec<String> =
        serde_json::from_str(field(VOCAB)?).map_err(|e| parse_error(VOCAB, &e))?;
    let vocab =
        Vocab::new(tokens).map_err(|error| CheckpointError::InvalidConfig(error.to_string()))?;

    let device = device.clone().autodiff();
    let tensors = import::parse(bytes)?;
    let model = import::load(&config, &tensors, &device)?;
    let mut moments = Moments {
        step,
        by_name: Default::default(),
    };
    for name in tensors.names() {
        let Some(param) = name.strip_prefix("optimizer.m.") else {
            continue;
        };
        let read = |key: String| -> Result<Tensor<1>, CheckpointError> {
            let len = tensors
                .tensor(&key)
                .map_err(|_| CheckpointError::MissingTensor { name: key.clone() })?
                .shape()
                .iter()
                .product::<usize>();
            let values = import::read(&tensors, &key, &[len])?;
            Ok(Tensor::from_data(
                TensorData::new(values, [len]),
                &device.clone().inner(),
            ))
        };
        moments.by_name.insert(
            param.to_string(),
            (
                read(name.to_string())?,
                read(format!("optimizer.v.{param}"))?,
            ),
        );
    }
    Ok(Loaded {
        trainer: Trainer::resume(model, config, train, moments, Rng::new(rng), &device),
        vocab,
        metadata,
    })
}

/// The metadata values are plain data, which always serialise.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serialises")
}
