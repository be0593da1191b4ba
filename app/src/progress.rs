//! The learner's progress through the course: which "try this" tasks they have done, kept in
//! this browser's local storage so the course map remembers it between visits.

use std::collections::BTreeSet;

use leptos::prelude::*;

const STORAGE_KEY: &str = "bertlab.progress";

#[derive(Clone, Copy)]
pub struct Progress {
    done: RwSignal<BTreeSet<String>>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Progress {
    pub fn provide() {
        let done = storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|json| serde_json::from_str::<BTreeSet<String>>(&json).ok())
            .unwrap_or_default();
        provide_context(Progress {
            done: RwSignal::new(done),
        });
    }

    pub fn get() -> Progress {
        expect_context::<Progress>()
    }

    /// Whether task `id` is done (tracked).
    pub fn is_done(self, id: &str) -> bool {
        self.done.with(|done| done.contains(id))
    }

    /// Marks task `id` done (once; kept).
    pub fn complete(self, id: &'static str) {
        if self.done.with_untracked(|done| done.contains(id)) {
            return;
        }
        self.done.update(|done| {
            done.insert(id.to_string());
        });
        if let (Some(storage), Ok(json)) =
            (storage(), self.done.with_untracked(serde_json::to_string))
        {
            let _ = storage.set_item(STORAGE_KEY, &json);
        }
    }

    /// Marks `id` done whenever `condition` holds (re-checked as what it reads changes).
    pub fn when(self, id: &'static str, condition: impl Fn() -> bool + 'static) {
        Effect::new(move |_| {
            if condition() {
                self.complete(id);
            }
        });
    }

    /// Forgets every task (the course map's "start again").
    pub fn reset(self) {
        self.done.set(BTreeSet::new());
        if let Some(storage) = storage() {
            let _ = storage.remove_item(STORAGE_KEY);
        }
    }
}
