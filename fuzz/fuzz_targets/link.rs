//! Any text as the value of a shareable link's keys (layer, heads, epochs, freeze), for models of
//! 0–15 layers and heads: never a panic; whatever parses is inside the model, and chosen heads
//! are sorted, distinct, non-empty and read back the same from the link they write.
#![no_main]
use bertlab_model::link_values::{
    choice, flag, heads, heads_to_link, layer_from_one, layer_or_embeddings,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&shape, rest)) = data.split_first() else {
        return;
    };
    let (layers, head_count) = ((shape & 0x0f) as usize, (shape >> 4) as usize);
    let raw = String::from_utf8_lossy(rest);
    if let Some(layer) = layer_from_one(&raw, layers) {
        assert!(layer < layers);
    }
    if let Some(layer) = layer_or_embeddings(&raw, layers) {
        assert!(layer <= layers);
    }
    if let Some(chosen) = heads(&raw, head_count) {
        assert!(!chosen.is_empty());
        assert!(chosen.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(chosen.iter().all(|&head| head < head_count));
        assert_eq!(heads(&heads_to_link(&chosen, head_count), head_count), Some(chosen));
    }
    if let Some(epochs) = choice(&raw, &[1, 2, 5, 10]) {
        assert!([1, 2, 5, 10].contains(&epochs));
    }
    let _ = flag(&raw);
});
