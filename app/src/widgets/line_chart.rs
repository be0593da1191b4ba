//! A small SVG line chart of one series over training steps, with its latest value in words and
//! as `data-value` (for tests and screen readers).

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

#[component]
pub fn LineChart(
    title: Signal<&'static str>,
    points: Signal<Vec<(f64, f64)>>,
    range: YRange,
    testid: &'static str,
    #[prop(default = "#0072b2")] colour: &'static str,
    #[prop(optional)] percent: bool,
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
            {move || points.with(|points| {
                if points.is_empty() {
                    return view! { <p class="chart-empty">{empty}</p> }.into_any();
                }
                let max_x = points.last().map_or(1.0, |p| p.0).max(1.0);
                let max_y = match range {
                    YRange::Unit => 1.0,
                    YRange::FromZero => points.iter().map(|p| p.1).fold(0.0, f64::max).max(1e-9),
                };
                let x = |v: f64| LEFT + (WIDTH - LEFT - 6.0) * v / max_x;
                let y = |v: f64| TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - (v / max_y).clamp(0.0, 1.0));
                // Thousands of steps need no more than a few hundred points on screen.
                let every = (points.len() / 400).max(1);
                let path: String = points
                    .iter()
                    .step_by(every)
                    .chain(points.last())
                    .enumerate()
                    .map(|(i, &(px, py))| format!("{}{:.1},{:.1}", if i == 0 { "M" } else { " L" }, x(px), y(py)))
                    .collect();
                let summary = format!("{} points; last {}", points.len(), points.last().map(|p| format_value(p.1)).unwrap_or_default());
                view! {
                    <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=summary>
                        <line x1=LEFT y1=y(0.0) x2=WIDTH - 6.0 y2=y(0.0) class="axis"/>
                        <line x1=LEFT y1=TOP x2=LEFT y2=y(0.0) class="axis"/>
                        <line x1=LEFT y1=y(max_y / 2.0) x2=WIDTH - 6.0 y2=y(max_y / 2.0) class="grid"/>
                        <text x=LEFT - 4.0 y=TOP + 4.0 text-anchor="end" class="tick">{format_value(max_y)}</text>
                        <text x=LEFT - 4.0 y=y(max_y / 2.0) + 4.0 text-anchor="end" class="tick">{format_value(max_y / 2.0)}</text>
                        <text x=LEFT - 4.0 y=y(0.0) + 4.0 text-anchor="end" class="tick">"0"</text>
                        <text x=WIDTH - 6.0 y=HEIGHT - 4.0 text-anchor="end" class="tick">{format!("{max_x:.0}")}</text>
                        <text x=LEFT y=HEIGHT - 4.0 class="tick">{bi("step", "단계")}</text>
                        <path d=path fill="none" stroke=colour stroke-width="2" stroke-linejoin="round"/>
                    </svg>
                }.into_any()
            })}
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
                            <thead><tr><th scope="col">{bi("step", "단계")}</th><th scope="col">{bi("value", "값")}</th></tr></thead>
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
