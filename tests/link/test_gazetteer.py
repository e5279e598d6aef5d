"""Tests for the reference knowledge base of actors (kg.link.gazetteer, ontologies/actors.csv)."""

from __future__ import annotations

import csv
import importlib.util
import warnings
from pathlib import Path

import pycountry
import pytest
import spacy

from kg.errors import InputError
from kg.link.gazetteer import ActorKB, bundled_path, load_kb, normalise

ROOT = Path(__file__).resolve().parents[2]
ACTOR_TYPES = {"State", "IntergovernmentalOrganisation", "ArmedGroup",
               "PoliticalOrganisation", "Organisation"}  # fmt: skip
HEADER = "key,label,type,wikidata,iso_alpha2,iso_alpha3,aliases,demonyms,capitals,nationality,source\n"


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return load_kb()


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with bundled_path().open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("U.S.", "united-states"),
        ("US", "united-states"),
        ("the United States", "united-states"),
        ("America", "united-states"),
        ("U.K.", "united-kingdom"),
        ("Britain", "united-kingdom"),
        ("Pakistan", "pakistan"),
        ("Pakistan's", "pakistan"),
        ("Pakistan’s", "pakistan"),
        ("Islamic Republic of Pakistan", "pakistan"),
        ("Russian Federation", "russia"),
        ("Türkiye", "turkey"),
        ("Turkiye", "turkey"),
        ("Ivory Coast", "cote-divoire"),
        ("Côte d’Ivoire", "cote-divoire"),
        ("DRC", "dr-congo"),
        ("ISIS-K", "iskp"),
        ("IS-K", "iskp"),
        ("ISKP", "iskp"),
        ("Islamic State Khorasan Province", "iskp"),
        ("Islamic State – Khorasan Province", "iskp"),
        ("Islamic State—Khorasan Province", "iskp"),
        ("IS", "islamic-state"),
        ("ISIS", "islamic-state"),
        ("Daesh", "islamic-state"),
        ("al-Qaeda", "al-qaeda"),
        ("Al Qaeda", "al-qaeda"),
        ("al-Qaida", "al-qaeda"),
        ("Shanghai Cooperation Organization", "sco"),
        ("Shanghai Cooperation Organisation", "sco"),
        ("SCO", "sco"),
        ("the Taliban", "taliban"),
        ("Taliban's", "taliban"),
        ("Tehreek-e-Taliban Pakistan", "ttp"),
        ("Pakistani Taliban", "ttp"),
        ("LeT", "lashkar-e-taiba"),
        ("Kata’ib Hezbollah", "kataib-hezbollah"),
        ("Hayat Tahrir al Sham", "hts"),
        ("UN", "un"),
        ("U.N. Security Council", "unsc"),
        ("Nato", "nato"),
        ("African Union", "african-union"),
        ("AU", "african-union"),
        ("Kosovo", "kosovo"),
    ],
)
def test_lookup(kb: ActorKB, text: str, key: str) -> None:
    entity = kb.lookup(text)
    assert entity is not None and entity.key == key


@pytest.mark.parametrize(
    "text", ["us", "Us", "is", "Is", "un", "au", "let", "who", "aq", "Islamabad", "Pakistani", "Guam", "Congo", ""]
)
def test_lookup_misses(kb: ActorKB, text: str) -> None:
    assert kb.lookup(text) is None


@pytest.mark.parametrize(
    ("method", "text", "key"),
    [
        ("demonym", "Pakistani", "pakistan"),
        ("demonym", "Pakistanis", "pakistan"),
        ("demonym", "American", "united-states"),
        ("demonym", "Afghan", "afghanistan"),
        ("demonym", "British", "united-kingdom"),
        ("demonym", "Burkinabè", "burkina-faso"),
        ("capital", "Washington", "united-states"),
        ("capital", "Washington, D.C.", "united-states"),
        ("capital", "Islamabad", "pakistan"),
        ("capital", "Kabul", "afghanistan"),
        ("capital", "New Delhi", "india"),
        ("capital", "Kyiv", "ukraine"),
        ("capital", "Kiev", "ukraine"),
        ("capital", "Yaounde", "cameroon"),
    ],
)
def test_demonym_and_capital(kb: ActorKB, method: str, text: str, key: str) -> None:
    entity = getattr(kb, method)(text)
    assert entity is not None and entity.key == key


