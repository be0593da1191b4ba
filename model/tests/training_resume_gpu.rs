//! A training state saved and restored on the wgpu device (lavapipe natively) keeps training and
//! exports: in the browser a restored session once stopped computing on WebGPU.

mod common;

use bertlab_model::Tokenizer;
use bertlab_model::tokenizer::Normalization;
use bertlab_model::tokenizer::learn::learn_vocab;
use bertlab_model::train::{Trainer, state};
use common::{small_config, toy_world, train_config};

#[test]
fn a_state_restored_on_the_gpu_keeps_training_and_exports() {
    let Some(gpu) = common::gpu() else { return };
    let corpus = toy_world();
    let tokenizer = Tokenizer::new(
        learn_vocab(&corpus.text(), 150, Normalization::UNCASED),
        true,
    );
    let mut trainer = Trainer::new(
        small_config(tokenizer.vocab.len(), 0.1),
        train_config(20, 1e-3, 4),
        &gpu.device,
    );
    for _ in 0..2 {
        let examples = trainer.sample(&corpus, &tokenizer);
        pollster::block_on(trainer.step(&examples, tokenizer.vocab.pad)).unwrap();
    }
    let bytes =
        pollster::block_on(state::save(&trainer, &tokenizer.vocab, Default::default())).unwrap();
    drop(trainer);

    let mut restored = state::load(&bytes, &gpu.device).unwrap().trainer;
    eprintln!("restored; stepping");
    let examples = restored.sample(&corpus, &tokenizer);
    let metrics = pollster::block_on(restored.step(&examples, tokenizer.vocab.pad)).unwrap();
    assert!(metrics.mlm_loss.is_finite());
    assert_eq!(restored.steps_done(), 3);
    eprintln!("stepped; exporting");
    let checkpoint = bertlab_model::io::Checkpoint {
        config: restored.config.clone(),
        model: restored.snapshot().0,
        vocab: Some(tokenizer.vocab.tokens().to_vec()),
        normalization: tokenizer.normalization,
    };
    let files = pollster::block_on(checkpoint.to_files()).unwrap();
    assert!(!files.model_safetensors.is_empty());
}
