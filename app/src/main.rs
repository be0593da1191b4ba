//! bertlab-app: the Leptos (client-side rendered) UI of bertlab. It draws and asks; every number
//! it shows comes from `bertlab-model` running in the compute worker ([`compute`]) on the
//! device chosen in [`runtime`]. The same wasm is the page and, started by
//! `static/compute-worker.js`, the worker.

mod compute;
mod download;
mod faults;
mod fetch;
mod finetuning;
mod global;
mod i18n;
mod lessons;
mod link;
mod presenter;
mod progress;
mod runtime;
mod shell;
mod state;
mod storage;
mod training;
mod widgets;

// The wasm linker treats a module with `main` as a "command" and, unless something calls the
// static constructors itself, wraps EVERY export in a call to them: burn/cubecl register hundreds
// through `inventory`, so each call from JavaScript into the app re-ran them (over a second of
// main-thread time at start-up). Calling them once here turns that wrapping off.
#[cfg(target_family = "wasm")]
unsafe extern "C" {
    fn __wasm_call_ctors();
}

fn main() {
    #[cfg(target_family = "wasm")]
    // SAFETY: runs once, first thing, before any code that reads what the constructors register.
    unsafe {
        __wasm_call_ctors();
    }
    console_error_panic_hook::set_once();
    // In the compute worker there is no page to draw: its script calls `worker_start` next.
    if web_sys::window().is_none() {
        return;
    }
    leptos::mount::mount_to_body(shell::App);
}
