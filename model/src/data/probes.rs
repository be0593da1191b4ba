//! Probe sentences: a few sentences of the training corpus with their last word masked, asked
//! again every so often during pre-training so the learner sees the guesses get better.

use super::corpus::Corpus;

/// A probe: the text with one [MASK] and the word that was there.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Probe {
    pub text: String,
    pub answer: String,
}

/// Up to `count` probes from sentences spread evenly through `corpus`: in each, the last word
/// (letters only, before any final punctuation) becomes [MASK]. Sentences without such a word,
/// or whose word `answerable` refuses (one [MASK] can only ever be one token), are skipped; the
/// choice is deterministic, so a resumed run asks the same questions.
pub fn probes(corpus: &Corpus, count: usize, answerable: impl Fn(&str) -> bool) -> Vec<Probe> {
    let sentences: Vec<&String> = corpus.documents.iter().flatten().collect();
    if sentences.is_empty() || count == 0 {
        return Vec::new();
    }
    let stride = (sentences.len() / count).max(1);
    let mut chosen = Vec::new();
    for start in 0..stride {
        for sentence in sentences.iter().skip(start).step_by(stride) {
            if chosen.len() == count {
                return chosen;
            }
            if let Some(probe) = mask_last_word(sentence)
                && answerable(&probe.answer)
                && !chosen.iter().any(|p: &Probe| p.text == probe.text)
            {
                chosen.push(probe);
            }
        }
    }
    chosen
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
    fn probes_are_spread_through_the_corpus_and_distinct() {
        let corpus = Corpus::parse("A b c.\nD e f.\nG h i.\n\nJ k l.\nM n o.\nP q r.\n").unwrap();
        let chosen = probes(&corpus, 3, |_| true);
        let texts: Vec<&str> = chosen.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["A b [MASK].", "G h [MASK].", "M n [MASK]."]);
        assert_eq!(probes(&corpus, 10, |_| true).len(), 6);
        let without_i = probes(&corpus, 3, |answer| answer != "i");
        assert!(without_i.iter().all(|p| p.answer != "i"));
        assert_eq!(without_i.len(), 3);
    }
}
