//! Architecture: BERT-base and BERT-large side by side (every number computed from their
//! configs by the model crate), one encoder layer opened up, the heads on top, and the loaded
//! model's own shape and size.

use bertlab_model::{BertConfig, Preset};
use leptos::prelude::*;

use super::frame::{Explain, LessonFrame, with_model};
use super::{Lesson, Task};
use crate::i18n::{Language, bi};
use crate::progress::Progress;
use crate::widgets::FigureTools;

pub static LESSON: Lesson = Lesson {
    slug: "architecture",
    title: ("Architecture", "구조"),
    teaches: (
        "BERT-base and BERT-large side by side, one encoder layer opened up (attention, residual connection and normalisation, feed-forward), and the heads on top.",
        "BERT-base와 BERT-large를 나란히 비교하고, 인코더 층 하나(어텐션, 잔차 연결과 정규화, 피드포워드)와 그 위의 출력 헤드를 열어 봅니다.",
    ),
    tasks: &[
        Task {
            id: "architecture.heads",
            ask: (
                "How many attention heads does each layer of BERT-large have? Type it below.",
                "BERT-large의 층마다 어텐션 헤드가 몇 개인가요? 아래에 입력해 보세요.",
            ),
            notice: (
                "Large has more heads, but each head is the same width as in base: 64 numbers.",
                "large는 헤드가 더 많지만, 헤드 하나의 폭은 base와 같이 64입니다.",
            ),
            teacher: (
                "Why split one layer's attention into many narrow heads instead of one wide one?",
                "한 층의 어텐션을 넓은 헤드 하나 대신 좁은 헤드 여러 개로 나누는 까닭은 무엇일까요?",
            ),
        },
        Task {
            id: "architecture.largest",
            ask: (
                "Which part of the model loaded now has the most parameters? Pick it below.",
                "지금 불러온 모델에서 매개변수가 가장 많은 부분은 어디일까요? 아래에서 골라 보세요.",
            ),
            notice: (
                "In a tiny model the embeddings can outweigh all the layers; in BERT-base the encoder does.",
                "아주 작은 모델에서는 임베딩이 모든 층보다 클 수 있지만, BERT-base에서는 인코더가 가장 큽니다.",
            ),
            teacher: (
                "What happens to the embedding table's size if the vocabulary doubles?",
                "어휘 사전이 두 배가 되면 임베딩 표의 크기는 어떻게 될까요?",
            ),
        },
    ],
    page: || view! { <ArchitectureLesson/> }.into_any(),
};

fn millions(count: usize) -> String {
    format!("{:.1} M", count as f64 / 1e6)
}

