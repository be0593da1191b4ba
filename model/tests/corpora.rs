//! The corpora shipped in static/corpora/ meet what the lessons need: BERT's format, enough
//! documents and sentences, and a labelled set whose test words are absent from its training set.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use bertlab_model::Tokenizer;
use bertlab_model::data::Corpus;
use bertlab_model::tokenizer::Normalization;
use bertlab_model::tokenizer::learn::learn_vocab;

fn corpora_dir() -> PathBuf {
    common::repo("static/corpora")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(corpora_dir().join(name)).unwrap()
}

#[test]
fn every_pretraining_corpus_has_20_documents_and_300_sentences() {
    for name in [
        "toy-world.txt",
        "toy-world-ko.txt",
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

/// The Contextual-vectors lesson colours a word's occurrences by document: one document per
/// word and sense, each with enough sentences to make a cloud.
#[test]
fn the_polysemy_corpora_have_one_document_per_sense() {
    for (name, senses) in [("polysemy.txt", 16), ("polysemy-ko.txt", 11)] {
        let corpus = Corpus::from_bytes(read(name).as_bytes()).unwrap();
        assert_eq!(corpus.documents.len(), senses, "{name}");
        assert!(
            corpus.documents.iter().all(|d| d.len() >= 10),
            "{name}: every sense has at least 10 sentences"
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
fn the_labelled_sets_are_balanced_and_split_by_topic_word() {
    for (train, test) in [
        ("topics-train.tsv", "topics-test.tsv"),
        ("topics-ko-train.tsv", "topics-ko-test.tsv"),
    ] {
        let (train, test) = (labelled(train), labelled(test));
        assert!(train.len() + test.len() >= 200);
        let count = |set: &[(String, String)]| {
            let mut counts = std::collections::BTreeMap::<String, usize>::new();
            for (label, _) in set {
                *counts.entry(label.clone()).or_default() += 1;
            }
            counts
        };
        let (train_counts, test_counts) = (count(&train), count(&test));
        assert!((2..=4).contains(&train_counts.len()), "{train_counts:?}");
        assert!(
            train_counts.keys().eq(test_counts.keys()),
            "{train_counts:?} {test_counts:?}"
        );
        for counts in [&train_counts, &test_counts] {
            let sizes: BTreeSet<usize> = counts.values().copied().collect();
            assert_eq!(sizes.len(), 1, "balanced classes: {counts:?}");
        }
        // Split by topic: every test sentence names a word no training sentence has, so the
        // classifier needs what pre-training taught about that word, not a memorised one.
        let words = |sentence: &str| -> BTreeSet<String> {
            sentence
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        };
        let trained: BTreeSet<String> = train.iter().flat_map(|(_, s)| words(s)).collect();
        for (_, sentence) in &test {
            assert!(
                words(sentence).iter().any(|w| !trained.contains(w)),
                "{sentence}: every word is in the training set"
            );
        }
    }
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
