//! Lesson helpers several pages share: the sentence pair's inputs (Tokens, Embeddings,
//! Attention), encoding it for the loaded model, saying when it was cut, and finding the word a
//! token belongs to (Tokens, Playground).

use std::sync::Arc;

use bertlab_model::Encoding;
use bertlab_model::tokenizer::normalizer::is_hangul;
use bertlab_model::tokenizer::particles::is_particle;
use bertlab_model::tokenizer::tokenizer_limits;
use leptos::prelude::*;

use crate::i18n::{Language, bi, pick};
use crate::state::{HUB_MODELS, LoadedModel, ModelSource, SHIPPED, Sentences, hub_url};

/// The two text boxes shared by the Tokens, Embeddings and Attention lessons.
#[component]
pub fn SentenceInputs(sentences: Sentences) -> impl IntoView {
    crate::link::bind("a", sentences.a, |a| Some(a.to_string()), String::clone);
    crate::link::bind("b", sentences.b, |b| Some(b.to_string()), String::clone);
    view! {
        <div class="sentence-inputs">
            <label class="sentence seg-a">
                <span>{bi("Sentence A", "문장 A")}</span>
                <input
                    type="text"
                    data-testid="text-a"
                    prop:value=sentences.a
                    on:input=move |event| sentences.a.set(event_target_value(&event))
                />
            </label>
            <label class="sentence seg-b">
                <span>{bi("Sentence B (optional)", "문장 B (선택)")}</span>
                <input
                    type="text"
                    data-testid="text-b"
                    prop:value=sentences.b
                    on:input=move |event| sentences.b.set(event_target_value(&event))
                />
            </label>
        </div>
    }
}

/// The encoding of the current pair for `model`, truncated to its positions.
pub fn encode_pair(model: &LoadedModel, a: &str, b: &str) -> Encoding {
    model.tokenizer.encode_pair_with(
        a,
        Some(b),
        tokenizer_limits(model.config().max_position_embeddings),
    )
}

/// Says so when the input was cut to fit the model.
pub fn truncation_notice(encoding: &Encoding, positions: usize) -> Option<impl IntoView + use<>> {
    let language = Language::signal();
    let removed = encoding.truncated;
    (removed > 0).then(|| {
        view! {
            <p class="notice" role="status" data-testid="truncated">
                {move || format!(
                    "{} {removed} {} {positions}.",
                    pick(language.get(), "The input is too long:", "입력이 너무 깁니다:"),
                    pick(language.get(), "tokens were cut so it fits the model's positions, which end at", "개 토큰을 잘라 모델의 위치 수에 맞췄습니다. 최대 위치 수:"),
                )}
            </p>
        }
    })
}

/// Character span `[start, end)` of the whole word token `index` belongs to (all its WordPiece
/// pieces, within its own sentence); `None` for tokens the tokenizer added.
pub fn word_span(encoding: &Encoding, index: usize) -> Option<(usize, usize)> {
    let word = encoding.word_ids.get(index).copied().flatten()?;
    let segment = encoding.type_ids[index];
    Some(
        (0..encoding.len())
            .filter(|&i| encoding.word_ids[i] == Some(word) && encoding.type_ids[i] == segment)
            .map(|i| encoding.offsets[i])
            .fold((usize::MAX, 0), |(start, end), (s, e)| {
                (start.min(s), end.max(e))
            }),
    )
}

/// Each word of a one-segment encoding: the range of its tokens (a word's pieces are adjacent)
/// and its character span.
fn words(encoding: &Encoding) -> impl Iterator<Item = (std::ops::Range<usize>, (usize, usize))> {
    let mut index = 0;
    std::iter::from_fn(move || {
        while index < encoding.len() {
            let first = index;
            let Some(word) = encoding.word_ids[first] else {
                index += 1;
                continue;
            };
            while index < encoding.len() && encoding.word_ids[index] == Some(word) {
                index += 1;
            }
            let span = (encoding.offsets[first].0, encoding.offsets[index - 1].1);
            return Some((first..index, span));
        }
        None
    })
}

/// The original text of the word token `index` belongs to.
pub fn word_of(encoding: &Encoding, index: usize, a: &str, b: &str) -> Option<String> {
    let (start, end) = word_span(encoding, index)?;
    let text = if encoding.type_ids[index] == 0 { a } else { b };
    Some(
        text.chars()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect(),
    )
}

