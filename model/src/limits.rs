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
