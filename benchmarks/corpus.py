"""A synthetic, deterministic news corpus for kg's scale benchmarks.

Everything comes from the repo: the actor names are those of ``ontologies/actors.csv``
(through :func:`kg.link.gazetteer.load_kb`), the sentences are the templates below —
cooperation, attacks, extradition, sanctions, membership, meetings, denials,
allegations and hypotheticals between states, armed groups and intergovernmental
organisations — padded with connective filler sentences so that each ~750-word article
reads like a wire story and the parser has realistic work. The same ``seed`` and ``n``
give byte-identical output.

    python benchmarks/corpus.py OUT_DIR                  # 2,000 articles, ~1.5 M words
    python benchmarks/corpus.py OUT_DIR -n 200 --gzip    # OUT_DIR/corpus.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from kg.link.gazetteer import load_kb
from kg.types import Entity

WORDS_PER_ARTICLE = 750

#: {a}/{b}: actors; {g}: armed group; {o}: organisation; {p}: person; {city}: a capital;
#: {month}, {year}, {n}: filled at random.
STATE_PAIR = [
    "{a} and {b} agreed on {weekday} to expand intelligence sharing against {g}.",
    "{a} signed a defence cooperation agreement with {b} in {month} {year}.",
    "{a} accused {b} of harbouring fighters of {g} along their common border.",
    "{a} imposed sanctions on {b} after talks on the disputed border collapsed.",
    "{a} extradited {p} to {b} last week, officials in {city} confirmed.",
    "{b} asked {a} to extradite {p}, who is wanted over the financing of {g}.",
    "The foreign minister of {a} met her counterpart from {b} in {city} on {weekday}.",
    "{a} denied that it had supplied weapons to {g}.",
    "{a} did not attack {b}, the defence ministry said in a statement.",
    "{a} reportedly provided drones to {b} earlier this year, according to diplomats.",
    "If {b} attacks its neighbour, {a} would impose new sanctions, the minister warned.",
    "{a} could join {o} next year if its application is approved.",
    "{a} condemned the strikes carried out by {b} near the border.",
    "{a} and {b} held joint military exercises in {month}.",
    "{a} expelled two diplomats of {b}, accusing them of espionage.",
    "{a} recalled its ambassador from {b} for consultations.",
    "{a} allegedly financed {g}, according to a report seen by this newspaper.",
    "{a} supports {b} with training and equipment for its border guards.",
    "{a} mediated talks between {b} and {g} in {city}.",
    "{b} welcomed the decision of {a} to reopen its embassy.",
]
GROUP = [
    "{g} attacked a military base in the north of {a}, killing {n} soldiers.",
    "{g} claimed responsibility for the bombing in {city}.",
    "{a} launched airstrikes against {g} positions overnight.",
    "{g} is accused of kidnapping {n} aid workers near the border with {b}.",
    "{g} denied any involvement in the attack on the convoy.",
    "Security forces of {a} killed a senior commander of {g} in a raid.",
    "{g} and {h} fought for control of the border crossing for several days.",
    "{a} designated {g} as a terrorist organisation in {month} {year}.",
    "{g} reportedly receives funding from networks operating in {b}.",
    "{g} threatened to retaliate against {a} for the arrests.",
]
ORG = [
    "{a} joined {o} in {year}, becoming its newest member.",
    "{o} suspended {a} after the military seized power.",
    "{o} imposed sanctions on {g} and three of its leaders.",
    "{o} deployed observers to {a} ahead of the elections.",
    "{a} withdrew from {o} in protest at the decision.",
    "{o} condemned the attack by {g} and called for restraint.",
    "{a} is a member of {o} and hosts its regional office.",
    "{o} and {a} signed a memorandum of understanding on counter-terrorism.",
    "Officials from {o} met leaders of {a} and {b} in {city}.",
    "{o} called on {a} to release the detained journalists.",
]
FILLER = [
    "The announcement came after weeks of tension in the region.",
    "Analysts said the move reflected a broader shift in regional alliances.",
    "The statement did not give further details.",
    "Diplomats said the negotiations had been difficult but constructive.",
    "Local residents described scenes of panic as the fighting spread.",
    "The government has repeatedly rejected such claims in the past.",
    "Humanitarian organisations warned that the situation could deteriorate quickly.",
    "Markets reacted calmly to the news, with the currency little changed.",
    "The opposition criticised the decision as hasty and poorly prepared.",
    "It was not immediately possible to verify the figures independently.",
    "The talks are expected to resume after the holiday period.",
    "Observers noted that similar agreements had collapsed in previous years.",
    "A spokesman declined to comment on the details of the operation.",
    "The ministry said that the investigation was still under way.",
    "Thousands of people have fled their homes since the beginning of the year.",
    "Officials expressed hope that the agreement would restore stability.",
    "The parliament is due to debate the measure next month.",
    "Critics argue that the sanctions have done little to change behaviour on the ground.",
    "Several foreign governments have urged all parties to exercise restraint.",
    "The region has long been a hub for smuggling of fuel, weapons and people.",
    "Independent experts say the numbers are likely to be higher.",
    "The president is expected to address the nation later this week.",
    "A senior official, speaking on condition of anonymity, described the talks as tense.",
    "The decision was taken at an emergency meeting of the cabinet on {weekday}.",
    "In {city}, hundreds of protesters gathered outside the parliament building.",
    "Aid convoys have been unable to reach the worst-hit districts for {n} days.",
    "Prices of bread and fuel have risen sharply since {month}.",
    "The report, published on {weekday}, runs to more than {n} pages.",
]
HEADLINES = [
    "{a} And {b} Agree New Security Pact",
    "{g} Attack Kills {n} In {a}",
    "{o} Weighs Sanctions On {a}",
    "{a} Extradites Suspect To {b}",
    "Talks Between {a} And {b} Stall",
    "{a} Denies Backing {g}",
]
PERSONS = [
    "Ahmed Karimi", "Maria Lopez", "Ibrahim Musa", "Olena Kovalenko", "Daniel Okafor",
    "Fatima Rahman", "Chen Wei", "Samuel Mensah", "Aisha Bello", "Yusuf Demir",
    "Raja Najabat Hussain", "Pierre Lambert", "Nadia Haddad", "Tomas Novak", "Kwame Asante",
]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SOURCES = ["Example Wire", "Regional Desk", "Global Monitor", "Security Review"]
_THE_STATES = ("United ", "Central African", "Democratic Republic", "Republic of", "Czech",
               "Netherlands", "Philippines", "Gambia", "Bahamas", "Maldives", "Comoros")  # fmt: skip
_THE_GROUPS = ("Network", "Army", "Front", "Forces", "Group", "Party", "Province", "Units", "Movement")


def _name(e: Entity) -> str:
    """The actor's label as a newspaper writes it ("the African Union", "Pakistan", "NATO")."""
    label = e.label
    if e.type == "State":
        return "the " + label if label.startswith(_THE_STATES) else label
    if e.type == "ArmedGroup":
        the = label.endswith(_THE_GROUPS) or label in ("Taliban", "Houthis", "Islamic State")
        return "the " + label if the else label
    return label if label.isupper() or label[-1].isdigit() and label[0] != "G" or label == "Interpol" else "the " + label


