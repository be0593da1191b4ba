//! `bertlab vocab --corpus FILE --vocab-size N [--cased] --out DIR`: learns a WordPiece
//! vocabulary from a corpus, as `train --vocab-size` does, and writes `vocab.txt` and the
//! `tokenizer_config.json` that tells transformers' `BertTokenizer` how to normalise for it.

use std::path::PathBuf;

use bertlab_model::tokenizer::Normalization;
use bertlab_model::tokenizer::learn::learn_vocab;

use crate::inputs::read_corpora;

#[derive(clap::Args)]
pub struct Args {
    /// Several `--corpus` are read as one.
    #[arg(long, required = true)]
    corpus: Vec<PathBuf>,
    #[arg(long)]
    vocab_size: usize,
    /// Keep case and accents (default: uncased, keeping accents and syllables for Hangul).
    #[arg(long)]
    cased: bool,
    #[arg(long)]
    out: PathBuf,
}

pub fn run(args: Args) -> Result<(), String> {
    if args.vocab_size < 10 {
        return Err("--vocab-size must be at least 10".into());
    }
    let text = read_corpora(&args.corpus)?.text();
    let normalization = Normalization::for_corpus(&text, args.cased);
    let vocab = learn_vocab(&text, args.vocab_size, normalization);
    let write = |file: &str, bytes: &[u8]| {
        std::fs::create_dir_all(&args.out)
            .and_then(|()| std::fs::write(args.out.join(file), bytes))
            .map_err(|error| format!("cannot write {}: {error}", args.out.join(file).display()))
    };
    write("vocab.txt", vocab.to_vocab_txt().as_bytes())?;
    let config = serde_json::to_vec_pretty(&normalization.tokenizer_config())
        .map_err(|error| error.to_string())?;
    write("tokenizer_config.json", &config)?;
    eprintln!(
        "{} tokens, {normalization:?}, written to {}",
        vocab.len(),
        args.out.display()
    );
    Ok(())
}
