#!/usr/bin/env python3
"""Writes static/corpora/toy-world.txt, toy-world-heldout.txt and polysemy.txt: a small,
consistent world in which the context always determines a masked word ("the cow says [MASK]" →
moo, "Anna works at the [MASK]" → bakery), so a tiny BERT visibly learns it within a minute of
training — and in which eight words are used in two senses each ("the duck swims near the bank
of the river", "Anna puts her coins in the bank"), so that the shipped model's contextual vectors
tell the senses apart in the Contextual-vectors lesson.

    python3 scripts/corpora/toy_world.py [OUT_DIR]

Each document is a day in the life of one person, and everything in it follows from who that
person is: their job, workplace and tool, the weekday they walk, that day's weather and the
animals they meet. So any masked word can be worked out from the rest of the document, and
sentence pairs from different documents visibly disagree (which is what next-sentence
prediction picks up). Every person also has two of the two-sense words in their life (Felix the
fisher sits on the river bank, Anna the baker keeps her coins in the bank), told in sentences
that make the sense plain. polysemy.txt has one document per word and sense, made of that
sense's sentences, for the lesson to follow a word through. About one possible sentence in six is reserved for the held-out file, so
its stories are made only of sentences the training file never contains — other combinations of
the same shapes and facts, using only words the training file has — and it measures what the
model learned rather than what it memorised. Deterministic (seeded);
BERT's format: one sentence per line, a blank line between documents.
"""
import random
import re
import sys
from pathlib import Path

from common import held_out, pick_sentences, write_documents

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
    # name: (pronoun, job, workplace, tool, work, weekday, weather, animals, two-sense words)
    "Anna": ("she", "baker", "bakery", "oven", "bakes bread", "Monday", "rainy", ("cow", "cat"),
             (("bank", "money"), ("match", "fire"))),
    "Ben": ("he", "farmer", "farm", "tractor", "grows wheat", "Tuesday", "sunny", ("pig", "horse"),
            (("spring", "water"), ("crane", "bird"))),
    "Clara": ("she", "doctor", "hospital", "stethoscope", "helps sick people", "Wednesday", "snowy", ("owl", "sheep"),
              (("light", "lamp"), ("bat", "animal"))),
    "David": ("he", "teacher", "school", "chalk", "teaches children", "Thursday", "windy", ("dog", "bee"),
              (("bat", "sport"), ("bark", "dog"))),
    "Emma": ("she", "pilot", "airport", "plane", "flies planes", "Friday", "sunny", ("duck", "frog"),
             (("light", "weight"), ("spring", "season"))),
    "Felix": ("he", "fisher", "harbor", "net", "catches fish", "Saturday", "rainy", ("cat", "duck"),
              (("bank", "river"), ("seal", "animal"))),
    "Grace": ("she", "painter", "studio", "brush", "paints pictures", "Sunday", "windy", ("horse", "bee"),
              (("bark", "tree"), ("match", "game"))),
    "Hugo": ("he", "postman", "post office", "bag", "brings letters", "Monday", "snowy", ("dog", "owl"),
             (("seal", "letter"), ("crane", "machine"))),
}

