//! Fine-tuning: a classifier on the pooled [CLS] vector, trained on labelled sentences, starting
//! from a pre-trained encoder or from random weights (to show what pre-training buys), with the
//! encoder optionally frozen. Same AdamW and schedule as pre-training.

use burn::module::Module;
use burn::tensor::{Device, Int, Tensor, TensorData};

use super::adamw::{AdamW, Moments};
use super::schedule::Schedule;
use super::trainer::{TrainError, cross_entropy};
use crate::config::BertConfig;
use crate::data::Rng;
use crate::nn::heads::ClassifierHead;
use crate::nn::{Bert, BertInput, Heads};
use crate::runtime::read_floats;
use crate::tokenizer::{Tokenizer, tokenizer_limits};

/// Sentences with labels, from `label<TAB>sentence` lines.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledSet {
    /// Label names; an example's label is an index into this.
    pub labels: Vec<String>,
    pub examples: Vec<(usize, String)>,
}

impl LabelledSet {
    /// Parses TSV. `labels` fixes the label order (pass the training set's to read its test set).
    pub fn parse(text: &str, labels: Option<&[String]>) -> Result<Self, String> {
        let mut names: Vec<String> = labels.map(<[String]>::to_vec).unwrap_or_default();
        let mut examples = Vec::new();
        for (number, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let (label, sentence) = line
                .split_once('\t')
                .ok_or_else(|| format!("line {}: expected label<TAB>sentence", number + 1))?;
            let index = match names.iter().position(|name| name == label) {
                Some(index) => index,
                None if labels.is_none() => {
                    names.push(label.to_string());
                    names.len() - 1
                }
                None => {
                    return Err(format!(
                        "line {}: label {label:?} is not in the training set",
                        number + 1
                    ));
                }
            };
            examples.push((index, sentence.trim().to_string()));
        }
        if examples.is_empty() {
            return Err("no labelled sentences".into());
        }
        if names.len() < 2 {
            return Err("a classifier needs at least two labels".into());
        }
        Ok(Self {
            labels: names,
            examples,
        })
    }
}

/// Hyper-parameters of a fine-tuning run.
#[derive(Debug, Clone, PartialEq)]
pub struct FineTuneConfig {
    pub batch_size: usize,
    pub max_len: usize,
    pub schedule: Schedule,
    pub freeze_encoder: bool,
    pub seed: u64,
}

pub struct FineTuner {
    pub model: Bert,
    pub config: FineTuneConfig,
    moments: Moments,
    optimizer: AdamW,
    rng: Rng,
    device: Device,
}

impl FineTuner {
    /// From a pre-trained model (its pooler and encoder are kept, its heads replaced by a fresh
    /// classifier), or from random weights when `pretrained` is `None`.
    pub fn new(
        pretrained: Option<Bert>,
        bert: &BertConfig,
        labels: usize,
        config: FineTuneConfig,
        device: &Device,
    ) -> Self {
        let device = device.clone().autodiff();
        device.seed(config.seed);
        let heads = Heads {
            pooler: true,
            mlm: false,
            nsp: false,
            classifier: Some(labels),
        };
        let fresh = Bert::init(bert, heads, &device);
        let model = match pretrained {
            Some(model) => Bert {
                pooler: model.pooler.or(fresh.pooler),
                mlm: None,
                nsp: None,
                classifier: Some(ClassifierHead::init(bert, labels, &device)),
                ..model
            },
            None => fresh,
        };
        Self {
            model,
            moments: Moments::default(),
            optimizer: AdamW::default(),
            rng: Rng::new(config.seed),
            config,
            device,
        }
    }

    /// Like [`FineTuner::new`] from a checkpoint's files: the pre-trained weights (loaded onto the
    /// training device), or only its config when `from_scratch`.
    pub fn from_files(
        files: &crate::io::HfFiles,
        from_scratch: bool,
        labels: usize,
        config: FineTuneConfig,
        device: &Device,
    ) -> Result<Self, crate::io::CheckpointError> {
        let checkpoint = crate::io::Checkpoint::from_files(files, &device.clone().autodiff())?;
        let pretrained = (!from_scratch).then_some(checkpoint.model);
        Ok(Self::new(
            pretrained,
            &checkpoint.config,
            labels,
            config,
            device,
        ))
    }

    /// One epoch over `set` in a shuffled order; returns the mean training loss.
    pub async fn epoch(
        &mut self,
        set: &LabelledSet,
        tokenizer: &Tokenizer,
    ) -> Result<f32, TrainError> {
        let mut order: Vec<usize> = (0..set.examples.len()).collect();
        self.rng.shuffle(&mut order);
        let mut total = 0.0;
        let mut batches = 0;
        for chunk in order.chunks(self.config.batch_size.max(1)) {
            let step = self.moments.step + 1;
            self.device.seed(self.config.seed.wrapping_add(step as u64));
            let (input, labels) = encode(set, chunk, tokenizer, self.config.max_len, &self.device);
            let logits = self
                .model
                .forward(&input, false)
                .classifier_logits
                .expect("classifier head");
            let (loss, _) = cross_entropy(logits, labels);
            let mut grads = loss.backward();
            let frozen: &[&str] = if self.config.freeze_encoder {
                &["bert."]
            } else {
                &[]
            };
            let rate = self.config.schedule.rate(step);
            self.optimizer
                .step(&mut self.model, &mut grads, &mut self.moments, rate, frozen);
            let value = read_floats(loss.inner())
                .await
                .map_err(|e| TrainError::Readback(e.to_string()))?[0];
            if !value.is_finite() {
                return Err(TrainError::NonFinite { step, value });
            }
            total += value;
            batches += 1;
        }
        Ok(total / batches.max(1) as f32)
    }

    /// Share of `set` classified correctly (no dropout).
    pub async fn accuracy(
        &self,
        set: &LabelledSet,
        tokenizer: &Tokenizer,
    ) -> Result<f32, TrainError> {
        let model = self.model.valid();
        let device = self.device.clone().inner();
        let indices: Vec<usize> = (0..set.examples.len()).collect();
        let mut correct = 0.0;
        for chunk in indices.chunks(64) {
            let (input, labels) = encode(set, chunk, tokenizer, self.config.max_len, &device);
            let logits = model
                .forward(&input, false)
                .classifier_logits
                .expect("classifier head");
            let (_, hits) = cross_entropy(logits, labels);
            correct += read_floats(hits)
                .await
                .map_err(|e| TrainError::Readback(e.to_string()))?[0];
        }
        Ok(correct / set.examples.len().max(1) as f32)
    }
}

fn encode(
    set: &LabelledSet,
    chunk: &[usize],
    tokenizer: &Tokenizer,
    max_len: usize,
    device: &Device,
) -> (BertInput, Tensor<1, Int>) {
    let encodings: Vec<_> = chunk
        .iter()
        .map(|&i| tokenizer.encode_pair_with(&set.examples[i].1, None, tokenizer_limits(max_len)))
        .collect();
    let ids: Vec<&[u32]> = encodings.iter().map(|e| e.ids.as_slice()).collect();
    let input =
        BertInput::padded(&ids, None, tokenizer.vocab.pad, device).expect("a chunk is not empty");
    let labels: Vec<i64> = chunk.iter().map(|&i| set.examples[i].0 as i64).collect();
    let len = labels.len();
    (
        input,
        Tensor::from_data(TensorData::new(labels, [len]), device),
    )
}
