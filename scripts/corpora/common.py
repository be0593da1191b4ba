"""What the corpus generators share: which sentences are held out for evaluation, how a story
picks its sentences, how topic sentences are taken in turn, and how documents are written."""
import itertools


def held_out(sentence):
    """About one sentence in six is kept for evaluation only (fixed by its text, not by chance)."""
    return sum(sentence.encode()) % 6 == 0


def pick_sentences(rng, parts, evaluation, first_prefix):
    """One or more sentences of each part of a story (only held-out ones when `evaluation`);
    a sentence starting with `first_prefix` (meeting an animal on the way) comes first in its part."""
    sentences = []
    for part, options in parts.items():
        options = [s for s in options if held_out(s) == evaluation]
        if not options:
            continue
        count = 1 if part in ("start", "end") else min(len(options), 2 if evaluation else 3)
        chosen = rng.sample(options, count)
        chosen.sort(key=lambda s: not s.startswith(first_prefix))
        sentences += chosen
    return sentences


def in_turn(per_topic, count):
    """`count` sentences taken from each topic's shuffled options in turn."""
    chosen = []
    for options in itertools.cycle(per_topic):
        if len(chosen) == count or not any(per_topic):
            break
        if options:
            chosen.append(options.pop())
    return chosen


def write_documents(path, documents):
    """BERT's format: one sentence per line, a blank line between documents. Returns the sentences."""
    path.write_text("\n\n".join("\n".join(doc) for doc in documents) + "\n")
    print(f"wrote {path}: {len(documents)} documents, {sum(map(len, documents))} sentences")
    return {sentence for doc in documents for sentence in doc}
