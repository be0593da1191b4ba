//! Attention: where each token looks. The head view draws a line from every token to the tokens
//! it attends to (width = weight) for one layer and the chosen heads; the model view shows every
//! layer × head at once; the summary says what each head of the layer mostly does.

use std::sync::Arc;

use bertlab_model::inspect::{Inspection, summarize_head};
use leptos::prelude::*;

use super::Lesson;
use super::frame::{Computing, Explain, LessonFrame, Problem, with_model};
use super::inspect::inspection;
use super::tokens::SentenceInputs;
use crate::i18n::{Language, bi, pick};
use crate::link;
use crate::state::{LoadedModel, Sentences};
use crate::widgets::colour::{head_colour, sequential};
use crate::widgets::{FigureTools, Heatmap, Scale};

#[component]
pub fn AttentionLesson() -> impl IntoView {
    let sentences = Sentences::get();
    view! {
        <LessonFrame lesson=Lesson::Attention>
            <Explain
                en="In every encoder layer, each token builds its new vector from all tokens of the input. How much it takes from each one is its attention: a row of weights that adds up to 1. BERT has several heads per layer, each with its own idea of what to look at, and the layers are stacked so later ones mix already-mixed vectors."
                ko="인코더의 각 층에서 토큰은 입력의 모든 토큰으로부터 자신의 새 벡터를 만듭니다. 각 토큰에서 얼마만큼 가져올지가 어텐션이며, 합이 1인 가중치 한 줄입니다. BERT는 층마다 여러 헤드를 두어 헤드마다 다른 것을 보게 하고, 층을 쌓아 뒤쪽 층이 이미 섞인 벡터를 다시 섞습니다."
            />
            <SentenceInputs sentences=sentences/>
            {with_model(move |model| view! { <AttentionView model=model sentences=sentences/> })}
        </LessonFrame>
    }
}

