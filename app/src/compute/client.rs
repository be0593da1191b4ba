//! The page's side of the compute worker: starts it, sends typed requests and awaits their
//! answers, hands the worker's own events (training progress, fine-tuning epochs) to whoever
//! listens, and when the worker dies or its GPU is lost, starts a new one and lets every
//! context put back what it had there (the model, the training session).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::channel::oneshot;
use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::protocol::{
    self, Backend, Devices, Envelope, Event, FineTuneEvent, Lane, Reply, Request, TrainingEvent,
};

/// The worker's boot script, copied into the site by trunk.
const WORKER_SCRIPT: &str = "compute-worker.js";

/// Why the worker was (re)started.
#[derive(Debug, Clone, PartialEq)]
pub enum StartReason {
    /// The page just opened.
    First,
    /// The worker crashed (an uncaught error or a trap).
    Crashed(String),
    /// The GPU device was lost; the new worker runs on the CPU.
    GpuLost(String),
}

type Restorer = Rc<dyn Fn(StartReason) -> LocalBoxFuture<'static, ()>>;

#[derive(Default)]
struct Client {
    worker: Option<web_sys::Worker>,
    next_id: u64,
    pending: HashMap<u64, oneshot::Sender<Reply>>,
    on_training: Option<Rc<dyn Fn(TrainingEvent)>>,
    on_finetune: Option<Rc<dyn Fn(FineTuneEvent)>>,
    on_started: Option<Rc<dyn Fn(Devices)>>,
    /// Run after each start, one after the other in order of registration.
    restorers: Vec<Restorer>,
    /// Whether a GPU was lost in this page: new workers stay on the CPU.
    gpu_lost: Option<String>,
    /// Kept alive as long as their worker.
    _handlers: Vec<Closure<dyn Fn(JsValue)>>,
}

/// The app's compute worker, shared through context.
#[derive(Clone, Copy)]
pub struct Compute {
    client: StoredValue<Rc<RefCell<Client>>, LocalStorage>,
    /// Bumped whenever a worker is ready: views that asked an earlier one ask again.
    pub generation: RwSignal<u64>,
    /// Where inference and training run (set by the runtime from measurements or the learner).
    pub backends: RwSignal<(Backend, Backend)>,
}

impl Compute {
    /// Puts the client in context. The worker starts with [`Compute::start`], once the
    /// contexts that restore things into it have registered.
    pub fn provide() -> Compute {
        let compute = Compute {
            client: StoredValue::new_local(Rc::new(RefCell::new(Client::default()))),
            generation: RwSignal::new(0),
            backends: RwSignal::new((Backend::Cpu, Backend::Cpu)),
        };
        provide_context(compute);
        super::hooks::register(compute);
        compute
    }

    pub fn get() -> Compute {
        expect_context::<Compute>()
    }

    fn client(self) -> Rc<RefCell<Client>> {
        self.client.get_value()
    }

    /// Where inference runs now.
    pub fn inference(self) -> Backend {
        self.backends.get_untracked().0
    }

    /// Where training runs now.
    pub fn training(self) -> Backend {
        self.backends.get_untracked().1
    }

    pub fn on_started(self, handler: impl Fn(Devices) + 'static) {
        self.client().borrow_mut().on_started = Some(Rc::new(handler));
    }

    pub fn on_training(self, handler: impl Fn(TrainingEvent) + 'static) {
        self.client().borrow_mut().on_training = Some(Rc::new(handler));
    }

    pub fn on_finetune(self, handler: impl Fn(FineTuneEvent) + 'static) {
        self.client().borrow_mut().on_finetune = Some(Rc::new(handler));
    }

    /// `restore` runs after every start of a worker (the first one included), to put back
    /// what its context had in the previous one.
    pub fn after_start(
        self,
        restore: impl Fn(StartReason) -> LocalBoxFuture<'static, ()> + 'static,
    ) {
        self.client().borrow_mut().restorers.push(Rc::new(restore));
    }

    /// Sends `request` and waits for its answer. `None` when it was dropped for a newer request
    /// of its lane, or when the worker died before answering (a new one is being started).
    pub async fn call(self, lane: Option<Lane>, request: Request) -> Option<Reply> {
        let (sender, receiver) = oneshot::channel();
        {
            let client = self.client();
            let mut client = client.borrow_mut();
            let worker = client.worker.clone()?;
            client.next_id += 1;
            let id = client.next_id;
            client.pending.insert(id, sender);
            let bytes = protocol::encode(&Envelope { id, lane, request });
            let transfer = js_sys::Array::of1(&bytes.buffer());
            if worker
                .post_message_with_transfer(&bytes, &transfer)
                .is_err()
            {
                client.pending.remove(&id);
                return None;
            }
        }
        match receiver.await {
            Ok(Reply::Dropped) | Err(_) => None,
            Ok(reply) => Some(reply),
        }
    }

