//! The Contextual-vectors lesson's words, each used in two senses in `polysemy.txt` (one document
//! per word and sense, written by `scripts/corpora/toy_world.py` from the toy world the shipped
//! model learned), and the sentences the lesson follows a word through.

use super::corpus::Corpus;
use crate::tokenizer::particles::is_word_with_particle;

/// The English words the lesson offers, in the order of its menu.
pub const WORDS: [&str; 8] = [
    "bank", "bat", "bark", "seal", "crane", "match", "light", "spring",
];

/// The Korean ones, used in two or three senses each in `polysemy-ko.txt` (written by
/// `scripts/corpora/toy_world_ko.py`).
pub const WORDS_KO: [&str; 5] = ["배", "눈", "말", "밤", "다리"];

/// Sentences taken from each document, to keep the picture readable.
pub const PER_DOCUMENT: usize = 5;

/// `(sentence, document)` for the first [`PER_DOCUMENT`] sentences of each document that use
/// `word` as a whole word (any case; in Korean, also with a particle after it: 배를); the
/// document is the sense.
pub fn sentences_with(corpus: &Corpus, word: &str) -> Vec<(String, usize)> {
    let word = word.to_lowercase();
    let has = |sentence: &str| {
        sentence
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| is_word_with_particle(w, &word))
    };
    corpus
        .documents
        .iter()
        .enumerate()
        .flat_map(|(document, sentences)| {
            sentences
                .iter()
                .filter(|s| has(s))
                .take(PER_DOCUMENT)
                .map(move |s| (s.clone(), document))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_word_whole_in_each_document() {
        let corpus = Corpus::parse(
            "The bank of the river.\nBanks are big.\nThe river bank.\n\nThe bank keeps money.\nA bank.\n",
        )
        .unwrap();
        let found = sentences_with(&corpus, "Bank");
        assert_eq!(
            found.iter().map(|(_, d)| *d).collect::<Vec<_>>(),
            vec![0, 0, 1, 1]
        );
    }
}
