//! Any bytes as a sentence pair through the shipped models' tokenizers: no panic, ids inside the
//! vocabulary, offsets inside the text and in order, the same output for the same input.
#![no_main]
use bertlab_model::Tokenizer;
use bertlab_model::tokenizer::{Normalization, Vocab};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static TOKENIZERS: LazyLock<Vec<Tokenizer>> = LazyLock::new(|| {
    let english = include_str!("../../static/models/bertlab-tiny-toy-world/vocab.txt");
    let korean = include_str!("../../static/models/bertlab-tiny-ko/vocab.txt");
    let small = include_str!("../../model/tests/fixtures/tokenizer/small-vocab.txt");
    let mut all = Vec::new();
    for text in [english, korean, small] {
        let vocab = Vocab::from_vocab_txt(text).expect("a shipped vocabulary");
        for normalization in [Normalization::UNCASED, Normalization::CASED, Normalization::LOWERCASE_KEEP_ACCENTS] {
            all.push(Tokenizer::with_normalization(vocab.clone(), normalization));
        }
    }
    all
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_once('\t').unwrap_or((&text, ""));
    for tokenizer in TOKENIZERS.iter() {
        let vocab_len = tokenizer.vocab.len() as u32;
        let lengths = [a.chars().count(), b.chars().count()];
        let encoding = tokenizer.encode_pair(a, b);
        assert!(encoding.ids.iter().all(|&id| id < vocab_len));
        assert_eq!(encoding.ids.len(), encoding.tokens.len());
        let mut previous = (0usize, 0usize);
        for (&segment, &(start, end)) in encoding.type_ids.iter().zip(&encoding.offsets) {
            let length = lengths[segment as usize];
            assert!(start <= end && end <= length, "offset {start}..{end} outside {length} characters");
            if (start, end) != (0, 0) && segment == 0 {
                assert!(start >= previous.0, "offsets go back: {previous:?} then {start}..{end}");
                previous = (start, end);
            }
        }
        assert_eq!(encoding, tokenizer.encode_pair(a, b), "the same input, another output");
        let _ = tokenizer.trace_word(a);
    }
});
