//! A fully connected layer (`nn.Linear` in `transformers`), with a second, packed form of its
//! weight for inference on the CPU.
//!
//! Why the packed form: a sentence is a few rows (a 12-token sentence is 12), so each product is a
//! skinny matrix times a large weight, and its time is spent fetching the weight. In burn's
//! `[in, out]` layout, gemm walks the weight one row of `in` at a time, touching a new page at
//! every step, and the CPU's prefetcher cannot follow. Packed in panels of `w` output columns,
//! `[out / w][in][w]`, each panel's weights lie one after another and are read in order, as
//! onnxruntime's MLAS packs its weights once at load. Measured in `model/benches/gemm-wasm`
//! (BENCHMARKS.md).
//!
//! Natively gemm multiplies the panels (its AVX2 kernel fuses multiply and add); in the page
//! bertlab's own kernel does (`panel_kernel.rs`), faster there than gemm's simd128 one.

use burn::module::{Module, Param};
use burn::nn::LinearConfig;
use burn::tensor::module::linear;
use burn::tensor::{Device, Tensor, TensorData};

use super::cpu_storage::contiguous_cpu_values;
use super::{lanes, panel_kernel};

/// Output columns per packed panel, best first: the first that divides a layer's width is used.
/// Natively a panel is one column of gemm's register tiles, 16 floats with AVX2 (two 8-lane
/// vectors). In wasm it is the width of bertlab's kernel's tiles: 8 floats (two 4-lane vectors,
/// four rows at a time; faster than 12 or 16 in `model/benches/gemm-wasm`).
#[cfg(target_arch = "wasm32")]
const PANEL_WIDTHS: [usize; 1] = [8];
#[cfg(not(target_arch = "wasm32"))]
const PANEL_WIDTHS: [usize; 3] = [16, 12, 8];

/// Above this many rows a product is large enough for gemm's own packing to pay off, so a packed
/// weight is unpacked for it (a copy, small next to the product).
const MAX_PANEL_ROWS: usize = 128;

/// `y = x W + b`, with `W` in burn's `[in, out]` layout, or packed (see the module's notes).
#[derive(Module, Debug)]
pub struct Dense {
    /// `[in, out]`; packed in panels `w` wide: `[out / w × in, w]`.
    pub weight: Param<Tensor<2>>,
    pub bias: Option<Param<Tensor<1>>>,
    /// How many panels `weight` is packed in; 0 when it is not packed.
    pub panels: usize,
}

impl Dense {
    /// Initialised exactly as burn's `Linear` (same initializer, same random draws).
    pub fn new(d_input: usize, d_output: usize, device: &Device) -> Self {
        let linear = LinearConfig::new(d_input, d_output).init(device);
        Self {
            weight: linear.weight,
            bias: linear.bias,
            panels: 0,
        }
    }

    /// `(in, out)`.
    pub fn shape(&self) -> (usize, usize) {
        let [rows, columns] = self.weight.dims();
        match self.panels {
            0 => (rows, columns),
            panels => (rows / panels, panels * columns),
        }
    }

    pub fn forward<const D: usize>(&self, input: Tensor<D>) -> Tensor<D> {
        self.forward_with(input, lanes::SIMD128)
    }

    /// `forward`, with packed products through bertlab's kernel or through gemm (so that native
    /// tests check the kernel's path too).
    fn forward_with<const D: usize>(&self, input: Tensor<D>, by_kernel: bool) -> Tensor<D> {
        let bias = self.bias.as_ref().map(|bias| bias.val());
        if self.panels == 0 {
            return linear(input, self.weight.val(), bias);
        }
        let dims = input.dims();
        let (width_in, width_out) = self.shape();
        let rows = dims[..D - 1].iter().product::<usize>();
        let flat = input.reshape([rows, width_in]);
        let by_kernel = if by_kernel && rows <= MAX_PANEL_ROWS {
            self.kernel_product(flat.clone())
        } else {
            None
        };
        let product = if let Some(product) = by_kernel {
            product
        } else if rows <= MAX_PANEL_ROWS {
            // One product per panel, the rows broadcast over the panels: [panels, rows, width].
            let panel = width_out / self.panels;
            flat.unsqueeze::<3>()
                .matmul(self.weight.val().reshape([self.panels, width_in, panel]))
                .swap_dims(0, 1)
                .reshape([rows, width_out])
        } else {
            flat.matmul(unpack(self.weight.val(), self.panels, width_in))
        };
        let output = match bias {
            Some(bias) => product + bias.unsqueeze(),
            None => product,
        };
        let mut out_dims = dims;
        out_dims[D - 1] = width_out;
        output.reshape(out_dims)
    }

    /// The packed product through `panel_kernel`, reading both operands where burn keeps them;
    /// `None` when they are not on the CPU backend (or not f32), for gemm to do it.
    fn kernel_product(&self, flat: Tensor<2>) -> Option<Tensor<2>> {
        let device = flat.device();
        let (width_in, width_out) = self.shape();
        let lhs = contiguous_cpu_values(flat)?;
        let weight = contiguous_cpu_values(self.weight.val())?;
        let (lhs, weight) = (lhs.as_slice::<f32>()?, weight.as_slice::<f32>()?);
        let rows = lhs.len() / width_in;
        let mut out = vec![0.0; rows * width_out];
        panel_kernel::product(lhs, width_in, weight, width_out / self.panels, &mut out);
        Some(Tensor::from_data(
            TensorData::new(out, [rows, width_out]),
            &device,
        ))
    }

