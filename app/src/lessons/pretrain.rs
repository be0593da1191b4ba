//! Pre-training, live: pick a corpus and a model size, press start, and watch BERT learn its two
//! games — masked words (MLM) and next sentence (NSP) — with curves, the masking of one example
//! of the current batch, and the guesses for a few probe sentences getting better.

use bertlab_model::data::MaskDecision;
use bertlab_model::data::corpus::MAX_BYTES;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::Lesson;
use super::frame::{Explain, LessonFrame};
use crate::download::download;
use crate::fetch::{read_file, take_picked_files};
use crate::i18n::{Language, bi, pick};
use crate::link;
use crate::training::{MaskedExample, Phase, SHIPPED_CORPORA, Training};
use crate::widgets::{FigureTools, LineChart, YRange};

#[component]
pub fn PretrainLesson() -> impl IntoView {
    let training = Training::get();
    view! {
        <LessonFrame lesson=Lesson::Pretraining>
            <Explain
                en="BERT learns from plain text, with no labels, by playing two games at once. Masked language modelling: 15% of the tokens are chosen; of those, 80% become [MASK], 10% a random token and 10% stay — and the model must recover the original. Next sentence prediction: half the pairs are two sentences that follow each other (IsNext), half are taken from different documents (NotNext), and [CLS] must tell which."
                ko="BERT는 정답 표시가 없는 평범한 글로, 두 가지 게임을 동시에 하며 배웁니다. 마스크 언어 모델: 토큰의 15%를 고르고, 그중 80%는 [MASK], 10%는 무작위 토큰으로 바꾸고 10%는 그대로 둔 뒤 원래 토큰을 맞히게 합니다. 다음 문장 예측: 문장 쌍의 절반은 실제로 이어지는 두 문장(IsNext), 절반은 다른 문서에서 가져온 문장(NotNext)이고, [CLS]에서 어느 쪽인지 맞힙니다."
            />
            <Setup training=training/>
            <Controls training=training/>
            <Charts training=training/>
            <div class="pretrain-columns">
                <MaskingView training=training/>
                <ProbeView training=training/>
            </div>
            <SaveAndExport training=training/>
        </LessonFrame>
    }
}

#[component]
fn Setup(training: Training) -> impl IntoView {
    let locked = move || training.phase.get() != Phase::Empty;
    let settings = training.settings;
    let paste = RwSignal::new(String::new());
    let corpus_choice = RwSignal::new(settings.get_untracked().corpus_name.clone());
    let is_shipped = |name: &str| SHIPPED_CORPORA.iter().any(|(file, _, _)| *file == name);
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
                    settings.update(|s| s.corpus_name = raw.to_string());
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
    let set_number = move |apply: fn(&mut crate::training::Settings, f64)| {
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
                training.error.set(Some(format!(
                    "{} is {:.0} MB; a corpus for the browser should stay under {} MB.",
                    file.name(),
                    file.size() / 1e6,
                    MAX_BYTES * 4 / 1_000_000
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
                            if SHIPPED_CORPORA.iter().any(|(file, _, _)| *file == name) {
                                training.custom_corpus.set(None);
                                training.error.set(None);
                                settings.update(|s| s.corpus_name = name);
                            }
                        }>
                        {SHIPPED_CORPORA.map(|(file, en, ko)| view! { <option value=file>{bi(en, ko)}</option> }).collect_view()}
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
                        <option value="tiny">"tiny — 2 layers, 128 wide, 2 heads"</option>
                        <option value="mini">"mini — 4 layers, 256 wide, 4 heads"</option>
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
                        on:change=move |event| { let learned = event_target_value(&event) == "learn"; settings.update(|s| s.vocab_size = learned.then_some(s.vocab_size.unwrap_or(400))) }>
                        <option value="learn">{bi("learn 400 tokens from the corpus", "말뭉치에서 400개 토큰 배우기")}</option>
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
                    <select prop:disabled=locked prop:value=move || settings.with(|s| s.max_len.to_string())
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
                        placeholder="The cat sat on the mat.\nIt was warm.\n\nThe dog ran to the park.\nIt played all day."></textarea>
                    <button type="button" data-testid="corpus-paste-use" on:click=move |_| {
                        accept_corpus(training, "pasted text", paste.get_untracked().as_bytes())
                    }>{bi("Use this text", "이 글 사용하기")}</button>
                </div>
            })}
            // Not while looking for a saved session: the line would flash and move the page.
            {move || (locked() && training.phase.get() != Phase::Restoring).then(|| view! { <p class="muted">{bi("Settings are fixed for a run; reset to change them.", "설정은 학습 중에는 고정됩니다. 바꾸려면 초기화하세요.")}</p> })}
        </section>
    }
}

/// Validates an uploaded or pasted corpus; keeps the previous choice when it is not usable.
fn accept_corpus(training: Training, name: &str, bytes: &[u8]) {
    match bertlab_model::data::Corpus::from_bytes(bytes) {
        Ok(corpus) => {
            training.error.set(None);
            training.notice.set((corpus.bytes_skipped > 0).then(|| {
                format!(
                    "Only the first {} MB of {name} is used; {} bytes were left out.",
                    MAX_BYTES / 1_000_000,
                    corpus.bytes_skipped
                )
            }));
            training.custom_corpus.set(Some(corpus.text()));
            training
                .settings
                .update(|s| s.corpus_name = name.to_string());
        }
        Err(error) => training
            .error
            .set(Some(format!("{name} cannot be used as a corpus: {error}."))),
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
                <button type="button" class="primary" data-testid="train-start" prop:disabled=move || running.get() || matches!(phase.get(), Phase::Finished | Phase::Restoring)
                    on:click=move |_| training.start()>
                    {move || if training.steps_done() > 0 { pick(language.get(), "Resume", "이어서 학습") } else { pick(language.get(), "Start", "시작") }}
                </button>
                <button type="button" data-testid="train-pause" prop:disabled=move || phase.get() != Phase::Running on:click=move |_| training.pause()>{bi("Pause", "일시 정지")}</button>
                <button type="button" data-testid="train-step" prop:disabled=move || running.get() || matches!(phase.get(), Phase::Finished | Phase::Restoring)
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
            {move || training.error.get().map(|message| view! { <p class="problem" role="alert" data-testid="train-error">{message}</p> })}
            {move || training.notice.get().map(|message| view! { <p class="notice" role="status" data-testid="train-notice">{message}</p> })}
            {move || phase.get().eq(&Phase::Finished).then(|| view! {
                <p class="notice">{bi("All planned steps are done. Export the model or reset to train another.", "계획한 단계를 모두 마쳤습니다. 모델을 내보내거나 초기화해서 새로 학습하세요.")}</p>
            })}
        </section>
    }
}

