//! The benchmark passes `bertlab bench` and the page's benchmark hook share, so a native figure
//! and an in-browser one time the same work: a randomly initialised preset (speed does not
//! depend on the weights' values) on deterministic token ids.

use burn::tensor::{Device, Int, Tensor, TensorData};

use crate::runtime::read_floats;
use crate::{Bert, BertConfig, BertInput, Heads};

/// What one timed pass does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BenchWork {
    /// The full `BertForPreTraining` output, as transformers computes it (parity's contract).
    Forward,
    /// Fill-mask as the playground runs it: two masks (at a quarter and half of the sequence),
    /// MLM logits only at them (`Bert::mlm_logits_at`), their softmax read back.
    Fill,
}

/// A model and its input, ready to be timed with [`Bench::run_once`].
pub struct Bench {
    model: Bert,
    input: BertInput,
    masks: [i64; 2],
    work: BenchWork,
    device: Device,
}

impl Bench {
    pub fn new(
        config: &BertConfig,
        batch: usize,
        seq: usize,
        work: BenchWork,
        device: &Device,
    ) -> Result<Self, String> {
        if seq == 0 || seq > config.max_position_embeddings || batch == 0 {
            return Err(format!(
                "batch must be at least 1 and seq between 1 and {}",
                config.max_position_embeddings
            ));
        }
        let ids: Vec<Vec<u32>> = (0..batch)
            .map(|row| {
                (0..seq)
                    .map(|col| ((row * 7919 + col * 104_729) % config.vocab_size) as u32)
                    .collect()
            })
            .collect();
        let mut model = Bert::init(config, Heads::PRETRAINING, device);
        if work == BenchWork::Fill {
            // As the playground's model is readied (the forward pass keeps parity's path).
            model.prepare_for_inference(device);
        }
        Ok(Self {
            model,
            input: BertInput::from_rows(&ids, None, None, device)?,
            masks: [seq / 4, seq / 2].map(|p| p.max(1).min(seq - 1) as i64),
            work,
            device: device.clone(),
        })
    }

    /// One pass; reading a value back waits for the device to finish it.
    pub async fn run_once(&self) -> Result<(), String> {
        let result = match self.work {
            BenchWork::Fill => {
                let positions = Tensor::<1, Int>::from_data(
                    TensorData::new(self.masks.to_vec(), [2]),
                    &self.device,
                );
                let logits = self
                    .model
                    .mlm_logits_at(&self.input, positions)
                    .ok_or("no MLM head")?;
                read_floats(burn::tensor::activation::softmax(logits, 1)).await
            }
            BenchWork::Forward => {
                let logits = self
                    .model
                    .forward(&self.input, false)
                    .prediction_logits
                    .ok_or("no MLM head")?;
                read_floats(logits.narrow(2, 0, 1)).await
            }
        };
        result.map(|_| ()).map_err(|error| error.to_string())
    }
}
