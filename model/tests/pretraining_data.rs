//! The statistics of pre-training data, over thousands of draws: 15% of real tokens chosen,
//! 80/10/10 among them, specials never touched; NSP 50/50 with true successors and foreign
//! documents; the same seed gives the same data.

use bertlab_model::Tokenizer;
use bertlab_model::data::{
    Corpus, IS_NEXT, MaskDecision, NOT_NEXT, Rng, build_example, mask_tokens, sample_pair,
};
use bertlab_model::tokenizer::Normalization;
use bertlab_model::tokenizer::learn::learn_vocab;

fn corpus() -> Corpus {
    let animals = ["cat", "dog", "bird", "fox", "horse", "sheep"];
    let places = ["garden", "river", "field", "barn", "forest"];
    let text: String = (0..24)
        .map(|doc| {
            (0..8)
                .map(|s| {
                    let animal = animals[(doc + s) % animals.len()];
                    let place = places[(doc * 3 + s) % places.len()];
                    format!("the {animal} walked to the {place} on day {doc} step {s}.\n")
                })
                .collect::<String>()
                + "\n"
        })
        .collect();
    Corpus::parse(&text).unwrap()
}

const EXAMPLES: usize = 10_000;
const MAX_LEN: usize = 24;

#[test]
fn masking_chooses_fifteen_percent_and_splits_them_80_10_10() {
    let corpus = corpus();
    let tokenizer = Tokenizer::new(
        learn_vocab(&corpus.text(), 120, Normalization::UNCASED),
        true,
    );
    let mut rng = Rng::new(7);
    let (mut real, mut chosen, mut masked, mut random, mut unchanged) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let (mut truncated, mut not_next) = (0usize, 0usize);
    for _ in 0..EXAMPLES {
        let example = build_example(&corpus, &tokenizer, MAX_LEN, &mut rng);
        let (encoding, result) = (&example.encoding, &example.masked);

        // Structure: [CLS] A [SEP] B [SEP], segment 0 then 1, within MAX_LEN.
        assert!(encoding.len() <= MAX_LEN);
        assert_eq!(encoding.ids[0], tokenizer.vocab.cls);
        let seps: Vec<usize> = (0..encoding.len())
            .filter(|&i| encoding.ids[i] == tokenizer.vocab.sep)
            .collect();
        assert_eq!(seps.len(), 2);
        assert_eq!(*seps.last().unwrap(), encoding.len() - 1);
        for (i, &segment) in encoding.type_ids.iter().enumerate() {
            assert_eq!(segment, (i > seps[0]) as u32, "segment of token {i}");
        }
        let (len_a, len_b) = (seps[0] - 1, seps[1] - seps[0] - 1);
        let full_a = tokenizer.tokenize(&example.pair.a).len();
        let full_b = tokenizer.tokenize(&example.pair.b).len();
        if encoding.truncated > 0 {
            truncated += 1;
            // Longest first: the shorter segment is only cut once both are equally long.
            assert!(len_a.abs_diff(len_b) <= 1 || len_a == full_a || len_b == full_b);
        } else {
            assert_eq!((len_a, len_b), (full_a, full_b));
        }
        assert_eq!(
            example.next_sentence_label,
            if example.pair.is_next {
                IS_NEXT
            } else {
                NOT_NEXT
            }
        );
        not_next += example.next_sentence_label as usize;

        for (i, decision) in result.decisions.iter().enumerate() {
            let special = encoding.special_tokens_mask[i] == 1;
            if special {
                assert_eq!(
                    *decision,
                    MaskDecision::NotChosen,
                    "special tokens are never chosen"
                );
                assert_eq!(result.input_ids[i], encoding.ids[i]);
                continue;
            }
            real += 1;
            assert_eq!(result.labels[i].is_some(), decision.is_chosen());
            match *decision {
                MaskDecision::NotChosen => assert_eq!(result.input_ids[i], encoding.ids[i]),
                MaskDecision::Masked => {
                    masked += 1;
                    assert_eq!(result.input_ids[i], tokenizer.vocab.mask);
                }
                MaskDecision::Random(id) => {
                    random += 1;
                    assert_eq!(result.input_ids[i], id);
                    assert!(!tokenizer.vocab.is_special(id));
                }
                MaskDecision::Unchanged => {
                    unchanged += 1;
                    assert_eq!(result.input_ids[i], encoding.ids[i]);
                }
            }
            if decision.is_chosen() {
                chosen += 1;
                assert_eq!(
                    result.labels[i],
                    Some(encoding.ids[i]),
                    "label is the original token"
                );
            }
        }
        assert!(
            result.labels.iter().flatten().count() >= 1,
            "at least one prediction per example"
        );
    }
    let share = |part: usize, whole: usize| part as f64 / whole as f64;
    assert!(
        (share(chosen, real) - 0.15).abs() < 0.005,
        "chosen {}",
        share(chosen, real)
    );
    assert!(
        (share(masked, chosen) - 0.8).abs() < 0.015,
        "masked {}",
        share(masked, chosen)
    );
    assert!(
        (share(random, chosen) - 0.1).abs() < 0.01,
        "random {}",
        share(random, chosen)
    );
    assert!(
        (share(unchanged, chosen) - 0.1).abs() < 0.01,
        "unchanged {}",
        share(unchanged, chosen)
    );
    assert!(
        (share(not_next, EXAMPLES) - 0.5).abs() < 0.02,
        "NotNext {}",
        share(not_next, EXAMPLES)
    );
    assert!(
        truncated > EXAMPLES / 10,
        "the test must exercise truncation ({truncated})"
    );
}

#[test]
fn even_a_short_sentence_gets_one_prediction() {
    let tokenizer = Tokenizer::new(learn_vocab("hi there\n", 30, Normalization::UNCASED), true);
    let mut rng = Rng::new(1);
    let encoding = tokenizer.encode("hi");
    let result = mask_tokens(&encoding, &tokenizer.vocab, &mut rng);
    assert_eq!(result.labels.iter().flatten().count(), 1);
}

#[test]
fn nsp_pairs_are_half_true_successors_half_from_other_documents() {
    let corpus = corpus();
    let mut rng = Rng::new(11);
    let draws = EXAMPLES;
    let mut next = 0;
    for _ in 0..draws {
        let pair = sample_pair(&corpus, &mut rng);
        let (doc, sentence) = pair.a_source;
        assert_eq!(corpus.documents[doc][sentence], pair.a);
        assert_eq!(corpus.documents[pair.b_source.0][pair.b_source.1], pair.b);
        if pair.is_next {
            next += 1;
            assert_eq!(pair.b_source, (doc, sentence + 1));
        } else {
            assert_ne!(pair.b_source.0, doc, "NotNext comes from another document");
        }
    }
    let share = next as f64 / draws as f64;
    assert!((share - 0.5).abs() < 0.02, "IsNext share {share}");
}

#[test]
fn the_same_seed_gives_the_same_examples() {
    let corpus = corpus();
    let tokenizer = Tokenizer::new(
        learn_vocab(&corpus.text(), 80, Normalization::UNCASED),
        true,
    );
    let draw = |seed| {
        let mut rng = Rng::new(seed);
        (0..20)
            .map(|_| {
                let pair = sample_pair(&corpus, &mut rng);
                mask_tokens(
                    &tokenizer.encode_pair(&pair.a, &pair.b),
                    &tokenizer.vocab,
                    &mut rng,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(draw(3), draw(3));
    assert_ne!(draw(3), draw(4));
}
