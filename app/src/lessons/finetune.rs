//! Fine-tuning: a small classifier on [CLS], trained on a few labelled sentences twice side by
//! side — once on top of the pre-trained encoder, once from random weights — so the learner
//! sees what pre-training buys. Each epoch's test accuracy is drawn as it comes in.

use std::sync::Arc;

use leptos::prelude::*;

use super::frame::{Explain, LessonFrame, with_model};
use super::{Lesson, Task};
use crate::finetuning::FineTuning;
use crate::i18n::{Language, bi, pick};
use crate::progress::Progress;
use crate::state::LoadedModel;
use crate::widgets::{LineChart, YRange};

/// Epochs the learner can choose between (a software GPU is slow; a real one is not).
const EPOCH_CHOICES: [usize; 5] = [1, 2, 3, 5, 8];

pub static LESSON: Lesson = Lesson {
    slug: "finetune",
    title: ("Fine-tuning", "파인튜닝"),
    teaches: (
        "Fine-tuning: a small classifier on top of [CLS], trained twice (from the pre-trained model and from scratch) to show what pre-training buys you.",
        "파인튜닝: [CLS] 위에 작은 분류기를 올려 두 번(사전 학습된 모델에서, 그리고 처음부터) 학습시켜 사전 학습이 주는 이점을 직접 확인합니다.",
    ),
    tasks: &[
        Task {
            id: "finetune.compare",
            ask: (
                "Train both classifiers. How far above the majority baseline does each one end?",
                "두 분류기를 학습해 보세요. 각각 다수 클래스 기준선보다 얼마나 높게 끝나나요?",
            ),
            notice: (
                "From random weights the classifier barely beats always answering the largest class: the test's topic words mean nothing to it.",
                "무작위 가중치에서 시작한 분류기는 늘 가장 많은 레이블로 답하는 것보다 겨우 나을 뿐입니다. 시험 문장의 주제어가 그 분류기에게는 아무 의미가 없습니다.",
            ),
            teacher: (
                "Where did the pre-trained encoder learn that a pig is like a cow, if no label ever said so?",
                "어떤 정답도 알려 주지 않았는데, 사전 학습된 인코더는 돼지가 소와 비슷하다는 것을 어디서 배웠을까요?",
            ),
        },
        Task {
            id: "finetune.freeze",
            ask: (
                "Train again with the encoder frozen (only the classifier learns). What changes?",
                "인코더를 고정하고(분류기만 학습) 다시 학습해 보세요. 무엇이 달라지나요?",
            ),
            notice: (
                "A frozen pre-trained encoder still carries most of the knowledge; a frozen random one has none to give.",
                "고정된 사전 학습 인코더도 지식을 대부분 담고 있지만, 고정된 무작위 인코더는 줄 것이 없습니다.",
            ),
            teacher: (
                "If you had a hundred tasks, what would you rather store: a hundred fine-tuned BERTs, or one frozen BERT and a hundred small heads?",
                "과제가 백 개라면 무엇을 저장하겠습니까? 파인튜닝한 BERT 백 개, 아니면 고정된 BERT 하나와 작은 헤드 백 개?",
            ),
        },
    ],
    page: || view! { <FinetuneLesson/> }.into_any(),
};

#[component]
fn FinetuneLesson() -> impl IntoView {
    view! {
        <LessonFrame lesson=&LESSON>
            <Explain
                en="Labelled data is scarce: here only a couple of hundred sentences, each marked animal, job or weather. Fine-tuning puts a small classifier on the [CLS] vector and trains it on those examples. Below the same classifier is trained twice: on top of the pre-trained encoder, and on an encoder with random weights. The test sentences are about animals, jobs and weather the training sentences never mention, so only what the encoder learned in pre-training can help."
                ko="정답이 달린 데이터는 귀합니다. 여기에는 동물, 직업, 날씨 중 하나로 표시된 문장이 이백 개 남짓뿐입니다. 파인튜닝은 [CLS] 벡터 위에 작은 분류기를 올려 이 예시로 학습합니다. 아래에서는 같은 분류기를 두 번 학습합니다: 사전 학습된 인코더 위에서, 그리고 무작위 가중치의 인코더 위에서. 시험 문장은 학습 문장에 한 번도 나오지 않은 동물, 직업, 날씨를 다루므로, 사전 학습에서 배운 것만이 도움이 됩니다."
            />
            {with_model(|model| view! { <Comparison model=model/> })}
            <Explain
                en="Pre-training is done once and reused; but every task still needs its own head and its own round of training on labelled examples — one fine-tuned model per task."
                ko="사전 학습은 한 번 해 두고 다시 씁니다. 하지만 과제마다 여전히 자기 헤드와 정답 예시로 하는 학습이 따로 필요합니다. 과제 하나에 파인튜닝된 모델 하나입니다."
            />
        </LessonFrame>
    }
}

