//! The pre-training session, app-wide: it keeps training while the learner visits other
//! lessons, is saved to IndexedDB every few steps and on pause, and is restored after a reload.
//! The loop takes one `Trainer::step` at a time and gives the browser a turn between steps.

use bertlab_model::data::{Corpus, MaskDecision, PretrainingExample, Probe, probes};
use bertlab_model::inspect::{Prediction, fill_mask};
use bertlab_model::limits::check_fits;
use bertlab_model::tokenizer::learn::learn_vocab;
use bertlab_model::train::adamw::AdamW;
use bertlab_model::train::{Schedule, StepMetrics, TrainConfig, Trainer, state};
use bertlab_model::{BertConfig, Checkpoint, Preset, Tokenizer};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::runtime::Runtime;
use crate::state::{ModelSource, Models, sleep_ms, yield_to_browser};
use crate::storage;

const STORAGE_KEY: &str = "pretraining";
/// Save to IndexedDB this often (and on pause): a reload loses at most this many steps.
pub const SAVE_EVERY: usize = 10;
/// Ask the probe sentences again this often.
pub const PROBE_EVERY: usize = 10;
const PROBE_COUNT: usize = 3;

/// The corpora shipped in `static/corpora/`: (file, English name, Korean name).
pub const SHIPPED_CORPORA: [(&str, &str, &str); 4] = [
    (
        "toy-world.txt",
        "Toy world (animals, people, weather)",
        "장난감 세계 (동물, 사람, 날씨)",
    ),
    ("polysemy.txt", "Words with two meanings", "뜻이 둘인 단어"),
    (
        "explanations.txt",
        "How things work (short explanations)",
        "원리 설명 (짧은 글)",
    ),
    ("korean.txt", "Korean sentences", "한국어 문장"),
];

/// Everything a run was started with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The corpus's name as shown (a shipped file name, an upload's name, or "pasted text").
    pub corpus_name: String,
    /// `tiny`, `mini` or `custom`.
    pub preset: String,
    pub layers: usize,
    pub hidden: usize,
    pub heads: usize,
    /// Learn a vocabulary of this size from the corpus, or `None` to use the loaded model's.
    pub vocab_size: Option<usize>,
    pub batch_size: usize,
    pub max_len: usize,
    pub learning_rate: f64,
    pub total_steps: usize,
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            corpus_name: SHIPPED_CORPORA[0].0.into(),
            preset: "tiny".into(),
            layers: 2,
            hidden: 128,
            heads: 2,
            vocab_size: Some(400),
            batch_size: 16,
            max_len: 64,
            learning_rate: 1e-3,
            total_steps: 1000,
            seed: 1,
        }
    }
}

impl Settings {
    /// The BERT shape these settings ask for, with `vocab_size` tokens.
    pub fn bert_config(&self, vocab_size: usize) -> BertConfig {
        let base = match self.preset.as_str() {
            "mini" => Preset::Mini.config(),
            "tiny" => Preset::Tiny.config(),
            _ => BertConfig {
                num_hidden_layers: self.layers,
                hidden_size: self.hidden,
                num_attention_heads: self.heads,
                intermediate_size: 4 * self.hidden,
                ..Preset::Tiny.config()
            },
        };
        BertConfig { vocab_size, ..base }
    }
}

/// One step as the charts draw it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub metrics: StepMetrics,
    pub tokens_per_second: f64,
}

/// What happened to each token of one example, for the masking view.
#[derive(Debug, Clone, PartialEq)]
pub struct MaskedExample {
    /// (what the model reads, the original token, decision, segment).
    pub tokens: Vec<(String, String, MaskDecision, u32)>,
    pub a: String,
    pub b: String,
    pub is_next: bool,
}

impl MaskedExample {
    fn new(example: &PretrainingExample, tokenizer: &Tokenizer) -> Self {
        let name = |id: u32| tokenizer.vocab.token(id).unwrap_or("[UNK]").to_string();
        Self {
            tokens: (0..example.encoding.len())
                .map(|i| {
                    (
                        name(example.masked.input_ids[i]),
                        example.encoding.tokens[i].clone(),
                        example.masked.decisions[i],
                        example.encoding.type_ids[i],
                    )
                })
                .collect(),
            a: example.pair.a.clone(),
            b: example.pair.b.clone(),
            is_next: example.pair.is_next,
        }
    }
}

