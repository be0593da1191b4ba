//! Exports for bench.mjs: `setup` fills the operands once, `run` multiplies them once.

use std::sync::Mutex;

/// bertlab's own kernel for packed panels, the very files the model builds.
#[path = "../../../src/nn/lanes.rs"]
#[allow(dead_code)] // what the model's other kernels use
mod lanes;
#[path = "../../../src/nn/panel_kernel.rs"]
mod panel_kernel;

struct Operands {
    lhs: Vec<f32>,
    /// `copies` distinct weights, so that a run can stream weights from memory as a model does.
    row_major: Vec<Vec<f32>>,
    panels: Vec<Vec<f32>>,
    kernel_panels: Vec<Vec<f32>>,
    out: Vec<f32>,
}

static OPERANDS: Mutex<Option<Operands>> = Mutex::new(None);

/// `(m, k, n)` of the products in one pre-training step at the page's default setting (tiny:
/// hidden 128, feed-forward 512; 16 × 64 = 1,024 token rows): the forward's projections
/// (`[1024, 128] × [128, 128]`, the feed-forward's two), and the weight gradients of the backward,
/// whose inner dimension is the 1,024 rows (`xᵀ · dy`, timed here as row-major operands of the
/// same sizes).
pub const TRAINING_SHAPES: [(usize, usize, usize); 6] = [
    (1024, 128, 128),
    (1024, 128, 512),
    (1024, 512, 128),
    (128, 1024, 128),
    (128, 1024, 512),
    (512, 1024, 128),
];

/// `TRAINING_SHAPES[index]`'s `axis` (0: m, 1: k, 2: n), or 0 past the end: the list for bench.mjs.
#[unsafe(no_mangle)]
pub extern "C" fn training_shape(index: usize, axis: usize) -> usize {
    TRAINING_SHAPES
        .get(index)
        .map_or(0, |&(m, k, n)| [m, k, n][axis])
}

/// The panel width of the packed layout gemm multiplies, `[n / PANEL][k][PANEL]`: gemm's simd128
/// tile is 12 wide; change it here to compare others.
const PANEL: usize = 12;

/// The panel width bertlab's own kernel is timed with: the width bertlab packs in wasm
/// (`model/src/nn/dense.rs`).
const KERNEL_PANEL: usize = 8;

fn pack(weight: &[f32], k: usize, n: usize, width: usize) -> Vec<f32> {
    let mut packed = vec![0.0; k * n];
    for p in 0..n / width {
        for d in 0..k {
            let from = d * n + p * width;
            let to = (p * k + d) * width;
            packed[to..to + width].copy_from_slice(&weight[from..from + width]);
        }
    }
    packed
}

/// Activations `[m, k]` and `copies` weights of `k × n` values, each in burn's row-major layout
/// and packed in panels.
#[unsafe(no_mangle)]
pub extern "C" fn setup(m: usize, k: usize, n: usize, copies: usize) {
    let lhs = (0..m * k).map(|i| (i % 7) as f32 * 0.01).collect();
    let row_major: Vec<Vec<f32>> = (0..copies)
        .map(|c| (0..k * n).map(|i| ((i + c) % 13) as f32 * 0.01).collect())
        .collect();
    let panels = row_major.iter().map(|w| pack(w, k, n, PANEL)).collect();
    let kernel_panels = row_major
        .iter()
        .map(|w| pack(w, k, n, KERNEL_PANEL))
        .collect();
    *OPERANDS.lock().unwrap() = Some(Operands {
        lhs,
        row_major,
        panels,
        kernel_panels,
        out: vec![0.0; m * n],
    });
}

/// `[m, k] × [k, n]` on one thread with weight number `copy`. `layout`: 0, row-major `[k, n]`
/// (burn's `Linear` layout) in one gemm call; 1, a transposed view of `[n, k]` (PyTorch's
/// layout); 2, packed panels, one gemm call a panel, each streaming its weights contiguously;
/// 3, the same panels through bertlab's own kernel (`model/src/nn/panel_kernel.rs`). Returns
/// one output value so the work cannot be optimised away.
#[unsafe(no_mangle)]
pub extern "C" fn run(m: usize, k: usize, n: usize, layout: u32, copy: usize) -> f32 {
    let mut guard = OPERANDS.lock().unwrap();
    let Operands {
        lhs,
        row_major,
        panels,
        kernel_panels,
        out,
    } = guard.as_mut().expect("setup first");
    if layout == 3 {
        panel_kernel::product(
            lhs,
            k,
            &kernel_panels[copy],
            KERNEL_PANEL,
            &mut out[..m * n],
        );
        return out[0];
    }
    // (weight, first column, columns, column stride, row stride) of each gemm call.
    let calls: Vec<(*const f32, usize, usize, isize, isize)> = match layout {
        0 => vec![(row_major[copy].as_ptr(), 0, n, 1, n as isize)],
        1 => vec![(row_major[copy].as_ptr(), 0, n, k as isize, 1)],
        _ => (0..n / PANEL)
            .map(|p| {
                let panel = panels[copy][p * PANEL * k..].as_ptr();
                (panel, p * PANEL, PANEL, 1, PANEL as isize)
            })
            .collect(),
    };
    for (rhs, column, columns, rhs_cs, rhs_rs) in calls {
        // SAFETY: each call reads m×k activations and a k×columns weight within its buffer, and
        // writes columns [column, column + columns) of the m×n output.
        unsafe {
            gemm::gemm(
                m,
                columns,
                k,
                out.as_mut_ptr().add(column),
                1,
                n as isize,
                false,
                lhs.as_ptr(),
                1,
                k as isize,
                rhs,
                rhs_cs,
                rhs_rs,
                0.0,
                1.0,
                false,
                false,
                false,
                gemm::Parallelism::None,
            );
        }
    }
    out[0]
}
