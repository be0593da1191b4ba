//! Korean particles (조사) for learning a vocabulary: Korean writes a noun and its particles as
//! one word (고양이는, 고양이를, 고양이가), and merging frequent pairs would learn every such
//! word whole. Where a stem is seen with two or more different particles (or alone), the word is
//! learned as the stem plus a `##` particle, so WordPiece then reads 고양이는 as 고양이 ##는 —
//! one piece for the cat, one for its role in the sentence.

use std::collections::{BTreeMap, BTreeSet};

use super::normalizer::is_hangul;

/// Common particles, longest first (so 에서 is found before 서).
const PARTICLES: [&str; 24] = [
    "에게서",
    "에서는",
    "으로는",
    "에서",
    "에게",
    "한테",
    "으로",
    "까지",
    "부터",
    "보다",
    "처럼",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "에",
    "의",
    "와",
    "과",
    "도",
    "로",
    "만",
];

/// Whether `text` is one of the particles.
pub fn is_particle(text: &str) -> bool {
    PARTICLES.contains(&text)
}

/// Whether `text` is `word` itself or `word` followed by one particle (배 in 배를, 배가, 배):
/// how Korean writes a noun in a sentence.
pub fn is_word_with_particle(text: &str, word: &str) -> bool {
    text.strip_prefix(word)
        .is_some_and(|rest| rest.is_empty() || is_particle(rest))
}

/// How each word of `words` (word → count) is learned: `(piece, continues, count)` — the whole
/// word, or its stem and then its particle as a continuation.
pub fn learning_units(words: &BTreeMap<String, usize>) -> Vec<(String, bool, usize)> {
    let split = |word: &str| -> Option<(String, &'static str)> {
        PARTICLES.iter().find_map(|particle| {
            let stem = word.strip_suffix(particle)?;
            (!stem.is_empty() && stem.chars().all(is_hangul)).then(|| (stem.to_string(), *particle))
        })
    };
    // A stem is real when it takes different particles, or stands alone.
    let mut seen_with: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
    for word in words.keys() {
        if let Some((stem, particle)) = split(word) {
            seen_with.entry(stem).or_default().insert(particle);
        }
    }
    let is_stem = |stem: &str| {
        seen_with
            .get(stem)
            .is_some_and(|particles| particles.len() >= 2)
            || words.contains_key(stem)
    };
    let mut units = Vec::new();
    for (word, &count) in words {
        match split(word).filter(|(stem, _)| is_stem(stem)) {
            Some((stem, particle)) => {
                units.push((stem, false, count));
                units.push((particle.to_string(), true, count));
            }
            None => units.push((word.clone(), false, count)),
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particles_split_off_stems_that_take_several() {
        let words: BTreeMap<String, usize> = [
            "고양이는",
            "고양이를",
            "고양이가",
            "바다",
            "바다로",
            "운다",
            "개구리",
        ]
        .iter()
        .map(|w| (w.to_string(), 1))
        .collect();
        let units = learning_units(&words);
        assert!(units.contains(&("고양이".to_string(), false, 1)));
        assert!(units.contains(&("는".to_string(), true, 1)));
        // 바다 stands alone, so 바다로 is 바다 + ##로; 운다 and 개구리 are not particle words.
        assert!(units.contains(&("로".to_string(), true, 1)));
        assert!(units.contains(&("운다".to_string(), false, 1)));
        assert!(units.contains(&("개구리".to_string(), false, 1)));
        // 고양 never takes another particle: 고양이 is not 고양 + 이.
        assert!(!units.iter().any(|(piece, _, _)| piece == "고양"));
    }

    #[test]
    fn a_word_with_a_particle_is_still_the_word() {
        assert!(is_word_with_particle("배를", "배"));
        assert!(is_word_with_particle("배", "배"));
        assert!(is_word_with_particle("다리에서", "다리"));
        assert!(!is_word_with_particle("배고프다", "배"));
        assert!(!is_word_with_particle("밤나무", "밤"));
        assert!(!is_word_with_particle("batter", "bat"));
    }
}
