//! The worker's side of the Fine-tuning lesson: one [`Comparison`] at a time (pre-trained
//! encoder vs random weights), advanced one batch per turn so other requests are answered in
//! between, each epoch's test accuracy sent to the page as it comes.

use std::cell::RefCell;

use bertlab_model::train::finetune::{Comparison, LabelledSet};

use super::devices::WorkerDevices;
use super::models::Model;
use super::protocol::{Event, Fault, FineTuneEvent, FineTuneRequest, Run};
use super::worker::post;

#[derive(Default)]
pub struct Driver {
    run: RefCell<Option<Comparison>>,
}

impl Driver {
    pub fn active(&self) -> bool {
        self.run.borrow().is_some()
    }

    /// Starts a run (replacing any run in progress), or says why it cannot start.
    pub fn start(
        &self,
        request: FineTuneRequest,
        model: &Model,
        devices: &WorkerDevices,
    ) -> Result<(), Fault> {
        let train = LabelledSet::parse(&request.train_tsv, None).map_err(|error| {
            Fault::said(
                format!("the training set: {error}"),
                format!("학습 세트: {error}"),
            )
        })?;
        let test = LabelledSet::parse(&request.test_tsv, Some(&train.labels)).map_err(|error| {
            Fault::said(
                format!("the test set: {error}"),
                format!("테스트 세트: {error}"),
            )
        })?;
        let comparison = Comparison::new(
            &model.files,
            model.tokenizer.clone(),
            train,
            test,
            request.settings,
            &devices.get(request.on).device,
        )?;
        self.run.replace(Some(comparison));
        Ok(())
    }

    /// One batch; reports an epoch's accuracy when one ends, and the end of the run.
    pub async fn tick(&self) {
        let Some(mut comparison) = self.run.take() else {
            return;
        };
        let event = match comparison.tick().await {
            Ok(Some(result)) => Some(FineTuneEvent::Epoch {
                run: if result.run == 0 {
                    Run::Pretrained
                } else {
                    Run::Scratch
                },
                epoch: result.epoch,
                accuracy: result.accuracy,
            }),
            Ok(None) => None,
            Err(error) => {
                post(&Event::FineTune(FineTuneEvent::Finished(Err(error.into()))));
                return;
            }
        };
        if let Some(event) = event {
            post(&Event::FineTune(event));
        }
        if comparison.finished() {
            post(&Event::FineTune(FineTuneEvent::Finished(Ok(()))));
        } else {
            self.run.replace(Some(comparison));
        }
    }
}
