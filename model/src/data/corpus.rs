//! A pre-training corpus in BERT's format: one sentence per line, documents separated by blank
//! lines. Parsing refuses what cannot be trained on, with a reason a learner can act on.

/// Most of a corpus that is kept (the browser holds it in memory, and more is pointless for a
/// lesson-sized model); the rest is skipped and reported.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum CorpusError {
    #[error("the corpus is empty")]
    Empty,
    #[error("the corpus looks like a binary file, not text: {0}")]
    Binary(String),
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
    /// Bytes of input left unread because the corpus reached [`MAX_BYTES`]; 0 when all was used.
    pub bytes_skipped: usize,
}

impl Corpus {
    /// Parses raw bytes (an upload, a fetched file). Past [`MAX_BYTES`] the rest is skipped and
    /// counted in `bytes_skipped`, so the caller can say so.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CorpusError> {
        Self::read(bytes, bytes.len())
    }

    /// Reads a corpus line by line, holding at most [`MAX_BYTES`] of it in memory however long
    /// the input is (`total_len`, when known, is used to report what was skipped).
    pub fn read(mut reader: impl std::io::BufRead, total_len: usize) -> Result<Self, CorpusError> {
        let mut builder = Builder::default();
        let mut line = Vec::new();
        let mut used = 0usize;
        let mut line_number = 0usize;
        loop {
            line.clear();
            let read = reader
                .read_until(b'\n', &mut line)
                .map_err(|error| CorpusError::Binary(format!("it could not be read: {error}")))?;
            if read == 0 {
                break;
            }
            line_number += 1;
            if used + read > MAX_BYTES {
                builder.skipped = total_len.saturating_sub(used).max(read);
                break;
            }
            used += read;
            if line.contains(&0) {
                return Err(CorpusError::Binary(format!(
                    "line {line_number} contains NUL bytes"
                )));
            }
            let text = std::str::from_utf8(&line).map_err(|error| {
                CorpusError::Binary(format!("line {line_number} is not UTF-8 text: {error}"))
            })?;
            builder.line(text);
        }
        builder.finish()
    }

    /// Parses text: blank lines separate documents; every other line is a sentence.
    pub fn parse(text: &str) -> Result<Self, CorpusError> {
        let mut builder = Builder::default();
        text.lines().for_each(|line| builder.line(line));
        builder.finish()
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

    /// The corpus in its own format (a blank line between documents): `parse` gives it back.
    pub fn to_text(&self) -> String {
        self.documents
            .iter()
            .map(|document| document.join("\n"))
            .collect::<Vec<_>>()
            .join("\n\n")
            + "\n"
    }
}

#[derive(Default)]
struct Builder {
    documents: Vec<Vec<String>>,
    current: Vec<String>,
    skipped: usize,
}

impl Builder {
    fn line(&mut self, line: &str) {
        let sentence = line.trim();
        if sentence.is_empty() {
            if !self.current.is_empty() {
                self.documents.push(std::mem::take(&mut self.current));
            }
        } else {
            self.current.push(sentence.to_string());
        }
    }

    fn finish(mut self) -> Result<Corpus, CorpusError> {
        if !self.current.is_empty() {
            self.documents.push(std::mem::take(&mut self.current));
        }
        match self.documents.len() {
            0 => Err(CorpusError::Empty),
            1 => Err(CorpusError::OneDocument),
            _ if self.documents.iter().all(|document| document.len() < 2) => {
                Err(CorpusError::NoSentencePairs)
            }
            _ => Ok(Corpus {
                documents: self.documents,
                bytes_skipped: self.skipped,
            }),
        }
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
        assert_eq!(corpus.bytes_skipped, 0);
    }

    #[test]
    fn to_text_keeps_the_documents() {
        let corpus = Corpus::parse("A one.\nA two.\n\nB one.\nB two.\n").unwrap();
        assert_eq!(Corpus::parse(&corpus.to_text()).unwrap(), corpus);
    }

    #[test]
    fn refuses_what_cannot_be_trained_on() {
        assert_eq!(Corpus::parse(" \n\n"), Err(CorpusError::Empty));
        assert_eq!(Corpus::from_bytes(b""), Err(CorpusError::Empty));
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
        let error = Corpus::from_bytes(b"fine.\nfine.\n\nbad \xff\n").unwrap_err();
        assert!(error.to_string().contains("line 4"), "{error}");
    }

    /// An endless reader repeating one text.
    struct Endless(&'static [u8], usize);

    impl std::io::Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            for byte in buf.iter_mut() {
                *byte = self.0[self.1 % self.0.len()];
                self.1 += 1;
            }
            Ok(buf.len())
        }
    }

    #[test]
    fn a_50_mb_corpus_is_read_in_bounded_memory_and_the_rest_reported() {
        // Generated on the fly: the 50 MB never exist in memory at once.
        let document = b"the cat sat on the mat.\nthe dog sat on the log.\n\n";
        let total = 50 * 1024 * 1024;
        let reader =
            std::io::BufReader::new(std::io::Read::take(Endless(document, 0), total as u64));
        let corpus = Corpus::read(reader, total).unwrap();
        let kept = corpus.text().len();
        assert!(kept <= MAX_BYTES && kept > MAX_BYTES / 2, "kept {kept}");
        assert!(
            corpus.bytes_skipped >= total - MAX_BYTES,
            "skipped {}",
            corpus.bytes_skipped
        );
    }
}
