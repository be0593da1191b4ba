//! Downloading files with a progress callback, and keeping downloaded checkpoints in the
//! browser's Cache Storage so a hub model is fetched once, not on every visit.

use js_sys::{Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Cache, Response};

use crate::compute::protocol::Fault;

/// Cache Storage bucket for checkpoints fetched from URLs.
const CACHE_NAME: &str = "bertlab-checkpoints-v1";

/// Why a download failed, in words for the learner.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// The server answered, but not with the file (404 and friends).
    Status { url: String, status: u16 },
    /// No answer: offline, blocked by CORS, or the address is wrong.
    Network { url: String, detail: String },
    /// More bytes than the file can rightly have (see `fetch_bytes`'s `at_most`).
    TooLarge { url: String, at_most: u64 },
}

impl FetchError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, FetchError::Status { status: 404, .. })
    }
}

impl FetchError {
    /// The same sentence as `Display`, in Korean.
    pub fn korean(&self) -> String {
        match self {
            FetchError::Status { url, status } => format!("{url}이(가) HTTP {status}로 답했습니다"),
            FetchError::Network { url, detail } => format!(
                "{url}을(를) 내려받지 못했습니다. 오프라인이거나, 그 서버가 다른 사이트의 내려받기를 허용하지 않습니다(CORS: Access-Control-Allow-Origin 헤더가 필요합니다): {detail}"
            ),
            FetchError::TooLarge { url, at_most } => format!(
                "{url}이(가) 이 모델의 config.json에 맞는 크기({} MiB)보다 커서 내려받기를 멈췄습니다",
                at_most.div_ceil(1 << 20)
            ),
        }
    }
}

impl From<FetchError> for crate::compute::protocol::Fault {
    fn from(error: FetchError) -> Self {
        Self::said(format!("{error}."), format!("{}.", error.korean()))
    }
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Status { url, status } => {
                write!(f, "{url} answered HTTP {status}")
            }
            FetchError::Network { url, detail } => write!(
                f,
                "{url} could not be downloaded: offline, or its server does not let other sites download from it (CORS: it must send Access-Control-Allow-Origin): {detail}"
            ),
            FetchError::TooLarge { url, at_most } => write!(
                f,
                "{url} is larger than the {} MiB its config.json allows, so the download was stopped",
                at_most.div_ceil(1 << 20)
            ),
        }
    }
}

fn describe(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

async fn await_promise(promise: Promise) -> Result<JsValue, String> {
    JsFuture::from(promise).await.map_err(describe)
}

async fn open_cache() -> Option<Cache> {
    let caches = web_sys::window()?.caches().ok()?;
    await_promise(caches.open(CACHE_NAME))
        .await
        .ok()?
        .dyn_into()
        .ok()
}

/// A downloaded file's bytes, and whether they came from the copy kept in Cache Storage.
pub struct Fetched {
    pub bytes: Vec<u8>,
    pub from_cache: bool,
}

/// Downloads `url`, calling `progress(received, total)` as bytes arrive. With `cache`, a copy
/// kept from an earlier download is used when there is one, and a new download is kept. A body
/// longer than `at_most` bytes is refused (by its declared length, else as it arrives), so a
/// server cannot fill the tab's memory.
pub async fn fetch_bytes(
    url: &str,
    cache: bool,
    at_most: u64,
    progress: &dyn Fn(u64, Option<u64>),
) -> Result<Fetched, FetchError> {
    let network = |detail: String| FetchError::Network {
        url: url.to_string(),
        detail,
    };
    let window = web_sys::window().ok_or_else(|| network("no window".into()))?;
    let store = if cache { open_cache().await } else { None };
    let mut response: Option<Response> = None;
    if let Some(store) = &store
        && let Ok(hit) = await_promise(store.match_with_str(url)).await
    {
        response = hit.dyn_into().ok();
    }
    let from_cache = response.is_some();
    let response = match response {
        Some(response) => response,
        None => await_promise(window.fetch_with_str(url))
            .await
            .map_err(network)?
            .dyn_into::<Response>()
            .map_err(|_| network("not a response".into()))?,
    };
    if !response.ok() {
        return Err(FetchError::Status {
            url: url.to_string(),
            status: response.status(),
        });
    }
    if let Some(store) = &store
        && !from_cache
        && let Ok(copy) = response.clone()
    {
        // Keeping a copy is best effort: a full quota must not fail the download itself.
        let _ = await_promise(store.put_with_str(url, &copy)).await;
    }
    let total = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|length| length.parse::<u64>().ok());
    let too_large = || FetchError::TooLarge {
        url: url.to_string(),
        at_most,
    };
    if total.is_some_and(|total| total > at_most) {
        return Err(too_large());
    }
    let bytes = read_body(&response, total, at_most, progress)
        .await
        .map_err(network)?
        .ok_or_else(too_large)?;
    Ok(Fetched { bytes, from_cache })
}

