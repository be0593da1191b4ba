//! Where the CPU backend keeps a tensor's values, for bertlab's own kernels to read in place.

use burn::backend::Flex;
use burn::backend::flex::FlexTensor;
use burn::tensor::Tensor;

/// The CPU backend's storage of `tensor`, in row-major order (copied only when it is a view);
/// `None` on another backend or when gradients are tracked (the kernels would bypass them).
pub fn contiguous_cpu_values<const D: usize>(tensor: Tensor<D>) -> Option<FlexTensor> {
    let values = tensor.try_into_primitive::<Flex>().ok()?;
    Some(if values.is_contiguous() {
        values
    } else {
        values.to_contiguous()
    })
}
