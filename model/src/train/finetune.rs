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

impl LabelledSet {
    /// What always answering the most frequent label scores on this set: (share, label).
    pub fn majority_baseline(&self) -> (f64, String) {
        let mut counts = vec![0usize; self.labels.len()];
        for (label, _) in &self.examples {
            counts[*label] += 1;
        }
        let (best, count) = counts
            .iter()
            .enumerate()
            .max_by_key(|(_, count)| **count)
            .map_or((0, 0), |(label, count)| (label, *count));
        (
            count as f64 / self.examples.len().max(1) as f64,
            self.labels.get(best).cloned().unwrap_or_default(),
        )
    }
}

/// What the learner chooses for a fine-tuning run; the rest are the lesson's fixed choices.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FineTuneSettings {
    pub epochs: usize,
    pub freeze_encoder: bool,
    pub batch_size: usize,
    /// Longest sentence in tokens, [CLS] and [SEP] included.
    pub max_len: usize,
    pub learning_rate: f64,
    pub seed: u64,
}

impl Default for FineTuneSettings {
    fn default() -> Self {
        Self {
            epochs: 5,
            freeze_encoder: false,
            batch_size: 16,
            max_len: 32,
            learning_rate: 1e-3,
            seed: 0,
        }
    }
}

impl FineTuneSettings {
    /// The run's config for `examples` training sentences and a model of `max_positions`:
    /// warm-up over half an epoch, then linear decay to 0 at the last step.
    pub fn config(&self, examples: usize, max_positions: usize) -> FineTuneConfig {
        let steps_per_epoch = examples.div_ceil(self.batch_size.max(1));
        FineTuneConfig {
            batch_size: self.batch_size.max(1),
            max_len: self.max_len.min(max_positions),
            schedule: Schedule {
                peak: self.learning_rate,
                warmup_steps: steps_per_epoch / 2,
                total_steps: steps_per_epoch * self.epochs,
            },
            freeze_encoder: self.freeze_encoder,
            seed: self.seed,
        }
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
        let mut model = match pretrained {
            Some(model) => Bert {
                pooler: model.pooler.or(fresh.pooler),
                mlm: None,
                nsp: None,
                classifier: Some(ClassifierHead::init(bert, labels, &device)),
                ..model
            },
            None => fresh,
        };
        if config.freeze_encoder {
            // Untracked weights record no backward graph, so a frozen run computes gradients for
            // the classifier alone instead of through the whole encoder (dropout stays on).
            model.embeddings = model.embeddings.no_grad();
            model.encoder = model.encoder.no_grad();
            model.pooler = model.pooler.map(|pooler| pooler.no_grad());
        }
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
        let order = self.shuffled(set);
        let mut total = 0.0;
        let mut batches = 0;
        for chunk in order.chunks(self.config.batch_size.max(1)) {
            total += self.train_batch(set, chunk, tokenizer).await?;
            batches += 1;
        }
        Ok(total / batches.max(1) as f32)
    }

    /// The order of one epoch's examples (each epoch draws a new one).
    pub fn shuffled(&mut self, set: &LabelledSet) -> Vec<usize> {
        let mut order: Vec<usize> = (0..set.examples.len()).collect();
        self.rng.shuffle(&mut order);
        order
    }

    /// One optimisation step on the examples `chunk` of `set`; returns its loss.
    pub async fn train_batch(
        &mut self,
        set: &LabelledSet,
        chunk: &[usize],
        tokenizer: &Tokenizer,
    ) -> Result<f32, TrainError> {
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
        let rate = self.config.schedule.rate(step);
        self.optimizer
            .step(&mut self.model, &mut grads, &mut self.moments, rate);
        let value = read_floats(loss.inner())
            .await
            .map_err(|e| TrainError::Readback(e.to_string()))?[0];
        if !value.is_finite() {
            return Err(TrainError::NonFinite { step, value });
        }
        Ok(value)
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
    let input = BertInput::padded(&ids, None, tokenizer.vocab.pad, max_len, device)
        .expect("a chunk is not empty");
    let labels: Vec<i64> = chunk.iter().map(|&i| set.examples[i].0 as i64).collect();
    let len = labels.len();
    (
        input,
        Tensor::from_data(TensorData::new(labels, [len]), device),
    )
}

/// The lesson's experiment: the same classifier trained on the pre-trained encoder and on
/// random weights, an epoch of one then an epoch of the other, one batch per [`tick`], so the
/// caller can answer other work between batches.
///
/// [`tick`]: Comparison::tick
pub struct Comparison {
    /// Pre-trained first, from scratch second.
    runs: [FineTuner; 2],
    train: LabelledSet,
    test: LabelledSet,
    tokenizer: Tokenizer,
    epochs: usize,
    /// Which run, which epoch (1-based), and where in that epoch's order.
    run: usize,
    epoch: usize,
    order: Vec<usize>,
    position: usize,
}

/// One run's test accuracy after one more epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochResult {
    /// 0: pre-trained encoder, 1: random weights.
    pub run: usize,
    pub epoch: usize,
    pub accuracy: f32,
}

impl Comparison {
    /// Both runs from a checkpoint's files (the second keeps only its config).
    pub fn new(
        files: &crate::io::HfFiles,
        tokenizer: Tokenizer,
        train: LabelledSet,
        test: LabelledSet,
        settings: FineTuneSettings,
        device: &Device,
    ) -> Result<Self, crate::io::CheckpointError> {
        let config: BertConfig = serde_json::from_slice(&files.config_json)
            .map_err(|error| crate::io::CheckpointError::InvalidConfig(error.to_string()))?;
        let run_config = settings.config(train.examples.len(), config.max_position_embeddings);
        let labels = train.labels.len();
        let build =
            |scratch| FineTuner::from_files(files, scratch, labels, run_config.clone(), device);
        let mut runs = [build(false)?, build(true)?];
        let order = runs[0].shuffled(&train);
        Ok(Self {
            runs,
            train,
            test,
            tokenizer,
            epochs: settings.epochs,
            run: 0,
            epoch: 1,
            order,
            position: 0,
        })
    }

    /// Whether every epoch of both runs is done.
    pub fn finished(&self) -> bool {
        self.epoch > self.epochs
    }

    /// One batch of the current run; at the end of its epoch, the test accuracy.
    pub async fn tick(&mut self) -> Result<Option<EpochResult>, TrainError> {
        if self.finished() {
            return Ok(None);
        }
        let tuner = &mut self.runs[self.run];
        let end = (self.position + tuner.config.batch_size).min(self.order.len());
        tuner
            .train_batch(
                &self.train,
                &self.order[self.position..end],
                &self.tokenizer,
            )
            .await?;
        self.position = end;
        if self.position < self.order.len() {
            return Ok(None);
        }
        let result = EpochResult {
            run: self.run,
            epoch: self.epoch,
            accuracy: tuner.accuracy(&self.test, &self.tokenizer).await?,
        };
        self.run = 1 - self.run;
        if self.run == 0 {
            self.epoch += 1;
        }
        self.order = self.runs[self.run].shuffled(&self.train);
        self.position = 0;
        Ok(Some(result))
    }
}
