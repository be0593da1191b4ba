//! Playground: type a sentence, hide words behind [MASK] (click a word, or type [MASK]), and see
//! the model's top guesses with their probabilities, refreshed as you type. Predictions are
//! computed a moment after the last keystroke and never hold up typing.

use std::sync::Arc;
use std::time::Duration;

use bertlab_model::inspect::{MaskFill, fill_mask};
use bertlab_model::tokenizer::tokenizer_limits;
use leptos::prelude::*;

use super::Lesson;
use super::frame::{Explain, LessonFrame, Problem, with_model};
use super::tokens::word_span;
use crate::i18n::{Language, bi, pick};
use crate::state::{LoadedModel, Models, yield_to_browser};

const MASK: &str = "[MASK]";
/// Wait this long after a keystroke before predicting, so fast typing is not interrupted.
const DEBOUNCE: Duration = Duration::from_millis(120);

#[component]
pub fn PlaygroundLesson() -> impl IntoView {
    let text = RwSignal::new("The dog says [MASK] and eats [MASK].".to_string());
    crate::link::bind(
        "text",
        text,
        |raw| (!raw.trim().is_empty()).then(|| raw.to_string()),
        String::clone,
    );
    view! {
        <LessonFrame lesson=Lesson::Playground>
            <Explain
                en="This is the game BERT is pre-trained on: some words are hidden behind [MASK] and the model guesses them from the words on both sides. Click a word below to hide it (click again to bring it back), or type [MASK] yourself. Every guess comes with the probability the model gives it."
                ko="BERT가 사전 학습할 때 하는 게임입니다. 몇몇 단어를 [MASK]로 가리면 모델이 양쪽의 단어를 보고 맞힙니다. 아래 단어를 누르면 가려지고(다시 누르면 돌아옵니다), [MASK]를 직접 입력해도 됩니다. 모든 예측에는 모델이 매긴 확률이 함께 나옵니다."
            />
            {with_model(move |model| view! { <Playground model=model text=text/> })}
            <Explain
                en="The shipped model only knows the toy world of its training corpus (animals, their sounds and food, people and their jobs). Load BERT-base from the model menu to play with real English."
                ko="함께 제공되는 모델은 학습 말뭉치의 장난감 세계(동물과 울음소리·먹이, 사람과 직업)만 압니다. 실제 영어로 놀아 보려면 모델 메뉴에서 BERT-base를 불러오세요."
            />
        </LessonFrame>
    }
}

/// What the results panel shows: the text they were computed for, and the outcome.
#[derive(Clone)]
struct Outcome {
    text: String,
    fills: Result<Vec<MaskFill>, String>,
}

