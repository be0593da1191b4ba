//! `BertLayer`: one encoder layer = attention (add & norm) → feed-forward (`BertIntermediate`:
//! dense + activation, `BertOutput`: dense, dropout, residual, LayerNorm).

use burn::module::Module;
use burn::nn::{Dropout, DropoutConfig, LayerNorm, LayerNormConfig};
use burn::tensor::{Device, Tensor};

use super::HiddenActivation;
use super::attention::{Attention, AttentionParts};
use crate::config::BertConfig;
use crate::nn::dense::Dense;
use crate::nn::weights::{Scope, WeightVisitor};

/// The first half of the feed-forward network: widen H → I and apply the activation.
#[derive(Module, Debug)]
pub struct Intermediate {
    pub dense: Dense,
    pub activation: HiddenActivation,
}

/// The second half: narrow I → H, then add & norm with the attention output.
#[derive(Module, Debug)]
pub struct Output {
    pub dense: Dense,
    pub layer_norm: LayerNorm,
    pub dropout: Dropout,
}

/// What one layer's attention did, for the trace.
#[derive(Debug, Clone)]
pub struct LayerRecord {
    pub attention: AttentionParts,
    /// `W_O` · the heads' concatenated context + bias, `[B, S, H]`.
    pub projected: Tensor<3>,
    /// LayerNorm(projected + input): the attention sub-layer's output, `[B, S, H]`.
    pub attended: Tensor<3>,
}

#[derive(Module, Debug)]
pub struct EncoderLayer {
    pub attention: Attention,
    pub intermediate: Intermediate,
    pub output: Output,
}

impl EncoderLayer {
    pub fn init(config: &BertConfig, device: &Device) -> Self {
        let (h, i) = (config.hidden_size, config.intermediate_size);
        Self {
            attention: Attention::init(config, device),
            intermediate: Intermediate {
                dense: Dense::new(h, i, device),
                activation: HiddenActivation::from_name(&config.hidden_act),
            },
            output: Output {
                dense: Dense::new(i, h, device),
                layer_norm: LayerNormConfig::new(h)
                    .with_epsilon(config.layer_norm_eps)
                    .init(device),
                dropout: DropoutConfig::new(config.hidden_dropout_prob).init(),
            },
        }
    }

    /// Returns the layer's output `[B, S, H]` and what its attention did.
    pub fn forward(&self, hidden: Tensor<3>, mask_bias: Tensor<4>) -> (Tensor<3>, LayerRecord) {
        let (attended, attention, projected) = self.attention.forward(hidden, mask_bias);
        let widened = self
            .intermediate
            .activation
            .forward(self.intermediate.dense.forward(attended.clone()));
        let narrowed = self
            .output
            .dropout
            .forward(self.output.dense.forward(widened));
        let output = self.output.layer_norm.forward(narrowed + attended.clone());
        (
            output,
            LayerRecord {
                attention,
                projected,
                attended,
            },
        )
    }

    pub fn visit_weights<V: WeightVisitor>(&mut self, scope: &mut Scope<V>) {
        self.attention.visit_weights(&mut scope.pp("attention"));
        scope
            .pp("intermediate")
            .linear("dense", &mut self.intermediate.dense);
        let mut output = scope.pp("output");
        output.linear("dense", &mut self.output.dense);
        output.layer_norm("LayerNorm", &mut self.output.layer_norm);
    }
}
