//! Any bytes as a saved training state (the IndexedDB record and the downloaded file): a clear
//! error or a trainer, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let device = bertlab_model::ComputeDevice::cpu().device;
    let _ = bertlab_model::train::state::load(data, &device);
});
