//! Contextual vs static vectors: a word-embedding table (Word2Vec, GloVe, or BERT's own input
//! layer) gives "bank" one vector everywhere; BERT's layers give it a different vector in every
//! sentence. A 2-D PCA of one word's vectors, coloured by the document (each document of the
//! polysemy corpus uses one sense), and the cosine similarities between its occurrences.

use std::sync::Arc;

use bertlab_model::data::Corpus;
use bertlab_model::data::polysemy::sentences_with;
use bertlab_model::inspect::{ContextualVectors, cosine, pca_2d};
use leptos::prelude::*;

use super::frame::{Computing, Explain, LessonFrame, Problem, with_model};
use super::shared::UnknownWords;
use super::{Lesson, Task};
use crate::compute::protocol::{Fault, Lane, Reply, Request};
use crate::compute::{Compute, latest};
use crate::fetch::shipped_corpus;
use crate::i18n::{Language, bi, pick, said};
use crate::link;
use crate::progress::Progress;
use crate::state::{LoadedModel, Models};
use crate::widgets::colour::head_colour;
use crate::widgets::{FigureTools, Heatmap, Scale, max_abs};

/// The word-select value that switches to the learner's own sentences.
const OWN: &str = "own";
/// More dots than this make an unreadable picture and a slow page.
const MAX_OWN_SENTENCES: usize = 40;

pub static LESSON: Lesson = Lesson {
    slug: "contextual",
    title: ("Contextual vectors", "문맥 벡터"),
    teaches: (
        "Why one vector per word (Word2Vec, GloVe) cannot tell a river bank from a money bank, and how BERT gives the same word a different vector in each sentence.",
        "단어마다 벡터 하나뿐인 방식(Word2Vec, GloVe)이 강둑의 “bank”와 은행의 “bank”를 구분하지 못하는 이유와, BERT가 같은 단어에 문장마다 다른 벡터를 주는 방법을 배웁니다.",
    ),
    tasks: &[
        Task {
            id: "contextual.layers",
            ask: (
                "For one word, compare layer 0 with the last layer: where do its two meanings sit further apart?",
                "한 단어에서 0층과 마지막 층을 비교해 보세요. 두 뜻이 어디에서 더 멀리 떨어지나요?",
            ),
            notice: (
                "At layer 0 a word is mostly its own static vector; the layers above pull its meanings apart using the sentence around it.",
                "0층에서 단어는 대부분 자기 정적 벡터입니다. 그 위의 층들이 주변 문장을 보고 두 뜻을 떼어 놓습니다.",
            ),
            teacher: (
                "What would a translation program get wrong if it had only one vector for “bank”?",
                "“bank”에 벡터가 하나뿐이라면 번역 프로그램은 무엇을 틀릴까요?",
            ),
        },
        Task {
            id: "contextual.words",
            ask: (
                "Look at three different words. Which one's meanings are the easiest to tell apart?",
                "서로 다른 단어 세 개를 살펴보세요. 어느 단어의 두 뜻이 가장 쉽게 구분되나요?",
            ),
            notice: (
                "The more the two meanings' sentences differ (who, where, what else), the further apart the dots.",
                "두 뜻의 문장이 (누가, 어디서, 무엇과) 많이 다를수록 점들이 멀리 떨어집니다.",
            ),
            teacher: (
                "Find a word in Korean or English with three meanings. How many colours would its picture need?",
                "뜻이 셋인 한국어나 영어 단어를 찾아보세요. 그 그림에는 색이 몇 개 필요할까요?",
            ),
        },
        Task {
            id: "contextual.own",
            ask: (
                "Write your own sentences: one word in two meanings (a blank line between them), and see whether the colours separate.",
                "직접 문장을 써 보세요. 한 단어를 두 가지 뜻으로 쓰고(사이에 빈 줄), 색이 갈라지는지 보세요.",
            ),
            notice: (
                "The model can only separate meanings from words it learned; sentences from its toy world work best.",
                "모델은 배운 단어로만 뜻을 가를 수 있습니다. 장난감 세계의 문장이 가장 잘 됩니다.",
            ),
            teacher: (
                "Why does the shipped model do better on its toy-world sentences than on a newspaper's?",
                "함께 제공된 모델은 왜 신문 문장보다 장난감 세계 문장에서 더 잘할까요?",
            ),
        },
    ],
    page: || view! { <ContextualLesson/> }.into_any(),
};

