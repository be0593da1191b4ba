//! Attention: where each token looks. The head view draws a line from every token to the tokens
//! it attends to (width = weight) for one layer and the chosen heads; the model view shows every
//! layer × head at once; the summary says what each head of the layer mostly does; and one
//! token's attention is worked through with the model's own numbers (q, k, q·k/√d, softmax,
//! weighted values, heads concatenated and projected).

use std::sync::Arc;

use bertlab_model::inspect::{AttentionComputation, Inspection, summarize_head};
use bertlab_model::link_values;
use leptos::prelude::*;

use super::frame::{Computing, Explain, LessonFrame, Problem, with_model};
use super::inspect::inspection;
use super::shared::{SentenceInputs, UnknownWords};
use super::{Lesson, Task};
use crate::compute::protocol::{Lane, Reply, Request};
use crate::compute::{Compute, latest};
use crate::i18n::{Language, bi, pick, said};
use crate::link;
use crate::progress::Progress;
use crate::state::{LoadedModel, Sentences};
use crate::widgets::colour::{head_colour, sequential};
use crate::widgets::{FigureTools, Heatmap, Scale, max_abs};

pub static LESSON: Lesson = Lesson {
    slug: "attention",
    title: ("Attention", "어텐션"),
    teaches: (
        "What each self-attention head looks at, layer by layer and head by head, the patterns heads learn (to [CLS], to [SEP], to the next word), and how one token's attention is computed.",
        "셀프 어텐션 헤드 하나하나가 층마다 무엇을 바라보는지, 헤드들이 배우는 패턴([CLS]로, [SEP]로, 다음 단어로), 그리고 토큰 하나의 어텐션이 계산되는 과정을 살펴봅니다.",
    ),
    tasks: &[
        Task {
            id: "attention.next",
            ask: (
                "Find the head that looks most at the next token (the table “what the heads mostly do” helps), and select it alone.",
                "다음 토큰을 가장 많이 보는 헤드를 찾아 그 헤드만 골라 보세요(“헤드가 주로 하는 일” 표가 도움이 됩니다).",
            ),
            notice: (
                "Some heads learn simple positional habits — look one to the right — without being told to.",
                "어떤 헤드는 시키지 않아도 “오른쪽 하나 보기” 같은 단순한 위치 습관을 배웁니다.",
            ),
            teacher: (
                "Why could looking at the next word help to guess a masked word?",
                "다음 단어를 보는 것이 가려진 단어를 맞히는 데 왜 도움이 될까요?",
            ),
        },
        Task {
            id: "attention.sep",
            ask: (
                "Find the head that sends the most attention to [SEP], and select it alone.",
                "[SEP]에 어텐션을 가장 많이 보내는 헤드를 찾아 그 헤드만 골라 보세요.",
            ),
            notice: (
                "A head with nothing useful to add for a token often parks its attention on [SEP] or [CLS].",
                "어떤 토큰에 보탤 것이 없는 헤드는 흔히 어텐션을 [SEP]나 [CLS]에 맡겨 둡니다.",
            ),
            teacher: (
                "If a head's weights must add up to 1, where can it put them when nothing is relevant?",
                "헤드의 가중치는 합이 1이어야 합니다. 관련 있는 것이 없을 때는 어디에 둘 수 있을까요?",
            ),
        },
        Task {
            id: "attention.compute",
            ask: (
                "Under “How one token's attention is computed”, pick another token and follow its numbers from q·k to the output.",
                "“토큰 하나의 어텐션 계산”에서 다른 토큰을 골라 q·k부터 출력까지 숫자를 따라가 보세요.",
            ),
            notice: (
                "The biggest score wins most of the weight after softmax, and the output is mostly that token's value.",
                "점수가 가장 큰 토큰이 softmax 뒤 가중치를 대부분 가져가고, 출력은 주로 그 토큰의 값 벡터가 됩니다.",
            ),
            teacher: (
                "Why divide q·k by √d before the softmax?",
                "softmax 전에 q·k를 왜 √d로 나눌까요?",
            ),
        },
    ],
    page: || view! { <AttentionLesson/> }.into_any(),
};

