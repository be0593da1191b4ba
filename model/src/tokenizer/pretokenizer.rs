//! BERT's pre-tokenizer: split normalised text into words at whitespace (dropped) and around
//! every punctuation character (kept, each one a word of its own).

use unicode_categories::UnicodeCategories;

use super::normalizer::{Normalized, is_whitespace};

/// A word: its characters and, for each, the original character it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub chars: Vec<char>,
    pub origins: Vec<usize>,
}

impl Word {
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }
}

/// ASCII punctuation (which includes $, +, <, =, >, ^, `, | and ~) or Unicode P* categories.
pub fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || c.is_punctuation()
}

pub fn split_words(normalized: &Normalized) -> Vec<Word> {
    let mut words = Vec::new();
    let mut current = Word {
        chars: Vec::new(),
        origins: Vec::new(),
    };
    let flush = |current: &mut Word, words: &mut Vec<Word>| {
        if !current.chars.is_empty() {
            words.push(std::mem::replace(
                current,
                Word {
                    chars: Vec::new(),
                    origins: Vec::new(),
                },
            ));
        }
    };
    for (&c, &origin) in normalized.chars.iter().zip(&normalized.origins) {
        if is_whitespace(c) {
            flush(&mut current, &mut words);
        } else if is_punctuation(c) {
            flush(&mut current, &mut words);
            words.push(Word {
                chars: vec![c],
                origins: vec![origin],
            });
        } else {
            current.chars.push(c);
            current.origins.push(origin);
        }
    }
    flush(&mut current, &mut words);
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenizer::normalizer::normalize;

    #[test]
    fn splits_whitespace_and_isolates_each_punctuation_mark() {
        let words = split_words(&normalize(
            "Hey friend!     How are you?!?",
            0,
            crate::tokenizer::Normalization::CASED,
        ));
        let texts: Vec<String> = words.iter().map(Word::text).collect();
        assert_eq!(
            texts,
            ["Hey", "friend", "!", "How", "are", "you", "?", "!", "?"]
        );
        assert_eq!(words[3].origins[0], 16);
    }
}
