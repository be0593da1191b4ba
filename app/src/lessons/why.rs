//! Why pre-train? The article's first half: labelled data is costly, transfer learning reuses a
//! model trained once (as vision reuses ImageNet backbones), and self-supervised pre-training
//! lets the text be its own label — one pre-trained model, one small head per task. Live: what
//! pre-training alone put close together in the shipped model's embedding table, what context
//! does to one word, and the fine-tuning lesson's result when the learner has run it.

use std::sync::Arc;

use bertlab_model::inspect::{ContextualVectors, Neighbours, cosine};
use leptos::prelude::*;
use leptos_router::components::A;

use super::frame::{Computing, Explain, LessonFrame, Problem, with_model};
use super::shared::UnknownWords;
use super::{Lesson, Task};
use crate::compute::protocol::{Lane, Reply, Request};
use crate::compute::{Compute, latest};
use crate::finetuning::FineTuning;
use crate::i18n::{Language, bi, pick};
use crate::progress::Progress;
use crate::state::LoadedModel;

pub static LESSON: Lesson = Lesson {
    slug: "why",
    title: ("Why pre-train?", "왜 사전 학습인가?"),
    teaches: (
        "Why labelled data is the bottleneck, how transfer learning reuses one model for many tasks, and how text can be its own label (self-supervised learning).",
        "정답이 달린 데이터가 왜 병목인지, 전이 학습이 모델 하나를 여러 과제에 어떻게 다시 쓰는지, 그리고 글이 어떻게 스스로 정답이 되는지(자기 지도 학습) 배웁니다.",
    ),
    tasks: &[
        Task {
            id: "why.neighbours",
            ask: (
                "Look up the nearest neighbours of three different words.",
                "서로 다른 단어 세 개의 가장 가까운 이웃을 찾아보세요.",
            ),
            notice: (
                "Words used in similar sentences ended up close, though nobody labelled a single word.",
                "비슷한 문장에 쓰인 단어끼리 가까워졌습니다. 단어 하나에도 정답을 단 사람은 없었습니다.",
            ),
            teacher: (
                "What would it cost to label, by hand, which of 30,000 words are alike?",
                "단어 3만 개 가운데 어느 것이 비슷한지 사람이 직접 표시하려면 얼마나 들까요?",
            ),
        },
        Task {
            id: "why.context",
            ask: (
                "Change the two sentences so the same word means different things, and compare its two vectors.",
                "두 문장을 바꿔 같은 단어가 서로 다른 뜻이 되게 하고, 그 단어의 두 벡터를 비교해 보세요.",
            ),
            notice: (
                "The table gives the word one vector; after BERT's layers it has one per sentence.",
                "표는 단어에 벡터 하나만 주지만, BERT의 층을 지나면 문장마다 벡터가 하나씩 생깁니다.",
            ),
            teacher: (
                "Which is more useful for a task like translation: one vector per word, or one per use?",
                "번역 같은 과제에는 무엇이 더 쓸모 있을까요? 단어마다 벡터 하나, 아니면 쓰임마다 하나?",
            ),
        },
        Task {
            id: "why.finetune",
            ask: (
                "Run the comparison in the Fine-tuning lesson, then come back: how much did pre-training help?",
                "파인튜닝 강의에서 비교 학습을 돌린 뒤 돌아와 보세요. 사전 학습이 얼마나 도움이 되었나요?",
            ),
            notice: (
                "The same few labelled sentences teach far more to a model that was pre-trained first.",
                "똑같이 적은 정답 문장이라도, 먼저 사전 학습한 모델은 훨씬 많이 배웁니다.",
            ),
            teacher: (
                "Pre-training is expensive once; fine-tuning is cheap every time. Who should pay for which?",
                "사전 학습은 한 번 비싸고, 파인튜닝은 매번 쌉니다. 누가 어느 쪽 비용을 내는 것이 좋을까요?",
            ),
        },
    ],
    page: || view! { <WhyLesson/> }.into_any(),
};

