//! UI strings in English and Korean. The app's frame (header, navigation, lesson titles) lives in
//! one table of [`Key`]s read through [`tr`]; a lesson's own prose sits next to the view that
//! shows it, both languages side by side, through [`bi`]. Both follow the language signal, so
//! switching language repaints in place.

use leptos::prelude::*;

/// A language the UI is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    Korean,
}

const STORAGE_KEY: &str = "bertlab.language";

impl Language {
    pub const ALL: [Language; 2] = [Language::English, Language::Korean];

    /// BCP 47 tag, used for `<html lang>` and storage.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Korean => "ko",
        }
    }

    /// The language's name in itself, as a switch shows it.
    pub fn endonym(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Korean => "한국어",
        }
    }

    fn from_code(code: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|language| code.starts_with(language.code()))
    }

    /// The saved choice, else the browser's preference, else English.
    fn initial() -> Language {
        let window = web_sys::window();
        let saved = window
            .as_ref()
            .and_then(|window| window.local_storage().ok().flatten())
            .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten());
        let preferred = window.and_then(|window| window.navigator().language());
        saved
            .or(preferred)
            .and_then(|code| Language::from_code(&code))
            .unwrap_or(Language::English)
    }

    /// Puts the language signal in context and keeps `<html lang>` and storage in step with it.
    pub fn provide() {
        let language = RwSignal::new(Language::initial());
        provide_context(language);
        Effect::new(move |_| {
            let code = language.get().code();
            let Some(window) = web_sys::window() else {
                return;
            };
            if let Some(root) = window
                .document()
                .and_then(|document| document.document_element())
            {
                let _ = root.set_attribute("lang", code);
            }
            if let Ok(Some(storage)) = window.local_storage() {
                let _ = storage.set_item(STORAGE_KEY, code);
            }
        });
    }

    /// The language signal from context.
    pub fn signal() -> RwSignal<Language> {
        expect_context::<RwSignal<Language>>()
    }
}

/// A reactive translation of `key`: re-evaluates when the language changes.
pub fn tr(key: Key) -> impl Fn() -> &'static str + Clone + Send + Sync + 'static {
    let language = Language::signal();
    move || text(language.get(), key)
}

/// A reactive pair of translations written where they are shown.
pub fn bi(
    english: &'static str,
    korean: &'static str,
) -> impl Fn() -> &'static str + Clone + Send + Sync + 'static {
    let language = Language::signal();
    move || match language.get() {
        Language::English => english,
        Language::Korean => korean,
    }
}

/// Picks the string for the current language, without tracking (inside closures that already
/// track the language or format numbers into the text).
pub fn pick(language: Language, english: &'static str, korean: &'static str) -> &'static str {
    match language {
        Language::English => english,
        Language::Korean => korean,
    }
}

/// Names of the UI strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    ProductName,
    Tagline,
    LessonsHeading,
    LanguageLabel,
    HomeTitle,
    HomeLead,
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    BadgeDetecting,
    BadgeWebGpu,
    BadgeCpu,
    BadgeFailed,
    BadgeTitle,
    CpuNoNavigatorGpu,
    CpuNoAdapter,
    CpuGpuInitFailed,
    CpuGpuSelfCheckFailed,
    CpuDeviceLost,
    LessonTokens,
    LessonEmbeddings,
    LessonAttention,
    LessonPretraining,
    LessonPlayground,
    LessonContextual,
    LessonFinetune,
    LessonArchitecture,
    TeachesTokens,
    TeachesEmbeddings,
    TeachesAttention,
    TeachesPretraining,
    TeachesPlayground,
    TeachesContextual,
    TeachesFinetune,
    TeachesArchitecture,
}

