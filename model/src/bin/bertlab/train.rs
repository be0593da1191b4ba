//! `bertlab train`: pre-trains a BERT with MLM + NSP on a corpus through the same
//! [`Session`] the browser uses, with a progress bar showing the live losses, and writes a
//! Hugging Face checkpoint plus `metrics.jsonl`. Ctrl-C stops after the current step and saves.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use bertlab_model::Preset;
use bertlab_model::io::export::Precision;
use bertlab_model::limits::check_fits;
use bertlab_model::train::{Session, SessionSettings};
use indicatif::{ProgressBar, ProgressStyle};

use crate::backend::Backend;
use crate::inputs::{VocabSource, read_corpora};

#[derive(clap::Args)]
pub struct Args {
    /// One sentence per line, a blank line between documents; several `--corpus` are read as one.
    #[arg(long, required = true)]
    corpus: Vec<PathBuf>,
    #[command(flatten)]
    vocab: VocabSource,
    #[arg(long, default_value = "tiny")]
    preset: String,
    #[arg(long)]
    layers: Option<usize>,
    #[arg(long)]
    hidden: Option<usize>,
    #[arg(long)]
    heads: Option<usize>,
    #[arg(long)]
    intermediate: Option<usize>,
    #[arg(long, default_value_t = 1000)]
    steps: usize,
    #[arg(long, default_value_t = 32)]
    batch: usize,
    #[arg(long, default_value_t = 64)]
    max_len: usize,
    #[arg(long, default_value_t = 1e-3)]
    lr: f64,
    #[arg(long, default_value_t = 100)]
    warmup: usize,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    #[arg(long)]
    out: PathBuf,
    #[arg(long, value_enum, default_value = "cpu")]
    backend: Backend,
    /// Store the weights as 16-bit floats (half the file; read back as 32-bit).
    #[arg(long)]
    half: bool,
}

/// The command line's choices as session settings (a preset, or `custom` when any part of the
/// shape is given).
fn settings(args: &Args) -> Result<SessionSettings, String> {
    let preset =
        Preset::from_name(&args.preset).ok_or_else(|| format!("unknown preset {}", args.preset))?;
    let shape = preset.config();
    let custom = args.layers.is_some()
        || args.hidden.is_some()
        || args.heads.is_some()
        || args.intermediate.is_some();
    Ok(SessionSettings {
        corpus_name: args
            .corpus
            .iter()
            .map(|path| path.display().to_string())
            .collect::<Vec<_>>()
            .join(" + "),
        preset: if custom {
            "custom".into()
        } else {
            preset.name().into()
        },
        layers: args.layers.unwrap_or(shape.num_hidden_layers),
        hidden: args.hidden.unwrap_or(shape.hidden_size),
        heads: args.heads.unwrap_or(shape.num_attention_heads),
        intermediate: Some(args.intermediate.unwrap_or(shape.intermediate_size)),
        vocab_size: None,
        cased: args.vocab.cased(),
        batch_size: args.batch,
        max_len: args.max_len,
        learning_rate: args.lr,
        warmup_steps: Some(args.warmup),
        total_steps: args.steps,
        seed: args.seed,
    })
}

pub fn run(args: Args) -> Result<(), String> {
    if args.max_len < 5 || args.batch == 0 || args.steps == 0 {
        return Err("--max-len must be at least 5, --batch and --steps at least 1".into());
    }
    let corpus = read_corpora(&args.corpus)?;
    let tokenizer = args.vocab.tokenizer(&corpus)?;
    let device = args.backend.device()?;
    let mut session = Session::create(
        settings(&args)?,
        corpus,
        Some(tokenizer),
        |config| check_fits(config, device.kind),
        &device.device,
    )
    .map_err(|error| error.to_string())?;

    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|error| error.to_string())?;

    std::fs::create_dir_all(&args.out)
        .map_err(|error| format!("cannot create {}: {error}", args.out.display()))?;
    let mut metrics_file =
        std::fs::File::create(args.out.join("metrics.jsonl")).map_err(|error| error.to_string())?;
    let bar = ProgressBar::new(args.steps as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:30} {pos}/{len} steps {elapsed_precise} eta {eta} {msg}",
        )
        .map_err(|error| error.to_string())?,
    );
    let started = Instant::now();
    let clock = move || started.elapsed().as_secs_f64() * 1000.0;
    let mut tokens = 0usize;
    while !session.finished() && !stop.load(Ordering::SeqCst) {
        let metrics = pollster::block_on(session.step(&clock))
            .map_err(|error| error.to_string())?
            .point
            .metrics;
        tokens += metrics.tokens;
        writeln!(
            metrics_file,
            "{}",
            serde_json::to_string(&metrics).map_err(|e| e.to_string())?
        )
        .map_err(|e| e.to_string())?;
        bar.set_message(format!(
            "mlm {:.3} ({:.0}%) nsp {:.3} ({:.0}%) {:.0} tok/s",
            metrics.mlm_loss,
            metrics.mlm_accuracy * 100.0,
            metrics.nsp_loss,
            metrics.nsp_accuracy * 100.0,
            tokens as f64 / started.elapsed().as_secs_f64()
        ));
        bar.inc(1);
    }
    bar.finish();
    if stop.load(Ordering::SeqCst) {
        eprintln!("interrupted after step {}: saving", session.steps_done());
    }
    let precision = if args.half {
        Precision::F16
    } else {
        Precision::F32
    };
    pollster::block_on(session.checkpoint().save_dir(&args.out, precision))
        .map_err(|error| error.to_string())?;
    eprintln!(
        "saved {} after {} steps ({:.1} s, {:.0} tokens/s)",
        args.out.display(),
        session.steps_done(),
        started.elapsed().as_secs_f64(),
        tokens as f64 / started.elapsed().as_secs_f64()
    );
    Ok(())
}
