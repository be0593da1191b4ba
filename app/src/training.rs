//! The pre-training session as the page sees it: the compute worker owns and steps the session
//! (`compute/pretraining.rs`, on `bertlab_model::train::Session`); this context sends the
//! learner's commands and keeps what the worker reports — phase, curves, the masking of one
//! example, the probes — so every lesson can read it, and training goes on while the learner
//! visits other lessons. When a new worker starts, the saved session is restored into it (and
//! resumed if it was running).

use bertlab_model::course::Defaults;
use bertlab_model::data::ExampleView;
use bertlab_model::train::{ProbeResult, SessionSettings, StepPoint};
use bertlab_model::{BertConfig, HfFiles};
use futures::FutureExt;
use leptos::prelude::*;

use crate::compute::protocol::{Fault, Phase, Reply, Request, TrainCommand, TrainingEvent};
use crate::compute::{Compute, StartReason};
use crate::runtime::Runtime;
use crate::state::{ModelSource, Models};

/// A corpus shipped in `static/corpora/` that pre-training offers.
pub struct ShippedCorpus {
    pub file: &'static str,
    pub name: (&'static str, &'static str),
    /// The vocabulary learned from it by default: Korean needs room for its syllables (each
    /// also as a `##` piece) before any merge.
    pub vocab_size: usize,
    /// The steps a run plans by default (the learning rate decays to zero at the last one):
    /// enough for a probe to turn right on the tiny preset. Korean needs more: with a 1,000-step
    /// plan none of its probes is right at the end; with 3,000 the first is right by step
    /// 1,000 and all three by 2,000 (`examples/probe_run`, natively, seed 1).
    pub planned_steps: usize,
}

pub const SHIPPED_CORPORA: [ShippedCorpus; 6] = [
    ShippedCorpus {
        file: "toy-world.txt",
        name: (
            "Toy world (animals, people, weather)",
            "장난감 세계 (동물, 사람, 날씨)",
        ),
        vocab_size: 400,
        planned_steps: 1000,
    },
    ShippedCorpus {
        file: "toy-world-ko.txt",
        name: (
            "Korean toy world (animals, people, weather)",
            "한국어 장난감 세계 (동물, 사람, 날씨)",
        ),
        vocab_size: 1500,
        planned_steps: 3000,
    },
    ShippedCorpus {
        file: "polysemy.txt",
        name: ("Words with two meanings", "뜻이 둘인 단어"),
        vocab_size: 400,
        planned_steps: 1000,
    },
    ShippedCorpus {
        file: "polysemy-ko.txt",
        name: (
            "Korean words with several meanings",
            "뜻이 여럿인 한국어 단어",
        ),
        vocab_size: 1000,
        planned_steps: 1000,
    },
    ShippedCorpus {
        file: "explanations.txt",
        name: (
            "How things work (short explanations)",
            "원리 설명 (짧은 글)",
        ),
        vocab_size: 400,
        planned_steps: 1000,
    },
    ShippedCorpus {
        file: "korean.txt",
        name: ("Korean sentences", "한국어 문장"),
        vocab_size: 2000,
        planned_steps: 1000,
    },
];

impl ShippedCorpus {
    pub fn find(file: &str) -> Option<&'static ShippedCorpus> {
        SHIPPED_CORPORA.iter().find(|corpus| corpus.file == file)
    }
}

/// Five steps a second would swap the masked example faster than anyone reads it, and lay out
/// its tokens anew each time: while training it changes at most this often (on pause, the last
/// step's is shown).
const EXAMPLE_EVERY_MS: f64 = 1000.0;

/// The app-wide pre-training context.
#[derive(Clone, Copy)]
pub struct Training {
    pub phase: RwSignal<Phase>,
    pub settings: RwSignal<SessionSettings>,
    /// The text of an uploaded or pasted corpus (shipped ones are fetched when training starts).
    pub custom_corpus: RwSignal<Option<String>>,
    pub history: RwSignal<Vec<StepPoint>>,
    pub example: RwSignal<Option<ExampleView>>,
    /// The newest example not shown yet, and when `example` last changed: while training, the
    /// example changes at most once per [`EXAMPLE_EVERY_MS`].
    unshown_example: StoredValue<Option<ExampleView>>,
    example_shown_at: StoredValue<f64>,
    pub probe_results: RwSignal<Vec<ProbeResult>>,
    pub error: RwSignal<Option<Fault>>,
    pub notice: RwSignal<Option<Fault>>,
    /// When the last save to IndexedDB finished (step).
    pub saved_step: RwSignal<Option<usize>>,
    compute: Compute,
    runtime: Runtime,
    models: Models,
}

