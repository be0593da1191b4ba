#!/usr/bin/env python3
"""Writes static/corpora/toy-world.txt: a small, consistent world where the context always
determines a masked word ("the cow says [MASK]" → moo, "Anna bakes bread in the [MASK]" →
bakery), so a tiny BERT visibly learns it within a minute of training in the browser.

    python3 scripts/corpora/toy_world.py

Deterministic (seeded). BERT's format: one sentence per line, a blank line between documents.
Every fact below is stated many times in different sentence shapes; the documents are little
stories, so consecutive sentences belong together (which is what next-sentence prediction
learns).
"""
import random
from pathlib import Path

ANIMALS = {
    # animal: (sound verb, sound, food, home)
    "cow": ("says", "moo", "grass", "barn"),
    "dog": ("barks", "woof", "bones", "kennel"),
    "cat": ("says", "meow", "fish", "basket"),
    "duck": ("says", "quack", "bread", "pond"),
    "sheep": ("says", "baa", "clover", "meadow"),
    "horse": ("says", "neigh", "hay", "stable"),
    "pig": ("says", "oink", "apples", "sty"),
    "owl": ("says", "hoot", "mice", "tree"),
    "bee": ("says", "buzz", "nectar", "hive"),
    "frog": ("says", "croak", "flies", "pond"),
}

PEOPLE = {
    # name: (pronoun, job, workplace, tool, thing made or done)
    "Anna": ("she", "baker", "bakery", "oven", "bakes bread"),
    "Ben": ("he", "farmer", "farm", "tractor", "grows wheat"),
    "Clara": ("she", "doctor", "hospital", "stethoscope", "helps sick people"),
    "David": ("he", "teacher", "school", "chalk", "teaches children"),
    "Emma": ("she", "pilot", "airport", "plane", "flies to the city"),
    "Felix": ("he", "fisher", "harbor", "net", "catches fish"),
    "Grace": ("she", "painter", "studio", "brush", "paints pictures"),
    "Hugo": ("he", "postman", "post office", "bag", "brings letters"),
}

COLOURS = {"sky": "blue", "grass": "green", "snow": "white", "sun": "yellow", "night": "dark",
           "tomato": "red", "banana": "yellow", "carrot": "orange", "coal": "black", "leaf": "green"}

WEATHER = {
    # weather: (what people carry or wear, what they do)
    "rainy": ("umbrella", "stay inside"),
    "snowy": ("scarf", "build a snowman"),
    "sunny": ("hat", "play in the park"),
    "windy": ("kite", "fly a kite"),
}

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def animal_sentences(rng, animal):
    verb, sound, food, home = ANIMALS[animal]
    return rng.sample([
        f"The {animal} {verb} {sound}.",
        f"The {animal} eats {food}.",
        f"The {animal} sleeps in the {home}.",
        f"When the {animal} is hungry, it eats {food}.",
        f"At night the {animal} goes back to the {home}.",
        f"We heard a {sound} and knew it was the {animal}.",
        f"The {animal} likes {food} more than anything.",
        f"The {home} is where the {animal} lives.",
    ], 3)


def person_sentences(rng, name):
    pronoun, job, place, tool, work = PEOPLE[name]
    return rng.sample([
        f"{name} is a {job}.",
        f"{name} works at the {place}.",
        f"Every morning {name} goes to the {place}.",
        f"As a {job}, {pronoun} {work}.",
        f"{name} {work} at the {place}.",
        f"{name} cannot work without a {tool}.",
        f"The {job} uses a {tool} every day.",
    ], 3)


def colour_sentence(rng):
    thing = rng.choice(list(COLOURS))
    colour = COLOURS[thing]
    return rng.choice([f"The {thing} is {colour}.", f"Everyone knows the {thing} is {colour}.",
                       f"{colour.capitalize()} is the colour of the {thing}."])


def weather_sentences(rng, weather):
    item, activity = WEATHER[weather]
    return [
        f"The day was {weather}.",
        rng.choice([f"Because it was {weather}, everyone took a {item}.",
                    f"On {weather} days people take a {item}."]),
        rng.choice([f"On {weather} days the children {activity}.",
                    f"It was {weather}, so the children could {activity}."]),
    ]


def document(rng, index):
    name = rng.choice(list(PEOPLE))
    pronoun = PEOPLE[name][0]
    day = DAYS[index % len(DAYS)]
    weather = rng.choice(list(WEATHER))
    animals = rng.sample(list(ANIMALS), 2)
    sentences = [f"On {day}, {name} went for a walk."]
    sentences += weather_sentences(rng, weather)
    sentences += person_sentences(rng, name)
    for animal in animals:
        sentences.append(f"On the way {pronoun} met a {animal}.")
        sentences += animal_sentences(rng, animal)
    sentences.append(colour_sentence(rng))
    sentences.append(f"In the evening {name} went home and slept.")
    return sentences


def main():
    rng = random.Random(2024)
    documents = [document(rng, i) for i in range(30)]
    out = Path(__file__).resolve().parents[2] / "static" / "corpora" / "toy-world.txt"
    out.write_text("\n\n".join("\n".join(doc) for doc in documents) + "\n")
    print(f"wrote {out}: {len(documents)} documents, {sum(map(len, documents))} sentences")


if __name__ == "__main__":
    main()
