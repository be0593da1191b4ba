//! What BERT reads: token ids, segment (token type) ids and the attention mask, batched.

use burn::tensor::{Device, Int, Tensor, TensorData};

/// Batches are padded to a multiple of this many tokens. A GPU compiles (and tunes) its kernels
/// for every new shape; a handful of lengths instead of every length keeps that to a few
/// compilations per run, for the price of a few padding tokens. Padding changes no result: the
/// attention mask keeps every real token from looking at it.
pub const PAD_MULTIPLE: usize = 8;

/// A batch of encoded sequences, all padded to the same length `seq`.
#[derive(Debug, Clone)]
pub struct BertInput {
    /// WordPiece ids, `[batch, seq]`.
    pub input_ids: Tensor<2, Int>,
    /// 0 for sentence A (and [CLS]), 1 for sentence B, `[batch, seq]`.
    pub token_type_ids: Tensor<2, Int>,
    /// 1 for real tokens, 0 for padding, `[batch, seq]`.
    pub attention_mask: Tensor<2, Int>,
}

impl BertInput {
    /// Builds a batch from rows of equal length. `token_type_ids` defaults to zeros and
    /// `attention_mask` to ones, as in `transformers`.
    pub fn from_rows(
        input_ids: &[Vec<u32>],
        token_type_ids: Option<&[Vec<u32>]>,
        attention_mask: Option<&[Vec<u32>]>,
        device: &Device,
    ) -> Result<Self, String> {
        let batch = input_ids.len();
        let seq = input_ids.first().map_or(0, Vec::len);
        if batch == 0 || seq == 0 {
            return Err("input_ids is empty".to_string());
        }
        let to_tensor = |name: &str, rows: Option<&[Vec<u32>]>, fill: i64| {
            let values: Vec<i64> = match rows {
                Some(rows) => {
                    if rows.len() != batch || rows.iter().any(|row| row.len() != seq) {
                        return Err(format!(
                            "{name} must have the same shape as input_ids ([{batch}, {seq}])"
                        ));
                    }
                    rows.iter().flatten().map(|&value| value as i64).collect()
                }
                None => vec![fill; batch * seq],
            };
            Ok(Tensor::<2, Int>::from_data(
                TensorData::new(values, [batch, seq]),
                device,
            ))
        };
        if input_ids.iter().any(|row| row.len() != seq) {
            return Err(format!("every row of input_ids must have {seq} tokens"));
        }
        Ok(Self {
            input_ids: to_tensor("input_ids", Some(input_ids), 0)?,
            token_type_ids: to_tensor("token_type_ids", token_type_ids, 0)?,
            attention_mask: to_tensor("attention_mask", attention_mask, 1)?,
        })
    }

    /// Pads sequences of different lengths to the longest, rounded up to a multiple of
    /// [`PAD_MULTIPLE`] but not past `positions` (the model's): `[PAD]` (`pad_id`), segment 0 and
    /// attention mask 0 after each sequence's end. `type_ids` defaults to zeros.
    pub fn padded(
        ids: &[&[u32]],
        type_ids: Option<&[&[u32]]>,
        pad_id: u32,
        positions: usize,
        device: &Device,
    ) -> Result<Self, String> {
        let longest = ids.iter().map(|row| row.len()).max().unwrap_or(0);
        let seq = (longest.div_ceil(PAD_MULTIPLE) * PAD_MULTIPLE)
            .min(positions)
            .max(longest);
        let pad = |row: &[u32], fill: u32| {
            let mut row = row.to_vec();
            row.resize(seq, fill);
            row
        };
        let padded_ids: Vec<Vec<u32>> = ids.iter().map(|row| pad(row, pad_id)).collect();
        let mask: Vec<Vec<u32>> = ids.iter().map(|row| pad(&vec![1; row.len()], 0)).collect();
        let segments: Option<Vec<Vec<u32>>> =
            type_ids.map(|rows| rows.iter().map(|row| pad(row, 0)).collect());
        Self::from_rows(&padded_ids, segments.as_deref(), Some(&mask), device)
    }

    /// `[batch, seq]`.
    pub fn dims(&self) -> [usize; 2] {
        self.input_ids.dims()
    }
}
