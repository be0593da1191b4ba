//! Exports for bench.mjs: `setup` fills the operands once, `run` multiplies them once.

use std::sync::Mutex;

struct Operands {
    lhs: Vec<f32>,
    rhs: Vec<f32>,
    out: Vec<f32>,
}

static OPERANDS: Mutex<Option<Operands>> = Mutex::new(None);

/// Activations `[m, k]` and a weight of `k × n` values (their layout is chosen by `run`).
#[unsafe(no_mangle)]
pub extern "C" fn setup(m: usize, k: usize, n: usize) {
    let lhs = (0..m * k).map(|i| (i % 7) as f32 * 0.01).collect();
    let rhs = (0..k * n).map(|i| (i % 13) as f32 * 0.01).collect();
    *OPERANDS.lock().unwrap() = Some(Operands {
        lhs,
        rhs,
        out: vec![0.0; m * n],
    });
}

/// `[m, k] × [k, n]` on one thread, as burn-flex calls gemm. `column_major == 0`: the weight is
/// row-major `[k, n]` (burn's `Linear` layout); otherwise it is a transposed view of `[n, k]`
/// (PyTorch's layout). Returns one output value so the work cannot be optimised away.
#[unsafe(no_mangle)]
pub extern "C" fn run(m: usize, k: usize, n: usize, column_major: u32) -> f32 {
    let mut guard = OPERANDS.lock().unwrap();
    let Operands { lhs, rhs, out } = guard.as_mut().expect("setup first");
    let (rhs_cs, rhs_rs) = if column_major == 0 {
        (1, n as isize)
    } else {
        (k as isize, 1)
    };
    // SAFETY: the three buffers hold m×k, k×n and m×n values, matching the strides given.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            out.as_mut_ptr(),
            1,
            n as isize,
            false,
            lhs.as_ptr(),
            1,
            k as isize,
            rhs.as_ptr(),
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
    out[0]
}
