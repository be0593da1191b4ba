//! What several subcommands read the same way: a corpus (streamed, with a note when it is cut),
//! a tokenizer from a vocabulary file or learned from the corpus, and a checkpoint with the
//! tokenizer of its own `vocab.txt`.

use std::path::{Path, PathBuf};

use bertlab_model::data::Corpus;
use bertlab_model::data::corpus::MAX_BYTES;
use bertlab_model::tokenizer::learn::learn_vocab;
use bertlab_model::{Checkpoint, Tokenizer};
use burn::tensor::Device;

/// Reads a corpus in bounded memory; says on stderr when the end was not read.
pub fn read_corpus(path: &Path) -> Result<Corpus, String> {
    let file = std::fs::File::open(path)
        .map_err(|error| format!("cannot open {}: {error}", path.display()))?;
    let total = file.metadata().map(|m| m.len() as usize).unwrap_or(0);
    let corpus = Corpus::read(std::io::BufReader::new(file), total)
        .map_err(|error| format!("{}: {error}", path.display()))?;
    if corpus.bytes_skipped > 0 {
        eprintln!(
            "note: the corpus is larger than {} MB; the last {} bytes were not read",
            MAX_BYTES / (1024 * 1024),
            corpus.bytes_skipped
        );
    }
    Ok(corpus)
}

/// A tokenizer from `vocab.txt` or `tokenizer.json` (its own normalizer setting wins there).
pub fn load_tokenizer(path: &Path, cased: bool) -> Result<Tokenizer, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let tokenizer = if path.extension().is_some_and(|ext| ext == "json") {
        Tokenizer::from_tokenizer_json(&text)
    } else {
        Tokenizer::from_vocab_txt(&text, !cased)
    };
    tokenizer.map_err(|error| format!("{}: {error}", path.display()))
}

/// `--vocab FILE` or `--vocab-size N` (learned from the corpus), and `--cased`.
#[derive(clap::Args)]
pub struct VocabSource {
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
    /// Keep case and accents (default: uncased, like bert-base-uncased).
    #[arg(long)]
    cased: bool,
}

impl VocabSource {
    pub fn tokenizer(&self, corpus: &Corpus) -> Result<Tokenizer, String> {
        match (&self.vocab, self.vocab_size) {
            (Some(path), _) => load_tokenizer(path, self.cased),
            (None, Some(size)) if size >= 10 => Ok(Tokenizer::new(
                learn_vocab(&corpus.text(), size, !self.cased),
                !self.cased,
            )),
            _ => Err("--vocab-size must be at least 10".into()),
        }
    }
}

/// A checkpoint folder on `device` and the tokenizer of its `vocab.txt`.
pub fn load_model(
    dir: &Path,
    cased: bool,
    device: &Device,
) -> Result<(Checkpoint, Tokenizer), String> {
    let checkpoint = Checkpoint::from_dir(dir, device).map_err(|error| error.to_string())?;
    let tokenizer = checkpoint
        .tokenizer(!cased)
        .map_err(|error| format!("{}: {error}", dir.display()))?;
    Ok((checkpoint, tokenizer))
}
