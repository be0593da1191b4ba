#!/usr/bin/env python3
"""Writes the Korean toy world: static/corpora/toy-world-ko.txt, toy-world-ko-heldout.txt,
polysemy-ko.txt and topics-ko-train.tsv / topics-ko-test.tsv — the same idea as toy_world.py,
in Korean, for the shipped Korean model.

    python3 scripts/corpora/toy_world_ko.py [OUT_DIR]

Each document is a day in one person's life, and everything in it follows from who that person
is: job, workplace and tool, the weekday they walk, that day's weather and the animals they meet
(소는 음매 하고 운다 → the cow's sound; 민수는 빵집에서 일한다 → Minsu's workplace). Particles
(조사) follow the word before them (은/는, 이/가, 을/를, 와/과, 으로/로), so the model also learns
them from context. Five words are used in two senses each — 배 (boat, pear), 눈 (eye, snow),
말 (horse, speech), 밤 (night, chestnut), 다리 (leg, bridge) — in sentences that make the sense
plain; polysemy-ko.txt has one document per word and sense for the Contextual-vectors lesson.
About one possible sentence in six is kept out of training for the held-out file. The labelled
topics set (동물, 직업, 날씨) is split by topic like topics.py. Deterministic (seeded).
"""
import itertools
import random
import re
import sys
from pathlib import Path

from common import in_turn, pick_sentences, write_documents

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "static" / "corpora"


def has_final(word):
    """Whether the last syllable has a final consonant (받침)."""
    code = ord(word[-1]) - 0xAC00
    return 0 <= code < 11172 and code % 28 != 0


def josa(word, with_final, without_final):
    return word + (with_final if has_final(word) else without_final)


def eun(w): return josa(w, "은", "는")
def i(w): return josa(w, "이", "가")
def eul(w): return josa(w, "을", "를")
def gwa(w): return josa(w, "과", "와")
def ida(w): return josa(w, "이다", "다")


ANIMALS = {
    # animal: (sound, food, home)
    "소": ("음매", "풀", "외양간"),
    "개": ("멍멍", "뼈다귀", "개집"),
    "고양이": ("야옹", "생선", "바구니"),
    "오리": ("꽥꽥", "빵", "연못"),
    "양": ("메에", "클로버", "풀밭"),
    "말": ("히힝", "건초", "마구간"),
    "돼지": ("꿀꿀", "사과", "돼지우리"),
    "부엉이": ("부엉부엉", "쥐", "숲"),
    "벌": ("윙윙", "꿀", "벌집"),
    "개구리": ("개굴개굴", "파리", "웅덩이"),
}

PEOPLE = {
    # name: (job, workplace, tool, work, weekday, weather, animals, two-sense words)
    "민수": ("제빵사", "빵집", "오븐", "빵을 굽는다", "월요일", "비", ("소", "고양이"), (("배", "과일"), ("밤", "열매"))),
    "지은": ("농부", "농장", "트랙터", "밀을 기른다", "화요일", "맑음", ("돼지", "말"), (("말", "동물"), ("다리", "몸"))),
    "서연": ("의사", "병원", "청진기", "아픈 사람을 돌본다", "수요일", "눈", ("부엉이", "양"), (("눈", "몸"), ("밤", "시간"))),
    "준호": ("선생님", "학교", "분필", "아이들을 가르친다", "목요일", "바람", ("개", "벌"), (("말", "언어"), ("눈", "날씨"))),
    "하늘": ("조종사", "공항", "비행기", "비행기를 몬다", "금요일", "맑음", ("오리", "개구리"), (("다리", "건축"), ("배", "몸"))),
    "도윤": ("어부", "항구", "그물", "물고기를 잡는다", "토요일", "비", ("고양이", "오리"), (("배", "탈것"), ("다리", "건축"))),
    "수아": ("화가", "화실", "붓", "그림을 그린다", "일요일", "바람", ("말", "벌"), (("밤", "열매"), ("눈", "몸"))),
    "현우": ("우체부", "우체국", "가방", "편지를 나른다", "월요일", "눈", ("개", "부엉이"), (("다리", "몸"), ("말", "언어"))),
}

WEATHER = {
    # weather: (the day was..., on such days, what people take, what the children do)
    "비": ("비가 왔다", "비 오는", "우산", "집 안에서 논다"),
    "눈": ("눈이 왔다", "눈 오는", "목도리", "눈사람을 만든다"),
    "맑음": ("해가 떴다", "해가 뜬", "모자", "공원에서 논다"),
    "바람": ("바람이 불었다", "바람 부는", "연", "연을 날린다"),
}

