//! `inspect` on the shipped model, on every device: the numbers the lessons draw are the model's
//! own (the embedding sum is the sum of its parts, attention rows are distributions, the last
//! hidden state is what an ordinary forward pass returns).

mod common;

use bertlab_model::inspect::{InspectError, attention_computation, inspect, summarize_head};
use bertlab_model::tokenizer::tokenizer_limits;
use bertlab_model::{BertInput, Checkpoint};
use common::{assert_close, devices, read};

fn shipped(device: &bertlab_model::ComputeDevice) -> Checkpoint {
    let dir = common::repo("static/models/bertlab-tiny-toy-world");
    Checkpoint::from_dir(&dir, &device.device).expect("shipped model loads")
}

#[test]
fn an_inspection_is_consistent_with_the_forward_pass() {
    for device in devices() {
        let checkpoint = shipped(&device);
        let tokenizer = checkpoint.tokenizer().unwrap();
        let encoding = tokenizer.encode_pair("The cow says moo.", "Anna is a baker.");
        let seen = pollster::block_on(inspect(&checkpoint.model, &encoding, 512, &device.device))
            .expect("inspects");
        let config = &checkpoint.config;
        assert_eq!(
            (seen.seq, seen.hidden, seen.layers, seen.heads),
            (
                encoding.len(),
                config.hidden_size,
                config.num_hidden_layers,
                config.num_attention_heads
            )
        );
        assert_eq!(seen.tokens.first().map(String::as_str), Some("[CLS]"));

        let parts = &seen.embeddings;
        let added: Vec<f32> = (0..parts.sum.len())
            .map(|i| parts.token[i] + parts.segment[i] + parts.position[i])
            .collect();
        let shape = vec![seen.seq * seen.hidden];
        assert_close(
            "sum of parts",
            (shape.clone(), added),
            (shape, parts.sum.clone()),
            1e-5,
        );

        for layer in 0..seen.layers {
            for head in 0..seen.heads {
                for row in seen.attention(layer, head).chunks(seen.seq) {
                    let total: f32 = row.iter().sum();
                    assert!((total - 1.0).abs() < 1e-4, "row sums to {total}");
                    assert!(row.iter().all(|&p| (0.0..=1.0).contains(&p)));
                }
                let summary = summarize_head(seen.attention(layer, head), &seen.tokens);
                let most = (seen.seq as f32).log2();
                assert!((0.0..=most + 1e-4).contains(&summary.entropy));
            }
        }

        let input = BertInput::from_rows(
            &[encoding.ids.clone()],
            Some(&[encoding.type_ids.clone()]),
            None,
            &device.device,
        )
        .unwrap();
        let last = read(checkpoint.model.forward(&input, false).last_hidden_state);
        assert_close(
            "last hidden state",
            (
                vec![1, seen.seq, seen.hidden],
                seen.hidden_state(seen.layers).to_vec(),
            ),
            last,
            1e-4,
        );
    }
}

#[test]
fn too_long_and_empty_inputs_are_refused_with_a_reason() {
    let device = bertlab_model::ComputeDevice::cpu();
    let checkpoint = shipped(&device);
    let tokenizer = checkpoint.tokenizer().unwrap();
    let long = tokenizer.encode_pair_with(&"moo ".repeat(40), None, tokenizer_limits(1000));
    let error = pollster::block_on(inspect(&checkpoint.model, &long, 16, &device.device));
    assert_eq!(
        error.unwrap_err(),
        InspectError::TooLong {
            tokens: long.len(),
            positions: 16
        }
    );
    let empty = pollster::block_on(inspect(
        &checkpoint.model,
        &Default::default(),
        16,
        &device.device,
    ));
    assert_eq!(empty.unwrap_err(), InspectError::Empty);
}

#[test]
fn the_attention_computation_shows_the_models_own_steps() {
    for device in devices() {
        let checkpoint = shipped(&device);
        let tokenizer = checkpoint.tokenizer().unwrap();
        let encoding = tokenizer.encode_pair("The cow says moo.", "It eats grass.");
        let seen =
            pollster::block_on(inspect(&checkpoint.model, &encoding, 512, &device.device)).unwrap();
        let (layer, head, query) = (seen.layers - 1, seen.heads - 1, 3);
        let steps = pollster::block_on(attention_computation(
            &checkpoint.model,
            &encoding,
            layer,
            head,
            query,
            &device.device,
        ))
        .unwrap();
        let (seq, d) = (encoding.len(), steps.head_size);
        assert_eq!(d * steps.heads, seen.hidden);
        // The weights are the attention map's row, and the softmax of the scores, which are q·k/√d.
        let row = &seen.attention(layer, head)[query * seq..(query + 1) * seq];
        let near = |what: &str, a: &[f32], b: &[f32], tolerance: f32| {
            assert_close(
                what,
                (vec![a.len()], a.to_vec()),
                (vec![b.len()], b.to_vec()),
                tolerance,
            );
        };
        near("weights = attention row", &steps.weights, row, 1e-5);
        let dot: Vec<f32> = (0..seq)
            .map(|k| {
                let key = &steps.keys[k * d..(k + 1) * d];
                steps.query.iter().zip(key).map(|(q, k)| q * k).sum::<f32>() / (d as f32).sqrt()
            })
            .collect();
        near("scores = q·k/√d", &steps.scores, &dot, 1e-4);
        let top = steps.scores.iter().cloned().fold(f32::MIN, f32::max);
        let exp: Vec<f32> = steps.scores.iter().map(|s| (s - top).exp()).collect();
        let total: f32 = exp.iter().sum();
        let softmax: Vec<f32> = exp.iter().map(|e| e / total).collect();
        near("weights = softmax(scores)", &steps.weights, &softmax, 1e-5);
        let weighted: Vec<f32> = (0..d)
            .map(|j| {
                (0..seq)
                    .map(|k| steps.weights[k] * steps.values[k * d + j])
                    .sum()
            })
            .collect();
        near(
            "context = Σ weight · value",
            &steps.context,
            &weighted,
            1e-4,
        );
        near(
            "this head's part of the concatenation",
            &steps.concatenated[head * d..(head + 1) * d],
            &steps.context,
            1e-6,
        );
        // And the sub-layer's output feeds the rest of the layer: it is not the layer's output,
        // but normalised (mean 0 before the learned scale and shift).
        assert_eq!(steps.output.len(), seen.hidden);
        let hidden = seen.hidden;
        near(
            "input = the layer's input",
            &steps.input,
            &seen.hidden_state(layer)[query * hidden..(query + 1) * hidden],
            1e-5,
        );
        assert!(matches!(
            pollster::block_on(attention_computation(
                &checkpoint.model,
                &encoding,
                9,
                0,
                0,
                &device.device
            )),
            Err(InspectError::OutOfRange { .. })
        ));
    }
}