/// What is saved besides the trainer's own state.
#[derive(Serialize, Deserialize)]
struct Saved {
    settings: Settings,
    corpus_text: String,
    history: Vec<Point>,
}

/// A run in progress (not reactive: the loop owns it while a step runs).
struct Session {
    trainer: Trainer,
    tokenizer: Tokenizer,
    corpus: Corpus,
    corpus_text: String,
    probes: Vec<Probe>,
}

/// Where the session is: none, here, or lent to a task awaiting the device with it.
enum Slot {
    Empty,
    Here(Session),
    Lent,
}

/// Where the session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Looking for a saved session.
    Restoring,
    /// No session yet: settings can be changed.
    Empty,
    /// A session exists and waits.
    Paused,
    Running,
    /// Pause was asked for: finishing the step in progress and saving.
    Stopping,
    /// Reached its planned number of steps.
    Finished,
}

impl Phase {
    pub fn code(self) -> &'static str {
        match self {
            Phase::Restoring => "restoring",
            Phase::Empty => "empty",
            Phase::Paused => "paused",
            Phase::Running => "running",
            Phase::Stopping => "stopping",
            Phase::Finished => "finished",
        }
    }
}

/// The app-wide pre-training context.
#[derive(Clone, Copy)]
pub struct Training {
    pub phase: RwSignal<Phase>,
    pub settings: RwSignal<Settings>,
    /// The text of an uploaded or pasted corpus (shipped ones are fetched when training starts).
    pub custom_corpus: RwSignal<Option<String>>,
    pub history: RwSignal<Vec<Point>>,
    pub example: RwSignal<Option<MaskedExample>>,
    pub probe_results: RwSignal<Vec<(Probe, Vec<Prediction>)>>,
    pub error: RwSignal<Option<String>>,
    pub notice: RwSignal<Option<String>>,
    /// When the last save to IndexedDB finished (step).
    pub saved_step: RwSignal<Option<usize>>,
    slot: StoredValue<Slot, LocalStorage>,
    runtime: Runtime,
    models: Models,
}

impl Training {
    pub fn provide() {
        let training = Training {
            phase: RwSignal::new(Phase::Restoring),
            settings: RwSignal::new(Settings::default()),
            custom_corpus: RwSignal::new(None),
            history: RwSignal::new(Vec::new()),
            example: RwSignal::new(None),
            probe_results: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            saved_step: RwSignal::new(None),
            slot: StoredValue::new_local(Slot::Empty),
            runtime: Runtime::get(),
            models: Models::get(),
        };
        provide_context(training);
        // Restore a saved session once a device is ready.
        let runtime = training.runtime;
        Effect::new(move |restored: Option<bool>| {
            if restored == Some(true) {
                return true;
            }
            if runtime.status.with(|status| status.device().is_none()) {
                return false;
            }
            leptos::task::spawn_local(training.restore());
            true
        });
    }

    pub fn get() -> Training {
        expect_context::<Training>()
    }

    pub fn steps_done(self) -> usize {
        self.history
            .with(|h| h.last().map_or(0, |p| p.metrics.step))
    }

    async fn restore(self) {
        let saved = match storage::get(STORAGE_KEY).await {
            Ok(Some(value)) => storage::unpack(&value),
            Ok(None) => None,
            Err(error) => {
                self.notice
                    .set(Some(format!("Saved training could not be read: {error}")));
                None
            }
        };
        let Some((bytes, json)) = saved else {
            self.phase.set(Phase::Empty);
            return;
        };
        match self.rebuild(&bytes, &json) {
            Ok((session, saved)) => {
                let step = session.trainer.steps_done();
                let finished = step >= saved.settings.total_steps;
                self.settings.set(saved.settings);
                self.history.set(saved.history);
                self.saved_step.set(Some(step));
                self.slot.set_value(Slot::Here(session));
                self.phase.set(if finished {
                    Phase::Finished
                } else {
                    Phase::Paused
                });
                self.notice
                    .set(Some(format!("Restored your training from step {step}.")));
                leptos::task::spawn_local(self.ask_probes());
            }
            Err(error) => {
                self.phase.set(Phase::Empty);
                self.error.set(Some(format!(
                    "The saved training could not be restored: {error}"
                )));
            }
        }
    }

