//! Reads Hugging Face safetensors weights into a [`Bert`], by the names its modules declare.
//! Accepts what real checkpoints contain: with or without the `bert.` prefix, legacy
//! `LayerNorm.gamma/beta`, a `position_ids` buffer, a stored (tied) decoder matrix, and the
//! MLM bias as `cls.predictions.bias` or `cls.predictions.decoder.bias`.

use burn::module::Param;
use burn::tensor::{Device, Tensor, TensorData};
use half::{bf16, f16};
use safetensors::{Dtype, SafeTensors};

use super::error::CheckpointError;
use crate::config::BertConfig;
use crate::nn::weights::WeightVisitor;
use crate::nn::{Bert, Heads};

/// Parses the safetensors container (header only; tensors are read on demand).
pub fn parse(bytes: &[u8]) -> Result<SafeTensors<'_>, CheckpointError> {
    SafeTensors::deserialize(bytes)
        .map_err(|error| CheckpointError::NotSafetensors(error.to_string()))
}

/// Which heads the checkpoint holds, judged by the tensors present.
pub fn heads_present(tensors: &SafeTensors) -> Result<Heads, CheckpointError> {
    let has = |name: &str| {
        candidates(name)
            .iter()
            .any(|candidate| tensors.tensor(candidate).is_ok())
    };
    let classifier = match tensors.tensor("classifier.weight") {
        Ok(view) => Some(view.shape().first().copied().unwrap_or(0)),
        Err(_) => None,
    };
    Ok(Heads {
        pooler: has("bert.pooler.dense.weight"),
        mlm: has("cls.predictions.transform.dense.weight"),
        nsp: has("cls.seq_relationship.weight"),
        classifier,
    })
}

/// Builds a model of `config` with the heads the checkpoint has and loads every weight.
pub fn load(
    config: &BertConfig,
    tensors: &SafeTensors,
    device: &Device,
) -> Result<Bert, CheckpointError> {
    check_declared_size(config, tensors)?;
    let heads = heads_present(tensors)?;
    let mut model = Bert::unfilled(config, heads, device);
    let mut importer = Importer {
        tensors,
        device,
        first_error: None,
    };
    model.visit_weights(&mut importer);
    if let Some(error) = importer.first_error {
        return Err(error);
    }
    // A stored decoder matrix must be the tied word-embedding matrix's shape, or the
    // checkpoint belongs to another model.
    if let Some(name) = candidates("cls.predictions.decoder.weight")
        .into_iter()
        .find(|name| tensors.tensor(name).is_ok())
    {
        read(tensors, &name, &[config.vocab_size, config.hidden_size])?;
    }
    Ok(model)
}

/// The configuration against the file before anything is allocated: the embeddings and encoder
/// it describes must fit in the bytes the file holds (at 16 bits a weight, the smallest dtype
/// read), so a stranger's `"vocab_size": 99999999999` is refused here, not by the allocator.
fn check_declared_size(config: &BertConfig, tensors: &SafeTensors) -> Result<(), CheckpointError> {
    let [vocab, positions, types, hidden, inner, layers] = [
        config.vocab_size,
        config.max_position_embeddings,
        config.type_vocab_size,
        config.hidden_size,
        config.intermediate_size,
        config.num_hidden_layers,
    ]
    .map(|n| n as u128);
    let linear = |inputs: u128, outputs: u128| inputs * outputs + outputs;
    let per_layer = 4 * linear(hidden, hidden) + linear(hidden, inner) + linear(inner, hidden);
    let weights = (vocab + positions + types) * hidden + layers * per_layer;
    let held: u128 = tensors
        .tensors()
        .iter()
        .map(|(_, view)| view.data().len() as u128)
        .sum();
    if weights * 2 > held {
        return Err(CheckpointError::InvalidConfig(format!(
            "it describes {weights} weights (vocab_size {vocab}, hidden_size {hidden}, {layers} layers), but model.safetensors holds only {held} bytes of tensors"
        )));
    }
    Ok(())
}

struct Importer<'a> {
    tensors: &'a SafeTensors<'a>,
    device: &'a Device,
    first_error: Option<CheckpointError>,
}

