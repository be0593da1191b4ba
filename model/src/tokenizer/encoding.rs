//! What the tokenizer hands the model: ids, segment ids, attention mask, and for the UI the
//! token strings and the character offsets of each token in the original text.

/// Which input a token came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// [CLS], [SEP] or [PAD], added by the tokenizer.
    Added,
    /// Sentence A (`false`) or B (`true`) of the input.
    Text { second: bool },
}

/// One encoded sequence (or pair), as `transformers` returns it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Encoding {
    pub ids: Vec<u32>,
    pub tokens: Vec<String>,
    /// 0 for [CLS], sentence A and its [SEP]; 1 for sentence B and its [SEP].
    pub type_ids: Vec<u32>,
    /// 1 for real tokens, 0 for padding.
    pub attention_mask: Vec<u32>,
    /// `[start, end)` in characters (Unicode scalar values) of the text the token came from;
    /// `(0, 0)` for tokens the tokenizer added.
    pub offsets: Vec<(usize, usize)>,
    /// 1 for [CLS], [SEP] and [PAD] added by the tokenizer.
    pub special_tokens_mask: Vec<u32>,
    /// Index of the word (within its sentence) each token belongs to; `None` for added tokens.
    pub word_ids: Vec<Option<usize>>,
    /// How many tokens truncation removed (0 when everything fit), so the UI can say so.
    pub truncated: usize,
}

impl Encoding {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub(crate) fn push(
        &mut self,
        id: u32,
        token: &str,
        type_id: u32,
        offsets: (usize, usize),
        word: Option<usize>,
        special: bool,
    ) {
        self.ids.push(id);
        self.tokens.push(token.to_string());
        self.type_ids.push(type_id);
        self.attention_mask.push(1);
        self.offsets.push(offsets);
        self.special_tokens_mask.push(special as u32);
        self.word_ids.push(word);
    }
}