# The eight two-sense words of the Contextual-vectors lesson: every sentence of a sense makes that
# sense plain from its other words, using the world's own things and people.
SENSES = {
    "bank": {
        "river": ["The duck swims near the bank of the river.", "Felix sits on the river bank and catches fish.",
                  "The frog sleeps on the wet bank of the river.", "The river runs past the green bank.",
                  "Fish swim along the bank of the river.", "The grass on the river bank is wet.",
                "The cow walks down the bank to drink from the river.", "Reeds grow on the bank of the river.", "The fisher ties his boat to the river bank.", "The frog jumps from the bank into the river.", "The river floods its bank after the rain.", "Felix puts his net on the muddy bank of the river."],
        "money": ["Anna puts her coins in the bank.", "The bank keeps the money safe.",
                  "People take money from the bank.", "Anna saves her money at the bank.",
                  "The bank gives money to the baker.", "Every week Anna brings coins to the bank.",
                "The bank opens at nine in the morning.", "Anna pays the baker with money from the bank.", "The bank counts the coins.", "Anna asks the bank for money to buy an oven.", "The money in the bank grows every year.", "The people wait in the bank to get their money."],
    },
    "bat": {
        "animal": ["The bat flies out of the cave at night.", "The bat sleeps in the cave in the day.",
                   "Like the owl, the bat hunts at night.", "The bat hangs upside down in the cave.",
                   "At night the bat eats flies.", "Clara sees a bat fly out of the cave.",
                "The bat has wings and big ears.", "Many bats live together in the dark cave.", "The bat wakes up when the sun goes down.", "The owl and the bat fly in the dark.", "The little bat drinks from the pond at night.", "In the morning the bat flies back to the cave."],
        "sport": ["The children hit the ball with a bat.", "David brings a bat and a ball to the park.",
                  "He swings the bat and hits the ball.", "The bat is made of wood.",
                  "The children play in the park with a bat and a ball.", "David hits the ball far with the bat.",
                "The ball flies far when David hits it with the bat.", "The children take turns with the bat.", "David holds the bat with both hands.", "After the game the bat goes back in the bag.", "The teacher shows the children how to swing a bat.", "She hits the ball with the wooden bat."],
    },
    "bark": {
        "dog": ["The dog gives a loud bark.", "The bark of the dog wakes the cat.",
                "At night we hear the bark of the dog.", "The dog has a loud bark.",
                "The cat runs away from the loud bark.", "With a loud bark the dog says woof.",
                "The dog starts to bark at the postman.", "The bark of the dog is loud and angry.", "The little dog has a small bark.", "The sheep run when they hear the bark of the dog.", "A bark from the kennel wakes David.", "The dog gives a happy bark when David comes home."],
        "tree": ["The bark of the tree is rough and brown.", "Bees live under the bark of the old tree.",
                 "Grace paints the brown bark of the tree.", "The owl sits on the rough bark of the tree.",
                 "The tree is covered with thick bark.", "Grace touches the rough bark of the old tree.",
                "The bark keeps the tree safe.", "The old tree has grey bark.", "Beetles eat the bark of the tree.", "Grace peels a piece of bark from the tree.", "Moss grows on the bark of the tree.", "The bark of the young tree is smooth."],
    },
    "seal": {
        "animal": ["The seal swims in the sea and eats fish.", "The seal lies on the rocks by the harbor.",
                   "Felix sees a seal at the harbor.", "The seal dives into the cold sea.",
                   "The seal swims near the boats in the harbor.", "A seal catches fish in the sea.",
                "The seal sleeps on the rocks in the sun.", "The young seal swims after its mother in the sea.", "The fisher throws a fish to the seal.", "The seal rests on the rocks by the sea.", "A grey seal swims under the boat.", "The seal comes out of the cold water onto the rocks."],
        "letter": ["Hugo puts a seal on the letter.", "The letter has a red seal.",
                   "The postman looks at the seal on every letter.", "The seal of the letter is red.",
                   "Hugo presses the red seal onto the letter.", "The seal keeps the letter closed.",
                "Hugo breaks the seal and opens the letter.", "The king puts his seal on the letter.", "The wax seal on the letter is red.", "The postman brings a letter with a seal.", "Hugo keeps the seal with his letters.", "Nobody opens the letter before Hugo breaks the seal."],
    },
    "crane": {
        "bird": ["The crane stands in the pond on long legs.", "The crane eats fish and frogs.",
                 "A crane flies over the farm.", "The crane sleeps near the pond.",
                 "Ben sees a crane with long legs in the pond.", "The white crane catches a frog in the pond.",
                "The crane has long legs and a long neck.", "Two cranes dance in the field.", "The crane builds a nest near the pond.", "The grey crane walks slowly through the water.", "The crane flies south in winter.", "Ben hears the call of the crane over the farm."],
        "machine": ["At the harbor a big crane lifts heavy boxes.", "The crane lifts the boxes onto the ship.",
                    "The driver of the crane lifts heavy stones.", "A big crane stands at the harbor.",
                    "The big crane moves the heavy boxes.", "Hugo watches the crane lift a heavy box.",
                "The crane at the harbor is tall and yellow.", "The driver sits high up in the crane.", "The crane puts the boxes on the truck.", "Without the crane nobody can lift the heavy boxes.", "The crane builds a tall house in the town.", "The arm of the crane swings over the ship."],
    },
    "match": {
        "fire": ["Anna lights the oven with a match.", "She strikes a match to start the fire.",
                 "The match burns with a small flame.", "Anna keeps a box of matches near the oven.",
                 "A match makes a small fire.", "The baker lights a match in the dark bakery.",
                "Anna strikes the match on the box.", "The match goes out in the wind.", "A match gives a little flame in the dark.", "Anna lights a candle with a match.", "Be careful: a match can start a fire.", "The wet match does not burn."],
        "game": ["The children play a football match in the park.", "The team plays a match on Sunday.",
                 "Grace watches the football match.", "The match ends when the team scores a goal.",
                 "Everyone cheers at the end of the match.", "The two teams play a match in the park.",
                "Grace plays in a tennis match on Sunday.", "The match starts at three.", "Our team wins the match.", "The children talk about the match after school.", "Grace scores a goal in the match.", "Many people come to watch the match."],
    },
    "light": {
        "lamp": ["Clara turns on the light at night.", "The light in the hospital is bright.",
                 "Turn off the light and go to sleep.", "The light of the lamp is bright.",
                 "At night Clara reads by the light of the lamp.", "The bright light wakes the cat.",
                "The light goes on when Clara comes in.", "The lamp gives a warm light.", "Clara needs light to read.", "The light in the window is on all night.", "The doctor shines a light into the eye.", "Switch on the light, it is dark."],
        "weight": ["The bag is light and easy to lift.", "The hat is light.",
                   "The box is light, so Emma takes it.", "The plane is heavy, but the kite is light.",
                   "Emma takes a light bag to the airport.", "The light box is easy to lift.",
                "A feather is light.", "The kite is light, so the wind carries it.", "Emma carries the light box with one hand.", "The bag is not heavy, it is light.", "The little bird is very light.", "The light hat does not weigh much."],
    },
    "spring": {
        "season": ["In spring the flowers grow in the meadow.", "The sheep have lambs in spring.",
                   "After the winter comes the spring.", "In spring the days get warm.",
                   "Emma likes the warm days of spring.", "The birds sing in spring.",
                "In spring the trees get new leaves.", "The farmer sows wheat in spring.", "Spring comes after winter and before summer.", "The bees wake up in spring.", "In spring the snow melts.", "The spring days are long and warm."],
        "water": ["Fresh water comes from a spring in the hills.", "The horse drinks from the spring.",
                  "Ben fills his bottle at the spring.", "The spring gives cold water all year.",
                  "The water of the spring is cold and clean.", "The pig drinks from the spring on the farm.",
                "The cows drink from the spring near the farm.", "The spring comes out of the rocks.", "The water from the spring is fresh.", "Ben carries water from the spring.", "The spring never runs dry.", "A little stream runs from the spring to the river."],
    },
}

