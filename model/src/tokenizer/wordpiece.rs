//! WordPiece: split one word into the longest vocabulary pieces from left to right; pieces after
//! the first carry the `##` prefix. A word with any unmatchable part, or longer than 100
//! characters, becomes [UNK] as a whole. [`trace`] records every attempt for the Tokens lesson.

use super::vocab::Vocab;

/// Words longer than this (in characters) are [UNK] without trying.
pub const MAX_WORD_CHARS: usize = 100;

/// A piece of a word: its id and the character range `[start, end)` it covers in the word.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub id: u32,
    pub start: usize,
    pub end: usize,
}

/// One step of the greedy search: from `start`, the candidates tried (longest first) and which
/// one, if any, was in the vocabulary.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub start: usize,
    pub tried: Vec<String>,
    pub matched: Option<String>,
}

/// How a word was split, step by step.
#[derive(Debug, Clone, PartialEq)]
pub struct WordTrace {
    pub word: String,
    pub steps: Vec<Step>,
    /// The final pieces (a single [UNK] when the search failed or the word was too long).
    pub pieces: Vec<String>,
    pub too_long: bool,
}

/// Splits `word` into pieces.
pub fn split(vocab: &Vocab, word: &[char]) -> Vec<Piece> {
    search(vocab, word, None)
}

/// Splits `word`, recording every candidate tried.
pub fn trace(vocab: &Vocab, word: &str) -> WordTrace {
    let chars: Vec<char> = word.chars().collect();
    let mut steps = Vec::new();
    let pieces = search(vocab, &chars, Some(&mut steps));
    WordTrace {
        word: word.to_string(),
        too_long: chars.len() > MAX_WORD_CHARS,
        pieces: pieces
            .iter()
            .map(|piece| vocab.token(piece.id).unwrap_or_default().to_string())
            .collect(),
        steps,
    }
}

fn search(vocab: &Vocab, word: &[char], mut steps: Option<&mut Vec<Step>>) -> Vec<Piece> {
    let unknown = || {
        vec![Piece {
            id: vocab.unk,
            start: 0,
            end: word.len(),
        }]
    };
    if word.len() > MAX_WORD_CHARS {
        return unknown();
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut candidate = String::new();
    while start < word.len() {
        let mut step = Step {
            start,
            tried: Vec::new(),
            matched: None,
        };
        let mut found = None;
        for end in (start + 1..=word.len()).rev() {
            candidate.clear();
            if start > 0 {
                candidate.push_str("##");
            }
            candidate.extend(&word[start..end]);
            if steps.is_some() {
                step.tried.push(candidate.clone());
            }
            if let Some(id) = vocab.id(&candidate) {
                found = Some(Piece { id, start, end });
                step.matched = Some(candidate.clone());
                break;
            }
        }
        if let Some(steps) = steps.as_deref_mut() {
            steps.push(step);
        }
        match found {
            Some(piece) => {
                start = piece.end;
                pieces.push(piece);
            }
            None => return unknown(),
        }
    }
    pieces
}
