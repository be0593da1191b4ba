//! BERT's modules, one Hugging Face module per struct, named as in `transformers`'
//! `modeling_bert.py` so that checkpoint names map structurally (see [`crate::nn::weights`]).
//!
//! embeddings → encoder (layers: attention → add & norm → FFN → add & norm) → pooler / heads.
//! Every fully connected layer is a [`dense::Dense`], whose weight the CPU packs for inference.
//! In the page the CPU multiplies packed weights, and scores the vocabulary at one or two masks,
//! with bertlab's own wasm SIMD kernels ([`panel_kernel`], [`score_kernel`]), faster there than
//! gemm's; natively gemm does both.

pub mod attention;
pub mod bert;
pub mod cpu_storage;
pub mod dense;
pub mod embeddings;
pub mod encoder;
pub mod heads;
pub mod input;
pub mod lanes;
pub mod layer;
pub mod panel_kernel;
pub mod score_kernel;
pub mod trace;
pub mod weights;

pub use bert::{Bert, BertOutput, Heads};
pub use input::BertInput;
pub use trace::Trace;

use burn::module::Module;
use burn::nn::{Gelu, Relu};
use burn::tensor::Tensor;

/// The activation named by `hidden_act`: exact erf GELU (`gelu`, BERT's own), the tanh
/// approximation (`gelu_new`), or ReLU.
#[derive(Module, Debug)]
pub enum HiddenActivation {
    Gelu(Gelu),
    Relu(Relu),
}

impl HiddenActivation {
    /// Activation for a config's `hidden_act` (validated by `BertConfig::validate`).
    pub fn from_name(name: &str) -> Self {
        match name {
            "relu" => HiddenActivation::Relu(Relu::new()),
            "gelu_new" | "gelu_pytorch_tanh" => HiddenActivation::Gelu(Gelu::new_approximate()),
            _ => HiddenActivation::Gelu(Gelu::new()),
        }
    }

    pub fn forward<const D: usize>(&self, input: Tensor<D>) -> Tensor<D> {
        match self {
            HiddenActivation::Gelu(gelu) => gelu.forward(input),
            HiddenActivation::Relu(relu) => relu.forward(input),
        }
    }
}
