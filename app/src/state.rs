//! App-wide model state: which checkpoint every lesson runs (the shipped one until the learner
//! picks another), the download in progress, and the last loading error. The page downloads
//! the files and keeps them; the compute worker builds the model from them (again, whenever a
//! new worker starts). A failed load leaves the previous model in place.

use std::cell::Cell;
use std::sync::Arc;

use bertlab_model::io::HfFiles;
use bertlab_model::{BertConfig, Tokenizer};
use futures::FutureExt;
use leptos::prelude::*;

use bertlab_model::course::{self, Defaults};

use crate::compute::protocol::{Fault, Reply, Request};
use crate::compute::{Compute, ModelId, StartReason};
use crate::fetch::{TEXT_FILE_LIMIT, fetch_bytes};
use crate::i18n::Language;
use crate::link::LinkNotices;
use crate::runtime::Runtime;

/// A model shipped with bertlab: one per language of the UI, each trained on its toy world.
pub struct ShippedModel {
    /// What a link says for it (`model=shipped`).
    pub link: &'static str,
    /// Its folder in the site (copied there by trunk).
    pub url: &'static str,
    pub name: &'static str,
    /// What it knows, in both languages.
    pub about: (&'static str, &'static str),
    /// The UI language it is the default for.
    pub language: Language,
    /// The lessons' starting inputs for it (in its language).
    pub course: &'static Defaults,
}

/// The shipped models; the first is the default for an English UI, the second for a Korean one.
pub const SHIPPED: [ShippedModel; 2] = [
    ShippedModel {
        link: "shipped",
        url: "models/bertlab-tiny-toy-world",
        name: "bertlab-tiny (toy world)",
        about: (
            " — English toy world, trained by this project, 3.1 MB",
            " — 영어 장난감 세계, 이 프로젝트가 학습, 3.1 MB",
        ),
        language: Language::English,
        course: &course::ENGLISH,
    },
    ShippedModel {
        link: "shipped-ko",
        url: "models/bertlab-tiny-ko",
        name: "bertlab-tiny 한국어 (장난감 세계)",
        about: (
            " — Korean toy world, trained by this project, 3.9 MB",
            " — 한국어 장난감 세계, 이 프로젝트가 학습, 3.9 MB",
        ),
        language: Language::Korean,
        course: &course::KOREAN,
    },
];

impl ShippedModel {
    /// The shipped model for `language`.
    pub fn for_language(language: Language) -> &'static ShippedModel {
        SHIPPED
            .iter()
            .find(|m| m.language == language)
            .unwrap_or(&SHIPPED[0])
    }
}

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
    /// One of [`SHIPPED`], by its link value.
    Shipped(&'static str),
    /// A folder URL holding config.json, model.safetensors and vocab.txt.
    Url(String),
    /// Files the learner picked on their computer.
    Files,
}

/// A checkpoint loaded in the compute worker, ready for the lessons.
pub struct LoadedModel {
    /// What the worker calls it.
    pub id: ModelId,
    pub name: String,
    pub source: ModelSource,
    pub config: BertConfig,
    /// The same vocabulary as the worker's, for showing tokens without asking it.
    pub tokenizer: Tokenizer,
    /// Heads the checkpoint lacks, by their Hugging Face names.
    pub absent_heads: Vec<String>,
    /// The files it came from, to load it into a new worker.
    pub files: HfFiles,
}

impl LoadedModel {
    pub fn config(&self) -> &BertConfig {
        &self.config
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
    pub error: RwSignal<Option<Fault>>,
    /// Bumped by each new load, so a slower earlier load cannot overwrite a later choice.
    generation: StoredValue<u64>,
    /// The next worker-side id.
    next_id: StoredValue<ModelId>,
    /// Kept here because loads finish in tasks that have no reactive owner to ask for context.
    runtime: Runtime,
    compute: Compute,
    notices: LinkNotices,
    language: RwSignal<Language>,
}

impl Models {
    /// Provides the context: the first model (the link's, else the shipped one) loads when the
    /// first worker is ready, and the current model is loaded again into every later one.
    pub fn provide(compute: Compute) {
        let models = Models {
            current: RwSignal::new(None),
            progress: RwSignal::new(None),
            error: RwSignal::new(None),
            generation: StoredValue::new(0),
            next_id: StoredValue::new(0),
            runtime: Runtime::get(),
            compute,
            notices: LinkNotices::get(),
            language: Language::signal(),
        };
        provide_context(models);
        // A learner who has not picked a model gets the shipped one of the language they switch to.
        Effect::new(move |previous: Option<Language>| {
            let language = models.language.get();
            if previous.is_some_and(|p| p != language)
                && models.current.with_untracked(|m| {
                    m.as_ref().is_some_and(|m| {
                        matches!(m.source, ModelSource::Shipped(link) if link != ShippedModel::for_language(language).link)
                    })
                })
            {
                models.load_shipped();
            }
            language
        });
        compute.after_start(move |reason| {
            async move {
                match models.current.get_untracked() {
                    None if models.progress.get_untracked().is_none() => models.load_linked(),
                    None => {}
                    Some(loaded) => {
                        if reason != StartReason::First {
                            models.reload(&loaded).await;
                        }
                    }
                }
            }
            .boxed_local()
        });
    }

