//! Real checkpoints come in several dialects, and broken ones must be refused with an error that
//! names the problem and the tensor. Each case rewrites the transformers fixture and loads it.

mod common;

use std::collections::HashMap;

use bertlab_model::{Checkpoint, CheckpointError, ComputeDevice, HfFiles};
use common::{Expected, assert_close, fixture_dir, read};
use safetensors::{Dtype, SafeTensors, tensor::TensorView};

/// (name, dtype, shape, bytes) of every tensor in a safetensors file.
type Tensors = Vec<(String, Dtype, Vec<usize>, Vec<u8>)>;

fn fixture_files(name: &str) -> HfFiles {
    let dir = fixture_dir(name);
    HfFiles {
        config_json: std::fs::read(dir.join("config.json")).unwrap(),
        model_safetensors: std::fs::read(dir.join("model.safetensors")).unwrap(),
        vocab_txt: None,
        tokenizer_config_json: None,
    }
}

fn tensors_of(files: &HfFiles) -> Tensors {
    let parsed = SafeTensors::deserialize(&files.model_safetensors).unwrap();
    let mut tensors: Tensors = parsed
        .iter()
        .map(|(name, view)| {
            (
                name.to_string(),
                view.dtype(),
                view.shape().to_vec(),
                view.data().to_vec(),
            )
        })
        .collect();
    tensors.sort_by(|a, b| a.0.cmp(&b.0));
    tensors
}

fn with_tensors(files: &HfFiles, tensors: &Tensors) -> HfFiles {
    let views: Vec<(String, TensorView)> = tensors
        .iter()
        .map(|(name, dtype, shape, bytes)| {
            (
                name.clone(),
                TensorView::new(*dtype, shape.clone(), bytes).unwrap(),
            )
        })
        .collect();
    HfFiles {
        model_safetensors: safetensors::serialize(views, None::<HashMap<String, String>>).unwrap(),
        ..files.clone()
    }
}

fn rewritten(edit: impl FnOnce(&mut Tensors)) -> HfFiles {
    let files = fixture_files("pretraining");
    let mut tensors = tensors_of(&files);
    edit(&mut tensors);
    with_tensors(&files, &tensors)
}

fn load(files: &HfFiles) -> Result<Checkpoint, CheckpointError> {
    Checkpoint::from_files(files, &ComputeDevice::cpu().device)
}

fn load_err(files: &HfFiles) -> CheckpointError {
    load(files).expect_err("must be refused")
}

/// The loaded model still gives transformers' logits.
fn assert_reference_logits(checkpoint: &Checkpoint) {
    let expected = Expected::load("pretraining");
    let output = checkpoint
        .model
        .forward(&expected.input(&ComputeDevice::cpu()), false);
    assert_close(
        "prediction_logits",
        read(output.prediction_logits.expect("MLM head")),
        expected.output("prediction_logits", None),
        1e-4,
    );
}

#[test]
fn legacy_gamma_beta_names_load() {
    let files = rewritten(|tensors| {
        for (name, ..) in tensors.iter_mut() {
            *name = name
                .replace("LayerNorm.weight", "LayerNorm.gamma")
                .replace("LayerNorm.bias", "LayerNorm.beta");
        }
    });
    assert_reference_logits(&load(&files).unwrap());
}

#[test]
fn position_ids_buffer_stored_decoder_and_decoder_bias_load() {
    let files = rewritten(|tensors| {
        let word = tensors
            .iter()
            .find(|t| t.0 == "bert.embeddings.word_embeddings.weight")
            .unwrap()
            .clone();
        tensors.push((
            "cls.predictions.decoder.weight".into(),
            word.1,
            word.2,
            word.3,
        ));
        let positions: Vec<u8> = (0..64i64).flat_map(|p| p.to_le_bytes()).collect();
        tensors.push((
            "bert.embeddings.position_ids".into(),
            Dtype::I64,
            vec![1, 64],
            positions,
        ));
        for (name, ..) in tensors.iter_mut() {
            if name == "cls.predictions.bias" {
                *name = "cls.predictions.decoder.bias".into();
            }
        }
    });
    assert_reference_logits(&load(&files).unwrap());
}

