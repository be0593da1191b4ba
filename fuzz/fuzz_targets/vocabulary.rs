//! Any bytes as a `vocab.txt`, and as a corpus to learn a WordPiece vocabulary from: a clear
//! error or a vocabulary, never a panic; a learned vocabulary keeps the special tokens and
//! tokenizes its own corpus without ids outside it.
#![no_main]
use bertlab_model::Tokenizer;
use bertlab_model::tokenizer::learn::learn_vocab;
use bertlab_model::tokenizer::{Normalization, Vocab};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&size, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    if let Ok(vocab) = Vocab::from_vocab_txt(&text) {
        assert!(!vocab.is_empty());
        let tokenizer = Tokenizer::with_normalization(vocab, Normalization::UNCASED);
        let encoding = tokenizer.encode(&text);
        assert!(encoding.ids.iter().all(|&id| (id as usize) < tokenizer.vocab.len()));
    }
    let normalization = if size & 1 == 0 { Normalization::UNCASED } else { Normalization::LOWERCASE_KEEP_ACCENTS };
    let vocab = learn_vocab(&text, 8 + size as usize * 4, normalization);
    for special in ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] {
        assert!(vocab.id(special).is_some(), "{special} missing");
    }
    let round_trip = Vocab::from_vocab_txt(&vocab.to_vocab_txt()).expect("a learned vocabulary reads back");
    assert_eq!(round_trip.tokens(), vocab.tokens());
    let tokenizer = Tokenizer::with_normalization(vocab, normalization);
    let encoding = tokenizer.encode(&text);
    assert!(encoding.ids.iter().all(|&id| (id as usize) < tokenizer.vocab.len()));
});
