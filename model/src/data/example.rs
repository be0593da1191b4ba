//! One pre-training example exactly as BERT builds it: an NSP pair, encoded as
//! `[CLS] A [SEP] B [SEP]` with the longer segment truncated first, then masked.

use super::corpus::Corpus;
use super::masking::{MaskDecision, MaskedSequence, mask_tokens};
use super::nsp::{SentencePair, sample_pair};
use super::rng::Rng;
use crate::tokenizer::{Encoding, Tokenizer, tokenizer_limits};

/// NSP labels as in transformers: 0 = IsNext, 1 = NotNext.
pub const IS_NEXT: u32 = 0;
pub const NOT_NEXT: u32 = 1;

#[derive(Debug, Clone, PartialEq)]
pub struct PretrainingExample {
    pub pair: SentencePair,
    /// The encoding before masking (tokens, segments, offsets).
    pub encoding: Encoding,
    pub masked: MaskedSequence,
    /// [`IS_NEXT`] or [`NOT_NEXT`].
    pub next_sentence_label: u32,
}

/// One token of an example as the Pre-training lesson shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TokenView {
    /// What the model reads ([MASK], a random token, or the token itself).
    pub shown: String,
    /// The token that was there.
    pub original: String,
    pub decision: MaskDecision,
    pub segment: u32,
}

/// What was done to one example, as plain data for drawing.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExampleView {
    pub tokens: Vec<TokenView>,
    pub a: String,
    pub b: String,
    pub is_next: bool,
}

impl PretrainingExample {
    /// The example with token names from `tokenizer`'s vocabulary.
    pub fn view(&self, tokenizer: &Tokenizer) -> ExampleView {
        let name = |id: u32| tokenizer.vocab.token(id).unwrap_or("[UNK]").to_string();
        ExampleView {
            tokens: (0..self.encoding.len())
                .map(|i| TokenView {
                    shown: name(self.masked.input_ids[i]),
                    original: self.encoding.tokens[i].clone(),
                    decision: self.masked.decisions[i],
                    segment: self.encoding.type_ids[i],
                })
                .collect(),
            a: self.pair.a.clone(),
            b: self.pair.b.clone(),
            is_next: self.pair.is_next,
        }
    }
}

/// Draws, encodes (at most `max_len` tokens) and masks one example.
pub fn build_example(
    corpus: &Corpus,
    tokenizer: &Tokenizer,
    max_len: usize,
    rng: &mut Rng,
) -> PretrainingExample {
    let pair = sample_pair(corpus, rng);
    let encoding = tokenizer.encode_pair_with(&pair.a, Some(&pair.b), tokenizer_limits(max_len));
    let masked = mask_tokens(&encoding, &tokenizer.vocab, rng);
    PretrainingExample {
        next_sentence_label: if pair.is_next { IS_NEXT } else { NOT_NEXT },
        pair,
        encoding,
        masked,
    }
}