# The five two-sense words: every sentence of a sense makes that sense plain.
SENSES = {
    "배": {
        "탈것": ["어부는 배를 타고 바다로 나간다.", "항구에 큰 배가 들어왔다.", "도윤은 배에서 그물을 던진다.",
               "배가 바다 위에 떠 있다.", "배를 타고 섬으로 간다.", "바람이 불어서 배가 흔들린다.",
               "배가 항구를 떠난다.", "어부들이 배 위에서 물고기를 잡는다.", "큰 배에는 사람이 많이 탄다.", "배는 바다를 건너 섬에 닿았다.", "도윤은 아침마다 배를 몬다.", "폭풍이 와서 배가 항구에 머문다.",
               "선장이 배를 몰고 항구로 돌아온다.", "배가 파도를 가르며 나아간다.", "배에 짐을 가득 실었다.", "섬까지 배로 한 시간이 걸린다."],
        "과일": ["배는 달고 시원한 과일이다.", "민수는 칼로 배를 깎았다.", "가을에 나무에서 배를 딴다.",
               "빵집 주인이 배로 빵을 만든다.", "배는 사과보다 크다.", "시장에서 배를 두 개 샀다.",
               "배나무에 배가 많이 열렸다.", "할머니가 배를 잘라 주셨다.", "배는 껍질이 노랗다.", "민수는 배와 사과를 샀다.", "잘 익은 배는 즙이 많다.", "아이들이 배를 그릇에 담는다.",
               "배는 나무에서 자라는 과일이다.", "농부가 과수원에서 배를 딴다.", "배 한 상자를 선물로 받았다.", "배를 갈아서 주스를 만들었다."],
        "몸": ["많이 먹어서 배가 부르다.", "아침을 안 먹어서 배가 고프다.", "하늘은 배가 아파서 병원에 갔다.",
              "배가 고파서 꼬르륵 소리가 난다.", "감기에 걸려서 배가 아팠다.", "배가 불러서 더 못 먹는다.",
               "너무 많이 웃어서 배가 아프다.", "점심을 먹어서 배가 부르다.", "의사가 배를 눌러 본다.", "달리기를 하고 나니 배가 고프다.", "아이가 배를 잡고 웃는다.", "저녁을 굶어서 배가 고프다.",
               "배에 손을 얹고 숨을 쉰다.", "아기의 배가 볼록하다.", "배를 따뜻하게 덮고 잤다.", "윗몸 일으키기를 하면 배가 단단해진다."],
    },
    "눈": {
        "몸": ["고양이는 눈이 크다.", "서연은 눈을 감고 잠을 잤다.", "부엉이는 밤에도 눈이 밝다.",
              "눈에 먼지가 들어갔다.", "의사가 눈을 살펴본다.", "아이가 눈을 크게 뜨고 본다.",
               "눈이 아파서 의사에게 갔다.", "고양이가 눈을 반짝인다.", "아기가 눈을 비비며 잠에서 깼다.", "눈을 뜨니 아침이었다.", "서연은 안경을 쓰면 눈이 편하다.", "부엉이는 눈이 동그랗다."],
        "날씨": ["겨울에 하얀 눈이 내린다.", "눈이 와서 길이 미끄럽다.", "아이들이 눈 위에서 논다.",
                "밤새 눈이 많이 쌓였다.", "준호는 내리는 눈을 바라본다.", "눈이 녹아서 물이 되었다.",
               "아이들이 눈으로 눈사람을 만든다.", "밤새 내린 눈이 마당을 덮었다.", "눈이 그치자 해가 떴다.", "겨울이 되면 산에 눈이 쌓인다.", "눈이 와서 학교에 늦었다.", "하얀 눈이 펑펑 내린다."],
    },
    "말": {
        "동물": ["말은 건초를 먹는다.", "말이 마구간에서 잔다.", "지은은 말을 타고 농장을 돈다.",
                "말이 들판을 빨리 달린다.", "말은 히힝 하고 운다.", "농부가 말에게 건초를 준다.",
               "말이 마차를 끈다.", "말은 꼬리가 길다.", "지은은 말에게 당근을 준다.", "말이 울타리를 뛰어넘었다.", "마구간에서 말이 잔다.", "흰 말이 풀밭에서 풀을 뜯는다."],
        "언어": ["아이들이 선생님의 말을 잘 들었다.", "준호는 말을 천천히 한다.", "그 말을 듣고 모두 웃었다.",
                "친구의 말이 맞았다.", "선생님은 쉬운 말로 가르친다.", "현우는 고맙다는 말을 했다.",
               "선생님의 말이 길었다.", "아이는 엄마의 말을 듣지 않았다.", "그는 말을 아끼는 사람이다.", "현우는 친구에게 미안하다는 말을 했다.", "할머니의 말씀처럼 그 말은 옳았다.", "준호의 말에 모두 고개를 끄덕였다."],
    },
    "밤": {
        "시간": ["밤에는 부엉이가 운다.", "밤이 되면 하늘이 어둡다.", "서연은 밤에 잠을 잔다.",
                "밤에는 별이 빛난다.", "밤이 깊어서 모두 잠들었다.", "밤새 비가 내렸다.",
               "밤에는 거리가 조용하다.", "밤이 되자 달이 떴다.", "어젯밤에 늦게 잤다.", "밤하늘에 별이 많다.", "밤에 부엉이가 숲에서 운다.", "밤에는 불을 끄고 잔다."],
        "열매": ["가을에 밤을 구워 먹는다.", "밤나무에서 밤이 떨어졌다.", "수아는 숲에서 밤을 주웠다.",
                "군밤은 밤을 구운 것이다.", "밤은 껍질이 단단하다.", "민수는 밤으로 빵을 만든다.",
               "밤을 삶아 먹으면 달다.", "밤송이에는 가시가 많다.", "가을 숲에서 밤을 줍는다.", "할아버지가 밤을 까 주셨다.", "군밤 장수가 밤을 굽는다.", "다람쥐가 밤을 물고 간다."],
    },
    "다리": {
        "몸": ["개는 다리가 네 개다.", "오래 걸어서 다리가 아프다.", "오리는 다리가 짧다.",
              "지은은 다리를 다쳐서 병원에 갔다.", "의사가 다리를 살펴본다.", "소는 다리가 튼튼하다.",
               "다리를 쭉 펴고 앉았다.", "새는 다리가 가늘다.", "축구를 하다가 다리를 다쳤다.", "아이의 다리가 길어졌다.", "돼지는 다리가 짧다.", "다리가 아파서 쉬었다."],
        "건축": ["강 위에 긴 다리가 있다.", "현우는 다리를 건너 마을로 간다.", "비행기에서 큰 다리가 보인다.",
                "다리 밑으로 오리가 헤엄쳐 간다.", "새 다리가 강을 잇는다.", "도윤은 다리 위에서 강을 본다.",
               "다리 위로 자동차가 지나간다.", "돌다리를 조심해서 건넌다.", "마을과 마을 사이에 다리를 놓았다.", "다리 아래로 강물이 흐른다.", "비가 많이 와서 다리가 잠겼다.", "하늘은 다리 위에서 사진을 찍었다."],
    },
}