#[test]
fn half_precision_weights_load() {
    let files = rewritten(|tensors| {
        for (_, dtype, _, bytes) in tensors.iter_mut() {
            let halves: Vec<u8> = bytes
                .chunks_exact(4)
                .flat_map(|b| {
                    half::f16::from_f32(f32::from_le_bytes([b[0], b[1], b[2], b[3]])).to_le_bytes()
                })
                .collect();
            (*dtype, *bytes) = (Dtype::F16, halves);
        }
    });
    let checkpoint = load(&files).unwrap();
    let expected = Expected::load("pretraining");
    let output = checkpoint
        .model
        .forward(&expected.input(&ComputeDevice::cpu()), false);
    // f16 rounding: close, not exact.
    assert_close(
        "f16 prediction_logits",
        read(output.prediction_logits.unwrap()),
        expected.output("prediction_logits", None),
        0.05,
    );
}

#[test]
fn bert_model_without_prefix_or_heads_runs_the_encoder_and_reports_absent_heads() {
    let files = rewritten(|tensors| {
        tensors.retain(|t| t.0.starts_with("bert."));
        for (name, ..) in tensors.iter_mut() {
            *name = name.strip_prefix("bert.").unwrap().to_string();
        }
    });
    let checkpoint = load(&files).unwrap();
    assert!(checkpoint.model.mlm.is_none() && checkpoint.model.nsp.is_none());
    let absent = checkpoint.absent_heads();
    assert_eq!(absent.len(), 2, "{absent:?}");
    assert!(absent[0].starts_with("cls.predictions"));
    let expected = Expected::load("pretraining");
    let output = checkpoint
        .model
        .forward(&expected.input(&ComputeDevice::cpu()), false);
    assert!(output.prediction_logits.is_none());
    assert_close(
        "last_hidden_state",
        read(output.last_hidden_state),
        expected.output("last_hidden_state", None),
        1e-4,
    );
}

#[test]
fn a_missing_tensor_is_named() {
    let files = rewritten(|tensors| {
        tensors.retain(|t| t.0 != "bert.encoder.layer.1.attention.self.key.bias")
    });
    assert_eq!(
        load_err(&files),
        CheckpointError::MissingTensor {
            name: "bert.encoder.layer.1.attention.self.key.bias".into()
        }
    );
}

#[test]
fn a_wrong_shape_is_named_with_both_shapes() {
    let files = rewritten(|tensors| {
        let tensor = tensors
            .iter_mut()
            .find(|t| t.0 == "bert.encoder.layer.0.intermediate.dense.weight")
            .unwrap();
        tensor.2 = vec![36, 32];
        tensor.3.truncate(36 * 32 * 4);
    });
    let error = load_err(&files);
    assert_eq!(
        error,
        CheckpointError::WrongShape {
            name: "bert.encoder.layer.0.intermediate.dense.weight".into(),
            expected: vec![37, 32],
            found: vec![36, 32],
        }
    );
    assert!(error.to_string().contains("intermediate.dense.weight"));
}

#[test]
fn a_config_for_another_model_is_refused_by_shape() {
    let mut files = fixture_files("pretraining");
    let mut config: serde_json::Value = serde_json::from_slice(&files.config_json).unwrap();
    config["hidden_size"] = 64.into();
    files.config_json = serde_json::to_vec(&config).unwrap();
    // Refused by the first tensor's shape, or before that by the size the config declares.
    assert!(matches!(
        load_err(&files),
        CheckpointError::WrongShape { .. } | CheckpointError::InvalidConfig(_)
    ));
}

