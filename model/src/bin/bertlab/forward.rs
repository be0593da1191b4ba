//! `bertlab forward --model DIR --input IN.json`: every output of one forward pass, as JSON
//! shaped like transformers' (`hidden_states` starts with the embedding output).

use std::path::PathBuf;

use bertlab_model::runtime::read_floats;
use bertlab_model::{BertInput, Checkpoint};
use burn::tensor::Tensor;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::backend::Backend;

#[derive(clap::Args)]
pub struct Args {
    /// Folder with config.json and model.safetensors (vocab.txt optional).
    #[arg(long)]
    model: PathBuf,
    /// JSON with `input_ids` (equal-length lists), optional `token_type_ids` and `attention_mask`.
    #[arg(long)]
    input: PathBuf,
    #[arg(long, value_enum, default_value = "cpu")]
    backend: Backend,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    input_ids: Vec<Vec<u32>>,
    token_type_ids: Option<Vec<Vec<u32>>>,
    attention_mask: Option<Vec<Vec<u32>>>,
}

pub fn run(args: Args) -> Result<(), String> {
    let text = std::fs::read_to_string(&args.input)
        .map_err(|error| format!("cannot read {}: {error}", args.input.display()))?;
    let input: Input = serde_json::from_str(&text)
        .map_err(|error| format!("{} is not valid input: {error}", args.input.display()))?;
    let device = args.backend.device()?;
    let checkpoint =
        Checkpoint::from_dir(&args.model, &device.device).map_err(|error| error.to_string())?;
    let config = &checkpoint.config;
    if let Some(id) = input
        .input_ids
        .iter()
        .flatten()
        .find(|&&id| id as usize >= config.vocab_size)
    {
        return Err(format!(
            "input id {id} is outside the vocabulary (vocab_size {})",
            config.vocab_size
        ));
    }
    if let Some(segment) = input
        .token_type_ids
        .iter()
        .flatten()
        .flatten()
        .find(|&&t| t as usize >= config.type_vocab_size)
    {
        return Err(format!(
            "token type {segment} is outside type_vocab_size {}",
            config.type_vocab_size
        ));
    }
    let seq = input.input_ids.first().map_or(0, Vec::len);
    if seq > config.max_position_embeddings {
        return Err(format!(
            "sequences of {seq} tokens are longer than the model's {} positions",
            config.max_position_embeddings
        ));
    }
    let batch = BertInput::from_rows(
        &input.input_ids,
        input.token_type_ids.as_deref(),
        input.attention_mask.as_deref(),
        &device.device,
    )?;
    let output = checkpoint.model.forward(&batch, true);
    let trace = output.trace.expect("trace requested");

    let mut json = Map::new();
    json.insert(
        "last_hidden_state".into(),
        nested(output.last_hidden_state)?,
    );
    let hidden_states = trace
        .hidden_states()
        .into_iter()
        .map(nested)
        .collect::<Result<_, _>>()?;
    json.insert("hidden_states".into(), Value::Array(hidden_states));
    let attentions = trace
        .attentions
        .into_iter()
        .map(nested)
        .collect::<Result<_, _>>()?;
    json.insert("attentions".into(), Value::Array(attentions));
    if let Some(pooled) = output.pooler_output {
        json.insert("pooler_output".into(), nested(pooled)?);
    }
    if let Some(logits) = output.prediction_logits {
        json.insert("prediction_logits".into(), nested(logits)?);
    }
    if let Some(logits) = output.seq_relationship_logits {
        json.insert("seq_relationship_logits".into(), nested(logits)?);
    }
    println!("{}", Value::Object(json));
    Ok(())
}

/// A tensor as nested JSON arrays of its shape.
fn nested<const D: usize>(tensor: Tensor<D>) -> Result<Value, String> {
    let shape = tensor.dims();
    let values = pollster::block_on(read_floats(tensor)).map_err(|error| error.to_string())?;
    fn build(values: &[f32], shape: &[usize]) -> Value {
        match shape {
            [] | [_] => Value::Array(values.iter().map(|&v| Value::from(v)).collect()),
            [_, rest @ ..] => {
                let stride: usize = rest.iter().product();
                Value::Array(
                    values
                        .chunks(stride.max(1))
                        .map(|chunk| build(chunk, rest))
                        .collect(),
                )
            }
        }
    }
    Ok(build(&values, &shape))
}
