//! Next-sentence prediction pairs: sentence A and, half the time, the sentence that really
//! follows it (IsNext), otherwise a sentence from another document (NotNext).

use super::corpus::Corpus;
use super::rng::Rng;

#[derive(Debug, Clone, PartialEq)]
pub struct SentencePair {
    pub a: String,
    pub b: String,
    /// True when B really follows A in the same document.
    pub is_next: bool,
    /// (document, sentence) of A and of B, for showing where they came from.
    pub a_source: (usize, usize),
    pub b_source: (usize, usize),
}

/// Draws one pair: A is a sentence that has a successor in its document; with probability ½
/// B is that successor, otherwise a random sentence of a different document.
pub fn sample_pair(corpus: &Corpus, rng: &mut Rng) -> SentencePair {
    let starts: Vec<(usize, usize)> = corpus
        .documents
        .iter()
        .enumerate()
        .flat_map(|(d, sentences)| (0..sentences.len().saturating_sub(1)).map(move |s| (d, s)))
        .collect();
    let (doc, sentence) = starts[rng.below(starts.len())];
    let is_next = rng.next_f64() < 0.5;
    let b_source = if is_next {
        (doc, sentence + 1)
    } else {
        let mut other = rng.below(corpus.documents.len() - 1);
        if other >= doc {
            other += 1;
        }
        (other, rng.below(corpus.documents[other].len()))
    };
    SentencePair {
        a: corpus.documents[doc][sentence].clone(),
        b: corpus.documents[b_source.0][b_source.1].clone(),
        is_next,
        a_source: (doc, sentence),
        b_source,
    }
}