    fn rebuild(self, bytes: &[u8], json: &str) -> Result<(Session, Saved), String> {
        let saved: Saved = serde_json::from_str(json).map_err(|error| error.to_string())?;
        let device = self.device()?;
        let (trainer, vocab) =
            state::load(bytes, &device.device).map_err(|error| error.to_string())?;
        let corpus = Corpus::parse(&saved.corpus_text).map_err(|error| error.to_string())?;
        let session = Session {
            trainer,
            tokenizer: Tokenizer::new(vocab, true),
            probes: probes(&corpus, PROBE_COUNT),
            corpus,
            corpus_text: saved.corpus_text.clone(),
        };
        Ok((session, saved))
    }

    fn device(self) -> Result<bertlab_model::ComputeDevice, String> {
        self.runtime
            .status
            .with_untracked(|status| status.device().cloned())
            .ok_or_else(|| "no compute device is ready yet".to_string())
    }

    /// The corpus text for the current settings.
    async fn corpus_text(self) -> Result<String, String> {
        if let Some(text) = self.custom_corpus.get_untracked() {
            return Ok(text);
        }
        let name = self.settings.with_untracked(|s| s.corpus_name.clone());
        crate::fetch::shipped_corpus(&name).await
    }

    /// A new session from the settings, or the reason it cannot start.
    async fn create(self) -> Result<Session, String> {
        let settings = self.settings.get_untracked();
        let device = self.device()?;
        let corpus_text = self.corpus_text().await?;
        let corpus = Corpus::parse(&corpus_text)
            .map_err(|error| format!("This corpus cannot be used: {error}."))?;
        let tokenizer = match settings.vocab_size {
            Some(size) => {
                self.notice
                    .set(Some("Learning a vocabulary from the corpus…".into()));
                yield_to_browser().await;
                Tokenizer::new(learn_vocab(&corpus.text(), size.max(10), true), true)
            }
            None => self
                .models
                .current
                .with_untracked(|model| model.as_ref().map(|m| m.tokenizer.clone()))
                .ok_or("no model is loaded, so there is no vocabulary to borrow")?,
        };
        let config = settings.bert_config(tokenizer.vocab.len());
        config.validate()?;
        check_fits(&config, device.kind)
            .map_err(|error| format!("This model is too large for this device: {error}."))?;
        let train = TrainConfig {
            batch_size: settings.batch_size.max(1),
            max_len: settings.max_len.max(8),
            schedule: Schedule {
                peak: settings.learning_rate,
                warmup_steps: (settings.total_steps / 10).max(1),
                total_steps: settings.total_steps.max(1),
            },
            optimizer: AdamW::default(),
            seed: settings.seed,
        };
        self.notice.set(None);
        Ok(Session {
            trainer: Trainer::new(config, train, &device.device),
            probes: probes(&corpus, PROBE_COUNT),
            tokenizer,
            corpus,
            corpus_text,
        })
    }

    /// Starts (or resumes) training until paused or finished.
    pub fn start(self) {
        if matches!(
            self.phase.get_untracked(),
            Phase::Running | Phase::Stopping | Phase::Restoring
        ) {
            return;
        }
        self.phase.set(Phase::Running);
        self.error.set(None);
        leptos::task::spawn_local(self.run(None));
    }

    /// One step, then pause.
    pub fn single_step(self) {
        if matches!(
            self.phase.get_untracked(),
            Phase::Running | Phase::Stopping | Phase::Restoring | Phase::Finished
        ) {
            return;
        }
        self.phase.set(Phase::Running);
        self.error.set(None);
        leptos::task::spawn_local(self.run(Some(1)));
    }

