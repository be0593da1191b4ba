//! The recorded forward pass of the shared sentence pair, for the Embeddings and Attention
//! lessons: asked of the compute worker whenever the sentences or the model change.

use std::sync::Arc;

use bertlab_model::inspect::Inspection;
use leptos::prelude::*;

use crate::compute::protocol::{Fault, Lane, Reply, Request};
use crate::compute::{Compute, latest};
use crate::state::{LoadedModel, Sentences};

/// The newest inspection of the current pair (`None` until the first arrives).
pub fn inspection(
    model: Arc<LoadedModel>,
    sentences: Sentences,
) -> ReadSignal<Option<Result<Arc<Inspection>, Fault>>> {
    let compute = Compute::get();
    latest(
        move || (sentences.a.get(), sentences.b.get()),
        move |(a, b)| {
            let request = Request::Inspect {
                model: model.id,
                a,
                b,
                on: compute.inference(),
            };
            async move {
                match compute.call(Some(Lane::Inspection), request).await? {
                    Reply::Inspected(result) => Some(result.map(Arc::new)),
                    Reply::Done(Err(message)) => Some(Err(message)),
                    _ => None,
                }
            }
        },
    )
}
