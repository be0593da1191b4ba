//! `inspect` on the shipped model, on every device: the numbers the lessons draw are the model's
//! own (the embedding sum is the sum of its parts, attention rows are distributions, the last
//! hidden state is what an ordinary forward pass returns).

mod common;

use bertlab_model::inspect::{InspectError, inspect, summarize_head};
use bertlab_model::tokenizer::tokenizer_limits;
use bertlab_model::{BertInput, Checkpoint};
use common::{assert_close, devices, read};

fn shipped(device: &bertlab_model::ComputeDevice) -> Checkpoint {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../static/models/bertlab-tiny-toy-world");
    Checkpoint::from_dir(&dir, &device.device).expect("shipped model loads")
}

#[test]
fn an_inspection_is_consistent_with_the_forward_pass() {
    for device in devices() {
        let checkpoint = shipped(&device);
        let tokenizer = checkpoint.tokenizer(true).unwrap();
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
    let tokenizer = checkpoint.tokenizer(true).unwrap();
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
