//! Embeddings: every token starts as the sum of three learned vectors — its token, its segment
//! and its position — and LayerNorm rescales the sum. Heatmaps show all of them for the current
//! input; one token's three vectors and their sum sit side by side.

use std::sync::Arc;

use bertlab_model::inspect::Inspection;
use leptos::prelude::*;

use super::frame::{Computing, Explain, LessonFrame, Problem, with_model};
use super::inspect::inspection;
use super::shared::{SentenceInputs, UnknownWords};
use super::{Lesson, Task};
use crate::i18n::{Language, bi, pick, said};
use crate::progress::Progress;
use crate::state::{LoadedModel, Sentences};
use crate::widgets::{FigureTools, Heatmap, Scale, max_abs};

pub static LESSON: Lesson = Lesson {
    slug: "embeddings",
    title: ("Embeddings", "임베딩"),
    teaches: (
        "The three embeddings every token gets (token, segment, position), how they are added up, and what LayerNorm does to the sum.",
        "각 토큰이 받는 세 가지 임베딩(토큰, 세그먼트, 위치)과 이들을 더하는 방법, 그리고 그 합에 층 정규화(LayerNorm)가 하는 일을 배웁니다.",
    ),
    tasks: &[
        Task {
            id: "embeddings.token",
            ask: (
                "Click another token in a heatmap to see its three vectors and their sum side by side.",
                "히트맵에서 다른 토큰을 눌러 그 토큰의 세 벡터와 합을 나란히 보세요.",
            ),
            notice: (
                "The token vector is the largest part; segment and position nudge it.",
                "토큰 벡터가 가장 큰 몫을 차지하고, 세그먼트와 위치 벡터는 그것을 조금씩 옮깁니다.",
            ),
            teacher: (
                "If we left out the position vector, what would the model no longer know?",
                "위치 벡터를 빼면 모델은 무엇을 모르게 될까요?",
            ),
        },
        Task {
            id: "embeddings.same-word",
            ask: (
                "Use the same word twice in one sentence (“the cow and the cow”): compare its two rows.",
                "한 문장에 같은 단어를 두 번 써 보세요(“소와 소”). 두 줄을 비교해 보세요.",
            ),
            notice: (
                "Same token vector, different position vectors: the sum, and everything after it, differs.",
                "토큰 벡터는 같고 위치 벡터는 다릅니다. 그래서 합과 그 뒤의 모든 것이 달라집니다.",
            ),
            teacher: (
                "Why does BERT learn its position vectors instead of using the Transformer's sine waves?",
                "BERT는 왜 트랜스포머의 사인 파동 대신 위치 벡터를 학습할까요?",
            ),
        },
    ],
    page: || view! { <EmbeddingsLesson/> }.into_any(),
};

#[component]
fn EmbeddingsLesson() -> impl IntoView {
    let sentences = Sentences::get();
    view! {
        <LessonFrame lesson=&LESSON>
            <Explain
                en="Before any attention happens, each token is turned into a vector of numbers (hidden size H). BERT adds three learned vectors: the token's own embedding (what the piece is), a segment embedding (A or B) and a position embedding (where it stands). The sum goes through LayerNorm: each token's vector is shifted to mean 0 and scaled to standard deviation 1, and then multiplied by a learned scale (γ) and shifted by a learned offset (β) — which is why the heatmap after LayerNorm is not exactly centred. Then it enters the encoder layers."
                ko="어텐션이 일어나기 전에, 각 토큰은 숫자 벡터(크기 H)로 바뀝니다. BERT는 학습된 세 벡터를 더합니다: 토큰 자신의 임베딩(어떤 조각인지), 세그먼트 임베딩(A인지 B인지), 위치 임베딩(몇 번째인지). 그 합은 층 정규화(LayerNorm)를 거칩니다. 토큰마다 벡터를 평균 0, 표준편차 1로 맞춘 뒤, 학습된 배율(γ)을 곱하고 학습된 이동값(β)을 더합니다. 그래서 정규화 뒤 히트맵의 중심이 정확히 0은 아닙니다. 그다음 인코더 층으로 들어갑니다."
            />
            <SentenceInputs sentences=sentences/>
            {with_model(move |model| view! {
                <UnknownWords model=model.clone() texts=Signal::derive(move || vec![sentences.a.get(), sentences.b.get()])/>
                <EmbeddingView model=model sentences=sentences/>
            })}
            <aside class="note">
                <Explain
                    en="The original Transformer did not learn positions: it added fixed sine and cosine waves. BERT learns one position vector per position instead (max_position_embeddings of them, 512 in BERT-base), which is also why it cannot read more tokens than that."
                    ko="원래 트랜스포머는 위치를 학습하지 않고 고정된 사인·코사인 파동을 더했습니다. BERT는 위치마다 벡터 하나를 학습합니다(max_position_embeddings개, BERT-base는 512개). 그래서 그보다 긴 입력은 읽을 수 없습니다."
                />
            </aside>
        </LessonFrame>
    }
}

