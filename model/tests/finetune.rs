//! The point of transfer learning, measured: on the small labelled topic set (whose test
//! sentences use topic words the training sentences never show), a classifier fine-tuned from
//! the shipped pre-trained model beats one fine-tuned from random weights by a wide margin.

mod common;

use bertlab_model::train::Schedule;
use bertlab_model::train::finetune::{FineTuneConfig, FineTuner, LabelledSet};
use bertlab_model::{Checkpoint, ComputeDevice, Tokenizer, Vocab};
use common::repo;

fn test_accuracy(from_scratch: bool) -> f32 {
    let device = ComputeDevice::cpu().device;
    let checkpoint = Checkpoint::from_dir(
        &repo("static/models/bertlab-tiny-toy-world"),
        &device.clone().autodiff(),
    )
    .unwrap();
    let tokenizer = Tokenizer::new(Vocab::new(checkpoint.vocab.clone().unwrap()).unwrap(), true);
    let read = |name: &str| std::fs::read_to_string(repo("static/corpora").join(name)).unwrap();
    let train = LabelledSet::parse(&read("topics-train.tsv"), None).unwrap();
    let test = LabelledSet::parse(&read("topics-test.tsv"), Some(&train.labels)).unwrap();
    let steps_per_epoch = train.examples.len().div_ceil(16);
    let config = FineTuneConfig {
        batch_size: 16,
        max_len: 32,
        schedule: Schedule {
            peak: 1e-3,
            warmup_steps: steps_per_epoch / 2,
            total_steps: steps_per_epoch * 5,
        },
        freeze_encoder: false,
        seed: 3,
    };
    let pretrained = (!from_scratch).then_some(checkpoint.model);
    let mut tuner = FineTuner::new(
        pretrained,
        &checkpoint.config,
        train.labels.len(),
        config,
        &device,
    );
    for _ in 0..5 {
        pollster::block_on(tuner.epoch(&train, &tokenizer)).unwrap();
    }
    pollster::block_on(tuner.accuracy(&test, &tokenizer)).unwrap()
}

#[test]
fn pretraining_beats_random_initialisation_on_the_small_labelled_set() {
    let pretrained = test_accuracy(false);
    let scratch = test_accuracy(true);
    eprintln!("test accuracy: pre-trained {pretrained:.3}, from scratch {scratch:.3}");
    assert!(pretrained >= 0.7, "pre-trained {pretrained}");
    assert!(
        pretrained > scratch + 0.2,
        "pre-trained {pretrained} vs scratch {scratch}"
    );
}

#[test]
fn labelled_files_with_problems_are_refused() {
    assert!(
        LabelledSet::parse("animal the cow\n", None)
            .unwrap_err()
            .contains("label<TAB>sentence")
    );
    assert!(
        LabelledSet::parse("animal\tthe cow\n", None)
            .unwrap_err()
            .contains("two labels")
    );
    let labels = vec!["animal".to_string(), "job".to_string()];
    assert!(
        LabelledSet::parse("food\tbread\n", Some(&labels))
            .unwrap_err()
            .contains("not in the training set")
    );
    assert!(
        LabelledSet::parse("\n\n", None)
            .unwrap_err()
            .contains("no labelled")
    );
}