#[component]
fn WhyLesson() -> impl IntoView {
    view! {
        <LessonFrame lesson=&LESSON>
            <Explain
                en="Deep learning needs data, and most tasks — classifying texts, answering questions, summarising — need labelled data: someone must mark every example with the right answer, for every task again, and in fields like medicine or law only experts can. Training a new model from scratch for each task also costs time and computing power, and a model trained on one kind of text does badly on another."
                ko="딥러닝에는 데이터가 필요하고, 대부분의 과제(글 분류, 질의응답, 요약)에는 정답이 달린 데이터가 필요합니다. 과제마다 누군가 예시 하나하나에 정답을 달아야 하고, 의료나 법률 같은 분야에서는 전문가만 할 수 있습니다. 과제마다 모델을 처음부터 학습하려면 시간과 계산 자원도 많이 들고, 한 분야의 글로 학습한 모델은 다른 분야의 글에서 잘하지 못합니다."
            />
            <Explain
                en="Transfer learning reuses a model trained once. Computer vision did it first: a network trained on ImageNet's millions of photos becomes the backbone of object detection or segmentation, and only a small part is trained for the new task. For language, the question was what to pre-train on without labels. The answer is self-supervised learning: hide words of ordinary text and ask the model to guess them — the text itself is the label, so any amount of it from books and the web can be used."
                ko="전이 학습은 한 번 학습한 모델을 다시 씁니다. 컴퓨터 비전이 먼저 했습니다. ImageNet의 사진 수백만 장으로 학습한 신경망을 물체 탐지나 분할의 백본으로 쓰고, 새 과제를 위해서는 작은 부분만 학습합니다. 언어에서는 정답 없이 무엇으로 사전 학습할지가 문제였습니다. 답은 자기 지도 학습입니다. 평범한 글의 단어를 가리고 모델에게 맞히게 하면, 글 자체가 정답이 되므로 책과 웹의 글을 얼마든지 쓸 수 있습니다."
            />
            <PretrainFinetuneDiagram/>
            {with_model(|model| view! { <WhatPretrainingLearned model=model/> })}
            <FineTuneResult/>
        </LessonFrame>
    }
}

/// One pre-trained model, one small head per task.
#[component]
fn PretrainFinetuneDiagram() -> impl IntoView {
    let language = Language::signal();
    let t = move |en: &'static str, ko: &'static str| move || pick(language.get(), en, ko);
    view! {
        <section class="panel exportable" data-testid="transfer-diagram">
            <h2>{bi("Pre-train once, fine-tune for each task", "한 번 사전 학습하고, 과제마다 파인튜닝")}</h2>
            <svg class="diagram" viewBox="0 0 640 250" width="640" height="250" role="img"
                aria-label=t("unlabelled text pre-trains one BERT; copies of it get a small head each for three tasks", "정답 없는 글로 BERT 하나를 사전 학습하고, 그 복사본마다 작은 헤드를 달아 세 과제를 합니다")>
                <rect x="10" y="95" width="150" height="60" rx="8" fill="#f3f1ec" stroke="#1f3a5f"/>
                <text x="85" y="120" text-anchor="middle" class="diagram-text">{t("unlabelled text", "정답 없는 글")}</text>
                <text x="85" y="140" text-anchor="middle" class="diagram-small">{t("books, the web", "책, 웹")}</text>
                <rect x="200" y="85" width="170" height="80" rx="8" fill="#cfe3f3" stroke="#1f3a5f"/>
                <text x="285" y="115" text-anchor="middle" class="diagram-text">{t("pre-trained BERT", "사전 학습된 BERT")}</text>
                <text x="285" y="137" text-anchor="middle" class="diagram-small">{t("masked words, next sentence", "가린 단어, 다음 문장")}</text>
                <line x1="160" y1="125" x2="198" y2="125" stroke="#1f3a5f" stroke-width="2"/>
                {[(30.0, "topic classifier", "주제 분류기"), (110.0, "question answering", "질의응답"), (190.0, "sentence pairs", "문장 쌍 판단")].into_iter().map(|(y, en, ko)| view! {
                    <g>
                        <line x1="370" y1="125" x2="430" y2=y + 20.0 stroke="#1f3a5f" stroke-width="2"/>
                        <rect x="430" y=y width="200" height="40" rx="8" fill="#fff3d6" stroke="#1f3a5f"/>
                        <text x="530" y=y + 25.0 text-anchor="middle" class="diagram-text">{t(en, ko)}</text>
                    </g>
                }).collect_view()}
            </svg>
            <p class="muted">{bi(
                "Each task gets a copy of the pre-trained model with a small head on top, fine-tuned on that task's few labelled examples. The pre-training is shared; still, every task ends with a model of its own.",
                "과제마다 사전 학습된 모델의 복사본 위에 작은 헤드를 얹고, 그 과제의 적은 정답 예시로 파인튜닝합니다. 사전 학습은 함께 쓰지만, 과제마다 결국 자기 모델이 하나씩 생깁니다.",
            )}</p>
        </section>
    }
}

