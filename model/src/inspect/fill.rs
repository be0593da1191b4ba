//! Fill-mask: for every [MASK] in a text, the model's top-k tokens and their probabilities.

use burn::tensor::activation::softmax;
use burn::tensor::{Device, Int, Tensor, TensorData};

use crate::nn::{Bert, BertInput};
use crate::runtime::read_floats;
use crate::tokenizer::{Encoding, Tokenizer, tokenizer_limits};

/// One candidate for a masked position.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Prediction {
    pub token: String,
    pub id: u32,
    pub probability: f32,
}

/// The predictions for the [MASK] at token `position`, most probable first.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MaskFill {
    pub position: usize,
    pub predictions: Vec<Prediction>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum FillError {
    #[error("there is no [MASK] in the text: type [MASK] where a word should be guessed")]
    NoMask,
    #[error("the text is empty")]
    Empty,
    #[error("this model has no masked-word head (cls.predictions), so it cannot fill in words")]
    NoMlmHead,
    #[error("reading the predictions from the device failed: {0}")]
    Readback(String),
}

/// Encodes `text` (truncated to the model's positions; `Encoding::truncated` says by how much)
/// and returns the top `top_k` predictions for each [MASK].
pub async fn fill_mask(
    model: &Bert,
    tokenizer: &Tokenizer,
    text: &str,
    top_k: usize,
    max_positions: usize,
    device: &Device,
) -> Result<(Encoding, Vec<MaskFill>), FillError> {
    if text.trim().is_empty() {
        return Err(FillError::Empty);
    }
    if model.mlm.is_none() {
        return Err(FillError::NoMlmHead);
    }
    let encoding = tokenizer.encode_pair_with(text, None, tokenizer_limits(max_positions));
    let positions: Vec<usize> = (0..encoding.len())
        .filter(|&i| encoding.ids[i] == tokenizer.vocab.mask)
        .collect();
    if positions.is_empty() {
        return Err(FillError::NoMask);
    }
    let input = BertInput::from_rows(&[encoding.ids.clone()], None, None, device)
        .map_err(|_| FillError::Empty)?;
    let index = Tensor::<1, Int>::from_data(
        TensorData::new(
            positions.iter().map(|&p| p as i64).collect::<Vec<_>>(),
            [positions.len()],
        ),
        device,
    );
    // Only the masked rows are scored against the vocabulary.
    let logits = model
        .mlm_logits_at(&input, index)
        .ok_or(FillError::NoMlmHead)?;
    let [_, vocab] = logits.dims();
    let rows = softmax(logits, 1);
    let probabilities = read_floats(rows)
        .await
        .map_err(|error| FillError::Readback(error.to_string()))?;
    let fills = positions
        .iter()
        .zip(probabilities.chunks(vocab))
        .map(|(&position, row)| {
            let mut ranked: Vec<(usize, f32)> = row.iter().copied().enumerate().collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
            MaskFill {
                position,
                predictions: ranked
                    .into_iter()
                    .take(top_k)
                    .map(|(id, probability)| Prediction {
                        token: tokenizer
                            .vocab
                            .token(id as u32)
                            .unwrap_or("[UNK]")
                            .to_string(),
                        id: id as u32,
                        probability,
                    })
                    .collect(),
            }
        })
        .collect();
    Ok((encoding, fills))
}