impl Importer<'_> {
    /// Reads `name` with the shape the model expects (PyTorch layout).
    fn fetch(&mut self, name: &str, expected: &[usize]) -> Option<Vec<f32>> {
        if self.first_error.is_some() {
            return None;
        }
        let found = candidates(name)
            .into_iter()
            .find(|candidate| self.tensors.tensor(candidate).is_ok());
        let result = match found {
            Some(found) => read(self.tensors, &found, expected),
            None => Err(CheckpointError::MissingTensor {
                name: name.to_string(),
            }),
        };
        result.map_err(|error| self.first_error = Some(error)).ok()
    }
}

impl WeightVisitor for Importer<'_> {
    fn matrix(&mut self, name: &str, param: &mut Param<Tensor<2>>, transposed: bool) {
        // `lazy_shape`, not `val()`: reading the value would draw the random weights this replaces.
        let [rows, cols] = param.lazy_shape().dims();
        let expected = if transposed {
            [cols, rows]
        } else {
            [rows, cols]
        };
        if let Some(values) = self.fetch(name, &expected) {
            // Transposed here on the host, so the device holds burn's own contiguous layout
            // (a strided view would make matmuls take other paths, and round differently).
            let values = if transposed {
                let [out_features, in_features] = expected;
                let mut swapped = vec![0.0; values.len()];
                for (index, value) in values.into_iter().enumerate() {
                    let (row, col) = (index / in_features, index % in_features);
                    swapped[col * out_features + row] = value;
                }
                swapped
            } else {
                values
            };
            let tensor = Tensor::<2>::from_data(TensorData::new(values, [rows, cols]), self.device);
            *param = Param::from_tensor(tensor);
        }
    }

    fn vector(&mut self, name: &str, param: &mut Param<Tensor<1>>) {
        let [len] = param.lazy_shape().dims();
        if let Some(values) = self.fetch(name, &[len]) {
            *param = Param::from_tensor(Tensor::<1>::from_data(
                TensorData::new(values, [len]),
                self.device,
            ));
        }
    }
}

/// The names a tensor may go by in real checkpoints, preferred first.
fn candidates(name: &str) -> Vec<String> {
    let mut names = vec![name.to_string()];
    if let Some(stem) = name.strip_suffix("LayerNorm.weight") {
        names.push(format!("{stem}LayerNorm.gamma"));
    }
    if let Some(stem) = name.strip_suffix("LayerNorm.bias") {
        names.push(format!("{stem}LayerNorm.beta"));
    }
    if name == "cls.predictions.bias" {
        names.push("cls.predictions.decoder.bias".to_string());
    }
    // BertModel checkpoints are saved without the `bert.` prefix.
    let unprefixed: Vec<String> = names
        .iter()
        .filter_map(|name| name.strip_prefix("bert.").map(str::to_string))
        .collect();
    names.extend(unprefixed);
    names
}

/// One tensor as f32, checked for dtype, shape and finiteness.
pub fn read(
    tensors: &SafeTensors,
    name: &str,
    expected: &[usize],
) -> Result<Vec<f32>, CheckpointError> {
    let view = tensors
        .tensor(name)
        .map_err(|_| CheckpointError::MissingTensor {
            name: name.to_string(),
        })?;
    if view.shape() != expected {
        return Err(CheckpointError::WrongShape {
            name: name.to_string(),
            expected: expected.to_vec(),
            found: view.shape().to_vec(),
        });
    }
    let bytes = view.data();
    let values: Vec<f32> = match view.dtype() {
        Dtype::F32 => bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect(),
        Dtype::F16 => bytes
            .chunks_exact(2)
            .map(|b| f16::from_le_bytes([b[0], b[1]]).to_f32())
            .collect(),
        Dtype::BF16 => bytes
            .chunks_exact(2)
            .map(|b| bf16::from_le_bytes([b[0], b[1]]).to_f32())
            .collect(),
        Dtype::F64 => bytes
            .chunks_exact(8)
            .map(|b| f64::from_le_bytes(b.try_into().expect("8-byte chunk")) as f32)
            .collect(),
        other => {
            return Err(CheckpointError::UnsupportedDtype {
                name: name.to_string(),
                dtype: format!("{other:?}"),
            });
        }
    };
    if values.iter().any(|value| !value.is_finite()) {
        return Err(CheckpointError::NonFinite {
            name: name.to_string(),
        });
    }
    Ok(values)
}
