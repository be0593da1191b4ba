//! The worker's side of the Pre-training lesson: one [`Session`] at a time, stepped between
//! other requests while it runs, saved to IndexedDB every few steps and on pause, restored
//! from there after a reload (or after the worker restarted).

use std::cell::{Cell, RefCell};

use bertlab_model::data::Corpus;
use bertlab_model::limits::check_fits_buffer;
use bertlab_model::train::{ProbeResult, Session};

use super::devices::WorkerDevices;
use super::models::Model;
use super::protocol::{Backend, Event, Fault, Phase, Reply, TrainCommand, TrainingEvent};
use super::tab_lock;
use super::worker::post;
use crate::global::now_ms;
use crate::storage;

const STORAGE_KEY: &str = "pretraining";
/// Save to IndexedDB this often (and on pause): a reload loses at most this many steps.
pub const SAVE_EVERY: usize = 10;
/// Ask the probe sentences again this often.
pub const PROBE_EVERY: usize = 10;

pub struct Driver {
    session: RefCell<Option<Session>>,
    phase: Cell<Phase>,
    /// Steps still to take before pausing by itself (`None`: until paused or finished).
    remaining: Cell<Option<usize>>,
    saved_step: Cell<Option<usize>>,
    /// Whether this tab owns the saved run ([`tab_lock`]); asked once, on first need.
    owns_saved_run: Cell<Option<bool>>,
}

fn emit(event: TrainingEvent) {
    post(&Event::Training(event));
}

impl Driver {
    pub fn new() -> Self {
        Self {
            session: RefCell::new(None),
            phase: Cell::new(Phase::Restoring),
            remaining: Cell::new(None),
            saved_step: Cell::new(None),
            owns_saved_run: Cell::new(None),
        }
    }

    /// Refuses, with what to do, when another tab owns the saved run. A worker that has just
    /// replaced a crashed one may find the old lock not yet freed, so it asks a few times.
    async fn own_saved_run(&self) -> Result<(), Fault> {
        if self.owns_saved_run.get().is_none() {
            let mut owned = false;
            for attempt in 0..4 {
                if attempt > 0 {
                    crate::global::sleep_ms(250).await;
                }
                owned = tab_lock::claim().await;
                if owned {
                    break;
                }
            }
            self.owns_saved_run.set(Some(owned));
        }
        if self.owns_saved_run.get() == Some(true) {
            Ok(())
        } else {
            Err(Fault::said(
                "Pre-training is open in another bertlab tab. It runs in one tab at a time, so that neither tab overwrites the other's saved run: use that tab, or close it and reload this one.",
                "다른 bertlab 탭에서 사전 학습이 열려 있습니다. 한쪽 탭이 다른 탭의 저장된 학습을 덮어쓰지 않도록 사전 학습은 한 번에 한 탭에서만 합니다. 그 탭을 쓰거나, 그 탭을 닫고 이 탭을 새로 고치세요.",
            ))
        }
    }

    fn set_phase(&self, phase: Phase) {
        self.phase.set(phase);
        emit(TrainingEvent::Phase(phase));
    }

    /// Whether a step should be taken now.
    pub fn wants_step(&self) -> bool {
        self.phase.get() == Phase::Running
    }