/// The shipped model's embedding neighbours of a word, and one word's vector in two sentences.
#[component]
fn WhatPretrainingLearned(model: Arc<LoadedModel>) -> impl IntoView {
    let language = Language::signal();
    let compute = Compute::get();
    let progress = Progress::get();
    let id = model.id;
    // Built again for each model: each shipped model has its own words.
    let course = untrack(|| crate::state::Models::get().course());
    let word = RwSignal::new(course.neighbour_word.to_string());
    let looked_up = RwSignal::new(std::collections::BTreeSet::<String>::new());
    let neighbours = latest(
        move || word.get(),
        move |word| {
            let request = Request::Neighbours {
                model: id,
                word,
                count: 8,
                on: compute.inference(),
            };
            async move {
                match compute.call(Some(Lane::Neighbours), request).await? {
                    Reply::Neighbours(result) => Some(result.map(Arc::new)),
                    Reply::Done(Err(message)) => Some(Err(message)),
                    _ => None,
                }
            }
        },
    );
    Effect::new(move |_| {
        if let Some(Ok(found)) = neighbours.get() {
            looked_up.update(|seen| {
                seen.insert(found.word.to_lowercase());
            });
        }
    });
    progress.when("why.neighbours", move || {
        looked_up.with(|seen| seen.len() >= 3)
    });

    // The own-sentences example: its first sentence of each meaning.
    let mut groups = course
        .own_sentences
        .split("\n\n")
        .map(|g| g.lines().next().unwrap_or_default());
    let first = RwSignal::new(groups.next().unwrap_or_default().to_string());
    let second = RwSignal::new(groups.next().unwrap_or_default().to_string());
    let contextual = latest(
        move || (first.get(), second.get()),
        move |(a, b)| {
            let request = Request::Contextual {
                model: id,
                word: course.own_word.to_string(),
                sentences: vec![(a, 0), (b, 1)],
                on: compute.inference(),
            };
            async move {
                match compute.call(Some(Lane::Contextual), request).await? {
                    Reply::Contextual(result) => Some(result.map(Arc::new)),
                    Reply::Done(Err(message)) => Some(Err(message)),
                    _ => None,
                }
            }
        },
    );
    let (default_first, default_second) = (first.get_untracked(), second.get_untracked());
    progress.when("why.context", move || {
        let edited = first.get() != default_first || second.get() != default_second;
        edited && contextual.with(|c| matches!(c, Some(Ok(v)) if v.occurrences.len() == 2))
    });
    view! {
        <div class="why-columns">
            <section class="panel" data-testid="neighbours">
                <h2>{bi("What pre-training alone put close together", "사전 학습만으로 가까워진 것")}</h2>
                <p class="muted">{bi(
                    "The model's input table gives every token one vector. Nobody labelled these words; they ended up close because they appear in similar sentences.",
                    "모델의 입력 표는 토큰마다 벡터 하나를 줍니다. 아무도 이 단어들에 정답을 달지 않았습니다. 비슷한 문장에 나오기 때문에 가까워졌습니다.",
                )}</p>
                <UnknownWords model=model.clone() texts=Signal::derive(move || vec![word.get()])/>
                <label>{bi("Word", "단어")}" "
                    <input type="text" data-testid="neighbour-word" prop:value=word
                        on:change=move |e| word.set(event_target_value(&e).trim().to_string())/>
                </label>
                {move || match neighbours.get() {
                    None => view! { <Computing/> }.into_any(),
                    Some(Err(fault)) => view! { <Problem fault=fault/> }.into_any(),
                    Some(Ok(found)) => view! { <NeighbourList found=found/> }.into_any(),
                }}
            </section>
            <section class="panel" data-testid="one-word-two-vectors">
                <h2>{move || match language.get() {
                    Language::English => format!("One table row for “{}”, a vector per sentence after the layers", course.own_word),
                    Language::Korean => format!("“{}”의 표 한 줄, 층을 지나면 문장마다 벡터 하나", course.own_word),
                }}</h2>
                <label class="sentence">{bi("Sentence 1", "문장 1")}
                    <input type="text" data-testid="why-sentence-1" prop:value=first on:change=move |e| first.set(event_target_value(&e))/>
                </label>
                <label class="sentence">{bi("Sentence 2", "문장 2")}
                    <input type="text" data-testid="why-sentence-2" prop:value=second on:change=move |e| second.set(event_target_value(&e))/>
                </label>
                {move || match contextual.get() {
                    None => view! { <Computing/> }.into_any(),
                    Some(Err(fault)) => view! { <Problem fault=fault/> }.into_any(),
                    Some(Ok(vectors)) => view! { <TwoVectors vectors=vectors/> }.into_any(),
                }}
            </section>
        </div>
    }
}

