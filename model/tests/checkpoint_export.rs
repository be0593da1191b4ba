//! Export to Hugging Face files: a round trip through our own importer is exact, and the export
//! of the fixture model is the very file transformers was shown to load with equal logits
//! (`make_fixtures.py check-export` records its hash and the differences in export_check.json).

mod common;

use bertlab_model::{Checkpoint, ComputeDevice};
use common::{Expected, assert_close, fixture_dir, read};
use sha2::{Digest, Sha256};

fn exported_fixture() -> (Checkpoint, bertlab_model::HfFiles) {
    let device = ComputeDevice::cpu();
    let checkpoint = Checkpoint::from_dir(&fixture_dir("pretraining"), &device.device).unwrap();
    let files = pollster::block_on(checkpoint.to_files()).unwrap();
    (checkpoint, files)
}

#[test]
fn export_then_import_gives_identical_outputs() {
    let (original, files) = exported_fixture();
    let device = ComputeDevice::cpu();
    let reloaded = Checkpoint::from_files(&files, &device.device).unwrap();
    assert_eq!(
        reloaded.config.architectures.as_deref(),
        Some(&["BertForPreTraining".to_string()][..])
    );
    let input = Expected::load("pretraining").input(&device);
    let (a, b) = (
        original.model.forward(&input, false),
        reloaded.model.forward(&input, false),
    );
    assert_close(
        "prediction_logits",
        read(b.prediction_logits.unwrap()),
        read(a.prediction_logits.unwrap()),
        0.0,
    );
    assert_close(
        "seq_relationship_logits",
        read(b.seq_relationship_logits.unwrap()),
        read(a.seq_relationship_logits.unwrap()),
        0.0,
    );
}

#[test]
fn the_export_is_the_file_transformers_loaded_with_equal_logits() {
    let (_, files) = exported_fixture();
    let out = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hf-export");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("config.json"), &files.config_json).unwrap();
    std::fs::write(out.join("model.safetensors"), &files.model_safetensors).unwrap();
    eprintln!(
        "exported to {} (check with make_fixtures.py check-export)",
        out.display()
    );

    let record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture_dir("export_check.json")).unwrap())
            .unwrap();
    let digest = format!("{:x}", Sha256::digest(&files.model_safetensors));
    assert_eq!(
        record["model_safetensors_sha256"].as_str().unwrap(),
        digest,
        "the exporter changed since transformers checked it: rerun make_fixtures.py check-export {}",
        out.display()
    );
    for (output, diff) in record["max_abs_diff"].as_object().unwrap() {
        assert!(
            diff.as_f64().unwrap() <= 1e-4,
            "{output}: transformers saw |diff| {diff}"
        );
    }
}

#[test]
fn a_model_packed_for_cpu_inference_exports_the_same_files() {
    let (_, plain) = exported_fixture();
    let device = ComputeDevice::cpu();
    let mut packed = Checkpoint::from_dir(&fixture_dir("pretraining"), &device.device).unwrap();
    packed.model.prepare_for_inference(&device.device);
    let files = pollster::block_on(packed.to_files()).unwrap();
    assert!(
        files.model_safetensors == plain.model_safetensors,
        "the packed model's export differs from the plain one's"
    );
}
