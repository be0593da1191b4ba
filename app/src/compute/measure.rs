//! Which backend is faster here, measured: on integrated GPUs and for tiny models, per-kernel
//! dispatch can make WebGPU slower than the CPU. Times fill-mask and training steps on both,
//! after a warm-up (the GPU compiles its kernels on first use), and the GPU check's benchmark.

use bertlab_model::bench::{Bench, BenchWork};
use bertlab_model::train::adamw::AdamW;
use bertlab_model::train::synthetic::synthetic_examples;
use bertlab_model::train::{Schedule, TrainConfig, Trainer};
use bertlab_model::{BertConfig, ComputeDevice, Preset};

use super::devices::WorkerDevices;
use super::models::Model;
use super::protocol::{Backend, Fault, Timing};
use crate::global::now_ms;

/// A sentence of a dozen tokens, as the playground asks.
const SENTENCE: &str = "the dog in the garden says [MASK] and eats [MASK] every day .";
const TIMED_RUNS: usize = 3;

/// The median of `runs` timed calls of `work`, after one untimed call. Stops early once more
/// than half the runs took longer than `to_beat` (another backend's time): the median cannot
/// beat it any more, and on a slow GPU each further run is seconds the learner waits.
async fn median_ms<F, Fut>(runs: usize, to_beat: Option<f64>, mut work: F) -> Option<f64>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), Fault>>,
{
    work().await.ok()?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = now_ms();
        work().await.ok()?;
        times.push(now_ms() - started);
        let slower = to_beat.map_or(0, |bound| times.iter().filter(|&&t| t > bound).count());
        if slower > runs / 2 {
            break;
        }
    }
    times.sort_by(f64::total_cmp);
    times.get(times.len() / 2).copied()
}

fn backends(devices: &WorkerDevices) -> Vec<Backend> {
    let mut backends = vec![Backend::Cpu];
    if devices.gpu.is_some() {
        backends.push(Backend::WebGpu);
    }
    backends
}

fn timing(results: Vec<(Backend, Option<f64>)>) -> Timing {
    let of = |wanted| {
        results
            .iter()
            .find(|(b, _)| *b == wanted)
            .and_then(|(_, t)| *t)
    };
    Timing {
        webgpu_ms: of(Backend::WebGpu),
        cpu_ms: of(Backend::Cpu),
    }
}

/// Fill-mask with `model` on each backend.
pub async fn inference(model: &Model, devices: &WorkerDevices) -> Timing {
    let mut results = Vec::new();
    // The CPU first: its time is the one the GPU has to beat.
    for backend in backends(devices) {
        let to_beat = timing(results.clone()).cpu_ms;
        let time = median_ms(TIMED_RUNS, to_beat, || async move {
            model.fill(SENTENCE, 5, backend, devices).await.map(|_| ())
        })
        .await;
        results.push((backend, time));
    }
    timing(results)
}

/// A training step of `config` at `batch` × `max_len` on each backend.
pub async fn training(
    config: &BertConfig,
    batch: usize,
    max_len: usize,
    devices: &WorkerDevices,
) -> Timing {
    let examples = synthetic_examples(batch, max_len, config.vocab_size, 4);
    let train = TrainConfig {
        batch_size: batch,
        max_len,
        schedule: Schedule {
            peak: 1e-4,
            warmup_steps: 1,
            total_steps: 1_000,
        },
        optimizer: AdamW::default(),
        seed: 0,
    };
    let mut results = Vec::new();
    // The CPU first; a GPU whose first timed step already takes twice the CPU's mean cannot
    // beat it over two steps, so its second (seconds on a slow GPU) is not taken.
    for backend in backends(devices) {
        let to_beat = timing(results.clone()).cpu_ms;
        let mut trainer = Trainer::new(config.clone(), train.clone(), &devices.get(backend).device);
        let mut times = Vec::new();
        let mut failed = false;
        for run in 0..3 {
            let started = now_ms();
            if trainer.step(&examples, 0).await.is_err() {
                failed = true;
                break;
            }
            if run > 0 {
                times.push(now_ms() - started);
                if to_beat.is_some_and(|bound| times[0] > 2.0 * bound) {
                    break;
                }
            }
        }
        let mean = (!failed).then(|| times.iter().sum::<f64>() / times.len() as f64);
        results.push((backend, mean));
    }
    timing(results)
}

/// Passes of a randomly initialised `preset` (`work`: full forwards or fill-mask), each timed
/// after one warm-up pass.
pub async fn bench(
    preset: &str,
    batch: usize,
    seq: usize,
    iterations: usize,
    work: BenchWork,
    device: &ComputeDevice,
) -> Result<Vec<f64>, Fault> {
    let said = |text: String| Fault::said(text.clone(), text);
    let config = Preset::from_name(preset)
        .ok_or_else(|| said(format!("unknown preset {preset}")))?
        .config();
    let bench = Bench::new(&config, batch, seq, work, &device.device).map_err(said)?;
    let mut times = Vec::with_capacity(iterations);
    for run in 0..iterations + 1 {
        let started = now_ms();
        bench.run_once().await.map_err(said)?;
        if run > 0 {
            times.push(now_ms() - started);
        }
    }
    Ok(times)
}
