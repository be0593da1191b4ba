//! A pre-training run as the browser and the command line share it: settings → model and
//! training configs, create (from a corpus, with a learned or borrowed vocabulary), step, probe,
//! save to bytes and restore from them, export. The caller decides when to step and how to show
//! it; this type owns everything that has to survive a reload.

use std::collections::HashMap;

use burn::tensor::Device;
use serde::{Deserialize, Serialize};

use super::adamw::AdamW;
use super::schedule::Schedule;
use super::state;
use super::trainer::{StepMetrics, TrainConfig, TrainError, Trainer};
use crate::config::{BertConfig, Preset};
use crate::data::{Corpus, ExampleView, Probe, probes};
use crate::inspect::{Prediction, fill_mask};
use crate::io::{Checkpoint, CheckpointError, HfFiles};
use crate::limits::LimitError;
use crate::tokenizer::learn::learn_vocab;
use crate::tokenizer::{Normalization, Tokenizer};

/// How many probe sentences a session asks.
pub const PROBE_COUNT: usize = 3;
/// Guesses shown per probe.
const PROBE_GUESSES: usize = 3;

const SESSION_KEY: &str = "bertlab.session";
const CORPUS_KEY: &str = "bertlab.corpus";

/// Everything a run is started with. The defaults are the Pre-training lesson's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionSettings {
    /// The corpus's name as shown (a shipped file name, an upload's name, "pasted text").
    pub corpus_name: String,
    /// A preset name (`tiny`, `mini`, …) or `custom` for `layers` × `hidden` × `heads`.
    pub preset: String,
    pub layers: usize,
    pub hidden: usize,
    pub heads: usize,
    /// Feed-forward width for `custom` (default 4 · hidden, as in the paper).
    pub intermediate: Option<usize>,
    /// Learn a vocabulary of this size from the corpus, or `None` to borrow one.
    pub vocab_size: Option<usize>,
    /// Keep case and accents (a cased vocabulary). Otherwise a learned vocabulary lower-cases,
    /// and strips accents unless the corpus has Hangul (see [`Normalization::for_corpus`]).
    pub cased: bool,
    pub batch_size: usize,
    pub max_len: usize,
    pub learning_rate: f64,
    /// Warm-up steps; `None`: a tenth of the planned steps.
    pub warmup_steps: Option<usize>,
    pub total_steps: usize,
    pub seed: u64,
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self {
            corpus_name: "toy-world.txt".into(),
            preset: "tiny".into(),
            layers: 2,
            hidden: 128,
            heads: 2,
            intermediate: None,
            vocab_size: Some(400),
            cased: false,
            batch_size: 16,
            max_len: 64,
            learning_rate: 1e-3,
            warmup_steps: None,
            total_steps: 1000,
            seed: 1,
        }
    }
}

impl SessionSettings {
    /// The BERT these settings ask for, with `vocab_size` tokens.
    pub fn bert_config(&self, vocab_size: usize) -> BertConfig {
        let base = match Preset::from_name(&self.preset) {
            Some(preset) => preset.config(),
            None => BertConfig {
                num_hidden_layers: self.layers,
                hidden_size: self.hidden,
                num_attention_heads: self.heads,
                intermediate_size: self.intermediate.unwrap_or(4 * self.hidden),
                ..Preset::Tiny.config()
            },
        };
        BertConfig {
            vocab_size,
            max_position_embeddings: base.max_position_embeddings.max(self.max_len),
            ..base
        }
    }

    /// Batch, length, schedule and seed.
    pub fn train_config(&self) -> TrainConfig {
        let total_steps = self.total_steps.max(1);
        TrainConfig {
            batch_size: self.batch_size.max(1),
            max_len: self.max_len.max(8),
            schedule: Schedule {
                peak: self.learning_rate,
                warmup_steps: self.warmup_steps.unwrap_or((total_steps / 10).max(1)),
                total_steps,
            },
            optimizer: AdamW::default(),
            seed: self.seed,
        }
    }
}

/// One step as the curves draw it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StepPoint {
    pub metrics: StepMetrics,
    pub tokens_per_second: f64,
}

/// What a step produced for the page: the curve point and one example of its batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepReport {
    pub point: StepPoint,
    pub example: Option<ExampleView>,
}

