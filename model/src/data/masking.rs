//! Masked-LM masking as in BERT: 15% of the real tokens are chosen for prediction (at least
//! one); of those, 80% become [MASK], 10% a random token, 10% stay as they are. Every decision
//! is recorded, so the Pre-training lesson can show exactly what was done to each token.

use super::rng::Rng;
use crate::tokenizer::{Encoding, Vocab};

/// Share of tokens chosen for prediction.
pub const MASK_RATE: f64 = 0.15;

/// What happened to one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MaskDecision {
    /// Not chosen: no prediction here (special tokens and padding are never chosen).
    NotChosen,
    /// Chosen and replaced by [MASK] (80% of chosen).
    Masked,
    /// Chosen and replaced by a random token (10%): the id it was replaced with.
    Random(u32),
    /// Chosen but left unchanged (10%): the model must still predict it.
    Unchanged,
}

impl MaskDecision {
    pub fn is_chosen(self) -> bool {
        self != MaskDecision::NotChosen
    }
}

/// An encoding after masking.
#[derive(Debug, Clone, PartialEq)]
pub struct MaskedSequence {
    /// The ids the model reads.
    pub input_ids: Vec<u32>,
    /// The original id where a prediction is asked for, `None` elsewhere.
    pub labels: Vec<Option<u32>>,
    pub decisions: Vec<MaskDecision>,
}

/// Masks `encoding` (special tokens and padding are never chosen).
pub fn mask_tokens(encoding: &Encoding, vocab: &Vocab, rng: &mut Rng) -> MaskedSequence {
    let mut candidates: Vec<usize> = (0..encoding.len())
        .filter(|&i| encoding.special_tokens_mask[i] == 0 && encoding.attention_mask[i] == 1)
        .collect();
    // Rounded up or down at random in proportion, so that the share chosen is 15% on average
    // whatever the sequence lengths (BERT's plain rounding drifts for fixed-length text).
    let exact = candidates.len() as f64 * MASK_RATE;
    let round_up = rng.next_f64() < exact.fract();
    let count = (exact.floor() as usize + round_up as usize)
        .max(1)
        .min(candidates.len());
    rng.shuffle(&mut candidates);
    let mut decisions = vec![MaskDecision::NotChosen; encoding.len()];
    let mut input_ids = encoding.ids.clone();
    let mut labels = vec![None; encoding.len()];
    // Random replacements are drawn from ordinary tokens, never from [CLS], [MASK] and the like.
    let ordinary: Vec<u32> = (0..vocab.len() as u32)
        .filter(|&id| !vocab.is_special(id))
        .collect();
    for &position in &candidates[..count] {
        labels[position] = Some(encoding.ids[position]);
        let roll = rng.next_f64();
        decisions[position] = if roll < 0.8 || ordinary.is_empty() {
            input_ids[position] = vocab.mask;
            MaskDecision::Masked
        } else if roll < 0.9 {
            let replacement = ordinary[rng.below(ordinary.len())];
            input_ids[position] = replacement;
            MaskDecision::Random(replacement)
        } else {
            MaskDecision::Unchanged
        };
    }
    MaskedSequence {
        input_ids,
        labels,
        decisions,
    }
}
