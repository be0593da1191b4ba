//! `--backend`: which burn device the CLI computes on.

use bertlab_model::ComputeDevice;
use clap::ValueEnum;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Backend {
    /// burn's pure-Rust CPU backend (Flex; `ndarray` is accepted for it, as burn 0.22
    /// deprecates burn-ndarray in favour of Flex).
    #[value(alias = "ndarray", alias = "flex")]
    Cpu,
    /// wgpu: Vulkan, Metal or DX12 (lavapipe on a machine without a GPU).
    Wgpu,
}

impl Backend {
    pub fn device(self) -> Result<ComputeDevice, String> {
        match self {
            Backend::Cpu => Ok(ComputeDevice::cpu()),
            Backend::Wgpu => {
                pollster::block_on(ComputeDevice::gpu()).map_err(|error| error.to_string())
            }
        }
    }
}
