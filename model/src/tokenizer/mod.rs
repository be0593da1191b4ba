//! WordPiece tokenization exactly as BERT's (Hugging Face `BertTokenizer`): special tokens typed
//! in the text are kept whole, the rest is normalised, split into words and then into WordPiece
//! pieces; sequences get [CLS]/[SEP], segment ids, truncation and padding.

pub mod encoding;
pub mod learn;
pub mod normalizer;
pub mod particles;
pub mod pretokenizer;
pub mod vocab;
pub mod wordpiece;

pub use encoding::Encoding;
pub use normalizer::Normalization;
pub use vocab::{Vocab, VocabError};
pub use wordpiece::WordTrace;

/// A text piece before WordPiece: either a special token typed literally, or a word.
#[derive(Debug, Clone, PartialEq)]
struct TextToken {
    id: Option<u32>,
    chars: Vec<char>,
    origins: Vec<usize>,
}

/// BERT's tokenizer.
#[derive(Debug, Clone, PartialEq)]
pub struct Tokenizer {
    pub vocab: Vocab,
    /// Lower-casing and accent stripping, as `do_lower_case` and `strip_accents`.
    pub normalization: Normalization,
}

/// Length limits for [`Tokenizer::encode_pair_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Limits {
    /// Longest encoding, special tokens included; longer input is truncated longest-first.
    pub max_length: Option<usize>,
    /// Pad with [PAD] up to this length.
    pub pad_to: Option<usize>,
}

/// Truncate to `max_length` tokens, no padding.
pub fn tokenizer_limits(max_length: usize) -> Limits {
    Limits {
        max_length: Some(max_length),
        pad_to: None,
    }
}

impl Tokenizer {
    /// Uncased (lower-case, strip accents) or cased, as bert-base-uncased / -cased.
    pub fn new(vocab: Vocab, uncased: bool) -> Self {
        Self::with_normalization(vocab, Normalization::uncased(uncased))
    }

    pub fn with_normalization(vocab: Vocab, normalization: Normalization) -> Self {
        Self {
            vocab,
            normalization,
        }
    }

    /// From `vocab.txt`.
    pub fn from_vocab_txt(text: &str, uncased: bool) -> Result<Self, VocabError> {
        Ok(Self::new(Vocab::from_vocab_txt(text)?, uncased))
    }

