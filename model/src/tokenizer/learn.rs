//! Learning a WordPiece vocabulary from a corpus, for training BERT from scratch: start from
//! single characters (word-initial, and `##`-continuations), then repeatedly merge the most
//! frequent adjacent pair, as Hugging Face's WordPiece trainer does through BPE.

use std::collections::{BTreeMap, HashMap};

use super::normalizer::normalize;
use super::pretokenizer::split_words;
use super::vocab::{SPECIAL_TOKENS, Vocab};

/// Learns a vocabulary of at most `size` tokens (the five special tokens included) from `text`.
/// Deterministic: ties are broken by the merged token's spelling.
pub fn learn_vocab(text: &str, size: usize, uncased: bool) -> Vocab {
    // word (as pieces) → count; a BTreeMap keeps iteration, and so the result, deterministic.
    let mut words: BTreeMap<String, usize> = BTreeMap::new();
    for line in text.lines() {
        for word in split_words(&normalize(line, 0, uncased)) {
            *words.entry(word.text()).or_default() += 1;
        }
    }
    let mut tokens: Vec<String> = SPECIAL_TOKENS.iter().map(|s| s.to_string()).collect();
    let mut known: HashMap<String, ()> = tokens.iter().map(|t| (t.clone(), ())).collect();
    let mut split: Vec<(Vec<String>, usize)> = words
        .iter()
        .map(|(word, &count)| {
            let pieces = word
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 {
                        c.to_string()
                    } else {
                        format!("##{c}")
                    }
                })
                .collect();
            (pieces, count)
        })
        .collect();

    // The alphabet, most frequent first, so a small vocabulary keeps the useful characters.
    let mut alphabet: HashMap<String, usize> = HashMap::new();
    for (pieces, count) in &split {
        for piece in pieces {
            *alphabet.entry(piece.clone()).or_default() += count;
        }
    }
    let mut alphabet: Vec<(String, usize)> = alphabet.into_iter().collect();
    alphabet.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (piece, _) in alphabet {
        if tokens.len() >= size {
            break;
        }
        known.insert(piece.clone(), ());
        tokens.push(piece);
    }

    while tokens.len() < size {
        let mut pairs: HashMap<(&str, &str), usize> = HashMap::new();
        for (pieces, count) in &split {
            for pair in pieces.windows(2) {
                *pairs
                    .entry((pair[0].as_str(), pair[1].as_str()))
                    .or_default() += count;
            }
        }
        let best = pairs
            .into_iter()
            .map(|((a, b), count)| (count, merged(a, b), a.to_string(), b.to_string()))
            .max_by(|x, y| x.0.cmp(&y.0).then_with(|| y.1.cmp(&x.1)));
        let Some((_, token, left, right)) = best else {
            break;
        };
        for (pieces, _) in &mut split {
            let mut i = 0;
            while i + 1 < pieces.len() {
                if pieces[i] == left && pieces[i + 1] == right {
                    pieces[i] = token.clone();
                    pieces.remove(i + 1);
                }
                i += 1;
            }
        }
        if known.insert(token.clone(), ()).is_none() {
            tokens.push(token);
        }
    }
    Vocab::new(tokens).expect("special tokens are included and tokens are unique")
}

fn merged(left: &str, right: &str) -> String {
    format!("{left}{}", right.trim_start_matches("##"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenizer::Tokenizer;

    const CORPUS: &str =
        "the cat sat on the mat.\nthe dog sat on the log.\nthe cats and the dogs sat.\n";

    #[test]
    fn learns_frequent_words_whole_and_covers_every_character() {
        let vocab = learn_vocab(CORPUS, 60, true);
        assert!(vocab.len() <= 60);
        assert!(
            vocab.id("the").is_some(),
            "the most frequent word is one token"
        );
        assert!(vocab.id("sat").is_some());
        let tokenizer = Tokenizer::new(vocab, true);
        let encoding = tokenizer.encode("The cats sat on the log.");
        assert!(
            !encoding.tokens.contains(&"[UNK]".to_string()),
            "{:?}",
            encoding.tokens
        );
    }

    #[test]
    fn is_deterministic_and_respects_the_size() {
        assert_eq!(learn_vocab(CORPUS, 40, true), learn_vocab(CORPUS, 40, true));
        assert!(learn_vocab(CORPUS, 8, true).len() <= 8);
    }
}
