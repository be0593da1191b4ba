//! What a shareable link's query keys may say (`?layer=2&heads=1,3&epochs=5&freeze=1`), read
//! without trusting them: a link comes from anyone, so each value either parses into something
//! the page can show or is refused (the page then says so and keeps its default). Kept here,
//! away from the page, so a fuzz target can reach them (`fuzz/fuzz_targets/link.rs`). Layers
//! and heads count from 1 in a link, as on screen.

/// `1..=layers` in the link → the layer's index.
pub fn layer_from_one(raw: &str, layers: usize) -> Option<usize> {
    number(raw)
        .filter(|l| (1..=layers).contains(l))
        .map(|l| l - 1)
}

/// `0..=layers`, where 0 is the embeddings (the contextual-vectors lesson's layer choice).
pub fn layer_or_embeddings(raw: &str, layers: usize) -> Option<usize> {
    number(raw).filter(|l| *l <= layers)
}

/// `all`, or head numbers from 1 separated by commas → sorted, distinct, non-empty indices.
pub fn heads(raw: &str, head_count: usize) -> Option<Vec<usize>> {
    if raw == "all" {
        return (head_count > 0).then(|| (0..head_count).collect());
    }
    let mut heads = raw
        .split(',')
        .map(|h| {
            number(h.trim())
                .filter(|h| (1..=head_count).contains(h))
                .map(|h| h - 1)
        })
        .collect::<Option<Vec<usize>>>()?;
    heads.sort_unstable();
    heads.dedup();
    (!heads.is_empty()).then_some(heads)
}

/// How `heads` reads back: `all` when every head of several is chosen, else numbers from 1.
pub fn heads_to_link(chosen: &[usize], head_count: usize) -> String {
    if chosen.len() == head_count && head_count > 1 {
        "all".to_string()
    } else {
        chosen
            .iter()
            .map(|h| (h + 1).to_string())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// One of `choices` (e.g. the fine-tuning lesson's epoch counts).
pub fn choice(raw: &str, choices: &[usize]) -> Option<usize> {
    number(raw).filter(|n| choices.contains(n))
}

/// `1` or `0`.
pub fn flag(raw: &str) -> Option<bool> {
    match raw {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

/// Plain decimal digits only: Rust's own parser also takes a leading `+`, which no link of
/// ours writes.
fn number(raw: &str) -> Option<usize> {
    if raw.is_empty() || raw.len() > 6 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_count_from_one_in_links() {
        assert_eq!(layer_from_one("1", 2), Some(0));
        assert_eq!(layer_from_one("2", 2), Some(1));
        for bad in ["0", "3", "99", "-1", "+1", "", "1.0", " 1", "１"] {
            assert_eq!(layer_from_one(bad, 2), None, "{bad:?}");
        }
        assert_eq!(layer_or_embeddings("0", 2), Some(0));
        assert_eq!(layer_or_embeddings("2", 2), Some(2));
        assert_eq!(layer_or_embeddings("3", 2), None);
    }

    #[test]
    fn heads_parse_sorted_distinct_and_read_back() {
        assert_eq!(heads("all", 4), Some(vec![0, 1, 2, 3]));
        assert_eq!(heads("3, 1,3", 4), Some(vec![0, 2]));
        for bad in ["", "0", "5", "x7", "1,,2", "1;2", "all,1"] {
            assert_eq!(heads(bad, 4), None, "{bad:?}");
        }
        assert_eq!(heads("all", 0), None);
        assert_eq!(heads_to_link(&[0, 2], 4), "1,3");
        assert_eq!(heads_to_link(&[0, 1, 2, 3], 4), "all");
        assert_eq!(heads(&heads_to_link(&[0, 2], 4), 4), Some(vec![0, 2]));
    }

    #[test]
    fn choices_and_flags() {
        assert_eq!(choice("5", &[1, 2, 5]), Some(5));
        assert_eq!(choice("4", &[1, 2, 5]), None);
        assert_eq!(choice("99999999999999999999", &[1]), None);
        assert_eq!(flag("1"), Some(true));
        assert_eq!(flag("0"), Some(false));
        assert_eq!(flag("true"), None);
    }
}