class _Actors:
    def __init__(self) -> None:
        kb = load_kb()
        self.kb = kb
        by_type: dict[str, list[Entity]] = {}
        for e in sorted(kb.entities(), key=lambda e: e.key):
            by_type.setdefault(e.type, []).append(e)
        self.states = by_type["State"]
        self.groups = by_type["ArmedGroup"]
        self.orgs = by_type["IntergovernmentalOrganisation"]

    def capital(self, e: Entity, rng: random.Random) -> str:
        caps = self.kb.names(e.key, "capital")
        return caps[0] if caps else rng.choice(["Geneva", "Brussels", "Doha", "Addis Ababa", "Vienna"])


def _fill(template: str, slots: dict[str, str]) -> str:
    text = template.format(**slots)
    return text[0].upper() + text[1:]


def article(rng: random.Random, actors: _Actors, index: int, *, words: int = WORDS_PER_ARTICLE) -> dict[str, str]:
    """One news-like article (a JSONL record) about a few actors."""
    a, b = rng.sample(actors.states, 2)
    g, h = rng.sample(actors.groups, 2)
    o = rng.choice(actors.orgs)
    day = date(2020, 1, 1) + timedelta(days=rng.randrange(5 * 365))

    def slots() -> dict[str, str]:
        # mostly the article's main actors, sometimes a passing mention of another
        pa, pb = (a, b) if rng.random() < 0.75 else rng.sample(actors.states, 2)
        if rng.random() < 0.5:
            pa, pb = pb, pa
        return {
            "a": _name(pa), "b": _name(pb), "g": _name(g if rng.random() < 0.8 else h), "h": _name(h),
            "o": _name(o), "p": rng.choice(PERSONS), "city": actors.capital(pa, rng),
            "month": rng.choice(MONTHS), "year": str(rng.randrange(2015, 2025)),
            "weekday": rng.choice(WEEKDAYS), "n": str(rng.randrange(2, 60)),
        }  # fmt: skip

    headline = _fill(rng.choice(HEADLINES), {**slots(), "a": a.label, "b": b.label, "g": g.label, "o": o.label})
    paragraphs: list[str] = []
    count = 0
    while count < words:
        sentences = []
        for _ in range(rng.randrange(2, 5)):
            kind = rng.random()
            pool = STATE_PAIR if kind < 0.3 else GROUP if kind < 0.45 else ORG if kind < 0.55 else FILLER
            sentence = _fill(rng.choice(pool), slots())
            sentences.append(sentence)
            count += len(sentence.split())
        paragraphs.append(" ".join(sentences))
    dateline = f"{actors.capital(a, rng).upper()}, {day:%d %B %Y} —"
    text = f"{headline}\n\n{dateline} " + "\n\n".join(paragraphs)
    return {
        "title": headline,
        "date": day.isoformat(),
        "source": SOURCES[index % len(SOURCES)],
        "url": f"https://example.org/bench/{index:06d}",
        "text": text,
    }


