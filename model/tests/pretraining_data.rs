//! The statistics of pre-training data, over thousands of draws: 15% of real tokens chosen,
//! 80/10/10 among them, specials never touched; NSP 50/50 with true successors and foreign
//! documents; the same seed gives the same data.

use bertlab_model::Tokenizer;
use bertlab_model::data::{Corpus, MaskDecision, Rng, mask_tokens, sample_pair};
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

#[test]
fn masking_chooses_fifteen_percent_and_splits_them_80_10_10() {
    let corpus = corpus();
    let tokenizer = Tokenizer::new(learn_vocab(&corpus.text(), 120, true), true);
    let mut rng = Rng::new(7);
    let (mut real, mut chosen, mut masked, mut random, mut unchanged) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    for _ in 0..3000 {
        let pair = sample_pair(&corpus, &mut rng);
        let encoding = tokenizer.encode_pair(&pair.a, &pair.b);
        let result = mask_tokens(&encoding, &tokenizer.vocab, &mut rng);
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
    }
    let share = |part: usize, whole: usize| part as f64 / whole as f64;
    assert!(
        (share(chosen, real) - 0.15).abs() < 0.01,
        "chosen {}",
        share(chosen, real)
    );
    assert!(
        (share(masked, chosen) - 0.8).abs() < 0.02,
        "masked {}",
        share(masked, chosen)
    );
    assert!(
        (share(random, chosen) - 0.1).abs() < 0.015,
        "random {}",
        share(random, chosen)
    );
    assert!(
        (share(unchanged, chosen) - 0.1).abs() < 0.015,
        "unchanged {}",
        share(unchanged, chosen)
    );
}

#[test]
fn even_a_short_sentence_gets_one_prediction() {
    let tokenizer = Tokenizer::new(learn_vocab("hi there\n", 30, true), true);
    let mut rng = Rng::new(1);
    let encoding = tokenizer.encode("hi");
    let result = mask_tokens(&encoding, &tokenizer.vocab, &mut rng);
    assert_eq!(result.labels.iter().flatten().count(), 1);
}

#[test]
fn nsp_pairs_are_half_true_successors_half_from_other_documents() {
    let corpus = corpus();
    let mut rng = Rng::new(11);
    let draws = 4000;
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
    assert!((share - 0.5).abs() < 0.03, "IsNext share {share}");
}

#[test]
fn the_same_seed_gives_the_same_examples() {
    let corpus = corpus();
    let tokenizer = Tokenizer::new(learn_vocab(&corpus.text(), 80, true), true);
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
