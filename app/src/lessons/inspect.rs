//! Runs the model with recording on for the shared sentence pair, for the Embeddings and
//! Attention lessons, and keeps the latest result.

use std::sync::Arc;

use bertlab_model::inspect::{Inspection, inspect};
use leptos::prelude::*;

use super::tokens::encode_pair;
use crate::state::{LoadedModel, Sentences, yield_to_browser};

/// The inspection of the current pair, recomputed when the sentences or the model change.
pub fn inspection(
    model: Arc<LoadedModel>,
    sentences: Sentences,
) -> LocalResource<Result<Arc<Inspection>, String>> {
    LocalResource::new(move || {
        let model = model.clone();
        let (a, b) = (sentences.a.get(), sentences.b.get());
        async move {
            // A task of its own, so the page paints before the forward pass.
            yield_to_browser().await;
            let encoding = encode_pair(&model, &a, &b);
            inspect(
                &model.checkpoint.model,
                &encoding,
                model.config().max_position_embeddings,
                &model.device.device,
            )
            .await
            .map(Arc::new)
            .map_err(|error| error.to_string())
        }
    })
}