#[component]
fn ContextualLesson() -> impl IntoView {
    view! {
        <LessonFrame lesson=&LESSON>
            <Explain
                en="Word2Vec and GloVe give every word one vector, learned from all its uses at once: “bank” by a river and “bank” with money get the same numbers. BERT starts the same way — its input layer is such a table — but every encoder layer mixes in the words around it, so the same word ends up with a different vector in each sentence. Pick a word: each dot is one sentence that uses it, coloured by the story it comes from (each story uses one meaning)."
                ko="Word2Vec과 GloVe는 모든 단어에 벡터 하나를 줍니다. 모든 쓰임에서 한꺼번에 배우므로 강가의 “bank”와 은행의 “bank”가 같은 숫자를 받습니다. BERT도 처음은 같습니다(입력층이 바로 그런 표입니다). 하지만 인코더 층마다 주변 단어를 섞어 넣어, 같은 단어라도 문장마다 다른 벡터가 됩니다. 단어를 고르세요: 점 하나가 그 단어를 쓴 문장 하나이고, 색은 그 문장이 나온 이야기(이야기마다 한 가지 뜻)입니다."
            />
            {with_model(|model| view! { <Contextual model=model/> })}
        </LessonFrame>
    }
}

async fn polysemy(name: &str) -> Result<Corpus, Fault> {
    Ok(Corpus::parse(&shipped_corpus(name).await?)?)
}

/// The learner's sentences: paragraphs (separated by blank lines) are the groups, one
/// sentence per line.
fn own_sentences(text: &str) -> Result<Vec<(String, usize)>, Fault> {
    let sentences: Vec<(String, usize)> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|paragraph| !paragraph.is_empty())
        .enumerate()
        .flat_map(|(group, paragraph)| {
            paragraph
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(move |line| (line.to_string(), group))
        })
        .collect();
    match sentences.len() {
        0 | 1 => Err(Fault::said(
            "Type at least two sentences that use the word, one per line.",
            "그 단어를 쓴 문장을 한 줄에 하나씩, 두 개 이상 입력하세요.",
        )),
        n if n > MAX_OWN_SENTENCES => Err(Fault::said(
            format!(
                "Use at most {MAX_OWN_SENTENCES} sentences (there are {n}): more dots are hard to read."
            ),
            format!(
                "문장은 {MAX_OWN_SENTENCES}개까지 쓰세요(지금 {n}개): 점이 더 많으면 읽기 어렵습니다."
            ),
        )),
        _ => Ok(sentences),
    }
}

/// Where the sentences come from: the polysemy corpus, or the learner.
#[derive(Clone, PartialEq)]
enum Source {
    Corpus(String),
    Own { word: String, text: String },
}

