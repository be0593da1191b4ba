//! Shareable links: each lesson keeps its state (sentences, masked words, layer and head,
//! corpus and preset, the model) in the page's query string, so a teacher can send one link and
//! every student opens the same view. A value that does not parse falls back to the default and
//! says so in a short notice.

use leptos::prelude::*;

use crate::compute::protocol::Fault;
use crate::i18n::{Language, bi};

/// Notices about link values that were not understood, shown under the header in the UI's
/// language.
#[derive(Clone, Copy)]
pub struct LinkNotices(pub RwSignal<Vec<Fault>>);

impl LinkNotices {
    pub fn provide() {
        provide_context(LinkNotices(RwSignal::new(Vec::new())));
    }

    pub fn get() -> LinkNotices {
        expect_context::<LinkNotices>()
    }

    pub fn push(self, message: Fault) {
        self.0.update(|notices| {
            if !notices.contains(&message) {
                notices.push(message);
            }
        });
    }
}

thread_local! {
    /// The value this page last wrote under each key. A lesson built again (another model, the
    /// other language) finds its predecessor's value in the address; that one is the app's own,
    /// not a teacher's, so it is replaced without a notice when it does not fit.
    static WRITTEN: std::cell::RefCell<std::collections::HashMap<String, String>> =
        Default::default();
}

fn written_here(key: &str, raw: &str) -> bool {
    WRITTEN.with(|written| written.borrow().get(key).is_some_and(|value| value == raw))
}

fn search_params() -> Option<web_sys::UrlSearchParams> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()
}

/// `key`'s value in the page's link, if it has one.
pub fn get(key: &str) -> Option<String> {
    search_params()?.get(key)
}

/// Writes `key` into the link (or removes it) without navigating or adding a history entry.
pub fn set(key: &str, value: Option<&str>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(params) = search_params() else {
        return;
    };
    WRITTEN.with(|written| match value {
        Some(value) => written
            .borrow_mut()
            .insert(key.to_string(), value.to_string()),
        None => written.borrow_mut().remove(key),
    });
    if params.get(key).as_deref() == value {
        return;
    }
    match value {
        Some(value) => params.set(key, value),
        None => params.delete(key),
    }
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let query = String::from(params.to_string());
    let url = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

fn pathname() -> Option<String> {
    web_sys::window()?.location().pathname().ok()
}

/// Writes `key` once the browser has had a turn: a page's state is written while the router may
/// still be changing the address. Dropped if the page changed meanwhile.
pub fn write_soon(key: &'static str, value: Option<String>) {
    let page = pathname();
    leptos::task::spawn_local(async move {
        crate::global::yield_now().await;
        if pathname() == page {
            set(key, value.as_deref());
        }
    });
}

/// Ties `signal` to `key`: the link's value (when it parses) is applied once, now; from then on
/// every change of the signal is written back into the link.
pub fn bind<T>(
    key: &'static str,
    signal: RwSignal<T>,
    parse: impl Fn(&str) -> Option<T> + 'static,
    show: impl Fn(&T) -> String + Send + Sync + 'static,
) where
    T: Send + Sync + 'static,
{
    bind_with(
        key,
        move |raw| parse(raw).map(|value| signal.set(value)).is_some(),
        move || Some(signal.with(&show)),
    );
}

/// Like [`bind`] for state that is not one signal: `apply` takes the link's value (false: not
/// understood) and `current` says what to write back (`None`: nothing that a link can carry);
/// it is re-run whenever what it reads changes.
pub fn bind_with(
    key: &'static str,
    apply: impl FnOnce(&str) -> bool,
    current: impl Fn() -> Option<String> + 'static,
) {
    if let Some(raw) = get(key)
        && !apply(&raw)
        && !written_here(key, &raw)
    {
        let raw: String = raw.chars().take(40).collect();
        LinkNotices::get().push(Fault::said(
            format!("The link's “{key}={raw}” was not understood; showing the default instead."),
            format!("링크의 “{key}={raw}”을(를) 알아듣지 못해 기본값을 보여 줍니다."),
        ));
    }
    Effect::new(move |_| write_soon(key, current()));
}

/// The notices, dismissable.
#[component]
pub fn LinkNoticeBar() -> impl IntoView {
    let notices = LinkNotices::get().0;
    let language = Language::signal();
    view! {
        <Show when=move || notices.with(|n| !n.is_empty())>
            <div class="link-notice" role="status" data-testid="link-notice">
                {move || notices.get().into_iter().map(|n| view! { <p>{n.message(language.get())}</p> }).collect_view()}
                <button type="button" on:click=move |_| notices.set(Vec::new()) aria-label=bi("Dismiss", "닫기")>"×"</button>
            </div>
        </Show>
    }
}