#[component]
fn AttentionView(model: Arc<LoadedModel>, sentences: Sentences) -> impl IntoView {
    let result = inspection(model.clone(), sentences);
    let layer = RwSignal::new(0usize);
    let heads = RwSignal::new(vec![0usize]);
    let layers = model.config().num_hidden_layers;
    let head_count = model.config().num_attention_heads;
    let language = Language::signal();
    // In the link, layers and heads count from 1, as on screen.
    link::bind(
        "layer",
        layer,
        move |raw| {
            raw.parse::<usize>()
                .ok()
                .filter(|l| (1..=layers).contains(l))
                .map(|l| l - 1)
        },
        |l| (l + 1).to_string(),
    );
    link::bind(
        "heads",
        heads,
        move |raw| parse_heads(raw, head_count),
        move |chosen| {
            if chosen.len() == head_count && head_count > 1 {
                "all".to_string()
            } else {
                chosen
                    .iter()
                    .map(|h| (h + 1).to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            }
        },
    );
    view! {
        <div class="controls">
            <label>{bi("Layer", "층")}" "
                <select data-testid="layer-select" on:change=move |event| {
                    if let Ok(value) = event_target_value(&event).parse() { layer.set(value) }
                } prop:value=move || layer.get().to_string()>
                    {(0..layers).map(|index| view! { <option value=index.to_string()>{index + 1}</option> }).collect_view()}
                </select>
            </label>
            <fieldset class="head-select" data-testid="head-select">
                <legend>{bi("Heads", "헤드")}</legend>
                {(0..head_count).map(|head| view! {
                    <label class="head-choice" style=format!("--head: {}", head_colour(head))>
                        <input type="checkbox" value=head.to_string()
                            prop:checked=move || heads.with(|chosen| chosen.contains(&head))
                            on:change=move |_| heads.update(|chosen| {
                                if let Some(at) = chosen.iter().position(|&h| h == head) {
                                    if chosen.len() > 1 { chosen.remove(at); }
                                } else {
                                    chosen.push(head);
                                    chosen.sort_unstable();
                                }
                            })/>
                        {head + 1}
                    </label>
                }).collect_view()}
                <button type="button" data-testid="heads-all" on:click=move |_| heads.set((0..head_count).collect())>
                    {bi("all", "전체")}
                </button>
            </fieldset>
        </div>
        {move || {
            let seen = match result.get() {
                None => return view! { <Computing/> }.into_any(),
                Some(Err(message)) => return view! { <Problem message=message/> }.into_any(),
                Some(Ok(seen)) => seen,
            };
            let layer_index = layer.get().min(seen.layers.saturating_sub(1));
            let chosen = heads.get();
            let first = chosen.first().copied().unwrap_or(0).min(seen.heads - 1);
            view! {
                <div class="attention-columns">
                    <section class="panel exportable">
                        <h2>{move || format!("{} {} · {}", pick(language.get(), "Head view: layer", "헤드 보기: 층"), layer_index + 1,
                            pick(language.get(), "hover or tab to a token to see only its lines", "토큰에 마우스를 올리거나 Tab으로 가면 그 토큰의 선만 보입니다"))}</h2>
                        <FigureTools name="attention-head-view"/>
                        <HeadView seen=seen.clone() layer=layer_index heads=chosen.clone()/>
                    </section>
                    <section class="panel exportable">
                        <h2>{move || format!("{} {} · {} {}", pick(language.get(), "Weights of layer", "가중치: 층"), layer_index + 1, pick(language.get(), "head", "헤드"), first + 1)}</h2>
                        <FigureTools name="attention-weights"/>
                        <AttentionMatrix seen=seen.clone() layer=layer_index head=first/>
                    </section>
                </div>
                <section class="panel exportable">
                    <h2>{bi("Model view: every layer × head (click one to open it)", "모델 보기: 모든 층 × 헤드 (눌러서 열기)")}</h2>
                    <FigureTools name="attention-model-view"/>
                    <ModelView seen=seen.clone() on_pick=Callback::new(move |(l, h): (usize, usize)| { layer.set(l); heads.set(vec![h]); })/>
                </section>
                <section class="panel">
                    <h2>{move || format!("{} {}", pick(language.get(), "What the heads of layer", "층의 헤드가 주로 하는 일: 층"), layer_index + 1)}{bi(" mostly do", "")}</h2>
                    <HeadSummaries seen=seen.clone() layer=layer_index/>
                </section>
            }.into_any()
        }}
    }
}

/// `all`, or head numbers from 1 separated by commas.
fn parse_heads(raw: &str, head_count: usize) -> Option<Vec<usize>> {
    if raw == "all" {
        return Some((0..head_count).collect());
    }
    let mut heads = raw
        .split(',')
        .map(|h| {
            h.trim()
                .parse::<usize>()
                .ok()
                .filter(|h| (1..=head_count).contains(h))
                .map(|h| h - 1)
        })
        .collect::<Option<Vec<usize>>>()?;
    heads.sort_unstable();
    heads.dedup();
    (!heads.is_empty()).then_some(heads)
}

/// Tokens on the left attend to tokens on the right; line width and opacity are the weight.
#[component]
fn HeadView(seen: Arc<Inspection>, layer: usize, heads: Vec<usize>) -> impl IntoView {
    let focus = RwSignal::new(None::<usize>);
    let row_height = 26.0;
    let height = seen.seq as f64 * row_height + 10.0;
    let (left, right) = (120.0, 330.0);
    let y = move |index: usize| 18.0 + index as f64 * row_height;
    let token_labels = |x: f64, anchor: &'static str, query: bool| {
        seen.tokens.iter().enumerate().map(|(index, token)| {
            view! {
                <text x=x y=y(index) text-anchor=anchor dominant-baseline="middle" class="head-token"
                    tabindex=query.then_some("0")
                    on:mouseenter=move |_| if query { focus.set(Some(index)) }
                    on:mouseleave=move |_| if query { focus.set(None) }
                    on:focus=move |_| if query { focus.set(Some(index)) }
                    on:blur=move |_| if query { focus.set(None) }>
                    {token.clone()}
                </text>
            }
        }).collect_view()
    };
    let lines = {
        let seen = seen.clone();
        move || {
            let focused = focus.get();
            let mut lines = Vec::new();
            for &head in &heads {
                let weights = seen.attention(layer, head);
                for query in 0..seen.seq {
                    if focused.is_some_and(|f| f != query) {
                        continue;
                    }
                    for key in 0..seen.seq {
                        let weight = weights[query * seen.seq + key];
                        if weight < 0.02 {
                            continue;
                        }
                        lines.push(view! {
                            <line x1=left + 8.0 y1=y(query) x2=right - 8.0 y2=y(key)
                                stroke=head_colour(head) stroke-width=format!("{:.2}", 0.5 + weight * 6.0)
                                stroke-opacity=format!("{:.2}", 0.15 + weight * 0.85)/>
                        });
                    }
                }
            }
            lines.collect_view()
        }
    };
    view! {
        <svg class="head-view" data-testid="attention-view" viewBox=format!("0 0 450 {height}") width="450" height=height
            role="img" aria-label="attention lines from query tokens (left) to key tokens (right)">
            <g>{lines}</g>
            <g>{token_labels(left, "end", true)}</g>
            <g>{token_labels(right, "start", false)}</g>
        </svg>
    }
}