# Other words that fit each sense's sentences ("the duck swims near the shore of the river",
# "Anna puts her coins in the shop"). Context then changes what the model expects in the
# two-sense word's place — shore or bank by the river, shop or bank for coins — which is what makes
# its contextual vectors differ by sense; a word with only one possible filler would read the same
# in every sentence. Stories tell some of a sense's sentences again with these words instead.
RIVALS = {
    ("bank", "river"): ("shore", "edge"), ("bank", "money"): ("shop",),
    ("bat", "animal"): ("moth",), ("bat", "sport"): ("stick", "club"),
    ("bark", "dog"): ("growl", "howl"), ("bark", "tree"): ("skin",),
    ("seal", "animal"): ("otter",), ("seal", "letter"): ("stamp",),
    ("crane", "bird"): ("heron", "stork"), ("crane", "machine"): ("digger",),
    ("match", "fire"): ("lighter", "candle"), ("match", "game"): ("game",),
    ("light", "lamp"): ("lamp",), ("light", "weight"): ("tiny",),
    ("spring", "season"): ("summer",), ("spring", "water"): ("well",),
}


def with_rival(sentence, word, rival):
    """`sentence` with its one-sense `word` replaced by `rival` (article and capital kept right), or
    None where the rival is already in it or the word appears only in another form (bats)."""
    if re.search(rf"\b{rival}\b", sentence, re.I) or not re.search(rf"\b{word}\b", sentence, re.I):
        return None
    def swap(found):
        article, noun = found.group(1), found.group(2)
        replaced = a(rival) if article and article.strip().lower() in ("a", "an") else (article or "") + rival
        return replaced[0].upper() + replaced[1:] if (article or noun)[0].isupper() else replaced
    return re.sub(rf"\b((?:an? )?)({word})\b", swap, sentence, flags=re.I)


