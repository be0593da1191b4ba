//! The products of a training step at the page's default setting, timed natively on one thread,
//! to set beside the same products in wasm (`node bench.mjs training`):
//!   cargo run --release --bin native
//! gemm picks its AVX2/FMA kernel here at run time; in wasm it has simd128, without FMA.

use gemm_wasm_bench::{TRAINING_SHAPES, run, setup};
use std::time::Instant;

fn main() {
    for (m, k, n) in TRAINING_SHAPES {
        setup(m, k, n, 1);
        let mut times: Vec<f64> = (0..36)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(run(m, k, n, 0, 0));
                start.elapsed().as_secs_f64() * 1e3
            })
            .skip(5)
            .collect();
        times.sort_by(f64::total_cmp);
        let ms = times[times.len() / 2];
        let gflops = 2.0 * (m * k * n) as f64 / ms / 1e6;
        println!("m={m} k={k} n={n}: {ms:.3} ms ({gflops:.1} GFLOP/s)");
    }
}