    /// Stops after the step in progress; the phase becomes `Paused` once that step is saved.
    pub fn pause(self) {
        if self.phase.get_untracked() == Phase::Running {
            self.phase.set(Phase::Stopping);
        }
    }

    /// Forgets the session, here and in IndexedDB.
    pub fn reset(self) {
        if matches!(self.phase.get_untracked(), Phase::Running | Phase::Stopping) {
            return;
        }
        self.slot.set_value(Slot::Empty);
        self.history.set(Vec::new());
        self.example.set(None);
        self.probe_results.set(Vec::new());
        self.saved_step.set(None);
        self.error.set(None);
        self.notice.set(None);
        self.phase.set(Phase::Empty);
        leptos::task::spawn_local(async move {
            let _ = storage::delete(STORAGE_KEY).await;
        });
    }

    async fn run(self, limit: Option<usize>) {
        let mut session = match self.lend().await {
            Some(session) => session,
            None => match self.create().await {
                Ok(session) => session,
                Err(message) => {
                    self.error.set(Some(message));
                    self.notice.set(None);
                    self.phase.set(Phase::Empty);
                    return;
                }
            },
        };
        let mut taken = 0;
        let pad = session.tokenizer.vocab.pad;
        while self.phase.get_untracked() == Phase::Running
            && limit.is_none_or(|limit| taken < limit)
        {
            if session.trainer.steps_done() >= session.trainer.train.schedule.total_steps {
                self.phase.set(Phase::Finished);
                break;
            }
            let examples = session.trainer.sample(&session.corpus, &session.tokenizer);
            self.example.set(
                examples
                    .first()
                    .map(|e| MaskedExample::new(e, &session.tokenizer)),
            );
            let started = now();
            match session.trainer.step(&examples, pad).await {
                Ok(metrics) => {
                    let seconds = ((now() - started) / 1000.0).max(1e-6);
                    self.history.update(|history| {
                        history.push(Point {
                            metrics,
                            tokens_per_second: metrics.tokens as f64 / seconds,
                        })
                    });
                    taken += 1;
                    let step = metrics.step;
                    if step % PROBE_EVERY == 0 {
                        self.probe(&session).await;
                    }
                    if step % SAVE_EVERY == 0 {
                        self.save(&session).await;
                    }
                }
                Err(error) => {
                    self.error.set(Some(error.to_string()));
                    self.phase.set(Phase::Paused);
                }
            }
            yield_to_browser().await;
        }
        self.save(&session).await;
        self.probe(&session).await;
        self.give_back(session);
        if matches!(self.phase.get_untracked(), Phase::Running | Phase::Stopping) {
            self.phase.set(Phase::Paused);
        }
    }

    async fn save(self, session: &Session) {
        let step = session.trainer.steps_done();
        if self.saved_step.get_untracked() == Some(step) {
            return;
        }
        let saved = Saved {
            settings: self.settings.get_untracked(),
            corpus_text: session.corpus_text.clone(),
            history: self.history.get_untracked(),
        };
        let result = match state::save(&session.trainer, &session.tokenizer.vocab).await {
            Ok(bytes) => {
                let json = serde_json::to_string(&saved).unwrap_or_default();
                storage::put(STORAGE_KEY, &storage::record(&bytes, &json)).await
            }
            Err(error) => Err(error.to_string()),
        };
        match result {
            Ok(()) => self.saved_step.set(Some(step)),
            Err(error) => self.notice.set(Some(format!(
                "Training could not be saved in this browser: {error}"
            ))),
        }
    }

    /// The model's guesses for the probe sentences, now (for the stored session).
    async fn ask_probes(self) {
        let Some(session) = self.lend().await else {
            return;
        };
        self.probe(&session).await;
        self.give_back(session);
    }

