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

/// One of two formatted strings for the current language, read once (for labels of views
/// that are built again when the language changes, or that only a screen reader hears).
pub fn said(english: String, korean: String) -> String {
    match Language::signal().get_untracked() {
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
    CpuNoWorkerGpu,
    CpuChosen,
    CpuFaster,
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
            "직접 실행하며 배우는 BERT의 작동 원리",
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
        Key::CpuNoWorkerGpu => (
            "this browser offers WebGPU to pages but not to their workers",
            "이 브라우저는 페이지에는 WebGPU를 주지만 워커에는 주지 않습니다",
        ),
        Key::CpuChosen => ("you chose the CPU", "CPU를 직접 골랐습니다"),
        Key::CpuFaster => (
            "faster than WebGPU here (measured)",
            "이 기기에서는 WebGPU보다 빠릅니다 (측정)",
        ),
    };
    match language {
        Language::English => english,
        Language::Korean => korean,
    }
}