impl Training {
    fn runtime_label(self) -> impl IntoView {
        let runtime = crate::runtime::Runtime::get();
        move || {
            format!(
                " · {}",
                runtime.status.with(|status| status.backend().code())
            )
        }
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
    let series = move |pick_value: fn(&crate::training::Point) -> f64| {
        Signal::derive(move || {
            training.history.with(|h| {
                h.iter()
                    .map(|p| (p.metrics.step as f64, pick_value(p)))
                    .collect()
            })
        })
    };
    let title = |en: &'static str, ko: &'static str| Signal::derive(bi(en, ko));
    view! {
        <section class="charts" data-testid="train-charts">
            <LineChart title=title("MLM loss", "MLM 손실") points=series(|p| p.metrics.mlm_loss as f64) range=YRange::FromZero testid="mlm-loss"/>
            <LineChart title=title("MLM accuracy", "MLM 정확도") points=series(|p| p.metrics.mlm_accuracy as f64) range=YRange::Unit testid="mlm-accuracy" colour="#009e73" percent=true/>
            <LineChart title=title("NSP loss", "NSP 손실") points=series(|p| p.metrics.nsp_loss as f64) range=YRange::FromZero testid="nsp-loss" colour="#d55e00"/>
            <LineChart title=title("NSP accuracy", "NSP 정확도") points=series(|p| p.metrics.nsp_accuracy as f64) range=YRange::Unit testid="nsp-accuracy" colour="#cc79a7" percent=true/>
            <LineChart title=title("Learning rate", "학습률") points=series(|p| p.metrics.learning_rate) range=YRange::FromZero testid="learning-rate" colour="#56b4e9"/>
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
                None => view! { <p class="muted">{bi("Start training to see how an example is masked.", "학습을 시작하면 예시가 어떻게 가려지는지 보입니다.")}</p> }.into_any(),
                Some(example) => {
                    let MaskedExample { tokens, a, b, is_next } = example;
                    let count = |wanted: fn(&MaskDecision) -> bool| tokens.iter().filter(|t| wanted(&t.2)).count();
                    let (masked, random, kept) = (
                        count(|d| *d == MaskDecision::Masked),
                        count(|d| matches!(d, MaskDecision::Random(_))),
                        count(|d| *d == MaskDecision::Unchanged),
                    );
                    view! {
                        <p class="pair"><span class="seg-label seg-a">"A"</span>{a}</p>
                        <p class="pair"><span class="seg-label seg-b">"B"</span>{b}</p>
                        <p data-testid="nsp-label" data-is-next=is_next.to_string()>
                            <strong>{if is_next { "IsNext" } else { "NotNext" }}</strong>
                            {move || if is_next { pick(language.get(), " — B really follows A", " — B는 실제로 A 다음 문장") } else { pick(language.get(), " — B comes from another document", " — B는 다른 문서의 문장") }}
                        </p>
                        <div class="token-strip masking-strip">
                            {tokens.into_iter().map(|(shown, original, decision, segment)| {
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
    view! {
        <section class="panel" data-testid="probe-view">
            <h2>{bi("Probe sentences: the model's guesses so far", "시험 문장: 지금까지의 모델 예측")}</h2>
            {move || {
                let results = training.probe_results.get();
                if results.is_empty() {
                    return view! { <p class="muted">{bi("Asked every 10 steps.", "10단계마다 물어봅니다.")}</p> }.into_any();
                }
                view! {
                    <ul class="probes">
                        {results.into_iter().map(|(probe, predictions)| {
                            let right = predictions.first().is_some_and(|p| p.token == probe.answer.to_lowercase());
                            view! {
                                <li data-testid="probe" class:right=right>
                                    <span class="probe-text">{probe.text.clone()}</span>
                                    <span class="probe-guesses">
                                        {predictions.into_iter().map(|p| format!("{} {:.0}%", p.token, p.probability * 100.0)).collect::<Vec<_>>().join(" · ")}
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
    let busy = move || {
        matches!(
            training.phase.get(),
            Phase::Running | Phase::Stopping | Phase::Empty | Phase::Restoring
        )
    };
    let fail = move |message: String| training.error.set(Some(message));
    let on_upload = move |event: leptos::ev::Event| {
        let Some(file) = take_picked_files(&event).into_iter().next() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let result = match read_file(&file).await {
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
                {move || match training.saved_step.get() {
                    Some(step) => format!("Saved in this browser at step {step} (every 10 steps and on pause)."),
                    None => "Saved in this browser every 10 steps and on pause.".to_string(),
                }}
            </p>
            <div class="controls">
                <button type="button" data-testid="use-in-lessons" prop:disabled=busy on:click=move |_| {
                    leptos::task::spawn_local(async move { if let Err(m) = training.use_in_lessons().await { fail(m) } })
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
