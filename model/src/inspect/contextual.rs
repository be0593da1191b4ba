//! Contextual vs static vectors: the same word in different sentences gets one input
//! (word-embedding) vector but a different vector at every layer, shaped by its context. Here:
//! a word's vector in each sentence at each layer, its static vector, a 2-D PCA of them, and
//! cosine similarities.

use burn::tensor::{Device, Tensor};

use crate::nn::{Bert, BertInput};
use crate::runtime::read_floats;
use crate::tokenizer::particles::is_word_with_particle;
use crate::tokenizer::{Tokenizer, tokenizer_limits};

#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum ContextualError {
    #[error("type a word to follow")]
    NoWord,
    #[error("none of the sentences contains the word “{0}”")]
    NotFound(String),
    #[error("reading the vectors from the device failed: {0}")]
    Readback(String),
}

/// One sentence in which the word was found.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Occurrence {
    pub sentence: String,
    /// The caller's group (e.g. the document, which in the polysemy corpus is the sense).
    pub group: usize,
    /// The word's vector at each hidden state: 0 = embedding output, l = layer l (mean over
    /// the word's WordPiece pieces).
    pub vectors: Vec<Vec<f32>>,
}

/// The word's vectors in every sentence, and its one static vector.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ContextualVectors {
    pub word: String,
    /// The word's pieces as the tokenizer cut it.
    pub pieces: Vec<String>,
    pub occurrences: Vec<Occurrence>,
    /// Mean of the pieces' rows of the word-embedding matrix: the same in every sentence.
    pub static_vector: Vec<f32>,
    /// Hidden states per occurrence (layers + 1).
    pub states: usize,
}

/// Finds `word` (whole word, any case) in each `(sentence, group)` and records its vectors.
pub async fn contextual_vectors(
    model: &Bert,
    tokenizer: &Tokenizer,
    word: &str,
    sentences: &[(String, usize)],
    max_positions: usize,
    device: &Device,
) -> Result<ContextualVectors, ContextualError> {
    let word = word.trim();
    if word.is_empty() {
        return Err(ContextualError::NoWord);
    }
    let target = tokenizer.normalize(word);
    let pieces = tokenizer.tokenize(word);
    let mut found = Vec::new();
    for (sentence, group) in sentences {
        let encoding = tokenizer.encode_pair_with(sentence, None, tokenizer_limits(max_positions));
        // The first word of the sentence whose normalised text is the target, or the target
        // and a Korean particle (배를: the pieces of 배, without ##를).
        let chars: Vec<char> = sentence.chars().collect();
        let word_of = |i: usize| encoding.word_ids[i];
        let text_of = |positions: &[usize]| -> Option<String> {
            let (start, end) = (
                encoding.offsets[*positions.first()?].0,
                encoding.offsets[*positions.last()?].1,
            );
            Some(tokenizer.normalize(&chars.get(start..end)?.iter().collect::<String>()))
        };
        let hit = (0..encoding.len()).find_map(|i| {
            let id = word_of(i)?;
            let positions: Vec<usize> = (0..encoding.len())
                .filter(|&j| word_of(j) == Some(id))
                .collect();
            if !is_word_with_particle(&text_of(&positions)?, &target) {
                return None;
            }
            let stem = (1..=positions.len())
                .find(|&k| text_of(&positions[..k]).as_deref() == Some(target.as_str()));
            Some(positions[..stem.unwrap_or(positions.len())].to_vec())
        });
        if let Some(positions) = hit {
            found.push((sentence.clone(), *group, encoding, positions));
        }
    }
    if found.is_empty() {
        return Err(ContextualError::NotFound(word.to_string()));
    }
    let mut requests: Vec<Tensor<1>> = Vec::new();
    for (_, _, encoding, positions) in &found {
        let input = BertInput::from_rows(std::slice::from_ref(&encoding.ids), None, None, device)
            .map_err(ContextualError::Readback)?;
        let trace = model.forward(&input, true).trace.expect("recorded");
        let index = Tensor::<1, burn::tensor::Int>::from_data(
            burn::tensor::TensorData::new(
                positions.iter().map(|&p| p as i64).collect::<Vec<_>>(),
                [positions.len()],
            ),
            device,
        );
        for state in trace.hidden_states() {
            let [_, seq, hidden] = state.dims();
            let rows = state.reshape([seq, hidden]).select(0, index.clone());
            requests.push(rows.mean_dim(0).reshape([hidden]));
        }
    }
    let ids: Vec<i64> = found[0]
        .3
        .iter()
        .map(|&p| found[0].2.ids[p] as i64)
        .collect();
    let index = Tensor::<1, burn::tensor::Int>::from_data(
        burn::tensor::TensorData::new(ids.clone(), [ids.len()]),
        device,
    );
    let table = model.embeddings.word_embeddings.weight.val();
    let hidden = table.dims()[1];
    requests.push(table.select(0, index).mean_dim(0).reshape([hidden]));
    let values = read_floats(Tensor::cat(requests, 0))
        .await
        .map_err(|error| ContextualError::Readback(error.to_string()))?;
    let states = model.encoder.layers.len() + 1;
    let mut chunks = values.chunks(hidden).map(<[f32]>::to_vec);
    let occurrences = found
        .into_iter()
        .map(|(sentence, group, _, _)| Occurrence {
            sentence,
            group,
            vectors: (0..states).filter_map(|_| chunks.next()).collect(),
        })
        .collect();
    Ok(ContextualVectors {
        word: word.to_string(),
        pieces,
        occurrences,
        static_vector: chunks.next().unwrap_or_default(),
        states,
    })
}