#[component]
fn EmbeddingView(model: Arc<LoadedModel>, sentences: Sentences) -> impl IntoView {
    let result = inspection(model, sentences);
    let selected = RwSignal::new(1usize);
    let progress = Progress::get();
    progress.when("embeddings.token", move || selected.get() != 1);
    // A word used twice in one sentence, as the model received it.
    progress.when("embeddings.same-word", move || {
        result.with(|seen| {
            let Some(Ok(seen)) = seen else { return false };
            let words: Vec<(usize, &String)> = seen
                .tokens
                .iter()
                .enumerate()
                .filter(|(_, t)| !t.starts_with('['))
                .collect();
            let segment = |i: usize| seen.segments.get(i).copied();
            words.iter().enumerate().any(|(n, (i, a))| {
                words[n + 1..]
                    .iter()
                    .any(|(j, b)| a == b && segment(*i) == segment(*j))
            })
        })
    });
    move || {
        let seen = match result.get() {
            None => return view! { <Computing/> }.into_any(),
            Some(Err(fault)) => return view! { <Problem fault=fault/> }.into_any(),
            Some(Ok(seen)) => seen,
        };
        view! { <Parts seen=seen selected=selected/> }.into_any()
    }
}

#[component]
fn Parts(seen: Arc<Inspection>, selected: RwSignal<usize>) -> impl IntoView {
    let language = Language::signal();
    let parts = &seen.embeddings;
    // One scale for the three parts and their sum, so their sizes can be compared by eye.
    let shared = max_abs(&parts.sum)
        .max(max_abs(&parts.token))
        .max(max_abs(&parts.segment))
        .max(max_abs(&parts.position));
    let panels: [(&str, &str, &str, Vec<f32>, f32); 5] = [
        (
            "token",
            "Token embeddings",
            "토큰 임베딩",
            parts.token.clone(),
            shared,
        ),
        (
            "segment",
            "Segment embeddings",
            "세그먼트 임베딩",
            parts.segment.clone(),
            shared,
        ),
        (
            "position",
            "Position embeddings",
            "위치 임베딩",
            parts.position.clone(),
            shared,
        ),
        (
            "sum",
            "Sum (token + segment + position)",
            "합 (토큰 + 세그먼트 + 위치)",
            parts.sum.clone(),
            shared,
        ),
        (
            "normalized",
            "After LayerNorm (what layer 1 reads)",
            "층 정규화 후 (1층의 입력)",
            parts.normalized.clone(),
            max_abs(&parts.normalized),
        ),
    ];
    let seq = seen.seq;
    let hidden = seen.hidden;
    let labels: Vec<String> = seen.tokens.clone();
    let on_row = Callback::new(move |row: usize| selected.set(row));
    let vector_seen = seen.clone();
    view! {
        <p class="muted">{move || format!(
            "{} · {}",
            match language.get() {
                crate::i18n::Language::English => format!("{seq} tokens × {hidden} dimensions"),
                crate::i18n::Language::Korean => format!("토큰 {seq}개 × {hidden}차원"),
            },
            pick(language.get(), "click a token to compare its vectors.", "토큰을 누르면 그 벡터들을 비교합니다."),
        )}</p>
        <div class="embedding-grid" data-testid="embedding-heatmaps">
            {panels.into_iter().map(|(id, en, ko, values, scale)| {
                let labels = labels.clone();
                view! {
                    <section class="panel exportable" data-testid=format!("embedding-{id}")>
                        <h2>{bi(en, ko)}</h2>
                        <FigureTools name="embedding"/>
                        {move || view! {
                            <Heatmap
                                values=values.clone()
                                rows=seq
                                cols=hidden
                                row_labels=labels.clone()
                                scale=Scale::Diverging(scale)
                                label=format!("{en}: {seq} × {hidden}")
                                selected_row=selected.get()
                                on_row=on_row
                                cell_height=24
                                width=330
                            />
                        }}
                    </section>
                }
            }).collect_view()}
        </div>
        <section class="panel exportable vector-sum" data-testid="token-vectors">
            <FigureTools name="token-vectors"/>
            {move || {
                let row = selected.get().min(seq - 1);
                let seen = &vector_seen;
                let parts = &seen.embeddings;
                let strip = |en: &'static str, ko: &'static str, values: &[f32]| {
                    let values = seen.row(values, row).to_vec();
                    view! {
                        <div class="vector-row">
                            <span class="vector-name">{bi(en, ko)}</span>
                            <Heatmap values=values rows=1 cols=hidden row_labels=vec![String::new()]
                                scale=Scale::Diverging(shared) label=said(format!("{en} of token {row}"), format!("토큰 {row}의 {ko}")) cell_height=22 width=560/>
                        </div>
                    }
                };
                let name = seen_token(seen, row);
                view! {
                    <h2>{move || format!("{} “{name}” (#{row})", pick(language.get(), "The vectors of", "토큰 벡터:"))}</h2>
                    {strip("token", "토큰", &parts.token)}
                    <div class="operator">"+"</div>
                    {strip("segment", "세그먼트", &parts.segment)}
                    <div class="operator">"+"</div>
                    {strip("position", "위치", &parts.position)}
                    <div class="operator">"="</div>
                    {strip("sum", "합", &parts.sum)}
                }
            }}
            <p class="legend"><span class="swatch negative"></span>{bi("negative", "음수")}
                <span class="swatch zero"></span>"0"<span class="swatch positive"></span>{bi("positive", "양수")}</p>
        </section>
    }
}

fn seen_token(seen: &Inspection, row: usize) -> String {
    seen.tokens.get(row).cloned().unwrap_or_default()
}
