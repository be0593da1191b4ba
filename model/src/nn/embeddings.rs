//! `BertEmbeddings`: token + segment + position embeddings, summed, then LayerNorm and dropout.
//! Mirrors `BertEmbeddings` in transformers' modeling_bert.py. Positions are *learned* vectors,
//! where the original Transformer used fixed sin/cos.

use burn::module::Module;
use burn::nn::{Dropout, DropoutConfig, Embedding, EmbeddingConfig, LayerNorm, LayerNormConfig};
use burn::tensor::{Device, Int, Tensor};

use crate::config::BertConfig;
use crate::nn::weights::{Scope, WeightVisitor};

#[derive(Module, Debug)]
pub struct Embeddings {
    /// One vector per WordPiece id, `[V, H]`. Shared with the MLM decoder (tied weights).
    pub word_embeddings: Embedding,
    /// One learned vector per position, `[max_position_embeddings, H]`.
    pub position_embeddings: Embedding,
    /// One vector per segment (sentence A / B), `[type_vocab_size, H]`.
    pub token_type_embeddings: Embedding,
    pub layer_norm: LayerNorm,
    pub dropout: Dropout,
}

/// The embedding output plus, when recorded, its three parts and their sum.
pub struct EmbeddingsOutput {
    pub output: Tensor<3>,
    /// (token, segment, position, sum before LayerNorm).
    pub parts: Option<[Tensor<3>; 4]>,
}

impl Embeddings {
    pub fn init(config: &BertConfig, device: &Device) -> Self {
        let embedding = |count: usize| EmbeddingConfig::new(count, config.hidden_size).init(device);
        Self {
            word_embeddings: embedding(config.vocab_size),
            position_embeddings: embedding(config.max_position_embeddings),
            token_type_embeddings: embedding(config.type_vocab_size),
            layer_norm: LayerNormConfig::new(config.hidden_size)
                .with_epsilon(config.layer_norm_eps)
                .init(device),
            dropout: DropoutConfig::new(config.hidden_dropout_prob).init(),
        }
    }

    pub fn forward(
        &self,
        input_ids: Tensor<2, Int>,
        token_type_ids: Tensor<2, Int>,
        record: bool,
    ) -> EmbeddingsOutput {
        let [batch, seq] = input_ids.dims();
        let device = input_ids.device();
        let positions = Tensor::<1, Int>::arange(0..seq as i64, &device)
            .reshape([1, seq])
            .expand([batch, seq]);
        let token = self.word_embeddings.forward(input_ids);
        let segment = self.token_type_embeddings.forward(token_type_ids);
        let position = self.position_embeddings.forward(positions);
        let sum = token.clone() + segment.clone() + position.clone();
        let output = self.dropout.forward(self.layer_norm.forward(sum.clone()));
        EmbeddingsOutput {
            output,
            parts: record.then(|| [token, segment, position, sum]),
        }
    }

    pub fn visit_weights<V: WeightVisitor>(&mut self, scope: &mut Scope<V>) {
        scope.embedding("word_embeddings", &mut self.word_embeddings);
        scope.embedding("position_embeddings", &mut self.position_embeddings);
        scope.embedding("token_type_embeddings", &mut self.token_type_embeddings);
        scope.layer_norm("LayerNorm", &mut self.layer_norm);
    }
}
