//! `bertlab`: the model crate on the command line — run a checkpoint on JSON input, tokenize,
//! make pre-training examples, time forward passes.
//! Errors go to stderr as one sentence, with a non-zero exit status.

mod allocator;
mod backend;
mod bench;
mod eval;
mod examples;
mod fill;
mod finetune;
mod forward;
mod inputs;
mod tokenize;
mod train;
mod vocab;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "bertlab",
    version,
    about = "BERT in burn: run, inspect and time checkpoints"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a Hugging Face checkpoint on input ids and print every output as JSON.
    Forward(forward::Args),
    /// Tokenize a text (or a pair) with BERT's WordPiece and print the encoding as JSON.
    Tokenize(tokenize::Args),
    /// Print pre-training examples (NSP pair, masking decisions) from a corpus, one JSON per line.
    Examples(examples::Args),
    /// Learn a WordPiece vocabulary from a corpus (vocab.txt and tokenizer_config.json).
    Vocab(vocab::Args),
    /// Pre-train a BERT (MLM + NSP) on a corpus and save a Hugging Face checkpoint.
    Train(train::Args),
    /// Evaluate a checkpoint's MLM and NSP on fresh examples from a corpus.
    Eval(eval::Args),
    /// Fine-tune a classifier on [CLS] from labelled sentences and report test accuracy.
    Finetune(finetune::Args),
    /// Show the model's top-k guesses for each [MASK] in a text.
    Fill(fill::Args),
    /// Time forward passes of a preset (randomly initialised) at a batch × sequence shape.
    Bench(bench::Args),
}

fn main() {
    let cli = Cli::parse();
    allocator::keep_freed_memory();
    // The command runs on a worker of rayon's pool, so that the CPU backend's parallel kernels
    // split their work from inside the pool; called from outside it, every parallel operation
    // wakes a worker and parks this thread, which cost a tiny training step a third of its time.
    let result = match rayon::ThreadPoolBuilder::new().build() {
        Ok(pool) => pool.install(|| run(cli.command)),
        Err(error) => Err(format!("cannot start the worker threads: {error}")),
    };
    if let Err(message) = result {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Forward(args) => forward::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Tokenize(args) => tokenize::run(args),
        Command::Examples(args) => examples::run(args),
        Command::Train(args) => train::run(args),
        Command::Vocab(args) => vocab::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Fill(args) => fill::run(args),
        Command::Finetune(args) => finetune::run(args),
    }
}
