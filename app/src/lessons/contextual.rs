//! Contextual vs static vectors: a word-embedding table (Word2Vec, GloVe, or BERT's own input
//! layer) gives "bank" one vector everywhere; BERT's layers give it a different vector in every
//! sentence. A 2-D PCA of one word's vectors, coloured by the document (each document of the
//! polysemy corpus uses one sense), and the cosine similarities between its occurrences.

use std::sync::Arc;

use bertlab_model::data::Corpus;
use bertlab_model::inspect::{ContextualVectors, contextual_vectors, cosine, pca_2d};
use leptos::prelude::*;

use super::Lesson;
use super::frame::{Computing, Explain, LessonFrame, Problem, with_model};
use crate::fetch::shipped_corpus;
use crate::i18n::{Language, bi, pick};
use crate::link;
use crate::state::{LoadedModel, yield_to_browser};
use crate::widgets::colour::head_colour;
use crate::widgets::{FigureTools, Heatmap, Scale, max_abs};

const WORDS: [&str; 11] = [
    "bank", "bat", "spring", "bark", "pitch", "seal", "crane", "match", "light", "rock", "bass",
];
/// Occurrences per document, to keep the picture readable.
const PER_DOCUMENT: usize = 5;
/// The word-select value that switches to the learner's own sentences.
const OWN: &str = "own";
/// More dots than this make an unreadable picture and a slow page.
const MAX_OWN_SENTENCES: usize = 40;
const OWN_EXAMPLE: &str = "We sat on the bank of the river.\nThe river bank was muddy after the rain.\n\nShe put her money in the bank.\nThe bank gave him a loan.";

#[component]
pub fn ContextualLesson() -> impl IntoView {
    view! {
        <LessonFrame lesson=Lesson::Contextual>
            <Explain
                en="Word2Vec and GloVe give every word one vector, learned from all its uses at once: “bank” by a river and “bank” with money get the same numbers. BERT starts the same way — its input layer is such a table — but every encoder layer mixes in the words around it, so the same word ends up with a different vector in each sentence. Pick a word: each dot is one sentence that uses it, coloured by the story it comes from (each story uses one meaning)."
                ko="Word2Vec과 GloVe는 모든 단어에 벡터 하나를 줍니다. 모든 쓰임에서 한꺼번에 배우므로 강가의 ‘bank’와 은행의 ‘bank’가 같은 숫자를 받습니다. BERT도 처음은 같습니다(입력층이 바로 그런 표입니다). 하지만 인코더 층마다 주변 단어를 섞어 넣어, 같은 단어라도 문장마다 다른 벡터가 됩니다. 단어를 고르세요: 점 하나가 그 단어를 쓴 문장 하나이고, 색은 그 문장이 나온 이야기(이야기마다 한 가지 뜻)입니다."
            />
            {with_model(|model| view! { <Contextual model=model/> })}
        </LessonFrame>
    }
}

async fn polysemy() -> Result<Corpus, String> {
    Corpus::parse(&shipped_corpus("polysemy.txt").await?).map_err(|e| e.to_string())
}

/// (sentence, document) pairs of the documents that use `word`, a few from each.
fn sentences_with(corpus: &Corpus, word: &str) -> Vec<(String, usize)> {
    let has = |s: &str| {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == word)
    };
    corpus
        .documents
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| {
            doc.iter()
                .filter(|s| has(s))
                .take(PER_DOCUMENT)
                .map(move |s| (s.clone(), d))
        })
        .collect()
}

