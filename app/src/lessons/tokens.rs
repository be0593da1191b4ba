//! Tokens: what BERT actually reads. Sentence A and an optional sentence B become [CLS] A [SEP]
//! B [SEP]; every token shows its segment, position and id; hovering a token lights up the
//! characters it came from; clicking one shows how WordPiece split its word.

use std::sync::Arc;

use bertlab_model::Encoding;
use bertlab_model::tokenizer::tokenizer_limits;
use leptos::prelude::*;

use super::Lesson;
use super::frame::{Explain, LessonFrame, with_model};
use crate::i18n::{Language, bi, pick};
use crate::state::{LoadedModel, Sentences};

#[component]
pub fn TokensLesson() -> impl IntoView {
    let sentences = Sentences::get();
    view! {
        <LessonFrame lesson=Lesson::Tokens>
            <Explain
                en="BERT never sees letters or whole words. Its tokenizer lower-cases the text, splits it into words and punctuation, and cuts each word into the longest pieces its vocabulary knows (WordPiece). A piece that continues a word starts with ##. Then it adds [CLS] at the front — the model's summary of the whole input is read there — and [SEP] after each sentence."
                ko="BERT는 글자나 단어를 그대로 보지 않습니다. 토크나이저가 글을 소문자로 바꾸고, 단어와 문장 부호로 나눈 뒤, 각 단어를 어휘 사전에 있는 가장 긴 조각으로 자릅니다(WordPiece). 단어의 뒷부분 조각은 ##로 시작합니다. 그리고 맨 앞에 [CLS]를 붙이고(입력 전체의 요약을 여기서 읽습니다), 문장마다 끝에 [SEP]를 붙입니다."
            />
            <SentenceInputs sentences=sentences/>
            {with_model(move |model| view! { <TokenView model=model sentences=sentences/> })}
            <Explain
                en="Segment ids tell the two sentences apart (A = 0, B = 1): that is how BERT can judge whether B follows A. Position ids count from 0 so that word order is not lost, because attention itself ignores order."
                ko="세그먼트 번호는 두 문장을 구분합니다(A = 0, B = 1). 그래서 BERT가 B가 A 다음에 오는 문장인지 판단할 수 있습니다. 위치 번호는 0부터 세어 단어 순서를 알려 줍니다. 어텐션 자체는 순서를 모르기 때문입니다."
            />
        </LessonFrame>
    }
}

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

#[component]
fn TokenView(model: Arc<LoadedModel>, sentences: Sentences) -> impl IntoView {
    let hovered = RwSignal::new(None::<usize>);
    let selected = RwSignal::new(None::<usize>);
    let positions = model.config().max_position_embeddings;
    let encoding = {
        let model = model.clone();
        Memo::new(move |_| encode_pair(&model, &sentences.a.get(), &sentences.b.get()))
    };
    let trace_model = model.clone();
    view! {
        {move || encoding.with(|encoding| truncation_notice(encoding, positions))}
        <div class="source-preview" aria-hidden="true">
            {move || {
                let encoding = encoding.get();
                let hovered = hovered.get();
                let span = hovered.and_then(|token| {
                    (encoding.special_tokens_mask[token] == 0)
                        .then(|| (encoding.type_ids[token], encoding.offsets[token]))
                });
                [(0u32, sentences.a.get()), (1, sentences.b.get())].into_iter().map(|(segment, text)| {
                    let chars: Vec<char> = text.chars().collect();
                    let (start, end) = match span {
                        Some((s, (start, end))) if s == segment => (start.min(chars.len()), end.min(chars.len())),
                        _ => (0, 0),
                    };
                    let part = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
                    view! {
                        <div class=if segment == 0 { "source seg-a" } else { "source seg-b" }>
                            {part(0, start)}
                            <mark data-testid=format!("source-highlight-{segment}")>{part(start, end)}</mark>
                            {part(end, chars.len())}
                        </div>
                    }
                }).collect_view()
            }}
        </div>
        <div class="token-strip" data-testid="token-strip" role="list">
            {move || {
                let encoding = encoding.get();
                (0..encoding.len()).map(|index| {
                    let token = encoding.tokens[index].clone();
                    let special = encoding.special_tokens_mask[index] == 1;
                    let continuation = token.starts_with("##");
                    let segment = encoding.type_ids[index];
                    view! {
                        <button
                            type="button"
                            role="listitem"
                            class="token"
                            class:special=special
                            class:continuation=continuation
                            class:seg-a=segment == 0
                            class:seg-b=segment == 1
                            class:selected=move || selected.get() == Some(index)
                            data-testid="token"
                            data-token=token.clone()
                            data-segment=segment
                            data-position=index
                            data-id=encoding.ids[index]
                            on:mouseenter=move |_| hovered.set(Some(index))
                            on:mouseleave=move |_| hovered.set(None)
                            on:focus=move |_| hovered.set(Some(index))
                            on:click=move |_| selected.set(Some(index))
                        >
                            <span class="token-text">{token.clone()}</span>
                            <span class="token-meta">
                                <span title="segment">{if segment == 0 { "A" } else { "B" }}</span>
                                <span title="position">{format!("#{index}")}</span>
                                <span title="id">{format!("id {}", encoding.ids[index])}</span>
                            </span>
                        </button>
                    }
                }).collect_view()
            }}
        </div>
        <div class="legend">
            <span class="swatch seg-a"></span>{bi("segment A (0)", "세그먼트 A (0)")}
            <span class="swatch seg-b"></span>{bi("segment B (1)", "세그먼트 B (1)")}
            <span class="swatch special"></span>{bi("added by the tokenizer", "토크나이저가 추가한 토큰")}
            <span class="legend-note">{bi("## = continues the word before it", "## = 앞 조각에 이어지는 조각")}</span>
        </div>
        {move || {
            let index = selected.get()?;
            let encoding = encoding.get();
            let word = word_of(&encoding, index, &sentences.a.get(), &sentences.b.get())?;
            let trace = trace_model.tokenizer.trace_word(&trace_model.tokenizer.normalize(&word));
            Some(view! {
                <section class="wordpiece-steps" data-testid="wordpiece-steps">
                    <h2>{bi("How WordPiece split “", "WordPiece가 나눈 과정: “")}{trace.word.clone()}"”"</h2>
                    <ol>
                        {trace.steps.iter().map(|step| view! {
                            <li>
                                {bi("From character ", "글자 위치 ")}{step.start}": "
                                {step.tried.iter().map(|candidate| {
                                    let hit = step.matched.as_deref() == Some(candidate.as_str());
                                    view! { <span class="candidate" class:hit=hit>{candidate.clone()}{if hit { " ✓" } else { " ✗" }}</span> }
                                }).collect_view()}
                            </li>
                        }).collect_view()}
                    </ol>
                    <p>{bi("Pieces: ", "조각: ")}<strong>{trace.pieces.join(" ")}</strong>
                        {trace.too_long.then(|| view! { <span>{bi(" (longer than 100 characters: [UNK])", " (100글자보다 길어 [UNK])")}</span> })}
                    </p>
                </section>
            })
        }}
    }
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

/// The original text of the word token `index` belongs to.
fn word_of(encoding: &Encoding, index: usize, a: &str, b: &str) -> Option<String> {
    let (start, end) = word_span(encoding, index)?;
    let text = if encoding.type_ids[index] == 0 { a } else { b };
    Some(
        text.chars()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect(),
    )
}