#[component]
fn AttentionLesson() -> impl IntoView {
    let sentences = Sentences::get();
    view! {
        <LessonFrame lesson=&LESSON>
            <Explain
                en="In every encoder layer, each token builds its new vector from all tokens of the input. How much it takes from each one is its attention: a row of weights that adds up to 1. BERT has several heads per layer, each with its own idea of what to look at, and the layers are stacked so later ones mix already-mixed vectors."
                ko="인코더의 각 층에서 토큰은 입력의 모든 토큰으로부터 자신의 새 벡터를 만듭니다. 각 토큰에서 얼마만큼 가져올지가 어텐션이며, 합이 1인 가중치 한 줄입니다. BERT는 층마다 여러 헤드를 두어 헤드마다 다른 것을 보게 하고, 층을 쌓아 뒤쪽 층이 이미 섞인 벡터를 다시 섞습니다."
            />
            <SentenceInputs sentences=sentences/>
            {with_model(move |model| view! {
                <UnknownWords model=model.clone() texts=Signal::derive(move || vec![sentences.a.get(), sentences.b.get()])/>
                <AttentionView model=model sentences=sentences/>
            })}
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
    // The head (layer, head) of the whole model that scores highest, for the current input.
    let best = move |score: fn(&bertlab_model::inspect::HeadSummary) -> f32| {
        result.with(|result| {
            let Some(Ok(seen)) = result else { return None };
            (0..seen.layers)
                .flat_map(|l| (0..seen.heads).map(move |h| (l, h)))
                .map(|(l, h)| {
                    (
                        (l, h),
                        score(&summarize_head(seen.attention(l, h), &seen.tokens)),
                    )
                })
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(at, _)| at)
        })
    };
    let chose = move |target: Option<(usize, usize)>| {
        target.is_some_and(|(l, h)| layer.get() == l && heads.get() == vec![h])
    };
    let progress = Progress::get();
    progress.when("attention.next", move || chose(best(|s| s.to_next)));
    progress.when("attention.sep", move || chose(best(|s| s.to_sep)));
    // In the link, layers and heads count from 1, as on screen.
    link::bind(
        "layer",
        layer,
        move |raw| link_values::layer_from_one(raw, layers),
        |l| (l + 1).to_string(),
    );
    link::bind(
        "heads",
        heads,
        move |raw| link_values::heads(raw, head_count),
        move |chosen| link_values::heads_to_link(chosen, head_count),
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
                Some(Err(fault)) => return view! { <Problem fault=fault/> }.into_any(),
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
                    <h2>{move || match language.get() {
                        Language::English => format!("What the heads of layer {} mostly do", layer_index + 1),
                        Language::Korean => format!("{}층의 헤드가 주로 하는 일", layer_index + 1),
                    }}</h2>
                    <HeadSummaries seen=seen.clone() layer=layer_index/>
                </section>
            }.into_any()
        }}
        <Computation model=model sentences=sentences layer=layer heads=heads/>
    }
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
        <svg class="head-view" translate="no" data-testid="attention-view" viewBox=format!("0 0 450 {height}") width="450" height=height
            role="img" aria-label=bi("attention lines from query tokens (left) to key tokens (right)", "쿼리 토큰(왼쪽)에서 키 토큰(오른쪽)으로 가는 어텐션 선")>
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
                {seen.tokens.iter().map(|token| view! { <span class="matrix-key" role="columnheader" translate="no">{token.clone()}</span> }).collect_view()}
            </div>
            {seen.tokens.iter().enumerate().map(|(query, token)| {
                let row = weights[query * seq..(query + 1) * seq].to_vec();
                let data = row.iter().map(|w| format!("{w:.5}")).collect::<Vec<_>>().join(",");
                view! {
                    <div class="matrix-row" role="row" data-testid="attention-row" data-weights=data style="display: contents">
                        <span class="matrix-query" role="rowheader" translate="no">{token.clone()}</span>
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
                        aria-label=said(format!("layer {} head {}", layer + 1, head + 1), format!("{}층 헤드 {}", layer + 1, head + 1))
                        on:click=move |_| on_pick.run((layer, head))>
                        <Heatmap values=seen.attention(layer, head).to_vec() rows=seq cols=seq row_labels=Vec::new()
                            scale=Scale::Probability label=said(format!("layer {} head {}", layer + 1, head + 1), format!("{}층 헤드 {}", layer + 1, head + 1))
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
            "엔트로피 0은 헤드가 한 토큰에만 집중한다는 뜻이고, log2(토큰 수)는 고르게 퍼진다는 뜻입니다. 어텐션 대부분을 [SEP]나 [CLS]로 보내는 헤드는 이 입력에서 보탤 것이 없어 “쉬고” 있는 경우가 많습니다.",
        )}</p>
    }
}

