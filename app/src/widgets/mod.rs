//! Reusable views. Each is fed plain data or a context signal and only draws.

mod backend_badge;
mod language_switch;

pub use backend_badge::BackendBadge;
pub use language_switch::LanguageSwitch;