#[component]
fn Comparison(model: Arc<LoadedModel>) -> impl IntoView {
    let language = Language::signal();
    let freeze = RwSignal::new(false);
    let epochs = RwSignal::new(5usize);
    crate::link::bind(
        "epochs",
        epochs,
        |raw| bertlab_model::link_values::choice(raw, &EPOCH_CHOICES),
        usize::to_string,
    );
    crate::link::bind(
        "freeze",
        freeze,
        bertlab_model::link_values::flag,
        |frozen| if *frozen { "1" } else { "0" }.to_string(),
    );
    let tuning = FineTuning::get();
    let FineTuning {
        running,
        pretrained,
        scratch,
        error,
        ..
    } = tuning;
    let start = move |_| tuning.start(&model, epochs.get_untracked(), freeze.get_untracked());
    let progress = Progress::get();
    let finished = move || {
        !running.get() && tuning.finished.get().is_some() && pretrained.with(|p| !p.is_empty())
    };
    progress.when("finetune.compare", finished);
    progress.when("finetune.freeze", move || {
        finished() && tuning.finished.get().is_some_and(|frozen| frozen)
    });
    let empty = Signal::derive(bi(
        "Each epoch's test accuracy appears here once training starts.",
        "학습을 시작하면 에포크마다 테스트 정확도가 여기에 나타납니다.",
    ));
    let done = move || pretrained.with(Vec::len).min(scratch.with(Vec::len));
    view! {
        <div class="controls">
            <label><input type="checkbox" data-testid="freeze-encoder" prop:checked=freeze on:change=move |_| freeze.update(|f| *f = !*f)/>
                {bi(" Freeze the encoder (train only the classifier)", " 인코더 고정 (분류기만 학습)")}</label>
            <label>{bi("Epochs", "에포크")}" "
                <select data-testid="finetune-epoch-count" prop:disabled=running on:change=move |e| if let Ok(n) = event_target_value(&e).parse() { epochs.set(n) }>
                    {EPOCH_CHOICES.map(|n| view! { <option value=n.to_string() selected=n == 5>{n}</option> }).collect_view()}
                </select>
            </label>
            <button type="button" class="primary" data-testid="finetune-start" prop:disabled=running on:click=start>
                {move || if running.get() { pick(language.get(), "Training…", "학습 중…") } else { pick(language.get(), "Train both classifiers", "두 분류기 학습하기") }}
            </button>
            <span class="muted" data-testid="finetune-epochs">{move || format!("{} / {} {}", done(), epochs.get(), pick(language.get(), "epochs", "에포크"))}</span>
        </div>
        {move || error.get().map(|fault| view! { <p class="problem" role="alert" data-testid="finetune-error">{fault.message(language.get())}</p> })}
        <div class="charts two">
            <LineChart epochs=true title=Signal::derive(bi("Test accuracy, pre-trained encoder", "테스트 정확도, 사전 학습된 인코더")) points=pretrained.into()
                range=YRange::Unit testid="accuracy-pretrained" colour="#009e73" percent=true empty=empty/>
            <LineChart epochs=true title=Signal::derive(bi("Test accuracy, random encoder", "테스트 정확도, 무작위 인코더")) points=scratch.into()
                range=YRange::Unit testid="accuracy-scratch" colour="#d55e00" percent=true empty=empty/>
        </div>
        <p class="muted" data-testid="majority-baseline">{move || match (tuning.baseline.get(), language.get()) {
            (Some((share, label)), Language::English) => format!("Majority baseline: always answering “{label}”, the test set's largest class, scores {:.0}%. Epochs alternate between the two runs so both curves grow together.", share * 100.0),
            (Some((share, label)), Language::Korean) => format!("다수 클래스 기준선: 테스트 세트에서 가장 많은 레이블인 “{label}”로만 답하면 {:.0}%입니다. 두 학습을 에포크마다 번갈아 진행해 두 그래프가 함께 자랍니다.", share * 100.0),
            (None, _) => String::new(),
        }}</p>
    }
}
