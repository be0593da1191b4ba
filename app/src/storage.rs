//! A small async key–value store on IndexedDB, where the pre-training session lives between
//! visits (weights and optimizer state are megabytes: too much for localStorage). Works on the
//! page and in the compute worker, which is the one that saves sessions.

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "bertlab";
const STORE: &str = "sessions";

fn describe(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "IndexedDB refused the request".to_string())
}

/// Resolves with the request's result once it succeeds.
async fn finished(request: &IdbRequest) -> Result<JsValue, String> {
    let promise = Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let on_success = Closure::once_into_js(move |_: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = request.clone();
        let on_error = Closure::once_into_js(move |_: JsValue| {
            let message = failed
                .error()
                .ok()
                .flatten()
                .map(|error| error.message())
                .unwrap_or_else(|| "IndexedDB request failed".into());
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&message));
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(describe)
}

async fn open() -> Result<IdbDatabase, String> {
    let factory: web_sys::IdbFactory = crate::global::property("indexedDB")
        .ok_or("this browser offers no IndexedDB (private mode?)")?
        .unchecked_into();
    let request = factory.open_with_u32(DATABASE, 1).map_err(describe)?;
    let upgrading = request.clone();
    let on_upgrade = Closure::once_into_js(move |_: JsValue| {
        if let Ok(database) = upgrading
            .result()
            .and_then(|db| db.dyn_into::<IdbDatabase>())
            && !database.object_store_names().contains(STORE)
        {
            let _ = database.create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    finished(&request)
        .await?
        .dyn_into::<IdbDatabase>()
        .map_err(describe)
}

/// Stores `value` under `key` and waits until the write is committed.
pub async fn put(key: &str, value: &JsValue) -> Result<(), String> {
    let database = open().await?;
    let transaction = database
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .map_err(describe)?;
    let store = transaction.object_store(STORE).map_err(describe)?;
    let request = store
        .put_with_key(value, &JsValue::from_str(key))
        .map_err(describe)?;
    finished(&request).await?;
    let committed = Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move |_: JsValue| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let on_error = Closure::once_into_js(move |_: JsValue| {
            let _ = reject.call1(
                &JsValue::NULL,
                &JsValue::from_str("the write was not committed (storage full?)"),
            );
        });
        transaction.set_oncomplete(Some(on_complete.unchecked_ref()));
        transaction.set_onerror(Some(on_error.unchecked_ref()));
        transaction.set_onabort(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(committed).await.map_err(describe)?;
    database.close();
    Ok(())
}

/// The value under `key`, if any.
pub async fn get(key: &str) -> Result<Option<JsValue>, String> {
    let database = open().await?;
    let transaction = database.transaction_with_str(STORE).map_err(describe)?;
    let store = transaction.object_store(STORE).map_err(describe)?;
    let value = finished(&store.get(&JsValue::from_str(key)).map_err(describe)?).await?;
    database.close();
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

/// Removes `key`.
pub async fn delete(key: &str) -> Result<(), String> {
    let database = open().await?;
    let transaction = database
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .map_err(describe)?;
    let store = transaction.object_store(STORE).map_err(describe)?;
    finished(&store.delete(&JsValue::from_str(key)).map_err(describe)?).await?;
    database.close();
    Ok(())
}

/// A plain JS object `{ bytes: Uint8Array }`: a saved session.
pub fn record(bytes: &[u8]) -> JsValue {
    let object = Object::new();
    let _ = Reflect::set(&object, &"bytes".into(), &js_sys::Uint8Array::from(bytes));
    object.into()
}

/// The bytes of a [`record`], and the description older versions kept beside them (`json`).
pub fn unpack(value: &JsValue) -> Option<(Vec<u8>, Option<String>)> {
    let bytes = Reflect::get(value, &"bytes".into())
        .ok()?
        .dyn_into::<js_sys::Uint8Array>()
        .ok()?;
    let json = Reflect::get(value, &"json".into())
        .ok()
        .and_then(|json| json.as_string());
    Some((bytes.to_vec(), json))
}
