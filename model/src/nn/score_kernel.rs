//! Scores of one or two rows against every row of a table, plus a bias, by hand: the MLM head's
//! vocabulary scores at the playground's masks, on the CPU in the page.
//!
//! Why by hand: one row at a time, gemm's matrix–vector path reads the whole embedding matrix
//! (30,522 × 768 values, 94 MB at base) once per mask, and the decoder's bias is a second pass
//! over the scores. This reads each table row once for both masks, while it is in the cache, and
//! adds the bias as it writes (BENCHMARKS.md, "Fill-mask in the page").

use super::lanes;

/// The most rows scored in one pass over the table.
pub const MAX_ROWS: usize = 2;

/// Independent sums per row, so that each addition need not wait for the previous one.
const CHAINS: usize = 2;

/// `out[r × n + v] = rows[r] · table[v] + bias[v]`, with `rows` `[count, width]` (count ≤
/// [`MAX_ROWS`]) and `table` `[n, width]`, both row-major.
pub fn scores(rows: &[f32], width: usize, table: &[f32], bias: &[f32], out: &mut [f32]) {
    assert!(width > 0 && rows.len().is_multiple_of(width) && table.len().is_multiple_of(width));
    let count = rows.len() / width;
    let n = table.len() / width;
    assert!(
        (1..=MAX_ROWS).contains(&count),
        "{count} rows: the kernel scores 1 to {MAX_ROWS}"
    );
    assert_eq!(bias.len(), n, "one bias a table row");
    assert_eq!(out.len(), count * n, "the output holds count × n scores");
    match count {
        1 => pass::<1>(rows, width, table, bias, out),
        _ => pass::<2>(rows, width, table, bias, out),
    }
}

fn pass<const C: usize>(rows: &[f32], width: usize, table: &[f32], bias: &[f32], out: &mut [f32]) {
    let n = table.len() / width;
    let stride = CHAINS * lanes::WIDTH;
    let vectors_end = width - width % stride;
    for (v, entry) in table.chunks_exact(width).enumerate() {
        let mut sums = [[lanes::zero(); CHAINS]; C];
        let mut step = 0;
        while step < vectors_end {
            // SAFETY: `step + stride ≤ width`, inside this table row and each of the C rows.
            unsafe {
                for chain in 0..CHAINS {
                    let at = step + chain * lanes::WIDTH;
                    let value = lanes::load(entry.as_ptr().add(at));
                    for (row, row_sums) in sums.iter_mut().enumerate() {
                        let mine = lanes::load(rows.as_ptr().add(row * width + at));
                        row_sums[chain] = lanes::mul_add(row_sums[chain], mine, value);
                    }
                }
            }
            step += stride;
        }
        for (row, row_sums) in sums.iter().enumerate() {
            let chains = row_sums
                .iter()
                .fold(lanes::zero(), |all, &one| lanes::add(all, one));
            let mut score = lanes::sum(chains);
            for at in vectors_end..width {
                score += rows[row * width + at] * entry[at];
            }
            out[row * n + v] = score + bias[v];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_and_two_rows_score_every_table_row_plus_its_bias() {
        // Widths with and without a remainder after the vectors (8 at a time).
        for width in [8, 16, 21, 3] {
            let n = 11;
            let table: Vec<f32> = (0..n * width)
                .map(|i| ((i * 7) % 13) as f32 - 6.0)
                .collect();
            let bias: Vec<f32> = (0..n).map(|v| v as f32 * 0.5).collect();
            for count in 1..=MAX_ROWS {
                let rows: Vec<f32> = (0..count * width)
                    .map(|i| ((i * 3) % 7) as f32 - 3.0)
                    .collect();
                let mut out = vec![f32::NAN; count * n];
                scores(&rows, width, &table, &bias, &mut out);
                for r in 0..count {
                    for v in 0..n {
                        let expected: f32 = (0..width)
                            .map(|d| rows[r * width + d] * table[v * width + d])
                            .sum::<f32>()
                            + bias[v];
                        // Small integers and halves: exact in any order.
                        assert_eq!(
                            out[r * n + v],
                            expected,
                            "width {width}, row {r}, entry {v}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    #[should_panic(expected = "the kernel scores 1 to 2")]
    fn more_rows_than_one_pass_takes_are_refused() {
        scores(&[1.0; 12], 4, &[1.0; 8], &[0.0; 2], &mut [0.0; 6]);
    }
}
