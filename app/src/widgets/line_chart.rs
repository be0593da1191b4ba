//! A small SVG line chart of one series over training steps (or epochs), with its latest value
//! in words and as `data-value` (for tests and screen readers).

use leptos::prelude::*;

use super::FigureTools;
use crate::i18n::bi;

/// Where the y axis stops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum YRange {
    /// 0 to 1 (accuracies).
    Unit,
    /// 0 to the largest value (losses, learning rate).
    FromZero,
}

const WIDTH: f64 = 300.0;
const HEIGHT: f64 = 150.0;
const LEFT: f64 = 44.0;
const BOTTOM: f64 = 22.0;
const TOP: f64 = 8.0;

fn short(value: f64) -> String {
    if value == 0.0 {
        "0".into()
    } else if value.abs() < 0.01 {
        format!("{value:.0e}")
    } else if value.abs() < 10.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.0}")
    }
}

/// Where the dashed middle line and its label sit.
const MIDDLE: f64 = TOP + (HEIGHT - TOP - BOTTOM) / 2.0;

/// What the drawing shows of a series: the line and the axis labels.
#[derive(Clone, PartialEq, Default)]
struct Plot {
    path: String,
    top_label: String,
    middle_label: String,
    last_step: String,
    summary: String,
}

impl Plot {
    fn new(points: &[(f64, f64)], range: YRange, format_value: impl Fn(f64) -> String) -> Plot {
        let Some(&(last_x, last_y)) = points.last() else {
            return Plot::default();
        };
        let max_x = last_x.max(1.0);
        let max_y = match range {
            YRange::Unit => 1.0,
            YRange::FromZero => points.iter().map(|p| p.1).fold(0.0, f64::max).max(1e-9),
        };
        let x = |v: f64| LEFT + (WIDTH - LEFT - 6.0) * v / max_x;
        let y = |v: f64| TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - (v / max_y).clamp(0.0, 1.0));
        // Thousands of steps need no more than a few hundred points on screen.
        let every = (points.len() / 400).max(1);
        let path = points
            .iter()
            .step_by(every)
            .chain(points.last())
            .enumerate()
            .map(|(i, &(px, py))| {
                format!(
                    "{}{:.1},{:.1}",
                    if i == 0 { "M" } else { " L" },
                    x(px),
                    y(py)
                )
            })
            .collect();
        Plot {
            path,
            top_label: format_value(max_y),
            middle_label: format_value(max_y / 2.0),
            last_step: format!("{max_x:.0}"),
            summary: format!("{} points; last {}", points.len(), format_value(last_y)),
        }
    }
}

#[component]
pub fn LineChart(
    title: Signal<&'static str>,
    points: Signal<Vec<(f64, f64)>>,
    range: YRange,
    testid: &'static str,
    #[prop(default = "#0072b2")] colour: &'static str,
    #[prop(optional)] percent: bool,
    /// The x axis counts epochs, not training steps.
    #[prop(optional)]
    epochs: bool,
    /// What the chart will show, said while it has no points yet.
    #[prop(into)]
    empty: Signal<&'static str>,
) -> impl IntoView {
    let format_value = move |value: f64| {
        if percent {
            format!("{:.1}%", value * 100.0)
        } else {
            short(value)
        }
    };
    let latest = move || points.with(|p| p.last().map(|&(_, y)| y));
    let open = RwSignal::new(false);
    let plot = Memo::new(move |_| points.with(|points| Plot::new(points, range, format_value)));
    let empty_now = move || points.with(Vec::is_empty);
    let x_label = if epochs {
        bi("epoch", "에포크")
    } else {
        bi("step", "단계")
    };
    view! {
        <figure
            class="line-chart exportable"
            data-testid=testid
            data-value=move || latest().map(|v| v.to_string()).unwrap_or_default()
            data-points=move || points.with(|p| p.iter().map(|(_, y)| format!("{y:.5}")).collect::<Vec<_>>().join(","))
        >
            <figcaption>
                <span class="chart-title">{title}</span>
                <strong class="chart-value">{move || latest().map(format_value).unwrap_or_else(|| "—".into())}</strong>
                <FigureTools name=testid/>
            </figcaption>
            // One drawing, kept: each training step changes the line and the labels, not the
            // elements (recreating five charts' SVG at every step cost the page its frames).
            <div class="chart-plot">
                <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
                    aria-label=move || if empty_now() { empty.get().to_string() } else { plot.with(|p| p.summary.clone()) }>
                    <line x1=LEFT y1=HEIGHT - BOTTOM x2=WIDTH - 6.0 y2=HEIGHT - BOTTOM class="axis"/>
                    <line x1=LEFT y1=TOP x2=LEFT y2=HEIGHT - BOTTOM class="axis"/>
                    <line x1=LEFT y1=MIDDLE x2=WIDTH - 6.0 y2=MIDDLE class="grid" visibility=move || if empty_now() { "hidden" } else { "visible" }/>
                    <text x=LEFT - 4.0 y=TOP + 4.0 text-anchor="end" class="tick">{move || plot.with(|p| p.top_label.clone())}</text>
                    <text x=LEFT - 4.0 y=MIDDLE + 4.0 text-anchor="end" class="tick">{move || plot.with(|p| p.middle_label.clone())}</text>
                    <text x=LEFT - 4.0 y=HEIGHT - BOTTOM + 4.0 text-anchor="end" class="tick">"0"</text>
                    <text x=WIDTH - 6.0 y=HEIGHT - 4.0 text-anchor="end" class="tick">{move || plot.with(|p| p.last_step.clone())}</text>
                    <text x=LEFT y=HEIGHT - 4.0 class="tick">{x_label.clone()}</text>
                    <path d=move || plot.with(|p| p.path.clone()) fill="none" stroke=colour stroke-width="2" stroke-linejoin="round"/>
                </svg>
                {move || empty_now().then(|| view! { <p class="chart-empty" aria-hidden="true">{empty}</p> })}
            </div>
            <details class="numbers" on:toggle=move |event| open.set(event_target::<web_sys::HtmlDetailsElement>(&event).open())>
                <summary>{bi("The numbers", "숫자로 보기")}</summary>
                // Drawn only while open: a table of hundreds of rows redrawn at every training
                // step would cost the page its smoothness.
                {move || open.get().then(|| points.with(|points| {
                    // Every step up to 200 rows, then evenly spaced ones and the last.
                    let every = points.len().div_ceil(200).max(1);
                    let rows: Vec<(f64, f64)> = points.iter().step_by(every).chain(points.last().filter(|_| points.len() % every != 1 % every)).copied().collect();
                    view! {
                        <table>
                            <thead><tr><th scope="col">{x_label.clone()}</th><th scope="col">{bi("value", "값")}</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|(x, y)| view! { <tr><td>{format!("{x:.0}")}</td><td>{format_value(y)}</td></tr> }).collect_view()}
                            </tbody>
                        </table>
                    }
                }))}
            </details>
        </figure>
    }
}
