//! Pre-training, live: pick a corpus and a model size, press start, and watch BERT learn its two
//! games — masked words (MLM) and next sentence (NSP) — with curves, the masking of one example
//! of the current batch, and the guesses for a few probe sentences getting better.

use bertlab_model::data::corpus::MAX_BYTES;
use bertlab_model::data::{ExampleView, MaskDecision, TokenView};
use bertlab_model::train::{SessionSettings, StepPoint};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::frame::{Explain, LessonFrame};
use super::{Lesson, Task};
use crate::compute::protocol::{Fault, Phase};
use crate::download::download;
use crate::fetch::{read_file, read_file_at_most, take_picked_files};
use crate::i18n::{Language, bi, pick};
use crate::link;
use crate::progress::Progress;
use crate::training::{SHIPPED_CORPORA, ShippedCorpus, Training};
use crate::widgets::{FigureTools, LineChart, YRange};

pub static LESSON: Lesson = Lesson {
    slug: "pretrain",
    title: ("Pre-training", "사전 학습"),
    teaches: (
        "Pre-training BERT live in your browser with masked language modelling (15% of tokens: 80% [MASK], 10% random, 10% kept) and next sentence prediction, with loss and accuracy curves.",
        "브라우저에서 직접 BERT를 사전 학습합니다. 마스크 언어 모델(토큰의 15%: 80%는 [MASK], 10%는 무작위 토큰, 10%는 그대로)과 다음 문장 예측을 손실·정확도 그래프와 함께 지켜봅니다.",
    ),
    tasks: &[
        Task {
            id: "pretrain.mlm",
            ask: (
                "Start training and watch MLM accuracy pass 30%. What does NSP accuracy do meanwhile?",
                "학습을 시작하고 MLM 정확도가 30%를 넘는 것을 지켜보세요. 그동안 NSP 정확도는 어떻게 되나요?",
            ),
            notice: (
                "Masked words are learned first; telling whether two sentences belong together takes the model much longer.",
                "가려진 단어는 먼저 배우고, 두 문장이 이어지는지 가리는 것은 훨씬 오래 걸립니다.",
            ),
            teacher: (
                "Which of the two games could a model win by guessing? What is guessing worth in each?",
                "두 게임 중 어느 쪽을 찍어서 맞힐 수 있을까요? 각 게임에서 찍으면 몇 점일까요?",
            ),
        },
        Task {
            id: "pretrain.probe",
            ask: (
                "Keep training until a probe sentence turns right (it turns green).",
                "시험 문장 하나가 맞을 때까지(초록색이 될 때까지) 학습을 계속해 보세요.",
            ),
            notice: (
                "Nobody told the model the answers: it learned them from the text alone, which is its own label.",
                "아무도 모델에게 정답을 알려 주지 않았습니다. 글 자체가 정답이 되어 글만으로 배웠습니다.",
            ),
            teacher: (
                "Where did the “label” for this prediction come from?",
                "이 예측의 “정답”은 어디에서 왔을까요?",
            ),
        },
        Task {
            id: "pretrain.masking",
            ask: (
                "Pause, and in the example find a chosen token that was not replaced by [MASK].",
                "일시 정지하고, 예시에서 골랐지만 [MASK]로 바뀌지 않은 토큰을 찾아보세요.",
            ),
            notice: (
                "One chosen token in ten is swapped for a random one and one in ten is kept: the model must check every word, not only the [MASK]s.",
                "고른 토큰 열 개 중 하나는 무작위 토큰으로, 하나는 그대로 둡니다. 그래서 모델은 [MASK]만이 아니라 모든 단어를 살펴야 합니다.",
            ),
            teacher: (
                "Why not always use [MASK]? (Hint: there is no [MASK] when the model is used later.)",
                "왜 늘 [MASK]만 쓰지 않을까요? (힌트: 나중에 모델을 쓸 때는 [MASK]가 없습니다.)",
            ),
        },
    ],
    page: || view! { <PretrainLesson/> }.into_any(),
};