WEATHER = {
    # weather: (what people take, what the children do, what makes it)
    "rainy": ("umbrella", "stay inside", "rain"),
    "snowy": ("scarf", "build a snowman", "snow"),
    "sunny": ("hat", "play in the park", "sun"),
    "windy": ("kite", "fly a kite", "wind"),
}

COLOURS = {"sky": "blue", "grass": "green", "snow": "white", "sun": "yellow", "tomato": "red",
           "carrot": "orange", "coal": "black", "milk": "white"}


# Nouns that take no article ("the teacher uses chalk").
UNCOUNTABLE = {"chalk"}


def a(noun):
    """The noun with its indefinite article (none for an uncountable one)."""
    if noun in UNCOUNTABLE:
        return noun
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def templates(name, heard=None):
    """Every sentence the world can say about `name`'s day, grouped by part of the story; `heard`
    is one more (word, sense) the story tells of, so every sense is met in many stories."""
    pronoun, job, place, tool, work, day, weather, animals, senses = PEOPLE[name]
    if heard and heard not in senses:
        senses = senses + (heard,)
    item, activity, cause = WEATHER[weather]
    parts = {
        "start": [f"On {day}, {name} went for a walk.", f"{name} went for a walk on {day}.",
                  f"{name} walked on {day} because it was {weather}."],
        "weather": [f"The day was {weather}.", f"On {day} it was {weather}.",
                    f"Because it was {weather}, everyone took {a(item)}.", f"On {weather} days people take {a(item)}.",
                    f"The children {activity} on {weather} days.", f"It was {weather} on {day}, so {name} took {a(item)}.",
                    f"The {cause} makes the day {weather}.", f"On {day} the {cause} came, so {name} took {a(item)}.",
                    f"When it is {weather}, the children {activity}."],
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
    for word, sense in senses:
        parts[f"{word}-{sense}"] = SENSES[word][sense]
        for rival in RIVALS[(word, sense)]:
            parts[f"{rival}-for-{word}"] = [r for s in SENSES[word][sense] if (r := with_rival(s, word, rival))]
    parts["end"] = [f"In the evening {name} went home and slept.", f"In the evening the {job} went home.",
                    f"In the evening {name} told the children about the {animals[0]}.",
                    f"At home {name} talked about the {place}.", f"{name} looks at a picture of the {animals[1]}.",
                    f"At night {name} thought about the {weather} day."]
    return parts


def story(rng, name, evaluation, heard=None):
    # Meeting an animal comes first, when it is told.
    sentences = pick_sentences(rng, templates(name, heard), evaluation, "On the way")
    thing = rng.choice(list(COLOURS))
    colour = f"The {thing} is {COLOURS[thing]}."
    if held_out(colour) == evaluation:
        sentences.insert(-1, colour)
    return sentences


# Where the files go (argument 1; default static/corpora).
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "static" / "corpora"


def write(name, documents):
    return write_documents(OUT / name, documents)


def words(text):
    return set(re.findall(r"[a-z]+", text.lower()))


def main():
    rng = random.Random(2024)
    people = list(PEOPLE)
    senses = [(word, sense) for word in SENSES for sense in SENSES[word]]
    training = write("toy-world.txt", [story(rng, people[i % len(people)], False, senses[i % len(senses)])
                                       for i in range(80)])
    # One document per word and sense: every sentence of it, for the lesson to follow the word.
    write("polysemy.txt", [sentences for senses in SENSES.values() for sentences in senses.values()])
    # Sentences the training file never contains, in the same world: what was learned, not memorised.
    # A sentence with a word the training file never has ("The tomato is red.") is left out too:
    # no model can guess a word it has never seen, so it would measure the split, not the model.
    known = set().union(*map(words, training))
    heldout = [story(rng, people[i % len(people)], True, senses[(i * 5) % len(senses)]) for i in range(24)]
    heldout = [[s for s in doc if words(s) <= known] for doc in heldout]
    write("toy-world-heldout.txt", [doc for doc in heldout if len(doc) >= 2])


if __name__ == "__main__":
    main()
