//! The wgpu device natively (lavapipe on a machine without a GPU): it must come up and pass the
//! same self-check as the CPU. Skipped, with a message, where no Vulkan/Metal adapter exists.

use bertlab_model::{ComputeDevice, DeviceKind};

#[test]
fn wgpu_device_passes_its_self_check_when_an_adapter_exists() {
    let device = match pollster::block_on(ComputeDevice::gpu()) {
        Ok(device) => device,
        Err(error) => {
            eprintln!("skipped: no wgpu adapter on this machine ({error})");
            return;
        }
    };
    assert_eq!(device.kind, DeviceKind::Gpu);
    eprintln!("wgpu adapter: {}", device.description);
    pollster::block_on(device.self_check()).expect("wgpu self-check");
}