# Other words that each fit many of a sense's sentences (어부는 보트를 타고 바다로 나간다), with the
# sentences each does not fit (고양이는 귀를 감고 ✗). Context then changes what the model expects in
# the two-sense word's place — 보트 or 배 at sea, 감 or 배 among fruit — which is what makes its
# contextual vectors differ by sense (toy_world.py says more).
RIVALS = {
    ("배", "탈것"): [("보트", ())],
    ("배", "과일"): [("감", ("사과보다", "배나무"))],
    ("배", "몸"): [("머리", ("부르", "고프", "고파", "불러", "볼록", "단단해", "덮고"))],
    ("눈", "몸"): [("귀", ("감", "뜨", "반짝", "안경")), ("코", ("감", "뜨", "반짝", "안경", "밝", "동그랗"))],
    ("눈", "날씨"): [("비", ("하얀", "위에서", "쌓", "녹", "눈사람", "덮")),
                   ("서리", ("위에서", "와서", "쌓", "내리는", "눈사람", "그치", "펑펑")),
                   ("얼음", ("내리", "내린", "와서", "쌓", "눈사람", "덮", "그치", "펑펑", "바라본"))],
    ("말", "동물"): [("당나귀", ("히힝",))], ("말", "언어"): [("이야기", ("아끼",))],
    ("밤", "시간"): [("저녁", ("깊어", "밤새", "어젯밤"))], ("밤", "열매"): [("도토리", ("군밤", "밤나무"))],
    ("다리", "몸"): [("팔", ("개는", "오리", "소는", "새는", "돼지", "걸어")),
                   ("발", ("짧", "튼튼", "쭉", "가늘", "길어")),
                   ("꼬리", ("개는", "걸어", "다쳐", "의사", "쭉", "축구", "아이", "아파", "튼튼"))],
    ("다리", "건축"): [("길", ("밑", "아래", "잠겼", "놓았", "돌다리", "비행기")),
                     ("댐", ("밑", "잇는", "잠겼", "놓았", "돌다리", "건너"))],
}