/// A probe sentence and the model's guesses for its [MASK] now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProbeResult {
    pub probe: Probe,
    pub guesses: Vec<Prediction>,
    /// Whether the top guess is the answer, compared as the tokenizer normalises text (case, and
    /// accents where the vocabulary strips them), so a composed Hangul answer meets its token.
    pub right: bool,
}

/// Whether a word is one token of `tokenizer` (only such a word can be a probe's answer).
fn one_token(tokenizer: &Tokenizer) -> impl Fn(&str) -> bool + '_ {
    |word| matches!(tokenizer.tokenize(word).as_slice(), [token] if token != "[UNK]")
}

/// Why a session could not be created or restored.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum SessionError {
    #[error("no vocabulary: learn one from the corpus, or load a model whose vocabulary to use")]
    NoVocabulary,
    #[error("these settings do not make a valid BERT: {0}")]
    Config(String),
    #[error("this model is too large for this device: {0}")]
    TooLarge(LimitError),
    #[error("this is not a bertlab training file: {0}")]
    NotATrainingFile(String),
}

/// What a save holds besides the trainer: the settings, the curves, the normalisation.
#[derive(Serialize, Deserialize)]
struct Described {
    settings: SessionSettings,
    history: Vec<StepPoint>,
    /// Absent in older saves (whose vocabularies were learned uncased or cased by `settings`).
    #[serde(default)]
    normalization: Option<Normalization>,
}

/// A pre-training run in progress.
pub struct Session {
    pub settings: SessionSettings,
    pub trainer: Trainer,
    pub tokenizer: Tokenizer,
    pub corpus: Corpus,
    pub probes: Vec<Probe>,
    /// Every step so far, for the curves (saved with the session).
    pub history: Vec<StepPoint>,
}

impl Session {
    /// A fresh run on `corpus`. `vocabulary` is used when the settings do not ask to learn one;
    /// `fits` says whether the device can hold the model (e.g. `limits::check_fits`).
    pub fn create(
        settings: SessionSettings,
        corpus: Corpus,
        vocabulary: Option<Tokenizer>,
        fits: impl Fn(&BertConfig) -> Result<(), LimitError>,
        device: &Device,
    ) -> Result<Self, SessionError> {
        let tokenizer = match settings.vocab_size {
            Some(size) => {
                let text = corpus.text();
                let normalization = Normalization::for_corpus(&text, settings.cased);
                Tokenizer::with_normalization(
                    learn_vocab(&text, size.max(10), normalization),
                    normalization,
                )
            }
            None => vocabulary.ok_or(SessionError::NoVocabulary)?,
        };
        let config = settings.bert_config(tokenizer.vocab.len());
        config.validate().map_err(SessionError::Config)?;
        fits(&config).map_err(SessionError::TooLarge)?;
        let trainer = Trainer::new(config, settings.train_config(), device);
        Ok(Self {
            probes: probes(&corpus, PROBE_COUNT, one_token(&tokenizer)),
            settings,
            trainer,
            tokenizer,
            corpus,
            history: Vec::new(),
        })
    }

    /// Restores a run saved by [`Session::save`] onto `device`. `legacy` is the description an
    /// older bertlab kept beside the bytes (`{settings, corpus_text, history}`), if any.
    pub fn restore(
        bytes: &[u8],
        legacy: Option<&str>,
        device: &Device,
    ) -> Result<Self, SessionError> {
        let refuse = |detail: String| SessionError::NotATrainingFile(detail);
        let loaded = state::load(bytes, device).map_err(|error| refuse(error.to_string()))?;
        let legacy: Option<serde_json::Value> =
            legacy.and_then(|json| serde_json::from_str(json).ok());
        let description = loaded
            .metadata
            .get(SESSION_KEY)
            .cloned()
            .or_else(|| legacy.as_ref().map(|value| value.to_string()))
            .ok_or_else(|| refuse("it holds no session settings".into()))?;
        let described: Described =
            serde_json::from_str(&description).map_err(|error| refuse(error.to_string()))?;
        let corpus_text = loaded
            .metadata
            .get(CORPUS_KEY)
            .cloned()
            .or_else(|| {
                legacy
                    .as_ref()?
                    .get("corpus_text")?
                    .as_str()
                    .map(str::to_string)
            })
            .ok_or_else(|| refuse("it holds no corpus".into()))?;
        let corpus = Corpus::parse(&corpus_text).map_err(|error| refuse(error.to_string()))?;
        let mut settings = described.settings.clone();
        // The file's own training config is the truth (an uploaded file may predate settings).
        let train = &loaded.trainer.train;
        settings.batch_size = train.batch_size;
        settings.max_len = train.max_len;
        settings.learning_rate = train.schedule.peak;
        settings.total_steps = train.schedule.total_steps;
        settings.seed = train.seed;
        let normalization = described
            .normalization
            .unwrap_or(Normalization::uncased(!settings.cased));
        let tokenizer = Tokenizer::with_normalization(loaded.vocab, normalization);
        Ok(Self {
            probes: probes(&corpus, PROBE_COUNT, one_token(&tokenizer)),
            tokenizer,
            trainer: loaded.trainer,
            settings,
            corpus,
            history: described.history,
        })
    }