    /// Loads `loaded` into a new worker under its old id, so the lessons keep it.
    async fn reload(self, loaded: &LoadedModel) {
        let request = Request::Load {
            model: loaded.id,
            files: loaded.files.clone(),
            on: self.compute.inference(),
        };
        match self.compute.call(None, request).await {
            Some(Reply::Loaded(Ok(_))) => {
                let (runtime, id, config) = (self.runtime, loaded.id, loaded.config.clone());
                leptos::task::spawn_local(
                    async move { runtime.measure_inference(id, &config).await },
                );
            }
            Some(Reply::Loaded(Err(fault))) => self.error.set(Some(fault)),
            _ => {}
        }
    }

    pub fn get() -> Models {
        expect_context::<Models>()
    }

    /// The lessons' starting inputs: the current shipped model's, else (another model, or none
    /// yet) those of the UI's language.
    pub fn course(self) -> &'static Defaults {
        let shipped = self
            .current
            .with(|model| match model.as_ref().map(|m| &m.source) {
                Some(ModelSource::Shipped(link)) => SHIPPED.iter().find(|s| s.link == *link),
                _ => None,
            });
        shipped
            .unwrap_or_else(|| ShippedModel::for_language(self.language.get()))
            .course
    }

    /// A text input that starts from the course's default and follows it while the learner has
    /// not changed it: when the defaults change (another shipped model, another language), a
    /// value still equal to the old default becomes the new one.
    pub fn follow_course(self, signal: RwSignal<String>, pick: fn(&Defaults) -> &'static str) {
        Effect::new(move |previous: Option<&'static Defaults>| {
            let now = self.course();
            if let Some(previous) = previous
                && !std::ptr::eq(previous, now)
                && signal.with_untracked(|value| value == pick(previous))
            {
                signal.set(pick(now).to_string());
            }
            now
        });
    }

    fn next_generation(self) -> u64 {
        self.generation.update_value(|generation| *generation += 1);
        self.generation.get_value()
    }

    fn is_current(self, generation: u64) -> bool {
        self.generation.get_value() == generation
    }

    /// The first model: the one the page's link names (`model=shipped`, `shipped-ko`, a folder
    /// URL), else the shipped one for the UI's language.
    fn load_linked(self) {
        let linked = crate::link::get("model");
        if let Some(shipped) = SHIPPED.iter().find(|m| linked.as_deref() == Some(m.link)) {
            self.load(shipped);
            return;
        }
        let Some(url) = linked else {
            self.load_shipped();
            return;
        };
        if let Some(fault) = address_fault(&url) {
            let shown: String = url.chars().take(60).collect();
            self.notices.push(Fault::said(
                format!(
                    "The link's model “{shown}”: {} The shipped model is loaded instead.",
                    fault.message(crate::i18n::Language::English)
                ),
                format!(
                    "링크의 모델 “{shown}”: {} 대신 함께 제공된 모델을 불러옵니다.",
                    fault.message(crate::i18n::Language::Korean)
                ),
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

    /// The shipped model for the UI's language.
    pub fn load_shipped(self) {
        self.load(ShippedModel::for_language(self.language.get_untracked()));
    }

    pub fn load(self, shipped: &'static ShippedModel) {
        self.load_url(
            shipped.name.into(),
            ModelSource::Shipped(shipped.link),
            crate::global::site_url(shipped.url),
        );
    }

    /// What a link can say about the current model: `shipped`, its folder URL, or nothing (files).
    pub fn link_value(self) -> Option<String> {
        self.current
            .with(|model| match model.as_ref().map(|m| &m.source) {
                Some(ModelSource::Shipped(link)) => Some(link.to_string()),
                Some(ModelSource::Url(url)) => Some(url.clone()),
                Some(ModelSource::Files) | None => None,
            })
    }

    /// Downloads and loads the checkpoint in the folder `url`.
    pub fn load_url(self, name: String, source: ModelSource, url: String) {
        let generation = self.next_generation();
        self.error.set(None);
        let shipped = matches!(source, ModelSource::Shipped(_));
        leptos::task::spawn_local(async move {
            let load = |cache| {
                let (name, source, url) = (name.clone(), source.clone(), url.clone());
                async move {
                    // Whether a kept copy was used: a fault may come from one.
                    let from_cache = Cell::new(false);
                    let files = download(self, generation, &name, &url, cache, &from_cache)
                        .await
                        .map_err(|fault| (fault, from_cache.get()))?;
                    self.build(&name, source, files)
                        .await
                        .map_err(|fault| (fault, from_cache.get()))
                }
            };
            let mut result = load(!shipped).await;
            if let Err((_, from_cache)) = &result
                && !shipped
            {
                // A checkpoint that does not load is not kept; one whose kept copy no longer
                // loads (damaged storage, another program) is downloaded again, once.
                let forgot = crate::fetch::forget_cached(&checkpoint_urls(&url)).await;
                if *from_cache && forgot {
                    result = load(true).await;
                    if result.is_ok() {
                        self.notices.push(Fault::said(
                            "The copy of this model kept in the browser was damaged; it was downloaded again.",
                            "브라우저에 보관한 이 모델의 사본이 손상되어 다시 내려받았습니다.",
                        ));
                    }
                }
            }
            self.finish(generation, result.map_err(|(fault, _)| fault), shipped)
                .await;
        });
    }

    /// `config.json`'s bytes as a config this device can load, or why not.
    pub fn check_config(self, bytes: &[u8]) -> Result<BertConfig, Fault> {
        check_config(self.runtime, bytes)
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
        let shipped = matches!(source, ModelSource::Shipped(_));
        leptos::task::spawn_local(async move {
            let result = match check_config(self.runtime, &files.config_json) {
                Ok(_) => self.build(&name, source, files).await,
                Err(message) => Err(message),
            };
            self.finish(generation, result, shipped).await;
        });
    }

    /// The files loaded into the worker under a new id, or why they cannot be.
    async fn build(
        self,
        name: &str,
        source: ModelSource,
        files: HfFiles,
    ) -> Result<LoadedModel, Fault> {
        self.next_id.update_value(|id| *id += 1);
        let id = self.next_id.get_value();
        let request = Request::Load {
            model: id,
            files: files.clone(),
            on: self.compute.inference(),
        };
        let info = match self.compute.call(None, request).await {
            Some(Reply::Loaded(result)) => result?,
            _ => {
                return Err(Fault::said(
                    "The compute worker restarted while loading; try again.",
                    "불러오는 동안 계산 워커가 다시 시작했습니다. 다시 해 보세요.",
                ));
            }
        };
        let tokenizer = files.tokenizer()?;
        Ok(LoadedModel {
            id,
            name: name.to_string(),
            source,
            config: info.config,
            tokenizer,
            absent_heads: info.absent_heads,
            files,
        })
    }

    async fn finish(self, generation: u64, result: Result<LoadedModel, Fault>, shipped: bool) {
        if !self.is_current(generation) {
            if let Ok(model) = result {
                self.unload(model.id);
            }
            return;
        }
        self.progress.set(None);
        match result {
            Ok(model) => {
                self.error.set(None);
                let (id, config) = (model.id, model.config.clone());
                if let Some(previous) = self.current.get_untracked() {
                    self.unload(previous.id);
                }
                self.current.set(Some(Arc::new(model)));
                self.runtime.measure_inference(id, &config).await;
            }
            Err(fault) => {
                // A failed first load (e.g. a shared link's model) must not leave the lessons
                // without a model.
                if !shipped && self.current.with_untracked(Option::is_none) {
                    self.load_shipped();
                    self.notices.push(Fault::said(
                        format!(
                            "The linked model could not be loaded ({}); the shipped model is used instead.",
                            fault.message(Language::English).trim_end_matches('.')
                        ),
                        format!(
                            "링크의 모델을 불러오지 못해({}) 함께 제공된 모델을 씁니다.",
                            fault.message(Language::Korean).trim_end_matches('.')
                        ),
                    ));
                }
                self.error.set(Some(fault));
            }
        }
    }

    fn unload(self, model: ModelId) {
        leptos::task::spawn_local(async move {
            self.compute.call(None, Request::Unload { model }).await;
        });
    }
}

/// Why a model address cannot be downloaded from, if it cannot: the page's security policy
/// (scripts/csp.mjs) fetches from this site or over https only.
pub fn address_fault(address: &str) -> Option<Fault> {
    let own_origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    let is_own = (address.starts_with('/') && !address.starts_with("//"))
        || (!own_origin.is_empty() && address.starts_with(&format!("{own_origin}/")));
    if is_own || address.starts_with("https://") {
        return None;
    }
    Some(if address.starts_with("http://") {
        Fault::said(
            "Use an https:// address: this page downloads models only over https (or from its own site).",
            "https:// 주소를 쓰세요. 이 페이지는 https로만(또는 이 사이트 안에서만) 모델을 내려받습니다.",
        )
    } else {
        Fault::said(
            "That is not a web address: it should start with https://.",
            "웹 주소가 아닙니다. https://로 시작해야 합니다.",
        )
    })
}

/// Keeps the app-wide `model` value in the link, on every page.
#[component]
pub fn ModelLink() -> impl IntoView {
    let models = Models::get();
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        location.pathname.track();
        // Until the first model has loaded, the link's own value stands (it says what to load).
        if models.current.with(Option::is_some) {
            crate::link::write_soon("model", models.link_value());
        }
    });
}

/// Parses config.json and checks the model fits the device before anything big is downloaded.
fn check_config(runtime: Runtime, bytes: &[u8]) -> Result<BertConfig, Fault> {
    let config: BertConfig = serde_json::from_slice(bytes).map_err(|error| {
        Fault::said(
            format!("config.json is not a valid BERT config: {error}."),
            format!("config.json이 올바른 BERT 설정이 아닙니다: {error}."),
        )
    })?;
    config.validate().map_err(|error| {
        Fault::said(
            format!("config.json: {error}."),
            format!("config.json의 값이 맞지 않습니다: {error}."),
        )
    })?;
    runtime.check_fits(&config)?;
    Ok(config)
}

/// Whether `bytes` are an HTML page rather than the file asked for.
fn looks_like_html(bytes: &[u8]) -> bool {
    let start: Vec<u8> = bytes
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    start.starts_with(b"<!doctype html") || start.starts_with(b"<html")
}

/// The files of a checkpoint folder that `download` asks for.
const CHECKPOINT_FILES: [&str; 4] = [
    "config.json",
    "model.safetensors",
    "vocab.txt",
    "tokenizer_config.json",
];

fn checkpoint_urls(url: &str) -> Vec<String> {
    let base = url.trim_end_matches('/');
    CHECKPOINT_FILES
        .iter()
        .map(|file| format!("{base}/{file}"))
        .collect()
}

/// The checkpoint's files; `from_cache` is set when any came from the copies kept in Cache
/// Storage.
async fn download(
    models: Models,
    generation: u64,
    name: &str,
    url: &str,
    cache: bool,
    from_cache: &Cell<bool>,
) -> Result<HfFiles, Fault> {
    let base = url.trim_end_matches('/');
    let fetch = |file: &'static str, at_most: u64| {
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
        async move {
            let fetched = fetch_bytes(&format!("{base}/{file}"), cache, at_most, &progress).await?;
            from_cache.set(from_cache.get() || fetched.from_cache);
            Ok::<_, crate::fetch::FetchError>(fetched.bytes)
        }
    };
    let config_json = fetch("config.json", TEXT_FILE_LIMIT).await?;
    let config = check_config(models.runtime, &config_json)?;
    let weights_limit = bertlab_model::limits::max_weights_file_bytes(&config);
    let model_safetensors = fetch("model.safetensors", weights_limit).await.map_err(|error| {
        if error.is_not_found() {
            Fault::said(
                format!(
                    "{error}: this folder has no model.safetensors (bertlab reads safetensors, not pytorch_model.bin)."
                ),
                format!(
                    "{}: 이 폴더에는 model.safetensors가 없습니다(bertlab은 pytorch_model.bin이 아니라 safetensors를 읽습니다).",
                    error.korean()
                ),
            )
        } else {
            error.into()
        }
    })?;
    // Optional files: a folder without them is still a checkpoint. A host that answers every
    // unknown address with its start page (as single-page apps are served) means "not found".
    let optional = |file: &'static str| {
        let fetched = fetch(file, TEXT_FILE_LIMIT);
        async move {
            match fetched.await {
                Ok(bytes) if looks_like_html(&bytes) => Ok(None),
                Ok(bytes) => Ok(Some(bytes)),
                Err(error) if error.is_not_found() => Ok(None),
                Err(error) => Err(Fault::from(error)),
            }
        }
    };
    let vocab_txt = optional("vocab.txt").await?;
    let tokenizer_config_json = optional("tokenizer_config.json").await?;
    Ok(HfFiles {
        config_json,
        model_safetensors,
        vocab_txt,
        tokenizer_config_json,
    })
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
        let models = Models::get();
        let course = untrack(|| models.course());
        let sentences = Sentences {
            a: RwSignal::new(course.pair.0.into()),
            b: RwSignal::new(course.pair.1.into()),
        };
        models.follow_course(sentences.a, |course| course.pair.0);
        models.follow_course(sentences.b, |course| course.pair.1);
        provide_context(sentences);
    }

    pub fn get() -> Sentences {
        expect_context::<Sentences>()
    }
}
