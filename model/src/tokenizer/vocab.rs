//! The WordPiece vocabulary: token ↔ id, read from `vocab.txt` (one token per line, line number
//! = id) or from a `tokenizer.json`, with BERT's five special tokens.

use std::collections::HashMap;

/// BERT's special tokens, as they appear in its vocabulary.
pub const PAD: &str = "[PAD]";
pub const UNK: &str = "[UNK]";
pub const CLS: &str = "[CLS]";
pub const SEP: &str = "[SEP]";
pub const MASK: &str = "[MASK]";
pub const SPECIAL_TOKENS: [&str; 5] = [PAD, UNK, CLS, SEP, MASK];

/// Why a vocabulary could not be used.
#[derive(Debug, Clone, thiserror::Error, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum VocabError {
    #[error("the vocabulary has no {0} token, which BERT needs")]
    MissingSpecial(&'static str),
    #[error("the vocabulary is empty")]
    Empty,
    #[error("token {token:?} appears twice in the vocabulary (ids {first} and {second})")]
    Duplicate {
        token: String,
        first: u32,
        second: u32,
    },
    #[error("tokenizer.json is not a WordPiece tokenizer: {0}")]
    NotWordPiece(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Vocab {
    tokens: Vec<String>,
    ids: HashMap<String, u32>,
    pub pad: u32,
    pub unk: u32,
    pub cls: u32,
    pub sep: u32,
    pub mask: u32,
}

impl Vocab {
    /// A vocabulary from tokens in id order; must contain the five special tokens.
    pub fn new(tokens: Vec<String>) -> Result<Self, VocabError> {
        if tokens.is_empty() {
            return Err(VocabError::Empty);
        }
        let mut ids = HashMap::with_capacity(tokens.len());
        for (id, token) in tokens.iter().enumerate() {
            if let Some(first) = ids.insert(token.clone(), id as u32) {
                return Err(VocabError::Duplicate {
                    token: token.clone(),
                    first,
                    second: id as u32,
                });
            }
        }
        let special = |token: &'static str| {
            ids.get(token)
                .copied()
                .ok_or(VocabError::MissingSpecial(token))
        };
        Ok(Self {
            pad: special(PAD)?,
            unk: special(UNK)?,
            cls: special(CLS)?,
            sep: special(SEP)?,
            mask: special(MASK)?,
            tokens,
            ids,
        })
    }

    /// Parses `vocab.txt`.
    pub fn from_vocab_txt(text: &str) -> Result<Self, VocabError> {
        Self::new(
            text.lines()
                .map(|line| line.trim_end_matches('\r').to_string())
                .collect(),
        )
    }

    /// The contents of `vocab.txt`.
    pub fn to_vocab_txt(&self) -> String {
        self.tokens
            .iter()
            .map(|token| format!("{token}\n"))
            .collect()
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn id(&self, token: &str) -> Option<u32> {
        self.ids.get(token).copied()
    }

    pub fn token(&self, id: u32) -> Option<&str> {
        self.tokens.get(id as usize).map(String::as_str)
    }

    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    pub fn is_special(&self, id: u32) -> bool {
        [self.pad, self.unk, self.cls, self.sep, self.mask].contains(&id)
    }
}
