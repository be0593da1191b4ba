//! The model picker in the header: the shipped model, one-click BERTs from the Hugging Face
//! hub, any folder URL, or files from the learner's computer — with a progress bar while it
//! downloads and a readable error (the previous model keeps working) when it fails.

use bertlab_model::io::HfFiles;
use leptos::prelude::*;

use crate::compute::protocol::Fault;
use crate::fetch::{TEXT_FILE_LIMIT, read_file, read_file_at_most, take_picked_files};
use crate::i18n::{Language, bi};
use crate::state::{HUB_MODELS, ModelSource, Models, SHIPPED, hub_url};

fn megabytes(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1e6)
}

#[component]
pub fn ModelPicker() -> impl IntoView {
    let models = Models::get();
    let language = Language::signal();
    let url = RwSignal::new(String::new());
    let state = move || {
        if models.progress.with(Option::is_some) {
            "loading"
        } else if models.error.with(Option::is_some) {
            "error"
        } else if models.current.with(Option::is_some) {
            "ready"
        } else {
            "empty"
        }
    };
    let name = move || {
        models
            .current
            .with(|current| current.as_ref().map(|model| model.name.clone()))
    };
    let load_url = move || {
        let address = url.get_untracked().trim().to_string();
        if address.is_empty() {
            models.error.set(Some(Fault::said(
                "Type the address of a folder that holds config.json, model.safetensors and vocab.txt.",
                "config.json, model.safetensors, vocab.txt가 든 폴더의 주소를 입력하세요.",
            )));
            return;
        }
        if let Some(fault) = crate::state::address_fault(&address) {
            models.error.set(Some(fault));
            return;
        }
        let label = address
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(&address)
            .to_string();
        models.load_url(label, ModelSource::Url(address.clone()), address);
    };
    let on_files = move |event: leptos::ev::Event| {
        let files = take_picked_files(&event);
        leptos::task::spawn_local(async move {
            match picked_files(models, &files).await {
                Ok((label, files)) => models.load_files(label, ModelSource::Files, files),
                Err(fault) => models.error.set(Some(fault)),
            }
        });
    };

    view! {
        <details class="model-picker" data-testid="model-picker" data-state=state>
            <summary>
                <span class="picker-label">{bi("Model", "모델")}</span>
                <span class="picker-name" data-testid="model-name" title=move || name().unwrap_or_default()>
                    {move || name().unwrap_or_else(|| "…".into())}
                </span>
                // Always there (hidden when idle), so the header keeps its width.
                <span class="picker-busy" aria-hidden="true"
                    class:idle=move || models.progress.with(Option::is_none)></span>
            </summary>
            <div class="picker-panel">
                {move || models.progress.get().map(|progress| view! {
                    <div class="picker-progress" data-testid="model-progress">
                        <span>
                            {format!("{} · {}: {} MB", progress.name, progress.file, megabytes(progress.received))}
                            {progress.total.map(|total| format!(" / {} MB", megabytes(total)))}
                        </span>
                        <progress
                            max=progress.total.unwrap_or(0).max(1) as f64
                            value=move || progress.total.map(|_| progress.received as f64)
                        ></progress>
                    </div>
                })}
                {move || models.error.get().map(|fault| view! {
                    <p class="picker-error" role="alert" data-testid="model-error">{fault.message(language.get())}</p>
                })}
                <h3>{bi("Shipped with bertlab", "bertlab에 들어 있는 모델")}</h3>
                {SHIPPED.iter().map(|shipped| view! {
                    <button type="button" data-testid=format!("model-{}", shipped.link) on:click=move |_| models.load(shipped)>
                        <span translate="no">{shipped.name}</span>
                        <small>{bi(shipped.about.0, shipped.about.1)}</small>
                    </button>
                }).collect_view()}
                <h3>{bi("From the Hugging Face hub", "Hugging Face 허브에서")}</h3>
                <p class="picker-note">{bi(
                    "Downloaded once, then kept in this browser. BERT-base is 440 MB.",
                    "한 번만 내려받고 이 브라우저에 보관합니다. BERT-base는 440 MB입니다.",
                )}</p>
                {HUB_MODELS.into_iter().enumerate().map(|(index, (label, repo))| view! {
                    <button type="button" data-testid=format!("model-hub-{index}") title=repo on:click=move |_| {
                        models.load_url(label.into(), ModelSource::Url(hub_url(repo)), hub_url(repo))
                    }>{label}</button>
                }).collect_view()}
                <h3>{bi("From a URL", "URL에서")}</h3>
                <form class="picker-url" on:submit=move |event| { event.prevent_default(); load_url(); }>
                    <input
                        type="url"
                        data-testid="model-url"
                        aria-label=bi("Folder URL with config.json, model.safetensors, vocab.txt", "config.json, model.safetensors, vocab.txt가 있는 폴더 URL")
                        placeholder="https://…/my-bert"
                        prop:value=url
                        on:input=move |event| url.set(event_target_value(&event))
                    />
                    <button type="submit" data-testid="model-url-load">{bi("Load", "불러오기")}</button>
                </form>
                <h3>{bi("From your computer", "내 컴퓨터에서")}</h3>
                <label class="picker-files">
                    <span>{bi("Pick config.json, model.safetensors and vocab.txt together", "config.json, model.safetensors, vocab.txt를 함께 고르세요")}</span>
                    <input type="file" multiple accept=".json,.safetensors,.txt" data-testid="model-files" on:change=on_files/>
                </label>
            </div>
        </details>
    }
}

/// Sorts the picked files into a checkpoint, or says which one is missing.
async fn picked_files(models: Models, files: &[web_sys::File]) -> Result<(String, HfFiles), Fault> {
    let find = |wanted: &dyn Fn(&str) -> bool| files.iter().find(|file| wanted(&file.name()));
    let missing = |file: &str, others: &str| {
        Fault::said(
            format!("{file} is missing: pick it together with {others}."),
            format!("{file}이(가) 없습니다. {others}와(과) 함께 고르세요."),
        )
    };
    let config =
        find(&|name| name.ends_with("config.json") && !name.ends_with("tokenizer_config.json"))
            .ok_or_else(|| missing("config.json", "model.safetensors, vocab.txt"))?;
    let tokenizer_config = find(&|name| name.ends_with("tokenizer_config.json"));
    let weights = find(&|name| name.ends_with(".safetensors"))
        .ok_or_else(|| missing("model.safetensors", "config.json, vocab.txt"))?;
    let vocab = find(&|name| name.ends_with(".txt"))
        .ok_or_else(|| missing("vocab.txt", "config.json, model.safetensors"))?;
    let read = |file: &web_sys::File| {
        let file = file.clone();
        async move { read_file_at_most(&file, TEXT_FILE_LIMIT).await }
    };
    // The config first: it says how large the weights can be, so a huge file is refused by its
    // size before a byte of it is read.
    let config_json = read(config).await?;
    let parsed = models.check_config(&config_json)?;
    bertlab_model::limits::check_weights_file(&parsed, weights.size() as u64)
        .map_err(Fault::Limit)?;
    Ok((
        weights.name(),
        HfFiles {
            config_json,
            model_safetensors: read_file(weights).await?,
            vocab_txt: Some(read(vocab).await?),
            tokenizer_config_json: match tokenizer_config {
                Some(file) => Some(read(file).await?),
                None => None,
            },
        },
    ))
}
