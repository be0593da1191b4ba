//! `BertConfig`: the hyper-parameters of a BERT, read from and written to Hugging Face's
//! `config.json`, plus the named presets (tiny … large) and exact parameter counts.
//! Counts are derived from the config alone, so the Architecture lesson never types a number in.

use serde::{Deserialize, Serialize};

/// Hyper-parameters of a BERT model, field for field as in Hugging Face's `BertConfig`.
///
/// Unknown keys in a `config.json` are ignored; missing keys take the Hugging Face defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BertConfig {
    /// Size of the WordPiece vocabulary, *V*.
    pub vocab_size: usize,
    /// Width of every hidden state, *H*.
    pub hidden_size: usize,
    /// Number of encoder layers, *L*.
    pub num_hidden_layers: usize,
    /// Number of self-attention heads per layer, *A*. Must divide `hidden_size`.
    pub num_attention_heads: usize,
    /// Width of the feed-forward layer inside each encoder layer (4·H in the paper).
    pub intermediate_size: usize,
    /// Activation of the feed-forward layer and MLM transform: `gelu`, `gelu_new` or `relu`.
    pub hidden_act: String,
    /// Dropout on embeddings and sub-layer outputs during training.
    pub hidden_dropout_prob: f64,
    /// Dropout on attention probabilities during training.
    pub attention_probs_dropout_prob: f64,
    /// Longest sequence the learned position embeddings cover.
    pub max_position_embeddings: usize,
    /// Number of segment (token type) ids: 2 for sentence A / sentence B.
    pub type_vocab_size: usize,
    /// Standard deviation of the normal initialisation of weights.
    pub initializer_range: f64,
    /// Epsilon of every LayerNorm.
    pub layer_norm_eps: f64,
    /// Id of the [PAD] token (`null` in a config.json reads as 0).
    #[serde(deserialize_with = "null_as_zero")]
    pub pad_token_id: usize,
    /// Always `"bert"`; Hugging Face uses it to pick the model class.
    pub model_type: String,
    /// Hugging Face class names this checkpoint was saved from, when known (`null` otherwise:
    /// every field is always written, so the page's binary messages read back what was sent).
    pub architectures: Option<Vec<String>>,
}

impl Default for BertConfig {
    /// Hugging Face's defaults, which are BERT-base's.
    fn default() -> Self {
        Self {
            vocab_size: 30522,
            hidden_size: 768,
            num_hidden_layers: 12,
            num_attention_heads: 12,
            intermediate_size: 3072,
            hidden_act: "gelu".to_string(),
            hidden_dropout_prob: 0.1,
            attention_probs_dropout_prob: 0.1,
            max_position_embeddings: 512,
            type_vocab_size: 2,
            initializer_range: 0.02,
            layer_norm_eps: 1e-12,
            pad_token_id: 0,
            model_type: "bert".to_string(),
            architectures: None,
        }
    }
}

/// A `config.json` may say `null`; binary formats (the page's messages to its compute worker)
/// read exactly the `usize` that was written.
fn null_as_zero<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<usize, D::Error> {
    if deserializer.is_human_readable() {
        Ok(Option::<usize>::deserialize(deserializer)?.unwrap_or(0))
    } else {
        usize::deserialize(deserializer)
    }
}

/// Named model sizes. Tiny to medium are the compact BERTs of Turc et al. (2019);
/// base and large are the two models of the BERT paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    Tiny,
    Mini,
    Small,
    Medium,
    Base,
    Large,
}

impl Preset {
    /// Every preset, smallest first.
    pub const ALL: [Preset; 6] = [
        Preset::Tiny,
        Preset::Mini,
        Preset::Small,
        Preset::Medium,
        Preset::Base,
        Preset::Large,
    ];

    /// Lower-case name, as used on the command line and in URLs.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Tiny => "tiny",
            Preset::Mini => "mini",
            Preset::Small => "small",
            Preset::Medium => "medium",
            Preset::Base => "base",
            Preset::Large => "large",
        }
    }

    /// The preset with this lower-case name, if any.
    pub fn from_name(name: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|preset| preset.name() == name)
    }

    /// (layers L, hidden H, heads A, intermediate I).
    fn shape(self) -> (usize, usize, usize, usize) {
        match self {
            Preset::Tiny => (2, 128, 2, 512),
            Preset::Mini => (4, 256, 4, 1024),
            Preset::Small => (4, 512, 8, 2048),
            Preset::Medium => (8, 512, 8, 2048),
            Preset::Base => (12, 768, 12, 3072),
            Preset::Large => (24, 1024, 16, 4096),
        }
    }

    /// The full config: this preset's shape with BERT's vocabulary, 512 positions, 2 segments.
    pub fn config(self) -> BertConfig {
        let (layers, hidden, heads, intermediate) = self.shape();
        BertConfig {
            num_hidden_layers: layers,
            hidden_size: hidden,
            num_attention_heads: heads,
            intermediate_size: intermediate,
            ..BertConfig::default()
        }
    }
}

