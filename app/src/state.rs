//! App-wide model state: which checkpoint every lesson runs (the shipped one until the learner
//! picks another), the download in progress, and the last loading error. A failed load leaves
//! the previous model in place, and a lost GPU reloads the model onto the CPU from its bytes.

use std::sync::Arc;

use bertlab_model::io::HfFiles;
use bertlab_model::limits::check_fits;
use bertlab_model::{BertConfig, Checkpoint, ComputeDevice, Tokenizer};
use leptos::prelude::*;

use crate::fetch::{FetchError, fetch_bytes};
use crate::link::LinkNotices;
use crate::runtime::Runtime;

/// Where the shipped checkpoint is served from (copied into the site by Trunk).
pub const SHIPPED_URL: &str = "/models/bertlab-tiny-toy-world";
pub const SHIPPED_NAME: &str = "bertlab-tiny (toy world)";

/// BERTs on the Hugging Face hub offered with one click: (name, repository).
pub const HUB_MODELS: [(&str, &str); 3] = [
    (
        "BERT-tiny (L-2, H-128)",
        "google/bert_uncased_L-2_H-128_A-2",
    ),
    (
        "BERT-mini (L-4, H-256)",
        "google/bert_uncased_L-4_H-256_A-4",
    ),
    ("BERT-base, uncased", "google-bert/bert-base-uncased"),
];

/// The folder URL of a hub repository's files.
pub fn hub_url(repo: &str) -> String {
    format!("https://huggingface.co/{repo}/resolve/main")
}

/// Where a model came from.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelSource {
    Shipped,
    /// A folder URL holding config.json, model.safetensors and vocab.txt.
    Url(String),
    /// Files the learner picked on their computer.
    Files,
}

/// A checkpoint on the runtime's device, ready for the lessons.
pub struct LoadedModel {
    pub name: String,
    pub source: ModelSource,
    pub checkpoint: Checkpoint,
    pub tokenizer: Tokenizer,
    /// The files it came from, to move it to another device (e.g. after a lost GPU).
    pub files: HfFiles,
    pub device: ComputeDevice,
}

impl LoadedModel {
    pub fn config(&self) -> &BertConfig {
        &self.checkpoint.config
    }
}

/// A download or load in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub name: String,
    pub file: &'static str,
    pub received: u64,
    pub total: Option<u64>,
}

/// The model context every page reads.
#[derive(Clone, Copy)]
pub struct Models {
    pub current: RwSignal<Option<Arc<LoadedModel>>>,
    pub progress: RwSignal<Option<Progress>>,
    pub error: RwSignal<Option<String>>,
    /// Bumped by each new load, so a slower earlier load cannot overwrite a later choice.
    generation: StoredValue<u64>,
    /// Kept here because loads finish in tasks that have no reactive owner to ask for context.
    runtime: Runtime,
    notices: LinkNotices,
}

impl Models {
    /// Provides the context and loads the shipped model as soon as a device is ready (and again
    /// onto the CPU if the GPU is lost).
    pub fn provide() {
        let runtime = Runtime::get();
        let models = Models {
            current: RwSignal::new(None),
            progress: RwSignal::new(None),
            error: RwSignal::new(None),
            generation: StoredValue::new(0),
            runtime,
            notices: LinkNotices::get(),
        };
        provide_context(models);
        Effect::new(move |_| {
            let Some(device) = runtime.status.with(|status| status.device().cloned()) else {
                return;
            };
            match models.current.get_untracked() {
                None if models.progress.get_untracked().is_none() => models.load_linked(),
                Some(loaded) if loaded.device.kind != device.kind => {
                    let (name, source, files) = (
                        loaded.name.clone(),
                        loaded.source.clone(),
                        loaded.files.clone(),
                    );
                    models.load_files(name, source, files);
                }
                _ => {}
            }
        });
    }

    pub fn get() -> Models {
        expect_context::<Models>()
    }

    fn next_generation(self) -> u64 {
        self.generation.update_value(|generation| *generation += 1);
        self.generation.get_value()
    }

    fn is_current(self, generation: u64) -> bool {
        self.generation.get_value() == generation
    }

    /// The first model: the one the page's link names (`model=<folder URL>`), else the shipped one.
    fn load_linked(self) {
        let Some(url) = crate::link::get("model").filter(|url| url != "shipped") else {
            self.load_shipped();
            return;
        };
        if !(url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/')) {
            self.notices.push(format!(
                "The link's model “{}” is not a web address; the shipped model is loaded instead.",
                url.chars().take(60).collect::<String>()
            ));
            self.load_shipped();
            return;
        }
        let name = HUB_MODELS
            .iter()
            .find(|(_, repo)| hub_url(repo) == url)
            .map_or_else(|| url.clone(), |(label, _)| label.to_string());
        self.load_url(name, ModelSource::Url(url.clone()), url);
    }

    pub fn load_shipped(self) {
        self.load_url(
            SHIPPED_NAME.into(),
            ModelSource::Shipped,
            SHIPPED_URL.into(),
        );
    }

    /// What a link can say about the current model: `shipped`, its folder URL, or nothing (files).
    pub fn link_value(self) -> Option<String> {
        self.current
            .with(|model| match model.as_ref().map(|m| &m.source) {
                Some(ModelSource::Shipped) => Some("shipped".to_string()),
                Some(ModelSource::Url(url)) => Some(url.clone()),
                Some(ModelSource::Files) | None => None,
            })
    }

