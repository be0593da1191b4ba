//! `bertlab tokenize --vocab FILE [--cased] [--max-len N] TEXT [PAIR]`: one JSON object with the
//! tokens (specials included), ids, segment ids, attention mask and character offsets.

use std::path::PathBuf;

use bertlab_model::Tokenizer;
use bertlab_model::tokenizer::tokenizer_limits;
use serde_json::json;

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

/// A tokenizer from `vocab.txt` or `tokenizer.json` (its own normalizer setting wins there).
pub fn load_tokenizer(path: &std::path::Path, cased: bool) -> Result<Tokenizer, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let tokenizer = if path.extension().is_some_and(|ext| ext == "json") {
        Tokenizer::from_tokenizer_json(&text)
    } else {
        Tokenizer::from_vocab_txt(&text, !cased)
    };
    tokenizer.map_err(|error| format!("{}: {error}", path.display()))
}
