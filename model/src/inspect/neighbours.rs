//! A word's nearest neighbours in the model's input embedding table: what pre-training alone put
//! close to it, with one static vector per token (as Word2Vec or GloVe would have it). Whole
//! words only — continuation pieces (`##…`), punctuation and BERT's special tokens are skipped.

use burn::tensor::{Int, Tensor, TensorData};

use crate::nn::Bert;
use crate::runtime::read_floats;
use crate::tokenizer::Tokenizer;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Neighbours {
    pub word: String,
    /// The word as the tokenizer cut it (its vector is the mean of these pieces' rows).
    pub pieces: Vec<String>,
    /// (token, cosine similarity), most similar first.
    pub nearest: Vec<(String, f32)>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum NeighbourError {
    #[error("type a word to look up")]
    NoWord,
    #[error("reading the embedding table from the device failed: {0}")]
    Readback(String),
}

/// The `count` whole-word tokens whose embedding rows are closest in cosine to `word`'s.
pub async fn nearest_tokens(
    model: &Bert,
    tokenizer: &Tokenizer,
    word: &str,
    count: usize,
) -> Result<Neighbours, NeighbourError> {
    let word = word.trim();
    let pieces = tokenizer.tokenize(word);
    if word.is_empty() || pieces.is_empty() {
        return Err(NeighbourError::NoWord);
    }
    let ids: Vec<i64> = pieces
        .iter()
        .map(|piece| tokenizer.vocab.id(piece).unwrap_or(tokenizer.vocab.unk) as i64)
        .collect();
    let table = model.embeddings.word_embeddings.weight.val();
    let [vocab, _] = table.dims();
    let device = table.device();
    let index = Tensor::<1, Int>::from_data(TensorData::new(ids.clone(), [ids.len()]), &device);
    let target = table.clone().select(0, index).mean_dim(0); // [1, H]
    let dots = table
        .clone()
        .matmul(target.clone().transpose())
        .reshape([vocab]);
    let norms = table.powi_scalar(2).sum_dim(1).sqrt().reshape([vocab]);
    let target_norm = target.powi_scalar(2).sum().sqrt();
    let cosines = dots / (norms * target_norm).add_scalar(1e-12);
    let values = read_floats(cosines)
        .await
        .map_err(|error| NeighbourError::Readback(error.to_string()))?;
    let mut ranked: Vec<(usize, f32)> = values.into_iter().enumerate().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let nearest = ranked
        .into_iter()
        .filter(|(id, _)| !ids.contains(&(*id as i64)) && !tokenizer.vocab.is_special(*id as u32))
        .filter_map(|(id, cosine)| {
            let token = tokenizer.vocab.token(id as u32)?;
            (!token.starts_with("##") && token.chars().any(char::is_alphanumeric))
                .then(|| (token.to_string(), cosine))
        })
        .take(count)
        .collect();
    Ok(Neighbours {
        word: word.to_string(),
        pieces,
        nearest,
    })
}
