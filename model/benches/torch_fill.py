#!/usr/bin/env python3
"""PyTorch's fill-mask for BENCHMARKS.md, the same work as `bertlab bench --fill`: one sequence of
12 tokens with two [MASK]s through BertForMaskedLM (which, as transformers does, scores every
position), then the softmax at the two masks. Random weights, inference mode, CPU threads as torch
picks them. Run by hand:

    pip install torch transformers
    python3 model/benches/torch_fill.py
"""
import json
import statistics
import time

import torch
from transformers import BertConfig, BertForMaskedLM

PRESETS = {"tiny": (2, 128, 2, 512), "base": (12, 768, 12, 3072)}
SEQ = 12
MASKS = [SEQ // 4, SEQ // 2]


def main():
    for preset, iters in [("tiny", 200), ("base", 50)]:
        layers, hidden, heads, intermediate = PRESETS[preset]
        config = BertConfig(num_hidden_layers=layers, hidden_size=hidden, num_attention_heads=heads,
                            intermediate_size=intermediate, attn_implementation="eager")
        model = BertForMaskedLM(config).eval()
        ids = torch.tensor([[(col * 104729) % config.vocab_size for col in range(SEQ)]])
        times = []
        with torch.inference_mode():
            for i in range(iters + 2):
                start = time.perf_counter()
                logits = model(input_ids=ids).logits
                probabilities = torch.softmax(logits[0, MASKS], dim=-1)
                probabilities.sum().item()
                if i >= 2:
                    times.append((time.perf_counter() - start) * 1000)
        print(json.dumps({"preset": preset, "work": "fill-mask, 2 masks",
                          "backend": f"torch {torch.__version__} cpu x{torch.get_num_threads()}",
                          "seq": SEQ, "iters": iters, "mean_ms": round(statistics.mean(times), 3),
                          "median_ms": round(statistics.median(times), 3)}), flush=True)


if __name__ == "__main__":
    main()
