//! A fully connected layer (`nn.Linear` in `transformers`), with a second, packed form of its
//! weight for inference on the CPU.
//!
//! Why the packed form: a sentence is a few rows (a 12-token sentence is 12), so each product is a
//! skinny matrix times a large weight, and its time is spent fetching the weight. In burn's
//! `[in, out]` layout, gemm walks the weight one row of `in` at a time, touching a new page at
//! every step, and the CPU's prefetcher cannot follow. Packed in panels of [`PANEL`] output
//! columns, `[out / PANEL][in][PANEL]`, each panel's weights lie one after another and are read
//! in order, as onnxruntime's MLAS packs its weights once at load. Measured in
//! `model/benches/gemm-wasm` (BENCHMARKS.md).

use burn::module::{Module, Param};
use burn::nn::LinearConfig;
use burn::tensor::module::linear;
use burn::tensor::{Device, Tensor};

/// Output columns per packed panel: gemm's widest register tile on AVX2 (16 floats), and the
/// fastest width measured in wasm (8, 16 and 32 tried).
pub const PANEL: usize = 16;

/// Above this many rows a product is large enough for gemm's own packing to pay off, so a packed
/// weight is unpacked for it (a copy, small next to the product).
const MAX_PANEL_ROWS: usize = 128;

/// `y = x W + b`, with `W` in burn's `[in, out]` layout, or packed (see the module's notes).
#[derive(Module, Debug)]
pub struct Dense {
    /// `[in, out]`; packed: `[out / PANEL × in, PANEL]`.
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
            panels => (rows / panels, panels * PANEL),
        }
    }

    pub fn forward<const D: usize>(&self, input: Tensor<D>) -> Tensor<D> {
        let bias = self.bias.as_ref().map(|bias| bias.val());
        if self.panels == 0 {
            return linear(input, self.weight.val(), bias);
        }
        let dims = input.dims();
        let (width_in, width_out) = self.shape();
        let rows = dims[..D - 1].iter().product::<usize>();
        let flat = input.reshape([rows, width_in]);
        let product = if rows <= MAX_PANEL_ROWS {
            // One product per panel, the rows broadcast over the panels: [panels, rows, PANEL].
            flat.unsqueeze::<3>()
                .matmul(self.weight.val().reshape([self.panels, width_in, PANEL]))
                .swap_dims(0, 1)
                .reshape([rows, width_out])
        } else {
            flat.matmul(unpack(self.weight.val(), width_in, width_out))
        };
        let output = match bias {
            Some(bias) => product + bias.unsqueeze(),
            None => product,
        };
        let mut out_dims = dims;
        out_dims[D - 1] = width_out;
        output.reshape(out_dims)
    }

    /// Packs the weight for inference on the CPU; a layer whose width is not a whole number of
    /// panels (a classifier's two labels) stays as it is.
    pub fn pack(&mut self) {
        let (width_in, width_out) = self.shape();
        if self.panels > 0 || width_out % PANEL != 0 || width_out == PANEL {
            return;
        }
        let packed = self
            .weight
            .val()
            .reshape([width_in, width_out / PANEL, PANEL])
            .swap_dims(0, 1)
            .reshape([width_out / PANEL * width_in, PANEL]);
        self.weight = Param::from_tensor(packed);
        self.panels = width_out / PANEL;
    }

    /// Back to burn's `[in, out]` layout (what checkpoints, training and inspection read).
    pub fn unpack(&mut self) {
        if self.panels == 0 {
            return;
        }
        let (width_in, width_out) = self.shape();
        self.weight = Param::from_tensor(unpack(self.weight.val(), width_in, width_out));
        self.panels = 0;
    }
}

fn unpack(packed: Tensor<2>, width_in: usize, width_out: usize) -> Tensor<2> {
    packed
        .reshape([width_out / PANEL, width_in, PANEL])
        .swap_dims(0, 1)
        .reshape([width_in, width_out])
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
        let mut packed = plain.clone();
        packed.pack();
        assert_eq!(packed.panels, 3);
        assert_eq!(packed.shape(), (40, 48));
        // A sentence, one row, and more rows than the panel path takes (the unpacked path).
        for rows in [12, 1, MAX_PANEL_ROWS + 5] {
            let input = Tensor::<3>::random([1, rows, 40], Distribution::Default, &device);
            plain
                .forward(input.clone())
                .into_data()
                .assert_approx_eq::<f32>(&packed.forward(input).into_data(), Tolerance::default());
        }
        let flat = Tensor::<2>::random([5, 40], Distribution::Default, &device);
        plain
            .forward(flat.clone())
            .into_data()
            .assert_approx_eq::<f32>(&packed.forward(flat).into_data(), Tolerance::default());
    }

    #[test]
    fn unpacking_restores_every_weight_exactly() {
        let device = Device::flex();
        let plain = layer(24, 64, &device);
        let mut round_trip = plain.clone();
        round_trip.pack();
        assert_ne!(
            round_trip.weight.val().into_data(),
            plain.weight.val().into_data(),
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
        for width_out in [2, PANEL, 37] {
            let mut layer = layer(8, width_out, &device);
            let before: TensorData = layer.weight.val().into_data();
            layer.pack();
            assert_eq!(layer.panels, 0, "{width_out} outputs");
            assert_eq!(layer.weight.val().into_data(), before);
        }
    }
}
