//! One recorded forward pass read back as plain numbers for the lessons to draw: the three
//! embedding parts, their sum and its LayerNorm, every layer's output and every head's attention
//! map. Everything comes back in a single asynchronous read, so a WebGPU page waits once.

use burn::tensor::{Device, Tensor};

use crate::nn::{Bert, BertInput};
use crate::runtime::read_floats;
use crate::tokenizer::Encoding;

/// Why a forward pass could not be inspected.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum InspectError {
    #[error("there is nothing to look at: the text is empty")]
    Empty,
    #[error(
        "the text has {tokens} tokens but this model knows only {positions} positions: shorten it"
    )]
    TooLong { tokens: usize, positions: usize },
    #[error("there is no {what} in this model and input")]
    OutOfRange { what: String },
    #[error("reading the model's insides from the device failed: {0}")]
    Readback(String),
}

/// The embedding stage for every token, each `[S × H]` row-major (one row per token).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EmbeddingParts {
    pub token: Vec<f32>,
    pub segment: Vec<f32>,
    pub position: Vec<f32>,
    /// token + segment + position.
    pub sum: Vec<f32>,
    /// LayerNorm(sum) (dropout is off outside training): what the first layer reads.
    pub normalized: Vec<f32>,
}

/// What happened inside the model for one input.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Inspection {
    pub tokens: Vec<String>,
    /// Each token's segment (0 = sentence A, 1 = sentence B).
    pub segments: Vec<u32>,
    /// S: tokens in the input, special tokens included.
    pub seq: usize,
    /// H.
    pub hidden: usize,
    /// L.
    pub layers: usize,
    /// A.
    pub heads: usize,
    pub embeddings: EmbeddingParts,
    /// Each layer's output, first layer first, each `[S × H]`.
    pub layer_outputs: Vec<Vec<f32>>,
    /// Each layer's attention probabilities, each `[A × S × S]`: for head `a`, row `q` is how
    /// query token `q` spreads its attention over the keys, and sums to 1.
    pub attentions: Vec<Vec<f32>>,
}

impl Inspection {
    /// Head `head` of layer `layer` as `S × S` row-major weights.
    pub fn attention(&self, layer: usize, head: usize) -> &[f32] {
        let size = self.seq * self.seq;
        &self.attentions[layer][head * size..(head + 1) * size]
    }

    /// Token `token`'s vector in an `[S × H]` matrix such as [`EmbeddingParts::sum`].
    pub fn row<'a>(&self, matrix: &'a [f32], token: usize) -> &'a [f32] {
        &matrix[token * self.hidden..(token + 1) * self.hidden]
    }

    /// The hidden states as `transformers` numbers them: 0 is the embedding output, `l` the
    /// output of layer `l` (1-based), so `0..=layers`.
    pub fn hidden_state(&self, index: usize) -> &[f32] {
        match index {
            0 => &self.embeddings.normalized,
            layer => &self.layer_outputs[layer - 1],
        }
    }
}

/// Runs `model` once on `encoding` with recording on and reads everything back.
pub async fn inspect(
    model: &Bert,
    encoding: &Encoding,
    max_positions: usize,
    device: &Device,
) -> Result<Inspection, InspectError> {
    if encoding.is_empty() {
        return Err(InspectError::Empty);
    }
    if encoding.len() > max_positions {
        return Err(InspectError::TooLong {
            tokens: encoding.len(),
            positions: max_positions,
        });
    }
    let trace = traced_forward(model, encoding, device)?;
    let layers = trace.attentions.len();
    let [_, heads, seq, _] = trace
        .attentions
        .first()
        .map_or([1, 1, encoding.len(), 1], |a| a.dims());
    let [_, _, hidden] = trace.embedding_sum.dims();

    // One flat tensor, one read: each read is a GPU round trip in the browser.
    let flat3 = |tensor: Tensor<3>| tensor.reshape([-1]);
    let mut parts: Vec<Tensor<1>> = vec![
        flat3(trace.token_embeddings),
        flat3(trace.segment_embeddings),
        flat3(trace.position_embeddings),
        flat3(trace.embedding_sum),
        flat3(trace.embedding_output),
    ];
    parts.extend(trace.layer_outputs.into_iter().map(flat3));
    parts.extend(trace.attentions.into_iter().map(|a| a.reshape([-1])));
    let values = read_all(parts).await?;

    let mut take = taker(&values);
    let matrix = seq * hidden;
    let embeddings = EmbeddingParts {
        token: take(matrix),
        segment: take(matrix),
        position: take(matrix),
        sum: take(matrix),
        normalized: take(matrix),
    };
    let layer_outputs = (0..layers).map(|_| take(matrix)).collect();
    let attentions = (0..layers).map(|_| take(heads * seq * seq)).collect();
    Ok(Inspection {
        tokens: encoding.tokens.clone(),
        segments: encoding.type_ids.clone(),
        seq,
        hidden,
        layers,
        heads,
        embeddings,
        layer_outputs,
        attentions,
    })
}

/// One encoding through `model` with every intermediate recorded.
pub(crate) fn traced_forward(
    model: &Bert,
    encoding: &Encoding,
    device: &Device,
) -> Result<crate::nn::Trace, InspectError> {
    let input = BertInput::from_rows(
        std::slice::from_ref(&encoding.ids),
        Some(std::slice::from_ref(&encoding.type_ids)),
        None,
        device,
    )
    .map_err(|_| InspectError::Empty)?;
    Ok(model
        .forward(&input, true)
        .trace
        .expect("forward records a trace when asked to"))
}

/// Reads every piece back in one round trip (each read is a GPU round trip in the browser).
pub(crate) async fn read_all(pieces: Vec<Tensor<1>>) -> Result<Vec<f32>, InspectError> {
    read_floats(Tensor::cat(pieces, 0))
        .await
        .map_err(|error| InspectError::Readback(error.to_string()))
}

/// Hands out consecutive slices of `values`, in the order the pieces were read.
pub(crate) fn taker(values: &[f32]) -> impl FnMut(usize) -> Vec<f32> + '_ {
    let mut rest = values;
    move |len| {
        let (head, tail) = rest.split_at(len);
        rest = tail;
        head.to_vec()
    }
}
