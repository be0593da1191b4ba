//! Hugging Face checkpoint names, mirrored structurally: every module says, through
//! `visit_weights`, which of its parameters sits at which name relative to its own prefix
//! (`attention.self.query.weight`…). Import and export are two visitors of the same walk, so a
//! name is written down exactly once.

use burn::module::Param;
use burn::nn::{Embedding, LayerNorm};
use burn::tensor::Tensor;

use super::dense::Dense;

/// Receives every parameter of a model with its full Hugging Face name.
pub trait WeightVisitor {
    /// A matrix. `transposed` when burn stores it as the transpose of PyTorch's layout
    /// (Linear weights: burn `[in, out]`, PyTorch `[out, in]`).
    fn matrix(&mut self, name: &str, param: &mut Param<Tensor<2>>, transposed: bool);
    /// A vector (bias, LayerNorm weight or bias).
    fn vector(&mut self, name: &str, param: &mut Param<Tensor<1>>);
    /// A dense layer at `name`: by default its weight and bias, in burn's layout (a weight packed
    /// for the CPU is unpacked first, so that every visitor sees one layout).
    fn dense(&mut self, name: &str, dense: &mut Dense) {
        dense.unpack();
        self.matrix(&format!("{name}.weight"), &mut dense.weight, true);
        if let Some(bias) = dense.bias.as_mut() {
            self.vector(&format!("{name}.bias"), bias);
        }
    }
}

/// A visitor positioned at a module's prefix, like candle's `VarBuilder::pp`.
pub struct Scope<'a, V: WeightVisitor> {
    visitor: &'a mut V,
    prefix: String,
}

impl<'a, V: WeightVisitor> Scope<'a, V> {
    /// The root scope (no prefix).
    pub fn root(visitor: &'a mut V) -> Self {
        Self {
            visitor,
            prefix: String::new(),
        }
    }

    /// A child scope: `prefix.name`.
    pub fn pp(&mut self, name: impl AsRef<str>) -> Scope<'_, V> {
        Scope {
            prefix: self.name(name.as_ref()),
            visitor: self.visitor,
        }
    }

    fn name(&self, name: &str) -> String {
        if self.prefix.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.prefix)
        }
    }

    /// `name.weight` (`[out, in]` in PyTorch) and `name.bias`.
    pub fn linear(&mut self, name: &str, dense: &mut Dense) {
        let name = self.name(name);
        self.visitor.dense(&name, dense);
    }

    /// `name.weight` and `name.bias` (legacy checkpoints: `gamma` and `beta`, resolved on import).
    pub fn layer_norm(&mut self, name: &str, norm: &mut LayerNorm) {
        let scope = self.pp(name);
        scope.visitor.vector(&scope.name("weight"), &mut norm.gamma);
        if let Some(beta) = norm.beta.as_mut() {
            scope.visitor.vector(&scope.name("bias"), beta);
        }
    }

    /// `name.weight`, `[num_embeddings, dim]` in both layouts.
    pub fn embedding(&mut self, name: &str, embedding: &mut Embedding) {
        let scope = self.pp(name);
        scope
            .visitor
            .matrix(&scope.name("weight"), &mut embedding.weight, false);
    }

    /// A bare vector parameter at `name`.
    pub fn vector(&mut self, name: &str, param: &mut Param<Tensor<1>>) {
        let name = self.name(name);
        self.visitor.vector(&name, param);
    }
}
