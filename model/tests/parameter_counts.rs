//! Parameter counts against the numbers `transformers` reports for the same configs
//! (`sum(p.numel() for p in BertModel(cfg).parameters())`, and the same for BertForPreTraining).

use bertlab_model::Preset;

#[test]
fn base_matches_transformers() {
    let counts = Preset::Base.config().parameter_counts();
    assert_eq!(counts.bert_model(), 109_482_240);
    assert_eq!(counts.bert_for_pretraining(), 110_106_428);
}

#[test]
fn large_matches_transformers() {
    let counts = Preset::Large.config().parameter_counts();
    assert_eq!(counts.bert_model(), 335_141_888);
    assert_eq!(counts.bert_for_pretraining(), 336_226_108);
}

#[test]
fn tiny_matches_transformers() {
    let counts = Preset::Tiny.config().parameter_counts();
    assert_eq!(counts.bert_model(), 4_385_920);
    assert_eq!(counts.bert_for_pretraining(), 4_433_468);
}
