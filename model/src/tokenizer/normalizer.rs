//! BERT's normalizer, step for step as the `tokenizers` crate's `BertNormalizer`: remove control
//! and zero-width characters, turn whitespace into spaces, put spaces around CJK ideographs, and
//! for uncased models strip accents (NFD, drop non-spacing marks) and lowercase. Every output
//! character remembers which input character it came from, for offsets.

use unicode_categories::UnicodeCategories;
use unicode_normalization::char::decompose_canonical;

/// Normalised text: `chars[i]` came from original character `origins[i]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Normalized {
    pub chars: Vec<char>,
    pub origins: Vec<usize>,
}

/// Normalises `text` (whose first character is original character number `first_origin`).
pub fn normalize(text: &str, first_origin: usize, uncased: bool) -> Normalized {
    let mut out = Normalized::default();
    for (index, c) in text.chars().enumerate() {
        let origin = first_origin + index;
        if c == '\0' || c == '\u{fffd}' || is_control(c) {
            continue;
        }
        let c = if is_whitespace(c) { ' ' } else { c };
        if is_chinese_char(c) {
            // Each ideograph becomes a word of its own.
            out.push_all([' ', c, ' '], origin);
        } else if uncased {
            let mut decomposed = Vec::with_capacity(2);
            decompose_canonical(c, |part| decomposed.push(part));
            for part in decomposed
                .into_iter()
                .filter(|part| !part.is_mark_nonspacing())
            {
                out.push_all(part.to_lowercase(), origin);
            }
        } else {
            out.push_all([c], origin);
        }
    }
    out
}

impl Normalized {
    fn push_all(&mut self, chars: impl IntoIterator<Item = char>, origin: usize) {
        for c in chars {
            self.chars.push(c);
            self.origins.push(origin);
        }
    }
}

/// Tab, newline and carriage return count as whitespace, not as control characters.
pub fn is_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || c.is_whitespace()
}

/// Unicode "Other" (Cc, Cf, Cn, Co, Cs): control, format (zero-width), unassigned, private use.
fn is_control(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r') && c.is_other()
}

/// The CJK Unified Ideographs blocks (not Hangul, not kana), as BERT defines them.
fn is_chinese_char(c: char) -> bool {
    matches!(
        c as u32,
        0x4E00..=0x9FFF
            | 0x3400..=0x4DBF
            | 0x20000..=0x2A6DF
            | 0x2A700..=0x2B73F
            | 0x2B740..=0x2B81F
            | 0x2B920..=0x2CEAF
            | 0xF900..=0xFAFF
            | 0x2F800..=0x2FA1F
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(normalized: &Normalized) -> String {
        normalized.chars.iter().collect()
    }

    #[test]
    fn strips_accents_and_lowercases_when_uncased() {
        let normalized = normalize("Café Ünïcode", 0, true);
        assert_eq!(text(&normalized), "cafe unicode");
        assert_eq!(normalized.origins[3], 3, "the e of é still points at é");
        assert_eq!(text(&normalize("Café", 0, false)), "Café");
    }

    #[test]
    fn removes_controls_and_zero_width_and_spaces_out_ideographs() {
        assert_eq!(text(&normalize("a\u{200b}b\u{7}c\td", 0, true)), "abc d");
        let normalized = normalize("中文", 10, true);
        assert_eq!(text(&normalized), " 中  文 ");
        assert_eq!(normalized.origins, vec![10, 10, 10, 11, 11, 11]);
    }
}
