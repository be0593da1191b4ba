//! bertlab-app: the Leptos (client-side rendered) UI of bertlab. It draws and asks; every number
//! it shows comes from `bertlab-model` running on the device chosen in [`runtime`].

mod download;
mod fetch;
mod i18n;
mod lessons;
mod link;
mod presenter;
mod runtime;
mod shell;
mod state;
mod storage;
mod training;
mod widgets;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(shell::App);
}