    /// Downloads and loads the checkpoint in the folder `url`.
    pub fn load_url(self, name: String, source: ModelSource, url: String) {
        let generation = self.next_generation();
        self.error.set(None);
        leptos::task::spawn_local(async move {
            let result = download(
                self,
                generation,
                &name,
                &url,
                source != ModelSource::Shipped,
            )
            .await;
            // Building the model and drawing the lessons with it are separate tasks, so
            // neither blocks the page for long.
            yield_to_browser().await;
            let result = result.and_then(|files| build(self.runtime, &name, source.clone(), files));
            yield_to_browser().await;
            self.finish(generation, result, source == ModelSource::Shipped);
        });
    }

    /// Loads a checkpoint from its files' bytes.
    pub fn load_files(self, name: String, source: ModelSource, files: HfFiles) {
        let generation = self.next_generation();
        self.error.set(None);
        self.progress.set(Some(Progress {
            name: name.clone(),
            file: "model.safetensors",
            received: 0,
            total: None,
        }));
        let shipped = source == ModelSource::Shipped;
        leptos::task::spawn_local(async move {
            // Let the progress message paint before the synchronous load.
            yield_to_browser().await;
            let result = check_config(self.runtime, &files.config_json)
                .and_then(|_| build(self.runtime, &name, source, files));
            yield_to_browser().await;
            self.finish(generation, result, shipped);
        });
    }

    fn finish(self, generation: u64, result: Result<LoadedModel, String>, shipped: bool) {
        if !self.is_current(generation) {
            return;
        }
        self.progress.set(None);
        match result {
            Ok(model) => {
                self.error.set(None);
                self.current.set(Some(Arc::new(model)));
            }
            Err(message) => {
                // A failed first load (e.g. a shared link's model) must not leave the lessons
                // without a model.
                if !shipped && self.current.with_untracked(Option::is_none) {
                    self.load_shipped();
                    self.notices.push(format!(
                        "The linked model could not be loaded ({message}); the shipped model is used instead."
                    ));
                }
                self.error.set(Some(message));
            }
        }
    }
}

/// The device models load onto, or why there is none.
fn device(runtime: Runtime) -> Result<ComputeDevice, String> {
    runtime
        .status
        .with_untracked(|status| status.device().cloned())
        .ok_or_else(|| "no compute device is ready yet".to_string())
}

/// Parses config.json and checks the model fits the device before anything big is downloaded.
fn check_config(runtime: Runtime, bytes: &[u8]) -> Result<BertConfig, String> {
    let config: BertConfig = serde_json::from_slice(bytes)
        .map_err(|error| format!("config.json is not a valid BERT config: {error}"))?;
    config
        .validate()
        .map_err(|error| format!("config.json: {error}"))?;
    check_fits(&config, device(runtime)?.kind)
        .map_err(|error| format!("This model is too large for this device: {error}."))?;
    Ok(config)
}

async fn download(
    models: Models,
    generation: u64,
    name: &str,
    url: &str,
    cache: bool,
) -> Result<HfFiles, String> {
    let base = url.trim_end_matches('/');
    let fetch = |file: &'static str| {
        let progress = move |received, total| {
            if models.is_current(generation) {
                models.progress.set(Some(Progress {
                    name: name.to_string(),
                    file,
                    received,
                    total,
                }));
            }
        };
        async move { fetch_bytes(&format!("{base}/{file}"), cache, &progress).await }
    };
    let config_json = fetch("config.json").await.map_err(|e| e.to_string())?;
    check_config(models.runtime, &config_json)?;
    let model_safetensors = fetch("model.safetensors").await.map_err(|error| {
        if error.is_not_found() {
            format!(
                "{error}: this folder has no model.safetensors (bertlab reads safetensors, not pytorch_model.bin)"
            )
        } else {
            error.to_string()
        }
    })?;
    let vocab_txt = match fetch("vocab.txt").await {
        Ok(bytes) => Some(bytes),
        Err(error) if error.is_not_found() => None,
        Err(error @ FetchError::Status { .. }) | Err(error @ FetchError::Network { .. }) => {
            return Err(error.to_string());
        }
    };
    Ok(HfFiles {
        config_json,
        model_safetensors,
        vocab_txt,
    })
}

fn build(
    runtime: Runtime,
    name: &str,
    source: ModelSource,
    files: HfFiles,
) -> Result<LoadedModel, String> {
    let device = device(runtime)?;
    if files.vocab_txt.is_none() {
        return Err("vocab.txt is missing: the lessons need the model's vocabulary".into());
    }
    let checkpoint =
        Checkpoint::from_files(&files, &device.device).map_err(|error| error.to_string())?;
    let tokenizer = checkpoint
        .tokenizer(true)
        .map_err(|error| error.to_string())?;
    Ok(LoadedModel {
        name: name.to_string(),
        source,
        checkpoint,
        tokenizer,
        files,
        device,
    })
}

/// Gives the browser one turn of its event loop (to paint, or to take a keystroke).
pub async fn yield_to_browser() {
    sleep_ms(0).await;
}

/// Resolves after `ms` milliseconds (a browser timer, so other tasks and rendering run).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The sentence pair the Tokens, Embeddings and Attention lessons share, so a learner's
/// sentences follow them from lesson to lesson.
#[derive(Clone, Copy)]
pub struct Sentences {
    pub a: RwSignal<String>,
    pub b: RwSignal<String>,
}

impl Sentences {
    pub fn provide() {
        provide_context(Sentences {
            a: RwSignal::new("The cow says moo and eats grass.".into()),
            b: RwSignal::new("Anna is a baker.".into()),
        });
    }

    pub fn get() -> Sentences {
        expect_context::<Sentences>()
    }
}
