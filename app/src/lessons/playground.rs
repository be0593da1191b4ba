//! Playground: type a sentence, hide words behind [MASK] (click a word, or type [MASK]), and see
//! the model's top guesses with their probabilities, refreshed at every keystroke. The compute
//! worker predicts; typing never waits for it, and a keystroke's request replaces any older one
//! still queued there.

use std::sync::Arc;

use bertlab_model::inspect::MaskFill;
use bertlab_model::tokenizer::tokenizer_limits;
use leptos::prelude::*;

use super::frame::{Explain, LessonFrame, Problem, with_model};
use super::shared::{UnknownWords, word_span};
use super::{Lesson, Task};
use crate::compute::protocol::{Fault, Lane, Reply, Request};
use crate::compute::{Compute, latest};
use crate::i18n::{Language, bi};
use crate::progress::Progress;
use crate::state::{LoadedModel, Models};

const MASK: &str = "[MASK]";

pub static LESSON: Lesson = Lesson {
    slug: "playground",
    title: ("Playground", "마스크 놀이터"),
    teaches: (
        "Type a sentence, hide words behind [MASK], and see which words BERT expects there and how sure it is.",
        "문장을 입력하고 단어를 [MASK]로 가린 뒤, BERT가 그 자리에 어떤 단어를 얼마나 확신하며 예측하는지 확인합니다.",
    ),
    tasks: &[
        Task {
            id: "playground.right",
            ask: (
                "Write a sentence of your own, click one of its words to hide it, and get that word back as the top guess.",
                "직접 문장을 쓰고, 그 문장의 단어 하나를 눌러 가린 뒤, 그 단어가 가장 유력한 예측으로 나오게 해 보세요.",
            ),
            notice: (
                "The model reads the words on both sides of the gap at once: that is the “bidirectional” in BERT's name.",
                "모델은 빈칸 양쪽의 단어를 한꺼번에 읽습니다. BERT 이름의 “양방향(Bidirectional)”이 바로 이것입니다.",
            ),
            teacher: (
                "A model that reads only left to right guesses the next word. What can BERT use that it cannot?",
                "왼쪽에서 오른쪽으로만 읽는 모델은 다음 단어를 맞힙니다. BERT는 그런 모델이 못 쓰는 무엇을 쓸 수 있을까요?",
            ),
        },
        Task {
            id: "playground.far",
            ask: (
                "With one word hidden, change a word far away from it (another animal, another person) and watch the top guess change.",
                "단어 하나를 가린 채, 멀리 떨어진 단어(다른 동물, 다른 사람)를 바꾸고 가장 유력한 예측이 바뀌는 것을 보세요.",
            ),
            notice: (
                "Every word can influence every other: attention connects the whole sentence, however far apart.",
                "모든 단어가 다른 모든 단어에 영향을 줄 수 있습니다. 어텐션은 아무리 멀리 떨어져도 문장 전체를 잇습니다.",
            ),
            teacher: (
                "Which word in “The cow in the big barn says [MASK]” decides the answer? How could we test it?",
                "“The cow in the big barn says [MASK]”에서 답을 정하는 단어는 무엇일까요? 어떻게 확인할 수 있을까요?",
            ),
        },
        Task {
            id: "playground.unsure",
            ask: (
                "Find a sentence where the model is unsure: its top guess below 30% (try masking people's names).",
                "모델이 확신하지 못하는 문장을 찾아보세요. 가장 유력한 예측이 30% 아래로 (사람 이름을 가려 보세요).",
            ),
            notice: (
                "When the context does not decide the word, the probability spreads over the words that could fit.",
                "문맥이 단어를 정해 주지 못하면, 들어갈 수 있는 여러 단어에 확률이 나뉩니다.",
            ),
            teacher: (
                "Is an unsure model wrong? When is spreading the probability the right answer?",
                "확신하지 못하는 모델은 틀린 걸까요? 확률을 나누는 것이 옳은 답일 때는 언제일까요?",
            ),
        },
    ],
    page: || view! { <PlaygroundLesson/> }.into_any(),
};