#[component]
fn Contextual(model: Arc<LoadedModel>) -> impl IntoView {
    let language = Language::signal();
    // The lesson is built again for each model, and each shipped model has its own words.
    let course = untrack(|| Models::get().course());
    let source = RwSignal::new(Source::Corpus(course.contextual_words[0].to_string()));
    let own_word = RwSignal::new(course.own_word.to_string());
    let own_text = RwSignal::new(course.own_sentences.to_string());
    let use_own = move || {
        source.set(Source::Own {
            word: own_word.get_untracked(),
            text: own_text.get_untracked(),
        })
    };
    let layer = RwSignal::new(model.config().num_hidden_layers);
    let layers = model.config().num_hidden_layers;
    let progress = Progress::get();
    // Layers and words seen, for the tasks.
    let seen_layers = RwSignal::new(std::collections::BTreeSet::<(String, usize)>::new());
    let seen_words = RwSignal::new(std::collections::BTreeSet::<String>::new());
    link::bind_with(
        "sentences",
        move |raw| {
            own_text.set(raw.to_string());
            use_own();
            true
        },
        move || match source.get() {
            Source::Own { text, .. } => Some(text),
            Source::Corpus(_) => None,
        },
    );
    link::bind_with(
        "word",
        move |raw| match source.get_untracked() {
            Source::Own { .. } => {
                own_word.set(raw.to_string());
                use_own();
                !raw.trim().is_empty()
            }
            Source::Corpus(_) => {
                let known = course.contextual_words.contains(&raw);
                if known {
                    source.set(Source::Corpus(raw.to_string()));
                }
                known
            }
        },
        move || {
            Some(match source.get() {
                Source::Corpus(word) | Source::Own { word, .. } => word,
            })
        },
    );
    link::bind(
        "layer",
        layer,
        move |raw| bertlab_model::link_values::layer_or_embeddings(raw, layers),
        usize::to_string,
    );
    let compute = Compute::get();
    let id = model.id;
    let result = latest(
        move || source.get(),
        move |source| async move {
            let (word, sentences) = match source {
                Source::Corpus(word) => match polysemy(course.polysemy_corpus).await {
                    Ok(corpus) => {
                        let sentences = sentences_with(&corpus, &word);
                        (word, sentences)
                    }
                    Err(fault) => return Some(Err(fault)),
                },
                Source::Own { word, text } => match own_sentences(&text) {
                    Ok(sentences) => (word, sentences),
                    Err(fault) => return Some(Err(fault)),
                },
            };
            let request = Request::Contextual {
                model: id,
                word,
                sentences,
                on: compute.inference(),
            };
            match compute.call(Some(Lane::Contextual), request).await? {
                Reply::Contextual(result) => Some(result.map(Arc::new)),
                Reply::Done(Err(fault)) => Some(Err(fault)),
                _ => None,
            }
        },
    );
    Effect::new(move |_| {
        let Some(Ok(vectors)) = result.get() else {
            return;
        };
        let at = layer.get().min(vectors.states - 1);
        seen_layers.update(|seen| {
            seen.insert((vectors.word.clone(), at));
        });
        if matches!(source.get_untracked(), Source::Corpus(_)) {
            seen_words.update(|seen| {
                seen.insert(vectors.word.to_lowercase());
            });
        }
    });
    progress.when("contextual.layers", move || {
        seen_layers.with(|seen| {
            seen.iter()
                .any(|(word, l)| *l == 0 && seen.contains(&(word.clone(), layers)))
        })
    });
    progress.when("contextual.words", move || {
        seen_words.with(|seen| seen.len() >= 3)
    });
    progress.when("contextual.own", move || {
        matches!(source.get(), Source::Own { ref text, .. } if text.as_str() != course.own_sentences)
            && result.with(|r| {
                matches!(r, Some(Ok(v)) if {
                    let mut groups: Vec<usize> = v.occurrences.iter().map(|o| o.group).collect();
                    groups.dedup();
                    groups.len() >= 2
                })
            })
    });
    let unknown_model = model.clone();
    view! {
        <UnknownWords model=unknown_model texts=Signal::derive(move || vec![match source.get() {
            Source::Corpus(word) | Source::Own { word, .. } => word,
        }])/>
        <div class="controls">
            <label>{bi("Word", "단어")}" "
                <select data-testid="word-select" prop:value=move || match source.get() { Source::Corpus(word) => word, Source::Own { .. } => OWN.to_string() } on:change=move |e| {
                    let value = event_target_value(&e);
                    if value == OWN { use_own() } else { source.set(Source::Corpus(value)) }
                }>
                    {course.contextual_words.iter().map(|w| view! { <option value=*w>{*w}</option> }).collect_view()}
                    <option value=OWN>{bi("✎ your own sentences…", "✎ 직접 쓴 문장…")}</option>
                </select>
            </label>
            <label>{bi("Layer", "층")}" "
                <select data-testid="contextual-layer" prop:value=move || layer.get().to_string()
                    on:change=move |e| if let Ok(l) = event_target_value(&e).parse() { layer.set(l) }>
                    {(0..=layers).map(|l| view! { <option value=l.to_string()>{move || if l == 0 { pick(language.get(), "0 (embeddings)", "0 (임베딩)").to_string() } else { l.to_string() }}</option> }).collect_view()}
                </select>
            </label>
        </div>
        <Show when=move || matches!(source.get(), Source::Own { .. })>
            <form class="own-sentences" data-testid="own-sentences" on:submit=move |e| { e.prevent_default(); use_own() }>
                <label>{bi("Word to follow", "따라갈 단어")}" "
                    <input type="text" data-testid="own-word" prop:value=own_word on:input=move |e| own_word.set(event_target_value(&e))/>
                </label>
                <label class="own-text">{bi("Sentences: one per line; a blank line starts a new colour (e.g. another meaning)", "문장: 한 줄에 하나, 빈 줄은 새 색(예: 다른 뜻)")}
                    <textarea rows="6" data-testid="own-text" spellcheck="false" prop:value=own_text
                        on:input=move |e| own_text.set(event_target_value(&e))></textarea>
                </label>
                <button type="submit" data-testid="own-apply">{bi("Show", "보기")}</button>
            </form>
        </Show>
        {move || match result.get() {
            None => view! { <Computing/> }.into_any(),
            Some(Err(fault)) => view! { <Problem fault=fault/> }.into_any(),
            Some(Ok(vectors)) => {
                let at = layer.get().min(vectors.states - 1);
                let title = format!("“{}” ({})", vectors.word, vectors.pieces.join(" "));
                view! {
                    {(at == 0).then(|| view! {
                        <p class="notice" data-testid="layer-zero-note">{bi(
                            "Layer 0 is the embedding layer's output: before any word is mixed in. The dots still differ a little because each is the word's own vector plus a position vector (the word stands at a different place in each sentence) and a segment vector, normalised by LayerNorm — not yet anything about meaning.",
                            "0층은 임베딩 층의 출력으로, 아직 다른 단어가 섞이기 전입니다. 그래도 점들이 조금 다른 까닭은 각 점이 단어 자신의 벡터에 위치 벡터(문장마다 단어의 자리가 다릅니다)와 세그먼트 벡터를 더해 층 정규화(LayerNorm)한 것이기 때문입니다. 아직 뜻과는 상관이 없습니다.",
                        )}</p>
                    })}
                    <div class="contextual-columns">
                        <section class="panel exportable">
                            // A non-breaking hyphen: the narrow column broke the heading at "2-".
                            <h2>{move || format!("{} {at}: {}", pick(language.get(), "Layer", "층"), pick(language.get(), "each dot is one sentence (PCA to 2\u{2011}D)", "점 하나가 문장 하나 (PCA로 2차원)"))}</h2>
                            <FigureTools name="contextual-pca"/>
                            <Scatter vectors=vectors.clone() layer=at/>
                        </section>
                        <section class="panel exportable">
                            <h2>{bi("Cosine similarity between occurrences", "쓰임 사이의 코사인 유사도")}</h2>
                            <FigureTools name="contextual-cosine"/>
                            <Similarities vectors=vectors.clone() layer=at/>
                        </section>
                    </div>
                    <section class="panel exportable" data-testid="static-vector">
                        <h2>{move || format!("{} {title}", pick(language.get(), "The one static vector of", "하나뿐인 정적 벡터:"))}</h2>
                        <FigureTools name="static-vector"/>
                        <Heatmap values=vectors.static_vector.clone() rows=1 cols=vectors.static_vector.len() row_labels=vec![String::new()]
                            scale=Scale::Diverging(max_abs(&vectors.static_vector)) label=said("static word-embedding vector".into(), "정적 단어 임베딩 벡터".into()) cell_height=24 width=640/>
                        <p class="muted">{bi(
                            "This row of the word-embedding table is what every sentence starts from. A static embedding stops here: all the dots above would be one point.",
                            "단어 임베딩 표의 이 한 줄이 모든 문장의 출발점입니다. 정적 임베딩은 여기서 끝나므로, 위의 점들이 모두 한 점이 됩니다.",
                        )}</p>
                    </section>
                }.into_any()
            }
        }}
    }
}