#[component]
fn PretrainLesson() -> impl IntoView {
    let training = Training::get();
    let progress = Progress::get();
    let recent = move |pick: fn(&bertlab_model::train::StepPoint) -> f32| {
        training.history.with(|h| {
            let last: Vec<f32> = h.iter().rev().take(5).map(pick).collect();
            (last.len() == 5).then(|| last.iter().sum::<f32>() / 5.0)
        })
    };
    progress.when("pretrain.mlm", move || {
        recent(|p| p.metrics.mlm_accuracy).is_some_and(|accuracy| accuracy >= 0.3)
    });
    progress.when("pretrain.probe", move || {
        training
            .probe_results
            .with(|results| results.iter().any(|result| result.right))
    });
    progress.when("pretrain.masking", move || {
        training.phase.get() == Phase::Paused
            && training.example.with(|e| {
                e.as_ref().is_some_and(|e| {
                    e.tokens.iter().any(|t| {
                        matches!(
                            t.decision,
                            MaskDecision::Random(_) | MaskDecision::Unchanged
                        )
                    })
                })
            })
    });
    view! {
        <LessonFrame lesson=&LESSON>
            <Explain
                en="BERT learns from plain text, with no labels, by playing two games at once. Masked language modelling: 15% of the tokens of each sequence are chosen; of those, 80% become [MASK], 10% a random token and 10% stay — and the model must recover the original. The loss counts only those chosen tokens. Why not always [MASK]? When BERT is used later there is no [MASK] in the text, so it must not learn that only [MASK]ed places matter. Next sentence prediction: half the pairs are two sentences that follow each other (IsNext), half are taken from different documents (NotNext), and the model tells which from the [CLS] token."
                ko="BERT는 정답 표시가 없는 평범한 글로, 두 가지 게임을 동시에 하며 배웁니다. 마스크 언어 모델: 시퀀스마다 토큰의 15%를 고르고, 그중 80%는 [MASK], 10%는 무작위 토큰으로 바꾸고 10%는 그대로 둔 뒤 원래 토큰을 맞히게 합니다. 손실은 고른 토큰만 셉니다. 왜 늘 [MASK]를 쓰지 않을까요? 나중에 BERT를 쓸 때 글에는 [MASK]가 없으므로, [MASK]가 있는 자리만 중요하다고 배우면 안 되기 때문입니다. 다음 문장 예측: 문장 쌍의 절반은 실제로 이어지는 두 문장(IsNext), 절반은 다른 문서에서 가져온 문장(NotNext)이고, 모델은 [CLS] 토큰으로 어느 쪽인지 맞힙니다."
            />
            <Setup training=training/>
            <Controls training=training/>
            <Charts training=training/>
            <div class="pretrain-columns">
                <MaskingView training=training/>
                <ProbeView training=training/>
            </div>
            <SaveAndExport training=training/>
            <Scale training=training/>
        </LessonFrame>
    }
}

/// This run beside the real one.
#[component]
fn Scale(training: Training) -> impl IntoView {
    let language = Language::signal();
    let ours = move || {
        let s = training.settings.get();
        let tokens = s.total_steps as f64 * s.batch_size as f64 * s.max_len as f64;
        match language.get() {
            Language::English => format!(
                "{} steps of {} sentence pairs, up to {} tokens each: at most {:.1} million tokens read.",
                s.total_steps,
                s.batch_size,
                s.max_len,
                tokens / 1e6
            ),
            Language::Korean => format!(
                "{}단계, 단계마다 문장 쌍 {}개, 쌍마다 최대 토큰 {}개: 많아야 토큰 {:.1}백만 개를 읽습니다.",
                s.total_steps,
                s.batch_size,
                s.max_len,
                tokens / 1e6
            ),
        }
    };
    view! {
        <section class="panel" data-testid="pretrain-scale">
            <h2>{bi("This run and the real BERT", "이 학습과 실제 BERT")}</h2>
            <table class="compare">
                <tbody>
                    <tr><th scope="row">{bi("Here", "여기")}</th><td>{ours}</td></tr>
                    <tr><th scope="row">"BERT"</th><td>{bi(
                        "BooksCorpus (800 million words) and English Wikipedia (2,500 million words); 1,000,000 steps of 256 sequences — 128 tokens long for 90% of the steps, 512 for the rest — about 40 passes over the data, on 16 to 64 TPU chips for 4 days.",
                        "BooksCorpus(단어 8억 개)와 영어 위키백과(단어 25억 개). 시퀀스 256개씩 1,000,000단계 — 단계의 90%는 토큰 128개 길이, 나머지는 512개 — 로 데이터를 약 40번 읽었고, TPU 칩 16~64개로 4일 걸렸습니다.",
                    )}</td></tr>
                </tbody>
            </table>
            <p class="muted">{bi(
                "Later work questioned the second game: RoBERTa (2019) trained without next-sentence prediction, on more data for longer, and did better.",
                "이후 연구는 두 번째 게임에 의문을 던졌습니다. RoBERTa(2019)는 다음 문장 예측 없이, 더 많은 데이터로 더 오래 학습해 더 좋은 결과를 냈습니다.",
            )}</p>
        </section>
    }
}

