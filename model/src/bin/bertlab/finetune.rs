//! `bertlab finetune --model DIR --train FILE --test FILE`: trains a classifier on [CLS]
//! (labelled `label<TAB>sentence` files) and prints the test accuracy per epoch, one JSON object
//! per line. `--from-scratch` starts from random weights instead, for comparison.

use std::path::PathBuf;

use bertlab_model::train::finetune::{FineTuneSettings, FineTuner, LabelledSet};
use serde_json::json;

use crate::backend::Backend;
use crate::inputs::load_model;

#[derive(clap::Args)]
pub struct Args {
    /// Pre-trained checkpoint (config.json, model.safetensors, vocab.txt); with --from-scratch
    /// only its config and vocabulary are used.
    #[arg(long)]
    model: PathBuf,
    #[arg(long)]
    train: PathBuf,
    #[arg(long)]
    test: PathBuf,
    #[arg(long, default_value_t = 5)]
    epochs: usize,
    #[arg(long, default_value_t = 16)]
    batch: usize,
    #[arg(long, default_value_t = 1e-3)]
    lr: f64,
    #[arg(long, default_value_t = 32)]
    max_len: usize,
    /// Train only the classifier; keep the encoder as it is.
    #[arg(long)]
    freeze_encoder: bool,
    /// Start from random weights instead of the checkpoint's.
    #[arg(long)]
    from_scratch: bool,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    #[arg(long)]
    cased: bool,
    #[arg(long, value_enum, default_value = "cpu")]
    backend: Backend,
}

pub fn run(args: Args) -> Result<(), String> {
    let device = args.backend.device()?;
    let autodiff = device.device.clone().autodiff();
    let (checkpoint, tokenizer) = load_model(&args.model, args.cased, &autodiff)?;
    let read = |path: &PathBuf| {
        std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))
    };
    let train = LabelledSet::parse(&read(&args.train)?, None)
        .map_err(|error| format!("{}: {error}", args.train.display()))?;
    let test = LabelledSet::parse(&read(&args.test)?, Some(&train.labels))
        .map_err(|error| format!("{}: {error}", args.test.display()))?;
    let config = FineTuneSettings {
        epochs: args.epochs,
        freeze_encoder: args.freeze_encoder,
        batch_size: args.batch,
        max_len: args.max_len,
        learning_rate: args.lr,
        seed: args.seed,
    }
    .config(
        train.examples.len(),
        checkpoint.config.max_position_embeddings,
    );
    let pretrained = (!args.from_scratch).then_some(checkpoint.model);
    let mut tuner = FineTuner::new(
        pretrained,
        &checkpoint.config,
        train.labels.len(),
        config,
        &device.device,
    );
    let mut accuracy = 0.0;
    for epoch in 1..=args.epochs {
        let loss = pollster::block_on(tuner.epoch(&train, &tokenizer))
            .map_err(|error| error.to_string())?;
        accuracy = pollster::block_on(tuner.accuracy(&test, &tokenizer))
            .map_err(|error| error.to_string())?;
        println!(
            "{}",
            json!({"epoch": epoch, "train_loss": loss, "test_accuracy": accuracy})
        );
    }
    println!(
        "{}",
        json!({"final_test_accuracy": accuracy, "labels": train.labels, "from_scratch": args.from_scratch})
    );
    Ok(())
}
