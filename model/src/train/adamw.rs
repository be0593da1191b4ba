//! AdamW as BERT trains with it: β1 0.9, β2 0.999, decoupled weight decay 0.01 except on biases
//! and LayerNorm parameters, after clipping the gradients to a global norm of 1.0. Written on the
//! weight walk, so its state is keyed by Hugging Face names and saves with the checkpoint.

use std::collections::BTreeMap;

use burn::module::Param;
use burn::tensor::{Gradients, Tensor};

use crate::nn::Bert;
use crate::nn::weights::WeightVisitor;

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AdamW {
    pub beta1: f64,
    pub beta2: f64,
    pub epsilon: f64,
    pub weight_decay: f64,
    /// Gradients are scaled down together when their global L2 norm exceeds this.
    pub max_grad_norm: f64,
}

impl Default for AdamW {
    fn default() -> Self {
        Self {
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-6,
            weight_decay: 0.01,
            max_grad_norm: 1.0,
        }
    }
}

/// First and second moments per parameter (flattened, without autodiff), and the step count.
#[derive(Debug, Clone, Default)]
pub struct Moments {
    pub step: usize,
    pub by_name: BTreeMap<String, (Tensor<1>, Tensor<1>)>,
}

/// Biases and LayerNorm parameters are not decayed (as in BERT's original optimizer).
fn decays(name: &str) -> bool {
    !(name.ends_with(".bias") || name.contains("LayerNorm"))
}

impl AdamW {
    /// One update of every parameter that received a gradient (a frozen one, which does not
    /// require one, receives none).
    pub fn step(&self, model: &mut Bert, grads: &mut Gradients, moments: &mut Moments, rate: f64) {
        let mut collector = Collect {
            grads,
            found: BTreeMap::new(),
        };
        model.visit_weights(&mut collector);
        let found = collector.found;
        let Some(first) = found.values().next() else {
            return;
        };
        // Global-norm clipping, on the device (no read-back): scale = min(1, max / ‖g‖).
        let device = first.device();
        let squared = found
            .values()
            .map(|g| g.clone().powi_scalar(2).sum())
            .fold(Tensor::<1>::zeros([1], &device), |sum, part| sum + part);
        let scale = squared
            .sqrt()
            .add_scalar(1e-6)
            .recip()
            .mul_scalar(self.max_grad_norm)
            .clamp_max(1.0);
        moments.step += 1;
        model.visit_weights(&mut Update {
            optimizer: self,
            grads: found,
            scale,
            moments,
            rate,
        });
    }
}

struct Collect<'a> {
    grads: &'a mut Gradients,
    found: BTreeMap<String, Tensor<1>>,
}

impl Collect<'_> {
    fn take<const D: usize>(&mut self, name: &str, value: Tensor<D>) {
        if let Some(grad) = value.grad_remove(self.grads) {
            let len = grad.shape().num_elements();
            self.found.insert(name.to_string(), grad.reshape([len]));
        }
    }
}

impl WeightVisitor for Collect<'_> {
    fn matrix(&mut self, name: &str, param: &mut Param<Tensor<2>>, _transposed: bool) {
        self.take(name, param.val());
    }

    fn vector(&mut self, name: &str, param: &mut Param<Tensor<1>>) {
        self.take(name, param.val());
    }
}

struct Update<'a> {
    optimizer: &'a AdamW,
    grads: BTreeMap<String, Tensor<1>>,
    scale: Tensor<1>,
    moments: &'a mut Moments,
    rate: f64,
}

impl Update<'_> {
    fn apply<const D: usize>(&mut self, name: &str, param: &mut Param<Tensor<D>>) {
        let Some(grad) = self.grads.remove(name) else {
            return;
        };
        let AdamW {
            beta1,
            beta2,
            epsilon,
            weight_decay,
            ..
        } = *self.optimizer;
        let grad = grad * self.scale.clone();
        let value = param.val().inner();
        let dims = value.dims();
        let flat = value.reshape([dims.iter().product::<usize>()]);
        let (m, v) = self
            .moments
            .by_name
            .remove(name)
            .unwrap_or_else(|| (flat.zeros_like(), flat.zeros_like()));
        let m = m.mul_scalar(beta1) + grad.clone().mul_scalar(1.0 - beta1);
        let v = v.mul_scalar(beta2) + grad.powi_scalar(2).mul_scalar(1.0 - beta2);
        let t = self.moments.step as i32;
        let m_hat = m.clone().div_scalar(1.0 - beta1.powi(t));
        let v_hat = v.clone().div_scalar(1.0 - beta2.powi(t));
        let decay = if decays(name) { weight_decay } else { 0.0 };
        let updated = flat.mul_scalar(1.0 - self.rate * decay)
            - (m_hat / (v_hat.sqrt().add_scalar(epsilon))).mul_scalar(self.rate);
        self.moments.by_name.insert(name.to_string(), (m, v));
        *param = Param::from_tensor(updated.reshape(dims).autodiff());
    }
}

impl WeightVisitor for Update<'_> {
    fn matrix(&mut self, name: &str, param: &mut Param<Tensor<2>>, _transposed: bool) {
        self.apply(name, param);
    }

    fn vector(&mut self, name: &str, param: &mut Param<Tensor<1>>) {
        self.apply(name, param);
    }
}
