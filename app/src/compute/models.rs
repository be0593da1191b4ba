//! The worker's loaded models: each keeps its files and is built on a backend when work asks for
//! it there (the faster backend for inference may differ from the one it was loaded on). And the
//! inference the lessons ask for: fill-mask, one recorded forward pass, contextual vectors.

use std::cell::RefCell;
use std::rc::Rc;

use bertlab_model::inspect::{
    AttentionComputation, ContextualVectors, Inspection, MaskFill, Neighbours,
    attention_computation, contextual_vectors, fill_mask, inspect, nearest_tokens,
};
use bertlab_model::tokenizer::tokenizer_limits;
use bertlab_model::{BertConfig, Checkpoint, HfFiles, Tokenizer};

use super::devices::WorkerDevices;
use super::protocol::{Backend, Fault, ModelInfo};

pub struct Model {
    pub files: HfFiles,
    pub config: BertConfig,
    pub tokenizer: Tokenizer,
    built: RefCell<Vec<(Backend, Rc<Checkpoint>)>>,
}

impl Model {
    /// Loads `files` onto `on`; a broken checkpoint is refused here, before the page switches.
    pub fn load(
        files: HfFiles,
        on: Backend,
        devices: &WorkerDevices,
    ) -> Result<(Model, ModelInfo), Fault> {
        if files.vocab_txt.is_none() {
            return Err(Fault::said(
                "vocab.txt is missing: the lessons need the model's vocabulary.",
                "vocab.txt가 없습니다. 수업에는 모델의 어휘가 필요합니다.",
            ));
        }
        let checkpoint = Model::build(&files, on, devices)?;
        let tokenizer = checkpoint.tokenizer()?;
        let info = ModelInfo {
            config: checkpoint.config.clone(),
            absent_heads: checkpoint
                .absent_heads()
                .into_iter()
                .map(str::to_string)
                .collect(),
        };
        let model = Model {
            config: checkpoint.config.clone(),
            files,
            tokenizer,
            built: RefCell::new(vec![(on, Rc::new(checkpoint))]),
        };
        Ok((model, info))
    }

    /// A checkpoint from `files` on `backend`, readied for inference only (the worker's loaded
    /// models never train: sessions build their own).
    fn build(files: &HfFiles, on: Backend, devices: &WorkerDevices) -> Result<Checkpoint, Fault> {
        let device = &devices.get(on).device;
        let mut checkpoint = Checkpoint::from_files(files, device)?;
        checkpoint.model.prepare_for_inference(device);
        Ok(checkpoint)
    }

    /// The model on `backend`, built from its files the first time it is asked for there.
    pub fn on(&self, backend: Backend, devices: &WorkerDevices) -> Result<Rc<Checkpoint>, Fault> {
        if let Some((_, built)) = self.built.borrow().iter().find(|(b, _)| *b == backend) {
            return Ok(built.clone());
        }
        let built = Rc::new(Model::build(&self.files, backend, devices)?);
        self.built.borrow_mut().push((backend, built.clone()));
        Ok(built)
    }

    pub async fn fill(
        &self,
        text: &str,
        top_k: usize,
        on: Backend,
        devices: &WorkerDevices,
    ) -> Result<Vec<MaskFill>, Fault> {
        let checkpoint = self.on(on, devices)?;
        fill_mask(
            &checkpoint.model,
            &self.tokenizer,
            text,
            top_k,
            self.config.max_position_embeddings,
            &devices.get(on).device,
        )
        .await
        .map(|(_, fills)| fills)
        .map_err(Fault::from)
    }

    pub async fn inspect(
        &self,
        a: &str,
        b: &str,
        on: Backend,
        devices: &WorkerDevices,
    ) -> Result<Inspection, Fault> {
        let checkpoint = self.on(on, devices)?;
        let positions = self.config.max_position_embeddings;
        let encoding = self
            .tokenizer
            .encode_pair_with(a, Some(b), tokenizer_limits(positions));
        inspect(
            &checkpoint.model,
            &encoding,
            positions,
            &devices.get(on).device,
        )
        .await
        .map_err(Fault::from)
    }

    pub async fn computation(
        &self,
        (a, b): (&str, &str),
        (layer, head, query): (usize, usize, usize),
        on: Backend,
        devices: &WorkerDevices,
    ) -> Result<AttentionComputation, Fault> {
        let checkpoint = self.on(on, devices)?;
        let encoding = self.tokenizer.encode_pair_with(
            a,
            Some(b),
            tokenizer_limits(self.config.max_position_embeddings),
        );
        attention_computation(
            &checkpoint.model,
            &encoding,
            layer,
            head,
            query,
            &devices.get(on).device,
        )
        .await
        .map_err(Fault::from)
    }

    pub async fn neighbours(
        &self,
        word: &str,
        count: usize,
        on: Backend,
        devices: &WorkerDevices,
    ) -> Result<Neighbours, Fault> {
        let checkpoint = self.on(on, devices)?;
        nearest_tokens(&checkpoint.model, &self.tokenizer, word, count)
            .await
            .map_err(Fault::from)
    }

    pub async fn contextual(
        &self,
        word: &str,
        sentences: &[(String, usize)],
        on: Backend,
        devices: &WorkerDevices,
    ) -> Result<ContextualVectors, Fault> {
        let checkpoint = self.on(on, devices)?;
        contextual_vectors(
            &checkpoint.model,
            &self.tokenizer,
            word,
            sentences,
            self.config.max_position_embeddings,
            &devices.get(on).device,
        )
        .await
        .map_err(Fault::from)
    }
}
