//! Pre-training data: corpora in BERT's format (one sentence per line, a blank line between
//! documents), next-sentence pairs, and masked-LM masking that records what it did to each
//! token so the UI can show it.

pub mod corpus;
pub mod example;
pub mod masking;
pub mod nsp;
pub mod polysemy;
pub mod probes;
pub mod rng;

pub use corpus::{Corpus, CorpusError};
pub use example::{ExampleView, IS_NEXT, NOT_NEXT, PretrainingExample, TokenView, build_example};
pub use masking::{MaskDecision, MaskedSequence, mask_tokens};
pub use nsp::{SentencePair, sample_pair};
pub use probes::{Probe, probes};
pub use rng::Rng;
