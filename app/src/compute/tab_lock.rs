//! One tab at a time owns the saved pre-training run: the compute worker that trains holds the
//! Web Lock `bertlab-pretraining` for as long as it lives (the browser frees it when the tab
//! closes or the worker ends), and a second tab's worker, not getting it, refuses to create,
//! reset or save a run — so neither tab can overwrite or discard the other's saved steps.

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const LOCK: &str = "bertlab-pretraining";

/// Asks for the lock without waiting for it: `true` when this worker holds it now (or the
/// browser has no Web Locks, as before 2022, where nothing can be coordinated).
pub async fn claim() -> bool {
    let Some(locks) = Reflect::get(&js_sys::global(), &"navigator".into())
        .ok()
        .and_then(|navigator| Reflect::get(&navigator, &"locks".into()).ok())
        .filter(|locks| !locks.is_undefined())
    else {
        return true;
    };
    let Ok(request) =
        Reflect::get(&locks, &"request".into()).and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        return true;
    };
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let granted = Promise::new(&mut |resolve, _| {
        let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
            let held = !lock.is_null();
            let _ = resolve.call1(&JsValue::NULL, &JsValue::from_bool(held));
            // Holding: a promise that never settles keeps the lock until the worker ends.
            if held {
                Promise::new(&mut |_, _| {}).into()
            } else {
                JsValue::UNDEFINED
            }
        });
        let _ = request.call3(&locks, &LOCK.into(), &options, &callback);
    });
    JsFuture::from(granted)
        .await
        .map(|held| held.as_bool() == Some(true))
        .unwrap_or(true)
}
