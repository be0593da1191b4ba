//! Learning a WordPiece vocabulary from a corpus, for training BERT from scratch: start from
//! single characters (word-initial, and `##`-continuations), then repeatedly merge the most
//! frequent adjacent pair, as Hugging Face's WordPiece trainer does through BPE. Like BERT's own
//! vocabulary, a learned one always holds every letter and digit of the Latin script (whole and
//! as `##` pieces) and every ASCII punctuation mark, so ordinary text never becomes [UNK] for
//! want of a letter the corpus happened not to use. Korean particles are learned as `##` pieces
//! after their nouns (`particles`).

use std::collections::{BTreeMap, HashMap};

use super::normalizer::{Normalization, normalize};
use super::particles::learning_units;
use super::pretokenizer::split_words;
use super::vocab::{SPECIAL_TOKENS, Vocab};

/// Learns a vocabulary of at most `size` tokens (the five special tokens included) from `text`
/// normalised as `normalization` says (see [`Normalization::for_corpus`]). Deterministic: ties
/// are broken by the merged token's spelling.
pub fn learn_vocab(text: &str, size: usize, normalization: Normalization) -> Vocab {
    // word (as pieces) → count; a BTreeMap keeps iteration, and so the result, deterministic.
    let mut words: BTreeMap<String, usize> = BTreeMap::new();
    for line in text.lines() {
        for word in split_words(&normalize(line, 0, normalization)) {
            *words.entry(word.text()).or_default() += 1;
        }
    }
    let mut tokens: Vec<String> = SPECIAL_TOKENS.iter().map(|s| s.to_string()).collect();
    let mut known: HashMap<String, ()> = tokens.iter().map(|t| (t.clone(), ())).collect();
    // Korean words are learned as stem + particle (see `particles`).
    let units: Vec<(String, bool, usize)> = if normalization.strip_accents {
        words.iter().map(|(w, &n)| (w.clone(), false, n)).collect()
    } else {
        learning_units(&words)
    };
    let mut split: Vec<(Vec<String>, usize)> = units
        .into_iter()
        .map(|(word, continues, count)| {
            let pieces = word
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 && !continues {
                        c.to_string()
                    } else {
                        format!("##{c}")
                    }
                })
                .collect();
            (pieces, count)
        })
        .collect();

    // The script's letters, digits and punctuation first; then the corpus's other characters,
    // most frequent first, so a small vocabulary keeps the useful ones.
    let mut alphabet: HashMap<String, usize> = HashMap::new();
    for (pieces, count) in &split {
        for piece in pieces {
            *alphabet.entry(piece.clone()).or_default() += count;
        }
    }
    let mut alphabet: Vec<(String, usize)> = alphabet.into_iter().collect();
    alphabet.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let base = base_alphabet(!normalization.lowercase);
    for piece in base
        .into_iter()
        .chain(alphabet.into_iter().map(|(piece, _)| piece))
    {
        if tokens.len() >= size {
            break;
        }
        if known.insert(piece.clone(), ()).is_none() {
            tokens.push(piece);
        }
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

/// What every learned vocabulary holds: a–z (and A–Z when cased) and 0–9, whole and as `##`
/// continuations, and the ASCII punctuation marks (always words of their own).
pub fn base_alphabet(cased: bool) -> Vec<String> {
    let mut characters: Vec<char> = ('a'..='z').collect();
    if cased {
        characters.extend('A'..='Z');
    }
    characters.extend('0'..='9');
    let mut pieces: Vec<String> = characters.iter().map(char::to_string).collect();
    pieces.extend(characters.iter().map(|c| format!("##{c}")));
    pieces.extend(
        (0u8..128)
            .map(char::from)
            .filter(char::is_ascii_punctuation)
            .map(|c| c.to_string()),
    );
    pieces
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
        let vocab = learn_vocab(CORPUS, 160, Normalization::UNCASED);
        assert!(vocab.len() <= 160);
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
    fn ordinary_english_never_becomes_unknown_for_want_of_a_letter() {
        // The corpus has no j, q, x, z or digits; the vocabulary has them anyway.
        let vocab = learn_vocab(CORPUS, 200, Normalization::UNCASED);
        let tokenizer = Tokenizer::new(vocab, true);
        let encoding = tokenizer.encode("The quick brown fox jumped over 12 lazy dogs (quietly)!");
        assert!(
            !encoding.tokens.contains(&"[UNK]".to_string()),
            "{:?}",
            encoding.tokens
        );
        let cased = learn_vocab(CORPUS, 300, Normalization::CASED);
        assert!(cased.id("Q").is_some() && cased.id("##Z").is_some());
    }

    #[test]
    fn a_korean_corpus_keeps_its_syllables_and_splits_off_particles() {
        let corpus = "고양이는 야옹 하고 운다.\n고양이가 생선을 먹는다.\n고양이를 만났다.\n개는 멍멍 하고 운다.\n개가 뼈다귀를 먹는다.\n";
        let normalization = Normalization::for_corpus(corpus, false);
        let tokenizer =
            Tokenizer::with_normalization(learn_vocab(corpus, 200, normalization), normalization);
        let tokens = tokenizer.tokenize("고양이는 생선을 먹는다.");
        assert!(!tokens.contains(&"[UNK]".to_string()), "{tokens:?}");
        assert!(
            tokens
                .iter()
                .all(|t| !t.chars().any(|c| ('\u{1100}'..='\u{11ff}').contains(&c))),
            "no jamo: {tokens:?}"
        );
    }

    #[test]
    fn is_deterministic_and_respects_the_size() {
        assert_eq!(
            learn_vocab(CORPUS, 40, Normalization::UNCASED),
            learn_vocab(CORPUS, 40, Normalization::UNCASED)
        );
        assert!(learn_vocab(CORPUS, 8, Normalization::UNCASED).len() <= 8);
    }
}
