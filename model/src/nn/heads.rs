//! What sits on top of the encoder: the pooler ([CLS] → dense → tanh), the MLM head (predicts
//! the masked words; its output matrix is the word-embedding matrix itself), the NSP head
//! (IsNext / NotNext from the pooled [CLS]) and a sequence-classification head for fine-tuning.

use burn::module::{Module, Param};
use burn::nn::{Dropout, DropoutConfig, LayerNorm, LayerNormConfig};
use burn::tensor::{Device, Tensor, TensorData};

use super::cpu_storage::contiguous_cpu_values;
use super::{HiddenActivation, lanes, score_kernel};
use crate::config::BertConfig;
use crate::nn::dense::Dense;
use crate::nn::weights::{Scope, WeightVisitor};

/// `BertPooler`: the [CLS] vector through dense + tanh — the sentence-level summary the NSP and
/// classification heads read.
#[derive(Module, Debug)]
pub struct Pooler {
    pub dense: Dense,
}

impl Pooler {
    pub fn init(config: &BertConfig, device: &Device) -> Self {
        Self {
            dense: Dense::new(config.hidden_size, config.hidden_size, device),
        }
    }

    /// `[B, S, H]` → `[B, H]`, from position 0 ([CLS]).
    pub fn forward(&self, hidden: Tensor<3>) -> Tensor<2> {
        let [batch, _, width] = hidden.dims();
        let cls = hidden.narrow(1, 0, 1).reshape([batch, width]);
        self.dense.forward(cls).tanh()
    }

    pub fn visit_weights<V: WeightVisitor>(&mut self, scope: &mut Scope<V>) {
        scope.linear("dense", &mut self.dense);
    }
}

/// Up to this many rows, the CPU scores the vocabulary one row at a time, or in the page all of
/// them in one pass (`score_kernel`): the playground's masks; training scores many rows at once.
const FEW_ROWS: usize = score_kernel::MAX_ROWS;

/// `BertLMPredictionHead`: transform (dense, activation, LayerNorm), then scores over the
/// vocabulary. The decoder reuses the word embeddings (tied, as in BERT): a word's input vector
/// is also what the output is compared with, which halves the parameters of the largest matrix.
#[derive(Module, Debug)]
pub struct MlmHead {
    pub dense: Dense,
    pub activation: HiddenActivation,
    pub layer_norm: LayerNorm,
    /// The decoder's own bias, `[V]`.
    pub bias: Param<Tensor<1>>,
}

impl MlmHead {
    pub fn init(config: &BertConfig, device: &Device) -> Self {
        Self {
            dense: Dense::new(config.hidden_size, config.hidden_size, device),
            activation: HiddenActivation::from_name(&config.hidden_act),
            layer_norm: LayerNormConfig::new(config.hidden_size)
                .with_epsilon(config.layer_norm_eps)
                .init(device),
            bias: Param::from_tensor(Tensor::zeros([config.vocab_size], device)),
        }
    }

    /// `hidden`: `[B, S, H]`; `word_embeddings`: `[V, H]`. Returns logits `[B, S, V]`.
    pub fn forward(&self, hidden: Tensor<3>, word_embeddings: Tensor<2>) -> Tensor<3> {
        let [batch, seq, width] = hidden.dims();
        let [vocab, _] = word_embeddings.dims();
        self.forward_rows(hidden.reshape([batch * seq, width]), word_embeddings)
            .reshape([batch, seq, vocab])
    }

    /// Logits `[N, V]` for `N` chosen hidden states `[N, H]` — in training only the masked
    /// positions need scores, and the vocabulary projection is the costliest matmul of a small BERT.
    pub fn forward_rows(&self, rows: Tensor<2>, word_embeddings: Tensor<2>) -> Tensor<2> {
        self.forward_rows_with(rows, word_embeddings, lanes::SIMD128)
    }

    /// `forward_rows`, with a few rows' scores by bertlab's kernel or by gemm (so that native
    /// tests check the kernel's path too).
    fn forward_rows_with(
        &self,
        rows: Tensor<2>,
        word_embeddings: Tensor<2>,
        by_kernel: bool,
    ) -> Tensor<2> {
        let [vocab, width] = word_embeddings.dims();
        let transformed = self
            .layer_norm
            .forward(self.activation.forward(self.dense.forward(rows)));
        let [count, _] = transformed.dims();
        // The kernel scores 1 to FEW_ROWS rows; no rows at all are burn's to handle.
        if by_kernel
            && (1..=FEW_ROWS).contains(&count)
            && let Some(scores) = self.kernel_scores(transformed.clone(), word_embeddings.clone())
        {
            return scores;
        }
        let scores = if count <= FEW_ROWS && word_embeddings.device() == Device::flex() {
            // A row at a time, gemm takes its matrix-vector path and reads the embedding matrix
            // in order; a multi-row product would first repack all of it (V × H values).
            transformed
                .reshape([count, 1, width])
                .matmul(word_embeddings.unsqueeze::<3>().swap_dims(1, 2))
                .reshape([count, vocab])
        } else {
            transformed.matmul(word_embeddings.transpose())
        };
        scores + self.bias.val().reshape([1, vocab])
    }