#[component]
fn Scatter(vectors: Arc<ContextualVectors>, layer: usize) -> impl IntoView {
    let points: Vec<Vec<f32>> = vectors
        .occurrences
        .iter()
        .map(|o| o.vectors[layer].clone())
        .collect();
    let (projected, _) = pca_2d(&points, &[]);
    let extent = projected
        .iter()
        .flat_map(|p| [p[0].abs(), p[1].abs()])
        .fold(1e-6f32, f32::max);
    let (size, pad) = (360.0f32, 24.0f32);
    let place = |v: f32| pad + (size - 2.0 * pad) * (0.5 + 0.5 * v / extent);
    let groups: Vec<usize> = {
        let mut g: Vec<usize> = vectors.occurrences.iter().map(|o| o.group).collect();
        g.dedup();
        g
    };
    view! {
        <svg class="scatter" data-testid="contextual-scatter" viewBox=format!("0 0 {size} {size}") width=size height=size role="img"
            aria-label=said(
                format!("{} sentences using {} projected to two dimensions", projected.len(), vectors.word),
                format!("{}을(를) 쓴 문장 {}개를 2차원에 투영한 그림", vectors.word, projected.len()),
            )>
            <rect x="0" y="0" width=size height=size fill="#fbfaf7" stroke="#dfe3e8"/>
            {vectors.occurrences.iter().zip(&projected).map(|(occurrence, p)| {
                let colour = head_colour(groups.iter().position(|&g| g == occurrence.group).unwrap_or(0));
                view! {
                    <circle cx=place(p[0]) cy=place(-p[1]) r="7" fill=colour fill-opacity="0.85" stroke="#fff"
                        data-testid="contextual-point" data-group=occurrence.group>
                        <title>{occurrence.sentence.clone()}</title>
                    </circle>
                }
            }).collect_view()}
        </svg>
        <ul class="scatter-legend" translate="no">
            {groups.iter().enumerate().map(|(i, &group)| {
                let example = vectors.occurrences.iter().find(|o| o.group == group).map(|o| o.sentence.clone()).unwrap_or_default();
                view! { <li><span class="swatch" style=format!("background: {}", head_colour(i))></span>{example}</li> }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Similarities(vectors: Arc<ContextualVectors>, layer: usize) -> impl IntoView {
    let occurrences = &vectors.occurrences;
    let n = occurrences.len();
    let mut matrix = vec![0.0f32; n * n];
    for i in 0..n {
        for j in 0..n {
            matrix[i * n + j] = cosine(
                &occurrences[i].vectors[layer],
                &occurrences[j].vectors[layer],
            );
        }
    }
    let (same, other) = vectors.separation(layer);
    let labels: Vec<String> = occurrences
        .iter()
        .map(|o| o.sentence.chars().take(28).collect())
        .collect();
    view! {
        <Heatmap values=matrix rows=n cols=n row_labels=labels scale=Scale::Probability
            label=said(format!("cosine similarities of {n} occurrences"), format!("쓰임 {n}개 사이의 코사인 유사도")) cell_height=18 width=(18 * n) as u32/>
        <p data-testid="sense-separation" data-same=format!("{same:.4}") data-other=format!("{other:.4}")>
            {bi("Same story: mean cosine ", "같은 이야기: 평균 코사인 ")}<strong>{format!("{same:.2}")}</strong>
            {bi(" · different stories: ", " · 다른 이야기: ")}<strong>{format!("{other:.2}")}</strong>
        </p>
    }
}
