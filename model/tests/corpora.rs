//! The corpora shipped in static/corpora/ meet what the lessons need: BERT's format, enough
//! documents and sentences, and a labelled set whose test words are absent from its training set.

use std::collections::BTreeSet;
use std::path::PathBuf;

use bertlab_model::Tokenizer;
use bertlab_model::data::Corpus;
use bertlab_model::tokenizer::Normalization;
use bertlab_model::tokenizer::learn::learn_vocab;

fn corpora_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../static/corpora")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(corpora_dir().join(name)).unwrap()
}

#[test]
fn every_pretraining_corpus_has_20_documents_and_300_sentences() {
    for name in [
        "toy-world.txt",
        "polysemy.txt",
        "explanations.txt",
        "korean.txt",
    ] {
        let corpus = Corpus::from_bytes(read(name).as_bytes()).unwrap();
        assert!(
            corpus.documents.len() >= 20,
            "{name}: {} documents",
            corpus.documents.len()
        );
        assert!(
            corpus.sentence_count() >= 300,
            "{name}: {} sentences",
            corpus.sentence_count()
        );
        assert!(
            corpus.documents.iter().all(|d| d.len() >= 2),
            "{name}: every document has sentence pairs"
        );
    }
}

fn labelled(name: &str) -> Vec<(String, String)> {
    read(name)
        .lines()
        .map(|line| {
            let (label, sentence) = line.split_once('\t').expect("label<TAB>sentence");
            (label.to_string(), sentence.to_string())
        })
        .collect()
}

#[test]
fn the_labelled_set_has_a_fixed_split_by_topic_word() {
    let (train, test) = (labelled("topics-train.tsv"), labelled("topics-test.tsv"));
    assert!(train.len() + test.len() >= 200);
    let labels: BTreeSet<&str> = train.iter().map(|(label, _)| label.as_str()).collect();
    assert!((2..=4).contains(&labels.len()), "{labels:?}");
    assert_eq!(
        labels,
        test.iter().map(|(label, _)| label.as_str()).collect()
    );
    // The last word of each sentence is its topic word: none of the test ones are trained on.
    let topic = |sentence: &str| {
        sentence
            .trim_end_matches('.')
            .rsplit(' ')
            .next()
            .unwrap()
            .to_string()
    };
    let train_words: BTreeSet<String> = train.iter().map(|(_, s)| topic(s)).collect();
    let test_words: BTreeSet<String> = test.iter().map(|(_, s)| topic(s)).collect();
    assert!(
        train_words.is_disjoint(&test_words),
        "{:?}",
        train_words.intersection(&test_words).collect::<Vec<_>>()
    );
}

#[test]
fn a_vocabulary_learned_from_the_toy_world_covers_the_labelled_set() {
    let vocab = learn_vocab(&read("toy-world.txt"), 400, Normalization::UNCASED);
    let tokenizer = Tokenizer::new(vocab, true);
    for (_, sentence) in labelled("topics-test.tsv")
        .iter()
        .chain(&labelled("topics-train.tsv"))
    {
        let tokens = tokenizer.tokenize(sentence);
        assert!(
            !tokens.contains(&"[UNK]".to_string()),
            "{sentence}: {tokens:?}"
        );
    }
}