    pub async fn command(
        &self,
        command: TrainCommand,
        devices: &WorkerDevices,
        model: impl Fn(u64) -> Option<std::rc::Rc<Model>>,
    ) -> Reply {
        match command {
            TrainCommand::Restore { on } => Reply::Done(self.restore(on, devices).await),
            TrainCommand::Create { .. } | TrainCommand::Reset | TrainCommand::Upload { .. }
                if self.own_saved_run().await.is_err() =>
            {
                self.set_phase(Phase::Empty);
                Reply::Done(self.own_saved_run().await)
            }
            TrainCommand::Create {
                settings,
                corpus,
                vocabulary,
                on,
            } => {
                self.set_phase(Phase::Creating);
                let device = devices.get(on);
                let created = Corpus::parse(&corpus)
                    .map_err(Fault::from)
                    .and_then(|corpus| {
                        let borrowed = vocabulary.and_then(&model).map(|m| m.tokenizer.clone());
                        Session::create(
                            settings,
                            corpus,
                            borrowed,
                            |config| {
                                check_fits_buffer(config, device.kind, device.max_buffer_bytes)
                            },
                            &device.device,
                        )
                        .map_err(Fault::from)
                    });
                match created {
                    Ok(session) => {
                        // The questions show before the first step: the learner sees what will
                        // be asked, and the page lays them out while nothing is training.
                        let questions = session
                            .probes
                            .iter()
                            .map(|probe| ProbeResult {
                                probe: probe.clone(),
                                guesses: Vec::new(),
                                right: false,
                            })
                            .collect();
                        self.adopt(session, None);
                        emit(TrainingEvent::Probes(questions));
                        Reply::Done(Ok(()))
                    }
                    Err(message) => {
                        self.set_phase(Phase::Empty);
                        Reply::Done(Err(message))
                    }
                }
            }
            TrainCommand::Run { steps } => {
                if self.session.borrow().is_none() {
                    return Reply::Done(Err(Fault::said(
                        "there is no training session yet",
                        "아직 학습 세션이 없습니다",
                    )));
                }
                if matches!(self.phase.get(), Phase::Paused) {
                    self.remaining.set(steps);
                    self.set_phase(Phase::Running);
                }
                Reply::Done(Ok(()))
            }
            TrainCommand::Pause => {
                if self.phase.get() == Phase::Running {
                    self.set_phase(Phase::Stopping);
                    self.stop(Phase::Paused).await;
                }
                Reply::Done(Ok(()))
            }
            TrainCommand::Reset => {
                self.session.replace(None);
                self.saved_step.set(None);
                self.set_phase(Phase::Empty);
                Reply::Done(storage::delete(STORAGE_KEY).await.map_err(|detail| {
                    Fault::said(
                        format!("the saved training could not be deleted: {detail}"),
                        format!("저장된 학습을 지우지 못했습니다: {detail}"),
                    )
                }))
            }
            TrainCommand::Export => Reply::Files(match self.session.borrow().as_ref() {
                Some(session) => session.export().await.map_err(Fault::from),
                None => Err(Fault::said(
                    "there is no trained model yet: start training first",
                    "아직 학습한 모델이 없습니다. 먼저 학습을 시작하세요",
                )),
            }),
            TrainCommand::Download => Reply::Bytes(match self.session.borrow().as_ref() {
                Some(session) => session
                    .save()
                    .await
                    .map(serde_bytes::ByteBuf::from)
                    .map_err(Fault::from),
                None => Err(Fault::said(
                    "there is no training to download yet",
                    "아직 내려받을 학습이 없습니다",
                )),
            }),
            TrainCommand::Upload { bytes, on } => {
                if matches!(self.phase.get(), Phase::Running | Phase::Stopping) {
                    return Reply::Done(Err(Fault::said(
                        "pause the training before loading another one",
                        "다른 학습을 불러오기 전에 학습을 일시 정지하세요",
                    )));
                }
                match Session::restore(&bytes, None, &devices.get(on).device) {
                    Ok(session) => {
                        let step = session.steps_done();
                        self.adopt(session, Some(step));
                        self.save().await;
                        self.probe().await;
                        Reply::Done(Ok(()))
                    }
                    Err(error) => Reply::Done(Err(error.into())),
                }
            }
        }
    }

    /// Makes `session` the current one and tells the page about it.
    fn adopt(&self, session: Session, restored_at: Option<usize>) {
        emit(TrainingEvent::Session {
            settings: session.settings.clone(),
            history: session.history.clone(),
            restored_at,
        });
        let finished = session.finished();
        self.session.replace(Some(session));
        self.saved_step.set(restored_at);
        self.set_phase(if finished {
            Phase::Finished
        } else {
            Phase::Paused
        });
    }

