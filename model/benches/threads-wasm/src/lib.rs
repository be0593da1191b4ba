//! The page's default pre-training (tiny, 16 × 64, the toy world, a learned 400-token vocabulary)
//! in wasm, with burn-flex's CPU backend, either on the calling thread alone or inside a rayon
//! pool whose threads are wasm threads that JS starts (`bench.mjs`): what the page would gain
//! from a threaded compute worker.

use std::cell::RefCell;

use bertlab_model::ComputeDevice;
use bertlab_model::data::Corpus;
use bertlab_model::train::{Session, SessionSettings};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Starts a wasm thread that calls [`run_thread`] with `builder` on this module and memory.
    #[wasm_bindgen(js_namespace = globalThis, js_name = benchSpawnThread)]
    fn spawn_thread(builder: usize, module: JsValue, memory: JsValue);
}

thread_local! {
    static POOL: RefCell<Option<rayon::ThreadPool>> = const { RefCell::new(None) };
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// Builds a pool of `threads` wasm threads for the steps to run in (0: none, the calling thread).
#[wasm_bindgen]
pub fn start_pool(threads: usize) -> Result<(), JsValue> {
    if threads == 0 {
        return Ok(());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .spawn_handler(|thread| {
            let builder = Box::into_raw(Box::new(thread)) as usize;
            spawn_thread(builder, wasm_bindgen::module(), wasm_bindgen::memory());
            Ok(())
        })
        .build()
        .map_err(|error| JsValue::from_str(&error.to_string()))?;
    POOL.with(|slot| *slot.borrow_mut() = Some(pool));
    Ok(())
}

/// A pool thread's life: called by the thread JS started for `builder`; returns when the pool ends.
#[wasm_bindgen]
pub fn run_thread(builder: usize) {
    // SAFETY: `builder` is the box `start_pool` leaked for this thread alone.
    let thread = unsafe { Box::from_raw(builder as *mut rayon::ThreadBuilder) };
    thread.run();
}

/// A fresh session at the Pre-training lesson's defaults.
#[wasm_bindgen]
pub fn create_session() -> Result<(), JsValue> {
    let corpus = Corpus::parse(include_str!("../../../../static/corpora/toy-world.txt"))
        .map_err(|error| JsValue::from_str(&error.to_string()))?;
    let session = Session::create(
        SessionSettings::default(),
        corpus,
        None,
        |_| Ok(()),
        &ComputeDevice::cpu().device,
    )
    .map_err(|error| JsValue::from_str(&error.to_string()))?;
    SESSION.with(|slot| *slot.borrow_mut() = Some(session));
    Ok(())
}

/// Takes `steps` training steps, inside the pool when there is one (as the native CLI runs its
/// command on a pool thread, so that each parallel kernel splits work without waking the pool
/// from outside); returns the last step's MLM loss.
#[wasm_bindgen]
pub fn train(steps: usize) -> f32 {
    let mut session = SESSION
        .with(|slot| slot.borrow_mut().take())
        .expect("create_session first");
    let run = move || {
        let mut loss = f32::NAN;
        for _ in 0..steps {
            let report =
                pollster::block_on(session.step(&js_sys::Date::now)).expect("a training step");
            loss = report.point.metrics.mlm_loss;
        }
        (session, loss)
    };
    let (session, loss) = POOL.with(|slot| match slot.borrow().as_ref() {
        Some(pool) => pool.install(run),
        None => run(),
    });
    SESSION.with(|slot| *slot.borrow_mut() = Some(session));
    loss
}

/// What the page does besides its steps, every ten steps (`app/src/compute/pretraining.rs`):
/// milliseconds to serialise the session for IndexedDB and to ask the probe sentences, and the
/// save's size in bytes.
#[wasm_bindgen]
pub fn save_and_probe() -> Vec<f64> {
    SESSION.with(|slot| {
        let session = slot.borrow();
        let session = session.as_ref().expect("create_session first");
        let started = js_sys::Date::now();
        let bytes = pollster::block_on(session.save()).expect("a save");
        let saved = js_sys::Date::now();
        pollster::block_on(session.probe());
        let probed = js_sys::Date::now();
        vec![saved - started, probed - saved, bytes.len() as f64]
    })
}