/// Says which words of `texts` the loaded model does not know whole (it reads them as `##`
/// pieces, or as [UNK]; a Korean word and its particle, 고양이 ##는, counts as known), and offers
/// the models that know more: the shipped model of the words' script that is not loaded, and
/// BERT-base for everyday English.
#[component]
pub fn UnknownWords(
    model: Arc<LoadedModel>,
    #[prop(into)] texts: Signal<Vec<String>>,
) -> impl IntoView {
    let models = crate::state::Models::get();
    let language = Language::signal();
    let unknown = Memo::new(move |_| {
        // One pass over each text's words, so that a pasted page stays linear.
        let mut found: Vec<(String, Vec<String>)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for text in texts.get() {
            let encoding = model.tokenizer.encode(&text);
            for (tokens, (start, end)) in words(&encoding) {
                let pieces = &encoding.tokens[tokens];
                let whole = pieces[0] != "[UNK]"
                    && pieces[1..]
                        .iter()
                        .all(|p| p.strip_prefix("##").is_some_and(is_particle));
                let word: String = text.chars().skip(start).take(end - start).collect();
                if !whole && seen.insert(word.clone()) {
                    found.push((word, pieces.to_vec()));
                }
            }
        }
        found
    });
    move || {
        let unknown = unknown.get();
        (!unknown.is_empty()).then(|| {
            // A pasted page can hold hundreds: the first dozen say enough.
            const LISTED: usize = 12;
            let mut listed = unknown
                .iter()
                .take(LISTED)
                .map(|(word, pieces)| format!("{word} ({})", pieces.join(" ")))
                .collect::<Vec<_>>()
                .join(", ");
            if unknown.len() > LISTED {
                listed.push_str(", …");
            }
            let hangul = unknown.iter().any(|(word, _)| word.chars().any(is_hangul));
            let latin = unknown
                .iter()
                .any(|(word, _)| word.chars().any(|c| c.is_ascii_alphabetic()));
            let current = models.current.with(|m| match m.as_ref().map(|m| &m.source) {
                Some(ModelSource::Shipped(link)) => Some(*link),
                _ => None,
            });
            let offered = SHIPPED.iter().filter(move |shipped| {
                current != Some(shipped.link)
                    && match shipped.language {
                        Language::Korean => hangul,
                        Language::English => latin,
                    }
            });
            view! {
                <p class="notice unknown-words" role="status" data-testid="unknown-words">
                    <span>{move || match language.get() {
                        Language::English => "This model does not know every word here as a whole: it reads ",
                        Language::Korean => "이 모델은 여기 있는 단어를 모두 통째로 알지는 못합니다. 이렇게 읽습니다: ",
                    }}</span>
                    <span translate="no">{listed}</span>
                    <span>{move || match (language.get(), hangul) {
                        (Language::English, false) => ". Pieces are how BERT reads words it does not know; a model that learned more words sees more. ",
                        (Language::English, true) => ". Pieces are how BERT reads words it does not know. Korean needs a vocabulary with Hangul syllables: the shipped Korean model has one. ",
                        (Language::Korean, false) => ". 모르는 단어를 조각으로 읽는 것이 BERT의 방식이며, 더 많은 단어를 배운 모델은 더 많이 알아봅니다. ",
                        (Language::Korean, true) => ". 모르는 단어를 조각으로 읽는 것이 BERT의 방식입니다. 한국어를 읽으려면 어휘에 한글 음절이 있어야 하며, 함께 제공된 한국어 모델에는 있습니다. ",
                    }}</span>
                    {offered.map(|shipped| view! {
                        <button type="button" class="link-button" data-testid=format!("use-{}", shipped.link) on:click=move |_| models.load(shipped)>
                            {move || match language.get() {
                                Language::English => format!("Use {} (knows {})", shipped.name, if shipped.language == Language::Korean { "the Korean toy world" } else { "the lessons' toy world" }),
                                Language::Korean => format!("{} 쓰기 ({}를 압니다)", shipped.name, if shipped.language == Language::Korean { "한국어 장난감 세계" } else { "강의의 영어 장난감 세계" }),
                            }}
                        </button>
                    }).collect_view()}
                    {latin.then(|| view! {
                        <button type="button" class="link-button" on:click=move |_| {
                            let (label, repo) = HUB_MODELS[2];
                            let url = hub_url(repo);
                            models.load_url(label.into(), ModelSource::Url(url.clone()), url);
                        }>{bi("Load BERT-base (knows everyday English, 440 MB)", "BERT-base 불러오기 (일상 영어를 압니다, 440 MB)")}</button>
                    })}
                </p>
            }
        })
    }
}