/// Drops the kept copies of `urls` (a checkpoint that no longer loads must not be served again);
/// whether there were any.
pub async fn forget_cached(urls: &[String]) -> bool {
    let Some(store) = open_cache().await else {
        return false;
    };
    let mut forgot = false;
    for url in urls {
        forgot |= await_promise(store.delete_with_str(url))
            .await
            .is_ok_and(|deleted| deleted.as_bool() == Some(true));
    }
    forgot
}

/// Reads the body chunk by chunk so the progress bar moves; `None` past `at_most` bytes.
async fn read_body(
    response: &Response,
    total: Option<u64>,
    at_most: u64,
    progress: &dyn Fn(u64, Option<u64>),
) -> Result<Option<Vec<u8>>, String> {
    let Some(body) = response.body() else {
        return Ok(Some(Vec::new()));
    };
    let reader = body.get_reader();
    let read = Reflect::get(&reader, &"read".into())
        .map_err(describe)?
        .dyn_into::<js_sys::Function>()
        .map_err(describe)?;
    let mut bytes = Vec::with_capacity(total.unwrap_or(0).min(at_most) as usize);
    progress(0, total);
    loop {
        let promise: Promise = read
            .call0(&reader)
            .map_err(describe)?
            .dyn_into()
            .map_err(describe)?;
        let chunk = await_promise(promise).await?;
        if Reflect::get(&chunk, &"done".into())
            .map_err(describe)?
            .as_bool()
            .unwrap_or(true)
        {
            break;
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into())
            .map_err(describe)?
            .dyn_into()
            .map_err(describe)?;
        let start = bytes.len();
        if (start + value.length() as usize) as u64 > at_most {
            // Stop the download; what it answers does not matter any more.
            if let Ok(cancel) = Reflect::get(&reader, &"cancel".into())
                .and_then(|cancel| cancel.dyn_into::<js_sys::Function>().map_err(JsValue::from))
            {
                let _ = cancel.call0(&reader);
            }
            return Ok(None);
        }
        bytes.resize(start + value.length() as usize, 0);
        value.copy_to(&mut bytes[start..]);
        progress(bytes.len() as u64, total);
    }
    Ok(Some(bytes))
}

/// Text files of a checkpoint (config.json, vocab.txt, tokenizer_config.json) are a few MB at
/// most (a 250,000-token vocabulary is 5 MB); one past this is not what it says it is.
pub const TEXT_FILE_LIMIT: u64 = 64 << 20;

/// The bytes of a picked file, refused by its size alone when it is longer than `at_most`.
pub async fn read_file_at_most(file: &web_sys::File, at_most: u64) -> Result<Vec<u8>, Fault> {
    let (name, size) = (file.name(), file.size() as u64);
    if size > at_most {
        let (size, at_most) = (size.div_ceil(1 << 20), at_most.div_ceil(1 << 20));
        return Err(Fault::said(
            format!("{name} is {size} MiB; bertlab reads at most {at_most} MiB for this file."),
            format!(
                "{name}이(가) {size} MiB입니다. bertlab은 이 파일을 {at_most} MiB까지만 읽습니다."
            ),
        ));
    }
    read_file(file).await
}

/// The bytes of a file the learner picked.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, Fault> {
    let buffer = await_promise(file.array_buffer()).await.map_err(|detail| {
        let name = file.name();
        Fault::said(
            format!("{name} could not be read: {detail}."),
            format!("{name}을(를) 읽지 못했습니다: {detail}."),
        )
    })?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The files picked in the `<input type="file">` that fired `event`; the input is cleared so
/// picking the same file again fires again.
pub fn take_picked_files(event: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    input.set_value("");
    files
}

/// A corpus shipped in `static/corpora/`, as text.
pub async fn shipped_corpus(name: &str) -> Result<String, Fault> {
    let bytes = fetch_bytes(
        &crate::global::site_url(&format!("corpora/{name}")),
        false,
        u64::MAX,
        &|_, _| {},
    )
    .await?
    .bytes;
    String::from_utf8(bytes).map_err(|_| {
        Fault::said(
            format!("{name} is not UTF-8 text."),
            format!("{name}은(는) UTF-8 텍스트가 아닙니다."),
        )
    })
}
