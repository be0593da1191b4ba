//! What several subcommands read the same way: a corpus (streamed, with a note when it is cut),
//! a tokenizer from a vocabulary file or learned from the corpus, and a checkpoint with the
//! tokenizer of its own `vocab.txt`.

use std::path::{Path, PathBuf};

use bertlab_model::data::Corpus;
use bertlab_model::data::corpus::MAX_BYTES;
use bertlab_model::tokenizer::Normalization;
use bertlab_model::tokenizer::learn::learn_vocab;
use bertlab_model::{Checkpoint, Tokenizer, Vocab};
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

/// Several corpora read as one: their documents one after the other.
pub fn read_corpora(paths: &[PathBuf]) -> Result<Corpus, String> {
    let mut documents = Vec::new();
    let mut bytes_skipped = 0;
    for path in paths {
        let corpus = read_corpus(path)?;
        documents.extend(corpus.documents);
        bytes_skipped += corpus.bytes_skipped;
    }
    Ok(Corpus {
        documents,
        bytes_skipped,
    })
}

/// A tokenizer from `vocab.txt` or `tokenizer.json` (its own normalizer setting wins there).
/// A `vocab.txt` normalises as the `tokenizer_config.json` beside it says, else uncased;
/// `cased` overrides both.
pub fn load_tokenizer(path: &Path, cased: bool) -> Result<Tokenizer, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    if path.extension().is_some_and(|ext| ext == "json") {
        return Tokenizer::from_tokenizer_json(&text)
            .map_err(|error| format!("{}: {error}", path.display()));
    }
    let beside = path.with_file_name("tokenizer_config.json");
    let normalization = match std::fs::read(&beside) {
        _ if cased => Normalization::CASED,
        Ok(json) => Normalization::from_tokenizer_config(&json)
            .map_err(|error| format!("{}: {error}", beside.display()))?,
        Err(_) => Normalization::UNCASED,
    };
    let vocab =
        Vocab::from_vocab_txt(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(Tokenizer::with_normalization(vocab, normalization))
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
    /// Keep case and accents (default: uncased like bert-base-uncased, keeping accents and
    /// syllables when the corpus has Hangul).
    #[arg(long)]
    cased: bool,
}

impl VocabSource {
    /// Whether `--cased` was given.
    pub fn cased(&self) -> bool {
        self.cased
    }

    pub fn tokenizer(&self, corpus: &Corpus) -> Result<Tokenizer, String> {
        match (&self.vocab, self.vocab_size) {
            (Some(path), _) => load_tokenizer(path, self.cased),
            (None, Some(size)) if size >= 10 => {
                let text = corpus.text();
                let normalization = Normalization::for_corpus(&text, self.cased);
                Ok(Tokenizer::with_normalization(
                    learn_vocab(&text, size, normalization),
                    normalization,
                ))
            }
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
    let mut tokenizer = checkpoint
        .tokenizer()
        .map_err(|error| format!("{}: {error}", dir.display()))?;
    if cased {
        tokenizer.normalization = Normalization::CASED;
    }
    Ok((checkpoint, tokenizer))
}
