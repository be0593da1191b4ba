//! Training, one step at a time: the browser's compute worker and the CLI drive the same
//! [`Session`] (one step per call), each with its own display. MLM + NSP pre-training with AdamW, BERT's warm-up-then-decay
//! schedule and gradient clipping; checkpoints that resume exactly.

pub mod adamw;
pub mod batch;
pub mod evaluate;
pub mod finetune;
pub mod schedule;
pub mod session;
pub mod state;
pub mod synthetic;
pub mod trainer;

pub use batch::PretrainingBatch;
pub use schedule::Schedule;
pub use session::{ProbeResult, Session, SessionError, SessionSettings, StepPoint, StepReport};
pub use trainer::{StepMetrics, TrainConfig, TrainError, Trainer};
