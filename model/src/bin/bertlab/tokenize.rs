//! `bertlab tokenize --vocab FILE [--cased] [--max-len N] TEXT [PAIR]`: one JSON object with the
//! tokens (specials included), ids, segment ids, attention mask and character offsets.

use std::path::PathBuf;

use bertlab_model::tokenizer::tokenizer_limits;
use serde_json::json;

use crate::inputs::load_tokenizer;

#[derive(clap::Args)]
pub struct Args {
    /// vocab.txt (one token per line) or a tokenizer.json.
    #[arg(long)]
    vocab: PathBuf,
    /// Keep case and accents (default: uncased, like bert-base-uncased).
    #[arg(long)]
    cased: bool,
    /// Longest encoding, specials included; longer input is truncated longest-first.
    #[arg(long, default_value_t = 512)]
    max_len: usize,
    text: String,
    pair: Option<String>,
}

pub fn run(args: Args) -> Result<(), String> {
    let tokenizer = load_tokenizer(&args.vocab, args.cased)?;
    let encoding = tokenizer.encode_pair_with(
        &args.text,
        args.pair.as_deref(),
        tokenizer_limits(args.max_len),
    );
    if encoding.truncated > 0 {
        eprintln!(
            "note: {} tokens were cut to fit --max-len {} (longest segment first)",
            encoding.truncated, args.max_len
        );
    }
    let offsets: Vec<[usize; 2]> = encoding
        .offsets
        .iter()
        .map(|&(start, end)| [start, end])
        .collect();
    println!(
        "{}",
        json!({
            "tokens": encoding.tokens,
            "input_ids": encoding.ids,
            "token_type_ids": encoding.type_ids,
            "attention_mask": encoding.attention_mask,
            "offsets": offsets,
        })
    );
    Ok(())
}
