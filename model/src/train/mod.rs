//! Training, one step at a time: the UI awaits each step and repaints, the CLI drives the same
//! steps with a progress bar. MLM + NSP pre-training with AdamW, BERT's warm-up-then-decay
//! schedule and gradient clipping; checkpoints that resume exactly.

pub mod adamw;
pub mod batch;
pub mod evaluate;
pub mod finetune;
pub mod schedule;
pub mod state;
pub mod trainer;

pub use batch::PretrainingBatch;
pub use schedule::Schedule;
pub use trainer::{StepMetrics, TrainConfig, TrainError, Trainer};
