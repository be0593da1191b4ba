//! When do the probe sentences turn right? Runs the page's pre-training settings (tiny preset,
//! batch 16 × 64, the page's learning rate and warm-up) natively on a corpus and prints the
//! losses and the probes' top guesses every 100 steps. How the Korean toy world's planned steps
//! were chosen (app/src/training.rs):
//!
//!     cargo run --release -p bertlab-model --example probe_run -- \
//!         static/corpora/toy-world-ko.txt 1500 3000      # corpus, vocabulary size, planned steps [, lr]
use bertlab_model::ComputeDevice;
use bertlab_model::data::Corpus;
use bertlab_model::train::{Session, SessionSettings};

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let [_, corpus, vocab, steps, ..] = args.as_slice() else {
        return Err("usage: probe_run CORPUS VOCAB_SIZE PLANNED_STEPS [LEARNING_RATE]".into());
    };
    let number = |text: &str| text.parse::<usize>().map_err(|e| format!("{text}: {e}"));
    let text = std::fs::read_to_string(corpus).map_err(|e| format!("{corpus}: {e}"))?;
    let steps = number(steps)?;
    let defaults = SessionSettings::default();
    let settings = SessionSettings {
        vocab_size: Some(number(vocab)?),
        total_steps: steps,
        learning_rate: match args.get(4) {
            Some(rate) => rate.parse().map_err(|e| format!("{rate}: {e}"))?,
            None => defaults.learning_rate,
        },
        ..defaults
    };
    let corpus = Corpus::parse(&text).map_err(|e| e.to_string())?;
    let device = ComputeDevice::cpu().device;
    let mut session =
        Session::create(settings, corpus, None, |_| Ok(()), &device).map_err(|e| e.to_string())?;
    println!("vocabulary of {} tokens", session.tokenizer.vocab.len());
    let clock = || 0.0;
    let started = std::time::Instant::now();
    for step in 1..=steps {
        let report = pollster::block_on(session.step(&clock)).map_err(|e| e.to_string())?;
        if step % 100 == 0 {
            let m = report.point.metrics;
            println!(
                "step {step} ({:.0} s): MLM loss {:.3}, accuracy {:.2}; NSP loss {:.3}",
                started.elapsed().as_secs_f64(),
                m.mlm_loss,
                m.mlm_accuracy,
                m.nsp_loss
            );
            for result in pollster::block_on(session.probe()) {
                let guesses: Vec<String> = result
                    .guesses
                    .iter()
                    .take(3)
                    .map(|g| format!("{} {:.2}", g.token, g.probability))
                    .collect();
                let mark = if result.right { "right" } else { "     " };
                println!(
                    "  {mark} {} [{}] → {}",
                    result.probe.text,
                    result.probe.answer,
                    guesses.join(", ")
                );
            }
        }
    }
    Ok(())
}