/// The learner's sentences: paragraphs (separated by blank lines) are the groups, one
/// sentence per line.
fn own_sentences(text: &str) -> Result<Vec<(String, usize)>, String> {
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
        0 | 1 => Err("type at least two sentences that use the word, one per line".into()),
        n if n > MAX_OWN_SENTENCES => Err(format!(
            "use at most {MAX_OWN_SENTENCES} sentences (there are {n}): more dots are hard to read"
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
    let source = RwSignal::new(Source::Corpus("bank".to_string()));
    let own_word = RwSignal::new("bank".to_string());
    let own_text = RwSignal::new(OWN_EXAMPLE.to_string());
    let use_own = move || {
        source.set(Source::Own {
            word: own_word.get_untracked(),
            text: own_text.get_untracked(),
        })
    };
    let layer = RwSignal::new(model.config().num_hidden_layers);
    let layers = model.config().num_hidden_layers;
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
                let known = WORDS.contains(&raw);
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
        move |raw| raw.parse().ok().filter(|l| *l <= layers),
        usize::to_string,
    );
    let result = LocalResource::new(move || {
        let model = model.clone();
        let source = source.get();
        async move {
            // A task of its own, so the page paints before the forward passes.
            yield_to_browser().await;
            let (word, sentences) = match source {
                Source::Corpus(word) => {
                    let sentences = sentences_with(&polysemy().await?, &word);
                    (word, sentences)
                }
                Source::Own { word, text } => (word, own_sentences(&text)?),
            };
            contextual_vectors(
                &model.checkpoint.model,
                &model.tokenizer,
                &word,
                &sentences,
                model.config().max_position_embeddings,
                &model.device.device,
            )
            .await
            .map(Arc::new)
            .map_err(|e| e.to_string())
        }
    });
    view! {
        <div class="controls">
            <label>{bi("Word", "단어")}" "
                <select data-testid="word-select" prop:value=move || match source.get() { Source::Corpus(word) => word, Source::Own { .. } => OWN.to_string() } on:change=move |e| {
                    let value = event_target_value(&e);
                    if value == OWN { use_own() } else { source.set(Source::Corpus(value)) }
                }>
                    {WORDS.map(|w| view! { <option value=w>{w}</option> }).collect_view()}
                    <option value=OWN>{bi("✎ your own sentences…", "✎ 직접 쓴 문장…")}</option>
                </select>
            </label>
            <label>{bi("Layer", "층")}" "
                <select data-testid="contextual-layer" prop:value=move || layer.get().to_string()
                    on:change=move |e| if let Ok(l) = event_target_value(&e).parse() { layer.set(l) }>
                    {(0..=layers).map(|l| view! { <option value=l.to_string()>{if l == 0 { "0 (embeddings)".to_string() } else { l.to_string() }}</option> }).collect_view()}
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
            Some(Err(message)) => view! { <Problem message=message/> }.into_any(),
            Some(Ok(vectors)) => {
                let at = layer.get().min(vectors.states - 1);
                let title = format!("“{}” ({})", vectors.word, vectors.pieces.join(" "));
                view! {
                    <div class="contextual-columns">
                        <section class="panel exportable">
                            <h2>{move || format!("{} {at}: {}", pick(language.get(), "Layer", "층"), pick(language.get(), "each dot is one sentence (PCA to 2-D)", "점 하나가 문장 하나 (PCA로 2차원)"))}</h2>
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
                            scale=Scale::Diverging(max_abs(&vectors.static_vector)) label="static word-embedding vector".into() cell_height=24 width=640/>
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
            aria-label=format!("{} sentences using {} projected to two dimensions", projected.len(), vectors.word)>
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
        <ul class="scatter-legend">
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
    let (mut same, mut same_count, mut other, mut other_count) = (0.0f32, 0, 0.0f32, 0);
    for i in 0..n {
        for j in 0..n {
            let c = cosine(
                &occurrences[i].vectors[layer],
                &occurrences[j].vectors[layer],
            );
            matrix[i * n + j] = c;
            if i < j {
                if occurrences[i].group == occurrences[j].group {
                    same += c;
                    same_count += 1;
                } else {
                    other += c;
                    other_count += 1;
                }
            }
        }
    }
    let same = same / same_count.max(1) as f32;
    let other = other / other_count.max(1) as f32;
    let labels: Vec<String> = occurrences
        .iter()
        .map(|o| o.sentence.chars().take(28).collect())
        .collect();
    view! {
        <Heatmap values=matrix rows=n cols=n row_labels=labels scale=Scale::Probability
            label=format!("cosine similarities of {n} occurrences") cell_height=18 width=(18 * n) as u32/>
        <p data-testid="sense-separation" data-same=format!("{same:.4}") data-other=format!("{other:.4}")>
            {bi("Same story: mean cosine ", "같은 이야기: 평균 코사인 ")}<strong>{format!("{same:.2}")}</strong>
            {bi(" · different stories: ", " · 다른 이야기: ")}<strong>{format!("{other:.2}")}</strong>
        </p>
    }
}
