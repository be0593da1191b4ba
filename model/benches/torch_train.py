#!/usr/bin/env python3
"""PyTorch reference for `bertlab bench --train`: the same synthetic batches (1 in 7 positions
predicted, half IsNext), BertForPreTraining, AdamW, on the CPU. Run by hand:

    python3 model/benches/torch_train.py
"""
import json
import sys
import time

import torch
from transformers import BertConfig, BertForPreTraining

PRESETS = {"tiny": (2, 128, 2, 512), "mini": (4, 256, 4, 1024)}
CASES = [("tiny", 8, 128, 10), ("mini", 8, 128, 5)]


def main():
    for preset, batch, seq, iters in CASES:
        layers, hidden, heads, intermediate = PRESETS[preset]
        config = BertConfig(num_hidden_layers=layers, hidden_size=hidden, num_attention_heads=heads,
                            intermediate_size=intermediate, attn_implementation="eager")
        model = BertForPreTraining(config).train()
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)
        ids = torch.tensor([[(row * 7919 + col * 104729) % config.vocab_size for col in range(seq)]
                            for row in range(batch)])
        predicted = torch.tensor([[col % 7 == 3 for col in range(seq)] for _ in range(batch)])
        labels = torch.where(predicted, ids, torch.full_like(ids, -100))
        inputs = torch.where(predicted, torch.full_like(ids, 103), ids)
        types = torch.tensor([[int(col >= seq // 2) for col in range(seq)] for _ in range(batch)])
        nsp = torch.tensor([row % 2 for row in range(batch)])
        times = []
        for i in range(iters + 2):
            start = time.perf_counter()
            loss = model(input_ids=inputs, token_type_ids=types, labels=labels, next_sentence_label=nsp).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            optimizer.zero_grad()
            if i >= 2:
                times.append(time.perf_counter() - start)
        seconds = sum(times)
        print(json.dumps({"mode": "train", "preset": preset, "backend": f"torch {torch.__version__} cpu x{torch.get_num_threads()}",
                          "batch": batch, "seq": seq, "iters": iters,
                          "ms_per_step": round(seconds * 1000 / iters, 1), "steps_per_s": round(iters / seconds, 3),
                          "tokens_per_s": round(iters * batch * seq / seconds)}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
