//! How attention was computed for one token, in one head of one layer, with the model's own
//! numbers: its query, every key, the scores q·k/√d, their softmax, the values and their weighted
//! sum; then every head's result concatenated, projected back by `W_O`, added to the token's
//! input and normalised. Read from one recorded forward pass, in one read.

use burn::tensor::{Device, Tensor};

use super::inspection::{InspectError, read_all, taker, traced_forward};
use crate::nn::Bert;
use crate::tokenizer::Encoding;

/// One query token's attention in one head, step by step. `S` tokens, head width `d`, hidden
/// size `H`; matrices are row-major, one row per key token.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AttentionComputation {
    pub tokens: Vec<String>,
    pub layer: usize,
    pub head: usize,
    pub query_token: usize,
    /// d = H / A.
    pub head_size: usize,
    /// A.
    pub heads: usize,
    /// The query vector of the token, `d`.
    pub query: Vec<f32>,
    /// Every token's key vector, `S × d`.
    pub keys: Vec<f32>,
    /// q·k / √d for every key, `S`.
    pub scores: Vec<f32>,
    /// softmax(scores), `S`: the attention weights, summing to 1.
    pub weights: Vec<f32>,
    /// Every token's value vector, `S × d`.
    pub values: Vec<f32>,
    /// Σ weight · value: this head's result for the token, `d`.
    pub context: Vec<f32>,
    /// All heads' results side by side, `H` (this head's is `head · d .. (head + 1) · d`).
    pub concatenated: Vec<f32>,
    /// `W_O` · concatenated + bias, `H`.
    pub projected: Vec<f32>,
    /// The token's input to the layer, `H` (added back: the residual connection).
    pub input: Vec<f32>,
    /// LayerNorm(projected + input): what the attention sub-layer hands on, `H`.
    pub output: Vec<f32>,
}

/// Runs `model` on `encoding` with recording on and reads back the computation of `query_token`
/// in `head` of `layer` (both from 0).
pub async fn attention_computation(
    model: &Bert,
    encoding: &Encoding,
    layer: usize,
    head: usize,
    query_token: usize,
    device: &Device,
) -> Result<AttentionComputation, InspectError> {
    if encoding.is_empty() {
        return Err(InspectError::Empty);
    }
    let layers = model.encoder.layers.len();
    let heads = model
        .encoder
        .layers
        .first()
        .map_or(1, |l| l.attention.self_attention.num_heads);
    if layer >= layers || head >= heads || query_token >= encoding.len() {
        return Err(InspectError::OutOfRange {
            what: format!("layer {layer}, head {head}, token {query_token}"),
        });
    }
    let trace = traced_forward(model, encoding, device)?;
    let record = &trace.layers[layer];
    let parts = &record.attention;
    let [_, _, seq, head_size] = parts.query.dims();
    let [_, _, hidden] = record.projected.dims();
    let layer_input = if layer == 0 {
        trace.embedding_output.clone()
    } else {
        trace.layer_outputs[layer - 1].clone()
    };
    // [1, A, S, x] → this head: [S, x]; a token's row of a [1, S, H] matrix: [H].
    let in_head = |t: Tensor<4>, width: usize| t.narrow(1, head, 1).reshape([seq, width]);
    let row = |t: Tensor<2>, width: usize| t.narrow(0, query_token, 1).reshape([width]);
    let token = |t: Tensor<3>| t.narrow(1, query_token, 1).reshape([hidden]);
    let context = token(parts.context.clone());
    let pieces = vec![
        row(in_head(parts.query.clone(), head_size), head_size),
        in_head(parts.key.clone(), head_size).reshape([seq * head_size]),
        row(in_head(parts.scores.clone(), seq), seq),
        row(in_head(parts.probabilities.clone(), seq), seq),
        in_head(parts.value.clone(), head_size).reshape([seq * head_size]),
        context.clone().narrow(0, head * head_size, head_size),
        context,
        token(record.projected.clone()),
        token(layer_input),
        token(record.attended.clone()),
    ];
    let values = read_all(pieces).await?;
    let mut take = taker(&values);
    Ok(AttentionComputation {
        tokens: encoding.tokens.clone(),
        layer,
        head,
        query_token,
        head_size,
        heads,
        query: take(head_size),
        keys: take(seq * head_size),
        scores: take(seq),
        weights: take(seq),
        values: take(seq * head_size),
        context: take(head_size),
        concatenated: take(hidden),
        projected: take(hidden),
        input: take(hidden),
        output: take(hidden),
    })
}