# Particles after a noun, longest first; a paired one takes the form the noun's last syllable
# asks for (보트를, 감을).
PAIRED = {"이": ("이", "가"), "가": ("이", "가"), "을": ("을", "를"), "를": ("을", "를"),
          "은": ("은", "는"), "는": ("은", "는"), "과": ("과", "와"), "와": ("과", "와"),
          "으로": ("으로", "로"), "로": ("으로", "로")}
PARTICLES = ["에서는", "에는", "에도", "에서", "에게", "으로", "보다", "처럼", "에", "의", "도", "만",
             "이", "가", "을", "를", "은", "는", "과", "와", "로"]


def with_rival(sentence, word, rival, unfit):
    """`sentence` with `word` (a whole noun, with or without a particle) replaced by `rival` and
    the particle matched to it, or None where the rival does not fit."""
    if rival in sentence or any(u in sentence for u in unfit):
        return None
    pattern = rf"(?<![가-힣]){word}({'|'.join(PARTICLES)})?(?![가-힣])"
    if not re.search(pattern, sentence):
        return None

    def swap(found):
        particle = found.group(1) or ""
        if particle in PAIRED:
            particle = josa(rival, *PAIRED[particle])[len(rival):]
        return rival + particle
    return re.sub(pattern, swap, sentence)

def templates(name, heard=None):
    """Every sentence the world can say about `name`'s day, by part of the story."""
    job, place, tool, work, day, weather, animals, senses = PEOPLE[name]
    happened, such, item, activity = WEATHER[weather]
    parts = {
        "start": [f"{day}에 {eun(name)} 산책을 나갔다.", f"{eun(name)} {day}에 산책을 했다.",
                  f"{happened}. 그래도 {eun(name)} 산책을 나갔다."],
        "weather": [f"그날은 {happened}.", f"{day}에는 {happened}.", f"{such} 날에는 사람들이 {eul(item)} 챙긴다.",
                    f"{such} 날에는 아이들이 {activity}.", f"{happened}. 그래서 {eun(name)} {eul(item)} 챙겼다.",
                    f"{day}에 {happened}. 그래서 {eun(name)} {eul(item)} 챙겼다."],
        "work": [f"{eun(name)} {ida(job)}.", f"{eun(name)} {place}에서 일한다.", f"매일 아침 {eun(name)} {place}에 간다.",
                 f"{eun(job)} {work}.", f"{eun(name)} {tool} 없이는 일을 못 한다.", f"{eun(job)} 날마다 {eul(tool)} 쓴다.",
                 f"{eun(job)} {place}에서 일한다.", f"{eun(name)} {place}에서 일하는 {ida(job)}.",
                 f"{place}에서 {eun(job)} {eul(tool)} 쓴다."],
    }
    for animal in animals:
        sound, food, home = ANIMALS[animal]
        parts[animal] = [f"가는 길에 {eun(name)} {eul(animal)} 만났다.", f"{eun(animal)} {sound} 하고 운다.",
                         f"{eun(animal)} {eul(food)} 먹는다.", f"{eun(animal)} {home}에서 잔다.",
                         f"{eun(animal)} {eul(food)} 좋아한다.", f"{eun(animal)} {home}에 산다.",
                         f"{i(animal)} {sound} 하고 울었다.", f"{eun(animal)} {eul(food)} 먹고 {home}에서 잔다.",
                         f"{eun(animal)} {sound} 하고 울며 {eul(food)} 먹는다.", f"{home}에서 {i(animal)} {sound} 하고 운다."]
    # One more (word, sense) the story tells of, so every sense is met in many stories.
    if heard and heard not in senses:
        senses = senses + (heard,)
    for word, sense in senses:
        parts[f"{word}-{sense}"] = SENSES[word][sense]
        for rival, unfit in RIVALS[(word, sense)]:
            parts[f"{rival}-for-{word}"] = [r for s in SENSES[word][sense]
                                            if (r := with_rival(s, word, rival, unfit))]
    parts["end"] = [f"저녁에 {eun(name)} 집에 가서 잤다.", f"저녁에 {eun(job)} 집으로 돌아갔다.",
                    f"저녁에 {eun(name)} 아이들에게 {animals[0]} 이야기를 했다."]
    return parts