def test_demonyms_and_capitals_are_not_names(kb: ActorKB) -> None:
    assert kb.demonym("Pakistan") is None and kb.capital("Pakistan") is None
    assert "Islamabad" not in kb.get("pakistan").aliases  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("U.S.", "US"), ("us", "us"), ("The Taliban’s", "taliban"), ("Al-Qaeda", "al qaeda"),
     ("Islamic State – Khorasan", "islamic state khorasan"), ("ISIS-K", "isis k")],
)  # fmt: skip
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("key", "qid"),
    [("pakistan", "Q843"), ("united-states", "Q30"), ("afghanistan", "Q889"),
     ("united-kingdom", "Q145"), ("india", "Q668"), ("china", "Q148"), ("russia", "Q159"),
     ("iran", "Q794"), ("iraq", "Q796"), ("syria", "Q858"), ("netherlands", None),
     ("kosovo", None), ("nato", "Q7184"), ("un", "Q1065"), ("islamic-state", "Q2429253")],
)  # fmt: skip
def test_wikidata(kb: ActorKB, key: str, qid: str | None) -> None:
    assert kb.get(key).wikidata == qid  # type: ignore[union-attr]


@pytest.mark.parametrize(("key", "alpha3"), [("pakistan", "PAK"), ("united-states", "USA"),
                                             ("afghanistan", "AFG"), ("dr-congo", "COD"),
                                             ("palestine", "PSE"), ("vatican-city", "VAT")])  # fmt: skip
def test_iso_codes_match_pycountry(kb: ActorKB, key: str, alpha3: str) -> None:
    entity = kb.get(key)
    country = pycountry.countries.get(alpha_3=alpha3)
    assert entity is not None and entity.type == "State" and entity.in_kb
    assert (entity.iso_alpha2, entity.iso_alpha3) == (country.alpha_2, country.alpha_3)


def test_entity_fields(kb: ActorKB) -> None:
    ttp = kb.get("ttp")
    assert ttp is not None
    assert (ttp.label, ttp.type, ttp.nationality, ttp.in_kb) == (
        "Tehrik-i-Taliban Pakistan", "ArmedGroup", "pakistan", True)  # fmt: skip
    assert "Pakistani Taliban" in ttp.aliases and ttp.label not in ttp.aliases


@pytest.mark.parametrize(("key", "present"), [("kosovo", True), ("taiwan", True), ("guam", False),
                                              ("hong-kong", False), ("puerto-rico", False)])  # fmt: skip
def test_states_exclude_dependencies(kb: ActorKB, key: str, present: bool) -> None:
    assert (kb.get(key) is not None) is present


def test_every_row_is_valid(rows: list[dict[str, str]], kb: ActorKB) -> None:
    assert {r["type"] for r in rows} <= ACTOR_TYPES
    assert all(r["source"] for r in rows)
    states = [r for r in rows if r["type"] == "State"]
    former = [r for r in states if r["source"].startswith("ISO 3166-3")]
    assert len(states) - len(former) == 197  # 193 UN members + Palestine, Taiwan, Vatican City, Kosovo
    assert {r["key"] for r in former} == {"soviet-union", "east-germany", "czechoslovakia", "yugoslavia"}
    assert not any(r["capitals"] for r in former)  # Moscow, Berlin... stand for today's states
    assert {r["nationality"] for r in rows if r["nationality"]} <= {e.key for e in kb.entities()}


def test_no_name_maps_to_two_keys(rows: list[dict[str, str]]) -> None:
    owners: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        forms = [("name", row["label"])] + [("name", a) for a in row["aliases"].split("|")]
        forms += [("demonym", d) for d in row["demonyms"].split("|")]
        forms += [("capital", c) for c in row["capitals"].split("|")]
        for kind, text in forms:
            if text:
                owners.setdefault((kind, normalise(text)), set()).add(row["key"])
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_kb()


def test_bundled_csv_is_generated(rows: list[dict[str, str]]) -> None:
    spec = importlib.util.spec_from_file_location("make_actors", ROOT / "kg/data/make_actors.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render(module.build_rows()) == bundled_path().read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ruler_nlp(kb: ActorKB) -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(kb.patterns())
    return nlp


def test_every_pattern_matches_its_text(kb: ActorKB, ruler_nlp: spacy.language.Language) -> None:
    failures = []
    for entity in kb.entities():
        label = "GPE" if entity.type == "State" else "ORG"
        forms = [(label, t) for t in kb.names(entity.key)]
        forms += [("GPE", t) for t in kb.names(entity.key, "capital")]
        forms += [("NORP", t) for t in kb.names(entity.key, "demonym")]
        for expected_label, text in forms:
            doc = ruler_nlp(f"{text} said")
            got = [(e.text, e.label_, e.ent_id_) for e in doc.ents]
            if got != [(text, expected_label, entity.key)]:
                failures.append((text, got))
    assert failures == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("US officials said it is over.", [("US", "united-states")]),
        ("us and them", []),
        ("We ate turkey on china plates.", []),
        ("Turkey and China met in Islamabad.",
         [("Turkey", "turkey"), ("China", "china"), ("Islamabad", "pakistan")]),
        ("The Pakistani Taliban attacked.", [("Pakistani Taliban", "ttp")]),
        ("ISIS-K claimed it.", [("ISIS-K", "iskp")]),
        ("Cote d'Ivoire and Côte d’Ivoire", [("Cote d'Ivoire", "cote-divoire"),
                                             ("Côte d’Ivoire", "cote-divoire")]),
    ],
)  # fmt: skip
def test_patterns_in_text(ruler_nlp: spacy.language.Language, text: str,
                          expected: list[tuple[str, str]]) -> None:  # fmt: skip
    assert [(e.text, e.ent_id_) for e in ruler_nlp(text).ents] == expected


