//! Shared by the integration tests: the transformers fixtures, the devices to test on, and
//! tolerance checks that name the first element that differs.
#![allow(dead_code)] // each test binary uses a different part

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, OnceLock};

use bertlab_model::runtime::read_floats;
use bertlab_model::train::adamw::AdamW;
use bertlab_model::train::{Schedule, TrainConfig};
use bertlab_model::{BertConfig, BertInput, ComputeDevice};
use burn::tensor::Tensor;
use serde_json::Value;

/// Held by every test of a binary whose results depend on the CPU backend's random generator:
/// it is process-wide, so a test seeding it while another draws dropout masks makes runs differ.
pub fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `path` inside the repository. The checkout is found when the test runs (cargo sets
/// CARGO_MANIFEST_DIR for the process), not baked in when it is compiled: CI and a developer
/// share one build cache from checkouts at different paths, and cargo reuses a test binary
/// after a move without rebuilding it, so a compile-time path named a checkout that was gone.
pub fn repo(path: &str) -> PathBuf {
    let model = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    model.join("..").join(path)
}

pub fn fixture_dir(name: &str) -> PathBuf {
    repo("model/tests/fixtures").join(name)
}

/// `expected.json` written by `make_fixtures.py`.
pub struct Expected {
    pub json: Value,
}

impl Expected {
    pub fn load(name: &str) -> Self {
        let text =
            std::fs::read_to_string(fixture_dir(name).join("expected.json")).expect("fixture");
        Self {
            json: serde_json::from_str(&text).expect("fixture json"),
        }
    }

    fn rows(&self, key: &str) -> Vec<Vec<u32>> {
        serde_json::from_value(self.json[key].clone()).expect("rows")
    }

    pub fn input(&self, device: &ComputeDevice) -> BertInput {
        BertInput::from_rows(
            &self.rows("input_ids"),
            Some(&self.rows("token_type_ids")),
            Some(&self.rows("attention_mask")),
            &device.device,
        )
        .expect("valid input")
    }

    /// (shape, values) of an output, e.g. `"prediction_logits"` or `"attentions"`, index 1.
    pub fn output(&self, key: &str, index: Option<usize>) -> (Vec<usize>, Vec<f32>) {
        let mut value = &self.json["outputs"][key];
        if let Some(index) = index {
            value = &value[index];
        }
        assert!(!value.is_null(), "fixture has no output {key}");
        let shape = serde_json::from_value(value["shape"].clone()).unwrap();
        let data = serde_json::from_value(value["data"].clone()).unwrap();
        (shape, data)
    }

    pub fn has_output(&self, key: &str) -> bool {
        !self.json["outputs"][key].is_null()
    }
}

/// The wgpu device, or `None` (and the reason, on stderr) where this machine has no adapter.
pub fn gpu() -> Option<ComputeDevice> {
    match pollster::block_on(ComputeDevice::gpu()) {
        Ok(device) => Some(device),
        Err(error) => {
            eprintln!("no wgpu adapter on this machine, GPU tests skipped: {error}");
            None
        }
    }
}

/// The CPU device, and the wgpu device when this machine has an adapter (lavapipe counts).
pub fn devices() -> Vec<ComputeDevice> {
    static GPU: OnceLock<Option<ComputeDevice>> = OnceLock::new();
    let gpu = GPU.get_or_init(gpu);
    std::iter::once(ComputeDevice::cpu())
        .chain(gpu.clone())
        .collect()
}

pub fn read<const D: usize>(tensor: Tensor<D>) -> (Vec<usize>, Vec<f32>) {
    let shape = tensor.dims().to_vec();
    (
        shape,
        pollster::block_on(read_floats(tensor)).expect("readback"),
    )
}

/// Asserts same shape and max |actual − expected| ≤ tolerance; returns the max difference.
pub fn assert_close(
    what: &str,
    actual: (Vec<usize>, Vec<f32>),
    expected: (Vec<usize>, Vec<f32>),
    tolerance: f32,
) -> f32 {
    assert_eq!(actual.0, expected.0, "{what}: shape");
    let mut worst = (0.0f32, 0usize);
    for (index, (a, e)) in actual.1.iter().zip(&expected.1).enumerate() {
        let diff = (a - e).abs();
        assert!(
            !diff.is_nan(),
            "{what}[{index}]: NaN (actual {a}, expected {e})"
        );
        if diff > worst.0 {
            worst = (diff, index);
        }
    }
    assert!(
        worst.0 <= tolerance,
        "{what}: max |diff| {} at flat index {} (actual {}, expected {}) exceeds {tolerance}",
        worst.0,
        worst.1,
        actual.1[worst.1],
        expected.1[worst.1]
    );
    worst.0
}

/// A BERT small enough to train in seconds in the tests.
pub fn small_config(vocab_size: usize, dropout: f64) -> BertConfig {
    BertConfig {
        vocab_size,
        hidden_size: 64,
        num_hidden_layers: 2,
        num_attention_heads: 2,
        intermediate_size: 128,
        max_position_embeddings: 64,
        hidden_dropout_prob: dropout,
        attention_probs_dropout_prob: dropout,
        ..BertConfig::default()
    }
}

/// Pre-training settings for the tests: 10% warm-up, AdamW defaults, seed 17.
pub fn train_config(steps: usize, peak: f64, batch_size: usize) -> TrainConfig {
    TrainConfig {
        batch_size,
        max_len: 32,
        schedule: Schedule {
            peak,
            warmup_steps: steps / 10,
            total_steps: steps,
        },
        optimizer: AdamW::default(),
        seed: 17,
    }
}

/// The shipped toy-world pre-training corpus.
pub fn toy_world() -> bertlab_model::data::Corpus {
    let text = std::fs::read_to_string(repo("static/corpora/toy-world.txt"))
        .expect("the toy-world corpus");
    bertlab_model::data::Corpus::parse(&text).expect("the toy world parses")
}