/// 1524514 → "1,524,514": seven-digit counts are read more easily in groups (both languages).
fn grouped(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn megabytes(count: usize) -> String {
    format!("{:.1} MB", count as f64 * 4.0 / 1e6)
}

#[component]
fn ArchitectureLesson() -> impl IntoView {
    let presets = [
        ("BERT-base", Preset::Base.config()),
        ("BERT-large", Preset::Large.config()),
    ];
    view! {
        <LessonFrame lesson=&LESSON>
            <Explain
                en="BERT is the encoder half of the Transformer, stacked: the same layer repeated L times, each with self-attention and a feed-forward network. The two published sizes differ only in how many layers, how wide the vectors and how many attention heads."
                ko="BERT는 트랜스포머의 인코더 부분만 쌓아 만든 모델입니다. 같은 층을 L번 반복하고, 각 층에는 셀프 어텐션과 피드포워드 신경망이 있습니다. 공개된 두 크기는 층 수, 벡터의 폭, 어텐션 헤드 수만 다릅니다."
            />
            <table class="compare" data-testid="preset-table">
                <thead><tr><th></th>
                    {presets.iter().map(|(name, _)| view! { <th data-testid="preset-name">{*name}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    <ConfigRows configs=presets.iter().map(|(_, c)| c.clone()).collect()/>
                </tbody>
            </table>
            <PaperCounts/>
            <HeadsQuiz/>
            <div class="diagrams">
                <section class="panel exportable">
                    <h2>{bi("One encoder layer (post-LN, as in BERT)", "인코더 층 하나 (BERT처럼 정규화가 뒤에)")}</h2>
                    <FigureTools name="bert-encoder-layer"/>
                    <LayerDiagram/>
                </section>
                <section class="panel exportable">
                    <h2>{bi("The heads on top", "맨 위의 출력 헤드")}</h2>
                    <FigureTools name="bert-heads"/>
                    <HeadsDiagram/>
                </section>
            </div>
            <section class="panel" data-testid="loaded-model">
                <h2>{bi("The model loaded now", "지금 불러온 모델")}</h2>
                {with_model(|model| {
                    let absent = model.absent_heads.clone();
                    view! {
                        <p><strong>{model.name.clone()}</strong></p>
                        <table class="compare"><tbody>
                            <ConfigRows configs=vec![model.config().clone()]/>
                        </tbody></table>
                        <PartsTable config=model.config().clone()/>
                        <LargestQuiz config=model.config().clone()/>
                        {(!absent.is_empty()).then(|| view! {
                            <p class="notice">{bi("Not in this checkpoint: ", "이 체크포인트에 없는 부분: ")}{absent.join(", ")}</p>
                        })}
                    }
                })}
            </section>
        </LessonFrame>
    }
}

#[component]
fn ConfigRows(configs: Vec<BertConfig>) -> impl IntoView {
    let row = |en: &'static str, ko: &'static str, value: fn(&BertConfig) -> String| {
        let cells = configs
            .iter()
            .map(|config| view! { <td>{value(config)}</td> })
            .collect_view();
        view! { <tr><th scope="row">{bi(en, ko)}</th>{cells}</tr> }
    };
    view! {
        {row("Layers (L)", "층 수 (L)", |c| c.num_hidden_layers.to_string())}
        {row("Hidden size (H)", "은닉 크기 (H)", |c| c.hidden_size.to_string())}
        {row("Attention heads (A)", "어텐션 헤드 (A)", |c| c.num_attention_heads.to_string())}
        {row("Size of one head (H / A)", "헤드 하나의 크기 (H / A)", |c| c.head_size().to_string())}
        {row("Feed-forward size", "피드포워드 크기", |c| c.intermediate_size.to_string())}
        {row("Vocabulary", "어휘 수", |c| c.vocab_size.to_string())}
        {row("Positions", "최대 위치 수", |c| c.max_position_embeddings.to_string())}
        {row("Parameters (BertModel)", "매개변수 (BertModel)", |c| millions(c.parameter_counts().bert_model()))}
        {row("Weights in float32", "float32 가중치 크기", |c| megabytes(c.parameter_counts().bert_for_pretraining()))}
    }
}

#[component]
fn PartsTable(config: BertConfig) -> impl IntoView {
    let counts = config.parameter_counts();
    let parts = [
        (
            "Embeddings (token, position, segment, LayerNorm)",
            "임베딩 (토큰, 위치, 세그먼트, 정규화)",
            counts.embeddings,
        ),
        ("One encoder layer", "인코더 층 하나", counts.per_layer),
        ("All encoder layers", "인코더 전체", counts.encoder),
        (
            "Pooler ([CLS] → tanh)",
            "풀러 ([CLS] → tanh)",
            counts.pooler,
        ),
        (
            "MLM head (decoder tied to the token embeddings)",
            "MLM 헤드 (디코더는 토큰 임베딩과 공유)",
            counts.mlm_head,
        ),
        ("NSP head", "NSP 헤드", counts.nsp_head),
    ];
    let total = counts.bert_for_pretraining();
    view! {
        <table class="parts" data-testid="parameter-parts">
            <tbody>
                {parts.into_iter().map(|(en, ko, count)| view! {
                    <tr>
                        <th scope="row">{bi(en, ko)}</th>
                        <td>{grouped(count)}</td>
                        <td class="share"><span class="bar"><span style=format!("width: {:.1}%", 100.0 * count as f64 / total as f64)></span></span></td>
                    </tr>
                }).collect_view()}
                <tr class="total"><th scope="row">{bi("Total", "합계")}</th><td data-testid="parameter-total">{grouped(total)}</td><td></td></tr>
            </tbody>
        </table>
    }
}

/// A vertical stack of boxes joined by arrows, bottom first: (English, Korean, fill).
fn stack(
    boxes: &'static [(&'static str, &'static str, &'static str)],
    label: (&'static str, &'static str),
) -> impl IntoView {
    let height = boxes.len() as f64 * 62.0 + 10.0;
    view! {
        <svg class="diagram" viewBox=format!("0 0 300 {height}") width="300" height=height role="img" aria-label=bi(label.0, label.1)>
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" fill="#1f3a5f"/>
                </marker>
            </defs>
            {boxes.iter().rev().enumerate().map(|(index, (en, ko, fill))| {
                let y = 10.0 + index as f64 * 62.0;
                view! {
                    <g>
                        <rect x="40" y=y width="220" height="40" rx="8" fill=*fill stroke="#1f3a5f"/>
                        <text x="150" y=y + 25.0 text-anchor="middle" class="diagram-text">{bi(en, ko)}</text>
                        {(index + 1 < boxes.len()).then(|| view! {
                            <line x1="150" y1=y + 62.0 x2="150" y2=y + 42.0 stroke="#1f3a5f" stroke-width="2" marker-end="url(#arrow)"/>
                        })}
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

#[component]
fn LayerDiagram() -> impl IntoView {
    view! {
        {stack(&[
            ("input: one vector per token", "입력: 토큰마다 벡터 하나", "#f3f1ec"),
            ("multi-head self-attention", "멀티 헤드 셀프 어텐션", "#cfe3f3"),
            ("add input back & LayerNorm", "잔차 연결과 층 정규화", "#fff3d6"),
            ("feed-forward: H → 4H → H, GELU", "피드포워드: H → 4H → H, GELU", "#d9f0e6"),
            ("add & LayerNorm", "잔차 연결과 층 정규화", "#fff3d6"),
            ("output → next layer", "출력 → 다음 층", "#f3f1ec"),
        ], (
            "encoder layer: attention, add and norm, feed-forward, add and norm",
            "인코더 층: 어텐션, 잔차 연결과 정규화, 피드포워드, 잔차 연결과 정규화",
        ))}
        <p class="muted">{bi(
            "“Add” is the residual connection: each sub-layer's result is added to its input, so information can pass through unchanged. BERT normalises after adding (post-LN).",
            "잔차 연결(Add)은 각 부분 층의 결과를 입력에 더해, 정보가 그대로 지나갈 수 있게 합니다. BERT는 더한 뒤에 정규화합니다(post-LN).",
        )}</p>
    }
}

#[component]
fn HeadsDiagram() -> impl IntoView {
    view! {
        <svg class="diagram" viewBox="0 0 420 230" width="420" height="230" role="img"
            aria-label=bi(
                "heads: the last layer's [CLS] vector goes through the pooler to the next-sentence and classifier heads; every token's vector goes to the masked-word head",
                "헤드: 마지막 층의 [CLS] 벡터는 풀러를 거쳐 다음 문장 헤드와 분류기로, 모든 토큰의 벡터는 마스크 단어 헤드로 갑니다",
            )>
            <rect x="10" y="180" width="400" height="40" rx="8" fill="#f3f1ec" stroke="#1f3a5f"/>
            <text x="210" y="205" text-anchor="middle" class="diagram-text">{bi("last encoder layer: [CLS] t1 t2 … [SEP]", "마지막 인코더 층: [CLS] t1 t2 … [SEP]")}</text>
            <rect x="10" y="100" width="170" height="40" rx="8" fill="#cfe3f3" stroke="#1f3a5f"/>
            <text x="95" y="125" text-anchor="middle" class="diagram-text">{bi("pooler: tanh(W·[CLS])", "풀러: tanh(W·[CLS])")}</text>
            <rect x="10" y="20" width="80" height="44" rx="8" fill="#fff3d6" stroke="#1f3a5f"/>
            <text x="50" y="40" text-anchor="middle" class="diagram-text">"NSP"</text>
            <text x="50" y="56" text-anchor="middle" class="diagram-small">"IsNext?"</text>
            <rect x="100" y="20" width="90" height="44" rx="8" fill="#fff3d6" stroke="#1f3a5f"/>
            <text x="145" y="40" text-anchor="middle" class="diagram-text">{bi("classifier", "분류기")}</text>
            <text x="145" y="56" text-anchor="middle" class="diagram-small">{bi("fine-tuning", "파인튜닝")}</text>
            <rect x="230" y="60" width="180" height="80" rx="8" fill="#d9f0e6" stroke="#1f3a5f"/>
            <text x="320" y="88" text-anchor="middle" class="diagram-text">{bi("MLM head, every token", "MLM 헤드, 모든 토큰")}</text>
            <text x="320" y="106" text-anchor="middle" class="diagram-small">"dense + GELU + LayerNorm"</text>
            <text x="320" y="122" text-anchor="middle" class="diagram-small">{bi("× token embeddingsᵀ → word", "× 토큰 임베딩ᵀ → 단어")}</text>
            <g stroke="#1f3a5f" stroke-width="2" fill="none">
                <path d="M 60 180 L 60 140"/><path d="M 60 100 L 50 64"/><path d="M 120 100 L 145 64"/>
                <path d="M 320 180 L 320 140"/>
            </g>
        </svg>
        <p class="muted">{bi(
            "Only [CLS] feeds the sentence-level heads (next-sentence prediction in pre-training, a classifier when fine-tuning). The masked-word head reads every token and reuses the token-embedding matrix as its output layer.",
            "문장 단위 헤드(사전 학습의 다음 문장 예측, 파인튜닝의 분류기)에는 [CLS]만 들어갑니다. 마스크 단어 헤드는 모든 토큰을 읽고, 토큰 임베딩 행렬을 출력층으로 다시 씁니다.",
        )}</p>
    }
}

/// The paper's rounded sizes next to the exact counts.
#[component]
fn PaperCounts() -> impl IntoView {
    let language = Language::signal();
    let count = |preset: Preset| preset.config().parameter_counts();
    let (base, large) = (count(Preset::Base), count(Preset::Large));
    let m = |n: usize| format!("{:.1} M", n as f64 / 1e6);
    view! {
        <p class="muted" data-testid="paper-counts">{move || match language.get() {
            Language::English => format!(
                "The BERT paper rounds these to 110 M and 340 M. Counted exactly from the configs, Hugging Face's BertModel (embeddings, encoder, pooler) has {} and {}; the pre-training heads add {} and {} more (the masked-word head reuses the word embeddings, so it adds little).",
                m(base.bert_model()), m(large.bert_model()),
                m(base.bert_for_pretraining() - base.bert_model()), m(large.bert_for_pretraining() - large.bert_model()),
            ),
            Language::Korean => format!(
                "BERT 논문은 이를 110M, 340M으로 반올림해 적었습니다. 설정에서 정확히 세면 Hugging Face의 BertModel(임베딩, 인코더, 풀러)은 {}, {}이고, 사전 학습 헤드가 {}, {}를 더합니다(마스크 단어 헤드는 단어 임베딩을 다시 쓰므로 조금만 더합니다).",
                m(base.bert_model()), m(large.bert_model()),
                m(base.bert_for_pretraining() - base.bert_model()), m(large.bert_for_pretraining() - large.bert_model()),
            ),
        }}</p>
    }
}

/// "How many heads per layer does BERT-large have?", checked against its config.
#[component]
fn HeadsQuiz() -> impl IntoView {
    let answer = RwSignal::new(String::new());
    let right = Preset::Large.config().num_attention_heads;
    let correct = move || answer.with(|a| a.trim().parse::<usize>().ok() == Some(right));
    Progress::get().when("architecture.heads", correct);
    view! {
        <div class="quiz" data-testid="heads-quiz">
            <label>{bi("Heads per layer in BERT-large:", "BERT-large의 층당 헤드 수:")}" "
                <input type="number" min="1" max="64" data-testid="heads-answer" prop:value=answer
                    on:input=move |e| answer.set(event_target_value(&e))/>
            </label>
            {move || (!answer.with(|a| a.trim().is_empty())).then(|| if correct() {
                view! { <span class="quiz-right">{bi(" ✓ right", " ✓ 맞습니다")}</span> }.into_any()
            } else {
                view! { <span class="quiz-wrong">{bi(" not quite: look at the table above", " 아직 아닙니다. 위의 표를 보세요")}</span> }.into_any()
            })}
        </div>
    }
}

/// "Which part of the loaded model has the most parameters?", checked against its counts.
#[component]
fn LargestQuiz(config: BertConfig) -> impl IntoView {
    let counts = config.parameter_counts();
    let parts = [
        ("embeddings", "Embeddings", "임베딩", counts.embeddings),
        (
            "encoder",
            "All encoder layers",
            "인코더 전체",
            counts.encoder,
        ),
        (
            "heads",
            "Pooler and heads",
            "풀러와 헤드",
            counts.pooler + counts.mlm_head + counts.nsp_head,
        ),
    ];
    let largest = parts
        .iter()
        .max_by_key(|p| p.3)
        .map(|p| p.0)
        .unwrap_or("encoder");
    let choice = RwSignal::new(String::new());
    let correct = move || choice.with(|c| c == largest);
    Progress::get().when("architecture.largest", correct);
    view! {
        <div class="quiz" data-testid="largest-quiz">
            <label>{bi("The largest part of this model:", "이 모델에서 가장 큰 부분:")}" "
                <select data-testid="largest-answer" on:change=move |e| choice.set(event_target_value(&e))>
                    <option value="">"—"</option>
                    {parts.map(|(value, en, ko, _)| view! { <option value=value>{bi(en, ko)}</option> }).collect_view()}
                </select>
            </label>
            {move || (!choice.with(String::is_empty)).then(|| if correct() {
                view! { <span class="quiz-right">{bi(" ✓ right", " ✓ 맞습니다")}</span> }.into_any()
            } else {
                view! { <span class="quiz-wrong">{bi(" not this one: compare the bars", " 이것은 아닙니다. 막대를 비교해 보세요")}</span> }.into_any()
            })}
        </div>
    }
}