    async fn restore(&self, on: Backend, devices: &WorkerDevices) -> Result<(), Fault> {
        self.set_phase(Phase::Restoring);
        if let Err(fault) = self.own_saved_run().await {
            self.set_phase(Phase::Empty);
            return Err(fault);
        }
        let saved = match storage::get(STORAGE_KEY).await {
            Ok(Some(value)) => storage::unpack(&value),
            Ok(None) => None,
            Err(error) => {
                emit(TrainingEvent::Notice(Fault::said(
                    format!("Saved training could not be read: {error}"),
                    format!("저장된 학습을 읽지 못했습니다: {error}"),
                )));
                None
            }
        };
        let Some((bytes, legacy)) = saved else {
            self.set_phase(Phase::Empty);
            return Ok(());
        };
        match Session::restore(&bytes, legacy.as_deref(), &devices.get(on).device) {
            Ok(session) => {
                let step = session.steps_done();
                self.adopt(session, Some(step));
                self.probe().await;
                Ok(())
            }
            Err(error) => {
                self.set_phase(Phase::Empty);
                // Said as what it is: the browser's own record, not a file the learner chose.
                let fault: Fault = error.into();
                let said = |language| fault.message(language);
                Err(Fault::said(
                    format!(
                        "The training saved in this browser could not be read ({}). Start a new run: it replaces the unreadable one.",
                        said(crate::i18n::Language::English)
                    ),
                    format!(
                        "이 브라우저에 저장된 학습을 읽지 못했습니다({}). 새로 학습을 시작하면 읽을 수 없는 기록을 대신합니다.",
                        said(crate::i18n::Language::Korean)
                    ),
                ))
            }
        }
    }

    /// One training step, with the probes and the save when they are due.
    pub async fn tick(&self) {
        let Some(mut session) = self.session.take() else {
            self.set_phase(Phase::Empty);
            return;
        };
        if session.finished() {
            self.session.replace(Some(session));
            self.stop(Phase::Finished).await;
            return;
        }
        let result = session.step(&now_ms).await;
        self.session.replace(Some(session));
        match result {
            Ok(report) => {
                let step = report.point.metrics.step;
                emit(TrainingEvent::Step(report));
                if step % PROBE_EVERY == 0 {
                    self.probe().await;
                }
                if step % SAVE_EVERY == 0 {
                    self.save().await;
                }
                let finished = self
                    .session
                    .borrow()
                    .as_ref()
                    .is_some_and(Session::finished);
                let remaining = self.remaining.get().map(|n| n.saturating_sub(1));
                self.remaining.set(remaining);
                if finished {
                    self.stop(Phase::Finished).await;
                } else if remaining == Some(0) {
                    self.stop(Phase::Paused).await;
                }
            }
            Err(error) => {
                emit(TrainingEvent::Error(error.into()));
                self.stop(Phase::Paused).await;
            }
        }
    }

    /// Saves and asks the probes, then rests in `phase`.
    async fn stop(&self, phase: Phase) {
        self.save().await;
        self.probe().await;
        self.set_phase(phase);
    }

    async fn save(&self) {
        let bytes = {
            let session = self.session.borrow();
            let Some(session) = session.as_ref() else {
                return;
            };
            let step = session.steps_done();
            if self.saved_step.get() == Some(step) {
                return;
            }
            session.save().await.map(|bytes| (step, bytes))
        };
        let result = match bytes {
            Ok((step, bytes)) => storage::put(STORAGE_KEY, &storage::record(&bytes))
                .await
                .map(|()| step),
            Err(error) => Err(error.to_string()),
        };
        match result {
            Ok(step) => {
                self.saved_step.set(Some(step));
                emit(TrainingEvent::Saved(step));
            }
            Err(error) => emit(TrainingEvent::SaveFailed(error)),
        }
    }

    async fn probe(&self) {
        let results = match self.session.borrow().as_ref() {
            Some(session) => session.probe().await,
            None => return,
        };
        emit(TrainingEvent::Probes(results));
    }
}