#[component]
fn Setup(training: Training) -> impl IntoView {
    let language = Language::signal();
    let locked = move || training.phase.get() != Phase::Empty;
    let settings = training.settings;
    let paste = RwSignal::new(String::new());
    let corpus_choice = RwSignal::new(settings.get_untracked().corpus_name.clone());
    let is_shipped = |name: &str| ShippedCorpus::find(name).is_some();
    // A shipped corpus chosen elsewhere (the course's language, a restored session) shows here.
    // (A memo: other settings changing must not take back an upload or paste being chosen.)
    let corpus_name = Memo::new(move |_| settings.with(|s| s.corpus_name.clone()));
    Effect::new(move |_| {
        let name = corpus_name.get();
        if is_shipped(&name) {
            corpus_choice.set(name);
        }
    });
    // A saved or running session keeps its own settings over the link's.
    let open_to_link = move || {
        matches!(
            training.phase.get_untracked(),
            Phase::Empty | Phase::Restoring
        )
    };
    link::bind_with(
        "corpus",
        move |raw| {
            is_shipped(raw) && {
                if open_to_link() {
                    corpus_choice.set(raw.to_string());
                    training.choose_shipped_corpus(raw);
                }
                true
            }
        },
        move || Some(settings.with(|s| s.corpus_name.clone())).filter(|name| is_shipped(name)),
    );
    link::bind_with(
        "preset",
        move |raw| {
            ["tiny", "mini", "custom"].contains(&raw) && {
                if open_to_link() {
                    settings.update(|s| s.preset = raw.to_string());
                }
                true
            }
        },
        move || Some(settings.with(|s| s.preset.clone())),
    );
    let set_number = move |apply: fn(&mut SessionSettings, f64)| {
        move |event: leptos::ev::Event| {
            if let Ok(value) = event_target_value(&event).parse::<f64>() {
                settings.update(|s| apply(s, value));
            }
        }
    };
    let on_upload = move |event: leptos::ev::Event| {
        let Some(file) = take_picked_files(&event).into_iter().next() else {
            return;
        };
        leptos::task::spawn_local(async move {
            if file.size() > (MAX_BYTES * 4) as f64 {
                let (name, size, limit) =
                    (file.name(), file.size() / 1e6, MAX_BYTES * 4 / 1_000_000);
                training.error.set(Some(Fault::said(
                    format!(
                        "{name} is {size:.0} MB; a corpus for the browser should stay under {limit} MB."
                    ),
                    format!("{name}은(는) {size:.0} MB입니다. 브라우저용 말뭉치는 {limit} MB보다 작아야 합니다."),
                )));
                return;
            }
            match read_file(&file).await {
                Ok(bytes) => accept_corpus(training, &file.name(), &bytes),
                Err(error) => training.error.set(Some(error)),
            }
        });
    };
    view! {
        <section class="panel setup" data-testid="train-setup">
            <h2>{bi("1. What to read and how big a model", "1. 무엇을 읽고, 얼마나 큰 모델로")}</h2>
            <div class="setup-grid">
                <label>{bi("Corpus", "말뭉치")}
                    <select data-testid="corpus-select" prop:disabled=locked prop:value=move || corpus_choice.get()
                        on:change=move |event| {
                            let name = event_target_value(&event);
                            corpus_choice.set(name.clone());
                            if is_shipped(&name) {
                                training.custom_corpus.set(None);
                                training.error.set(None);
                                training.choose_shipped_corpus(&name);
                            }
                        }>
                        {SHIPPED_CORPORA.iter().map(|corpus| view! { <option value=corpus.file>{bi(corpus.name.0, corpus.name.1)}</option> }).collect_view()}
                        <option value="upload">{bi("Upload a .txt file…", ".txt 파일 올리기…")}</option>
                        <option value="paste">{bi("Paste text…", "글 붙여넣기…")}</option>
                        {move || training.custom_corpus.with(Option::is_some).then(|| {
                            let name = settings.with(|s| s.corpus_name.clone());
                            view! { <option value=name.clone()>{name.clone()}</option> }
                        })}
                    </select>
                </label>
                <label>{bi("Model size", "모델 크기")}
                    <select data-testid="preset-select" prop:disabled=locked prop:value=move || settings.with(|s| s.preset.clone())
                        on:change=move |event| { let preset = event_target_value(&event); settings.update(|s| s.preset = preset) }>
                        <option value="tiny">{bi("tiny — 2 layers, 128 wide, 2 heads", "tiny — 2층, 너비 128, 헤드 2개")}</option>
                        <option value="mini">{bi("mini — 4 layers, 256 wide, 4 heads", "mini — 4층, 너비 256, 헤드 4개")}</option>
                        <option value="custom">{bi("custom…", "직접 정하기…")}</option>
                    </select>
                </label>
                {move || (settings.with(|s| s.preset == "custom")).then(|| view! {
                    <label>{bi("Layers", "층 수")}<input type="number" min="1" max="12" prop:disabled=locked prop:value=move || settings.with(|s| s.layers)
                        on:change=set_number(|s, v| s.layers = v as usize)/></label>
                    <label>{bi("Hidden size", "은닉 크기")}<input type="number" min="16" max="1024" step="16" prop:disabled=locked prop:value=move || settings.with(|s| s.hidden)
                        on:change=set_number(|s, v| s.hidden = v as usize)/></label>
                    <label>{bi("Heads", "헤드 수")}<input type="number" min="1" max="16" prop:disabled=locked prop:value=move || settings.with(|s| s.heads)
                        on:change=set_number(|s, v| s.heads = v as usize)/></label>
                })}
                <label>{bi("Vocabulary", "어휘")}
                    <select data-testid="vocab-select" prop:disabled=locked
                        prop:value=move || if settings.with(|s| s.vocab_size.is_some()) { "learn" } else { "model" }
                        on:change=move |event| {
                            let learned = event_target_value(&event) == "learn";
                            settings.update(|s| s.vocab_size = learned.then(|| ShippedCorpus::find(&s.corpus_name).map_or(400, |c| c.vocab_size)))
                        }>
                        <option value="learn">{move || {
                            let size = settings.with(|s| s.vocab_size.or_else(|| ShippedCorpus::find(&s.corpus_name).map(|c| c.vocab_size)).unwrap_or(400));
                            match language.get() {
                                Language::English => format!("learn {size} tokens from the corpus"),
                                Language::Korean => format!("말뭉치에서 토큰 {size}개 배우기"),
                            }
                        }}</option>
                        <option value="model">{bi("the loaded model's", "불러온 모델의 어휘")}</option>
                    </select>
                </label>
                <label>{bi("Batch (sentence pairs per step)", "배치 (한 단계의 문장 쌍 수)")}
                    <select data-testid="batch-select" prop:disabled=locked prop:value=move || settings.with(|s| s.batch_size.to_string())
                        on:change=set_number(|s, v| s.batch_size = v as usize)>
                        {[4usize, 8, 16, 32].map(|b| view! { <option value=b.to_string()>{b}</option> }).collect_view()}
                    </select>
                </label>
                <label>{bi("Tokens per pair", "쌍당 토큰 수")}
                    <select data-testid="max-len-select" prop:disabled=locked prop:value=move || settings.with(|s| s.max_len.to_string())
                        on:change=set_number(|s, v| s.max_len = v as usize)>
                        {[32usize, 64, 128].map(|b| view! { <option value=b.to_string()>{b}</option> }).collect_view()}
                    </select>
                </label>
                <label>{bi("Learning rate", "학습률")}
                    <input type="number" step="0.0001" min="0.00001" max="0.01" prop:disabled=locked prop:value=move || settings.with(|s| s.learning_rate)
                        on:change=set_number(|s, v| s.learning_rate = v)/>
                </label>
                <label>{bi("Steps planned", "계획한 단계 수")}
                    <input type="number" data-testid="steps-planned" min="10" max="100000" prop:disabled=locked prop:value=move || settings.with(|s| s.total_steps)
                        on:change=set_number(|s, v| s.total_steps = v as usize)/>
                </label>
            </div>
            {move || (corpus_choice.get() == "upload" && !locked()).then(|| view! {
                <label class="corpus-upload">{bi("Your corpus: one sentence per line, a blank line between documents", "내 말뭉치: 한 줄에 한 문장, 문서 사이에는 빈 줄")}
                    <input type="file" accept=".txt,text/plain" data-testid="corpus-upload" on:change=on_upload/>
                </label>
            })}
            {move || (corpus_choice.get() == "paste" && !locked()).then(|| view! {
                <div class="corpus-paste">
                    <textarea rows="6" data-testid="corpus-paste" prop:value=paste on:input=move |e| paste.set(event_target_value(&e))
                        on:paste=move |event: web_sys::ClipboardEvent| {
                            // A long text is taken as the corpus straight from the clipboard: laid
                            // out in the box, 50 MB would keep the browser busy for a minute.
                            let Some(text) = event.clipboard_data().and_then(|data| data.get_data("text").ok()) else { return };
                            if text.len() > PASTE_IN_BOX_BYTES {
                                event.prevent_default();
                                paste.set(String::new());
                                accept_corpus(training, pick(language.get_untracked(), "pasted text", "붙여넣은 글"), text.as_bytes());
                            }
                        }
                        placeholder=bi("The cat sat on the mat.\nIt was warm.\n\nThe dog ran to the park.\nIt played all day.", "고양이가 방석 위에 앉았다.\n따뜻했다.\n\n개가 공원으로 달려갔다.\n하루 종일 놀았다.")></textarea>
                    <button type="button" data-testid="corpus-paste-use" on:click=move |_| {
                        accept_corpus(training, pick(language.get_untracked(), "pasted text", "붙여넣은 글"), paste.get_untracked().as_bytes())
                    }>{bi("Use this text", "이 글 사용하기")}</button>
                </div>
            })}
            // Not while looking for a saved session: the line would flash and move the page.
            {move || (locked() && training.phase.get() != Phase::Restoring).then(|| view! { <p class="muted">{bi("Settings are fixed for a run; reset to change them.", "설정은 학습 중에는 고정됩니다. 바꾸려면 초기화하세요.")}</p> })}
        </section>
    }
}

