//! The shipped models make every lesson meaningful without downloading anything: each knows
//! every word its language's lessons start with as a whole token (Korean words may split off a
//! particle: 고양이 ##는), and its contextual vectors tell the senses of the Contextual-vectors
//! words apart at the last layer (same-sense occurrences closer in cosine than cross-sense ones).
//! Their held-out accuracy is held in `cli_fill.rs`.
//!
//! Issue 14 asks for a gap of 0.15 for every word (BENCHMARKS.md, "The shipped models"). The
//! English model reaches it for every word (0.18–0.38, mean 0.255), and the test holds each word
//! to it. The Korean model reaches it for all but one word (배, 0.142); it is held to what it
//! measures — every word's gap and the mean — so that a retrained model can only get better, and
//! the words under the goal are printed.
//!
//! `BERTLAB_SHIPPED` / `BERTLAB_SHIPPED_KO` name another folder to test a candidate before it
//! replaces a shipped model, with `BERTLAB_CORPORA` for the corpora it was trained on.

mod common;

use std::path::PathBuf;

use bertlab_model::course::{Defaults, ENGLISH, KOREAN};
use bertlab_model::data::Corpus;
use bertlab_model::data::polysemy::sentences_with;
use bertlab_model::inspect::contextual_vectors;
use bertlab_model::tokenizer::particles::is_particle;
use bertlab_model::{Checkpoint, ComputeDevice};
use common::repo;

struct Shipped {
    course: &'static Defaults,
    checkpoint: Checkpoint,
    tokenizer: bertlab_model::Tokenizer,
}

fn shipped(course: &'static Defaults) -> Shipped {
    let (variable, folder) = if std::ptr::eq(course, &KOREAN) {
        ("BERTLAB_SHIPPED_KO", "static/models/bertlab-tiny-ko")
    } else {
        ("BERTLAB_SHIPPED", "static/models/bertlab-tiny-toy-world")
    };
    let dir = std::env::var(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|_| repo(folder));
    let checkpoint = Checkpoint::from_dir(&dir, &ComputeDevice::cpu().device).unwrap();
    let tokenizer = checkpoint.tokenizer().unwrap();
    Shipped {
        course,
        checkpoint,
        tokenizer,
    }
}

fn every_word_is_one_token(model: &Shipped) {
    for text in model.course.texts() {
        let tokens = model.tokenizer.tokenize(text);
        let split: Vec<&String> = tokens
            .iter()
            .filter(|t| *t == "[UNK]" || t.strip_prefix("##").is_some_and(|p| !is_particle(p)))
            .collect();
        assert!(split.is_empty(), "{text:?} → {tokens:?}");
    }
}

/// The goal of issue 14, reported for every word.
const TARGET_GAP: f32 = 0.15;

/// Every word's gap must be above 0 and at least `floor_each_word`; their mean at least
/// `floor_mean_gap`.
fn senses_apart(model: &Shipped, floor_each_word: f32, floor_mean_gap: f32) {
    let corpora = std::env::var("BERTLAB_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|_| repo("static/corpora"));
    let text = std::fs::read_to_string(corpora.join(model.course.polysemy_corpus)).unwrap();
    let corpus = Corpus::parse(&text).unwrap();
    let last = model.checkpoint.config.num_hidden_layers;
    let mut failures = Vec::new();
    let mut gaps = Vec::new();
    for word in model.course.contextual_words {
        let sentences = sentences_with(&corpus, word);
        let senses: std::collections::BTreeSet<usize> = sentences.iter().map(|(_, d)| *d).collect();
        assert!(
            senses.len() >= 2,
            "{word}: {} must use it in two senses or more",
            model.course.polysemy_corpus
        );
        let vectors = pollster::block_on(contextual_vectors(
            &model.checkpoint.model,
            &model.tokenizer,
            word,
            &sentences,
            model.checkpoint.config.max_position_embeddings,
            &ComputeDevice::cpu().device,
        ))
        .unwrap();
        assert_eq!(
            vectors.occurrences.len(),
            sentences.len(),
            "{word}: found in every sentence"
        );
        let by_layer: Vec<String> = (0..=last)
            .map(|layer| {
                let (same, other) = vectors.separation(layer);
                format!("{layer}: {same:.2}/{other:.2}")
            })
            .collect();
        eprintln!("{word}: {}", by_layer.join(", "));
        let (same, other) = vectors.separation(last);
        let gap = same - other;
        let verdict = if gap < TARGET_GAP { "below" } else { "meets" };
        eprintln!("{word}: gap {gap:.3} {verdict} the goal of {TARGET_GAP}");
        if gap <= 0.0 || gap < floor_each_word {
            failures.push(format!(
                "{word}: same-sense cosine {same:.3} minus cross-sense {other:.3} is under {floor_each_word}"
            ));
        }
        gaps.push(gap);
    }
    let mean = gaps.iter().sum::<f32>() / gaps.len() as f32;
    eprintln!("mean gap at the last layer: {mean:.3}");
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(
        mean >= floor_mean_gap,
        "mean same-sense minus cross-sense cosine {mean:.3} fell below {floor_mean_gap}"
    );
}

#[test]
fn every_word_the_english_lessons_start_with_is_one_token() {
    every_word_is_one_token(&shipped(&ENGLISH));
}

#[test]
fn every_word_the_korean_lessons_start_with_is_one_token() {
    every_word_is_one_token(&shipped(&KOREAN));
}

#[test]
fn english_contextual_vectors_tell_every_words_senses_apart() {
    // Measured: every word 0.18 or more, mean 0.255 (mean 0.159 at 6,000 steps, 0.100 before the
    // toy world gave each sense rival words).
    senses_apart(&shipped(&ENGLISH), TARGET_GAP, 0.24);
}

#[test]
fn korean_contextual_vectors_tell_every_words_senses_apart() {
    // Measured: 배 0.186, 눈 0.178, 말 0.266, 밤 0.176, 다리 0.185, mean 0.198 (the model before,
    // with fewer 배 sentences and more of them about eating: 배 0.142, mean 0.222; 0.124 at 6,000
    // steps, 0.049 before the rival words).
    senses_apart(&shipped(&KOREAN), TARGET_GAP, 0.19);
}
