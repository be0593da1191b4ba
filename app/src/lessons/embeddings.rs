//! Embeddings: every token starts as the sum of three learned vectors — its token, its segment
//! and its position — and LayerNorm rescales the sum. Heatmaps show all of them for the current
//! input; one token's three vectors and their sum sit side by side.

use std::sync::Arc;

use bertlab_model::inspect::Inspection;
use leptos::prelude::*;

use super::Lesson;
use super::frame::{Computing, Explain, LessonFrame, Problem, with_model};
use super::inspect::inspection;
use super::tokens::SentenceInputs;
use crate::i18n::{Language, bi, pick};
use crate::state::{LoadedModel, Sentences};
use crate::widgets::{FigureTools, Heatmap, Scale, max_abs};

#[component]
pub fn EmbeddingsLesson() -> impl IntoView {
    let sentences = Sentences::get();
    view! {
        <LessonFrame lesson=Lesson::Embeddings>
            <Explain
                en="Before any attention happens, each token is turned into a vector of numbers (hidden size H). BERT adds three learned vectors: the token's own embedding (what the piece is), a segment embedding (A or B) and a position embedding (where it stands). The sum goes through LayerNorm, which rescales every token's vector to mean 0 and spread 1, then through the encoder layers."
                ko="어텐션이 일어나기 전에, 각 토큰은 숫자 벡터(크기 H)로 바뀝니다. BERT는 학습된 세 벡터를 더합니다: 토큰 자신의 임베딩(어떤 조각인지), 세그먼트 임베딩(A인지 B인지), 위치 임베딩(몇 번째인지). 그 합은 레이어 정규화를 거쳐 토큰마다 평균 0, 퍼짐 1로 맞춰진 뒤 인코더 층으로 들어갑니다."
            />
            <SentenceInputs sentences=sentences/>
            {with_model(move |model| view! { <EmbeddingView model=model sentences=sentences/> })}
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
    move || {
        let seen = match result.get() {
            None => return view! { <Computing/> }.into_any(),
            Some(Err(message)) => return view! { <Problem message=message/> }.into_any(),
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
            "레이어 정규화 후 (1층의 입력)",
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
            "{seq} {} × {hidden} {}",
            pick(language.get(), "tokens", "개 토큰"),
            pick(language.get(), "dimensions. Click a token to compare its vectors.", "차원. 토큰을 누르면 그 벡터들을 비교합니다."),
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
                                scale=Scale::Diverging(shared) label=format!("{en} of token {row}") cell_height=22 width=560/>
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