/// Pasted text longer than this is used as the corpus at once instead of being shown in the box.
const PASTE_IN_BOX_BYTES: usize = 1 << 20;

/// The largest training file the page resumes. It holds the weights and the optimiser's two
/// moments, and resuming holds the file and the tensors at once: past this a tab's memory would
/// run out, so a larger file is refused by its size before it is read.
const TRAINING_FILE_LIMIT: u64 = bertlab_model::limits::MAX_WEIGHT_BYTES as u64;

/// Validates an uploaded or pasted corpus; keeps the previous choice when it is not usable.
fn accept_corpus(training: Training, name: &str, bytes: &[u8]) {
    match bertlab_model::data::Corpus::from_bytes(bytes) {
        Ok(corpus) => {
            training.error.set(None);
            let (limit, skipped) = (MAX_BYTES / 1_000_000, corpus.bytes_skipped);
            training.notice.set((skipped > 0).then(|| {
                Fault::said(
                    format!("Only the first {limit} MB of {name} is used; {skipped} bytes were left out."),
                    format!("{name}의 앞쪽 {limit} MB만 씁니다. {skipped}바이트는 뺐습니다."),
                )
            }));
            training.custom_corpus.set(Some(corpus.to_text()));
            training
                .settings
                .update(|s| s.corpus_name = name.to_string());
        }
        Err(error) => training.error.set(Some(Fault::from(error))),
    }
}

