//! bertlab-model: a real BERT in burn, with everything the bertlab lessons need around it.
//!
//! The flow (see `DESIGN.md` in the shared notes):
//!
//! ```text
//! text ─► tokenizer ─► Encoding ─► BERT (on a burn Device: CPU or WebGPU) ─► outputs + trace
//! corpus ─► data (masking, NSP pairs) ─► Trainer::step ─► metrics
//! ```
//!
//! This crate never touches the browser: the app picks a [`runtime::ComputeDevice`] (WebGPU or
//! CPU) and hands it in. The only native/wasm difference, reading tensors back, lives in
//! [`runtime::read_floats`], which is always asynchronous so one code path serves both.
//!
//! What is here so far:
//! - [`bench`]: the timed passes `bertlab bench` and the page's benchmark hook share.
//! - [`course`]: the lessons' starting sentences and words (the shipped model knows them all).
//! - [`config`]: `BertConfig`, compatible with Hugging Face `config.json`, the presets from tiny
//!   to large, and exact parameter counts computed from a config.
//! - [`nn`]: the BERT modules, mirroring `transformers`' `modeling_bert.py` module by module,
//!   with an optional inspection [`Trace`] (embedding parts, hidden states, attention maps).
//! - [`io`]: Hugging Face checkpoints (`config.json`, `model.safetensors`, `vocab.txt`) in and out.
//! - [`data`]: corpora, next-sentence pairs and masked-LM masking (with every decision recorded).
//! - [`inspect`]: what the model predicts behind each [MASK] (top-k with probabilities), one
//!   forward pass's insides read back for drawing, attention-head summaries.
//! - [`limits`]: whether a model fits the device, checked from its config before loading.
//! - [`link_values`]: what a shareable link's keys may say, parsed without trusting them.
//! - [`tokenizer`]: WordPiece exactly as BERT's, vocabulary loading and learning.
//! - [`train`]: the step-by-step [`train::Trainer`] (MLM + NSP, AdamW, warm-up and decay).
//! - [`runtime`]: device selection (WebGPU through burn's async wgpu initialisation, or the
//!   pure-Rust CPU backend) and a self-check that proves the device computes correctly.
//!
//! Features: `gpu` (default) is burn's wgpu backend; only the fuzz targets go without it.
//! `cli` adds the native command-line tool.

pub mod bench;
pub mod config;
pub mod course;
pub mod data;
pub mod inspect;
pub mod io;
pub mod limits;
pub mod link_values;
pub mod nn;
pub mod runtime;
pub mod tokenizer;
pub mod train;

pub use config::{BertConfig, Preset};
pub use io::{Checkpoint, CheckpointError, HfFiles};
pub use nn::{Bert, BertInput, BertOutput, Heads, Trace};
pub use runtime::{ComputeDevice, DeviceKind, RuntimeError};
pub use tokenizer::{Encoding, Tokenizer, Vocab};