    /// The scores and the decoder's bias in one pass over the embedding matrix (`score_kernel`);
    /// `None` off the CPU backend or with gradients tracked, for burn to do it.
    fn kernel_scores(
        &self,
        transformed: Tensor<2>,
        word_embeddings: Tensor<2>,
    ) -> Option<Tensor<2>> {
        let device = transformed.device();
        let [count, width] = transformed.dims();
        let [vocab, _] = word_embeddings.dims();
        let rows = contiguous_cpu_values(transformed)?;
        let table = contiguous_cpu_values(word_embeddings)?;
        let bias = contiguous_cpu_values(self.bias.val())?;
        let mut out = vec![0.0; count * vocab];
        score_kernel::scores(
            rows.as_slice::<f32>()?,
            width,
            table.as_slice::<f32>()?,
            bias.as_slice::<f32>()?,
            &mut out,
        );
        Some(Tensor::from_data(
            TensorData::new(out, [count, vocab]),
            &device,
        ))
    }

    pub fn visit_weights<V: WeightVisitor>(&mut self, scope: &mut Scope<V>) {
        let mut transform = scope.pp("transform");
        transform.linear("dense", &mut self.dense);
        transform.layer_norm("LayerNorm", &mut self.layer_norm);
        scope.vector("bias", &mut self.bias);
    }
}

/// `BertOnlyNSPHead`: Linear(H, 2) on the pooled [CLS]. Index 0 = IsNext, 1 = NotNext.
#[derive(Module, Debug)]
pub struct NspHead {
    pub seq_relationship: Dense,
}

impl NspHead {
    pub fn init(config: &BertConfig, device: &Device) -> Self {
        Self {
            seq_relationship: Dense::new(config.hidden_size, 2, device),
        }
    }

    pub fn forward(&self, pooled: Tensor<2>) -> Tensor<2> {
        self.seq_relationship.forward(pooled)
    }

    pub fn visit_weights<V: WeightVisitor>(&mut self, scope: &mut Scope<V>) {
        scope.linear("seq_relationship", &mut self.seq_relationship);
    }
}

/// `BertForSequenceClassification`'s head: dropout + Linear(H, labels) on the pooled [CLS].
#[derive(Module, Debug)]
pub struct ClassifierHead {
    pub dropout: Dropout,
    pub classifier: Dense,
}

impl ClassifierHead {
    pub fn init(config: &BertConfig, num_labels: usize, device: &Device) -> Self {
        Self {
            dropout: DropoutConfig::new(config.hidden_dropout_prob).init(),
            classifier: Dense::new(config.hidden_size, num_labels, device),
        }
    }

    pub fn forward(&self, pooled: Tensor<2>) -> Tensor<2> {
        self.classifier.forward(self.dropout.forward(pooled))
    }

    pub fn visit_weights<V: WeightVisitor>(&mut self, scope: &mut Scope<V>) {
        scope.linear("classifier", &mut self.classifier);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Preset;
    use burn::tensor::{Distribution, Tolerance};

    #[test]
    fn a_few_rows_score_the_same_through_the_kernel_as_through_burn() {
        let device = Device::flex();
        let config = BertConfig {
            vocab_size: 50,
            hidden_size: 20,
            ..Preset::Tiny.config()
        };
        let mut head = MlmHead::init(&config, &device);
        // Burn starts the bias at zero; a visible one shows that it is added once.
        head.bias = Param::from_tensor(Tensor::random([50], Distribution::Default, &device));
        let embeddings = Tensor::<2>::random([50, 20], Distribution::Default, &device);
        for count in 1..=FEW_ROWS {
            let rows = Tensor::<2>::random([count, 20], Distribution::Default, &device);
            assert!(
                head.kernel_scores(rows.clone(), embeddings.clone())
                    .is_some(),
                "the kernel takes CPU tensors"
            );
            head.forward_rows_with(rows.clone(), embeddings.clone(), false)
                .into_data()
                .assert_approx_eq::<f32>(
                    &head
                        .forward_rows_with(rows, embeddings.clone(), true)
                        .into_data(),
                    Tolerance::default(),
                );
        }
    }
}