/// Parameter counts of the pieces of a BERT, as `transformers` counts them
/// (`sum(p.numel() for p in model.parameters())`, tied weights counted once).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParameterCounts {
    /// Word, position and segment embeddings plus their LayerNorm.
    pub embeddings: usize,
    /// One encoder layer: attention, its output and LayerNorm, FFN, its output and LayerNorm.
    pub per_layer: usize,
    /// All encoder layers.
    pub encoder: usize,
    /// The pooler (dense + tanh on [CLS]).
    pub pooler: usize,
    /// MLM head without the decoder matrix, which is tied to the word embeddings:
    /// transform (dense + LayerNorm) and the output bias.
    pub mlm_head: usize,
    /// NSP head: Linear(H, 2).
    pub nsp_head: usize,
}

impl ParameterCounts {
    /// `BertModel`: embeddings, encoder and pooler.
    pub fn bert_model(&self) -> usize {
        self.embeddings + self.encoder + self.pooler
    }

    /// `BertForPreTraining`: `BertModel` plus the MLM and NSP heads.
    pub fn bert_for_pretraining(&self) -> usize {
        self.bert_model() + self.mlm_head + self.nsp_head
    }
}

impl BertConfig {
    /// Width of one attention head, H / A.
    pub fn head_size(&self) -> usize {
        self.hidden_size / self.num_attention_heads
    }

    /// Exact parameter counts of every part of the model this config describes.
    pub fn parameter_counts(&self) -> ParameterCounts {
        let h = self.hidden_size;
        let i = self.intermediate_size;
        let linear = |inputs: usize, outputs: usize| inputs * outputs + outputs;
        let layer_norm = 2 * h;

        let embeddings = (self.vocab_size + self.max_position_embeddings + self.type_vocab_size)
            * h
            + layer_norm;
        let attention = 4 * linear(h, h) + layer_norm; // query, key, value, output dense
        let feed_forward = linear(h, i) + linear(i, h) + layer_norm;
        let per_layer = attention + feed_forward;
        ParameterCounts {
            embeddings,
            per_layer,
            encoder: per_layer * self.num_hidden_layers,
            pooler: linear(h, h),
            mlm_head: linear(h, h) + layer_norm + self.vocab_size,
            nsp_head: linear(h, 2),
        }
    }

