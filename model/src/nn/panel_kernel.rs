//! The product of a few rows with a weight packed in panels (`dense.rs`), by hand, for the page.
//!
//! Why by hand: in wasm, gemm 0.19's simd128 kernel multiplies a 12-token sentence by BERT-base's
//! weights at 11–13 GFLOP/s, and onnxruntime-web's is faster (BENCHMARKS.md, "Fill-mask in the
//! page"). This kernel keeps a tile of `R` rows × `V` four-lane vectors of accumulators in
//! registers and walks one panel's weights in order, once per tile of rows, while the panel is
//! still in the cache. Burn-free, so that `model/benches/gemm-wasm` times this very file.
//!
//! The tile sizes fit x86-64's 16 SIMD registers (V8 keeps one for itself): `R × V`
//! accumulators, `V` weight vectors and `R` broadcast values. Measured there, 8-column panels
//! with 4 rows a tile were the fastest, 16 columns × 2 rows next (BENCHMARKS.md).
//!
//! Wasm SIMD has no fused multiply-add in every browser (relaxed SIMD is not in Safari), so the
//! app's build does each step as a multiply then an add, in the same order as a plain loop over
//! the inner dimension; `lanes::mul_add` fuses them only in a build with relaxed SIMD (measured
//! in `model/benches/gemm-wasm`).

use super::lanes;

/// `out[rows × n] = lhs[rows × inner] · W`, with `W` packed in panels `width` columns wide,
/// `[n / width][inner][width]`; `width` is 8, 12 or 16.
pub fn product(lhs: &[f32], inner: usize, weight: &[f32], width: usize, out: &mut [f32]) {
    assert!(
        matches!(width, 8 | 12 | 16),
        "panels of {width} columns have no kernel"
    );
    assert!(inner > 0 && lhs.len().is_multiple_of(inner));
    let rows = lhs.len() / inner;
    assert!(weight.len().is_multiple_of(inner * width));
    let n = weight.len() / inner;
    assert_eq!(out.len(), rows * n, "the output holds rows × n values");
    match width {
        8 => panels::<2, 4>(lhs, rows, inner, weight, out, n),
        12 => panels::<3, 3>(lhs, rows, inner, weight, out, n),
        _ => panels::<4, 2>(lhs, rows, inner, weight, out, n),
    }
}

/// Every panel of `V` vectors, `R` rows at a time (`R ≤ 4`).
fn panels<const V: usize, const R: usize>(
    lhs: &[f32],
    rows: usize,
    inner: usize,
    weight: &[f32],
    out: &mut [f32],
    n: usize,
) {
    let width = V * lanes::WIDTH;
    for panel in 0..n / width {
        let panel_weights = &weight[panel * inner * width..(panel + 1) * inner * width];
        let mut row = 0;
        while row < rows {
            let tile_rows = (rows - row).min(R);
            let lhs_tile = &lhs[row * inner..(row + tile_rows) * inner];
            let out_tile = &mut out[row * n + panel * width..];
            // SAFETY: `lhs_tile` holds `tile_rows` rows of `inner` values, `panel_weights` holds
            // `inner` rows of `width` values, and `out_tile` starts at this tile's first output,
            // holding at least `(tile_rows - 1) * n + width` values (checked by `product`).
            unsafe {
                match tile_rows {
                    1 => tile::<1, V>(lhs_tile, inner, panel_weights, out_tile, n),
                    2 => tile::<2, V>(lhs_tile, inner, panel_weights, out_tile, n),
                    3 => tile::<3, V>(lhs_tile, inner, panel_weights, out_tile, n),
                    _ => tile::<4, V>(lhs_tile, inner, panel_weights, out_tile, n),
                }
            }
            row += tile_rows;
        }
    }
}

/// # Safety
/// `lhs` holds `R × inner` values, `weight` `inner × 4V`, `out` `(R - 1) × n + 4V`.
#[inline(always)]
unsafe fn tile<const R: usize, const V: usize>(
    lhs: &[f32],
    inner: usize,
    weight: &[f32],
    out: &mut [f32],
    n: usize,
) {
    debug_assert!(lhs.len() >= R * inner && weight.len() >= inner * V * lanes::WIDTH);
    debug_assert!(out.len() >= (R - 1) * n + V * lanes::WIDTH);
    let lhs = lhs.as_ptr();
    let mut weights = weight.as_ptr();
    let mut sums = [[lanes::zero(); V]; R];
    for step in 0..inner {
        // SAFETY: `step < inner`, so every read is inside the tile's rows and the panel.
        unsafe {
            let columns: [lanes::F32x4; V] =
                core::array::from_fn(|v| lanes::load(weights.add(v * lanes::WIDTH)));
            for (r, row_sums) in sums.iter_mut().enumerate() {
                let value = lanes::load_splat(lhs.add(r * inner + step));
                for (sum, &column) in row_sums.iter_mut().zip(&columns) {
                    *sum = lanes::mul_add(*sum, value, column);
                }
            }
            weights = weights.add(V * lanes::WIDTH);
        }
    }
    let out = out.as_mut_ptr();
    for (r, row_sums) in sums.iter().enumerate() {
        for (v, &sum) in row_sums.iter().enumerate() {
            // SAFETY: row `r < R` of the tile, columns inside the panel's `4V`.
            unsafe { lanes::store(out.add(r * n + v * lanes::WIDTH), sum) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `[inner][n]` packed as `product` reads it.
    fn pack(weight: &[f32], inner: usize, n: usize, width: usize) -> Vec<f32> {
        let mut packed = Vec::with_capacity(weight.len());
        for panel in 0..n / width {
            for step in 0..inner {
                let at = step * n + panel * width;
                packed.extend_from_slice(&weight[at..at + width]);
            }
        }
        packed
    }

    #[test]
    fn every_panel_width_and_every_remainder_of_rows_gives_the_plain_product() {
        let inner = 37;
        for width in [8, 12, 16] {
            let n = width * 3;
            let weight: Vec<f32> = (0..inner * n)
                .map(|i| ((i * 7) % 19) as f32 - 9.0)
                .collect();
            let packed = pack(&weight, inner, n, width);
            // One row, a partial tile, whole tiles, and whole tiles plus one or two rows.
            for rows in [1, 2, 3, 4, 5, 6, 7, 12, 13] {
                let lhs: Vec<f32> = (0..rows * inner)
                    .map(|i| ((i * 5) % 11) as f32 - 5.0)
                    .collect();
                let mut out = vec![f32::NAN; rows * n];
                product(&lhs, inner, &packed, width, &mut out);
                for r in 0..rows {
                    for c in 0..n {
                        let expected: f32 = (0..inner)
                            .map(|d| lhs[r * inner + d] * weight[d * n + c])
                            .sum();
                        // Small integers: every sum is exact, in any order.
                        assert_eq!(
                            out[r * n + c],
                            expected,
                            "width {width}, {rows} rows, ({r}, {c})"
                        );
                    }
                }
            }
        }
    }

    #[test]
    #[should_panic(expected = "no kernel")]
    fn a_panel_width_without_a_kernel_is_refused() {
        product(&[1.0; 4], 4, &[1.0; 20], 5, &mut [0.0; 5]);
    }
}
