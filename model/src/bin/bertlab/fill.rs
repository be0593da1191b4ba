//! `bertlab fill --model DIR [--top-k 5] "text with [MASK]"`: the model's guesses for each
//! [MASK], as JSON.

use std::path::PathBuf;

use bertlab_model::inspect::fill_mask;
use serde_json::json;

use crate::backend::Backend;
use crate::inputs::load_model;

#[derive(clap::Args)]
pub struct Args {
    /// Folder with config.json, model.safetensors and vocab.txt.
    #[arg(long)]
    model: PathBuf,
    #[arg(long, default_value_t = 5)]
    top_k: usize,
    #[arg(long)]
    cased: bool,
    #[arg(long, value_enum, default_value = "cpu")]
    backend: Backend,
    text: String,
}

pub fn run(args: Args) -> Result<(), String> {
    let device = args.backend.device()?;
    let (mut checkpoint, tokenizer) = load_model(&args.model, args.cased, &device.device)?;
    checkpoint.model.prepare_for_inference(&device.device);
    let (encoding, fills) = pollster::block_on(fill_mask(
        &checkpoint.model,
        &tokenizer,
        &args.text,
        args.top_k,
        checkpoint.config.max_position_embeddings,
        &device.device,
    ))
    .map_err(|error| error.to_string())?;
    if encoding.truncated > 0 {
        eprintln!(
            "note: the text was cut by {} tokens to fit the model's positions",
            encoding.truncated
        );
    }
    println!("{}", json!({"tokens": encoding.tokens, "masks": fills}));
    Ok(())
}
