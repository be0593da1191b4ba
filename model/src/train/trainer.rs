//! The `Trainer`: owns the model on an autodiff device, the optimizer state and the data
//! sampler, and advances training by one step per call. Each step reads back only a handful of
//! numbers, asynchronously, so it runs the same on WebGPU in the browser and natively.

use burn::module::Module;
use burn::tensor::activation::log_softmax;
use burn::tensor::{Device, Int, Tensor};

use super::adamw::{AdamW, Moments};
use super::batch::PretrainingBatch;
use super::schedule::Schedule;
use crate::config::BertConfig;
use crate::data::{Corpus, PretrainingExample, Rng, build_example};
use crate::nn::{Bert, Heads};
use crate::runtime::read_floats;
use crate::tokenizer::Tokenizer;

/// Hyper-parameters of a pre-training run.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrainConfig {
    pub batch_size: usize,
    /// Longest example, [CLS] and [SEP]s included.
    pub max_len: usize,
    pub schedule: Schedule,
    pub optimizer: AdamW,
    pub seed: u64,
}

/// What one step measured.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StepMetrics {
    pub step: usize,
    pub mlm_loss: f32,
    pub mlm_accuracy: f32,
    pub nsp_loss: f32,
    pub nsp_accuracy: f32,
    pub learning_rate: f64,
    /// Real tokens in the batch (divide by the step's duration for tokens/s).
    pub tokens: usize,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum TrainError {
    #[error(
        "the loss became {value} at step {step}; the weights of the last good step were restored (try a lower learning rate)"
    )]
    NonFinite { step: usize, value: f32 },
    #[error("the model has no MLM and NSP heads to pre-train")]
    NoHeads,
    #[error("reading the step's results from the device failed: {0}")]
    Readback(String),
}

pub struct Trainer {
    pub model: Bert,
    pub config: BertConfig,
    pub train: TrainConfig,
    pub moments: Moments,
    /// Draws the examples; saved with the checkpoint so a resumed run sees the same data.
    pub rng: Rng,
    pub device: Device,
}

impl Trainer {
    /// A fresh BERT with pre-training heads on `device` (autodiff is switched on here).
    pub fn new(config: BertConfig, train: TrainConfig, device: &Device) -> Self {
        let device = device.clone().autodiff();
        device.seed(train.seed);
        let model = Bert::init(&config, Heads::PRETRAINING, &device);
        let rng = Rng::new(train_seed(train.seed));
        Self::resume(model, config, train, Moments::default(), rng, &device)
    }

    /// Continues from saved state (see `train::state`).
    pub fn resume(
        model: Bert,
        config: BertConfig,
        train: TrainConfig,
        moments: Moments,
        rng: Rng,
        device: &Device,
    ) -> Self {
        Self {
            model,
            config,
            train,
            moments,
            rng,
            device: device.clone().autodiff(),
        }
    }

    /// The current weights without autodiff, so without dropout, and the device they are on:
    /// for asking the model questions between steps (probes, exports).
    pub fn snapshot(&self) -> (Bert, Device) {
        (self.model.valid(), self.device.clone().inner())
    }

    /// Steps taken so far.
    pub fn steps_done(&self) -> usize {
        self.moments.step
    }

    /// Draws the next batch of examples (kept, so the UI can show how one was masked).
    pub fn sample(&mut self, corpus: &Corpus, tokenizer: &Tokenizer) -> Vec<PretrainingExample> {
        (0..self.train.batch_size)
            .map(|_| build_example(corpus, tokenizer, self.train.max_len, &mut self.rng))
            .collect()
    }

    /// One optimisation step on `examples`. On a NaN or infinite loss the model and optimizer
    /// are left as they were before the step and the error says so.
    pub async fn step(
        &mut self,
        examples: &[PretrainingExample],
        pad_id: u32,
    ) -> Result<StepMetrics, TrainError> {
        let step = self.moments.step + 1;
        // Dropout masks depend only on (seed, step): a resumed run repeats them exactly.
        self.device.seed(
            self.train
                .seed
                .wrapping_mul(0x9E37_79B9)
                .wrapping_add(step as u64),
        );
        let positions = self.config.max_position_embeddings;
        let batch = PretrainingBatch::new(examples, pad_id, positions, &self.device);
        let (mlm_logits, nsp_logits) = self
            .model
            .forward_pretraining(&batch.input, batch.mlm_positions.clone())
            .ok_or(TrainError::NoHeads)?;
        let (mlm_loss, mlm_correct) = cross_entropy(mlm_logits, batch.mlm_labels.clone());
        let (nsp_loss, nsp_correct) = cross_entropy(nsp_logits, batch.nsp_labels.clone());
        let loss = mlm_loss.clone() + nsp_loss.clone();
        let mut grads = loss.backward();

        let before = (self.model.clone(), self.moments.clone());
        let rate = self.train.schedule.rate(step);
        self.train
            .optimizer
            .step(&mut self.model, &mut grads, &mut self.moments, rate);

        let summary = Tensor::cat(
            vec![mlm_loss.inner(), nsp_loss.inner(), mlm_correct, nsp_correct],
            0,
        );
        let values = read_floats(summary)
            .await
            .map_err(|error| TrainError::Readback(error.to_string()))?;
        let predictions = batch.mlm_labels.dims()[0].max(1) as f32;
        let metrics = StepMetrics {
            step,
            mlm_loss: values[0],
            nsp_loss: values[1],
            mlm_accuracy: values[2] / predictions,
            nsp_accuracy: values[3] / examples.len().max(1) as f32,
            learning_rate: rate,
            tokens: batch.tokens,
        };
        if let Some(bad) = [metrics.mlm_loss, metrics.nsp_loss]
            .into_iter()
            .find(|v| !v.is_finite())
        {
            (self.model, self.moments) = before;
            return Err(TrainError::NonFinite { step, value: bad });
        }
        Ok(metrics)
    }
}

/// The data sampler's seed, kept apart from the weights' and dropout's.
fn train_seed(seed: u64) -> u64 {
    seed ^ 0x5EED_DA7A
}

/// Mean cross-entropy `[1]` of `logits` `[N, C]` against `labels` `[N]`, and the number of
/// correct arg-max predictions `[1]` (without autodiff).
pub fn cross_entropy(logits: Tensor<2>, labels: Tensor<1, Int>) -> (Tensor<1>, Tensor<1>) {
    let [count, _] = logits.dims();
    let correct = logits
        .clone()
        .inner()
        .argmax(1)
        .reshape([count])
        .equal(labels.clone().inner())
        .float()
        .sum();
    let picked = log_softmax(logits, 1).gather(1, labels.reshape([count, 1]));
    (picked.mean().neg(), correct)
}