/// One head as a table: a row per query token, a cell per key token, each row's weights exposed.
#[component]
fn AttentionMatrix(seen: Arc<Inspection>, layer: usize, head: usize) -> impl IntoView {
    let weights = seen.attention(layer, head).to_vec();
    let seq = seen.seq;
    view! {
        <div class="attention-matrix" data-testid="attention-matrix" role="table"
            style=format!("grid-template-columns: 6rem repeat({seq}, minmax(1.2rem, 1fr))")>
            <div role="row" style="display: contents">
                <span role="columnheader"></span>
                {seen.tokens.iter().map(|token| view! { <span class="matrix-key" role="columnheader">{token.clone()}</span> }).collect_view()}
            </div>
            {seen.tokens.iter().enumerate().map(|(query, token)| {
                let row = weights[query * seq..(query + 1) * seq].to_vec();
                let data = row.iter().map(|w| format!("{w:.5}")).collect::<Vec<_>>().join(",");
                view! {
                    <div class="matrix-row" role="row" data-testid="attention-row" data-weights=data style="display: contents">
                        <span class="matrix-query" role="rowheader">{token.clone()}</span>
                        {row.iter().map(|&weight| view! {
                            <span class="matrix-cell" role="cell" title=format!("{weight:.3}") style=format!("background: {}", sequential(weight))></span>
                        }).collect_view()}
                    </div>
                }
            }).collect_view()}
        </div>
    }
}

/// Every layer × head as a small heatmap.
#[component]
fn ModelView(seen: Arc<Inspection>, on_pick: Callback<(usize, usize)>) -> impl IntoView {
    let seq = seen.seq;
    view! {
        <div class="model-view" data-testid="model-view" style=format!("grid-template-columns: 3rem repeat({}, max-content)", seen.heads)>
            <span></span>
            {(0..seen.heads).map(|head| view! { <span class="model-view-head">{format!("H{}", head + 1)}</span> }).collect_view()}
            {(0..seen.layers).map(|layer| view! {
                <span class="model-view-layer">{format!("L{}", layer + 1)}</span>
                {(0..seen.heads).map(|head| view! {
                    <button type="button" class="model-view-cell" data-testid="model-view-cell"
                        aria-label=format!("layer {} head {}", layer + 1, head + 1)
                        on:click=move |_| on_pick.run((layer, head))>
                        <Heatmap values=seen.attention(layer, head).to_vec() rows=seq cols=seq row_labels=Vec::new()
                            scale=Scale::Probability label=format!("layer {} head {}", layer + 1, head + 1)
                            cell_height=(72 / seq.max(1)).max(2) as u32 width=72 numbers=false/>
                    </button>
                }).collect_view()}
            }).collect_view()}
        </div>
    }
}

#[component]
fn HeadSummaries(seen: Arc<Inspection>, layer: usize) -> impl IntoView {
    let percent = |value: f32| format!("{:.0}%", value * 100.0);
    view! {
        <table class="head-summary" data-testid="head-summary">
            <thead><tr>
                <th>{bi("Head", "헤드")}</th><th>"→ [CLS]"</th><th>"→ [SEP]"</th>
                <th>{bi("→ itself", "→ 자기 자신")}</th><th>{bi("→ previous", "→ 앞 토큰")}</th>
                <th>{bi("→ next", "→ 다음 토큰")}</th><th>{bi("entropy (bits)", "엔트로피(비트)")}</th>
            </tr></thead>
            <tbody>
                {(0..seen.heads).map(|head| {
                    let summary = summarize_head(seen.attention(layer, head), &seen.tokens);
                    view! { <tr>
                        <td><span class="swatch" style=format!("background: {}", head_colour(head))></span>{head + 1}</td>
                        <td>{percent(summary.to_cls)}</td><td>{percent(summary.to_sep)}</td>
                        <td>{percent(summary.to_self)}</td><td>{percent(summary.to_previous)}</td>
                        <td>{percent(summary.to_next)}</td><td>{format!("{:.2}", summary.entropy)}</td>
                    </tr> }
                }).collect_view()}
            </tbody>
        </table>
        <p class="muted">{bi(
            "Entropy 0 means a head puts all its attention on one token; log2(number of tokens) means it spreads evenly. Heads that send most attention to [SEP] or [CLS] are often “resting”: they have nothing useful to add for this input.",
            "엔트로피 0은 헤드가 한 토큰에만 집중한다는 뜻이고, log2(토큰 수)는 고르게 퍼진다는 뜻입니다. 어텐션 대부분을 [SEP]나 [CLS]로 보내는 헤드는 이 입력에서 보탤 것이 없어 ‘쉬고’ 있는 경우가 많습니다.",
        )}</p>
    }
}
