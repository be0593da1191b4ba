//! BERT's normalizer, step for step as the `tokenizers` crate's `BertNormalizer`: remove control
//! and zero-width characters, turn whitespace into spaces, put spaces around CJK ideographs, and
//! — as the vocabulary asks ([`Normalization`]) — lowercase and strip accents (NFD, drop
//! non-spacing marks). Every output character remembers which input character it came from.

use unicode_categories::UnicodeCategories;
use unicode_normalization::char::decompose_canonical;

/// What a vocabulary expects of the text, as `BertTokenizer`'s `do_lower_case` and
/// `strip_accents` (saved as `tokenizer_config.json`). Stripping accents decomposes text (NFD),
/// which also breaks every Hangul syllable into its letters (jamo); so a vocabulary learned from
/// Korean text lower-cases but keeps accents, and keeps syllables whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Normalization {
    pub lowercase: bool,
    pub strip_accents: bool,
}

impl Normalization {
    /// bert-base-uncased: lower-case and strip accents.
    pub const UNCASED: Normalization = Normalization {
        lowercase: true,
        strip_accents: true,
    };
    /// Cased models: the text as written.
    pub const CASED: Normalization = Normalization {
        lowercase: false,
        strip_accents: false,
    };
    /// Lower-case, but keep accents and Hangul syllables.
    pub const LOWERCASE_KEEP_ACCENTS: Normalization = Normalization {
        lowercase: true,
        strip_accents: false,
    };

    /// Uncased or cased, as the `-uncased`/`-cased` model names say.
    pub fn uncased(uncased: bool) -> Normalization {
        if uncased { Self::UNCASED } else { Self::CASED }
    }

    /// For a vocabulary learned from `text`: cased when asked; otherwise uncased, keeping
    /// accents when the text has Hangul (so its syllables stay whole).
    pub fn for_corpus(text: &str, cased: bool) -> Normalization {
        if cased {
            Self::CASED
        } else if text.chars().any(is_hangul) {
            Self::LOWERCASE_KEEP_ACCENTS
        } else {
            Self::UNCASED
        }
    }

    /// `tokenizer_config.json` for transformers' `BertTokenizer`.
    pub fn tokenizer_config(&self) -> serde_json::Value {
        serde_json::json!({
            "tokenizer_class": "BertTokenizer",
            "do_lower_case": self.lowercase,
            "strip_accents": self.strip_accents,
            "tokenize_chinese_chars": true,
        })
    }

    /// From a `tokenizer_config.json`: `do_lower_case` (default true), `strip_accents` (`null`
    /// or absent: as `do_lower_case`, which is what transformers does).
    pub fn from_tokenizer_config(json: &[u8]) -> Result<Normalization, String> {
        let value: serde_json::Value = serde_json::from_slice(json)
            .map_err(|error| format!("tokenizer_config.json is not JSON: {error}"))?;
        let lowercase = value["do_lower_case"].as_bool().unwrap_or(true);
        let strip_accents = value["strip_accents"].as_bool().unwrap_or(lowercase);
        Ok(Normalization {
            lowercase,
            strip_accents,
        })
    }
}

/// A Hangul syllable or letter (jamo, compatibility jamo).
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xD7B0..=0xD7FF)
}

/// Normalised text: `chars[i]` came from original character `origins[i]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Normalized {
    pub chars: Vec<char>,
    pub origins: Vec<usize>,
}

/// Normalises `text` (whose first character is original character number `first_origin`).
pub fn normalize(text: &str, first_origin: usize, normalization: Normalization) -> Normalized {
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
        } else if normalization.strip_accents {
            let mut decomposed = Vec::with_capacity(2);
            decompose_canonical(c, |part| decomposed.push(part));
            for part in decomposed
                .into_iter()
                .filter(|part| !part.is_mark_nonspacing())
            {
                if normalization.lowercase {
                    out.push_all(part.to_lowercase(), origin);
                } else {
                    out.push_all([part], origin);
                }
            }
        } else if normalization.lowercase {
            out.push_all(c.to_lowercase(), origin);
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
        let normalized = normalize("Café Ünïcode", 0, Normalization::UNCASED);
        assert_eq!(text(&normalized), "cafe unicode");
        assert_eq!(normalized.origins[3], 3, "the e of é still points at é");
        assert_eq!(text(&normalize("Café", 0, Normalization::CASED)), "Café");
        assert_eq!(
            text(&normalize(
                "Café 고양이",
                0,
                Normalization::LOWERCASE_KEEP_ACCENTS
            )),
            "café 고양이"
        );
        // Stripping accents breaks a Hangul syllable into its letters, as BERT's uncased one does.
        assert_eq!(normalize("고", 0, Normalization::UNCASED).chars.len(), 2);
    }

    #[test]
    fn a_corpus_with_hangul_keeps_its_syllables() {
        assert_eq!(
            Normalization::for_corpus("The cat.", false),
            Normalization::UNCASED
        );
        assert_eq!(
            Normalization::for_corpus("고양이는 야옹 하고 운다.", false),
            Normalization::LOWERCASE_KEEP_ACCENTS
        );
        let config = Normalization::LOWERCASE_KEEP_ACCENTS
            .tokenizer_config()
            .to_string();
        assert_eq!(
            Normalization::from_tokenizer_config(config.as_bytes()),
            Ok(Normalization::LOWERCASE_KEEP_ACCENTS)
        );
        assert_eq!(
            Normalization::from_tokenizer_config(br#"{"do_lower_case": false}"#),
            Ok(Normalization::CASED)
        );
    }

    #[test]
    fn removes_controls_and_zero_width_and_spaces_out_ideographs() {
        assert_eq!(
            text(&normalize("a\u{200b}b\u{7}c\td", 0, Normalization::UNCASED)),
            "abc d"
        );
        let normalized = normalize("中文", 10, Normalization::UNCASED);
        assert_eq!(text(&normalized), " 中  文 ");
        assert_eq!(normalized.origins, vec![10, 10, 10, 11, 11, 11]);
    }
}
