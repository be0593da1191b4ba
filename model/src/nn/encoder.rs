//! `BertEncoder`: L encoder layers in a row, each reading the previous one's output.

use burn::module::Module;
use burn::tensor::{Device, Int, Tensor};

use super::layer::{EncoderLayer, LayerRecord};
use crate::config::BertConfig;
use crate::nn::weights::{Scope, WeightVisitor};

#[derive(Module, Debug)]
pub struct Encoder {
    pub layers: Vec<EncoderLayer>,
}

/// The encoder's output, and per layer what the trace needs when recording.
pub struct EncoderOutput {
    pub last_hidden_state: Tensor<3>,
    pub layer_outputs: Vec<Tensor<3>>,
    pub records: Vec<LayerRecord>,
}

impl Encoder {
    pub fn init(config: &BertConfig, device: &Device) -> Self {
        Self {
            layers: (0..config.num_hidden_layers)
                .map(|_| EncoderLayer::init(config, device))
                .collect(),
        }
    }

    /// `attention_mask`: `[B, S]`, 1 for real tokens and 0 for padding.
    pub fn forward(
        &self,
        hidden: Tensor<3>,
        attention_mask: Tensor<2, Int>,
        record: bool,
    ) -> EncoderOutput {
        let mask_bias = additive_mask(attention_mask);
        let mut layer_outputs = Vec::new();
        let mut records = Vec::new();
        let mut hidden = hidden;
        for layer in &self.layers {
            let (output, layer_record) = layer.forward(hidden, mask_bias.clone());
            if record {
                layer_outputs.push(output.clone());
                records.push(layer_record);
            }
            hidden = output;
        }
        EncoderOutput {
            last_hidden_state: hidden,
            layer_outputs,
            records,
        }
    }

    pub fn visit_weights<V: WeightVisitor>(&mut self, scope: &mut Scope<V>) {
        for (index, layer) in self.layers.iter_mut().enumerate() {
            layer.visit_weights(&mut scope.pp(format!("layer.{index}")));
        }
    }
}

/// `[B, S]` 1/0 mask → `[B, 1, 1, S]` bias added to attention scores: 0 where a key may be
/// attended to, the most negative f32 where it is padding (as transformers does), so its
/// probability after softmax is exactly 0.
fn additive_mask(attention_mask: Tensor<2, Int>) -> Tensor<4> {
    let [batch, seq] = attention_mask.dims();
    let padding = attention_mask.equal_elem(0).float();
    padding.mul_scalar(f32::MIN).reshape([batch, 1, 1, seq])
}
