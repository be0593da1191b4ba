//! Where the model runs: a [`ComputeDevice`] is a burn `Device` (WebGPU through wgpu, or the
//! pure-Rust CPU backend) plus what the UI should say about it. Reading tensors back is always
//! asynchronous here, because a synchronous read panics on WebGPU in the browser.

use burn::tensor::{Device, Tensor, TensorData};

/// Which kind of hardware a [`ComputeDevice`] computes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceKind {
    /// A GPU (or a software GPU adapter) through wgpu: WebGPU in the browser, Vulkan/Metal natively.
    Gpu,
    /// burn's pure-Rust CPU backend (Flex), which runs everywhere, wasm included.
    Cpu,
}

/// Why a device could not be set up or did not compute correctly.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    #[error("the GPU could not be initialised: {0}")]
    GpuInit(String),
    #[error("reading a result back from the device failed: {0}")]
    Readback(String),
    #[error(
        "the device computed a wrong result in its self-check (expected {expected:?}, got {actual:?})"
    )]
    WrongResult {
        expected: Vec<f32>,
        actual: Vec<f32>,
    },
}

/// A burn device and a human description of it.
#[derive(Debug, Clone)]
pub struct ComputeDevice {
    /// The burn device every tensor of this runtime lives on.
    pub device: Device,
    /// GPU or CPU.
    pub kind: DeviceKind,
    /// Adapter name as the graphics API reports it (empty when the browser withholds it);
    /// "CPU" for the CPU backend.
    pub description: String,
    /// The largest single buffer the device granted (a GPU's storage-buffer binding limit); what
    /// [`crate::limits::check_fits`] holds the largest weight matrix to.
    pub max_buffer_bytes: u64,
    /// Destroys the GPU device as a driver reset would (for tests of device loss).
    destroy: Option<Destroy>,
}

/// A handle that destroys a wgpu device.
#[derive(Clone)]
#[cfg_attr(not(feature = "gpu"), allow(dead_code))]
struct Destroy(std::sync::Arc<dyn Fn() + Send + Sync>);

impl std::fmt::Debug for Destroy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Destroy")
    }
}

impl ComputeDevice {
    /// burn's pure-Rust CPU backend. Always available.
    pub fn cpu() -> Self {
        Self {
            device: Device::flex(),
            kind: DeviceKind::Cpu,
            description: "CPU".to_string(),
            max_buffer_bytes: u64::MAX,
            destroy: None,
        }
    }

    /// Acquires a GPU through burn's asynchronous wgpu initialisation: in a browser this is
    /// `navigator.gpu` → adapter → device; natively, the best Vulkan/Metal/DX12 adapter.
    pub async fn gpu() -> Result<Self, RuntimeError> {
        Self::gpu_with_lost_callback(|_| {}).await
    }

    /// Like [`ComputeDevice::gpu`], and calls `on_lost` with the driver's message if the GPU
    /// device is lost later (driver reset, tab in the background too long, laptop sleep).
    #[cfg(feature = "gpu")]
    pub async fn gpu_with_lost_callback(
        on_lost: impl Fn(String) + Send + 'static,
    ) -> Result<Self, RuntimeError> {
        let (device, setup) = Device::wgpu_options()
            .init_with_setup_async()
            .await
            .map_err(|error| RuntimeError::GpuInit(error.to_string()))?;
        setup
            .device
            .set_device_lost_callback(move |reason, message| {
                on_lost(format!("{reason:?}: {message}"))
            });
        let limits = setup.device.limits();
        let max_buffer_bytes =
            (limits.max_storage_buffer_binding_size as u64).min(limits.max_buffer_size);
        let wgpu_device = setup.device.clone();
        Ok(Self {
            device,
            kind: DeviceKind::Gpu,
            description: setup.adapter.get_info().name,
            max_buffer_bytes,
            destroy: Some(Destroy(std::sync::Arc::new(move || wgpu_device.destroy()))),
        })
    }

    /// Without the `gpu` feature there is no GPU to acquire.
    #[cfg(not(feature = "gpu"))]
    pub async fn gpu_with_lost_callback(
        _on_lost: impl Fn(String) + Send + 'static,
    ) -> Result<Self, RuntimeError> {
        Err(RuntimeError::GpuInit(
            "bertlab-model was built without its `gpu` feature".to_string(),
        ))
    }

    /// Destroys a GPU device, as a driver reset would: the device-lost callback fires and
    /// nothing computes on it any more. For tests of what the app does then; no-op on the CPU.
    pub fn destroy_for_testing(&self) {
        if let Some(Destroy(destroy)) = &self.destroy {
            destroy();
        }
    }

    /// Runs a small computation that touches the operations BERT is made of (matmul, add,
    /// softmax, reductions) and checks the answer against values worked out by hand.
    /// A device that fails this is not trusted with the model.
    pub async fn self_check(&self) -> Result<(), RuntimeError> {
        let a = Tensor::<2>::from_data(
            TensorData::new(vec![1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], [2, 3]),
            &self.device,
        );
        let b = Tensor::<2>::from_data(
            TensorData::new(vec![1.0f32, 0.0, 0.0, 1.0, 1.0, 1.0], [3, 2]),
            &self.device,
        );
        // [[1,2,3],[4,5,6]] · [[1,0],[0,1],[1,1]] = [[4,5],[10,11]]; + 1 = [[5,6],[11,12]]
        let product = a.matmul(b).add_scalar(1.0);
        // softmax of equal-gap rows is the same in both rows: e^0/(1+e), e/(1+e)
        let probabilities = burn::tensor::activation::softmax(product.clone(), 1);
        let row_sums = product.sum_dim(1).reshape([2]);
        let actual = [
            read_floats(row_sums).await?,
            read_floats(probabilities.reshape([4])).await?,
        ]
        .concat();
        let e = std::f32::consts::E;
        let expected = vec![
            11.0,
            23.0,
            1.0 / (1.0 + e),
            e / (1.0 + e),
            1.0 / (1.0 + e),
            e / (1.0 + e),
        ];
        let close = actual.len() == expected.len()
            && actual
                .iter()
                .zip(&expected)
                .all(|(a, b)| (a - b).abs() <= 1e-5);
        if close {
            Ok(())
        } else {
            Err(RuntimeError::WrongResult { expected, actual })
        }
    }
}

/// Reads a float tensor back to the host, without blocking (required on WebGPU in wasm).
pub async fn read_floats<const D: usize>(tensor: Tensor<D>) -> Result<Vec<f32>, RuntimeError> {
    let data = tensor
        .into_data_async()
        .await
        .map_err(|error| RuntimeError::Readback(format!("{error:?}")))?;
    data.convert::<f32>()
        .try_into_vec::<f32>()
        .map_err(|error| RuntimeError::Readback(format!("{error:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_device_passes_its_self_check() {
        let device = ComputeDevice::cpu();
        assert_eq!(device.kind, DeviceKind::Cpu);
        pollster::block_on(device.self_check()).expect("CPU self-check");
    }
}