#[component]
fn NeighbourList(found: Arc<Neighbours>) -> impl IntoView {
    view! {
        <p class="muted">{format!("{} → {}", found.word, found.pieces.join(" "))}</p>
        <ol class="neighbours" translate="no" data-testid="neighbour-list" data-word=found.word.clone()>
            {found.nearest.iter().map(|(token, similarity)| view! {
                <li data-token=token.clone()>
                    <span class="prediction-token">{token.clone()}</span>
                    <span class="bar"><span style=format!("width: {:.1}%", similarity.max(0.0) * 100.0)></span></span>
                    <span class="prediction-prob">{format!("{similarity:.2}")}</span>
                </li>
            }).collect_view()}
        </ol>
    }
}

#[component]
fn TwoVectors(vectors: Arc<ContextualVectors>) -> impl IntoView {
    let language = Language::signal();
    if vectors.occurrences.len() < 2 {
        return view! {
            <p class="problem" data-testid="problem">{bi(
                "Use the word in both sentences to compare its two vectors.",
                "두 문장 모두에 그 단어를 넣어야 두 벡터를 비교할 수 있습니다.",
            )}</p>
        }
        .into_any();
    }
    let last = vectors.states - 1;
    let (a, b) = (
        &vectors.occurrences[0].vectors,
        &vectors.occurrences[1].vectors,
    );
    let contextual = cosine(&a[last], &b[last]);
    view! {
        <table class="compare" data-testid="two-vectors" data-cosine=format!("{contextual:.4}")>
            <tbody>
                <tr><th scope="row">{bi("The table's vector (static), in both sentences", "표의 벡터(정적), 두 문장 모두")}</th><td>{bi("cosine 1.00: identical", "코사인 1.00: 똑같음")}</td></tr>
                <tr><th scope="row">{move || match language.get() {
                    Language::English => format!("After all {last} layers (contextual)"),
                    Language::Korean => format!("{last}개 층을 모두 지난 뒤(문맥)"),
                }}</th><td><strong>{format!("{}{contextual:.2}", pick(language.get_untracked(), "cosine ", "코사인 "))}</strong></td></tr>
            </tbody>
        </table>
    }
    .into_any()
}

/// The fine-tuning lesson's pre-trained vs from-scratch result, once the learner has run it.
#[component]
fn FineTuneResult() -> impl IntoView {
    let tuning = FineTuning::get();
    let progress = Progress::get();
    let language = Language::signal();
    let finished = move || tuning.finished.get().is_some() && !tuning.running.get();
    progress.when("why.finetune", finished);
    let last = |curve: RwSignal<Vec<(f64, f64)>>| move || curve.with(|c| c.last().map(|p| p.1));
    let (pre, scratch) = (last(tuning.pretrained), last(tuning.scratch));
    view! {
        <section class="panel" data-testid="why-finetune">
            <h2>{bi("What pre-training buys: the fine-tuning experiment", "사전 학습이 주는 것: 파인튜닝 실험")}</h2>
            {move || match (finished(), pre(), scratch()) {
                (true, Some(pre), Some(scratch)) => view! {
                    <p>{match language.get() {
                        Language::English => format!("On the same labelled sentences, your classifier reached {:.0}% on top of the pre-trained model and {:.0}% from random weights.", pre * 100.0, scratch * 100.0),
                        Language::Korean => format!("같은 정답 문장으로, 여러분의 분류기는 사전 학습된 모델 위에서 {:.0}%, 무작위 가중치에서 {:.0}%에 이르렀습니다.", pre * 100.0, scratch * 100.0),
                    }}</p>
                }.into_any(),
                _ => view! {
                    <p>{bi("Run the comparison in the ", "비교 학습은 ")}<A href=Lesson::find("finetune").map(Lesson::path).unwrap_or_default()>{bi("Fine-tuning lesson", "파인튜닝 강의")}</A>
                        {bi(": it trains the same small classifier on the pre-trained model and from scratch, and its result appears here.", "에서 돌릴 수 있습니다. 같은 작은 분류기를 사전 학습된 모델 위에서, 그리고 처음부터 학습하며, 결과가 여기에 나타납니다.")}</p>
                }.into_any(),
            }}
        </section>
    }
}
