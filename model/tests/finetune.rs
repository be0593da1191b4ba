//! The point of transfer learning, measured: on the small labelled topic set (whose test
//! sentences use topic words the training sentences never show), a classifier fine-tuned from
//! the shipped pre-trained model beats one fine-tuned from random weights by a wide margin.

mod common;

use std::collections::BTreeMap;

use bertlab_model::nn::Bert;
use bertlab_model::nn::weights::WeightVisitor;
use bertlab_model::train::Schedule;
use bertlab_model::train::finetune::{FineTuneConfig, FineTuner, LabelledSet};
use bertlab_model::{Checkpoint, ComputeDevice, Tokenizer, Vocab};
use burn::module::Param;
use burn::tensor::Tensor;
use common::repo;

fn tuner(
    from_scratch: bool,
    freeze_encoder: bool,
) -> (FineTuner, Tokenizer, LabelledSet, LabelledSet) {
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
        freeze_encoder,
        seed: 3,
    };
    let pretrained = (!from_scratch).then_some(checkpoint.model);
    let tuner = FineTuner::new(
        pretrained,
        &checkpoint.config,
        train.labels.len(),
        config,
        &device,
    );
    (tuner, tokenizer, train, test)
}

fn test_accuracy(from_scratch: bool) -> f32 {
    let (mut tuner, tokenizer, train, test) = tuner(from_scratch, false);
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

/// Every weight's values by its Hugging Face name.
fn weights(model: &mut Bert) -> BTreeMap<String, Vec<f32>> {
    struct Read(BTreeMap<String, Vec<f32>>);
    impl Read {
        fn keep<const D: usize>(&mut self, name: &str, value: Tensor<D>) {
            let values = value.into_data().try_into_vec::<f32>().unwrap();
            self.0.insert(name.to_string(), values);
        }
    }
    impl WeightVisitor for Read {
        fn matrix(&mut self, name: &str, param: &mut Param<Tensor<2>>, _transposed: bool) {
            self.keep(name, param.val());
        }
        fn vector(&mut self, name: &str, param: &mut Param<Tensor<1>>) {
            self.keep(name, param.val());
        }
    }
    let mut read = Read(BTreeMap::new());
    model.visit_weights(&mut read);
    read.0
}

#[test]
fn a_frozen_encoder_keeps_every_weight_and_only_the_classifier_learns() {
    let (mut tuner, tokenizer, train, _) = tuner(false, true);
    let before = weights(&mut tuner.model);
    pollster::block_on(tuner.epoch(&train, &tokenizer)).unwrap();
    let after = weights(&mut tuner.model);
    let changed: Vec<&String> = before
        .keys()
        .filter(|name| before[*name] != after[*name])
        .collect();
    assert_eq!(
        changed,
        ["classifier.bias", "classifier.weight"],
        "weights changed by a frozen run"
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