    /// Steps taken so far.
    pub fn steps_done(&self) -> usize {
        self.trainer.steps_done()
    }

    /// Whether the planned number of steps is reached.
    pub fn finished(&self) -> bool {
        self.steps_done() >= self.trainer.train.schedule.total_steps
    }

    /// One training step. `now_ms` is the caller's clock (the browser's or the system's), for
    /// tokens per second.
    pub async fn step(&mut self, now_ms: &dyn Fn() -> f64) -> Result<StepReport, TrainError> {
        let examples = self.trainer.sample(&self.corpus, &self.tokenizer);
        let example = examples
            .first()
            .map(|example| example.view(&self.tokenizer));
        let started = now_ms();
        let metrics = self
            .trainer
            .step(&examples, self.tokenizer.vocab.pad)
            .await?;
        let seconds = ((now_ms() - started) / 1000.0).max(1e-6);
        let point = StepPoint {
            metrics,
            tokens_per_second: metrics.tokens as f64 / seconds,
        };
        self.history.push(point);
        Ok(StepReport { point, example })
    }

    /// The model's guesses for the probe sentences now.
    pub async fn probe(&self) -> Vec<ProbeResult> {
        let (model, device) = self.trainer.snapshot();
        let positions = self.trainer.config.max_position_embeddings;
        let mut results = Vec::with_capacity(self.probes.len());
        for probe in &self.probes {
            if let Ok((_, fills)) = fill_mask(
                &model,
                &self.tokenizer,
                &probe.text,
                PROBE_GUESSES,
                positions,
                &device,
            )
            .await
            {
                let guesses = fills
                    .into_iter()
                    .next()
                    .map(|f| f.predictions)
                    .unwrap_or_default();
                let answer = self.tokenizer.normalize(&probe.answer);
                results.push(ProbeResult {
                    probe: probe.clone(),
                    right: guesses.first().is_some_and(|guess| guess.token == answer),
                    guesses,
                });
            }
        }
        results
    }

    /// Everything as one file: weights, optimizer, step, sampler, vocabulary, settings, curves
    /// and corpus. [`Session::restore`] continues exactly where this left off.
    pub async fn save(&self) -> Result<Vec<u8>, CheckpointError> {
        let described = serde_json::to_string(&Described {
            settings: self.settings.clone(),
            history: self.history.clone(),
            normalization: Some(self.tokenizer.normalization),
        })
        .map_err(|error| CheckpointError::InvalidConfig(error.to_string()))?;
        let extra = HashMap::from([
            (SESSION_KEY.to_string(), described),
            (CORPUS_KEY.to_string(), self.corpus.to_text()),
        ]);
        state::save(&self.trainer, &self.tokenizer.vocab, extra).await
    }

    /// The current weights as a checkpoint (no autodiff, no dropout).
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            config: self.trainer.config.clone(),
            model: self.trainer.snapshot().0,
            vocab: Some(self.tokenizer.vocab.tokens().to_vec()),
            normalization: self.tokenizer.normalization,
        }
    }

    /// The current weights as Hugging Face files.
    pub async fn export(&self) -> Result<HfFiles, CheckpointError> {
        self.checkpoint().to_files().await
    }
}