    /// Packs the weight for inference on the CPU; a layer narrower than two panels or not a
    /// whole number of them (a classifier's two labels) stays as it is.
    pub fn pack(&mut self) {
        let (_, width_out) = self.shape();
        if let Some(&panel) = PANEL_WIDTHS
            .iter()
            .find(|&&panel| width_out % panel == 0 && width_out > panel)
        {
            self.pack_in(panel);
        }
    }

    fn pack_in(&mut self, panel: usize) {
        if self.panels > 0 {
            return;
        }
        let (width_in, width_out) = self.shape();
        let packed = self
            .weight
            .val()
            .reshape([width_in, width_out / panel, panel])
            .swap_dims(0, 1)
            .reshape([width_out / panel * width_in, panel]);
        self.weight = Param::from_tensor(packed);
        self.panels = width_out / panel;
    }

    /// Back to burn's `[in, out]` layout (what checkpoints, training and inspection read).
    pub fn unpack(&mut self) {
        if self.panels == 0 {
            return;
        }
        let (width_in, _) = self.shape();
        self.weight = Param::from_tensor(unpack(self.weight.val(), self.panels, width_in));
        self.panels = 0;
    }
}

fn unpack(packed: Tensor<2>, panels: usize, width_in: usize) -> Tensor<2> {
    let [_, panel] = packed.dims();
    packed
        .reshape([panels, width_in, panel])
        .swap_dims(0, 1)
        .reshape([width_in, panels * panel])
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::{Distribution, TensorData, Tolerance};

    fn layer(width_in: usize, width_out: usize, device: &Device) -> Dense {
        let mut layer = Dense::new(width_in, width_out, device);
        // Burn's default bias is small; a visible one shows it is added once, in the right order.
        layer.bias = Some(Param::from_tensor(Tensor::random(
            [width_out],
            Distribution::Uniform(-1.0, 1.0),
            device,
        )));
        layer
    }

    #[test]
    fn packed_layer_computes_what_the_plain_one_does() {
        let device = Device::flex();
        let plain = layer(40, 48, &device);
        // Every width either target uses (48 is 4 × 12, 3 × 16, 6 × 8).
        for panel in PANEL_WIDTHS {
            let mut packed = plain.clone();
            packed.pack_in(panel);
            assert_eq!(packed.panels, 48 / panel);
            assert_eq!(packed.shape(), (40, 48));
            // Through gemm (native) and through bertlab's kernel (the page's path).
            for by_kernel in [false, true] {
                // A sentence, one row, and more rows than the panel path takes (unpacked).
                for rows in [12, 1, MAX_PANEL_ROWS + 5] {
                    let input = Tensor::<3>::random([1, rows, 40], Distribution::Default, &device);
                    assert_same_outputs(&plain, &packed, input, by_kernel);
                }
                let flat = Tensor::<2>::random([5, 40], Distribution::Default, &device);
                assert_same_outputs(&plain, &packed, flat, by_kernel);
                // A view (rows and columns swapped), as attention's merged heads arrive.
                let view = Tensor::<2>::random([40, 7], Distribution::Default, &device).transpose();
                assert_same_outputs(&plain, &packed, view, by_kernel);
            }
        }
    }

    fn assert_same_outputs<const D: usize>(
        plain: &Dense,
        packed: &Dense,
        input: Tensor<D>,
        by_kernel: bool,
    ) {
        plain
            .forward(input.clone())
            .into_data()
            .assert_approx_eq::<f32>(
                &packed.forward_with(input, by_kernel).into_data(),
                Tolerance::default(),
            );
    }

    #[test]
    fn the_kernel_takes_a_packed_product_on_the_cpu_backend() {
        let device = Device::flex();
        let mut packed = layer(40, 48, &device);
        packed.pack_in(8);
        let input = Tensor::<2>::random([3, 40], Distribution::Default, &device);
        assert!(packed.kernel_product(input).is_some());
    }

    #[test]
    fn unpacking_restores_every_weight_exactly() {
        let device = Device::flex();
        let plain = layer(24, 96, &device);
        let mut round_trip = plain.clone();
        round_trip.pack();
        assert!(round_trip.panels > 0);
        let values = |layer: &Dense| layer.weight.val().into_data().try_to_vec::<f32>().unwrap();
        assert_ne!(
            values(&round_trip),
            values(&plain),
            "packing reorders the weights"
        );
        round_trip.unpack();
        assert_eq!(round_trip.panels, 0);
        assert_eq!(
            round_trip.weight.val().into_data(),
            plain.weight.val().into_data()
        );
    }

    #[test]
    fn a_layer_narrower_than_two_panels_or_not_a_whole_number_of_them_stays_as_it_is() {
        let device = Device::flex();
        for width_out in [2, 8, 12, 37] {
            let mut layer = layer(8, width_out, &device);
            let before: TensorData = layer.weight.val().into_data();
            layer.pack();
            assert_eq!(layer.panels, 0, "{width_out} outputs");
            assert_eq!(layer.weight.val().into_data(), before);
        }
    }
}
