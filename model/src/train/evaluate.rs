//! Measuring a model on fresh pre-training examples: MLM loss and accuracy on the chosen
//! positions, NSP loss and accuracy — without dropout, without gradients.

use burn::tensor::Device;

use super::batch::PretrainingBatch;
use super::trainer::cross_entropy;
use crate::data::PretrainingExample;
use crate::nn::Bert;
use crate::runtime::{RuntimeError, read_floats};

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EvalMetrics {
    pub mlm_loss: f32,
    pub mlm_accuracy: f32,
    pub nsp_loss: f32,
    pub nsp_accuracy: f32,
    pub examples: usize,
}

/// Evaluates `model` (on a device without autodiff) on `examples`, `batch_size` at a time.
pub async fn evaluate(
    model: &Bert,
    examples: &[PretrainingExample],
    pad_id: u32,
    batch_size: usize,
    device: &Device,
) -> Result<Option<EvalMetrics>, RuntimeError> {
    let (mut mlm_loss, mut mlm_correct, mut predictions) = (0.0f64, 0.0f64, 0usize);
    let (mut nsp_loss, mut nsp_correct) = (0.0f64, 0.0f64);
    for chunk in examples.chunks(batch_size.max(1)) {
        let positions = model.embeddings.position_embeddings.weight.dims()[0];
        let batch = PretrainingBatch::new(chunk, pad_id, positions, device);
        let count = batch.mlm_labels.dims()[0];
        let Some((mlm_logits, nsp_logits)) =
            model.forward_pretraining(&batch.input, batch.mlm_positions.clone())
        else {
            return Ok(None);
        };
        let (mlm, mlm_hits) = cross_entropy(mlm_logits, batch.mlm_labels);
        let (nsp, nsp_hits) = cross_entropy(nsp_logits, batch.nsp_labels);
        let values = read_floats(burn::tensor::Tensor::cat(
            vec![mlm, mlm_hits, nsp, nsp_hits],
            0,
        ))
        .await?;
        mlm_loss += values[0] as f64 * count as f64;
        mlm_correct += values[1] as f64;
        nsp_loss += values[2] as f64 * chunk.len() as f64;
        nsp_correct += values[3] as f64;
        predictions += count;
    }
    let n = examples.len().max(1) as f64;
    let p = predictions.max(1) as f64;
    Ok(Some(EvalMetrics {
        mlm_loss: (mlm_loss / p) as f32,
        mlm_accuracy: (mlm_correct / p) as f32,
        nsp_loss: (nsp_loss / n) as f32,
        nsp_accuracy: (nsp_correct / n) as f32,
        examples: examples.len(),
    }))
}
