//! Fine-tuning: a small classifier on [CLS], trained on a few labelled sentences twice side by
//! side — once on top of the pre-trained encoder, once from random weights — so the learner
//! sees what pre-training buys. Each epoch's test accuracy is drawn as it comes in.

use std::sync::Arc;

use bertlab_model::train::Schedule;
use bertlab_model::train::finetune::{FineTuneConfig, FineTuner, LabelledSet};
use leptos::prelude::*;

use super::Lesson;
use super::frame::{Explain, LessonFrame, with_model};
use crate::fetch::shipped_corpus;
use crate::i18n::{Language, bi, pick};
use crate::state::{LoadedModel, yield_to_browser};
use crate::widgets::{LineChart, YRange};

/// Epochs the learner can choose between (a software GPU is slow; a real one is not).
const EPOCH_CHOICES: [usize; 5] = [1, 2, 3, 5, 8];

#[component]
pub fn FinetuneLesson() -> impl IntoView {
    view! {
        <LessonFrame lesson=Lesson::Finetune>
            <Explain
                en="Labelled data is scarce: here only 196 sentences, each marked animal, job or weather. Fine-tuning puts a small classifier on the [CLS] vector and trains it on those examples. Below the same classifier is trained twice: on top of the pre-trained encoder, and on an encoder with random weights. The test sentences use topic words that never appear in the training sentences, so only what the encoder learned in pre-training can help."
                ko="정답이 달린 데이터는 귀합니다. 여기에는 동물, 직업, 날씨 중 하나로 표시된 문장 196개뿐입니다. 파인튜닝은 [CLS] 벡터 위에 작은 분류기를 올려 이 예시로 학습합니다. 아래에서는 같은 분류기를 두 번 학습합니다: 사전 학습된 인코더 위에서, 그리고 무작위 가중치의 인코더 위에서. 시험 문장에는 학습 문장에 없는 주제어가 나오므로, 사전 학습에서 배운 것만이 도움이 됩니다."
            />
            {with_model(|model| view! { <Comparison model=model/> })}
            <Explain
                en="Pre-training is done once and reused; but every task still needs its own head and its own round of training on labelled examples — one fine-tuned model per task."
                ko="사전 학습은 한 번 해 두고 다시 씁니다. 하지만 과제마다 여전히 자기 헤드와 정답 예시로 하는 학습이 따로 필요합니다. 과제 하나에 파인튜닝된 모델 하나입니다."
            />
        </LessonFrame>
    }
}

async fn labelled(name: &str, labels: Option<&[String]>) -> Result<LabelledSet, String> {
    let text = shipped_corpus(name).await?;
    LabelledSet::parse(&text, labels).map_err(|error| format!("{name}: {error}"))
}

#[component]
fn Comparison(model: Arc<LoadedModel>) -> impl IntoView {
    let language = Language::signal();
    let freeze = RwSignal::new(false);
    let epochs = RwSignal::new(5usize);
    crate::link::bind(
        "epochs",
        epochs,
        |raw| raw.parse().ok().filter(|n| EPOCH_CHOICES.contains(n)),
        usize::to_string,
    );
    crate::link::bind(
        "freeze",
        freeze,
        |raw| match raw {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        },
        |frozen| if *frozen { "1" } else { "0" }.to_string(),
    );
    let running = RwSignal::new(false);
    let pretrained = RwSignal::new(Vec::<(f64, f64)>::new());
    let scratch = RwSignal::new(Vec::<(f64, f64)>::new());
    let error = RwSignal::new(None::<String>);
    let start = move |_| {
        if running.get_untracked() {
            return;
        }
        running.set(true);
        error.set(None);
        pretrained.set(Vec::new());
        scratch.set(Vec::new());
        let model = model.clone();
        leptos::task::spawn_local(async move {
            if let Err(message) = compare(
                &model,
                freeze.get_untracked(),
                epochs.get_untracked(),
                pretrained,
                scratch,
            )
            .await
            {
                _ = error.try_set(Some(message));
            }
            _ = running.try_set(false);
        });
    };
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
        {move || error.get().map(|message| view! { <p class="problem" role="alert" data-testid="finetune-error">{message}</p> })}
        <div class="charts two">
            <LineChart title=Signal::derive(bi("Test accuracy, pre-trained encoder", "시험 정확도, 사전 학습된 인코더")) points=pretrained.into()
                range=YRange::Unit testid="accuracy-pretrained" colour="#009e73" percent=true/>
            <LineChart title=Signal::derive(bi("Test accuracy, random encoder", "시험 정확도, 무작위 인코더")) points=scratch.into()
                range=YRange::Unit testid="accuracy-scratch" colour="#d55e00" percent=true/>
        </div>
        <p class="muted">{bi("Chance is 33% (three labels). Epochs alternate between the two runs so both curves grow together.", "찍어서 맞힐 확률은 33%(레이블 3개)입니다. 두 학습을 에포크마다 번갈아 진행해 두 그래프가 함께 자랍니다.")}</p>
    }
}

/// Trains both classifiers an epoch at a time, alternating, and records test accuracy.
async fn compare(
    model: &LoadedModel,
    freeze: bool,
    epochs: usize,
    pretrained: RwSignal<Vec<(f64, f64)>>,
    scratch: RwSignal<Vec<(f64, f64)>>,
) -> Result<(), String> {
    let train = labelled("topics-train.tsv", None).await?;
    let test = labelled("topics-test.tsv", Some(&train.labels)).await?;
    let steps_per_epoch = train.examples.len().div_ceil(16);
    let config = FineTuneConfig {
        batch_size: 16,
        max_len: 32.min(model.config().max_position_embeddings),
        schedule: Schedule {
            peak: 1e-3,
            warmup_steps: steps_per_epoch / 2,
            total_steps: steps_per_epoch * epochs,
        },
        freeze_encoder: freeze,
        seed: 0,
    };
    let device = &model.device.device;
    let build = |from_scratch: bool| {
        FineTuner::from_files(
            &model.files,
            from_scratch,
            train.labels.len(),
            config.clone(),
            device,
        )
        .map_err(|error| error.to_string())
    };
    let mut runs = [(build(false)?, pretrained), (build(true)?, scratch)];
    for epoch in 1..=epochs {
        for (tuner, curve) in runs.iter_mut() {
            tuner
                .epoch(&train, &model.tokenizer)
                .await
                .map_err(|e| e.to_string())?;
            let accuracy = tuner
                .accuracy(&test, &model.tokenizer)
                .await
                .map_err(|e| e.to_string())?;
            if curve
                .try_update(|c| c.push((epoch as f64, accuracy as f64)))
                .is_none()
            {
                return Ok(()); // the learner left the page
            }
            yield_to_browser().await;
        }
    }
    Ok(())
}
