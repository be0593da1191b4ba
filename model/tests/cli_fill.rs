//! `bertlab fill` with the shipped models: each has learned its toy world — every playground
//! example of its language's course comes back as the top guess — and it says so clearly when
//! there is nothing to fill. `bertlab eval` holds each to the accuracy README and BENCHMARKS
//! promise on sentences it was never trained on.
#![cfg(feature = "cli")]

mod common;

use std::process::{Command, Output};

use bertlab_model::course::{Defaults, ENGLISH, KOREAN};
use serde_json::Value;

/// A shipped model: its folder, its course, its held-out file and the scores it must keep.
struct Shipped {
    folder: &'static str,
    course: &'static Defaults,
    held_out: &'static str,
    min_mlm: f64,
    min_nsp: f64,
}

const SHIPPED: [Shipped; 2] = [
    Shipped {
        folder: "static/models/bertlab-tiny-toy-world",
        course: &ENGLISH,
        held_out: "static/corpora/toy-world-heldout.txt",
        min_mlm: 0.80,
        min_nsp: 0.70,
    },
    Shipped {
        folder: "static/models/bertlab-tiny-ko",
        course: &KOREAN,
        held_out: "static/corpora/toy-world-ko-heldout.txt",
        min_mlm: 0.75,
        min_nsp: 0.65,
    },
];

fn bertlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bertlab"))
        .current_dir(common::repo(""))
        .args(args)
        .output()
        .expect("bertlab runs")
}

#[test]
fn each_shipped_model_answers_its_playground_examples() {
    for shipped in &SHIPPED {
        for (text, expected) in shipped.course.playground_examples {
            let output = bertlab(&["fill", "--model", shipped.folder, "--top-k", "3", text]);
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            let json: Value = serde_json::from_slice(&output.stdout).unwrap();
            let masks = json["masks"].as_array().unwrap();
            assert_eq!(masks.len(), 1);
            assert_eq!(
                masks[0]["predictions"][0]["token"], *expected,
                "{text}: {json}"
            );
            let probabilities: Vec<f64> = masks[0]["predictions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["probability"].as_f64().unwrap())
                .collect();
            assert_eq!(probabilities.len(), 3);
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
}

#[test]
fn says_when_there_is_nothing_to_fill() {
    for (text, message) in [("The cow says moo.", "no [MASK]"), ("   ", "empty")] {
        let output = bertlab(&["fill", "--model", SHIPPED[0].folder, text]);
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{text:?}: {stderr}");
    }
}

#[test]
fn each_shipped_model_generalises_to_held_out_sentences() {
    for shipped in &SHIPPED {
        let output = bertlab(&[
            "eval",
            "--model",
            shipped.folder,
            "--corpus",
            shipped.held_out,
            "--count",
            "2000",
            "--seed",
            "1",
        ]);
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
        assert!(
            mlm >= shipped.min_mlm,
            "{}: held-out MLM accuracy {mlm}",
            shipped.folder
        );
        assert!(
            nsp >= shipped.min_nsp,
            "{}: held-out NSP accuracy {nsp} (chance is 0.5)",
            shipped.folder
        );
    }
}