#[component]
fn Controls(training: Training) -> impl IntoView {
    let language = Language::signal();
    let phase = training.phase;
    let running = Memo::new(move |_| matches!(phase.get(), Phase::Running | Phase::Stopping));
    let gap = RwSignal::new(0.0f64);
    // The longest time between two frames while training: how responsive the page stays.
    // (A memo, so going from Running to Stopping does not restart the measurement.)
    Effect::new(move |_| {
        if !running.get() {
            return;
        }
        gap.set(0.0);
        frame_gaps(phase, gap);
    });
    let latest = move || training.history.with(|h| h.last().copied());
    view! {
        <section class="panel controls-panel" data-testid="train-controls" data-phase=move || phase.get().code()
            data-tokens-per-second=move || latest().map(|p| format!("{:.1}", p.tokens_per_second)).unwrap_or_default()>
            <h2>{bi("2. Train", "2. 학습")}</h2>
            <div class="controls">
                <button type="button" class="primary" data-testid="train-start" prop:disabled=move || running.get() || matches!(phase.get(), Phase::Finished | Phase::Restoring | Phase::Creating)
                    on:click=move |_| training.start()>
                    {move || if training.steps_done() > 0 { pick(language.get(), "Resume", "이어서 학습") } else { pick(language.get(), "Start", "시작") }}
                </button>
                <button type="button" data-testid="train-pause" prop:disabled=move || phase.get() != Phase::Running on:click=move |_| training.pause()>{bi("Pause", "일시 정지")}</button>
                <button type="button" data-testid="train-step" prop:disabled=move || running.get() || matches!(phase.get(), Phase::Finished | Phase::Restoring | Phase::Creating)
                    on:click=move |_| training.single_step()>{bi("One step", "한 단계")}</button>
                <button type="button" data-testid="train-reset" prop:disabled=running on:click=move |_| training.reset()>{bi("Reset", "초기화")}</button>
                <span class="train-status">
                    {bi("Steps: ", "단계: ")}
                    <strong data-testid="train-steps-done">{move || training.steps_done()}</strong>
                    {move || format!(" / {}", training.settings.with(|s| s.total_steps))}
                    {move || latest().map(|p| format!(" · {:.0} {}", p.tokens_per_second, pick(language.get(), "tokens/s", "토큰/초")))}
                    {move || training.runtime_label()}
                    <span data-testid="frame-gap" data-ms=move || format!("{:.0}", gap.get())>
                        {move || (gap.get() > 0.0).then(|| format!(" · {} {:.0} ms", pick(language.get(), "longest frame gap", "가장 긴 프레임 간격"), gap.get()))}
                    </span>
                </span>
            </div>
            {move || training.error.get().map(|fault| view! { <p class="problem" role="alert" data-testid="train-error">{fault.message(language.get())}</p> })}
            {move || training.notice.get().map(|fault| view! { <p class="notice" role="status" data-testid="train-notice">{fault.message(language.get())}</p> })}
            {move || phase.get().eq(&Phase::Finished).then(|| view! {
                <p class="notice">{bi("All planned steps are done. Export the model or reset to train another.", "계획한 단계를 모두 마쳤습니다. 모델을 내보내거나 초기화해서 새로 학습하세요.")}</p>
            })}
        </section>
    }
}

