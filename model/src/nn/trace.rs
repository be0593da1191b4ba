//! The inspection trace: what happened inside one forward pass, for the lessons to draw.
//! Recorded only when asked for; a forward without it keeps nothing alive.

use burn::tensor::Tensor;

use super::layer::LayerRecord;

/// Intermediate tensors of one forward pass. Shapes use B = batch, S = sequence, H = hidden,
/// A = heads.
#[derive(Debug, Clone)]
pub struct Trace {
    /// Word (token) embedding of each token, `[B, S, H]`.
    pub token_embeddings: Tensor<3>,
    /// Segment (token type) embedding of each token, `[B, S, H]`.
    pub segment_embeddings: Tensor<3>,
    /// Learned position embedding of each position, `[B, S, H]`.
    pub position_embeddings: Tensor<3>,
    /// token + segment + position, before LayerNorm, `[B, S, H]`.
    pub embedding_sum: Tensor<3>,
    /// The embedding layer's output (after LayerNorm), `[B, S, H]`.
    pub embedding_output: Tensor<3>,
    /// Each encoder layer's output, first layer first, `L × [B, S, H]`.
    pub layer_outputs: Vec<Tensor<3>>,
    /// Each layer's attention probabilities, `L × [B, A, S, S]`; rows (queries) sum to 1.
    pub attentions: Vec<Tensor<4>>,
    /// Each layer's attention step by step (queries, keys, values, scores, context, projection).
    pub layers: Vec<LayerRecord>,
}

impl Trace {
    /// Hidden states as `transformers` returns them with `output_hidden_states=True`:
    /// the embedding output first, then every layer's output (L + 1 tensors).
    pub fn hidden_states(&self) -> Vec<Tensor<3>> {
        std::iter::once(self.embedding_output.clone())
            .chain(self.layer_outputs.iter().cloned())
            .collect()
    }
}
