//! The compute worker: `static/compute-worker.js` starts this same wasm in a dedicated worker
//! and calls [`worker_start`]. It owns the devices, the loaded models, the pre-training session
//! and a fine-tuning run. Requests are served one at a time in the order they came, except that
//! a queued request is dropped when a newer one of its lane arrives (the newest keystroke wins);
//! training and fine-tuning advance one step per turn between requests, so the lessons still
//! answer while a model trains.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use futures::StreamExt;
use futures::channel::mpsc::{UnboundedReceiver, UnboundedSender, unbounded};
use wasm_bindgen::prelude::*;

use super::devices::{self, WorkerDevices};
use super::models::Model;
use super::protocol::{self, Envelope, Event, Fault, ModelId, Reply, Request};
use super::{finetuning, measure, pretraining};
use crate::global;

/// Sends an event to the page.
pub fn post(event: &Event) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let bytes = protocol::encode(event);
    let transfer = js_sys::Array::of1(&bytes.buffer());
    if let Err(error) = scope.post_message_with_transfer(&bytes, &transfer) {
        web_sys::console::error_2(&"bertlab worker: could not post".into(), &error);
    }
}

struct Worker {
    devices: RefCell<Option<Rc<WorkerDevices>>>,
    models: RefCell<HashMap<ModelId, Rc<Model>>>,
    pretraining: pretraining::Driver,
    finetuning: finetuning::Driver,
}

/// Takes over the worker's messages (those that arrived while the wasm was starting are in
/// `early`) and serves them until the page ends the worker.
#[wasm_bindgen]
pub fn worker_start(early: js_sys::Array) {
    let (sender, receiver) = unbounded::<Envelope>();
    let deliver = move |data: JsValue, sender: &UnboundedSender<Envelope>| match protocol::decode::<
        Envelope,
    >(&data)
    {
        Ok(envelope) => _ = sender.unbounded_send(envelope),
        Err(error) => web_sys::console::error_1(&error.into()),
    };
    for data in early.iter() {
        deliver(data, &sender);
    }
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            deliver(event.data(), &sender)
        });
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let worker = Rc::new(Worker {
        devices: RefCell::new(None),
        models: RefCell::new(HashMap::new()),
        pretraining: pretraining::Driver::new(),
        finetuning: finetuning::Driver::default(),
    });
    wasm_bindgen_futures::spawn_local(serve(worker, receiver));
}

async fn serve(worker: Rc<Worker>, mut incoming: UnboundedReceiver<Envelope>) {
    let mut queue: VecDeque<Envelope> = VecDeque::new();
    loop {
        while let Ok(envelope) = incoming.try_recv() {
            queue.push_back(envelope);
        }
        if let Some(envelope) = next_request(&mut queue) {
            let reply = worker.handle(envelope.request).await;
            post(&Event::Reply {
                id: envelope.id,
                reply,
            });
        } else if worker.pretraining.wants_step() {
            worker.pretraining.tick().await;
        } else if worker.finetuning.active() {
            worker.finetuning.tick().await;
        } else {
            match incoming.next().await {
                Some(envelope) => queue.push_back(envelope),
                None => return,
            }
            continue;
        }
        // Let the messages that came meanwhile in.
        global::yield_now().await;
    }
}

/// The oldest queued request that no newer one of its lane replaces; the replaced ones are
/// answered [`Reply::Dropped`].
fn next_request(queue: &mut VecDeque<Envelope>) -> Option<Envelope> {
    while let Some(envelope) = queue.pop_front() {
        let superseded = envelope
            .lane
            .is_some_and(|lane| queue.iter().any(|later| later.lane == Some(lane)));
        if !superseded {
            return Some(envelope);
        }
        post(&Event::Reply {
            id: envelope.id,
            reply: Reply::Dropped,
        });
    }
    None
}

