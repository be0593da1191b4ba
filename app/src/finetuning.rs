//! The fine-tuning experiment as the page sees it: the compute worker trains both classifiers
//! (`compute/finetuning.rs`); this context starts a run and keeps each epoch's test accuracy as
//! it arrives, so the curves are still there when the learner comes back to the lesson.

use bertlab_model::train::finetune::FineTuneSettings;
use leptos::prelude::*;

use crate::compute::Compute;
use crate::compute::protocol::{Fault, FineTuneEvent, FineTuneRequest, Reply, Request, Run};
use crate::fetch::shipped_corpus;
use crate::runtime::Runtime;
use crate::state::{LoadedModel, Models};

#[derive(Clone, Copy)]
pub struct FineTuning {
    pub running: RwSignal<bool>,
    /// (epoch, test accuracy) of the run on the pre-trained encoder, and of the one from scratch.
    pub pretrained: RwSignal<Vec<(f64, f64)>>,
    pub scratch: RwSignal<Vec<(f64, f64)>>,
    pub error: RwSignal<Option<Fault>>,
    /// The last run that finished: whether its encoder was frozen.
    pub finished: RwSignal<Option<bool>>,
    /// The test set's majority baseline: (share, label).
    pub baseline: RwSignal<Option<(f64, String)>>,
    freeze: StoredValue<bool>,
    compute: Compute,
    runtime: Runtime,
    models: Models,
}

impl FineTuning {
    pub fn provide(compute: Compute) {
        let tuning = FineTuning {
            running: RwSignal::new(false),
            pretrained: RwSignal::new(Vec::new()),
            scratch: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            finished: RwSignal::new(None),
            baseline: RwSignal::new(None),
            freeze: StoredValue::new(false),
            compute,
            runtime: Runtime::get(),
            models: Models::get(),
        };
        provide_context(tuning);
        // The labelled sets follow the course's language (the current model's).
        Effect::new(move |_| {
            let test_set = tuning.models.course().topics_test;
            leptos::task::spawn_local(async move {
                let Ok(text) = shipped_corpus(test_set).await else {
                    return;
                };
                if let Ok(test) = bertlab_model::train::finetune::LabelledSet::parse(&text, None) {
                    tuning.baseline.set(Some(test.majority_baseline()));
                }
            });
        });
        compute.on_finetune(move |event| match event {
            FineTuneEvent::Epoch {
                run,
                epoch,
                accuracy,
            } => {
                let curve = match run {
                    Run::Pretrained => tuning.pretrained,
                    Run::Scratch => tuning.scratch,
                };
                curve.update(|points| points.push((epoch as f64, accuracy as f64)));
            }
            FineTuneEvent::Finished(result) => {
                tuning.running.set(false);
                match result {
                    Ok(()) => tuning.finished.set(Some(tuning.freeze.get_value())),
                    Err(fault) => tuning.error.set(Some(fault)),
                }
            }
        });
        // A run does not survive its worker: say so rather than wait forever.
        compute.after_start(move |_| {
            Box::pin(async move {
                if tuning.running.get_untracked() {
                    tuning.running.set(false);
                    tuning.error.set(Some(Fault::said(
                        "The compute worker was restarted during fine-tuning; start it again.",
                        "파인튜닝 중에 계산 워커가 다시 시작했습니다. 다시 시작하세요.",
                    )));
                }
            })
        });
    }

    pub fn get() -> FineTuning {
        expect_context::<FineTuning>()
    }

    /// Trains both classifiers on `model` for `epochs`, optionally with a frozen encoder.
    pub fn start(self, model: &LoadedModel, epochs: usize, freeze_encoder: bool) {
        if self.running.get_untracked() {
            return;
        }
        self.running.set(true);
        self.error.set(None);
        self.freeze.set_value(freeze_encoder);
        self.pretrained.set(Vec::new());
        self.scratch.set(Vec::new());
        let (id, config) = (model.id, model.config.clone());
        let course = untrack(|| self.models.course());
        leptos::task::spawn_local(async move {
            let settings = FineTuneSettings {
                epochs,
                freeze_encoder,
                ..FineTuneSettings::default()
            };
            let result = async {
                let train_tsv = shipped_corpus(course.topics_train).await?;
                let test_tsv = shipped_corpus(course.topics_test).await?;
                let on = self
                    .runtime
                    .training_backend(&config, settings.batch_size, settings.max_len)
                    .await;
                let request = Request::FineTune(FineTuneRequest {
                    model: id,
                    train_tsv,
                    test_tsv,
                    settings,
                    on,
                });
                match self.compute.call(None, request).await {
                    Some(Reply::Done(result)) => result,
                    _ => Err(Fault::no_answer()),
                }
            }
            .await;
            if let Err(message) = result {
                self.running.set(false);
                self.error.set(Some(message));
            }
        });
    }
}
