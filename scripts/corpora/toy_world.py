#!/usr/bin/env python3
"""Writes static/corpora/toy-world.txt and toy-world-heldout.txt: a small, consistent world in
which the context always determines a masked word ("the cow says [MASK]" → moo, "Anna works at
the [MASK]" → bakery), so a tiny BERT visibly learns it within a minute of training.

    python3 scripts/corpora/toy_world.py

Each document is a day in the life of one person, and everything in it follows from who that
person is: their job, workplace and tool, the weekday they walk, that day's weather and the
animals they meet. So any masked word can be worked out from the rest of the document, and
sentence pairs from different documents visibly disagree (which is what next-sentence
prediction picks up). About one possible sentence in six is reserved for the held-out file, so
its stories are made only of sentences the training file never contains — other combinations of
the same shapes and facts, using only words the training file has — and it measures what the
model learned rather than what it memorised. Deterministic (seeded);
BERT's format: one sentence per line, a blank line between documents.
"""
import random
import re
from pathlib import Path

ANIMALS = {
    # animal: (sound, food, home)
    "cow": ("moo", "grass", "barn"),
    "dog": ("woof", "bones", "kennel"),
    "cat": ("meow", "fish", "basket"),
    "duck": ("quack", "bread", "pond"),
    "sheep": ("baa", "clover", "meadow"),
    "horse": ("neigh", "hay", "stable"),
    "pig": ("oink", "apples", "sty"),
    "owl": ("hoot", "mice", "tree"),
    "bee": ("buzz", "nectar", "hive"),
    "frog": ("croak", "flies", "pond"),
}

PEOPLE = {
    # name: (pronoun, job, workplace, tool, work, weekday, weather, animals)
    "Anna": ("she", "baker", "bakery", "oven", "bakes bread", "Monday", "rainy", ("cow", "cat")),
    "Ben": ("he", "farmer", "farm", "tractor", "grows wheat", "Tuesday", "sunny", ("pig", "horse")),
    "Clara": ("she", "doctor", "hospital", "stethoscope", "helps sick people", "Wednesday", "snowy", ("owl", "sheep")),
    "David": ("he", "teacher", "school", "chalk", "teaches children", "Thursday", "windy", ("dog", "bee")),
    "Emma": ("she", "pilot", "airport", "plane", "flies planes", "Friday", "sunny", ("duck", "frog")),
    "Felix": ("he", "fisher", "harbor", "net", "catches fish", "Saturday", "rainy", ("cat", "duck")),
    "Grace": ("she", "painter", "studio", "brush", "paints pictures", "Sunday", "windy", ("horse", "bee")),
    "Hugo": ("he", "postman", "post office", "bag", "brings letters", "Monday", "snowy", ("dog", "owl")),
}

WEATHER = {
    # weather: (what people take, what the children do)
    "rainy": ("umbrella", "stay inside"),
    "snowy": ("scarf", "build a snowman"),
    "sunny": ("hat", "play in the park"),
    "windy": ("kite", "fly a kite"),
}

COLOURS = {"sky": "blue", "grass": "green", "snow": "white", "sun": "yellow", "tomato": "red",
           "carrot": "orange", "coal": "black", "milk": "white"}


def a(noun):
    """The noun with its indefinite article."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def templates(name):
    """Every sentence the world can say about `name`'s day, grouped by part of the story, as
    (shape, sentence) pairs; the shape identifies the template."""
    pronoun, job, place, tool, work, day, weather, animals = PEOPLE[name]
    item, activity = WEATHER[weather]
    parts = {
        "start": [f"On {day}, {name} went for a walk.", f"{name} went for a walk on {day}.",
                  f"{name} walked on {day} because it was {weather}."],
        "weather": [f"The day was {weather}.", f"On {day} it was {weather}.",
                    f"Because it was {weather}, everyone took {a(item)}.", f"On {weather} days people take {a(item)}.",
                    f"The children {activity} on {weather} days.", f"It was {weather} on {day}, so {name} took {a(item)}."],
        "work": [f"{name} is {a(job)}.", f"{name} works at the {place}.", f"Every morning {name} goes to the {place}.",
                 f"As {a(job)}, {pronoun} {work}.", f"{name} cannot work without {a(tool)}.",
                 f"The {job} uses {a(tool)} every day.", f"The {job} works at the {place}.",
                 f"{name} is {a(job)} and works at the {place}.", f"At the {place}, the {job} uses {a(tool)}."],
    }
    for animal in animals:
        sound, food, home = ANIMALS[animal]
        parts[animal] = [f"On the way {pronoun} met {a(animal)}.", f"The {animal} says {sound}.",
                         f"The {animal} eats {food}.", f"The {animal} sleeps in the {home}.",
                         f"The {animal} likes {food}.", f"The {animal} lives in the {home}.",
                         f"{a(animal).capitalize()} says {sound}.", f"The {animal} eats {food} and sleeps in the {home}.",
                         f"The {animal} says {sound} and eats {food}.", f"In the {home}, the {animal} says {sound}."]
    parts["end"] = [f"In the evening {name} went home and slept.", f"In the evening the {job} went home."]
    return parts


def held_out(sentence):
    """About one sentence in six is kept for evaluation only (fixed by its text, not by chance)."""
    return sum(sentence.encode()) % 6 == 0


def story(rng, name, evaluation):
    sentences = []
    for part, options in templates(name).items():
        options = [s for s in options if held_out(s) == evaluation]
        if not options:
            continue
        count = 1 if part in ("start", "end") else min(len(options), 2 if evaluation else 3)
        chosen = rng.sample(options, count)
        # Meeting an animal comes first, when it is told.
        chosen.sort(key=lambda s: not s.startswith("On the way"))
        sentences += chosen
    thing = rng.choice(list(COLOURS))
    colour = f"The {thing} is {COLOURS[thing]}."
    if held_out(colour) == evaluation:
        sentences.insert(-1, colour)
    return sentences


def write(name, documents):
    out = Path(__file__).resolve().parents[2] / "static" / "corpora" / name
    out.write_text("\n\n".join("\n".join(doc) for doc in documents) + "\n")
    print(f"wrote {out}: {len(documents)} documents, {sum(map(len, documents))} sentences")
    return {sentence for doc in documents for sentence in doc}


def words(text):
    return set(re.findall(r"[a-z]+", text.lower()))


def main():
    rng = random.Random(2024)
    people = list(PEOPLE)
    training = write("toy-world.txt", [story(rng, people[i % len(people)], False) for i in range(40)])
    # Sentences the training file never contains, in the same world: what was learned, not memorised.
    # A sentence with a word the training file never has ("The tomato is red.") is left out too:
    # no model can guess a word it has never seen, so it would measure the split, not the model.
    known = set().union(*map(words, training))
    heldout = [story(rng, people[i % len(people)], True) for i in range(24)]
    heldout = [[s for s in doc if words(s) <= known] for doc in heldout]
    write("toy-world-heldout.txt", [doc for doc in heldout if len(doc) >= 2])


if __name__ == "__main__":
    main()