impl Worker {
    fn model(&self, id: ModelId) -> Result<Rc<Model>, Fault> {
        self.models.borrow().get(&id).cloned().ok_or_else(|| {
            Fault::said(
                "that model is not loaded in the compute worker",
                "그 모델은 계산 워커에 불러와 있지 않습니다",
            )
        })
    }

    fn devices(&self) -> Result<Rc<WorkerDevices>, Fault> {
        self.devices.borrow().clone().ok_or_else(|| {
            Fault::said(
                "the compute worker has not found its devices yet",
                "계산 워커가 아직 장치를 찾지 못했습니다",
            )
        })
    }

    async fn handle(&self, request: Request) -> Reply {
        match self.serve(request).await {
            Ok(reply) => reply,
            Err(message) => Reply::Done(Err(message)),
        }
    }

    async fn serve(&self, request: Request) -> Result<Reply, Fault> {
        Ok(match request {
            Request::Start { try_gpu } => {
                let on_lost = |message: String| post(&Event::GpuLost(message));
                let (devices, report) = devices::detect(try_gpu, on_lost).await;
                self.devices.replace(Some(Rc::new(devices)));
                Reply::Started(report)
            }
            Request::Load { model, files, on } => {
                let devices = self.devices()?;
                Reply::Loaded(Model::load(files, on, &devices).map(|(loaded, info)| {
                    self.models.borrow_mut().insert(model, Rc::new(loaded));
                    info
                }))
            }
            Request::Unload { model } => {
                self.models.borrow_mut().remove(&model);
                Reply::Done(Ok(()))
            }
            Request::MeasureInference { model } => {
                let (model, devices) = (self.model(model)?, self.devices()?);
                Reply::Measured(measure::inference(&model, &devices).await)
            }
            Request::MeasureTraining {
                config,
                batch,
                max_len,
            } => {
                let devices = self.devices()?;
                Reply::Measured(measure::training(&config, batch, max_len, &devices).await)
            }
            Request::Fill {
                model,
                text,
                top_k,
                on,
            } => {
                let (model, devices) = (self.model(model)?, self.devices()?);
                Reply::Filled(model.fill(&text, top_k, on, &devices).await)
            }
            Request::Inspect { model, a, b, on } => {
                let (model, devices) = (self.model(model)?, self.devices()?);
                Reply::Inspected(model.inspect(&a, &b, on, &devices).await)
            }
            Request::Computation {
                model,
                a,
                b,
                layer,
                head,
                query,
                on,
            } => {
                let (model, devices) = (self.model(model)?, self.devices()?);
                let steps = model.computation((&a, &b), (layer, head, query), on, &devices);
                Reply::Computation(steps.await)
            }
            Request::Neighbours {
                model,
                word,
                count,
                on,
            } => {
                let (model, devices) = (self.model(model)?, self.devices()?);
                Reply::Neighbours(model.neighbours(&word, count, on, &devices).await)
            }
            Request::Contextual {
                model,
                word,
                sentences,
                on,
            } => {
                let (model, devices) = (self.model(model)?, self.devices()?);
                Reply::Contextual(model.contextual(&word, &sentences, on, &devices).await)
            }
            Request::Train(command) => {
                let devices = self.devices()?;
                let models = &self.models;
                self.pretraining
                    .command(command, &devices, |id| models.borrow().get(&id).cloned())
                    .await
            }
            Request::FineTune(request) => {
                let (model, devices) = (self.model(request.model)?, self.devices()?);
                Reply::Done(self.finetuning.start(request, &model, &devices))
            }
            Request::Bench {
                preset,
                batch,
                seq,
                iterations,
                on,
                work,
            } => {
                let devices = self.devices()?;
                Reply::Benched(
                    measure::bench(&preset, batch, seq, iterations, work, devices.get(on)).await,
                )
            }
            Request::LoseGpu => {
                if let Some(gpu) = &self.devices()?.gpu {
                    gpu.destroy_for_testing();
                }
                Reply::Done(Ok(()))
            }
        })
    }
}