impl Training {
    fn runtime_label(self) -> impl IntoView {
        let compute = crate::compute::Compute::get();
        move || format!(" · {}", compute.backends.get().1.code())
    }
}

/// Measures gaps between animation frames until training stops.
fn frame_gaps(phase: RwSignal<Phase>, gap: RwSignal<f64>) {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else {
        return;
    };
    let last = Rc::new(RefCell::new(None::<f64>));
    let callback: Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>> = Rc::new(RefCell::new(None));
    let again = callback.clone();
    *callback.borrow_mut() = Some(Closure::new(move |time: f64| {
        if phase.try_get_untracked() != Some(Phase::Running) {
            again.borrow_mut().take();
            return;
        }
        if let Some(previous) = last.borrow_mut().replace(time) {
            let _ = gap.try_update(|g| *g = g.max(time - previous));
        }
        if let (Some(window), Some(next)) = (web_sys::window(), again.borrow().as_ref()) {
            let _ = window.request_animation_frame(next.as_ref().unchecked_ref());
        }
    }));
    if let Some(first) = callback.borrow().as_ref() {
        let _ = window.request_animation_frame(first.as_ref().unchecked_ref());
    }
}

#[component]
fn Charts(training: Training) -> impl IntoView {
    let series = move |pick_value: fn(&StepPoint) -> f64| {
        Signal::derive(move || {
            training.history.with(|h| {
                h.iter()
                    .map(|p| (p.metrics.step as f64, pick_value(p)))
                    .collect()
            })
        })
    };
    let title = |en: &'static str, ko: &'static str| Signal::derive(bi(en, ko));
    let empty = Signal::derive(bi(
        "The curve appears here, a point per training step, once training starts.",
        "학습을 시작하면 단계마다 점 하나씩 곡선이 여기에 나타납니다.",
    ));
    view! {
        <section class="charts" data-testid="train-charts">
            <LineChart title=title("MLM loss", "MLM 손실") points=series(|p| p.metrics.mlm_loss as f64) range=YRange::FromZero testid="mlm-loss" empty=empty/>
            <LineChart title=title("MLM accuracy", "MLM 정확도") points=series(|p| p.metrics.mlm_accuracy as f64) range=YRange::Unit testid="mlm-accuracy" colour="#009e73" percent=true empty=empty/>
            <LineChart title=title("NSP loss", "NSP 손실") points=series(|p| p.metrics.nsp_loss as f64) range=YRange::FromZero testid="nsp-loss" colour="#d55e00" empty=empty/>
            <LineChart title=title("NSP accuracy", "NSP 정확도") points=series(|p| p.metrics.nsp_accuracy as f64) range=YRange::Unit testid="nsp-accuracy" colour="#cc79a7" percent=true empty=empty/>
            <LineChart title=title("Learning rate", "학습률") points=series(|p| p.metrics.learning_rate) range=YRange::FromZero testid="learning-rate" colour="#56b4e9" empty=empty/>
        </section>
    }
}

