//! What each lesson of the course starts from before the learner types anything — sentences,
//! words, the playground's examples — in one place, because the shipped model is trained on a
//! world that contains them and `tests/shipped_model.rs` holds it to knowing every one of their
//! words whole. The app shows them; nothing here computes.

/// One language's starting inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Defaults {
    /// Sentences A and B of the Tokens, Embeddings and Attention lessons: two sentences that
    /// follow each other in a story (an IsNext pair).
    pub pair: (&'static str, &'static str),
    /// The playground's first sentence.
    pub playground: &'static str,
    /// Sentences to try in the playground, each with the word the shipped model should guess.
    pub playground_examples: &'static [(&'static str, &'static str)],
    /// The Contextual-vectors lesson's words (each with two senses in the polysemy corpus).
    pub contextual_words: &'static [&'static str],
    /// The learner's-own-sentences example there: a word, and two groups of sentences (a blank
    /// line between them) that use it in two senses.
    pub own_word: &'static str,
    pub own_sentences: &'static str,
    /// The word whose nearest neighbours in the embedding table "Why pre-train?" shows.
    pub neighbour_word: &'static str,
    /// The shipped corpora (in `static/corpora`) the lessons use in this language: the one
    /// pre-training starts on, the polysemy corpus, and the labelled topics for fine-tuning.
    pub pretraining_corpus: &'static str,
    pub polysemy_corpus: &'static str,
    pub topics_train: &'static str,
    pub topics_test: &'static str,
}

pub const ENGLISH: Defaults = Defaults {
    pair: ("The cow says moo and eats grass.", "It sleeps in the barn."),
    playground: "The dog says [MASK] and eats [MASK].",
    playground_examples: &[
        ("A dog says [MASK].", "woof"),
        ("The [MASK] says moo.", "cow"),
        ("The cow eats [MASK].", "grass"),
        ("Anna is a baker and works at the [MASK].", "bakery"),
        ("The bat sleeps in the [MASK] in the day.", "cave"),
    ],
    contextual_words: &crate::data::polysemy::WORDS,
    own_word: "bank",
    own_sentences: "Felix sits on the river bank and catches fish.\nThe duck swims near the bank of the river.\n\nAnna puts her coins in the bank.\nThe bank keeps the money safe.",
    neighbour_word: "cow",
    pretraining_corpus: "toy-world.txt",
    polysemy_corpus: "polysemy.txt",
    topics_train: "topics-train.tsv",
    topics_test: "topics-test.tsv",
};

/// Korean: the shipped Korean model's world (`scripts/corpora/toy_world_ko.py`). Masks stand for
/// whole words that take no particle (the sounds, 아침, 비): the tokenizer reads `[MASK]를` as
/// `[MASK]` and a new word 를, never as a word and its `##를`, exactly as BERT's does.
pub const KOREAN: Defaults = Defaults {
    pair: (
        "고양이는 생선을 먹고 바구니에서 잔다.",
        "고양이는 야옹 하고 운다.",
    ),
    playground: "개는 [MASK] 하고 운다.",
    playground_examples: &[
        ("고양이는 [MASK] 하고 운다.", "야옹"),
        ("외양간에서 소가 [MASK] 하고 운다.", "음매"),
        ("매일 [MASK] 민수는 빵집에 간다.", "아침"),
        ("[MASK] 오는 날에는 아이들이 집 안에서 논다.", "비"),
    ],
    contextual_words: &crate::data::polysemy::WORDS_KO,
    own_word: "배",
    own_sentences: "어부는 배를 타고 바다로 나간다.\n항구에 큰 배가 들어왔다.\n\n배는 시원한 과일이다.\n시장에서 배를 두 개 샀다.",
    neighbour_word: "소",
    pretraining_corpus: "toy-world-ko.txt",
    polysemy_corpus: "polysemy-ko.txt",
    topics_train: "topics-ko-train.tsv",
    topics_test: "topics-ko-test.tsv",
};

impl Defaults {
    /// Every text a lesson starts with, for checking a vocabulary against (Korean words with
    /// their particles: those split into a stem and a `##` particle).
    pub fn texts(&self) -> Vec<&'static str> {
        let mut texts = vec![
            self.pair.0,
            self.pair.1,
            self.playground,
            self.own_sentences,
        ];
        texts.extend(self.playground_examples.iter().map(|(text, _)| *text));
        texts.extend(self.playground_examples.iter().map(|(_, answer)| *answer));
        texts.extend(self.contextual_words.iter().copied());
        texts.extend([self.own_word, self.neighbour_word]);
        texts
    }
}