    /// Starts a worker (ending the previous one, if any) and restores every context into it.
    pub fn start(self, reason: StartReason) {
        let client = self.client();
        let try_gpu = {
            let mut state = client.borrow_mut();
            if let StartReason::GpuLost(message) = &reason {
                state.gpu_lost = Some(message.clone());
            }
            if let Some(old) = state.worker.take() {
                old.terminate();
            }
            // Whoever waited on the old worker gets `None`.
            state.pending.clear();
            state._handlers.clear();
            match &state.gpu_lost {
                Some(message) => Err(protocol::NoGpu::Lost(message.clone())),
                None if !page_has_webgpu() => Err(protocol::NoGpu::NoNavigatorGpu),
                None => Ok(()),
            }
        };
        let worker = match spawn(self) {
            Ok(worker) => worker,
            Err(message) => {
                if let Some(handler) = client.borrow().on_started.clone() {
                    handler(Devices {
                        gpu: Err(protocol::NoGpu::NotInWorkers),
                        cpu: Err(message),
                    });
                }
                return;
            }
        };
        client.borrow_mut().worker = Some(worker);
        leptos::task::spawn_local(async move {
            let Some(Reply::Started(devices)) = self.call(None, Request::Start { try_gpu }).await
            else {
                return;
            };
            let (on_started, restorers) = {
                let state = client.borrow();
                (state.on_started.clone(), state.restorers.clone())
            };
            if let Some(handler) = on_started {
                handler(devices);
            }
            // In order (the model before the training that may borrow its vocabulary), and
            // before views ask the new worker anything.
            for restore in restorers {
                restore(reason.clone()).await;
            }
            self.generation.update(|g| *g += 1);
        });
    }

    fn dispatch(self, event: Event) {
        let client = self.client();
        match event {
            Event::Reply { id, reply } => {
                if let Some(sender) = client.borrow_mut().pending.remove(&id) {
                    let _ = sender.send(reply);
                }
            }
            Event::Training(event) => {
                let handler = client.borrow().on_training.clone();
                if let Some(handler) = handler {
                    handler(event);
                }
            }
            Event::FineTune(event) => {
                let handler = client.borrow().on_finetune.clone();
                if let Some(handler) = handler {
                    handler(event);
                }
            }
            Event::GpuLost(message) => {
                leptos::logging::warn!("bertlab: GPU device lost: {message}");
                self.start(StartReason::GpuLost(message));
            }
        }
    }
}

/// Whether this page's `navigator` offers WebGPU (a browser without it offers it to no worker).
fn page_has_webgpu() -> bool {
    web_sys::window()
        .and_then(|window| js_sys::Reflect::get(&window.navigator(), &"gpu".into()).ok())
        .is_some_and(|gpu| !gpu.is_undefined() && !gpu.is_null())
}

/// A new worker, its handlers installed and its boot message sent.
fn spawn(compute: Compute) -> Result<web_sys::Worker, String> {
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker =
        web_sys::Worker::new_with_options(&crate::global::site_url(WORKER_SCRIPT), &options)
            .map_err(|error| format!("the compute worker could not be started: {error:?}"))?;
    let on_message = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
        let data = js_sys::Reflect::get(&event, &"data".into()).unwrap_or_default();
        match protocol::decode::<Event>(&data) {
            Ok(event) => compute.dispatch(event),
            Err(error) => leptos::logging::error!("bertlab: {error}"),
        }
    });
    let on_error = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
        let message = js_sys::Reflect::get(&event, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "the compute worker stopped".to_string());
        leptos::logging::warn!("bertlab: compute worker crashed: {message}; restarting it");
        compute.start(StartReason::Crashed(message));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
    let boot = js_sys::Object::new();
    let glue = crate::global::glue_url();
    let _ = js_sys::Reflect::set(&boot, &"glue".into(), &glue.into());
    let _ = js_sys::Reflect::set(&boot, &"module".into(), &wasm_bindgen::module());
    worker
        .post_message(&boot)
        .map_err(|error| format!("the compute worker could not be started: {error:?}"))?;
    compute
        .client()
        .borrow_mut()
        ._handlers
        .extend([on_message, on_error]);
    Ok(worker)
}
