//! Any bytes as a pre-training corpus and as a labelled (TSV) set: a clear error or a parse,
//! never a panic; a parsed corpus has no empty document and writes back to text it reads again
//! the same way.
#![no_main]
use bertlab_model::data::corpus::Corpus;
use bertlab_model::train::finetune::LabelledSet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(corpus) = Corpus::from_bytes(data) {
        assert!(corpus.documents.iter().all(|document| !document.is_empty()));
        let again = Corpus::parse(&corpus.to_text()).expect("a written corpus reads back");
        assert_eq!(again.documents, corpus.documents);
    }
    let text = String::from_utf8_lossy(data);
    if let Ok(set) = LabelledSet::parse(&text, None) {
        let _ = set.majority_baseline();
    }
});
