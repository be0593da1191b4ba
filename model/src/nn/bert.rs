//! The whole model: embeddings → encoder → (pooler, MLM head, NSP head, classifier), each head
//! optional so one type serves `BertModel`, `BertForMaskedLM`, `BertForPreTraining` and
//! `BertForSequenceClassification` checkpoints.

use burn::module::{Module, Param};
use burn::tensor::{Device, Distribution, Int, Tensor};

use super::embeddings::{Embeddings, EmbeddingsOutput};
use super::encoder::{Encoder, EncoderOutput};
use super::heads::{ClassifierHead, MlmHead, NspHead, Pooler};
use super::input::BertInput;
use super::trace::Trace;
use crate::config::BertConfig;
use crate::nn::weights::{Scope, WeightVisitor};

/// Which parts sit on top of the encoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heads {
    pub pooler: bool,
    pub mlm: bool,
    pub nsp: bool,
    /// Number of labels of a sequence-classification head, if any.
    pub classifier: Option<usize>,
}

impl Heads {
    /// `BertForPreTraining`: pooler, MLM and NSP.
    pub const PRETRAINING: Heads = Heads {
        pooler: true,
        mlm: true,
        nsp: true,
        classifier: None,
    };
    /// `BertModel`: encoder and pooler only.
    pub const NONE: Heads = Heads {
        pooler: true,
        mlm: false,
        nsp: false,
        classifier: None,
    };
}

#[derive(Module, Debug)]
pub struct Bert {
    pub embeddings: Embeddings,
    pub encoder: Encoder,
    pub pooler: Option<Pooler>,
    pub mlm: Option<MlmHead>,
    pub nsp: Option<NspHead>,
    pub classifier: Option<ClassifierHead>,
}

/// Everything one forward pass produces. Heads the model lacks give `None`.
#[derive(Debug, Clone)]
pub struct BertOutput {
    /// The last layer's hidden states, `[B, S, H]`.
    pub last_hidden_state: Tensor<3>,
    /// tanh(dense([CLS])), `[B, H]`.
    pub pooler_output: Option<Tensor<2>>,
    /// MLM scores over the vocabulary, `[B, S, V]`.
    pub prediction_logits: Option<Tensor<3>>,
    /// NSP scores (IsNext, NotNext), `[B, 2]`.
    pub seq_relationship_logits: Option<Tensor<2>>,
    /// Classifier scores, `[B, labels]`.
    pub classifier_logits: Option<Tensor<2>>,
    /// What happened inside, when recording was asked for.
    pub trace: Option<Trace>,
}

impl Bert {
    /// A freshly initialised model as BERT initialises one: weights ~ N(0, initializer_range),
    /// biases 0, LayerNorm scale 1 and shift 0.
    pub fn init(config: &BertConfig, heads: Heads, device: &Device) -> Self {
        let mut model = Self::unfilled(config, heads, device);
        model.visit_weights(&mut BertInitializer {
            std: config.initializer_range,
        });
        model
    }

    /// The modules with their parameters not yet drawn (burn initialises a parameter when it is
    /// first read), for an importer to fill: loading a checkpoint then costs no random weights.
    pub(crate) fn unfilled(config: &BertConfig, heads: Heads, device: &Device) -> Self {
        Self {
            embeddings: Embeddings::init(config, device),
            encoder: Encoder::init(config, device),
            pooler: (heads.pooler || heads.nsp || heads.classifier.is_some())
                .then(|| Pooler::init(config, device)),
            mlm: heads.mlm.then(|| MlmHead::init(config, device)),
            nsp: heads.nsp.then(|| NspHead::init(config, device)),
            classifier: heads
                .classifier
                .map(|labels| ClassifierHead::init(config, labels, device)),
        }
    }

    /// Which heads this model has.
    pub fn heads(&self) -> Heads {
        Heads {
            pooler: self.pooler.is_some(),
            mlm: self.mlm.is_some(),
            nsp: self.nsp.is_some(),
            classifier: self
                .classifier
                .as_ref()
                .map(|head| head.classifier.shape().1),
        }
    }

    /// Runs the model. With `record`, the output carries a [`Trace`] of the embedding parts,
    /// every layer's output and every layer's attention probabilities.
    pub fn forward(&self, input: &BertInput, record: bool) -> BertOutput {
        let (embedded, encoded) = self.encode(input, record);
        let last = encoded.last_hidden_state;
        let pooled = self
            .pooler
            .as_ref()
            .map(|pooler| pooler.forward(last.clone()));
        let prediction_logits = self
            .mlm
            .as_ref()
            .map(|head| head.forward(last.clone(), self.embeddings.word_embeddings.weight.val()));
        let seq_relationship_logits = self
            .nsp
            .as_ref()
            .zip(pooled.clone())
            .map(|(head, pooled)| head.forward(pooled));
        let classifier_logits = self
            .classifier
            .as_ref()
            .zip(pooled.clone())
            .map(|(head, pooled)| head.forward(pooled));
        let trace = embedded.parts.map(|[token, segment, position, sum]| Trace {
            token_embeddings: token,
            segment_embeddings: segment,
            position_embeddings: position,
            embedding_sum: sum,
            embedding_output: embedded.output,
            layer_outputs: encoded.layer_outputs,
            attentions: encoded
                .records
                .iter()
                .map(|record| record.attention.probabilities.clone())
                .collect(),
            layers: encoded.records,
        });
        BertOutput {
            last_hidden_state: last,
            pooler_output: pooled,
            prediction_logits,
            seq_relationship_logits,
            classifier_logits,
            trace,
        }
    }