    /// Checks the invariants the model relies on, in words a learner can act on.
    pub fn validate(&self) -> Result<(), String> {
        let positive = [
            ("vocab_size", self.vocab_size),
            ("hidden_size", self.hidden_size),
            ("num_hidden_layers", self.num_hidden_layers),
            ("num_attention_heads", self.num_attention_heads),
            ("intermediate_size", self.intermediate_size),
            ("max_position_embeddings", self.max_position_embeddings),
            ("type_vocab_size", self.type_vocab_size),
        ];
        if let Some((name, _)) = positive.iter().find(|(_, value)| *value == 0) {
            return Err(format!("{name} must be at least 1"));
        }
        if self.hidden_size % self.num_attention_heads != 0 {
            return Err(format!(
                "hidden_size {} is not divisible by num_attention_heads {}",
                self.hidden_size, self.num_attention_heads
            ));
        }
        // burn's dropout panics outside [0, 1): a stranger's config.json must be refused first.
        let dropouts = [
            ("hidden_dropout_prob", self.hidden_dropout_prob),
            (
                "attention_probs_dropout_prob",
                self.attention_probs_dropout_prob,
            ),
        ];
        if let Some((name, value)) = dropouts
            .iter()
            .find(|(_, value)| !(0.0..1.0).contains(value))
        {
            return Err(format!(
                "{name} is {value}: a dropout probability must be in [0, 1)"
            ));
        }
        if !matches!(self.hidden_act.as_str(), "gelu" | "gelu_new" | "relu") {
            return Err(format!(
                "hidden_act \"{}\" is not supported (use gelu, gelu_new or relu)",
                self.hidden_act
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `checkpoint` fuzz target: a config.json with a dropout probability outside
    /// [0, 1) reached burn's dropout, which panics, instead of being refused.
    #[test]
    fn dropout_probabilities_outside_0_1_are_refused() {
        let fields: [(&str, fn(&mut BertConfig, f64)); 2] = [
            ("hidden_dropout_prob", |c, p| c.hidden_dropout_prob = p),
            ("attention_probs_dropout_prob", |c, p| {
                c.attention_probs_dropout_prob = p
            }),
        ];
        for (name, set) in fields {
            for bad in [1.0, 1.5, -0.1, f64::NAN, f64::INFINITY] {
                let mut config = Preset::Tiny.config();
                set(&mut config, bad);
                let error = config.validate().unwrap_err();
                assert!(error.contains(name), "{error}");
            }
            let mut config = Preset::Tiny.config();
            set(&mut config, 0.0);
            assert_eq!(config.validate(), Ok(()));
        }
    }

    #[test]
    fn presets_have_the_published_shapes() {
        let tiny = Preset::Tiny.config();
        assert_eq!((tiny.num_hidden_layers, tiny.hidden_size), (2, 128));
        let large = Preset::Large.config();
        assert_eq!(
            (
                large.num_hidden_layers,
                large.hidden_size,
                large.num_attention_heads,
                large.intermediate_size
            ),
            (24, 1024, 16, 4096)
        );
        for preset in Preset::ALL {
            let config = preset.config();
            assert_eq!(config.validate(), Ok(()), "{}", preset.name());
            assert_eq!(Preset::from_name(preset.name()), Some(preset));
        }
    }

    #[test]
    fn reads_a_hugging_face_config_json() {
        let json = r#"{
            "architectures": ["BertForMaskedLM"], "attention_probs_dropout_prob": 0.1,
            "gradient_checkpointing": false, "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
            "hidden_size": 768, "initializer_range": 0.02, "intermediate_size": 3072,
            "layer_norm_eps": 1e-12, "max_position_embeddings": 512, "model_type": "bert",
            "num_attention_heads": 12, "num_hidden_layers": 12, "pad_token_id": 0,
            "position_embedding_type": "absolute", "transformers_version": "4.6.0.dev0",
            "type_vocab_size": 2, "use_cache": true, "vocab_size": 30522
        }"#;
        let config: BertConfig = serde_json::from_str(json).expect("valid config.json");
        assert_eq!(
            BertConfig {
                architectures: None,
                ..config.clone()
            },
            Preset::Base.config()
        );
        assert_eq!(
            config.architectures.as_deref(),
            Some(&["BertForMaskedLM".to_string()][..])
        );
    }

    #[test]
    fn missing_keys_take_hugging_face_defaults() {
        let config: BertConfig =
            serde_json::from_str(r#"{"hidden_size": 128, "pad_token_id": null}"#).unwrap();
        assert_eq!(config.pad_token_id, 0);
        assert_eq!(config.hidden_size, 128);
        assert_eq!(config.layer_norm_eps, 1e-12);
        assert_eq!(config.vocab_size, 30522);
    }

    #[test]
    fn round_trips_through_json() {
        let config = Preset::Mini.config();
        let json = serde_json::to_string(&config).unwrap();
        assert_eq!(serde_json::from_str::<BertConfig>(&json).unwrap(), config);
    }

    /// The page sends configs to its compute worker as postcard bytes, which carry no field names:
    /// what is written must be exactly what is read (a skipped `None` or an asymmetric field once
    /// garbled every "which backend trains faster" question).
    #[test]
    fn round_trips_through_a_binary_format() {
        for config in [
            Preset::Tiny.config(),
            BertConfig {
                pad_token_id: 1,
                architectures: Some(vec!["BertForMaskedLM".into()]),
                ..Preset::Mini.config()
            },
        ] {
            let bytes = postcard::to_allocvec(&config).unwrap();
            assert_eq!(postcard::from_bytes::<BertConfig>(&bytes).unwrap(), config);
        }
    }

    #[test]
    fn rejects_configs_the_model_cannot_build() {
        let mut config = Preset::Tiny.config();
        config.num_attention_heads = 3;
        assert!(config.validate().unwrap_err().contains("not divisible"));
        config.num_attention_heads = 0;
        assert!(
            config
                .validate()
                .unwrap_err()
                .contains("num_attention_heads")
        );
        let mut config = Preset::Tiny.config();
        config.hidden_act = "swish".into();
        assert!(config.validate().unwrap_err().contains("swish"));
    }
}
