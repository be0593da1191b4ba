//! A rows × columns heatmap drawn on a 2-D canvas (tens of thousands of cells stay fast), with
//! the row labels as text beside it. Fed plain numbers; it only draws.

use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::colour::{diverging, sequential};
use crate::i18n::bi;

/// How values map to colours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// Signed values, symmetric around zero, saturating at ± this value.
    Diverging(f32),
    /// Probabilities in [0, 1].
    Probability,
}

/// The largest |value|, for a diverging scale shared by several heatmaps.
pub fn max_abs(values: &[f32]) -> f32 {
    values
        .iter()
        .fold(0.0f32, |most, value| most.max(value.abs()))
}

#[component]
pub fn Heatmap(
    values: Vec<f32>,
    rows: usize,
    cols: usize,
    row_labels: Vec<String>,
    scale: Scale,
    /// What the picture shows, for screen readers and tests.
    label: String,
    #[prop(optional)] selected_row: Option<usize>,
    #[prop(optional)] on_row: Option<Callback<usize>>,
    #[prop(default = 16)] cell_height: u32,
    #[prop(default = 640)] width: u32,
    /// Offer the numbers as a table (off where the heatmap is a thumbnail inside a button).
    #[prop(default = true)]
    numbers: bool,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let cell_width = (width as f32 / cols.max(1) as f32).max(1.0);
    let canvas_width = (cell_width * cols as f32).ceil() as u32;
    let canvas_height = cell_height * rows as u32;
    let data = values.clone();
    let numbers_open = RwSignal::new(false);
    let table_labels = row_labels.clone();
    Effect::new(move |_| {
        let Some(canvas) = canvas.get() else { return };
        let Some(context) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|context| context.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        for row in 0..rows {
            for col in 0..cols {
                let value = data[row * cols + col];
                let colour = match scale {
                    Scale::Diverging(max) => diverging(value, max),
                    Scale::Probability => sequential(value),
                };
                context.set_fill_style_str(&colour);
                context.fill_rect(
                    (col as f32 * cell_width) as f64,
                    (row as u32 * cell_height) as f64,
                    cell_width.ceil() as f64,
                    cell_height as f64,
                );
            }
        }
    });
    view! {
        <figure class="heatmap" data-rows=rows data-cols=cols>
            <div class="heatmap-labels" translate="no" style=format!("--cell-height: {cell_height}px")>
                {row_labels.into_iter().enumerate().map(|(row, text)| {
                    let selected = selected_row == Some(row);
                    // Rows are buttons only where choosing one does something.
                    match on_row {
                        Some(on_row) if !text.is_empty() => view! {
                            <button
                                type="button"
                                class="heatmap-label"
                                class:selected=selected
                                aria-pressed=selected.to_string()
                                on:click=move |_| on_row.run(row)
                            >{text}</button>
                        }.into_any(),
                        _ => view! { <span class="heatmap-label" class:selected=selected>{text}</span> }.into_any(),
                    }
                }).collect_view()}
            </div>
            <canvas
                node_ref=canvas
                width=canvas_width
                height=canvas_height
                role="img"
                aria-label=label
            ></canvas>
        </figure>
        // The text alternative: the numbers behind the colours, built only when opened.
        {numbers.then(move || view! {
        <details class="numbers">
            <summary on:click=move |_| numbers_open.update(|open| *open = !*open)>{bi("The numbers", "숫자로 보기")}</summary>
            {move || numbers_open.get().then(|| view! {
                <table>
                    <tbody>
                        {(0..rows).map(|row| view! {
                            <tr>
                                <th scope="row">{table_labels.get(row).cloned().unwrap_or_else(|| (row + 1).to_string())}</th>
                                {values[row * cols..(row + 1) * cols].iter().map(|v| view! { <td>{format!("{v:.3}")}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </details>
        })}
    }
}
