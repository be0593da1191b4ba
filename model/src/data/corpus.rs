//! A pre-training corpus in BERT's format: one sentence per line, documents separated by blank
//! lines. Parsing refuses what cannot be trained on, with a reason a learner can act on.

/// Largest corpus accepted (the browser holds it in memory, and training on more is pointless
/// for a lesson-sized model).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CorpusError {
    #[error("the corpus is empty")]
    Empty,
    #[error("the corpus looks like a binary file, not text ({0})")]
    Binary(String),
    #[error("the corpus is {size} bytes; the limit is {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error(
        "the corpus has only one document; next-sentence prediction needs at least two, separated by a blank line"
    )]
    OneDocument,
    #[error("the corpus has no document with two sentences in a row; put one sentence per line")]
    NoSentencePairs,
}

/// Documents, each a list of sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Corpus {
    pub documents: Vec<Vec<String>>,
}

impl Corpus {
    /// Parses raw bytes (an upload, a fetched file).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CorpusError> {
        if bytes.len() > MAX_BYTES {
            return Err(CorpusError::TooLarge {
                size: bytes.len(),
                limit: MAX_BYTES,
            });
        }
        if bytes.contains(&0) {
            return Err(CorpusError::Binary("it contains NUL bytes".into()));
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|error| CorpusError::Binary(format!("it is not UTF-8 text: {error}")))?;
        Self::parse(text)
    }

    /// Parses text: blank lines separate documents; every other line is a sentence.
    pub fn parse(text: &str) -> Result<Self, CorpusError> {
        let mut documents = Vec::new();
        let mut current: Vec<String> = Vec::new();
        for line in text.lines() {
            let sentence = line.trim();
            if sentence.is_empty() {
                if !current.is_empty() {
                    documents.push(std::mem::take(&mut current));
                }
            } else {
                current.push(sentence.to_string());
            }
        }
        if !current.is_empty() {
            documents.push(current);
        }
        match documents.len() {
            0 => Err(CorpusError::Empty),
            1 => Err(CorpusError::OneDocument),
            _ if documents.iter().all(|document| document.len() < 2) => {
                Err(CorpusError::NoSentencePairs)
            }
            _ => Ok(Self { documents }),
        }
    }

    pub fn sentence_count(&self) -> usize {
        self.documents.iter().map(Vec::len).sum()
    }

    /// All sentences joined by newlines (for learning a vocabulary).
    pub fn text(&self) -> String {
        self.documents
            .iter()
            .flatten()
            .map(|s| format!("{s}\n"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_documents_at_blank_lines() {
        let corpus = Corpus::parse("A one.\nA two.\n\n\n  \nB one.\r\nB two.\n").unwrap();
        assert_eq!(
            corpus.documents,
            vec![vec!["A one.", "A two."], vec!["B one.", "B two."]]
        );
        assert_eq!(corpus.sentence_count(), 4);
    }

    #[test]
    fn refuses_what_cannot_be_trained_on() {
        assert_eq!(Corpus::parse(" \n\n"), Err(CorpusError::Empty));
        assert_eq!(Corpus::parse("one.\ntwo.\n"), Err(CorpusError::OneDocument));
        assert_eq!(
            Corpus::parse("one.\n\ntwo.\n"),
            Err(CorpusError::NoSentencePairs)
        );
        assert!(matches!(
            Corpus::from_bytes(b"PK\x03\x04\x00\x00"),
            Err(CorpusError::Binary(_))
        ));
        assert!(matches!(
            Corpus::from_bytes(&[0xff, 0xfe, 0x41]),
            Err(CorpusError::Binary(_))
        ));
        let huge = vec![b'a'; MAX_BYTES + 1];
        assert!(matches!(
            Corpus::from_bytes(&huge),
            Err(CorpusError::TooLarge { .. })
        ));
    }
}
