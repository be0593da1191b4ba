//! Handing bytes to the learner as a downloaded file (a Blob URL clicked through an anchor).

use wasm_bindgen::JsCast;

use crate::compute::protocol::Fault;

pub fn download(name: &str, bytes: &[u8], mime: &str) -> Result<(), Fault> {
    let fail = |_: wasm_bindgen::JsValue| {
        Fault::said(
            format!("{name} could not be offered for download."),
            format!("{name}을(를) 내려받을 수 있게 하지 못했습니다."),
        )
    };
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail(wasm_bindgen::JsValue::NULL))?;
    let anchor = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| fail(wasm_bindgen::JsValue::NULL))?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // Revoking at once can cancel the download in some browsers; a minute is plenty.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(())
}
