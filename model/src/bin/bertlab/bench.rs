//! `bertlab bench`: forward-pass latency of a preset at a batch × sequence shape, on a chosen
//! backend. Weights are BERT-initialised at random: speed does not depend on their values.

use std::time::Instant;

use bertlab_model::Preset;
use bertlab_model::bench::{Bench, BenchWork};

use crate::backend::Backend;

#[derive(clap::Args)]
pub struct Args {
    /// tiny, mini, small, medium, base or large.
    #[arg(long, default_value = "tiny")]
    preset: String,
    #[arg(long, default_value_t = 1)]
    batch: usize,
    #[arg(long, default_value_t = 128)]
    seq: usize,
    /// Timed repetitions (after 2 warm-up runs).
    #[arg(long, default_value_t = 10)]
    iters: usize,
    #[arg(long, value_enum, default_value = "cpu")]
    backend: Backend,
    /// Time training steps (MLM on 15% of positions + NSP, backward, AdamW) instead of forwards.
    #[arg(long)]
    train: bool,
    /// Time fill-mask as the playground runs it: one sequence of `seq` tokens with two masks,
    /// MLM logits only at the masks (`Bert::mlm_logits_at`) and their softmax read back.
    #[arg(long, conflicts_with = "train")]
    fill: bool,
}

pub fn run(args: Args) -> Result<(), String> {
    let preset =
        Preset::from_name(&args.preset).ok_or_else(|| format!("unknown preset {}", args.preset))?;
    let config = preset.config();
    if args.seq > config.max_position_embeddings
        || args.batch == 0
        || args.seq == 0
        || args.iters == 0
    {
        return Err("batch, seq and iters must be at least 1, and seq at most 512".into());
    }
    let device = args.backend.device()?;
    if args.train {
        return bench_training(&args, preset, config, &device);
    }
    let work = if args.fill {
        BenchWork::Fill
    } else {
        BenchWork::Forward
    };
    let bench = Bench::new(&config, args.batch, args.seq, work, &device.device)?;
    let run_once = || pollster::block_on(bench.run_once());
    for _ in 0..2 {
        run_once()?;
    }
    let mut times = Vec::with_capacity(args.iters);
    for _ in 0..args.iters {
        let start = Instant::now();
        run_once()?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    println!(
        "{{\"preset\":\"{}\",\"work\":\"{}\",\"backend\":\"{}\",\"batch\":{},\"seq\":{},\"iters\":{},\"mean_ms\":{mean:.2},\"median_ms\":{:.2},\"min_ms\":{:.2}}}",
        preset.name(),
        if args.fill {
            "fill-mask, 2 masks"
        } else {
            "forward, full output"
        },
        device.description,
        args.batch,
        args.seq,
        args.iters,
        times[times.len() / 2],
        times[0]
    );
    Ok(())
}

/// Training steps on synthetic examples of exactly `batch × seq` tokens, 15% of them predicted.
fn bench_training(
    args: &Args,
    preset: Preset,
    config: bertlab_model::BertConfig,
    device: &bertlab_model::ComputeDevice,
) -> Result<(), String> {
    use bertlab_model::train::adamw::AdamW;
    use bertlab_model::train::synthetic::synthetic_examples;
    use bertlab_model::train::{Schedule, TrainConfig, Trainer};

    let train = TrainConfig {
        batch_size: args.batch,
        max_len: args.seq,
        schedule: Schedule {
            peak: 1e-4,
            warmup_steps: 10,
            total_steps: 1_000_000,
        },
        optimizer: AdamW::default(),
        seed: 0,
    };
    let vocab = config.vocab_size;
    let mut trainer = Trainer::new(config, train, &device.device);
    // 103 is [MASK] in BERT's own vocabulary.
    let examples = synthetic_examples(args.batch, args.seq, vocab, 103);
    let mut step =
        || pollster::block_on(trainer.step(&examples, 0)).map_err(|error| error.to_string());
    for _ in 0..2 {
        step()?;
    }
    let start = Instant::now();
    for _ in 0..args.iters {
        step()?;
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{{\"mode\":\"train\",\"preset\":\"{}\",\"backend\":\"{}\",\"batch\":{},\"seq\":{},\"iters\":{},\"ms_per_step\":{:.1},\"steps_per_s\":{:.3},\"tokens_per_s\":{:.0}}}",
        preset.name(),
        device.description,
        args.batch,
        args.seq,
        args.iters,
        seconds * 1000.0 / args.iters as f64,
        args.iters as f64 / seconds,
        (args.iters * args.batch * args.seq) as f64 / seconds
    );
    Ok(())
}
