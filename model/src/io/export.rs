//! Writes a [`Bert`] as Hugging Face `model.safetensors` (F32, PyTorch layouts), under the
//! names `BertForPreTraining` / `BertForSequenceClassification` load. The tied decoder matrix
//! is not stored: transformers re-ties it to the word embeddings on load.

use std::collections::HashMap;

use burn::module::Param;
use burn::tensor::Tensor;
use safetensors::{Dtype, tensor::TensorView};

use super::error::CheckpointError;
use crate::nn::Bert;
use crate::nn::weights::WeightVisitor;
use crate::runtime::read_floats;

/// How weights are stored in an exported file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precision {
    /// 32-bit floats, as bertlab computes (exact).
    #[default]
    F32,
    /// 16-bit floats: half the size, for shipping small models (bertlab and transformers read
    /// them back as f32).
    F16,
}

/// Serialises every parameter of `model` to safetensors bytes. Asynchronous because reading
/// tensors back from WebGPU is.
pub async fn to_safetensors(
    model: &Bert,
    precision: Precision,
) -> Result<Vec<u8>, CheckpointError> {
    serialize_as(named_weights(model), HashMap::new(), precision).await
}

/// Every parameter as (Hugging Face name, PyTorch shape, flattened tensor).
pub fn named_weights(model: &Bert) -> Vec<(String, Vec<usize>, Tensor<1>)> {
    let mut collector = Collector::default();
    // Visiting needs `&mut`; a clone shares the same tensors, so nothing is copied.
    model.clone().visit_weights(&mut collector);
    collector.tensors
}

/// Reads the tensors back and writes them as F32 safetensors with `metadata` in the header.
pub async fn serialize(
    tensors: Vec<(String, Vec<usize>, Tensor<1>)>,
    metadata: HashMap<String, String>,
) -> Result<Vec<u8>, CheckpointError> {
    serialize_as(tensors, metadata, Precision::F32).await
}

/// Like [`serialize`], storing the values at `precision`.
pub async fn serialize_as(
    tensors: Vec<(String, Vec<usize>, Tensor<1>)>,
    mut metadata: HashMap<String, String>,
    precision: Precision,
) -> Result<Vec<u8>, CheckpointError> {
    // Each read is a GPU round trip (slow on WebGPU), so tensors are read in a few large
    // concatenated batches rather than one by one; batches stay small enough to copy.
    const BATCH_ELEMENTS: usize = 16 << 20;
    let mut named = Vec::with_capacity(tensors.len());
    let mut batch: Vec<(String, Vec<usize>, Tensor<1>)> = Vec::new();
    let mut batch_len = 0;
    let mut tensors = tensors.into_iter().peekable();
    while let Some(entry) = tensors.next() {
        batch_len += entry.2.dims()[0];
        batch.push(entry);
        let full = tensors
            .peek()
            .is_none_or(|next| batch_len + next.2.dims()[0] > BATCH_ELEMENTS);
        if !full {
            continue;
        }
        let parts: Vec<Tensor<1>> = batch.iter().map(|(_, _, t)| t.clone()).collect();
        let values = read_floats(Tensor::cat(parts, 0))
            .await
            .map_err(|error| CheckpointError::Readback(error.to_string()))?;
        let mut rest = values.as_slice();
        for (name, shape, tensor) in batch.drain(..) {
            let (mine, tail) = rest.split_at(tensor.dims()[0]);
            rest = tail;
            let bytes: Vec<u8> = match precision {
                Precision::F32 => mine.iter().flat_map(|value| value.to_le_bytes()).collect(),
                Precision::F16 => mine
                    .iter()
                    .flat_map(|value| half::f16::from_f32(*value).to_le_bytes())
                    .collect(),
            };
            named.push((name, shape, bytes));
        }
        batch_len = 0;
    }
    let views = named
        .iter()
        .map(|(name, shape, bytes)| {
            let dtype = match precision {
                Precision::F32 => Dtype::F32,
                Precision::F16 => Dtype::F16,
            };
            TensorView::new(dtype, shape.clone(), bytes)
                .map(|view| (name.clone(), view))
                .map_err(|error| CheckpointError::NotSafetensors(error.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    metadata.insert("format".to_string(), "pt".to_string());
    safetensors::serialize(views, Some(metadata))
        .map_err(|error| CheckpointError::NotSafetensors(error.to_string()))
}

/// Gathers (name, PyTorch shape, flattened tensor).
#[derive(Default)]
struct Collector {
    tensors: Vec<(String, Vec<usize>, Tensor<1>)>,
}

impl WeightVisitor for Collector {
    fn matrix(&mut self, name: &str, param: &mut Param<Tensor<2>>, transposed: bool) {
        let value = param.val();
        let value = if transposed { value.transpose() } else { value };
        let shape = value.dims().to_vec();
        let len: usize = shape.iter().product();
        self.tensors
            .push((name.to_string(), shape, value.reshape([len])));
    }

    fn vector(&mut self, name: &str, param: &mut Param<Tensor<1>>) {
        let value = param.val();
        self.tensors
            .push((name.to_string(), value.dims().to_vec(), value));
    }
}
