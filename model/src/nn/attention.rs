//! `BertAttention` = `BertSelfAttention` (multi-head scaled dot-product attention) followed by
//! `BertSelfOutput` (dense, dropout, residual, LayerNorm): the first half of an encoder layer.

use burn::module::Module;
use burn::nn::{Dropout, DropoutConfig, LayerNorm, LayerNormConfig};
use burn::tensor::activation::softmax;
use burn::tensor::{Device, Tensor};

use crate::config::BertConfig;
use crate::nn::dense::Dense;
use crate::nn::weights::{Scope, WeightVisitor};

/// Every step of multi-head self-attention, for the Attention lesson to show the real numbers
/// (only the context goes on when nothing is recorded). `A` heads of width `d = H / A`.
#[derive(Debug, Clone)]
pub struct AttentionParts {
    /// Each token's query, key and value per head, `[B, A, S, d]`.
    pub query: Tensor<4>,
    pub key: Tensor<4>,
    pub value: Tensor<4>,
    /// q·k / √d for every query and key (padding keys pushed to −∞), `[B, A, S, S]`.
    pub scores: Tensor<4>,
    /// softmax of the scores over the keys, `[B, A, S, S]`; rows sum to 1.
    pub probabilities: Tensor<4>,
    /// The heads' weighted sums of values, concatenated, `[B, S, H]`.
    pub context: Tensor<3>,
}

/// Multi-head self-attention: every token's query scored against every token's key, per head.
#[derive(Module, Debug)]
pub struct SelfAttention {
    pub query: Dense,
    pub key: Dense,
    pub value: Dense,
    /// Dropout on the attention probabilities (training only).
    pub dropout: Dropout,
    /// A, the number of heads.
    pub num_heads: usize,
    /// H / A, the width of one head.
    pub head_size: usize,
}

impl SelfAttention {
    pub fn init(config: &BertConfig, device: &Device) -> Self {
        let h = config.hidden_size;
        Self {
            query: Dense::new(h, h, device),
            key: Dense::new(h, h, device),
            value: Dense::new(h, h, device),
            dropout: DropoutConfig::new(config.attention_probs_dropout_prob).init(),
            num_heads: config.num_attention_heads,
            head_size: config.head_size(),
        }
    }

    /// `hidden`: `[B, S, H]`; `mask_bias`: `[B, 1, 1, S]`, 0 for real keys and a huge negative
    /// number for padding. Returns every step of the computation (see [`AttentionParts`]).
    pub fn forward(&self, hidden: Tensor<3>, mask_bias: Tensor<4>) -> AttentionParts {
        let [batch, seq, width] = hidden.dims();
        let heads = |projected: Tensor<3>| {
            projected
                .reshape([batch, seq, self.num_heads, self.head_size])
                .swap_dims(1, 2)
        };
        let query = heads(self.query.forward(hidden.clone()));
        let key = heads(self.key.forward(hidden.clone()));
        let value = heads(self.value.forward(hidden));
        // Scaled so the dot products' variance does not grow with the head width.
        let scale = 1.0 / (self.head_size as f64).sqrt();
        let scores = query
            .clone()
            .matmul(key.clone().swap_dims(2, 3))
            .mul_scalar(scale)
            + mask_bias;
        let probabilities = softmax(scores.clone(), 3);
        let context = self
            .dropout
            .forward(probabilities.clone())
            .matmul(value.clone())
            .swap_dims(1, 2)
            .reshape([batch, seq, width]);
        AttentionParts {
            query,
            key,
            value,
            scores,
            probabilities,
            context,
        }
    }

    pub fn visit_weights<V: WeightVisitor>(&mut self, scope: &mut Scope<V>) {
        scope.linear("query", &mut self.query);
        scope.linear("key", &mut self.key);
        scope.linear("value", &mut self.value);
    }
}

/// Projects the heads' concatenated context back and adds it to the layer's input (post-LN).
#[derive(Module, Debug)]
pub struct SelfOutput {
    pub dense: Dense,
    pub layer_norm: LayerNorm,
    pub dropout: Dropout,
}

impl SelfOutput {
    pub fn init(config: &BertConfig, device: &Device) -> Self {
        Self {
            dense: Dense::new(config.hidden_size, config.hidden_size, device),
            layer_norm: LayerNormConfig::new(config.hidden_size)
                .with_epsilon(config.layer_norm_eps)
                .init(device),
            dropout: DropoutConfig::new(config.hidden_dropout_prob).init(),
        }
    }

    /// The heads' concatenated context projected back (`W_O`), and that added to the input and
    /// normalised (the sub-layer's output).
    pub fn forward(&self, context: Tensor<3>, residual: Tensor<3>) -> (Tensor<3>, Tensor<3>) {
        let projected = self.dense.forward(context);
        let output = self
            .layer_norm
            .forward(self.dropout.forward(projected.clone()) + residual);
        (projected, output)
    }

    pub fn visit_weights<V: WeightVisitor>(&mut self, scope: &mut Scope<V>) {
        scope.linear("dense", &mut self.dense);
        scope.layer_norm("LayerNorm", &mut self.layer_norm);
    }
}

/// Self-attention, then add & norm.
#[derive(Module, Debug)]
pub struct Attention {
    pub self_attention: SelfAttention,
    pub output: SelfOutput,
}

impl Attention {
    pub fn init(config: &BertConfig, device: &Device) -> Self {
        Self {
            self_attention: SelfAttention::init(config, device),
            output: SelfOutput::init(config, device),
        }
    }

    /// Returns the sub-layer output `[B, S, H]` and its parts: the self-attention steps and the
    /// projected context (before the residual).
    pub fn forward(
        &self,
        hidden: Tensor<3>,
        mask_bias: Tensor<4>,
    ) -> (Tensor<3>, AttentionParts, Tensor<3>) {
        let parts = self.self_attention.forward(hidden.clone(), mask_bias);
        let (projected, output) = self.output.forward(parts.context.clone(), hidden);
        (output, parts, projected)
    }

    pub fn visit_weights<V: WeightVisitor>(&mut self, scope: &mut Scope<V>) {
        self.self_attention.visit_weights(&mut scope.pp("self"));
        self.output.visit_weights(&mut scope.pp("output"));
    }
}
