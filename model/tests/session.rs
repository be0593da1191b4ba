//! The pre-training session the browser's worker and the CLI share: a saved session restores
//! into exactly the run it was (settings, curves, corpus, the next steps), an older bertlab's
//! save (state bytes plus a separate description) is still read, and what is not a training
//! file is refused. Each test holds `one_at_a_time`: the CPU backend's random generator is
//! process-wide, and a session created beside a step reseeds it mid-step.

mod common;

use bertlab_model::ComputeDevice;
use bertlab_model::train::{Session, SessionError, SessionSettings};
use common::{one_at_a_time, toy_world};

fn settings() -> SessionSettings {
    SessionSettings {
        preset: "custom".into(),
        layers: 1,
        hidden: 32,
        heads: 2,
        vocab_size: Some(120),
        batch_size: 4,
        max_len: 32,
        total_steps: 20,
        ..SessionSettings::default()
    }
}

#[test]
fn a_saved_session_continues_exactly_and_older_saves_still_load() {
    let _serial = one_at_a_time();
    let device = ComputeDevice::cpu().device;
    let clock = || 0.0;
    let fits = |_: &bertlab_model::BertConfig| Ok(());
    let mut session = Session::create(settings(), toy_world(), None, fits, &device).unwrap();
    assert_eq!(session.tokenizer.vocab.len(), 120);
    // Up to three probe sentences, only those whose answer is one token of this small vocabulary.
    assert!(
        (1..=3).contains(&session.probes.len()),
        "{:?}",
        session.probes
    );
    for _ in 0..4 {
        pollster::block_on(session.step(&clock)).unwrap();
    }
    let bytes = pollster::block_on(session.save()).unwrap();
    let mut restored = Session::restore(&bytes, None, &device).unwrap();
    assert_eq!(restored.steps_done(), 4);
    assert_eq!(restored.settings, session.settings);
    // The curves come back (f64s through JSON may differ in the last bit).
    assert_eq!(restored.history.len(), session.history.len());
    for (a, b) in restored.history.iter().zip(&session.history) {
        assert_eq!(a.metrics.step, b.metrics.step);
        assert_eq!(a.metrics.mlm_loss, b.metrics.mlm_loss);
        assert!((a.metrics.learning_rate - b.metrics.learning_rate).abs() < 1e-15);
    }
    assert_eq!(restored.corpus, session.corpus);
    assert_eq!(restored.probes, session.probes);
    assert_eq!(restored.tokenizer, session.tokenizer);

    let next = pollster::block_on(session.step(&clock)).unwrap();
    let next_restored = pollster::block_on(restored.step(&clock)).unwrap();
    assert_eq!(next_restored.point.metrics, next.point.metrics);
    assert_eq!(next_restored.example, next.example);
    let example = next.example.expect("an example of the batch");
    assert!(example.tokens.iter().any(|t| t.decision.is_chosen()));

    // bertlab before the shared session kept the description beside the state bytes.
    let legacy = serde_json::json!({
        "settings": { "corpus_name": "toy-world.txt", "preset": "custom", "layers": 1, "hidden": 32,
                      "heads": 2, "vocab_size": 120, "batch_size": 4, "max_len": 32,
                      "learning_rate": 0.001, "total_steps": 20, "seed": 1 },
        "corpus_text": toy_world().to_text(),
        "history": [],
    });
    let trainer_only = pollster::block_on(bertlab_model::train::state::save(
        &session.trainer,
        &session.tokenizer.vocab,
        Default::default(),
    ))
    .unwrap();
    let old = Session::restore(&trainer_only, Some(&legacy.to_string()), &device).unwrap();
    assert_eq!(old.steps_done(), 5);
    assert_eq!(old.corpus, session.corpus);

    assert!(matches!(
        Session::restore(&trainer_only, None, &device),
        Err(SessionError::NotATrainingFile(_))
    ));
    assert!(matches!(
        Session::restore(b"nonsense", None, &device),
        Err(SessionError::NotATrainingFile(_))
    ));
    let checkpoint = restored.checkpoint();
    assert_eq!(checkpoint.config.num_hidden_layers, 1);
}

#[test]
fn a_session_refuses_what_does_not_fit_or_has_no_vocabulary() {
    let _serial = one_at_a_time();
    let device = ComputeDevice::cpu().device;
    let borrowed = SessionSettings {
        vocab_size: None,
        ..settings()
    };
    let refused = Session::create(borrowed, toy_world(), None, |_| Ok(()), &device);
    assert!(matches!(refused, Err(SessionError::NoVocabulary)));
    let no_room = bertlab_model::limits::LimitError::TooManyWeights {
        needed_mib: 2,
        limit_mib: 1,
    };
    let too_large = Session::create(
        settings(),
        toy_world(),
        None,
        |_| Err(no_room.clone()),
        &device,
    );
    assert!(matches!(too_large, Err(SessionError::TooLarge(error)) if error == no_room));
}

#[test]
fn the_toy_worlds_get_three_well_predicted_probes_with_the_pages_settings() {
    let _serial = one_at_a_time();
    let device = ComputeDevice::cpu().device;
    let fits = |_: &bertlab_model::BertConfig| Ok(());
    // The vocabulary sizes the page learns for each (app/src/training.rs, SHIPPED_CORPORA).
    for (name, vocab_size) in [("toy-world.txt", 400), ("toy-world-ko.txt", 1500)] {
        let text =
            std::fs::read_to_string(common::repo(&format!("static/corpora/{name}"))).unwrap();
        let corpus = bertlab_model::data::Corpus::parse(&text).unwrap();
        let settings = SessionSettings {
            corpus_name: name.into(),
            vocab_size: Some(vocab_size),
            ..SessionSettings::default()
        };
        let session = Session::create(settings, corpus, None, fits, &device).unwrap();
        eprintln!("{name}: {:?}", session.probes);
        assert_eq!(session.probes.len(), 3, "{name}");
    }
}
