//! The newest answer to a changing question: whenever what `source` reads changes (or a new
//! worker starts), ask again; an answer to an older question is never shown over a newer one.

use std::future::Future;

use leptos::prelude::*;

use super::Compute;

/// A signal holding the answer to the newest question asked so far (`None` until the first
/// answer; the previous answer stays while a new one is computed). `ask` gives `None` for a
/// question the worker dropped for a newer one.
pub fn latest<S, T, F>(
    source: impl Fn() -> S + Send + Sync + 'static,
    ask: impl Fn(S) -> F + Send + Sync + 'static,
) -> ReadSignal<Option<T>>
where
    S: 'static,
    T: Send + Sync + 'static,
    F: Future<Output = Option<T>> + 'static,
{
    let compute = Compute::get();
    let answer = RwSignal::new(None);
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        compute.generation.track();
        let question = source();
        asked.update_value(|n| *n += 1);
        let mine = asked.get_value();
        let pending = ask(question);
        leptos::task::spawn_local(async move {
            if let Some(value) = pending.await
                && asked.try_get_value() == Some(mine)
            {
                _ = answer.try_set(Some(value));
            }
        });
    });
    answer.read_only()
}