    /// Embeddings then encoder: the part every use of the model shares.
    fn encode(&self, input: &BertInput, record: bool) -> (EmbeddingsOutput, EncoderOutput) {
        let embedded = self.embeddings.forward(
            input.input_ids.clone(),
            input.token_type_ids.clone(),
            record,
        );
        let encoded = self.encoder.forward(
            embedded.output.clone(),
            input.attention_mask.clone(),
            record,
        );
        (embedded, encoded)
    }

    /// MLM logits `[rows, vocab]` at `positions` only (flat indices into batch × seq): what
    /// fill-mask needs, without scoring every other position against the whole vocabulary.
    pub fn mlm_logits_at(&self, input: &BertInput, positions: Tensor<1, Int>) -> Option<Tensor<2>> {
        let mlm = self.mlm.as_ref()?;
        let hidden = self.encode(input, false).1.last_hidden_state;
        let [batch, seq, width] = hidden.dims();
        let rows = hidden.reshape([batch * seq, width]).select(0, positions);
        Some(mlm.forward_rows(rows, self.embeddings.word_embeddings.weight.val()))
    }

    /// The pre-training outputs: MLM logits `[N, V]` at the flat positions `b·S + s` listed in
    /// `mlm_positions` only, and NSP logits `[B, 2]` (`None` without the heads).
    pub fn forward_pretraining(
        &self,
        input: &BertInput,
        mlm_positions: Tensor<1, Int>,
    ) -> Option<(Tensor<2>, Tensor<2>)> {
        let (mlm, nsp, pooler) = (
            self.mlm.as_ref()?,
            self.nsp.as_ref()?,
            self.pooler.as_ref()?,
        );
        let hidden = self.encode(input, false).1.last_hidden_state;
        let [batch, seq, width] = hidden.dims();
        let rows = hidden
            .clone()
            .reshape([batch * seq, width])
            .select(0, mlm_positions);
        let mlm_logits = mlm.forward_rows(rows, self.embeddings.word_embeddings.weight.val());
        Some((mlm_logits, nsp.forward(pooler.forward(hidden))))
    }

    /// Walks every parameter with its Hugging Face `BertForPreTraining` /
    /// `BertForSequenceClassification` name (`bert.…`, `cls.…`, `classifier.…`).
    pub fn visit_weights<V: WeightVisitor>(&mut self, visitor: &mut V) {
        let mut root = Scope::root(visitor);
        {
            let mut bert = root.pp("bert");
            self.embeddings.visit_weights(&mut bert.pp("embeddings"));
            self.encoder.visit_weights(&mut bert.pp("encoder"));
            if let Some(pooler) = self.pooler.as_mut() {
                pooler.visit_weights(&mut bert.pp("pooler"));
            }
        }
        let mut cls = root.pp("cls");
        if let Some(mlm) = self.mlm.as_mut() {
            mlm.visit_weights(&mut cls.pp("predictions"));
        }
        if let Some(nsp) = self.nsp.as_mut() {
            nsp.visit_weights(&mut cls);
        }
        drop(cls);
        if let Some(classifier) = self.classifier.as_mut() {
            classifier.visit_weights(&mut root);
        }
    }

    /// Readies a model that will only run inference on `device`: on the CPU backend, packs every
    /// dense layer's weight (see [`crate::nn::dense`]; same results, read in order); elsewhere
    /// nothing. Checkpoint export and any other visitor unpack them again; training never packs.
    pub fn prepare_for_inference(&mut self, device: &Device) {
        if *device == Device::flex() {
            self.visit_weights(&mut PackDense);
        }
    }
}

/// Packs each dense layer and leaves the other parameters alone.
struct PackDense;

impl WeightVisitor for PackDense {
    fn matrix(&mut self, _name: &str, _param: &mut Param<Tensor<2>>, _transposed: bool) {}

    fn vector(&mut self, _name: &str, _param: &mut Param<Tensor<1>>) {}

    fn dense(&mut self, _name: &str, dense: &mut crate::nn::dense::Dense) {
        dense.pack();
    }
}

/// BERT's initialisation (`BertPreTrainedModel._init_weights`), applied by name.
struct BertInitializer {
    std: f64,
}

impl WeightVisitor for BertInitializer {
    fn matrix(&mut self, _name: &str, param: &mut Param<Tensor<2>>, _transposed: bool) {
        let value = param.val();
        let normal = Tensor::random(
            value.shape(),
            Distribution::Normal(0.0, self.std),
            &value.device(),
        );
        *param = Param::from_tensor(normal);
    }

    fn vector(&mut self, name: &str, param: &mut Param<Tensor<1>>) {
        let value = param.val();
        let fresh = if name.ends_with("LayerNorm.weight") {
            value.ones_like()
        } else {
            value.zeros_like()
        };
        *param = Param::from_tensor(fresh);
    }
}
