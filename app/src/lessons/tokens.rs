//! Tokens: what BERT actually reads. Sentence A and an optional sentence B become [CLS] A [SEP]
//! B [SEP]; every token shows its segment, position and id; hovering a token lights up the
//! characters it came from; clicking one shows how WordPiece split its word.

use std::sync::Arc;

use leptos::prelude::*;

use super::frame::{Explain, LessonFrame, with_model};
use super::shared::{SentenceInputs, UnknownWords, encode_pair, truncation_notice, word_of};
use super::{Lesson, Task};
use crate::i18n::bi;
use crate::progress::Progress;
use crate::state::{LoadedModel, Sentences};

pub static LESSON: Lesson = Lesson {
    slug: "tokens",
    title: ("Tokens", "토큰"),
    teaches: (
        "How BERT cuts text into WordPiece tokens, where [CLS] and [SEP] go, and how sentence A and sentence B are told apart by segment ids.",
        "BERT가 문장을 WordPiece 토큰으로 자르는 방법, [CLS]와 [SEP]가 들어가는 위치, 세그먼트 번호로 문장 A와 문장 B를 구분하는 방법을 배웁니다.",
    ),
    tasks: &[
        Task {
            id: "tokens.split",
            ask: (
                "Type a word the model does not know whole, so that it splits into ## pieces (try “cows” or “farmers”).",
                "모델이 통째로 모르는 단어를 입력해 ## 조각으로 나뉘게 해 보세요 (한국어 모델이라면 “고양이를”, “빵집에서”처럼 조사가 붙은 말, 영어 모델이라면 “cows”나 “farmers”).",
            ),
            notice: (
                "Nothing is ever unknown: a word the vocabulary lacks is built from smaller pieces, down to single letters.",
                "모르는 단어도 버려지지 않습니다. 어휘 사전에 없는 단어는 더 작은 조각으로, 끝내는 글자 하나까지 쪼개어 만듭니다.",
            ),
            teacher: (
                "Why would a vocabulary keep pieces like ##s instead of every word?",
                "어휘 사전은 왜 모든 단어 대신 ##s나 ##를 같은 조각을 담아 둘까요?",
            ),
        },
        Task {
            id: "tokens.one-segment",
            ask: (
                "Empty sentence B: which tokens and segment ids disappear?",
                "문장 B를 비워 보세요. 어떤 토큰과 세그먼트 번호가 사라지나요?",
            ),
            notice: (
                "With one sentence there is one [SEP] and every token is in segment A (0).",
                "문장이 하나이면 [SEP]도 하나이고, 모든 토큰이 세그먼트 A(0)에 속합니다.",
            ),
            teacher: (
                "What could the model not learn if every input were a single sentence?",
                "입력이 늘 한 문장뿐이라면 모델이 배울 수 없는 것은 무엇일까요?",
            ),
        },
        Task {
            id: "tokens.steps",
            ask: (
                "Click a token to see, step by step, how WordPiece cut its word.",
                "토큰을 눌러 WordPiece가 그 단어를 자른 과정을 한 단계씩 보세요.",
            ),
            notice: (
                "WordPiece is greedy: from the left, it takes the longest piece the vocabulary has.",
                "WordPiece는 욕심쟁이 방식입니다. 왼쪽부터 어휘 사전에 있는 가장 긴 조각을 고릅니다.",
            ),
            teacher: (
                "Would cutting from the right give the same pieces? Try it on paper with “unhappily”.",
                "오른쪽부터 자르면 같은 조각이 나올까요? “unhappily”로 종이에 해 보세요.",
            ),
        },
    ],
    page: || view! { <TokensLesson/> }.into_any(),
};

