//! `bertlab examples --corpus FILE (--vocab FILE | --vocab-size N) --count N --seed S --max-len L`:
//! pre-training examples as BERT builds them, one JSON object per line.

use std::path::PathBuf;

use bertlab_model::Tokenizer;
use bertlab_model::data::{Corpus, MaskDecision, Rng, build_example};
use bertlab_model::tokenizer::learn::learn_vocab;
use serde_json::json;

use crate::tokenize::load_tokenizer;

#[derive(clap::Args)]
pub struct Args {
    /// One sentence per line, a blank line between documents.
    #[arg(long)]
    corpus: PathBuf,
    /// vocab.txt or tokenizer.json to tokenize with.
    #[arg(
        long,
        conflicts_with = "vocab_size",
        required_unless_present = "vocab_size"
    )]
    vocab: Option<PathBuf>,
    /// Learn a WordPiece vocabulary of this size from the corpus instead.
    #[arg(long)]
    vocab_size: Option<usize>,
    #[arg(long)]
    cased: bool,
    #[arg(long, default_value_t = 10)]
    count: usize,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    #[arg(long, default_value_t = 128)]
    max_len: usize,
}

pub fn run(args: Args) -> Result<(), String> {
    if args.max_len < 5 {
        return Err("--max-len must leave room for [CLS], [SEP], [SEP] and a token of each sentence (at least 5)".into());
    }
    let file = std::fs::File::open(&args.corpus)
        .map_err(|error| format!("cannot open {}: {error}", args.corpus.display()))?;
    let total = file.metadata().map(|m| m.len() as usize).unwrap_or(0);
    let corpus = Corpus::read(std::io::BufReader::new(file), total)
        .map_err(|error| format!("{}: {error}", args.corpus.display()))?;
    if corpus.bytes_skipped > 0 {
        eprintln!(
            "note: the corpus is larger than {} MB; the last {} bytes were not read",
            bertlab_model::data::corpus::MAX_BYTES / (1024 * 1024),
            corpus.bytes_skipped
        );
    }
    let tokenizer = match (&args.vocab, args.vocab_size) {
        (Some(path), _) => load_tokenizer(path, args.cased)?,
        (None, Some(size)) if size >= 10 => {
            Tokenizer::new(learn_vocab(&corpus.text(), size, !args.cased), !args.cased)
        }
        _ => return Err("--vocab-size must be at least 10".into()),
    };
    let mut rng = Rng::new(args.seed);
    for _ in 0..args.count {
        let example = build_example(&corpus, &tokenizer, args.max_len, &mut rng);
        let masked = &example.masked;
        let positions: Vec<usize> = (0..masked.decisions.len())
            .filter(|&i| masked.decisions[i].is_chosen())
            .collect();
        let actions: Vec<&str> = positions
            .iter()
            .map(|&i| match masked.decisions[i] {
                MaskDecision::Masked => "mask",
                MaskDecision::Random(_) => "random",
                _ => "keep",
            })
            .collect();
        let tokens: Vec<&str> = masked
            .input_ids
            .iter()
            .map(|&id| tokenizer.vocab.token(id).unwrap_or("[UNK]"))
            .collect();
        println!(
            "{}",
            json!({
                "tokens": tokens,
                "input_ids": masked.input_ids,
                "token_type_ids": example.encoding.type_ids,
                "attention_mask": example.encoding.attention_mask,
                "masked_positions": positions,
                "masked_labels": positions.iter().map(|&i| masked.labels[i]).collect::<Vec<_>>(),
                "mask_actions": actions,
                "next_sentence_label": example.next_sentence_label,
            })
        );
    }
    Ok(())
}
