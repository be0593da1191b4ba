//! `bertlab bench`: forward-pass latency of a preset at a batch × sequence shape, on a chosen
//! backend. Weights are BERT-initialised at random: speed does not depend on their values.

use std::time::Instant;

use bertlab_model::runtime::read_floats;
use bertlab_model::{Bert, BertInput, Heads, Preset};
use burn::tensor::{Int, Tensor, TensorData};

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
    let model = Bert::init(&config, Heads::PRETRAINING, &device.device);
    let ids: Vec<Vec<u32>> = (0..args.batch)
        .map(|row| {
            (0..args.seq)
                .map(|col| ((row * 7919 + col * 104_729) % config.vocab_size) as u32)
                .collect()
        })
        .collect();
    let input = BertInput::from_rows(&ids, None, None, &device.device)?;
    let masks = [args.seq / 4, args.seq / 2].map(|p| p.max(1) as i64);
    let run_once = || -> Result<(), String> {
        if args.fill {
            let positions =
                Tensor::<1, Int>::from_data(TensorData::new(masks.to_vec(), [2]), &device.device);
            let logits = model
                .mlm_logits_at(&input, positions)
                .expect("pre-training heads");
            let probabilities = burn::tensor::activation::softmax(logits, 1);
            pollster::block_on(read_floats(probabilities)).map_err(|error| error.to_string())?;
            return Ok(());
        }
        let output = model.forward(&input, false);
        // Reading a value back waits for the device to finish the whole pass.
        let logits = output
            .prediction_logits
            .expect("pre-training heads")
            .narrow(2, 0, 1);
        pollster::block_on(read_floats(logits)).map_err(|error| error.to_string())?;
        Ok(())
    };
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