#[component]
fn TokensLesson() -> impl IntoView {
    let sentences = Sentences::get();
    view! {
        <LessonFrame lesson=&LESSON>
            <Explain
                en="BERT never sees letters or whole words. Its tokenizer splits the text into words and punctuation — an uncased model lower-cases it first — and cuts each word into the longest pieces its vocabulary knows (WordPiece). A piece that continues a word starts with ##. Then it adds [CLS] at the front and [SEP] after each sentence. The two sentences here follow each other in a story, like the IsNext pairs BERT pre-trains on."
                ko="BERT는 글자나 단어를 그대로 보지 않습니다. 토크나이저가 글을 단어와 문장 부호로 나누고(대소문자를 구분하지 않는 uncased 모델은 먼저 소문자로 바꿉니다), 각 단어를 어휘 사전에 있는 가장 긴 조각으로 자릅니다(WordPiece). 단어의 뒷부분 조각은 ##로 시작합니다. 그리고 맨 앞에 [CLS]를, 문장마다 끝에 [SEP]를 붙입니다. 여기 두 문장은 한 이야기에서 이어지는 문장으로, BERT가 사전 학습하는 IsNext 쌍과 같습니다."
            />
            <SentenceInputs sentences=sentences/>
            {with_model(move |model| view! {
                <UnknownWords model=model.clone() texts=Signal::derive(move || vec![sentences.a.get(), sentences.b.get()])/>
                <TokenView model=model sentences=sentences/>
            })}
            <Explain
                en="Segment ids label the two sides (A = 0, B = 1), so that every token knows which sentence it is in. Whether B really follows A is decided from the [CLS] token's final vector (next-sentence prediction), which has looked at both sides through attention. Position ids count from 0 so that word order is not lost, because attention itself ignores order."
                ko="세그먼트 번호는 두 문장을 표시합니다(A = 0, B = 1). 그래서 모든 토큰이 자기가 어느 문장에 있는지 압니다. B가 정말 A 다음 문장인지는 [CLS] 토큰의 마지막 벡터로 판단합니다(다음 문장 예측). 이 벡터는 어텐션으로 두 문장을 모두 본 결과입니다. 위치 번호는 0부터 세어 단어 순서를 알려 줍니다. 어텐션 자체는 순서를 모르기 때문입니다."
            />
            <Explain
                en="Lower-casing belongs to uncased vocabularies only (like bert-base-uncased and the English model shipped here); they also strip accents, so “café” becomes “cafe”, and BERT's uncased normaliser would even break Korean syllables into their letters (jamo). So the Korean model shipped here lower-cases but keeps accents and whole syllables, and says so in its tokenizer_config.json. Cased vocabularies keep the text as written."
                ko="소문자로 바꾸기는 uncased 어휘(bert-base-uncased나 여기 함께 제공되는 영어 모델)에서만 합니다. 이런 어휘는 악센트도 지워 “café”가 “cafe”가 되고, BERT의 uncased 정규화는 한글 음절까지 자모로 풀어 버립니다. 그래서 함께 제공되는 한국어 모델은 소문자로만 바꾸고 악센트와 한글 음절은 그대로 두며, 이 선택을 tokenizer_config.json에 적어 둡니다. cased 어휘는 글을 쓴 그대로 둡니다."
            />
        </LessonFrame>
    }
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
    let progress = Progress::get();
    // The learner's own word: the Korean defaults already split their particles off.
    let models = crate::state::Models::get();
    progress.when("tokens.split", move || {
        let pair = models.course().pair;
        let own = sentences.a.with(|a| a != pair.0) || sentences.b.with(|b| b != pair.1);
        own && encoding.with(|e| e.tokens.iter().any(|t| t.starts_with("##")))
    });
    progress.when("tokens.one-segment", move || {
        sentences.b.with(|b| b.trim().is_empty())
            && encoding.with(|e| !e.is_empty() && e.type_ids.iter().all(|&t| t == 0))
    });
    // A word's steps are shown (the added tokens have none).
    progress.when("tokens.steps", move || {
        selected
            .get()
            .is_some_and(|i| encoding.with(|e| e.word_ids.get(i).copied().flatten().is_some()))
    });
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
        <div class="token-strip" data-testid="token-strip" role="list" translate="no">
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
                                <span title=bi("segment", "세그먼트")>{if segment == 0 { "A" } else { "B" }}</span>
                                <span title=bi("position", "위치")>{format!("#{index}")}</span>
                                <span title=bi("token id", "토큰 번호")>{format!("id {}", encoding.ids[index])}</span>
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