def story(rng, name, evaluation, heard=None):
    return pick_sentences(rng, templates(name, heard), evaluation, "가는 길에")


# Topics for the fine-tuning lesson: (training topics, test topics) per label, each a topic's nouns.
TOPICS = {
    "동물": ([["소", "풀", "외양간"], ["개", "뼈다귀", "개집"], ["고양이", "생선", "바구니"], ["양", "클로버", "풀밭"],
            ["말", "건초", "마구간"]],
           [["돼지", "사과", "돼지우리"], ["부엉이", "쥐", "숲"], ["벌", "꿀", "벌집"], ["개구리", "파리", "웅덩이"]]),
    "직업": ([["제빵사", "빵집", "오븐"], ["농부", "농장", "트랙터"], ["의사", "병원", "청진기"], ["선생님", "학교", "분필"]],
           [["어부", "항구", "그물"], ["화가", "화실", "붓"], ["우체부", "우체국", "가방"]]),
    "날씨": ([["비", "우산", "집"], ["바람", "연", "하늘"]],
           [["눈", "목도리", "눈사람"], ["해", "모자", "공원"]]),
}
FRAMES = [
    "{name}{eun} 아이들에게 {a}{gwa} {b} 이야기를 했다.",
    "월요일에 아이들은 {a}{gwa} {b} 이야기를 했다.",
    "수아는 {a}{gwa} {b}{eul} 그렸다.",
    "아이들은 {a}{gwa} {b}{eul} 좋아한다.",
    "가는 길에 하늘은 {a}{gwa} {b}{eul} 보았다.",
    "저녁에 준호는 {a}{gwa} {b}{eul} 생각했다.",
    "서연은 {a}{gwa} {b} 이야기를 들었다.",
    "일요일에 모두 {a}{gwa} {b} 이야기를 했다.",
]
NAMES = ["민수", "지은", "현우", "도윤"]


def frame(template, a, b, name):
    text = template.replace("{a}{gwa}", gwa(a)).replace("{b}{eul}", eul(b)).replace("{b}", b)
    return text.replace("{name}{eun}", eun(name))


def topic_sentences(rng, topics, count):
    per_topic = []
    for words in topics:
        options = [frame(t, a, b, NAMES[k % len(NAMES)]) for k, ((a, b), t) in
                   enumerate(itertools.product(itertools.permutations(words, 2), FRAMES))]
        rng.shuffle(options)
        per_topic.append(options)
    return in_turn(per_topic, count)


def write(name, documents):
    return write_documents(OUT / name, documents)


def words(text):
    return set(re.findall(r"[가-힣]+", text))


def main():
    rng = random.Random(2025)
    people = list(PEOPLE)
    senses = [(word, sense) for word in SENSES for sense in SENSES[word]]
    training = write("toy-world-ko.txt", [story(rng, people[k % len(people)], False, senses[k % len(senses)])
                                          for k in range(80)])
    write("polysemy-ko.txt", [sentences for senses in SENSES.values() for sentences in senses.values()])
    known = set().union(*map(words, training))
    heldout = [story(rng, people[k % len(people)], True, senses[(k * 5) % len(senses)]) for k in range(24)]
    heldout = [[s for s in doc if words(s) <= known] for doc in heldout]
    write("toy-world-ko-heldout.txt", [doc for doc in heldout if len(doc) >= 2])
    for split, (path, count) in enumerate([("topics-ko-train.tsv", 60), ("topics-ko-test.tsv", 40)]):
        rng = random.Random(11 + split)
        rows = [f"{label}\t{sentence}" for label, topics in TOPICS.items()
                for sentence in topic_sentences(rng, topics[split], count)]
        (OUT / path).write_text("\n".join(rows) + "\n")
        print(f"wrote {OUT / path}: {len(rows)} sentences")


if __name__ == "__main__":
    main()