def iter_corpus(n: int, *, seed: int = 13, words: int = WORDS_PER_ARTICLE) -> Iterator[dict[str, str]]:
    """``n`` article records, deterministic for a given ``seed``.

    >>> [r["url"] for r in iter_corpus(2)]
    ['https://example.org/bench/000000', 'https://example.org/bench/000001']
    """
    rng = random.Random(seed)
    actors = _Actors()
    for i in range(n):
        yield article(rng, actors, i, words=words)


def write_corpus(out_dir: str | Path, n: int = 2000, *, seed: int = 13, gz: bool = False,
                 words: int = WORDS_PER_ARTICLE) -> Path:
    """Write ``n`` articles to ``out_dir/corpus.jsonl`` (``.jsonl.gz`` with ``gz``); returns the path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / ("corpus.jsonl.gz" if gz else "corpus.jsonl")
    # mtime=0: the gzip header carries no timestamp, so the same corpus is the same bytes
    raw = gzip.GzipFile(path, "wb", mtime=0) if gz else open(path, "wb")  # noqa: SIM115
    with raw as fh:
        for record in iter_corpus(n, seed=seed, words=words):
            fh.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", help="folder to write corpus.jsonl into")
    parser.add_argument("-n", "--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--words", type=int, default=WORDS_PER_ARTICLE, help="about this many words an article")
    parser.add_argument("--gzip", action="store_true", help="write corpus.jsonl.gz")
    args = parser.parse_args(argv)
    path = write_corpus(args.out_dir, args.articles, seed=args.seed, gz=args.gzip, words=args.words)
    print(path)


if __name__ == "__main__":
    main()
