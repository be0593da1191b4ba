//! What the browser tests and `scripts/gpu-check.sh` reach from outside the UI, through trunk's
//! `window.wasmBindings`: destroying the GPU device (as a driver reset would) and timing forward
//! passes and fill-mask of a preset in the worker. Nothing a learner sees.

use std::cell::RefCell;

use bertlab_model::bench::BenchWork;
use wasm_bindgen::prelude::*;

use super::Compute;
use super::protocol::{Backend, Reply, Request};

thread_local! {
    static COMPUTE: RefCell<Option<Compute>> = const { RefCell::new(None) };
}

/// Makes `compute` reachable from the hooks.
pub fn register(compute: Compute) {
    COMPUTE.with(|slot| *slot.borrow_mut() = Some(compute));
}

fn compute() -> Result<Compute, JsValue> {
    COMPUTE
        .with(|slot| *slot.borrow())
        .ok_or_else(|| JsValue::from_str("the app has not started"))
}

/// Destroys the compute worker's WebGPU device.
#[wasm_bindgen]
pub async fn lose_gpu() -> Result<(), JsValue> {
    compute()?.call(None, Request::LoseGpu).await;
    Ok(())
}

/// Milliseconds of each of `iterations` forward passes of a random `preset` (full pre-training
/// outputs) at `batch` × `seq`, on `backend` ("webgpu" or "cpu"), after one warm-up pass.
#[wasm_bindgen]
pub async fn bench_forward(
    preset: String,
    batch: usize,
    seq: usize,
    iterations: usize,
    backend: String,
) -> Result<Vec<f64>, JsValue> {
    bench(preset, batch, seq, iterations, backend, BenchWork::Forward).await
}

/// The same for fill-mask of one sequence of `seq` tokens with two masks, as the playground and
/// `bertlab bench --fill` run it (BENCHMARKS.md's comparison with onnxruntime-web).
#[wasm_bindgen]
pub async fn bench_fill(
    preset: String,
    seq: usize,
    iterations: usize,
    backend: String,
) -> Result<Vec<f64>, JsValue> {
    bench(preset, 1, seq, iterations, backend, BenchWork::Fill).await
}

async fn bench(
    preset: String,
    batch: usize,
    seq: usize,
    iterations: usize,
    backend: String,
    work: BenchWork,
) -> Result<Vec<f64>, JsValue> {
    let on =
        Backend::from_code(&backend).ok_or_else(|| JsValue::from_str("backend: webgpu or cpu"))?;
    let request = Request::Bench {
        preset,
        batch,
        seq,
        iterations,
        on,
        work,
    };
    match compute()?.call(None, request).await {
        Some(Reply::Benched(result)) => result
            .map_err(|fault| JsValue::from_str(&fault.message(crate::i18n::Language::English))),
        _ => Err(JsValue::from_str("the compute worker did not answer")),
    }
}