/// One token's attention in the first chosen head, worked through with the model's numbers.
#[component]
fn Computation(
    model: Arc<LoadedModel>,
    sentences: Sentences,
    layer: RwSignal<usize>,
    heads: RwSignal<Vec<usize>>,
) -> impl IntoView {
    let language = Language::signal();
    let compute = Compute::get();
    let query = RwSignal::new(1usize);
    let head = Memo::new(move |_| heads.with(|h| h.first().copied().unwrap_or(0)));
    let id = model.id;
    let steps = latest(
        move || {
            (
                sentences.a.get(),
                sentences.b.get(),
                layer.get(),
                head.get(),
                query.get(),
            )
        },
        move |(a, b, layer, head, query)| {
            let request = Request::Computation {
                model: id,
                a,
                b,
                layer,
                head,
                query,
                on: compute.inference(),
            };
            async move {
                match compute.call(Some(Lane::Computation), request).await? {
                    Reply::Computation(result) => Some(result.map(Arc::new)),
                    Reply::Done(Err(message)) => Some(Err(message)),
                    _ => None,
                }
            }
        },
    );
    Progress::get().when("attention.compute", move || {
        query.get() != 1
            && steps.with(|s| matches!(s, Some(Ok(steps)) if steps.query_token == query.get()))
    });
    view! {
        <section class="panel exportable computation" data-testid="attention-computation">
            <h2>{move || match language.get() {
                Language::English => format!("How one token's attention is computed · layer {}, head {}", layer.get() + 1, head.get() + 1),
                Language::Korean => format!("토큰 하나의 어텐션 계산 · {}층, 헤드 {}", layer.get() + 1, head.get() + 1),
            }}</h2>
            <FigureTools name="attention-computation"/>
            {move || match steps.get() {
                None => view! { <Computing/> }.into_any(),
                Some(Err(fault)) => view! { <Problem fault=fault/> }.into_any(),
                Some(Ok(steps)) => view! { <Steps steps=steps query=query/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Steps(steps: Arc<AttentionComputation>, query: RwSignal<usize>) -> impl IntoView {
    let language = Language::signal();
    let seq = steps.tokens.len();
    let d = steps.head_size;
    let hidden = steps.concatenated.len();
    let head_count = steps.heads;
    let token = steps
        .tokens
        .get(steps.query_token)
        .cloned()
        .unwrap_or_default();
    let scale = max_abs(&steps.keys)
        .max(max_abs(&steps.query))
        .max(max_abs(&steps.values));
    let labels = steps.tokens.clone();
    let row = |values: Vec<f32>, label: String, cols: usize, scale: f32| {
        view! {
            <Heatmap values=values rows=1 cols=cols row_labels=vec![String::new()] scale=Scale::Diverging(scale) label=label cell_height=22 width=420/>
        }
    };
    let wide = max_abs(&steps.concatenated)
        .max(max_abs(&steps.projected))
        .max(max_abs(&steps.input))
        .max(max_abs(&steps.output));
    view! {
        <label>{bi("Query token", "쿼리 토큰")}" "
            <select data-testid="computation-query" translate="no" prop:value=move || query.get().to_string()
                on:change=move |e| if let Ok(q) = event_target_value(&e).parse() { query.set(q) }>
                {steps.tokens.iter().enumerate().map(|(i, t)| view! { <option value=i.to_string()>{format!("{i}: {t}")}</option> }).collect_view()}
            </select>
        </label>
        <ol class="computation-steps">
            <li>
                <p>{move || match language.get() {
                    Language::English => format!("The query q of “{token}”: {d} numbers, made from its vector by this head's W_Q."),
                    Language::Korean => format!("“{token}”의 쿼리 q: 이 헤드의 W_Q로 토큰 벡터에서 만든 숫자 {d}개."),
                }}</p>
                {row(steps.query.clone(), said("query vector".into(), "쿼리 벡터".into()), d, scale)}
            </li>
            <li>
                <p>{bi("Every token's key k (W_K), the score q·k/√d of each, and softmax turning the scores into weights that add up to 1:",
                    "모든 토큰의 키 k(W_K), 각각의 점수 q·k/√d, 그리고 점수를 합이 1인 가중치로 바꾸는 softmax:")}</p>
                <div class="computation-keys">
                    <Heatmap values=steps.keys.clone() rows=seq cols=d row_labels=labels.clone() scale=Scale::Diverging(scale)
                        label=said(format!("{seq} key vectors"), format!("키 벡터 {seq}개")) cell_height=22 width=300/>
                    <table class="scores" data-testid="computation-scores">
                        <thead><tr><th scope="col">"q·k/√d"</th><th scope="col">{bi("weight", "가중치")}</th></tr></thead>
                        <tbody>
                            {steps.scores.iter().zip(&steps.weights).map(|(score, weight)| view! {
                                <tr data-weight=format!("{weight:.5}")>
                                    <td>{format!("{score:.2}")}</td>
                                    <td><span class="bar"><span style=format!("width: {:.1}%", weight * 100.0)></span></span>{format!(" {:.0}%", weight * 100.0)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </li>
            <li>
                <p>{bi("Every token's value v (W_V); the head's result is the sum of the values, each times its weight:",
                    "모든 토큰의 값 v(W_V). 헤드의 결과는 값마다 가중치를 곱해 더한 것입니다:")}</p>
                <Heatmap values=steps.values.clone() rows=seq cols=d row_labels=labels scale=Scale::Diverging(scale)
                    label=said(format!("{seq} value vectors"), format!("값 벡터 {seq}개")) cell_height=22 width=300/>
                <p class="operator">"Σ weight · v ="</p>
                {row(steps.context.clone(), said("this head's result".into(), "이 헤드의 결과".into()), d, scale)}
            </li>
            <li>
                <p>{move || match language.get() {
                    Language::English => format!("All {} heads' results side by side ({hidden} numbers), projected back by W_O, added to the token's input (the residual connection) and normalised: what this sub-layer hands to the feed-forward network.", head_count),
                    Language::Korean => format!("헤드 {}개의 결과를 이어 붙이고({hidden}개), W_O로 다시 투영한 뒤 토큰의 입력에 더하고(잔차 연결) 정규화합니다. 이것이 피드포워드 신경망으로 넘어갑니다.", head_count),
                }}</p>
                <div class="vector-row"><span class="vector-name">{bi("heads joined", "헤드 이어 붙이기")}</span>{row(steps.concatenated.clone(), said("concatenated heads".into(), "이어 붙인 헤드".into()), hidden, wide)}</div>
                <div class="vector-row"><span class="vector-name">"W_O ·"</span>{row(steps.projected.clone(), said("projected".into(), "투영한 결과".into()), hidden, wide)}</div>
                <div class="vector-row"><span class="vector-name">{bi("+ input", "+ 입력")}</span>{row(steps.input.clone(), said("the token's input".into(), "토큰의 입력".into()), hidden, wide)}</div>
                <div class="vector-row"><span class="vector-name">{bi("= LayerNorm", "= 정규화")}</span>{row(steps.output.clone(), said("the sub-layer's output".into(), "부분 층의 출력".into()), hidden, wide)}</div>
            </li>
        </ol>
    }
}