#[component]
fn PlaygroundLesson() -> impl IntoView {
    let models = Models::get();
    let text = RwSignal::new(untrack(|| models.course()).playground.to_string());
    models.follow_course(text, |course| course.playground);
    crate::link::bind(
        "text",
        text,
        |raw| (!raw.trim().is_empty()).then(|| raw.to_string()),
        String::clone,
    );
    view! {
        <LessonFrame lesson=&LESSON>
            <Explain
                en="This is the game BERT is pre-trained on: some words are hidden behind [MASK] and the model guesses them from the words on both sides. Click a word below to hide it (click again to bring it back), or type [MASK] yourself. Every guess comes with the probability the model gives it."
                ko="BERT가 사전 학습할 때 하는 게임입니다. 몇몇 단어를 [MASK]로 가리면 모델이 양쪽의 단어를 보고 맞힙니다. 아래 단어를 누르면 가려지고(다시 누르면 돌아옵니다), [MASK]를 직접 입력해도 됩니다. 모든 예측에는 모델이 매긴 확률이 함께 나옵니다."
            />
            {with_model(move |model| view! {
                <UnknownWords model=model.clone() texts=Signal::derive(move || vec![text.get()])/>
                <Playground model=model text=text/>
            })}
            <Explain
                en="The shipped model only knows the toy world of its training corpus (animals, their sounds, food and homes; people, their jobs and days; the weather; and eight words with two meanings). Load BERT-base from the model menu to play with real English."
                ko="함께 제공되는 모델은 학습 말뭉치의 장난감 세계(동물과 울음소리·먹이·집, 사람과 직업·요일, 날씨, 그리고 뜻이 여럿인 단어 몇 개)만 압니다. 한국어 모델은 조사를 ##는, ##를 같은 조각으로 떼어 읽으므로, [MASK]는 조사가 붙지 않는 낱말(울음소리, 아침, 비)에 쓰면 잘 맞힙니다. 실제 영어로 놀아 보려면 모델 메뉴에서 BERT-base를 불러오세요."
            />
        </LessonFrame>
    }
}

/// What the results panel shows: the text they were computed for, and the outcome.
#[derive(Clone)]
struct Outcome {
    text: String,
    fills: Result<Vec<MaskFill>, Fault>,
}

