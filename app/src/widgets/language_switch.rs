//! English / 한국어 toggle. The choice is remembered by [`Language::provide`].

use leptos::prelude::*;

use crate::i18n::{Key, Language, tr};

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let language = Language::signal();
    view! {
        <div class="language-switch" role="group" aria-label=tr(Key::LanguageLabel) data-testid="language-switch">
            {Language::ALL
                .into_iter()
                .map(|choice| {
                    view! {
                        <button
                            type="button"
                            lang=choice.code()
                            data-testid=format!("lang-{}", choice.code())
                            aria-pressed=move || (language.get() == choice).to_string()
                            on:click=move |_| language.set(choice)
                        >
                            {choice.endonym()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
