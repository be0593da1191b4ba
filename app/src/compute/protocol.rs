//! The messages between the page and the compute worker. Both sides are this same crate, so the
//! types are shared; on the wire each message is postcard bytes in a transferred `Uint8Array`.

use bertlab_model::CheckpointError;
use bertlab_model::bench::BenchWork;
use bertlab_model::data::CorpusError;
use bertlab_model::inspect::{
    AttentionComputation, ContextualError, ContextualVectors, FillError, InspectError, Inspection,
    MaskFill, NeighbourError, Neighbours,
};
use bertlab_model::limits::LimitError;
use bertlab_model::train::finetune::FineTuneSettings;
use bertlab_model::train::{ProbeResult, SessionSettings, StepPoint, StepReport};
use bertlab_model::train::{SessionError, TrainError};
use bertlab_model::{BertConfig, HfFiles};
use serde::{Deserialize, Serialize};

/// What went wrong, as the model crate said it (so the page can say it in the learner's
/// language, see `faults.rs`), or as bertlab says it in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Fault {
    Fill(FillError),
    Inspect(InspectError),
    Contextual(ContextualError),
    Neighbours(NeighbourError),
    Checkpoint(CheckpointError),
    Corpus(CorpusError),
    Session(SessionError),
    Train(TrainError),
    Limit(LimitError),
    /// In English and Korean.
    Said {
        en: String,
        ko: String,
    },
}

impl Fault {
    pub fn said(en: impl Into<String>, ko: impl Into<String>) -> Fault {
        Fault::Said {
            en: en.into(),
            ko: ko.into(),
        }
    }
}

macro_rules! fault_from {
    ($($error:ty => $variant:ident),* $(,)?) => {
        $(impl From<$error> for Fault {
            fn from(error: $error) -> Fault {
                Fault::$variant(error)
            }
        })*
    };
}

fault_from!(
    FillError => Fill,
    InspectError => Inspect,
    ContextualError => Contextual,
    NeighbourError => Neighbours,
    CheckpointError => Checkpoint,
    CorpusError => Corpus,
    SessionError => Session,
    TrainError => Train,
    LimitError => Limit,
);

/// The page's name for a model it asked the worker to load.
pub type ModelId = u64;

/// Where a kind of work runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Backend {
    WebGpu,
    Cpu,
}

impl Backend {
    /// Stable code, for `data-backend` and storage.
    pub fn code(self) -> &'static str {
        match self {
            Backend::WebGpu => "webgpu",
            Backend::Cpu => "cpu",
        }
    }

    pub fn from_code(code: &str) -> Option<Backend> {
        [Backend::WebGpu, Backend::Cpu]
            .into_iter()
            .find(|backend| backend.code() == code)
    }
}

/// Requests that a newer one of the same lane makes pointless: a queued request is dropped
/// (answered [`Reply::Dropped`]) when a newer one of its lane arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lane {
    Playground,
    Inspection,
    Computation,
    Contextual,
    Neighbours,
}

/// Why the worker does not use WebGPU.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum NoGpu {
    /// The GPU was lost earlier in this page (the driver's message); new workers use the CPU.
    Lost(String),
    /// The page has no `navigator.gpu`.
    NoNavigatorGpu,
    /// The page has `navigator.gpu`, but the worker does not.
    NotInWorkers,
    NoAdapter,
    Init(String),
    SelfCheck(String),
}

/// What the worker found when it started.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Devices {
    /// The GPU adapter as the browser describes it, or why there is none.
    pub gpu: Result<GpuInfo, NoGpu>,
    /// `Err` when even the CPU backend failed its self-check: nothing can run.
    pub cpu: Result<(), String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GpuInfo {
    /// "vendor architecture (description)", or wgpu's adapter name.
    pub adapter: String,
    /// The largest storage buffer the device granted (bytes).
    pub max_buffer_bytes: u64,
}

/// A loaded model, as the page needs to know it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    pub config: BertConfig,
    /// Heads the checkpoint lacks (see `Checkpoint::absent_heads`).
    pub absent_heads: Vec<String>,
}

/// How long the same work took on each backend, in milliseconds (`None`: not available).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    pub webgpu_ms: Option<f64>,
    pub cpu_ms: Option<f64>,
}

impl Timing {
    /// The faster backend; WebGPU when only it was measured.
    pub fn faster(&self) -> Backend {
        match (self.webgpu_ms, self.cpu_ms) {
            (Some(gpu), Some(cpu)) if cpu < gpu => Backend::Cpu,
            (Some(_), _) => Backend::WebGpu,
            _ => Backend::Cpu,
        }
    }
}

/// A pre-training command.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum TrainCommand {
    /// Look for the session saved in this browser and restore it onto `on`.
    Restore { on: Backend },
    /// A new session on `on`. `vocabulary`: borrow this loaded model's (when the settings
    /// learn none).
    Create {
        settings: SessionSettings,
        corpus: String,
        vocabulary: Option<ModelId>,
        on: Backend,
    },
    /// Train until paused or finished, or at most `steps` steps.
    Run { steps: Option<usize> },
    /// Stop after the step in progress, and save.
    Pause,
    /// Forget the session (and its save).
    Reset,
    /// The current weights as Hugging Face files.
    Export,
    /// The whole training state as one file.
    Download,
    /// Continue from a downloaded training file.
    Upload {
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
        on: Backend,
    },
}