#[component]
fn Playground(model: Arc<LoadedModel>, text: RwSignal<String>) -> impl IntoView {
    let language = Language::signal();
    let models = Models::get();
    let top_k = RwSignal::new(5usize);
    let originals = StoredValue::new(Vec::<String>::new());
    // Predictions for the newest text; the results say which text they are for.
    let outcome = {
        let compute = Compute::get();
        let id = model.id;
        latest(
            move || (text.get(), top_k.get()),
            move |(current, k)| {
                let request = Request::Fill {
                    model: id,
                    text: current.clone(),
                    top_k: k,
                    on: compute.inference(),
                };
                async move {
                    let fills = match compute.call(Some(Lane::Playground), request).await? {
                        Reply::Filled(result) => result,
                        Reply::Done(Err(message)) => Err(message),
                        _ => return None,
                    };
                    Some(Outcome {
                        text: current,
                        fills,
                    })
                }
            },
        )
    };

    let tokens_model = model.clone();
    let encoding = Memo::new(move |_| {
        tokens_model.tokenizer.encode_pair_with(
            &text.get(),
            None,
            tokenizer_limits(tokens_model.config().max_position_embeddings),
        )
    });
    // Tasks: a clicked-away word comes back on top; a far change moves the top guess; doubt.
    let progress = Progress::get();
    let top = |fill: &MaskFill| {
        fill.predictions.first().map(|p| {
            (
                p.token.trim_start_matches("##").to_lowercase(),
                p.probability,
            )
        })
    };
    progress.when("playground.right", move || {
        let current = text.get();
        let course = models.course();
        let mine = current != course.playground
            && !course
                .playground_examples
                .iter()
                .any(|(example, _)| *example == current);
        mine && outcome.with(|o| {
            let Some(Outcome {
                text: for_text,
                fills: Ok(fills),
            }) = o
            else {
                return false;
            };
            *for_text == current
                && originals.with_value(|words| {
                    words.iter().zip(fills).any(|(word, fill)| {
                        !word.is_empty() && top(fill).is_some_and(|(t, _)| t == word.to_lowercase())
                    })
                })
        })
    });
    let previous = StoredValue::new(None::<(String, String)>);
    Effect::new(move |_| {
        let Some(Outcome {
            text: for_text,
            fills: Ok(fills),
        }) = outcome.get()
        else {
            return;
        };
        let [fill] = fills.as_slice() else {
            previous.set_value(None);
            return;
        };
        let Some((guess, _)) = top(fill) else { return };
        let Some(at) = for_text.find(MASK) else {
            return;
        };
        let (before, after) = (&for_text[..at], &for_text[at + MASK.len()..]);
        if let Some((last_text, last_guess)) = previous.get_value()
            && let Some(last_at) = last_text.find(MASK)
        {
            let (last_before, last_after) =
                (&last_text[..last_at], &last_text[last_at + MASK.len()..]);
            // A word changed at least two words away from the gap, and the guess moved.
            let far = |a: &str, b: &str, near_end: bool| {
                let (a, b): (Vec<&str>, Vec<&str>) = (
                    a.split_whitespace().collect(),
                    b.split_whitespace().collect(),
                );
                let (a, b) = if near_end {
                    (
                        a.iter().rev().skip(1).copied().collect::<Vec<_>>(),
                        b.iter().rev().skip(1).copied().collect::<Vec<_>>(),
                    )
                } else {
                    (
                        a.iter().skip(1).copied().collect(),
                        b.iter().skip(1).copied().collect(),
                    )
                };
                a != b
            };
            if guess != last_guess
                && (far(before, last_before, true) || far(after, last_after, false))
            {
                progress.complete("playground.far");
            }
        }
        previous.set_value(Some((for_text, guess)));
    });
    progress.when("playground.unsure", move || {
        outcome.with(|o| {
            matches!(o, Some(Outcome { fills: Ok(fills), .. })
                if fills.iter().any(|fill| top(fill).is_some_and(|(_, p)| p < 0.3)))
        })
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
            <div class="examples" data-testid="playground-examples">
                <span class="muted">{bi("Try:", "해 볼 문장:")}</span>
                {move || models.course().playground_examples.iter().map(|(example, _)| view! {
                    <button type="button" class="example" translate="no" on:click=move |_| {
                        originals.set_value(Vec::new());
                        text.set(example.to_string());
                    }>{*example}</button>
                }).collect_view()}
            </div>
            {move || {
                let Some(Outcome { text: for_text, fills }) = outcome.get() else {
                    return view! { <p class="waiting fill-waiting" role="status">{bi("Thinking…", "생각 중…")}</p> }.into_any();
                };
                let stale = for_text != text.get();
                match fills {
                    Err(fault) => view! { <div data-testid="fill-results" data-text=for_text data-state="error"><Problem fault=fault/></div> }.into_any(),
                    Ok(fills) => view! {
                        <div class="fill-results" data-testid="fill-results" data-text=for_text class:stale=stale
                            data-state=if stale { "pending" } else { "ready" } data-model=models.current.with(|m| m.as_ref().map(|m| m.name.clone()))>
                            {fills.into_iter().enumerate().map(|(number, fill)| view! {
                                <section class="mask-card">
                                    <h2>{move || match language.get() {
                                        Language::English => format!("[MASK] no. {}", number + 1),
                                        Language::Korean => format!("[MASK] {}번", number + 1),
                                    }}</h2>
                                    <ol class="predictions" translate="no">
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