/// The string for `key` in `language`.
pub fn text(language: Language, key: Key) -> &'static str {
    let (english, korean) = match key {
        Key::ProductName => ("bertlab", "bertlab"),
        Key::Tagline => (
            "Watch BERT think. Train it yourself.",
            "BERT가 생각하는 과정을 보고, 직접 학습시켜 보세요.",
        ),
        Key::LessonsHeading => ("Lessons", "강의"),
        Key::LanguageLabel => ("Language", "언어"),
        Key::HomeTitle => (
            "Learn how BERT works by running it",
            "BERT를 직접 실행하며 작동 원리를 배워요",
        ),
        Key::HomeLead => (
            "bertlab runs a real BERT model inside this page, on your own graphics card through WebGPU (or on the CPU when WebGPU is not available). Nothing is pre-computed and nothing is sent to a server: every lesson shows what the model actually does with your sentences.",
            "bertlab은 진짜 BERT 모델을 이 페이지 안에서, WebGPU를 통해 여러분의 그래픽 카드로 실행합니다(WebGPU를 쓸 수 없으면 CPU로 실행합니다). 미리 계산해 둔 결과도, 서버로 보내는 데이터도 없습니다. 모든 강의는 여러분이 입력한 문장으로 모델이 실제로 하는 일을 보여 줍니다.",
        ),
        Key::NotFoundTitle => ("Page not found", "페이지를 찾을 수 없습니다"),
        Key::NotFoundBody => (
            "There is no lesson at this address. Pick one from the list.",
            "이 주소에는 강의가 없습니다. 목록에서 강의를 골라 주세요.",
        ),
        Key::BackHome => ("Back to the start page", "첫 화면으로 돌아가기"),
        Key::BadgeDetecting => ("Checking for WebGPU…", "WebGPU 확인 중…"),
        Key::BadgeWebGpu => ("WebGPU", "WebGPU"),
        Key::BadgeCpu => ("CPU", "CPU"),
        Key::BadgeFailed => ("No compute device", "사용할 수 있는 연산 장치 없음"),
        Key::BadgeTitle => (
            "Where the model runs in this browser",
            "이 브라우저에서 모델이 실행되는 장치",
        ),
        Key::CpuNoNavigatorGpu => (
            "this browser does not offer WebGPU",
            "이 브라우저는 WebGPU를 지원하지 않습니다",
        ),
        Key::CpuNoAdapter => (
            "WebGPU is present but offered no graphics adapter",
            "WebGPU는 있지만 사용할 수 있는 그래픽 어댑터가 없습니다",
        ),
        Key::CpuGpuInitFailed => ("the GPU could not be started", "GPU를 시작하지 못했습니다"),
        Key::CpuGpuSelfCheckFailed => (
            "the GPU failed its arithmetic self-check",
            "GPU가 계산 자체 점검을 통과하지 못했습니다",
        ),
        Key::CpuDeviceLost => (
            "the GPU was lost (driver reset or sleep); switched to the CPU",
            "GPU 연결이 끊겨(드라이버 재시작 또는 절전) CPU로 전환했습니다",
        ),
        Key::LessonTokens => ("Tokens", "토큰"),
        Key::LessonEmbeddings => ("Embeddings", "임베딩"),
        Key::LessonAttention => ("Attention", "어텐션"),
        Key::LessonPretraining => ("Pre-training", "사전 학습"),
        Key::LessonPlayground => ("Playground", "마스크 놀이터"),
        Key::LessonContextual => ("Contextual vectors", "문맥 벡터"),
        Key::LessonFinetune => ("Fine-tuning", "파인튜닝"),
        Key::LessonArchitecture => ("Architecture", "구조"),
        Key::TeachesTokens => (
            "How BERT cuts text into WordPiece tokens, where [CLS] and [SEP] go, and how sentence A and sentence B are told apart by segment ids.",
            "BERT가 문장을 WordPiece 토큰으로 자르는 방법, [CLS]와 [SEP]가 들어가는 위치, 세그먼트 번호로 문장 A와 문장 B를 구분하는 방법을 배웁니다.",
        ),
        Key::TeachesEmbeddings => (
            "The three embeddings every token gets (token, segment, position), how they are added up, and what LayerNorm does to the sum.",
            "각 토큰이 받는 세 가지 임베딩(토큰, 세그먼트, 위치)과 이들을 더하는 방법, 그리고 그 합에 레이어 정규화가 하는 일을 배웁니다.",
        ),
        Key::TeachesAttention => (
            "What each self-attention head looks at, layer by layer and head by head, and the patterns heads learn (to [CLS], to [SEP], to the next word).",
            "셀프 어텐션 헤드 하나하나가 층마다 무엇을 바라보는지, 그리고 헤드들이 배우는 패턴([CLS]로, [SEP]로, 다음 단어로)을 살펴봅니다.",
        ),
        Key::TeachesPretraining => (
            "Pre-training BERT live in your browser with masked language modelling (15% of tokens: 80% [MASK], 10% random, 10% kept) and next sentence prediction, with loss and accuracy curves.",
            "브라우저에서 직접 BERT를 사전 학습합니다. 마스크 언어 모델(토큰의 15%: 80%는 [MASK], 10%는 무작위 토큰, 10%는 그대로)과 다음 문장 예측을 손실·정확도 그래프와 함께 지켜봅니다.",
        ),
        Key::TeachesPlayground => (
            "Type a sentence, hide words behind [MASK], and see which words BERT expects there and how sure it is.",
            "문장을 입력하고 단어를 [MASK]로 가린 뒤, BERT가 그 자리에 어떤 단어를 얼마나 확신하며 예측하는지 확인합니다.",
        ),
        Key::TeachesContextual => (
            "Why one vector per word (Word2Vec, GloVe) cannot tell a river bank from a money bank, and how BERT gives the same word a different vector in each sentence.",
            "단어마다 벡터 하나뿐인 방식(Word2Vec, GloVe)이 강둑의 '뱅크'와 은행의 '뱅크'를 구분하지 못하는 이유와, BERT가 같은 단어에 문장마다 다른 벡터를 주는 방법을 배웁니다.",
        ),
        Key::TeachesFinetune => (
            "Fine-tuning: a small classifier on top of [CLS], trained twice (from the pre-trained model and from scratch) to show what pre-training buys you.",
            "파인튜닝: [CLS] 위에 작은 분류기를 올려 두 번(사전 학습된 모델에서, 그리고 처음부터) 학습시켜 사전 학습이 주는 이점을 직접 확인합니다.",
        ),
        Key::TeachesArchitecture => (
            "BERT-base and BERT-large side by side, one encoder layer opened up (attention, add & norm, feed-forward), and the heads on top.",
            "BERT-base와 BERT-large를 나란히 비교하고, 인코더 층 하나(어텐션, 더하기와 정규화, 피드포워드)와 그 위의 출력 헤드를 열어 봅니다.",
        ),
    };
    match language {
        Language::English => english,
        Language::Korean => korean,
    }
}
