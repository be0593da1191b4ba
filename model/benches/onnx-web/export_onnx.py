#!/usr/bin/env python3
"""The checkpoints for the in-page comparison with onnxruntime-web (BENCHMARKS.md, issue 18):
BertForMaskedLM at bertlab's `tiny` and `base` shapes (30,522-token vocabulary, random weights, as
`bertlab bench --fill` uses), exported to ONNX with a 1 × 12 input. Speed does not depend on the
weights' values; both sides run the same shapes. Run by hand, never in CI:

    pip install torch transformers onnx onnxscript
    python3 model/benches/onnx-web/export_onnx.py        # writes model/benches/onnx-web/models/{tiny,base}.onnx
"""
import pathlib

import torch
from transformers import BertConfig, BertForMaskedLM

PRESETS = {"tiny": (2, 128, 2, 512), "base": (12, 768, 12, 3072)}
SEQ = 12
OUT = pathlib.Path(__file__).resolve().parent / "models"


class Logits(torch.nn.Module):
    """Only the logits, so the graph has one output."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.model(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=token_type_ids).logits


def main():
    OUT.mkdir(exist_ok=True)
    torch.manual_seed(0)
    for name, (layers, hidden, heads, intermediate) in PRESETS.items():
        config = BertConfig(num_hidden_layers=layers, hidden_size=hidden, num_attention_heads=heads,
                            intermediate_size=intermediate, attn_implementation="eager")
        model = Logits(BertForMaskedLM(config).eval())
        ids = torch.tensor([[(col * 104729) % config.vocab_size for col in range(SEQ)]])
        ones = torch.ones_like(ids)
        zeros = torch.zeros_like(ids)
        path = OUT / f"{name}.onnx"
        torch.onnx.export(model, (ids, ones, zeros), str(path), dynamo=False, opset_version=17,
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["logits"])
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
