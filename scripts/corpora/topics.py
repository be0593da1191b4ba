#!/usr/bin/env python3
"""Writes static/corpora/topics-train.tsv and topics-test.tsv: a labelled set for the
Fine-tuning lesson (label<TAB>sentence; labels animal, job, weather), balanced between labels.

    python3 scripts/corpora/topics.py [OUT_DIR]

Each sentence names two things of its topic from the toy world (an animal and its food or
home; a job and its workplace or tool; rain, sun, snow or wind and what people take or make in
it), in a frame that says nothing about the topic itself ("Anna told Ben about the cow and the barn."), so the
topic is carried by those words together. The split is by topic: the test sentences are about
animals, jobs and weathers the training sentences never mention, with their own things. A
classifier fine-tuned from a randomly initialised BERT has never seen those words and can only
guess; one fine-tuned from a BERT pre-trained on toy-world.txt already knows that a pig, apples
and a sty go together like a cow, grass and a barn. That difference is what pre-training buys,
and the lesson shows it.
"""
import itertools
import random
import sys
from pathlib import Path

from common import in_turn

# Said about every topic alike, in the toy world's own words.
FRAMES = [
    "Anna told Ben about the {} and the {}.",
    "On Monday the children talked about the {} and the {}.",
    "Grace paints pictures of the {} and the {}.",
    "The children like the {} and the {}.",
    "On the way Emma met the {} and the {}.",
    "Every morning Hugo looks at the {} and the {}.",
    "In the evening David went home and thought of the {} and the {}.",
    "Clara told the children about the {} and the {}.",
    "Felix took a picture of the {} and the {}.",
    "On Sunday everyone talked about the {} and the {}.",
]

# label: (topics for training, topics for testing); a topic is the nouns that go with it in the
# toy world (an animal, its food and home; a job, its workplace and tool; a weather and what
# people take or make in it).
TOPICS = {
    "animal": (
        [["cow", "grass", "barn"], ["dog", "bones", "kennel"], ["cat", "fish", "basket"],
         ["duck", "bread", "pond"], ["sheep", "clover", "meadow"], ["horse", "hay", "stable"]],
        [["pig", "apples", "sty"], ["owl", "mice", "tree"], ["bee", "nectar", "hive"], ["frog", "flies", "pond"]],
    ),
    "job": (
        [["baker", "bakery", "oven"], ["farmer", "farm", "tractor"], ["doctor", "hospital", "stethoscope"],
         ["teacher", "school", "chalk"], ["pilot", "airport", "plane"]],
        [["fisher", "harbor", "net"], ["painter", "studio", "brush"], ["postman", "post office", "bag"]],
    ),
    "weather": (
        [["rain", "umbrella"], ["sun", "hat", "park"]],
        [["snow", "scarf", "snowman"], ["wind", "kite"]],
    ),
}

PER_LABEL = {0: 60, 1: 40}  # sentences per label: training, test

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "static" / "corpora"


def sentences(rng, topics, count):
    """`count` different sentences, taking the topics in turn, each naming two of a topic's words."""
    per_topic = []
    for words in topics:
        options = [frame.format(a, b) for a, b in itertools.permutations(words, 2) for frame in FRAMES]
        rng.shuffle(options)
        per_topic.append(options)
    return in_turn(per_topic, count)


def write(path, split):
    rng = random.Random(7 + split)
    rows = [f"{label}\t{sentence}"
            for label, topics in TOPICS.items()
            for sentence in sentences(rng, topics[split], PER_LABEL[split])]
    path.write_text("\n".join(rows) + "\n")
    return len(rows)


def main():
    train = write(OUT / "topics-train.tsv", 0)
    test = write(OUT / "topics-test.tsv", 1)
    print(f"wrote {train} training and {test} test sentences")


if __name__ == "__main__":
    main()