#[component]
fn MaskingView(training: Training) -> impl IntoView {
    let language = Language::signal();
    view! {
        <section class="panel exportable" data-testid="masking-view">
            <h2>{bi("One example from the current batch", "지금 배치의 예시 하나")}</h2>
            <FigureTools name="masking-example"/>
            {move || match training.example.get() {
                // Before the first step, the key to the colours (the page also lays out the
                // token font now, not during the first step).
                None => view! {
                    <p class="muted">{bi("Start training to see how an example is masked. The colours:", "학습을 시작하면 예시가 어떻게 가려지는지 보입니다. 색의 뜻:")}</p>
                    <div class="token-strip masking-strip" translate="no" data-testid="masking-key">
                        <span class="token decision-masked"><span class="token-text">"[MASK]"</span><span class="token-meta">{bi("80% of the chosen", "고른 토큰의 80%")}</span></span>
                        <span class="token decision-random"><span class="token-text">{bi("dog", "개")}</span><span class="token-meta">{bi("← cat: random, 10%", "← 고양이: 무작위, 10%")}</span></span>
                        <span class="token decision-kept"><span class="token-text">{bi("cat", "고양이")}</span><span class="token-meta">{bi("← cat: kept, 10%", "← 고양이: 그대로, 10%")}</span></span>
                        <span class="token decision-not-chosen"><span class="token-text">{bi("the", "공원")}</span><span class="token-meta">{bi("not chosen (85%)", "고르지 않은 토큰 (85%)")}</span></span>
                    </div>
                }.into_any(),
                Some(example) => {
                    let ExampleView { tokens, a, b, is_next } = example;
                    let count = |wanted: fn(&MaskDecision) -> bool| tokens.iter().filter(|t| wanted(&t.decision)).count();
                    let (masked, random, kept) = (
                        count(|d| *d == MaskDecision::Masked),
                        count(|d| matches!(d, MaskDecision::Random(_))),
                        count(|d| *d == MaskDecision::Unchanged),
                    );
                    view! {
                        <p class="pair" translate="no"><span class="seg-label seg-a">"A"</span>{a}</p>
                        <p class="pair" translate="no"><span class="seg-label seg-b">"B"</span>{b}</p>
                        <p data-testid="nsp-label" data-is-next=is_next.to_string()>
                            <strong>{if is_next { "IsNext" } else { "NotNext" }}</strong>
                            {move || if is_next { pick(language.get(), " — B really follows A", " — B는 실제로 A 다음 문장") } else { pick(language.get(), " — B comes from another document", " — B는 다른 문서의 문장") }}
                        </p>
                        <div class="token-strip masking-strip" translate="no">
                            {tokens.into_iter().map(|TokenView { shown, original, decision, segment }| {
                                let kind = match decision {
                                    MaskDecision::NotChosen => "not-chosen",
                                    MaskDecision::Masked => "masked",
                                    MaskDecision::Random(_) => "random",
                                    MaskDecision::Unchanged => "kept",
                                };
                                view! {
                                    <span class=format!("token decision-{kind}{}", if segment == 1 { " seg-b" } else { "" }) data-decision=kind data-segment=segment>
                                        <span class="token-text">{shown}</span>
                                        {decision.is_chosen().then(|| view! { <span class="token-meta">{format!("← {original}")}</span> })}
                                    </span>
                                }
                            }).collect_view()}
                        </div>
                        <p class="legend" data-testid="masking-legend">
                            <span class="swatch decision-masked"></span>{move || format!("[MASK] {masked}")}
                            <span class="swatch decision-random"></span>{move || format!("{} {random}", pick(language.get(), "random", "무작위"))}
                            <span class="swatch decision-kept"></span>{move || format!("{} {kept}", pick(language.get(), "kept (still predicted)", "그대로 (그래도 예측)"))}
                        </p>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn ProbeView(training: Training) -> impl IntoView {
    let language = Language::signal();
    let every = crate::compute::PROBE_EVERY;
    view! {
        <section class="panel" data-testid="probe-view">
            <h2>{bi("Probe sentences: the model's guesses so far", "시험 문장: 지금까지의 모델 예측")}</h2>
            {move || {
                let results = training.probe_results.get();
                if results.is_empty() {
                    return view! { <p class="muted">{move || match language.get() {
                        Language::English => format!("Asked every {every} steps."),
                        Language::Korean => format!("{every}단계마다 물어봅니다."),
                    }}</p> }.into_any();
                }
                view! {
                    <ul class="probes" translate="no">
                        {results.into_iter().map(|result| {
                            let right = result.right;
                            let (probe, predictions) = (result.probe, result.guesses);
                            view! {
                                <li data-testid="probe" class:right=right>
                                    <span class="probe-text">{probe.text.clone()}</span>
                                    <span class="probe-guesses">
                                        {if predictions.is_empty() {
                                            // Asked before any step: the question without guesses.
                                            match language.get() {
                                                Language::English => format!("… (asked at step {every})"),
                                                Language::Korean => format!("… ({every}단계에 물어봅니다)"),
                                            }
                                        } else {
                                            // One decimal, as in the playground: early on every guess is under 1%.
                                            predictions.into_iter().map(|p| format!("{} {:.1}%", p.token, p.probability * 100.0)).collect::<Vec<_>>().join(" · ")
                                        }}
                                    </span>
                                    <span class="probe-answer">{format!("({})", probe.answer)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn SaveAndExport(training: Training) -> impl IntoView {
    let language = Language::signal();
    let busy = move || {
        matches!(
            training.phase.get(),
            Phase::Running | Phase::Stopping | Phase::Empty | Phase::Restoring | Phase::Creating
        )
    };
    let fail = move |fault: Fault| training.error.set(Some(fault));
    let on_upload = move |event: leptos::ev::Event| {
        let Some(file) = take_picked_files(&event).into_iter().next() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let result = match read_file_at_most(&file, TRAINING_FILE_LIMIT).await {
                Ok(bytes) => training.upload(bytes).await,
                Err(error) => Err(error),
            };
            if let Err(message) = result {
                fail(message);
            }
        });
    };
    view! {
        <section class="panel" data-testid="train-save">
            <h2>{bi("3. Keep what you trained", "3. 학습한 것 간직하기")}</h2>
            <p class="muted" data-testid="saved-step">
                {move || match (training.saved_step.get(), language.get()) {
                    (Some(step), Language::English) => format!("Saved in this browser at step {step} (every 10 steps and on pause)."),
                    (Some(step), Language::Korean) => format!("{step}단계에서 이 브라우저에 저장했습니다(10단계마다, 그리고 멈출 때)."),
                    (None, language) => pick(language, "Saved in this browser every 10 steps and on pause.", "10단계마다, 그리고 멈출 때 이 브라우저에 저장합니다.").to_string(),
                }}
            </p>
            <div class="controls">
                <button type="button" data-testid="use-in-lessons" prop:disabled=busy on:click=move |_| {
                    let language = Language::signal().get_untracked();
                    leptos::task::spawn_local(async move { if let Err(m) = training.use_in_lessons(language).await { fail(m) } })
                }>{bi("Use this model in the lessons", "이 모델을 강의에서 쓰기")}</button>
                <button type="button" data-testid="export-hf" prop:disabled=busy on:click=move |_| {
                    leptos::task::spawn_local(async move {
                        match training.export().await {
                            Ok(files) => {
                                let results = [
                                    download("config.json", &files.config_json, "application/json"),
                                    download("model.safetensors", &files.model_safetensors, "application/octet-stream"),
                                    download("vocab.txt", files.vocab_txt.as_deref().unwrap_or_default(), "text/plain"),
                                ];
                                if let Some(Err(m)) = results.into_iter().find(Result::is_err) { fail(m) }
                            }
                            Err(m) => fail(m),
                        }
                    })
                }>{bi("Export for Hugging Face (3 files)", "Hugging Face 형식으로 내보내기 (파일 3개)")}</button>
                <button type="button" data-testid="download-state" prop:disabled=busy on:click=move |_| {
                    leptos::task::spawn_local(async move {
                        match training.state_bytes().await {
                            Ok(bytes) => if let Err(m) = download(&format!("bertlab-training-step-{}.safetensors", training.steps_done()), &bytes, "application/octet-stream") { fail(m) },
                            Err(m) => fail(m),
                        }
                    })
                }>{bi("Download the training", "학습 상태 내려받기")}</button>
                <label class="upload-button">{bi("Continue a downloaded training…", "내려받은 학습 이어가기…")}
                    <input type="file" accept=".safetensors" data-testid="upload-state" prop:disabled=move || matches!(training.phase.get(), Phase::Running | Phase::Stopping) on:change=on_upload/>
                </label>
            </div>
        </section>
    }
}
