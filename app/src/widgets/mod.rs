//! Reusable views. Each is fed plain data or a context signal and only draws.

mod backend_badge;
pub mod colour;
mod figure_export;
mod heatmap;
mod language_switch;
mod line_chart;
mod model_picker;

pub use backend_badge::BackendBadge;
pub use figure_export::FigureTools;
pub use heatmap::{Heatmap, Scale, max_abs};
pub use language_switch::LanguageSwitch;
pub use line_chart::{LineChart, YRange};
pub use model_picker::ModelPicker;
