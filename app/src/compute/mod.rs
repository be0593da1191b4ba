//! Compute off the page's thread. One dedicated worker — this same wasm, started by
//! `static/compute-worker.js` — owns the devices, the loaded models, the pre-training session
//! and fine-tuning; the page draws, sends typed requests ([`protocol`]) and renders the answers
//! when they come. The page never waits on a tensor, and a newer request of the same kind
//! (the next keystroke) replaces a queued older one.
//!
//! - [`client`]: the page's side (requests, events, restarting a dead worker); [`latest`]: the
//!   newest answer to a changing question.
//! - `worker`: the worker's entry point and its queue; `devices`, `models`, `measure`,
//!   `pretraining` and `finetuning` are what it serves.

mod client;
mod devices;
mod finetuning;
mod hooks;
mod latest;
mod measure;
mod models;
mod pretraining;
pub mod protocol;
mod tab_lock;
mod worker;

pub use client::{Compute, StartReason};
pub use latest::latest;
pub use pretraining::PROBE_EVERY;
pub use protocol::ModelId;