impl Training {
    pub fn provide(compute: Compute) {
        let training = Training {
            phase: RwSignal::new(Phase::Restoring),
            settings: RwSignal::new(SessionSettings::default()),
            custom_corpus: RwSignal::new(None),
            history: RwSignal::new(Vec::new()),
            example: RwSignal::new(None),
            unshown_example: StoredValue::new(None),
            example_shown_at: StoredValue::new(f64::NEG_INFINITY),
            probe_results: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            saved_step: RwSignal::new(None),
            compute,
            runtime: Runtime::get(),
            models: Models::get(),
        };
        provide_context(training);
        // Until a session exists, the corpus follows the course's language (the model's).
        Effect::new(move |previous: Option<&'static Defaults>| {
            let course = training.models.course();
            // The model signal also fires when a model of the same course arrives (the shipped
            // model, loaded after the page started): that must not reset the learner's choice
            // (an upload half made).
            if previous.is_some_and(|previous| std::ptr::eq(previous, course)) {
                return course;
            }
            let untouched = training.custom_corpus.with_untracked(Option::is_none)
                && previous.is_none_or(|previous| {
                    training
                        .settings
                        .with_untracked(|s| s.corpus_name == previous.pretraining_corpus)
                });
            if untouched
                && matches!(
                    training.phase.get_untracked(),
                    Phase::Empty | Phase::Restoring
                )
            {
                training.choose_shipped_corpus(course.pretraining_corpus);
            }
            course
        });
        compute.on_training(move |event| training.apply(event));
        compute.after_start(move |reason| training.restore_into_worker(reason).boxed_local());
    }

    pub fn get() -> Training {
        expect_context::<Training>()
    }

    /// Trains on the shipped corpus `file` next, with the vocabulary size it needs if the
    /// vocabulary is learned, and the steps it needs.
    pub fn choose_shipped_corpus(self, file: &str) {
        let Some(corpus) = ShippedCorpus::find(file) else {
            return;
        };
        self.settings.update(|s| {
            s.corpus_name = corpus.file.to_string();
            if s.vocab_size.is_some() {
                s.vocab_size = Some(corpus.vocab_size);
            }
            s.total_steps = corpus.planned_steps;
        });
    }

    pub fn steps_done(self) -> usize {
        self.history
            .with(|h| h.last().map_or(0, |p| p.metrics.step))
    }

    /// What the worker reports.
    fn apply(self, event: TrainingEvent) {
        match event {
            TrainingEvent::Phase(phase) => {
                if let Some(example) = self.unshown_example.write_value().take() {
                    self.example.set(Some(example));
                }
                if phase == Phase::Empty {
                    self.history.set(Vec::new());
                    self.example.set(None);
                    self.probe_results.set(Vec::new());
                    self.saved_step.set(None);
                }
                self.phase.set(phase);
            }
            TrainingEvent::Session {
                settings,
                history,
                restored_at,
            } => {
                self.settings.set(settings);
                self.history.set(history);
                self.saved_step.set(restored_at);
                if let Some(step) = restored_at {
                    self.notice.set(Some(Fault::said(
                        format!("Restored your training from step {step}."),
                        format!("{step}단계에서 저장한 학습을 되살렸습니다."),
                    )));
                }
            }
            TrainingEvent::Step(report) => {
                self.history.update(|history| history.push(report.point));
                let now = crate::global::now_ms();
                if now - self.example_shown_at.get_value() >= EXAMPLE_EVERY_MS {
                    self.example_shown_at.set_value(now);
                    self.unshown_example.set_value(None);
                    self.example.set(report.example);
                } else {
                    self.unshown_example.set_value(report.example);
                }
            }
            TrainingEvent::Probes(results) => self.probe_results.set(results),
            TrainingEvent::Saved(step) => self.saved_step.set(Some(step)),
            TrainingEvent::SaveFailed(error) => self.notice.set(Some(Fault::said(
                format!("Training could not be saved in this browser ({error}). The last save is kept; to keep the newer steps, download the training file below or free some space and pause again."),
                format!("이 브라우저에 학습을 저장하지 못했습니다({error}). 마지막으로 저장한 것은 그대로 있습니다. 그 뒤의 단계를 간직하려면 아래에서 학습 파일을 내려받거나, 저장 공간을 비운 뒤 다시 멈추세요."),
            ))),
            TrainingEvent::Error(message) => self.error.set(Some(message)),
            TrainingEvent::Notice(message) => self.notice.set(Some(message)),
        }
    }

    /// After a worker starts: the saved session comes back (the first time, from an earlier
    /// visit; after a crash or a lost GPU, from its last save), and keeps running if it was.
    async fn restore_into_worker(self, reason: StartReason) {
        let was = self.phase.get_untracked();
        if reason != StartReason::First && matches!(was, Phase::Empty) {
            return;
        }
        // What the old worker said as it died (a step on a lost GPU fails) is not news.
        self.error.set(None);
        let request = Request::Train(TrainCommand::Restore {
            on: self.compute.training(),
        });
        if let Some(Reply::Done(Err(message))) = self.compute.call(None, request).await {
            self.error.set(Some(message));
        }
        if reason == StartReason::First {
            return;
        }
        let step = self.saved_step.get_untracked().unwrap_or(0);
        let notice = match &reason {
            StartReason::GpuLost(_) => Fault::said(
                format!(
                    "The GPU was lost; training continues on the CPU, from the last save (step {step})."
                ),
                format!(
                    "GPU를 잃었습니다. 마지막 저장({step}단계)부터 CPU에서 학습을 이어 갑니다."
                ),
            ),
            _ => Fault::said(
                format!(
                    "The compute worker stopped and was restarted, from the last save (step {step})."
                ),
                format!(
                    "계산 워커가 멈춰서 다시 시작했습니다. 마지막 저장({step}단계)부터 이어 갑니다."
                ),
            ),
        };
        self.notice.set(Some(notice));
        if matches!(was, Phase::Running | Phase::Stopping) {
            self.command(TrainCommand::Run { steps: None }).await;
        }
    }

    /// Sends a command; an error it answers is shown.
    async fn command(self, command: TrainCommand) -> Option<Reply> {
        let reply = self.compute.call(None, Request::Train(command)).await;
        if let Some(Reply::Done(Err(message))) = &reply {
            self.error.set(Some(message.clone()));
        }
        reply
    }

    /// Starts (or resumes) training until paused or finished.
    pub fn start(self) {
        self.run(None);
    }

    /// One step, then pause.
    pub fn single_step(self) {
        self.run(Some(1));
    }

    fn run(self, steps: Option<usize>) {
        let phase = self.phase.get_untracked();
        if !matches!(phase, Phase::Empty | Phase::Paused) {
            return;
        }
        self.error.set(None);
        leptos::task::spawn_local(async move {
            if phase == Phase::Empty {
                self.phase.set(Phase::Creating);
                if let Err(message) = self.create().await {
                    self.error.set(Some(message));
                    self.notice.set(None);
                    self.phase.set(Phase::Empty);
                    return;
                }
            }
            self.command(TrainCommand::Run { steps }).await;
        });
    }

    /// A new session in the worker from the settings, on the faster backend for its shape.
    async fn create(self) -> Result<(), Fault> {
        let settings = self.settings.get_untracked();
        let corpus = self.corpus_text().await?;
        let borrowed = self.models.current.get_untracked();
        let vocabulary = match settings.vocab_size {
            Some(_) => None,
            None => Some(
                borrowed
                    .as_ref()
                    .ok_or_else(|| {
                        Fault::said(
                            "No model is loaded, so there is no vocabulary to borrow.",
                            "불러온 모델이 없어서 빌려 올 어휘가 없습니다.",
                        )
                    })?
                    .id,
            ),
        };
        let vocab_size = settings
            .vocab_size
            .or(borrowed.map(|model| model.config.vocab_size))
            .unwrap_or(400);
        let config: BertConfig = settings.bert_config(vocab_size);
        self.notice.set(Some(Fault::said(
            "Getting the model ready…",
            "모델을 준비하는 중…",
        )));
        let on = self
            .runtime
            .training_backend(&config, settings.batch_size, settings.max_len)
            .await;
        let reply = self
            .command(TrainCommand::Create {
                settings,
                corpus,
                vocabulary,
                on,
            })
            .await;
        self.notice.set(None);
        match reply {
            Some(Reply::Done(Ok(()))) => Ok(()),
            Some(Reply::Done(Err(fault))) => Err(fault),
            _ => Err(Fault::no_answer()),
        }
    }

    /// The corpus text for the current settings.
    async fn corpus_text(self) -> Result<String, Fault> {
        if let Some(text) = self.custom_corpus.get_untracked() {
            return Ok(text);
        }
        let name = self.settings.with_untracked(|s| s.corpus_name.clone());
        crate::fetch::shipped_corpus(&name).await
    }

    /// Stops after the step in progress; the phase becomes `Paused` once that step is saved.
    pub fn pause(self) {
        if self.phase.get_untracked() == Phase::Running {
            self.phase.set(Phase::Stopping);
            leptos::task::spawn_local(async move {
                self.command(TrainCommand::Pause).await;
            });
        }
    }

    /// Forgets the session, here and in IndexedDB — after asking, when steps would be lost.
    pub fn reset(self) {
        if matches!(self.phase.get_untracked(), Phase::Running | Phase::Stopping) {
            return;
        }
        let steps = self.steps_done();
        if steps > 0 {
            let question = crate::i18n::pick(
                crate::i18n::Language::signal().get_untracked(),
                "Start over? The saved training run and its steps will be deleted from this browser (download it first to keep it).",
                "처음부터 다시 할까요? 저장된 학습과 그 단계가 이 브라우저에서 지워집니다 (보관하려면 먼저 내려받으세요).",
            );
            let confirmed = web_sys::window()
                .and_then(|window| window.confirm_with_message(question).ok())
                .unwrap_or(false);
            if !confirmed {
                return;
            }
        }
        self.error.set(None);
        self.notice.set(None);
        leptos::task::spawn_local(async move {
            self.command(TrainCommand::Reset).await;
        });
    }

    /// The current weights as a Hugging Face checkpoint's files.
    pub async fn export(self) -> Result<HfFiles, Fault> {
        match self.command(TrainCommand::Export).await {
            Some(Reply::Files(result)) => result,
            _ => Err(Fault::no_answer()),
        }
    }

    /// The whole training state as one file (weights, optimizer, step, vocabulary, settings,
    /// curves and corpus).
    pub async fn state_bytes(self) -> Result<Vec<u8>, Fault> {
        match self.command(TrainCommand::Download).await {
            Some(Reply::Bytes(result)) => result.map(|bytes| bytes.into_vec()),
            _ => Err(Fault::no_answer()),
        }
    }

    /// Continues from an uploaded training file. A bad file changes nothing.
    pub async fn upload(self, bytes: Vec<u8>) -> Result<(), Fault> {
        let on = self.compute.training();
        match self.command(TrainCommand::Upload { bytes, on }).await {
            Some(Reply::Done(result)) => result,
            _ => Err(Fault::no_answer()),
        }
    }

    /// Makes the trained model the one every lesson uses.
    /// `language` names the model; it is read by the caller, because after an await a task
    /// has no reactive owner to find the language's context in.
    pub async fn use_in_lessons(self, language: crate::i18n::Language) -> Result<(), Fault> {
        let files = self.export().await?;
        let step = self.steps_done();
        let name = match language {
            crate::i18n::Language::English => format!("pre-trained here (step {step})"),
            crate::i18n::Language::Korean => format!("여기서 사전 학습 ({step}단계)"),
        };
        self.models.load_files(name, ModelSource::Files, files);
        Ok(())
    }
}
