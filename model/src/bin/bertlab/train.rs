//! `bertlab train`: pre-trains a BERT with MLM + NSP on a corpus, with a progress bar showing
//! the live losses, and writes a Hugging Face checkpoint plus `metrics.jsonl`. Ctrl-C stops
//! after the current step and still saves.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use bertlab_model::train::adamw::AdamW;
use bertlab_model::train::{Schedule, TrainConfig, Trainer};
use bertlab_model::{Checkpoint, Preset};
use indicatif::{ProgressBar, ProgressStyle};

use crate::backend::Backend;
use crate::inputs::{VocabSource, read_corpus};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    corpus: PathBuf,
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
}

pub fn run(args: Args) -> Result<(), String> {
    let corpus = read_corpus(&args.corpus)?;
    let tokenizer = args.vocab.tokenizer(&corpus)?;
    let preset =
        Preset::from_name(&args.preset).ok_or_else(|| format!("unknown preset {}", args.preset))?;
    let mut config = preset.config();
    config.vocab_size = tokenizer.vocab.len();
    config.max_position_embeddings = config.max_position_embeddings.max(args.max_len);
    config.num_hidden_layers = args.layers.unwrap_or(config.num_hidden_layers);
    config.hidden_size = args.hidden.unwrap_or(config.hidden_size);
    config.num_attention_heads = args.heads.unwrap_or(config.num_attention_heads);
    config.intermediate_size = args.intermediate.unwrap_or(config.intermediate_size);
    config.validate()?;
    if args.max_len < 5 || args.batch == 0 || args.steps == 0 {
        return Err("--max-len must be at least 5, --batch and --steps at least 1".into());
    }
    let device = args.backend.device()?;
    let train = TrainConfig {
        batch_size: args.batch,
        max_len: args.max_len,
        schedule: Schedule {
            peak: args.lr,
            warmup_steps: args.warmup,
            total_steps: args.steps,
        },
        optimizer: AdamW::default(),
        seed: args.seed,
    };
    let mut trainer = Trainer::new(config.clone(), train, &device.device);

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
    let mut tokens = 0usize;
    while trainer.steps_done() < args.steps && !stop.load(Ordering::SeqCst) {
        let examples = trainer.sample(&corpus, &tokenizer);
        let metrics = pollster::block_on(trainer.step(&examples, tokenizer.vocab.pad))
            .map_err(|error| error.to_string())?;
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
        eprintln!("interrupted after step {}: saving", trainer.steps_done());
    }
    let checkpoint = Checkpoint {
        config,
        model: trainer.model.clone(),
        vocab: Some(tokenizer.vocab.tokens().to_vec()),
    };
    pollster::block_on(checkpoint.save_dir(&args.out)).map_err(|error| error.to_string())?;
    eprintln!(
        "saved {} after {} steps ({:.1} s, {:.0} tokens/s)",
        args.out.display(),
        trainer.steps_done(),
        started.elapsed().as_secs_f64(),
        tokens as f64 / started.elapsed().as_secs_f64()
    );
    Ok(())
}
