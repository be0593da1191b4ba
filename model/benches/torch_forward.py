#!/usr/bin/env python3
"""PyTorch reference timings for BENCHMARKS.md: the same shapes as `bertlab bench`, run by hand.

    pip install torch transformers
    python3 model/benches/torch_forward.py            # prints one JSON line per case

BertForPreTraining with eager attention, random weights, inference mode, on the CPU with the
threads torch picks (the machine's cores). Mean/median over `iters` after 2 warm-up runs.
"""
import json
import statistics
import sys
import time

import torch
from transformers import BertConfig, BertForPreTraining

PRESETS = {"tiny": (2, 128, 2, 512), "base": (12, 768, 12, 3072)}
CASES = [("tiny", 1, 128, 20), ("tiny", 8, 128, 10), ("base", 1, 128, 5), ("base", 8, 128, 3)]


def main():
    for preset, batch, seq, iters in CASES:
        layers, hidden, heads, intermediate = PRESETS[preset]
        config = BertConfig(num_hidden_layers=layers, hidden_size=hidden, num_attention_heads=heads,
                            intermediate_size=intermediate, attn_implementation="eager")
        model = BertForPreTraining(config).eval()
        ids = torch.tensor([[(row * 7919 + col * 104729) % config.vocab_size for col in range(seq)]
                            for row in range(batch)])
        times = []
        with torch.inference_mode():
            for i in range(iters + 2):
                start = time.perf_counter()
                model(input_ids=ids)
                if i >= 2:
                    times.append((time.perf_counter() - start) * 1000)
        print(json.dumps({"preset": preset, "backend": f"torch {torch.__version__} cpu x{torch.get_num_threads()}",
                          "batch": batch, "seq": seq, "iters": iters,
                          "mean_ms": round(statistics.mean(times), 2),
                          "median_ms": round(statistics.median(times), 2)}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
