//! A stranger's checkpoint: `config.json` and `model.safetensors` bytes (the input's first two
//! bytes say how long the config is) loaded as the page loads a folder of files. A clear
//! error or a model, never a panic; and no allocation larger than the input (run with
//! `-malloc_limit_mb`, which makes libFuzzer fail on any bigger one).
#![no_main]
use bertlab_model::{Checkpoint, HfFiles};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let config_len = (u16::from_le_bytes([data[0], data[1]]) as usize).min(data.len() - 2);
    let (config, weights) = data[2..].split_at(config_len);
    let files = HfFiles {
        config_json: config.to_vec(),
        model_safetensors: weights.to_vec(),
        vocab_txt: None,
        tokenizer_config_json: None,
    };
    let _ = Checkpoint::from_files(&files, &bertlab_model::ComputeDevice::cpu().device);
});
