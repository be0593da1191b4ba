//! The Fine-tuning lesson's experiment on the wgpu device (lavapipe natively), through the
//! same [`Comparison`] the browser's compute worker runs: one epoch of each run, and the
//! pre-trained encoder ends above chance and above the random one. This is the GPU half of the
//! lesson; the browser tests fine-tune on WebGPU only as the course does (where the app's
//! measurement sends the work), because one forced epoch on SwiftShader took ten minutes of CI.

mod common;

use bertlab_model::io::HfFiles;
use bertlab_model::train::finetune::{Comparison, FineTuneSettings, LabelledSet};
use common::repo;

#[test]
fn one_epoch_on_the_gpu_puts_the_pretrained_encoder_ahead() {
    let Some(gpu) = common::gpu() else { return };
    let files = HfFiles::from_dir(&repo("static/models/bertlab-tiny-toy-world")).unwrap();
    let tokenizer = files.tokenizer().unwrap();
    let corpus = |name: &str| std::fs::read_to_string(repo("static/corpora").join(name)).unwrap();
    let train = LabelledSet::parse(&corpus("topics-train.tsv"), None).unwrap();
    let test = LabelledSet::parse(&corpus("topics-test.tsv"), Some(&train.labels)).unwrap();
    let settings = FineTuneSettings {
        epochs: 1,
        ..FineTuneSettings::default()
    };
    let mut comparison =
        Comparison::new(&files, tokenizer, train, test, settings, &gpu.device).unwrap();
    let mut accuracy = [None, None];
    while !comparison.finished() {
        if let Some(result) = pollster::block_on(comparison.tick()).unwrap() {
            accuracy[result.run] = Some(result.accuracy);
        }
    }
    let [Some(pretrained), Some(scratch)] = accuracy else {
        panic!("both runs report an epoch: {accuracy:?}");
    };
    eprintln!(
        "on {}: pre-trained {pretrained:.3}, random {scratch:.3}",
        gpu.description
    );
    assert!(pretrained > 0.5, "pre-trained {pretrained}");
    assert!(
        pretrained > scratch,
        "pre-trained {pretrained} vs random {scratch}"
    );
}
