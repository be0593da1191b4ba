//! Will a model fit the device? Checked from its config before any byte is downloaded, so a
//! learner who picks BERT-large on a laptop gets a reason instead of a frozen tab.

use crate::config::BertConfig;
use crate::runtime::DeviceKind;

/// WebGPU guarantees storage buffers of at least this size (`maxStorageBufferBindingSize`);
/// every weight matrix must fit in one. Devices that grant more say so in
/// [`ComputeDevice::max_buffer_bytes`](crate::runtime::ComputeDevice).
pub const WEBGPU_MAX_BUFFER_BYTES: usize = 128 << 20;

/// All weights together, in bytes. A wasm page has 4 GiB of address space and loading holds the
/// file's bytes and the tensors at once, so the CPU fallback stops well below that; the GPU
/// budget leaves room for activations on integrated GPUs, which share memory with the page.
pub const MAX_WEIGHT_BYTES: usize = 1 << 30;

/// Why a model will not be loaded on a device.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum LimitError {
    #[error(
        "its word-embedding matrix needs {needed_mib} MiB in one GPU buffer; this GPU allows {limit_mib} MiB"
    )]
    BufferTooLarge { needed_mib: usize, limit_mib: usize },
    #[error(
        "its weights need {needed_mib} MiB; bertlab loads at most {limit_mib} MiB in a browser tab"
    )]
    TooManyWeights { needed_mib: usize, limit_mib: usize },
    #[error(
        "model.safetensors is {file_mib} MiB, more than the {expected_mib} MiB the weights its config.json describes can take"
    )]
    WeightsFileTooLarge { file_mib: u64, expected_mib: u64 },
}

/// Room in a weights file beyond the tensors: the safetensors header, and buffers such as
/// `position_ids` that some checkpoints carry.
const WEIGHTS_FILE_SLACK: u64 = 16 << 20;

/// The most bytes a `model.safetensors` for `config` may have ([`check_weights_file`]).
pub fn max_weights_file_bytes(config: &BertConfig) -> u64 {
    (weight_bytes(config) as u64)
        .saturating_mul(2)
        .min(MAX_WEIGHT_BYTES as u64)
        + WEIGHTS_FILE_SLACK
}

/// Checks the size of a `model.safetensors` against the model `config` describes, before the
/// file is read: a file far larger than its weights (a wrong file, or one made to exhaust the
/// tab's memory) is refused by its size alone. Allowed: every weight in f32 twice over (a tied
/// matrix stored twice, or f64), capped at what a tab loads, plus the header.
pub fn check_weights_file(config: &BertConfig, file_bytes: u64) -> Result<(), LimitError> {
    const MIB: u64 = 1 << 20;
    let expected = max_weights_file_bytes(config);
    if file_bytes > expected {
        return Err(LimitError::WeightsFileTooLarge {
            file_mib: file_bytes.div_ceil(MIB),
            expected_mib: expected.div_ceil(MIB),
        });
    }
    Ok(())
}

/// Bytes of the weights in f32 (the format bertlab computes in).
pub fn weight_bytes(config: &BertConfig) -> usize {
    config.parameter_counts().bert_for_pretraining() * 4
}

/// Checks `config` against the limits of a `kind` device whose buffers may hold WebGPU's
/// guaranteed minimum ([`WEBGPU_MAX_BUFFER_BYTES`]).
pub fn check_fits(config: &BertConfig, kind: DeviceKind) -> Result<(), LimitError> {
    check_fits_buffer(config, kind, WEBGPU_MAX_BUFFER_BYTES as u64)
}

/// Checks `config` against a `kind` device that granted buffers of `max_buffer_bytes`.
pub fn check_fits_buffer(
    config: &BertConfig,
    kind: DeviceKind,
    max_buffer_bytes: u64,
) -> Result<(), LimitError> {
    const MIB: usize = 1 << 20;
    let largest = config
        .vocab_size
        .max(config.intermediate_size)
        .saturating_mul(config.hidden_size)
        .saturating_mul(4);
    if kind == DeviceKind::Gpu && largest as u64 > max_buffer_bytes {
        return Err(LimitError::BufferTooLarge {
            needed_mib: largest.div_ceil(MIB),
            limit_mib: (max_buffer_bytes / MIB as u64) as usize,
        });
    }
    let total = weight_bytes(config);
    if total > MAX_WEIGHT_BYTES {
        return Err(LimitError::TooManyWeights {
            needed_mib: total.div_ceil(MIB),
            limit_mib: MAX_WEIGHT_BYTES / MIB,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Preset;

    #[test]
    fn a_weights_file_far_larger_than_its_config_is_refused_by_size() {
        let tiny = Preset::Tiny.config();
        let f32_bytes = weight_bytes(&tiny) as u64;
        assert_eq!(check_weights_file(&tiny, f32_bytes), Ok(()));
        assert_eq!(check_weights_file(&tiny, f32_bytes / 2), Ok(()), "f16");
        assert_eq!(check_weights_file(&tiny, 2 * f32_bytes), Ok(()), "f64");
        let error = check_weights_file(&tiny, 2 << 30).unwrap_err();
        assert!(
            matches!(
                error,
                LimitError::WeightsFileTooLarge { file_mib: 2048, .. }
            ),
            "{error}"
        );
        // BERT-base's weights fit, but never a file past what a tab loads.
        let base = Preset::Base.config();
        assert_eq!(
            check_weights_file(&base, weight_bytes(&base) as u64),
            Ok(())
        );
        assert!(check_weights_file(&base, (MAX_WEIGHT_BYTES as u64) + (32 << 20)).is_err());
    }

    #[test]
    fn base_fits_and_large_is_refused_with_its_size() {
        for kind in [DeviceKind::Gpu, DeviceKind::Cpu] {
            assert_eq!(check_fits(&Preset::Base.config(), kind), Ok(()));
            assert_eq!(check_fits(&Preset::Tiny.config(), kind), Ok(()));
            let error = check_fits(&Preset::Large.config(), kind).unwrap_err();
            assert!(
                matches!(error, LimitError::TooManyWeights { needed_mib, .. } if needed_mib > 1024)
            );
        }
    }

    #[test]
    fn a_device_that_grants_larger_buffers_takes_larger_matrices() {
        let config = BertConfig {
            vocab_size: 300_000,
            ..Preset::Tiny.config()
        };
        assert_eq!(check_fits_buffer(&config, DeviceKind::Gpu, 1 << 30), Ok(()));
        assert!(check_fits_buffer(&config, DeviceKind::Gpu, 128 << 20).is_err());
    }

    #[test]
    fn a_huge_vocabulary_breaks_the_gpu_buffer_limit_only() {
        let config = BertConfig {
            vocab_size: 300_000,
            ..Preset::Tiny.config()
        };
        assert!(matches!(
            check_fits(&config, DeviceKind::Gpu),
            Err(LimitError::BufferTooLarge { .. })
        ));
        assert_eq!(check_fits(&config, DeviceKind::Cpu), Ok(()));
    }
}
