//! `bertlab tokenize` and `bertlab examples` end to end, including their refusals.
#![cfg(feature = "cli")]

mod common;

use std::process::{Command, Output};

use common::fixture_dir;
use serde_json::Value;

fn bertlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bertlab"))
        .args(args)
        .output()
        .expect("bertlab runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn bert_vocab() -> String {
    fixture_dir("tokenizer/bert-base-uncased-vocab.txt")
        .display()
        .to_string()
}

fn temp_file(name: &str, bytes: &[u8]) -> String {
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

#[test]
fn tokenize_prints_the_encoding_of_a_pair() {
    let output = bertlab(&[
        "tokenize",
        "--vocab",
        &bert_vocab(),
        "Hello, World!",
        "Unbelievable.",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let tokens: Vec<String> = serde_json::from_value(json["tokens"].clone()).unwrap();
    assert_eq!(
        tokens,
        [
            "[CLS]",
            "hello",
            ",",
            "world",
            "!",
            "[SEP]",
            "unbelievable",
            ".",
            "[SEP]"
        ]
    );
    assert_eq!(
        json["token_type_ids"],
        serde_json::json!([0, 0, 0, 0, 0, 0, 1, 1, 1])
    );
    assert_eq!(json["offsets"][1], serde_json::json!([0, 5]));
    assert_eq!(json["input_ids"][0], 101, "bert-base-uncased's [CLS]");
}

#[test]
fn tokenize_says_when_it_truncates() {
    let output = bertlab(&[
        "tokenize",
        "--vocab",
        &bert_vocab(),
        "--max-len",
        "6",
        "one two three four five six seven",
    ]);
    assert!(output.status.success());
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["tokens"].as_array().unwrap().len(), 6);
    assert!(
        stderr(&output).contains("3 tokens were cut"),
        "{}",
        stderr(&output)
    );
}

fn corpus_text() -> String {
    (0..6)
        .map(|doc| {
            (0..5)
                .map(|s| format!("document {doc} has sentence number {s} about a cat.\n"))
                .collect::<String>()
                + "\n"
        })
        .collect()
}

#[test]
fn examples_prints_one_json_object_per_example() {
    let corpus = temp_file("corpus-ok.txt", corpus_text().as_bytes());
    let output = bertlab(&[
        "examples",
        "--corpus",
        &corpus,
        "--vocab-size",
        "60",
        "--count",
        "25",
        "--seed",
        "5",
        "--max-len",
        "16",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 25);
    for example in &lines {
        let positions = example["masked_positions"].as_array().unwrap();
        assert!(!positions.is_empty());
        assert_eq!(
            positions.len(),
            example["masked_labels"].as_array().unwrap().len()
        );
        assert_eq!(
            positions.len(),
            example["mask_actions"].as_array().unwrap().len()
        );
        for (position, action) in positions
            .iter()
            .zip(example["mask_actions"].as_array().unwrap())
        {
            let token = &example["tokens"][position.as_u64().unwrap() as usize];
            match action.as_str().unwrap() {
                "mask" => assert_eq!(token, "[MASK]"),
                "random" | "keep" => assert_ne!(token, "[MASK]"),
                other => panic!("unknown action {other}"),
            }
        }
        assert!(example["tokens"].as_array().unwrap().len() <= 16);
        assert!(matches!(
            example["next_sentence_label"].as_u64(),
            Some(0 | 1)
        ));
    }
    let again = bertlab(&[
        "examples",
        "--corpus",
        &corpus,
        "--vocab-size",
        "60",
        "--count",
        "25",
        "--seed",
        "5",
        "--max-len",
        "16",
    ]);
    assert_eq!(
        String::from_utf8(again.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .collect::<Vec<_>>(),
        lines,
        "same seed, same examples"
    );
}

#[test]
fn examples_refuses_corpora_it_cannot_use() {
    let cases: [(&str, &[u8], &str); 4] = [
        ("corpus-empty.txt", b"\n\n", "empty"),
        (
            "corpus-one-doc.txt",
            b"one sentence.\nanother one.\n",
            "only one document",
        ),
        (
            "corpus-binary.bin",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "binary",
        ),
        (
            "corpus-latin1.txt",
            b"caf\xe9 au lait.\nok.\n\nok.\nok.\n",
            "not UTF-8",
        ),
    ];
    for (name, bytes, message) in cases {
        let corpus = temp_file(name, bytes);
        let output = bertlab(&["examples", "--corpus", &corpus, "--vocab-size", "30"]);
        assert!(!output.status.success(), "{name} was accepted");
        assert!(
            stderr(&output).contains(message),
            "{name}: {}",
            stderr(&output)
        );
        assert!(!stderr(&output).contains("panicked"));
    }
    let output = bertlab(&[
        "examples",
        "--corpus",
        "/nonexistent.txt",
        "--vocab-size",
        "30",
    ]);
    assert!(stderr(&output).contains("cannot open"));
}