#[test]
fn a_config_declaring_more_weights_than_the_file_holds_is_refused_before_allocating() {
    // A stranger's config.json beside real weights: 400 GB of embeddings would abort the
    // process in the allocator if the model were built before the sizes were compared.
    let mut files = fixture_files("pretraining");
    let mut config: serde_json::Value = serde_json::from_slice(&files.config_json).unwrap();
    config["vocab_size"] = 99_999_999_999u64.into();
    files.config_json = serde_json::to_vec(&config).unwrap();
    match load_err(&files) {
        CheckpointError::InvalidConfig(detail) => {
            assert!(detail.contains("99999999999"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
    let mut config: serde_json::Value = serde_json::from_slice(&files.config_json).unwrap();
    config["vocab_size"] = 1000.into();
    config["num_hidden_layers"] = 100_000.into();
    files.config_json = serde_json::to_vec(&config).unwrap();
    assert!(matches!(
        load_err(&files),
        CheckpointError::InvalidConfig(_)
    ));
}

#[test]
fn an_unsupported_dtype_is_named() {
    let files = rewritten(|tensors| {
        let tensor = tensors
            .iter_mut()
            .find(|t| t.0 == "bert.pooler.dense.bias")
            .unwrap();
        tensor.1 = Dtype::I32;
    });
    assert_eq!(
        load_err(&files),
        CheckpointError::UnsupportedDtype {
            name: "bert.pooler.dense.bias".into(),
            dtype: "I32".into()
        }
    );
}

#[test]
fn nan_weights_are_refused() {
    let files = rewritten(|tensors| {
        let tensor = tensors
            .iter_mut()
            .find(|t| t.0 == "cls.seq_relationship.bias")
            .unwrap();
        tensor.3[..4].copy_from_slice(&f32::NAN.to_le_bytes());
    });
    assert_eq!(
        load_err(&files),
        CheckpointError::NonFinite {
            name: "cls.seq_relationship.bias".into()
        }
    );
}

#[test]
fn truncated_and_foreign_files_are_not_safetensors() {
    let mut files = fixture_files("pretraining");
    files
        .model_safetensors
        .truncate(files.model_safetensors.len() / 2);
    assert!(matches!(
        load_err(&files),
        CheckpointError::NotSafetensors(_)
    ));
    files.model_safetensors = b"PK\x03\x04 this is a zip, e.g. a pytorch_model.bin".to_vec();
    assert!(matches!(
        load_err(&files),
        CheckpointError::NotSafetensors(_)
    ));
    files.model_safetensors = Vec::new();
    assert!(matches!(
        load_err(&files),
        CheckpointError::NotSafetensors(_)
    ));
}

#[test]
fn broken_configs_and_vocabularies_are_refused() {
    let mut files = fixture_files("pretraining");
    files.config_json = b"{ not json".to_vec();
    assert!(matches!(
        load_err(&files),
        CheckpointError::InvalidConfig(_)
    ));

    let mut files = fixture_files("pretraining");
    let mut config: serde_json::Value = serde_json::from_slice(&files.config_json).unwrap();
    config["num_attention_heads"] = 5.into();
    files.config_json = serde_json::to_vec(&config).unwrap();
    assert!(load_err(&files).to_string().contains("not divisible"));

    let mut files = fixture_files("pretraining");
    files.vocab_txt = Some(
        (0..120)
            .map(|i| format!("tok{i}\n"))
            .collect::<String>()
            .into_bytes(),
    );
    assert_eq!(
        load_err(&files),
        CheckpointError::VocabMismatch {
            expected: 99,
            found: 120
        }
    );
}

#[test]
fn a_folder_without_weights_names_the_missing_file() {
    let dir = std::env::temp_dir().join("bertlab-missing-weights");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        fixture_dir("pretraining").join("config.json"),
        dir.join("config.json"),
    )
    .unwrap();
    let error = Checkpoint::from_dir(&dir, &ComputeDevice::cpu().device).unwrap_err();
    assert_eq!(
        error.to_string(),
        "model.safetensors is missing from the checkpoint"
    );
}