impl ContextualVectors {
    /// At hidden state `state` (0 = embeddings, l = layer l): the mean cosine between occurrences
    /// of the same group (sense) and between occurrences of different groups.
    pub fn separation(&self, state: usize) -> (f32, f32) {
        let (mut same, mut same_count, mut other, mut other_count) = (0.0, 0, 0.0, 0);
        for (i, a) in self.occurrences.iter().enumerate() {
            for b in &self.occurrences[i + 1..] {
                let c = cosine(&a.vectors[state], &b.vectors[state]);
                if a.group == b.group {
                    same += c;
                    same_count += 1;
                } else {
                    other += c;
                    other_count += 1;
                }
            }
        }
        (
            same / same_count.max(1) as f32,
            other / other_count.max(1) as f32,
        )
    }
}

/// cos(a, b); 0 when either is all zeros.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    let denominator = norm(a) * norm(b);
    if denominator == 0.0 {
        0.0
    } else {
        dot / denominator
    }
}

/// Projects `points` onto their first two principal components (centred; power iteration on
/// the covariance, deflated for the second). Also returns the projection of each of `extra`
/// in the same coordinates (e.g. the static vector).
pub fn pca_2d(points: &[Vec<f32>], extra: &[Vec<f32>]) -> (Vec<[f32; 2]>, Vec<[f32; 2]>) {
    let n = points.len();
    let dims = points.first().map_or(0, Vec::len);
    if n == 0 || dims == 0 {
        return (vec![[0.0; 2]; n], vec![[0.0; 2]; extra.len()]);
    }
    let mean: Vec<f32> = (0..dims)
        .map(|d| points.iter().map(|p| p[d]).sum::<f32>() / n as f32)
        .collect();
    let centred: Vec<Vec<f32>> = points
        .iter()
        .map(|p| p.iter().zip(&mean).map(|(x, m)| x - m).collect())
        .collect();
    // Covariance times v without forming the matrix: Xᵀ(Xv).
    let apply = |v: &[f32]| -> Vec<f32> {
        let projected: Vec<f32> = centred
            .iter()
            .map(|row| row.iter().zip(v).map(|(a, b)| a * b).sum())
            .collect();
        (0..dims)
            .map(|d| {
                centred
                    .iter()
                    .zip(&projected)
                    .map(|(row, p)| row[d] * p)
                    .sum()
            })
            .collect()
    };
    let normalise = |v: &mut Vec<f32>| {
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
        }
    };
    let mut components: Vec<Vec<f32>> = Vec::new();
    for k in 0..2 {
        // A fixed, non-degenerate start keeps the result deterministic.
        let mut v: Vec<f32> = (0..dims)
            .map(|d| 1.0 + ((d * 7 + k * 13) % 11) as f32 / 11.0)
            .collect();
        normalise(&mut v);
        for _ in 0..100 {
            let mut next = apply(&v);
            for c in &components {
                let along: f32 = next.iter().zip(c).map(|(a, b)| a * b).sum();
                next.iter_mut().zip(c).for_each(|(x, c)| *x -= along * c);
            }
            normalise(&mut next);
            v = next;
        }
        components.push(v);
    }
    let project = |p: &[f32]| -> [f32; 2] {
        let centred: Vec<f32> = p.iter().zip(&mean).map(|(x, m)| x - m).collect();
        let along = |c: &Vec<f32>| centred.iter().zip(c).map(|(a, b)| a * b).sum::<f32>();
        [along(&components[0]), along(&components[1])]
    };
    (
        points.iter().map(|p| project(p)).collect(),
        extra.iter().map(|p| project(p)).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pca_finds_the_direction_the_points_spread_along() {
        // Two clusters apart along dimension 2, small noise elsewhere.
        let points: Vec<Vec<f32>> = (0..10)
            .map(|i| {
                let side = if i < 5 { -3.0 } else { 3.0 };
                vec![
                    0.1 * (i % 3) as f32,
                    -0.05 * (i % 2) as f32,
                    side,
                    0.02 * i as f32,
                ]
            })
            .collect();
        let (projected, _) = pca_2d(&points, &[]);
        let first: Vec<f32> = projected.iter().map(|p| p[0]).collect();
        assert!(first[..5].iter().all(|x| x.signum() == first[0].signum()));
        assert!(first[5..].iter().all(|x| x.signum() == -first[0].signum()));
        assert!((first[0].abs() - 3.0).abs() < 0.2, "{first:?}");
    }

    #[test]
    fn cosine_of_parallel_and_orthogonal_vectors() {
        assert!((cosine(&[1.0, 2.0], &[2.0, 4.0]) - 1.0).abs() < 1e-6);
        assert_eq!(cosine(&[1.0, 0.0], &[0.0, 3.0]), 0.0);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 1.0]), 0.0);
    }
}