def _write(path: Path, body: str) -> Path:
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_user_csv_adds_and_extends(tmp_path: Path) -> None:
    first = _write(tmp_path / "a.csv",
                   "zainabiyoun,Zainabiyoun Brigade,ArmedGroup,,,,Liwa Zainabiyoun,,,pakistan,me\n"
                   "pakistan,,,,,,Pak,,Rawalpindi,,me\n")  # fmt: skip
    second = _write(tmp_path / "b.csv", "tip,,,,,,Zainabiyoun Brigade,,,,me\n")
    kb = load_kb([first])
    assert kb.lookup("Liwa Zainabiyoun").key == "zainabiyoun"  # type: ignore[union-attr]
    assert kb.get("zainabiyoun").nationality == "pakistan"  # type: ignore[union-attr]
    assert kb.lookup("Pak").key == "pakistan" and kb.lookup("pak") is None  # type: ignore[union-attr]
    assert kb.capital("Rawalpindi").key == kb.capital("Islamabad").key == "pakistan"  # type: ignore[union-attr]
    assert kb.get("pakistan").wikidata == "Q843"  # type: ignore[union-attr]
    assert kb.get("pakistan").aliases[-1] == "Pak"  # type: ignore[union-attr]
    later = load_kb([first, second])  # the later file wins a shared name
    assert later.lookup("Zainabiyoun Brigade").key == "tip"  # type: ignore[union-attr]


def test_user_csv_overrides_label(tmp_path: Path) -> None:
    kb = load_kb([_write(tmp_path / "a.csv", "turkey,Türkiye,,,,,,,,,me\n")])
    entity = kb.get("turkey")
    assert entity is not None and entity.label == "Türkiye" and "Turkey" in entity.aliases
    assert kb.lookup("Turkey") == entity


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("x,X,Militia,,,,,,,,\n", ":2: unknown type 'Militia' (valid: State, Intergovernmental"),
        ("ok,Ok,ArmedGroup,,,,,,,,\n,Y,ArmedGroup,,,,,,,,\n", ":3: missing key"),
        ("Bad Key,X,ArmedGroup,,,,,,,,\n", ":2: key 'Bad Key' is not a lower-case slug"),
        ("x,X,ArmedGroup,843,,,,,,,\n", ":2: wikidata '843' is not a Wikidata QID"),
        ("x,X,State,,pk,,,,,,\n", ":2: iso_alpha2 'pk' is not two capital letters"),
        ("x,,ArmedGroup,,,,,,,,\n", ":2: missing label for new key 'x'"),
        ("x,X,ArmedGroup,,,,,,,atlantis,\n", ":2: nationality 'atlantis' of 'x' is not a known key"),
    ],
)
def test_user_csv_errors_name_file_and_line(tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path / "bad.csv", body)
    with pytest.raises(InputError, match="^" + str(path).replace("\\", "\\\\")) as info:
        load_kb([path])
    assert message in str(info.value) and "\n" not in str(info.value)


def test_user_csv_missing_column_and_file(tmp_path: Path) -> None:
    path = tmp_path / "cols.csv"
    path.write_text("key,name\nx,X\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"cols\.csv:1: missing column\(s\) label, type"):
        load_kb([path])
    with pytest.raises(InputError, match=r"nope\.csv: cannot read actors CSV"):
        load_kb([tmp_path / "nope.csv"])


def test_duplicate_name_in_one_file_warns(tmp_path: Path) -> None:
    path = _write(tmp_path / "dup.csv", "a-group,Alpha,ArmedGroup,,,,The Front,,,,\n"
                                        "b-group,Beta,ArmedGroup,,,,the front,,,,\n")  # fmt: skip
    with pytest.warns(UserWarning, match=r"dup\.csv:3: name 'the front' of 'b-group' already names 'a-group'"):
        kb = load_kb([path])
    assert kb.lookup("The Front").key == "a-group"  # type: ignore[union-attr]
