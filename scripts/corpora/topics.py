#!/usr/bin/env python3
"""Writes static/corpora/topics-train.tsv and topics-test.tsv: a labelled set for the
Fine-tuning lesson (label<TAB>sentence; labels animal, job, weather).

    python3 scripts/corpora/topics.py

Every sentence is a neutral frame ("The story was about the ___.") around one topic word, so the
topic word is the only clue. The split is by topic word: the test sentences use words that never
appear in the training sentences. A classifier fine-tuned from a randomly initialised BERT has
never seen those words and must guess; one fine-tuned from a BERT pre-trained on toy-world.txt
already knows that a pig is like a cow and a fisher like a baker. That difference is what
pre-training buys, and the lesson shows it.
"""
from pathlib import Path

FRAMES = [
    "Yesterday we talked about the {}.",
    "The story was about the {}.",
    "Everyone was thinking about the {}.",
    "My little brother drew a picture of the {}.",
    "The book had a whole chapter on the {}.",
    "She asked me a question about the {}.",
    "We could not stop laughing about the {}.",
    "Our class watched a film about the {}.",
    "I wrote a short poem about the {}.",
    "Grandma told us a story about the {}.",
    "He sent me a message about the {}.",
    "The whole town was talking about the {}.",
    "Nobody remembered the {}.",
    "At dinner we discussed the {}.",
]

TOPICS = {
    # label: (words for training, words for testing)
    "animal": (["cow", "dog", "cat", "duck", "sheep", "horse"], ["pig", "owl", "bee", "frog"]),
    "job": (["baker", "farmer", "doctor", "teacher", "pilot"], ["fisher", "painter", "postman"]),
    "weather": (["umbrella", "snowman", "snow"], ["scarf", "kite", "hat"]),
}


def write(path, split):
    rows = [f"{label}\t{frame.format(word)}"
            for label, words in TOPICS.items()
            for word in words[split]
            for frame in FRAMES]
    path.write_text("\n".join(rows) + "\n")
    return len(rows)


def main():
    out = Path(__file__).resolve().parents[2] / "static" / "corpora"
    train = write(out / "topics-train.tsv", 0)
    test = write(out / "topics-test.tsv", 1)
    print(f"wrote {train} training and {test} test sentences")


if __name__ == "__main__":
    main()
