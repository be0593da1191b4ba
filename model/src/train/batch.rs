//! Pre-training examples stacked into tensors: padded to the longest example, with the flat
//! positions of the MLM predictions and their labels, and the NSP labels.

use burn::tensor::{Device, Int, Tensor, TensorData};

use crate::data::PretrainingExample;
use crate::nn::BertInput;

#[derive(Debug, Clone)]
pub struct PretrainingBatch {
    pub input: BertInput,
    /// `b · seq + s` of every position to predict, `[N]`.
    pub mlm_positions: Tensor<1, Int>,
    /// The original token at each of those positions, `[N]`.
    pub mlm_labels: Tensor<1, Int>,
    /// 0 = IsNext, 1 = NotNext, `[B]`.
    pub nsp_labels: Tensor<1, Int>,
    /// Real (non-padding) tokens in the batch, for tokens/s.
    pub tokens: usize,
}

impl PretrainingBatch {
    /// `positions`: the model's, which padding never goes past.
    pub fn new(
        examples: &[PretrainingExample],
        pad_id: u32,
        positions: usize,
        device: &Device,
    ) -> Self {
        let ids: Vec<&[u32]> = examples
            .iter()
            .map(|e| e.masked.input_ids.as_slice())
            .collect();
        let segments: Vec<&[u32]> = examples
            .iter()
            .map(|e| e.encoding.type_ids.as_slice())
            .collect();
        let input = BertInput::padded(&ids, Some(&segments), pad_id, positions, device)
            .expect("examples are not empty");
        let seq = input.dims()[1];
        let (mut positions, mut labels) = (Vec::new(), Vec::new());
        for (row, example) in examples.iter().enumerate() {
            for (column, label) in example.masked.labels.iter().enumerate() {
                if let Some(label) = label {
                    positions.push((row * seq + column) as i64);
                    labels.push(*label as i64);
                }
            }
        }
        let ints = |values: Vec<i64>| {
            let len = values.len();
            Tensor::<1, Int>::from_data(TensorData::new(values, [len]), device)
        };
        Self {
            input,
            mlm_positions: ints(positions),
            mlm_labels: ints(labels),
            nsp_labels: ints(
                examples
                    .iter()
                    .map(|e| e.next_sentence_label as i64)
                    .collect(),
            ),
            tokens: examples
                .iter()
                .map(|e| {
                    e.encoding
                        .attention_mask
                        .iter()
                        .filter(|&&m| m == 1)
                        .count()
                })
                .sum(),
        }
    }
}
