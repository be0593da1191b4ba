//! Shareable links: each lesson keeps its state (sentences, masked words, layer and head,
//! corpus and preset, the model) in the page's query string, so a teacher can send one link and
//! every student opens the same view. A value that does not parse falls back to the default and
//! says so in a short notice.

use leptos::prelude::*;

/// Notices about link values that were not understood, shown under the header.
#[derive(Clone, Copy)]
pub struct LinkNotices(pub RwSignal<Vec<String>>);

impl LinkNotices {
    pub fn provide() {
        provide_context(LinkNotices(RwSignal::new(Vec::new())));
    }

    pub fn get() -> LinkNotices {
        expect_context::<LinkNotices>()
    }

    pub fn push(self, message: String) {
        self.0.update(|notices| {
            if !notices.contains(&message) {
                notices.push(message);
            }
        });
    }
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
fn write_soon(key: &'static str, value: Option<String>) {
    let page = pathname();
    leptos::task::spawn_local(async move {
        crate::state::yield_to_browser().await;
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
    {
        LinkNotices::get().push(format!(
            "The link's “{key}={}” was not understood; showing the default instead.",
            raw.chars().take(40).collect::<String>()
        ));
    }
    Effect::new(move |_| write_soon(key, current()));
}

/// Keeps the app-wide `model` value in the link, on every page.
#[component]
pub fn ModelLink() -> impl IntoView {
    let models = crate::state::Models::get();
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        location.pathname.track();
        // Until the first model has loaded, the link's own value stands (it says what to load).
        if models.current.with(Option::is_some) {
            write_soon("model", models.link_value());
        }
    });
}

/// The notices, dismissable.
#[component]
pub fn LinkNoticeBar() -> impl IntoView {
    let notices = LinkNotices::get().0;
    view! {
        <Show when=move || notices.with(|n| !n.is_empty())>
            <div class="link-notice" role="status" data-testid="link-notice">
                {move || notices.get().into_iter().map(|n| view! { <p>{n}</p> }).collect_view()}
                <button type="button" on:click=move |_| notices.set(Vec::new()) aria-label="Dismiss">"×"</button>
            </div>
        </Show>
    }
}
