//! Resuming from a saved training state repeats the uninterrupted run exactly. In a test binary
//! of its own: the CPU backend's random generator is process-wide, and tests running beside it
//! would draw from it.

mod common;

use bertlab_model::tokenizer::Normalization;
use bertlab_model::tokenizer::learn::learn_vocab;
use bertlab_model::train::{StepMetrics, Trainer, state};
use bertlab_model::{ComputeDevice, Tokenizer};
use common::{small_config, toy_world, train_config};

#[test]
fn a_resumed_run_is_identical_to_an_uninterrupted_one() {
    let corpus = toy_world();
    let tokenizer = Tokenizer::new(
        learn_vocab(&corpus.text(), 150, Normalization::UNCASED),
        true,
    );
    let device = ComputeDevice::cpu().device;
    let new_trainer = || {
        Trainer::new(
            small_config(tokenizer.vocab.len(), 0.1),
            train_config(20, 1e-3, 4),
            &device,
        )
    };
    let run = |trainer: &mut Trainer, steps: usize| -> Vec<StepMetrics> {
        (0..steps)
            .map(|_| {
                let examples = trainer.sample(&corpus, &tokenizer);
                pollster::block_on(trainer.step(&examples, tokenizer.vocab.pad)).unwrap()
            })
            .collect()
    };
    let mut straight = new_trainer();
    let uninterrupted = run(&mut straight, 10);

    let mut first_half = new_trainer();
    let mut resumed_metrics = run(&mut first_half, 5);
    let bytes = pollster::block_on(state::save(
        &first_half,
        &tokenizer.vocab,
        Default::default(),
    ))
    .unwrap();
    drop(first_half);
    let loaded = state::load(&bytes, &device).unwrap();
    assert_eq!(loaded.vocab, tokenizer.vocab);
    let mut resumed = loaded.trainer;
    assert_eq!(resumed.steps_done(), 5);
    resumed_metrics.extend(run(&mut resumed, 5));
    assert_eq!(resumed_metrics, uninterrupted);

    // And the weights give identical logits after the round trip.
    let again =
        pollster::block_on(state::save(&resumed, &tokenizer.vocab, Default::default())).unwrap();
    let reloaded = state::load(&again, &device).unwrap().trainer;
    let examples = straight.sample(&corpus, &tokenizer);
    let batch = bertlab_model::train::PretrainingBatch::new(
        &examples,
        tokenizer.vocab.pad,
        64,
        &device.clone().autodiff(),
    );
    let logits = |trainer: &Trainer| {
        trainer.device.seed(99); // same dropout masks for both
        let (mlm, _) = trainer
            .model
            .forward_pretraining(&batch.input, batch.mlm_positions.clone())
            .unwrap();
        pollster::block_on(bertlab_model::runtime::read_floats(mlm.inner())).unwrap()
    };
    assert_eq!(logits(&resumed), logits(&reloaded));
}
