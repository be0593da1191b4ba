//! The tokenizer against Hugging Face `transformers`' BertTokenizer (fixture written by
//! `fixtures/tokenizer/make_tokenizer_fixtures.py`): accents, CJK, Korean, emoji, control and
//! zero-width characters, punctuation, numbers, 100/101-character words, special tokens typed in
//! the text, empty input, pairs, truncation and padding, Korean sentences — with a small
//! vocabulary (cased, uncased, lower-cased keeping accents), with bert-base-uncased's real one,
//! and with the shipped Korean model's exported files (vocabulary and `tokenizer_config.json`,
//! read by transformers' `from_pretrained`). Every id, token, segment, mask and offset.

mod common;

use bertlab_model::tokenizer::{Limits, Normalization};
use bertlab_model::{HfFiles, Tokenizer, Vocab};
use common::fixture_dir;
use serde_json::Value;

fn as_u32s(value: &Value) -> Vec<u32> {
    serde_json::from_value(value.clone()).unwrap()
}

#[test]
fn encodings_match_transformers() {
    let dir = fixture_dir("tokenizer");
    let fixture: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut checked = 0;
    for (vocab_name, spec) in fixture["vocabs"].as_object().unwrap() {
        let tokenizer = match spec["model_dir"].as_str() {
            // A folder bertlab exported, read as transformers' from_pretrained read it.
            Some(folder) => {
                let folder = dir.join("../../../..").join(folder);
                let files = HfFiles {
                    config_json: Vec::new(),
                    model_safetensors: Vec::new(),
                    vocab_txt: Some(std::fs::read(folder.join("vocab.txt")).unwrap()),
                    tokenizer_config_json: Some(
                        std::fs::read(folder.join("tokenizer_config.json")).unwrap(),
                    ),
                };
                files.tokenizer().unwrap()
            }
            None => {
                let vocab = std::fs::read_to_string(dir.join(spec["vocab_file"].as_str().unwrap()))
                    .unwrap();
                let lowercase = spec["do_lower_case"].as_bool().unwrap();
                let normalization = Normalization {
                    lowercase,
                    strip_accents: spec["strip_accents"].as_bool().unwrap_or(lowercase),
                };
                Tokenizer::with_normalization(Vocab::from_vocab_txt(&vocab).unwrap(), normalization)
            }
        };
        for case in spec["cases"].as_array().unwrap() {
            let what = format!("{vocab_name} / {}", case["name"]);
            let limits = Limits {
                max_length: case["max_length"].as_u64().map(|n| n as usize),
                pad_to: case["pad"]
                    .as_bool()
                    .filter(|&pad| pad)
                    .and(case["max_length"].as_u64().map(|n| n as usize)),
            };
            let encoding =
                tokenizer.encode_pair_with(case["a"].as_str().unwrap(), case["b"].as_str(), limits);
            let expected = &case["expected"];
            let tokens: Vec<String> = serde_json::from_value(expected["tokens"].clone()).unwrap();
            assert_eq!(encoding.tokens, tokens, "{what}: tokens");
            assert_eq!(encoding.ids, as_u32s(&expected["ids"]), "{what}: ids");
            assert_eq!(
                encoding.type_ids,
                as_u32s(&expected["type_ids"]),
                "{what}: segment ids"
            );
            assert_eq!(
                encoding.attention_mask,
                as_u32s(&expected["attention_mask"]),
                "{what}: attention mask"
            );
            assert_eq!(
                encoding.special_tokens_mask,
                as_u32s(&expected["special_tokens_mask"]),
                "{what}: special tokens mask"
            );
            let offsets: Vec<(usize, usize)> =
                serde_json::from_value(expected["offsets"].clone()).unwrap();
            assert_eq!(encoding.offsets, offsets, "{what}: offsets");
            checked += 1;
        }
    }
    assert!(checked >= 60, "only {checked} cases checked");
}

#[test]
fn tokenizer_json_gives_the_same_tokenizer_as_vocab_txt() {
    let dir = fixture_dir("tokenizer");
    let vocab = std::fs::read_to_string(dir.join("small-vocab.txt")).unwrap();
    let from_txt = Tokenizer::from_vocab_txt(&vocab, true).unwrap();
    let entries: serde_json::Map<String, Value> = vocab
        .lines()
        .enumerate()
        .map(|(id, token)| (token.to_string(), Value::from(id)))
        .collect();
    let json = serde_json::json!({
        "normalizer": {"type": "BertNormalizer", "lowercase": true},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": entries},
    });
    assert_eq!(
        Tokenizer::from_tokenizer_json(&json.to_string()).unwrap(),
        from_txt
    );
    let bpe = serde_json::json!({"model": {"type": "BPE", "vocab": {}}});
    assert!(
        Tokenizer::from_tokenizer_json(&bpe.to_string())
            .unwrap_err()
            .to_string()
            .contains("BPE")
    );
}

#[test]
fn wordpiece_trace_shows_every_candidate() {
    let vocab = std::fs::read_to_string(fixture_dir("tokenizer").join("small-vocab.txt")).unwrap();
    let tokenizer = Tokenizer::from_vocab_txt(&vocab, true).unwrap();
    let trace = tokenizer.trace_word("unbelievable");
    assert_eq!(trace.pieces, ["un", "##believ", "##able"]);
    assert_eq!(trace.steps.len(), 3);
    assert_eq!(
        trace.steps[0].tried.first().map(String::as_str),
        Some("unbelievable")
    );
    assert_eq!(trace.steps[0].tried.last().map(String::as_str), Some("un"));
    assert_eq!(trace.steps[1].start, 2);
    assert_eq!(trace.steps[1].matched.as_deref(), Some("##believ"));
    let failed = tokenizer.trace_word("catz");
    assert_eq!(failed.pieces, ["[UNK]"]);
    assert_eq!(failed.steps.last().unwrap().matched, None);
    assert!(tokenizer.trace_word(&"a".repeat(101)).too_long);
}
