//! What both the page and the compute worker use from the browser's global scope (a `Window`
//! on the page, a `DedicatedWorkerGlobalScope` in the worker): timers, the clock, yielding.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// The URL of this app's JavaScript glue (`import.meta.url` inside it): it sits at the
    /// site's root, wherever the site is served from.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: String;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Milliseconds since the page (or worker) started, with sub-millisecond resolution.
pub fn now_ms() -> f64 {
    performance_now()
}

/// Resolves after `ms` milliseconds (a timer, so other tasks, messages and painting run).
pub async fn sleep_ms(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        set_timeout(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// Gives the event loop one turn: messages and (on the page) painting get their chance. A
/// message to ourselves rather than a timer, which browsers clamp to 4 ms when nested.
pub async fn yield_now() {
    let promise = Promise::new(&mut |resolve, _| {
        let Ok(channel) = web_sys::MessageChannel::new() else {
            set_timeout(&resolve, 0);
            return;
        };
        let port = channel.port1();
        port.set_onmessage(Some(&resolve));
        let _ = channel.port2().post_message(&JsValue::NULL);
    });
    let _ = JsFuture::from(promise).await;
}

/// A property of the global scope (e.g. `indexedDB`, `navigator`), when it is there.
pub fn property(name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

/// The app's JavaScript glue, for the compute worker to import.
pub fn glue_url() -> String {
    GLUE_URL.with(String::clone)
}

/// The folder the site is served from, ending in `/` (`https://host/` or
/// `https://host/bertlab/`): one build works at a host's root and under any folder.
pub fn site_base() -> String {
    let glue = glue_url();
    match glue.rfind('/') {
        Some(at) => glue[..=at].to_string(),
        None => "/".to_string(),
    }
}

/// The path part of [`site_base`], ending in `/` (`/` or `/bertlab/`): where the router's
/// routes and the lessons' links start.
pub fn site_path() -> String {
    web_sys::Url::new(&site_base())
        .map(|url| url.pathname())
        .unwrap_or_else(|_| "/".to_string())
}

/// An address inside the site (a shipped model, a corpus), e.g. `models/x` → `…/models/x`.
pub fn site_url(path: &str) -> String {
    format!("{}{}", site_base(), path.trim_start_matches('/'))
}
