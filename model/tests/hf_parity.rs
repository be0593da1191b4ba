//! Parity with Hugging Face `transformers`: the fixtures' seeded random BertForPreTraining
//! (erf GELU) and BertForMaskedLM (gelu_new) give the same hidden states, attentions, pooler
//! output and logits here, on the CPU and on wgpu, to 1e-4 — and so does the CPU's inference
//! form (dense weights packed, the vocabulary scored a row at a time for one or two masks).

mod common;

use bertlab_model::Checkpoint;
use bertlab_model::runtime::DeviceKind;
use burn::tensor::{Int, Tensor, TensorData};
use common::{Expected, assert_close, devices, fixture_dir, read};

const TOLERANCE: f32 = 1e-4;

fn check_fixture(name: &str) {
    let expected = Expected::load(name);
    let inference_forms = devices()
        .into_iter()
        .flat_map(|device| {
            let packs = device.kind == DeviceKind::Cpu;
            [(device.clone(), false)]
                .into_iter()
                .chain(packs.then_some((device, true)))
        })
        .collect::<Vec<_>>();
    for (device, prepared) in inference_forms {
        let form = if prepared { ", packed" } else { "" };
        let what = |output: &str| format!("{name} on {}{form}: {output}", device.description);
        let mut checkpoint =
            Checkpoint::from_dir(&fixture_dir(name), &device.device).expect("fixture loads");
        if prepared {
            checkpoint.model.prepare_for_inference(&device.device);
        }
        let (_, logits) = expected.output("prediction_logits", None);
        let vocab = checkpoint.config.vocab_size;
        let rows = logits.len() / vocab;
        for positions in [vec![1], vec![1, rows - 1], vec![0, 2, rows - 1]] {
            let at = Tensor::<1, Int>::from_data(
                TensorData::new(
                    positions.iter().map(|&p| p as i64).collect(),
                    [positions.len()],
                ),
                &device.device,
            );
            let scores = checkpoint
                .model
                .mlm_logits_at(&expected.input(&device), at)
                .expect("MLM head");
            let wanted = positions
                .iter()
                .flat_map(|&p| logits[p * vocab..(p + 1) * vocab].to_vec())
                .collect();
            assert_close(
                &what(&format!("prediction_logits at {positions:?}")),
                read(scores),
                (vec![positions.len(), vocab], wanted),
                TOLERANCE,
            );
        }
        let output = checkpoint.model.forward(&expected.input(&device), true);
        let trace = output.trace.expect("trace was requested");

        assert_close(
            &what("last_hidden_state"),
            read(output.last_hidden_state),
            expected.output("last_hidden_state", None),
            TOLERANCE,
        );
        let hidden_states = trace.hidden_states();
        assert_eq!(hidden_states.len(), checkpoint.config.num_hidden_layers + 1);
        for (index, hidden) in hidden_states.into_iter().enumerate() {
            assert_close(
                &what(&format!("hidden_states[{index}]")),
                read(hidden),
                expected.output("hidden_states", Some(index)),
                TOLERANCE,
            );
        }
        for (index, attention) in trace.attentions.into_iter().enumerate() {
            assert_close(
                &what(&format!("attentions[{index}]")),
                read(attention),
                expected.output("attentions", Some(index)),
                TOLERANCE,
            );
        }
        assert_close(
            &what("prediction_logits"),
            read(output.prediction_logits.expect("MLM head")),
            expected.output("prediction_logits", None),
            TOLERANCE,
        );
        match (output.pooler_output, expected.has_output("pooler_output")) {
            (Some(pooled), true) => {
                assert_close(
                    &what("pooler_output"),
                    read(pooled),
                    expected.output("pooler_output", None),
                    TOLERANCE,
                );
            }
            (None, false) => {}
            (ours, _) => panic!(
                "{}: pooler present here: {}",
                what("pooler"),
                ours.is_some()
            ),
        }
        match (
            output.seq_relationship_logits,
            expected.has_output("seq_relationship_logits"),
        ) {
            (Some(nsp), true) => {
                assert_close(
                    &what("seq_relationship_logits"),
                    read(nsp),
                    expected.output("seq_relationship_logits", None),
                    TOLERANCE,
                );
            }
            (None, false) => {}
            (ours, _) => panic!("{}: NSP present here: {}", what("nsp"), ours.is_some()),
        }
    }
}

#[test]
fn bert_for_pretraining_matches_transformers() {
    check_fixture("pretraining");
}

#[test]
fn bert_for_masked_lm_with_gelu_new_matches_transformers() {
    check_fixture("masked_lm");
}

#[test]
fn trace_is_off_by_default_and_attention_rows_sum_to_one() {
    let expected = Expected::load("pretraining");
    let device = bertlab_model::ComputeDevice::cpu();
    let checkpoint = Checkpoint::from_dir(&fixture_dir("pretraining"), &device.device).unwrap();
    let input = expected.input(&device);
    assert!(checkpoint.model.forward(&input, false).trace.is_none());
    let trace = checkpoint.model.forward(&input, true).trace.unwrap();
    let (shape, values) = read(trace.attentions[0].clone());
    assert_eq!(shape, vec![2, 4, 9, 9]);
    for row in values.chunks(9) {
        assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }
    // Padded keys (row 2, positions 7 and 8) get exactly no attention.
    let second = &values[4 * 81..];
    for row in second.chunks(9) {
        assert_eq!((row[7], row[8]), (0.0, 0.0));
    }
    // The three embedding parts add up to the recorded sum.
    let sum = trace.token_embeddings + trace.segment_embeddings + trace.position_embeddings;
    assert_close(
        "embedding parts",
        read(sum),
        read(trace.embedding_sum),
        1e-6,
    );
}
