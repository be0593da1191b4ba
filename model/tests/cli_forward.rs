//! `bertlab forward` end to end: transformers' outputs come out as JSON; bad input is refused
//! on stderr with a non-zero exit.
#![cfg(feature = "cli")]

mod common;

use std::process::{Command, Output};

use common::{Expected, fixture_dir};
use serde_json::Value;

fn forward(input: &Value, model: &std::path::Path) -> Output {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!(
        "cli-input-{}.json",
        std::process::id() as u64 + input.to_string().len() as u64
    ));
    std::fs::write(&path, input.to_string()).unwrap();
    Command::new(env!("CARGO_BIN_EXE_bertlab"))
        .args(["forward", "--model"])
        .arg(model)
        .arg("--input")
        .arg(&path)
        .output()
        .expect("bertlab runs")
}

fn flatten(value: &Value, out: &mut Vec<f32>) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| flatten(item, out)),
        number => out.push(number.as_f64().expect("number") as f32),
    }
}

#[test]
fn prints_every_output_matching_transformers() {
    let expected = Expected::load("pretraining");
    let input = serde_json::json!({
        "input_ids": expected.json["input_ids"],
        "token_type_ids": expected.json["token_type_ids"],
        "attention_mask": expected.json["attention_mask"],
    });
    let output = forward(&input, &fixture_dir("pretraining"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    for (key, index) in [
        ("last_hidden_state", None),
        ("pooler_output", None),
        ("prediction_logits", None),
        ("seq_relationship_logits", None),
        ("hidden_states", Some(0)),
        ("hidden_states", Some(2)),
        ("attentions", Some(1)),
    ] {
        let value = match index {
            Some(index) => &json[key][index],
            None => &json[key],
        };
        let mut actual = Vec::new();
        flatten(value, &mut actual);
        let (_, reference) = expected.output(key, index);
        assert_eq!(actual.len(), reference.len(), "{key}");
        let worst = actual
            .iter()
            .zip(&reference)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max);
        assert!(worst <= 1e-4, "{key}[{index:?}]: max |diff| {worst}");
    }
    assert_eq!(json["hidden_states"].as_array().unwrap().len(), 3);
}

#[test]
fn defaults_segments_to_zero_and_mask_to_ones() {
    let output = forward(
        &serde_json::json!({"input_ids": [[2, 5, 3]]}),
        &fixture_dir("masked_lm"),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        json.get("pooler_output").is_none(),
        "BertForMaskedLM has no pooler"
    );
    assert_eq!(json["prediction_logits"][0].as_array().unwrap().len(), 3);
}

#[test]
fn refuses_bad_input_with_a_message() {
    let cases = [
        (
            serde_json::json!({"input_ids": [[2, 500, 3]]}),
            "outside the vocabulary",
        ),
        (serde_json::json!({"input_ids": [[2, 5], [2]]}), "every row"),
        (serde_json::json!({"input_ids": []}), "empty"),
        (
            serde_json::json!({"input_ids": [[2, 5]], "token_type_ids": [[0]]}),
            "same shape",
        ),
        (serde_json::json!({"ids": [[2]]}), "not valid input"),
    ];
    for (input, message) in cases {
        let output = forward(&input, &fixture_dir("pretraining"));
        assert!(!output.status.success(), "{input} was accepted");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(message),
            "{input}: stderr {stderr:?} lacks {message:?}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let output = forward(
        &serde_json::json!({"input_ids": [[2]]}),
        std::path::Path::new("/nonexistent"),
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("config.json is missing"));
}
