//! `bertlab eval --model DIR --corpus FILE [--seed S] [--count N]`: MLM and NSP loss and
//! accuracy of a checkpoint on freshly drawn pre-training examples, as one JSON object.

use std::path::PathBuf;

use bertlab_model::data::{Rng, build_example};
use bertlab_model::train::evaluate::evaluate;

use crate::backend::Backend;
use crate::inputs::{load_model, read_corpus};

#[derive(clap::Args)]
pub struct Args {
    /// Folder with config.json, model.safetensors and vocab.txt.
    #[arg(long)]
    model: PathBuf,
    #[arg(long)]
    corpus: PathBuf,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    #[arg(long, default_value_t = 1000)]
    count: usize,
    #[arg(long, default_value_t = 64)]
    max_len: usize,
    #[arg(long)]
    cased: bool,
    #[arg(long, value_enum, default_value = "cpu")]
    backend: Backend,
}

pub fn run(args: Args) -> Result<(), String> {
    let device = args.backend.device()?;
    let (checkpoint, tokenizer) = load_model(&args.model, args.cased, &device.device)?;
    let corpus = read_corpus(&args.corpus)?;
    let mut rng = Rng::new(args.seed);
    let max_len = args.max_len.min(checkpoint.config.max_position_embeddings);
    let examples: Vec<_> = (0..args.count)
        .map(|_| build_example(&corpus, &tokenizer, max_len, &mut rng))
        .collect();
    let metrics = pollster::block_on(evaluate(
        &checkpoint.model,
        &examples,
        tokenizer.vocab.pad,
        64,
        &device.device,
    ))
    .map_err(|error| error.to_string())?
    .ok_or("the checkpoint has no MLM and NSP heads to evaluate")?;
    println!(
        "{}",
        serde_json::to_string(&metrics).map_err(|error| error.to_string())?
    );
    Ok(())
}
