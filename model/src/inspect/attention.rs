//! What one attention head mostly does, in six numbers: how much of its attention goes to [CLS],
//! to [SEP], to the token itself, to the previous and to the next token, and how spread out it
//! is (entropy). These are the patterns Clark et al. (2019) found in BERT's heads.

use serde::{Deserialize, Serialize};

/// Averages over the query tokens of one head's `S × S` attention map.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HeadSummary {
    /// Share of attention on the [CLS] token.
    pub to_cls: f32,
    /// Share of attention on [SEP] tokens.
    pub to_sep: f32,
    /// Share of attention a token pays to itself.
    pub to_self: f32,
    /// Share on the token just before (first token: none).
    pub to_previous: f32,
    /// Share on the token just after (last token: none).
    pub to_next: f32,
    /// Mean entropy of a row in bits: 0 = all on one token, log2(S) = spread evenly.
    pub entropy: f32,
}

/// Summarises `weights` (`S × S`, row = query) for the tokens `tokens`.
pub fn summarize_head(weights: &[f32], tokens: &[String]) -> HeadSummary {
    let seq = tokens.len();
    assert_eq!(weights.len(), seq * seq, "attention map must be S × S");
    let mean = |value: &dyn Fn(usize, &[f32]) -> f32| {
        if seq == 0 {
            return 0.0;
        }
        weights
            .chunks(seq)
            .enumerate()
            .map(|(query, row)| value(query, row))
            .sum::<f32>()
            / seq as f32
    };
    let on = |name: &str| {
        let keys: Vec<usize> = (0..seq).filter(|&k| tokens[k] == name).collect();
        mean(&|_, row| keys.iter().map(|&k| row[k]).sum())
    };
    HeadSummary {
        to_cls: on("[CLS]"),
        to_sep: on("[SEP]"),
        to_self: mean(&|query, row| row[query]),
        to_previous: mean(&|query, row| if query > 0 { row[query - 1] } else { 0.0 }),
        to_next: mean(&|query, row| row.get(query + 1).copied().unwrap_or(0.0)),
        entropy: mean(&|_, row| {
            -row.iter()
                .filter(|&&p| p > 0.0)
                .map(|&p| p * p.log2())
                .sum::<f32>()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn a_head_that_looks_at_the_previous_token() {
        let names = tokens(&["[CLS]", "a", "b", "[SEP]"]);
        // Row 0 has no previous token, so it looks at itself.
        #[rustfmt::skip]
        let weights = [
            1.0, 0.0, 0.0, 0.0,
            1.0, 0.0, 0.0, 0.0,
            0.0, 1.0, 0.0, 0.0,
            0.0, 0.0, 1.0, 0.0,
        ];
        let summary = summarize_head(&weights, &names);
        assert_eq!(summary.to_previous, 0.75);
        assert_eq!(summary.to_self, 0.25);
        assert_eq!(summary.to_cls, 0.5);
        assert_eq!(summary.to_sep, 0.0);
        assert_eq!(summary.to_next, 0.0);
        assert_eq!(summary.entropy, 0.0);
    }

    #[test]
    fn an_even_head_has_the_largest_entropy() {
        let names = tokens(&["[CLS]", "x", "y", "[SEP]"]);
        let summary = summarize_head(&[0.25; 16], &names);
        assert!((summary.entropy - 2.0).abs() < 1e-6);
        assert!((summary.to_sep - 0.25).abs() < 1e-6);
        assert!((summary.to_next - 0.1875).abs() < 1e-6);
    }
}
