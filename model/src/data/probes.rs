//! Probe sentences: a few sentences of the training corpus with their last word masked, asked
//! again every so often during pre-training so the learner sees the guesses get better.

use std::collections::HashMap;

use super::corpus::Corpus;

/// A probe: the text with one [MASK] and the word that was there.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Probe {
    pub text: String,
    pub answer: String,
}

/// Up to `count` probes, each asking for a different word. In each sentence the last word
/// (letters only, before any final punctuation) becomes [MASK]; the sentences whose last word
/// the two words before it most surely predict in the corpus come first (“A dog says” → woof),
/// then those with more examples of it: a model learns such words early, so the learner sees a
/// probe turn right within a short run (ties keep the corpus order). Sentences without such a
/// word, or whose word `answerable` refuses (one [MASK] can only ever be one token), are skipped;
/// the choice is deterministic, so a resumed run asks the same questions.
pub fn probes(corpus: &Corpus, count: usize, answerable: impl Fn(&str) -> bool) -> Vec<Probe> {
    let sentences = corpus.documents.iter().flatten();
    let mut pairs: HashMap<(String, String), usize> = HashMap::new();
    let mut triples: HashMap<(String, String, String), usize> = HashMap::new();
    for sentence in sentences.clone() {
        for three in words(sentence).windows(3) {
            *pairs
                .entry((three[0].clone(), three[1].clone()))
                .or_default() += 1;
            *triples
                .entry((three[0].clone(), three[1].clone(), three[2].clone()))
                .or_default() += 1;
        }
    }
    // How surely the two words before the answer predict it, and on how many examples.
    let predictability = |sentence: &str| -> (f64, usize) {
        let words = words(sentence);
        let [.., first, second, last] = words.as_slice() else {
            return (0.0, 0);
        };
        let seen = triples
            .get(&(first.clone(), second.clone(), last.clone()))
            .copied()
            .unwrap_or(0);
        let context = pairs
            .get(&(first.clone(), second.clone()))
            .copied()
            .unwrap_or(0);
        (seen as f64 / context.max(1) as f64, seen)
    };
    let mut candidates: Vec<(Probe, (f64, usize))> = sentences
        .filter_map(|sentence| Some((mask_last_word(sentence)?, predictability(sentence))))
        .filter(|(probe, _)| answerable(&probe.answer))
        .collect();
    candidates.sort_by(|(_, a), (_, b)| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
    let mut chosen: Vec<Probe> = Vec::new();
    for (probe, _) in candidates {
        if chosen.len() == count {
            break;
        }
        if !chosen
            .iter()
            .any(|p| p.answer.to_lowercase() == probe.answer.to_lowercase())
        {
            chosen.push(probe);
        }
    }
    chosen
}

/// The words of a sentence, lower-cased, punctuation dropped.
fn words(sentence: &str) -> Vec<String> {
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn mask_last_word(sentence: &str) -> Option<Probe> {
    let trimmed = sentence.trim_end();
    let body = trimmed.trim_end_matches(|c: char| !c.is_alphanumeric());
    let start = body
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map(|(i, _)| i)?;
    let answer = &body[start..];
    // A sentence of one word would leave nothing to guess from.
    if start == 0 || answer.is_empty() {
        return None;
    }
    Some(Probe {
        text: format!("{}[MASK]{}", &body[..start], &trimmed[body.len()..]),
        answer: answer.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_word_is_masked_and_punctuation_kept() {
        let probe = mask_last_word("The cow says moo.").unwrap();
        assert_eq!(probe.text, "The cow says [MASK].");
        assert_eq!(probe.answer, "moo");
        let korean = mask_last_word("고양이는 생선을 먹는다.").unwrap();
        assert_eq!(korean.text, "고양이는 생선을 [MASK].");
        assert_eq!(mask_last_word("Hello!"), None);
    }

    #[test]
    fn each_answer_is_asked_once_in_corpus_order_when_equal() {
        let corpus = Corpus::parse("A b c.\nD e f.\nG h c.\n\nJ k l.\nM n c.\nP q f.\n").unwrap();
        let chosen = probes(&corpus, 3, |_| true);
        let texts: Vec<&str> = chosen.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["A b [MASK].", "D e [MASK].", "J k [MASK]."]);
        assert_eq!(
            probes(&corpus, 10, |_| true).len(),
            3,
            "one probe per answer"
        );
        let without_c = probes(&corpus, 3, |answer| answer != "c");
        assert!(without_c.iter().all(|p| p.answer != "c"));
        assert_eq!(without_c.len(), 2);
    }

    #[test]
    fn the_best_predicted_answers_come_first() {
        let corpus = Corpus::parse(
            "We saw the red kite.\nA cow says moo.\n\nThe cow says moo.\nThe dog eats the red apple.\n",
        )
        .unwrap();
        let texts: Vec<String> = probes(&corpus, 2, |_| true)
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert_eq!(texts, ["A cow says [MASK].", "We saw the red [MASK]."]);
    }
}
