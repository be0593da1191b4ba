//! `bertlab examples --corpus FILE (--vocab FILE | --vocab-size N) --count N --seed S --max-len L`:
//! pre-training examples as BERT builds them, one JSON object per line.

use std::path::PathBuf;

use bertlab_model::data::{MaskDecision, Rng, build_example};
use serde_json::json;

use crate::inputs::{VocabSource, read_corpus};

#[derive(clap::Args)]
pub struct Args {
    /// One sentence per line, a blank line between documents.
    #[arg(long)]
    corpus: PathBuf,
    #[command(flatten)]
    vocab: VocabSource,
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
    let corpus = read_corpus(&args.corpus)?;
    let tokenizer = args.vocab.tokenizer(&corpus)?;
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
