//! Made-up pre-training examples of an exact shape (every row `seq` tokens, one in seven
//! predicted, half IsNext), for timing training steps: the CLI's `bench --train` and the
//! browser's choice of the faster backend. Speed does not depend on what the tokens say.

use crate::data::{MaskDecision, MaskedSequence, PretrainingExample, SentencePair};
use crate::tokenizer::Encoding;

/// `batch` examples of `seq` tokens over a vocabulary of `vocab_size` ids (`mask_id` is [MASK]).
pub fn synthetic_examples(
    batch: usize,
    seq: usize,
    vocab_size: usize,
    mask_id: u32,
) -> Vec<PretrainingExample> {
    (0..batch)
        .map(|row| {
            let ids: Vec<u32> = (0..seq)
                .map(|col| ((row * 7919 + col * 104_729) % vocab_size.max(1)) as u32)
                .collect();
            let predicted = |col: usize| col % 7 == 3; // 1 in 7 ≈ 15%
            let encoding = Encoding {
                ids: ids.clone(),
                tokens: vec![String::new(); seq],
                type_ids: (0..seq).map(|col| (col >= seq / 2) as u32).collect(),
                attention_mask: vec![1; seq],
                offsets: vec![(0, 0); seq],
                special_tokens_mask: vec![0; seq],
                word_ids: vec![None; seq],
                truncated: 0,
            };
            let masked = MaskedSequence {
                input_ids: ids
                    .iter()
                    .enumerate()
                    .map(|(col, &id)| if predicted(col) { mask_id } else { id })
                    .collect(),
                labels: ids
                    .iter()
                    .enumerate()
                    .map(|(col, &id)| predicted(col).then_some(id))
                    .collect(),
                decisions: (0..seq)
                    .map(|col| {
                        if predicted(col) {
                            MaskDecision::Masked
                        } else {
                            MaskDecision::NotChosen
                        }
                    })
                    .collect(),
            };
            PretrainingExample {
                next_sentence_label: (row % 2) as u32,
                pair: SentencePair {
                    a: String::new(),
                    b: String::new(),
                    is_next: row % 2 == 0,
                    a_source: (0, 0),
                    b_source: (0, 1),
                },
                encoding,
                masked,
            }
        })
        .collect()
}