    async fn probe(self, session: &Session) {
        let (model, device) = session.trainer.snapshot();
        let mut results = Vec::new();
        for probe in &session.probes {
            if let Ok((_, fills)) =
                fill_mask(&model, &session.tokenizer, &probe.text, 3, 512, &device).await
            {
                let predictions = fills
                    .into_iter()
                    .next()
                    .map(|f| f.predictions)
                    .unwrap_or_default();
                results.push((probe.clone(), predictions));
            }
        }
        self.probe_results.set(results);
    }

    /// The current weights as a Hugging Face checkpoint's files.
    pub async fn export(self) -> Result<bertlab_model::HfFiles, String> {
        let session = self
            .lend()
            .await
            .ok_or("there is no trained model yet: start training first")?;
        let checkpoint = Checkpoint {
            config: session.trainer.config.clone(),
            model: session.trainer.snapshot().0,
            vocab: Some(session.tokenizer.vocab.tokens().to_vec()),
        };
        self.give_back(session);
        checkpoint
            .to_files()
            .await
            .map_err(|error| error.to_string())
    }

    /// Takes the session out for work that awaits the device; waits while another task has it
    /// (after a reload the probes can hold it for many seconds on a slow GPU). `None`: no session.
    async fn lend(self) -> Option<Session> {
        loop {
            let lent =
                self.slot
                    .try_update_value(|slot| match std::mem::replace(slot, Slot::Lent) {
                        Slot::Here(session) => Some(Some(session)),
                        Slot::Lent => None,
                        Slot::Empty => {
                            *slot = Slot::Empty;
                            Some(None)
                        }
                    })?;
            match lent {
                Some(session) => return session,
                None => sleep_ms(50).await,
            }
        }
    }

    /// Returns a lent session, unless it was reset or replaced meanwhile.
    fn give_back(self, session: Session) {
        self.slot.try_update_value(|slot| {
            if matches!(slot, Slot::Lent) {
                *slot = Slot::Here(session);
            }
        });
    }

    /// The whole training state as one file (weights, optimizer, step, vocabulary).
    pub async fn state_bytes(self) -> Result<Vec<u8>, String> {
        let session = self
            .lend()
            .await
            .ok_or("there is no training to download yet")?;
        let bytes = state::save(&session.trainer, &session.tokenizer.vocab).await;
        self.give_back(session);
        bytes.map_err(|error| error.to_string())
    }

    /// Continues from an uploaded training file, on the corpus chosen now. A bad file changes
    /// nothing.
    pub async fn upload(self, bytes: Vec<u8>) -> Result<(), String> {
        if matches!(self.phase.get_untracked(), Phase::Running | Phase::Stopping) {
            return Err("pause the training before loading another one".into());
        }
        let device = self.device()?;
        let (trainer, vocab) = state::load(&bytes, &device.device)
            .map_err(|error| format!("This file is not a bertlab training file: {error}"))?;
        let corpus_text = self.corpus_text().await?;
        let corpus = Corpus::parse(&corpus_text).map_err(|error| error.to_string())?;
        let step = trainer.steps_done();
        let mut settings = self.settings.get_untracked();
        settings.total_steps = trainer.train.schedule.total_steps;
        settings.batch_size = trainer.train.batch_size;
        settings.max_len = trainer.train.max_len;
        settings.learning_rate = trainer.train.schedule.peak;
        self.settings.set(settings);
        self.slot.set_value(Slot::Here(Session {
            trainer,
            tokenizer: Tokenizer::new(vocab, true),
            probes: probes(&corpus, PROBE_COUNT),
            corpus,
            corpus_text,
        }));
        self.history.set(Vec::new());
        self.saved_step.set(None);
        self.phase.set(Phase::Paused);
        self.notice.set(Some(format!(
            "Loaded a training at step {step}; its curves were not in the file."
        )));
        self.ask_probes().await;
        Ok(())
    }

    /// Makes the trained model the one every lesson uses.
    pub async fn use_in_lessons(self) -> Result<(), String> {
        let files = self.export().await?;
        let name = format!("pre-trained here (step {})", self.steps_done());
        self.models.load_files(name, ModelSource::Files, files);
        Ok(())
    }
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}
