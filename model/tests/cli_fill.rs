//! `bertlab fill` with the shipped model: it has learned the toy world's facts, and it says so clearly
//! when there is nothing to fill. `bertlab eval` holds it to the accuracy the README promises on
//! sentences it was never trained on.
#![cfg(feature = "cli")]

use std::process::{Command, Output};

use serde_json::Value;

const SHIPPED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../static/models/bertlab-tiny-toy-world"
);

fn fill(text: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bertlab"))
        .args(["fill", "--model", SHIPPED, "--top-k", "3", text])
        .output()
        .expect("bertlab runs")
}

#[test]
fn the_shipped_model_has_learned_the_toy_world() {
    for (text, expected) in [
        ("A dog says [MASK].", "woof"),
        ("The [MASK] says moo.", "cow"),
        ("The cow eats [MASK].", "grass"),
    ] {
        let output = fill(text);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        let masks = json["masks"].as_array().unwrap();
        assert_eq!(masks.len(), 1);
        assert_eq!(masks[0]["predictions"][0]["token"], expected, "{text}");
        let probabilities: Vec<f64> = masks[0]["predictions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["probability"].as_f64().unwrap())
            .collect();
        assert_eq!(probabilities.len(), 3);
        assert!(
            probabilities[0] > 0.5,
            "{text}: confident ({probabilities:?})"
        );
        assert!(
            probabilities.windows(2).all(|w| w[0] >= w[1])
                && probabilities.iter().sum::<f64>() <= 1.0 + 1e-6
        );
        assert_eq!(
            json["tokens"][masks[0]["position"].as_u64().unwrap() as usize],
            "[MASK]"
        );
    }
}

#[test]
fn says_when_there_is_nothing_to_fill() {
    for (text, message) in [("The cow says moo.", "no [MASK]"), ("   ", "empty")] {
        let output = fill(text);
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{text:?}: {stderr}");
    }
}

#[test]
fn the_shipped_model_generalises_to_held_out_sentences() {
    let output = Command::new(env!("CARGO_BIN_EXE_bertlab"))
        .args(["eval", "--model", SHIPPED, "--corpus"])
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../static/corpora/toy-world-heldout.txt"
        ))
        .args(["--count", "2000", "--seed", "1"])
        .output()
        .expect("bertlab runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let (mlm, nsp) = (
        json["mlm_accuracy"].as_f64().unwrap(),
        json["nsp_accuracy"].as_f64().unwrap(),
    );
    assert!(mlm >= 0.80, "held-out MLM accuracy {mlm}");
    assert!(nsp >= 0.58, "held-out NSP accuracy {nsp} (chance is 0.5)");
}
