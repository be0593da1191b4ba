//! `bertlab bench`: forward-pass latency of a preset at a batch × sequence shape, on a chosen
//! backend. Weights are BERT-initialised at random: speed does not depend on their values.

use std::time::Instant;

use bertlab_model::runtime::read_floats;
use bertlab_model::{Bert, BertInput, Heads, Preset};

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
    let model = Bert::init(&config, Heads::PRETRAINING, &device.device);
    let ids: Vec<Vec<u32>> = (0..args.batch)
        .map(|row| {
            (0..args.seq)
                .map(|col| ((row * 7919 + col * 104_729) % config.vocab_size) as u32)
                .collect()
        })
        .collect();
    let input = BertInput::from_rows(&ids, None, None, &device.device)?;
    let run_once = || -> Result<(), String> {
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
        "{{\"preset\":\"{}\",\"backend\":\"{}\",\"batch\":{},\"seq\":{},\"iters\":{},\"mean_ms\":{mean:.2},\"median_ms\":{:.2},\"min_ms\":{:.2}}}",
        preset.name(),
        device.description,
        args.batch,
        args.seq,
        args.iters,
        times[times.len() / 2],
        times[0]
    );
    Ok(())
}