#[component]
fn Playground(model: Arc<LoadedModel>, text: RwSignal<String>) -> impl IntoView {
    let language = Language::signal();
    let models = Models::get();
    let top_k = RwSignal::new(5usize);
    let settled = RwSignal::new(text.get_untracked());
    let outcome = RwSignal::new(None::<Outcome>);
    let originals = StoredValue::new(Vec::<String>::new());
    let generation = StoredValue::new(0u64);
    let pending = StoredValue::new(None::<TimeoutHandle>);

    // Debounce: predictions follow the text once typing pauses.
    Effect::new(move |_| {
        let current = text.get();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        // try_set: the timer may fire after the learner has left the page.
        let handle = set_timeout_with_handle(move || _ = settled.try_set(current), DEBOUNCE).ok();
        pending.set_value(handle);
    });
    on_cleanup(move || {
        if let Some(Some(handle)) = pending.try_get_value() {
            handle.clear();
        }
    });
    // Predict for the settled text; only the newest request may write its result.
    {
        let model = model.clone();
        Effect::new(move |_| {
            let (current, k) = (settled.get(), top_k.get());
            generation.update_value(|g| *g += 1);
            let mine = generation.get_value();
            let model = model.clone();
            leptos::task::spawn_local(async move {
                // A task of its own, so the page paints before the forward pass.
                yield_to_browser().await;
                let fills = fill_mask(
                    &model.checkpoint.model,
                    &model.tokenizer,
                    &current,
                    k,
                    model.config().max_position_embeddings,
                    &model.device.device,
                )
                .await
                .map(|(_, fills)| fills)
                .map_err(|error| error.to_string());
                // Only the newest request may answer, and only while the page is still open.
                if generation.try_get_value() == Some(mine) {
                    _ = outcome.try_set(Some(Outcome {
                        text: current,
                        fills,
                    }));
                }
            });
        });
    }

    let tokens_model = model.clone();
    let encoding = Memo::new(move |_| {
        tokens_model.tokenizer.encode_pair_with(
            &text.get(),
            None,
            tokenizer_limits(tokens_model.config().max_position_embeddings),
        )
    });
    let toggle = move |index: usize| {
        let encoding = encoding.get_untracked();
        let current = text.get_untracked();
        let fills = outcome.with_untracked(|o| o.as_ref().and_then(|o| o.fills.clone().ok()));
        if let Some(next) = toggle_mask(
            &current,
            &encoding,
            index,
            &mut originals.write_value(),
            fills.as_deref(),
        ) {
            text.set(next);
        }
    };
    let fill_all = move |_| {
        let Some(Ok(fills)) = outcome.with_untracked(|o| o.as_ref().map(|o| o.fills.clone()))
        else {
            return;
        };
        let best: Vec<String> = fills
            .iter()
            .filter_map(|fill| {
                fill.predictions
                    .first()
                    .map(|p| p.token.trim_start_matches("##").to_string())
            })
            .collect();
        let mut next = text.get_untracked();
        for word in best {
            match next.find(MASK) {
                Some(at) => next.replace_range(at..at + MASK.len(), &word),
                None => break,
            }
        }
        originals.set_value(Vec::new());
        text.set(next);
    };

    view! {
        <div class="playground">
            <label class="playground-label" for="playground-input">{bi("Your sentence", "문장")}</label>
            <textarea id="playground-input" data-testid="playground-input" rows="2" spellcheck="false"
                prop:value=text on:input=move |event| text.set(event_target_value(&event))></textarea>
            <div class="token-strip playground-tokens" data-testid="playground-tokens" role="list"
                aria-label=bi("Tokens: click one to mask or unmask its word", "토큰: 누르면 단어를 가리거나 되돌립니다")>
                {move || {
                    let encoding = encoding.get();
                    (0..encoding.len()).filter(|&i| encoding.special_tokens_mask[i] == 0).map(|index| {
                        let token = encoding.tokens[index].clone();
                        let masked = token == MASK;
                        view! {
                            <button type="button" role="listitem" class="token" class:masked=masked
                                class:continuation=token.starts_with("##")
                                data-testid="playground-token" data-token=token.clone()
                                on:click=move |_| toggle(index)>{token.clone()}</button>
                        }
                    }).collect_view()
                }}
            </div>
            <div class="controls">
                <label>{bi("Guesses per mask", "마스크당 예측 수")}" "
                    <select data-testid="top-k" on:change=move |event| {
                        if let Ok(k) = event_target_value(&event).parse() { top_k.set(k) }
                    }>
                        {[5usize, 10, 20].map(|k| view! { <option value=k.to_string() selected=k == 5>{k}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" class="primary" data-testid="fill-masks" on:click=fill_all>
                    {bi("Fill the masks with the top guesses", "가장 유력한 예측으로 채우기")}
                </button>
            </div>
            {move || {
                let Some(Outcome { text: for_text, fills }) = outcome.get() else {
                    return view! { <p class="waiting fill-waiting" role="status">{bi("Thinking…", "생각 중…")}</p> }.into_any();
                };
                let stale = for_text != text.get();
                match fills {
                    Err(message) => view! { <div data-testid="fill-results" data-text=for_text data-state="error"><Problem message=message/></div> }.into_any(),
                    Ok(fills) => view! {
                        <div class="fill-results" data-testid="fill-results" data-text=for_text class:stale=stale
                            data-state=if stale { "pending" } else { "ready" } data-model=models.current.with(|m| m.as_ref().map(|m| m.name.clone()))>
                            {fills.into_iter().enumerate().map(|(number, fill)| view! {
                                <section class="mask-card">
                                    <h2>{move || format!("[MASK] {} {}", pick(language.get(), "no.", "번호"), number + 1)}</h2>
                                    <ol class="predictions">
                                        {fill.predictions.into_iter().map(|prediction| view! {
                                            <li data-testid="prediction" data-token=prediction.token.clone() data-prob=format!("{:.6}", prediction.probability)>
                                                <span class="prediction-token">{prediction.token.clone()}</span>
                                                <span class="bar"><span style=format!("width: {:.1}%", prediction.probability * 100.0)></span></span>
                                                <span class="prediction-prob">{format!("{:.1}%", prediction.probability * 100.0)}</span>
                                            </li>
                                        }).collect_view()}
                                    </ol>
                                </section>
                            }).collect_view()}
                        </div>
                    }.into_any(),
                }
            }}
        </div>
    }
}

/// The text with the word of token `index` masked, or — when it is a [MASK] — given back its
/// original word (or the model's top guess when the original is not known).
fn toggle_mask(
    text: &str,
    encoding: &bertlab_model::Encoding,
    index: usize,
    originals: &mut Vec<String>,
    fills: Option<&[MaskFill]>,
) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let (start, end) = word_span(encoding, index)?;
    let before: String = chars[..start].iter().collect();
    let ordinal = before.matches(MASK).count();
    let masks_now = text.matches(MASK).count();
    if originals.len() != masks_now {
        // The learner typed or deleted masks by hand: the remembered words no longer line up.
        originals.clear();
        originals.resize(masks_now, String::new());
    }
    let after: String = chars[end..].iter().collect();
    if encoding.tokens[index] == MASK {
        let known = originals.remove(ordinal);
        let word = if known.is_empty() {
            fills
                .and_then(|fills| fills.get(ordinal))
                .and_then(|fill| fill.predictions.first())
                .map(|p| p.token.trim_start_matches("##").to_string())
                .unwrap_or_default()
        } else {
            known
        };
        Some(format!("{before}{word}{after}"))
    } else {
        let word: String = chars[start..end].iter().collect();
        originals.insert(ordinal, word);
        Some(format!("{before}{MASK}{after}"))
    }
}