    /// From a Hugging Face `tokenizer.json` with a WordPiece model and a BERT normalizer.
    pub fn from_tokenizer_json(json: &str) -> Result<Self, VocabError> {
        let value: serde_json::Value = serde_json::from_str(json)
            .map_err(|error| VocabError::NotWordPiece(error.to_string()))?;
        let model = &value["model"];
        if model["type"] != "WordPiece" {
            return Err(VocabError::NotWordPiece(format!(
                "model type is {}",
                model["type"]
            )));
        }
        let entries = model["vocab"]
            .as_object()
            .ok_or_else(|| VocabError::NotWordPiece("model.vocab is not a map".into()))?;
        let mut tokens = vec![None; entries.len()];
        for (token, id) in entries {
            let id = id
                .as_u64()
                .filter(|&id| (id as usize) < tokens.len())
                .ok_or_else(|| {
                    VocabError::NotWordPiece(format!(
                        "token {token:?} has id {id}, outside 0..{}",
                        entries.len()
                    ))
                })?;
            tokens[id as usize] = Some(token.clone());
        }
        let tokens = tokens
            .into_iter()
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| VocabError::NotWordPiece("vocabulary ids have gaps".into()))?;
        let normalizer = &value["normalizer"];
        let lowercase = normalizer["lowercase"].as_bool().unwrap_or(true);
        let normalization = Normalization {
            lowercase,
            strip_accents: normalizer["strip_accents"].as_bool().unwrap_or(lowercase),
        };
        Ok(Self::with_normalization(Vocab::new(tokens)?, normalization))
    }

    /// `[CLS] text [SEP]`.
    pub fn encode(&self, text: &str) -> Encoding {
        self.encode_pair_with(text, None, Limits::default())
    }

    /// `[CLS] a [SEP] b [SEP]`.
    pub fn encode_pair(&self, a: &str, b: &str) -> Encoding {
        self.encode_pair_with(a, Some(b), Limits::default())
    }

    /// Encodes one or two texts with truncation (longest first, as `transformers`) and padding.
    /// An empty second text means no second text, as in `transformers`.
    pub fn encode_pair_with(&self, a: &str, b: Option<&str>, limits: Limits) -> Encoding {
        let b = b.filter(|b| !b.is_empty());
        let mut first = self.pieces(a);
        let mut second = b.map(|b| self.pieces(b));
        let before = first.len() + second.as_ref().map_or(0, Vec::len);
        if let Some(max_length) = limits.max_length {
            let budget = max_length.saturating_sub(if second.is_some() { 3 } else { 2 });
            truncate_longest_first(&mut first, second.as_mut(), budget);
        }
        let mut encoding = Encoding {
            truncated: before - first.len() - second.as_ref().map_or(0, Vec::len),
            ..Encoding::default()
        };
        encoding.push(self.vocab.cls, vocab::CLS, 0, (0, 0), None, true);
        for (segment, pieces) in std::iter::once(&first).chain(second.as_ref()).enumerate() {
            for piece in pieces {
                let token = self.vocab.token(piece.id).unwrap_or(vocab::UNK);
                encoding.push(
                    piece.id,
                    token,
                    segment as u32,
                    piece.offsets,
                    Some(piece.word),
                    false,
                );
            }
            encoding.push(
                self.vocab.sep,
                vocab::SEP,
                segment as u32,
                (0, 0),
                None,
                true,
            );
        }
        if let Some(pad_to) = limits.pad_to {
            while encoding.len() < pad_to {
                encoding.push(self.vocab.pad, vocab::PAD, 0, (0, 0), None, true);
                *encoding.attention_mask.last_mut().expect("just pushed") = 0;
            }
        }
        encoding
    }

    /// The WordPiece pieces of `text` (no special tokens added), with offsets and word indices.
    pub fn tokenize(&self, text: &str) -> Vec<String> {
        self.pieces(text)
            .iter()
            .map(|piece| self.vocab.token(piece.id).unwrap_or(vocab::UNK).to_string())
            .collect()
    }

    /// How WordPiece splits one (already normalised) word, step by step.
    pub fn trace_word(&self, word: &str) -> WordTrace {
        wordpiece::trace(&self.vocab, word)
    }

    /// Normalises a text the way the model sees it (lowercase, accents stripped, …).
    pub fn normalize(&self, text: &str) -> String {
        normalizer::normalize(text, 0, self.normalization)
            .chars
            .into_iter()
            .collect()
    }

    fn pieces(&self, text: &str) -> Vec<TextPiece> {
        let mut pieces = Vec::new();
        for (word_index, token) in self.text_tokens(text).into_iter().enumerate() {
            let span =
                |start: usize, end: usize| (token.origins[start], token.origins[end - 1] + 1);
            match token.id {
                Some(id) => pieces.push(TextPiece {
                    id,
                    offsets: span(0, token.chars.len()),
                    word: word_index,
                }),
                None => pieces.extend(wordpiece::split(&self.vocab, &token.chars).into_iter().map(
                    |piece| TextPiece {
                        id: piece.id,
                        offsets: span(piece.start, piece.end),
                        word: word_index,
                    },
                )),
            }
        }
        pieces
    }

    /// Special tokens typed literally (exact, case-sensitive), and the words between them.
    fn text_tokens(&self, text: &str) -> Vec<TextToken> {
        let chars: Vec<char> = text.chars().collect();
        let mut tokens = Vec::new();
        let mut segment_start = 0;
        let mut index = 0;
        while index < chars.len() {
            let special = (chars[index] == '[')
                .then(|| {
                    vocab::SPECIAL_TOKENS.iter().find(|special| {
                        let len = special.chars().count();
                        index + len <= chars.len()
                            && special
                                .chars()
                                .eq(chars[index..index + len].iter().copied())
                    })
                })
                .flatten();
            match special {
                Some(special) => {
                    let len = special.chars().count();
                    tokens.extend(self.words(&chars[segment_start..index], segment_start));
                    tokens.push(TextToken {
                        id: self.vocab.id(special),
                        chars: chars[index..index + len].to_vec(),
                        origins: (index..index + len).collect(),
                    });
                    index += len;
                    segment_start = index;
                }
                None => index += 1,
            }
        }
        tokens.extend(self.words(&chars[segment_start..], segment_start));
        tokens
    }

    fn words(&self, chars: &[char], first_origin: usize) -> Vec<TextToken> {
        let text: String = chars.iter().collect();
        let normalized = normalizer::normalize(&text, first_origin, self.normalization);
        pretokenizer::split_words(&normalized)
            .into_iter()
            .map(|word| TextToken {
                id: None,
                chars: word.chars,
                origins: word.origins,
            })
            .collect()
    }
}

/// A token of the text before [CLS]/[SEP] are added.
#[derive(Debug, Clone, PartialEq)]
struct TextPiece {
    id: u32,
    offsets: (usize, usize),
    word: usize,
}

/// `transformers`' longest-first truncation to `budget` content tokens in total.
fn truncate_longest_first(
    first: &mut Vec<TextPiece>,
    second: Option<&mut Vec<TextPiece>>,
    budget: usize,
) {
    let Some(second) = second else {
        first.truncate(budget);
        return;
    };
    if first.len() + second.len() <= budget {
        return;
    }
    let mut short = first.len().min(second.len());
    let mut long = if short > budget {
        short
    } else {
        (budget - short).max(short)
    };
    if short + long > budget {
        short = budget / 2;
        long = short + budget % 2;
    }
    let (n1, n2) = if first.len() > second.len() {
        (long, short)
    } else {
        (short, long)
    };
    first.truncate(n1);
    second.truncate(n2);
}