/// A fine-tuning run: the classifier trained on the pre-trained encoder and on random weights.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FineTuneRequest {
    pub model: ModelId,
    pub train_tsv: String,
    pub test_tsv: String,
    pub settings: FineTuneSettings,
    pub on: Backend,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// Find the devices: WebGPU unless `try_gpu` says why not, and the CPU always.
    Start {
        try_gpu: Result<(), NoGpu>,
    },
    /// Loads a checkpoint onto `on` (it is built on the other backend too when asked there).
    Load {
        model: ModelId,
        files: HfFiles,
        on: Backend,
    },
    Unload {
        model: ModelId,
    },
    /// Times fill-mask with `model` on both backends.
    MeasureInference {
        model: ModelId,
    },
    /// Times a training step of this shape on both backends.
    MeasureTraining {
        config: BertConfig,
        batch: usize,
        max_len: usize,
    },
    Fill {
        model: ModelId,
        text: String,
        top_k: usize,
        on: Backend,
    },
    Inspect {
        model: ModelId,
        a: String,
        b: String,
        on: Backend,
    },
    /// How `head` of `layer` computed the attention of token `query` for the pair `a`, `b`.
    Computation {
        model: ModelId,
        a: String,
        b: String,
        layer: usize,
        head: usize,
        query: usize,
        on: Backend,
    },
    Contextual {
        model: ModelId,
        word: String,
        sentences: Vec<(String, usize)>,
        on: Backend,
    },
    /// The `count` tokens whose input embeddings are closest (cosine) to `word`'s.
    Neighbours {
        model: ModelId,
        word: String,
        count: usize,
        on: Backend,
    },
    Train(TrainCommand),
    FineTune(FineTuneRequest),
    /// Passes of a randomly initialised preset, timed (the GPU check's and BENCHMARKS.md's
    /// in-page figures).
    Bench {
        preset: String,
        batch: usize,
        seq: usize,
        iterations: usize,
        on: Backend,
        work: BenchWork,
    },
    /// Destroys the WebGPU device, as a driver reset would (for the fault tests).
    LoseGpu,
}

/// The answer to one request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Reply {
    Started(Devices),
    Loaded(Result<ModelInfo, Fault>),
    Measured(Timing),
    Filled(Result<Vec<MaskFill>, Fault>),
    Inspected(Result<Inspection, Fault>),
    Computation(Result<AttentionComputation, Fault>),
    Contextual(Result<ContextualVectors, Fault>),
    Neighbours(Result<Neighbours, Fault>),
    Files(Result<HfFiles, Fault>),
    Bytes(Result<serde_bytes::ByteBuf, Fault>),
    Benched(Result<Vec<f64>, Fault>),
    Done(Result<(), Fault>),
    /// A newer request of the same lane came first.
    Dropped,
}

/// Where a pre-training session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Looking for a saved session.
    Restoring,
    /// No session: settings can be changed.
    Empty,
    /// Building a new session (learning its vocabulary, measuring the devices).
    Creating,
    Paused,
    Running,
    /// Pause was asked for: finishing the step in progress and saving.
    Stopping,
    /// Reached its planned number of steps.
    Finished,
}

impl Phase {
    pub fn code(self) -> &'static str {
        match self {
            Phase::Restoring => "restoring",
            Phase::Empty => "empty",
            Phase::Creating => "creating",
            Phase::Paused => "paused",
            Phase::Running => "running",
            Phase::Stopping => "stopping",
            Phase::Finished => "finished",
        }
    }
}

/// What the pre-training session reports on its own.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum TrainingEvent {
    Phase(Phase),
    /// A session now exists (created, restored or uploaded): its settings and curves so far.
    Session {
        settings: SessionSettings,
        history: Vec<StepPoint>,
        restored_at: Option<usize>,
    },
    Step(StepReport),
    Probes(Vec<ProbeResult>),
    /// Saved in this browser at this step.
    Saved(usize),
    /// The save did not happen (the previous one is kept).
    SaveFailed(String),
    Error(Fault),
    /// A restored session could not be read: what it said.
    Notice(Fault),
}

/// Which of the two fine-tuning runs an epoch belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Run {
    Pretrained,
    Scratch,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum FineTuneEvent {
    Epoch {
        run: Run,
        epoch: usize,
        accuracy: f32,
    },
    Finished(Result<(), Fault>),
}

/// Everything the worker sends.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Event {
    Reply {
        id: u64,
        reply: Reply,
    },
    Training(TrainingEvent),
    FineTune(FineTuneEvent),
    /// The GPU device was lost; the page restarts the worker on the CPU.
    GpuLost(String),
}

/// A request as sent.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope {
    pub id: u64,
    pub lane: Option<Lane>,
    pub request: Request,
}

/// postcard bytes in a fresh `Uint8Array`, ready to be transferred.
pub fn encode<T: Serialize>(message: &T) -> js_sys::Uint8Array {
    // Our own plain types always serialise.
    let bytes = postcard::to_allocvec(message).expect("protocol types serialise");
    js_sys::Uint8Array::from(bytes.as_slice())
}

/// The message in a received `Uint8Array`.
pub fn decode<T: for<'de> Deserialize<'de>>(data: &wasm_bindgen::JsValue) -> Result<T, String> {
    let array = wasm_bindgen::JsCast::dyn_ref::<js_sys::Uint8Array>(data)
        .ok_or("a compute message is not bytes")?;
    postcard::from_bytes(&array.to_vec())
        .map_err(|error| format!("a compute message is garbled: {error}"))
}
