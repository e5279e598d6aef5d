"""The scorer (kg.evaluate) on hand-made predictions, and `kg eval` on the bundled examples."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.cli.evaluate  # noqa: F401  (registers `kg eval`)
from kg.cli import cli
from kg.errors import InputError
from kg.evaluate.conll04 import _chooser, detokenize, parse_sentence
from kg.evaluate.gold import GoldArticle, GoldEntity, GoldStatement, load_gold, score_gold
from kg.evaluate.mapping import entity_type_map, mention_type, relation_types
from kg.evaluate.re3d import SYMMETRIC_TYPES, load_re3d
from kg.evaluate.score import Counts, match_one_to_one, overlaps
from kg.evaluate.spans import (
    GoldRelation,
    GoldSpan,
    predicted_mentions,
    predicted_relations,
    score_entities,
    score_relations,
)
from kg.types import Article, ArticleResult, Entity, Mention, Statement

REPO = Path(__file__).resolve().parents[1]
TYPES = {"pakistan": "State", "united-states": "State", "iskp": "ArmedGroup", "taliban": "ArmedGroup",
         "person/a": "Person", "nato": "IntergovernmentalOrganisation", "location/x": "Location"}


def ent(key: str) -> Entity:
    return Entity(key=key, label=key, type=TYPES.get(key, "Organisation"))  # type: ignore[arg-type]


def st(s: str, r: str, o: str, modality: str = "asserted", start: int = 0, end: int = 0) -> Statement:
    return Statement(subject=s, relation=r, object=o, article_id="a", evidence="", start=start, end=end,
                     confidence=0.9, modality=modality)  # type: ignore[arg-type]


def result(text: str = "x", *, keys: tuple[str, ...] = (), mentions: tuple[Mention, ...] = (),
           statements: tuple[Statement, ...] = ()) -> ArticleResult:
    keys = tuple(dict.fromkeys(keys + tuple(m.entity_key for m in mentions)))
    return ArticleResult(article=Article(text=text), entities=tuple(ent(k) for k in keys),
                         mentions=mentions, statements=statements)


def gold(statements: tuple[GoldStatement, ...] = (), entities: tuple[GoldEntity, ...] = ()) -> GoldArticle:
    return GoldArticle("g", Article(text="x"), entities, statements)


def mention(text: str, start: int, key: str, label: str = "GPE") -> Mention:
    return Mention("a", start, start + len(text), text, key, label)


# ------------------------------------------------------------------ counting


def test_counts_precision_recall_f1() -> None:
    c = Counts(tp=2, fp=2, fn=0)
    assert (c.precision, c.recall, round(c.f1, 3)) == (0.5, 1.0, 0.667)
    assert Counts().f1 == 0.0  # nothing predicted, nothing gold: no division by zero


def test_match_is_one_to_one() -> None:
    # one prediction overlapping two gold spans pairs with only one of them
    assert match_one_to_one([(0, 5), (3, 8)], [(2, 4)], overlaps) == 1


# ------------------------------------------------------------------ kg gold scoring

G = GoldStatement


@pytest.mark.parametrize(
    ("gold_st", "pred_st", "strict", "loose"),
    [
        # exact match
        (G("pakistan", "extraditesTo", "united-states"), st("pakistan", "extraditesTo", "united-states"), (1, 0, 0), (1, 0, 0)),
        # symmetric relation, other direction: a match
        (G("iskp", "fights", "taliban"), st("taliban", "fights", "iskp"), (1, 0, 0), (1, 0, 0)),
        # asymmetric relation, other direction: no match
        (G("pakistan", "extraditesTo", "united-states"), st("united-states", "extraditesTo", "pakistan"), (0, 1, 1), (0, 1, 1)),
        # modality mismatch: wrong when strict, right when modality-agnostic
        (G("ttp", "attacks", "pakistan", "negated"), st("ttp", "attacks", "pakistan"), (0, 1, 1), (1, 0, 0)),
        # wrong relation
        (G("iskp", "attacks", "pakistan"), st("iskp", "kills", "pakistan"), (0, 1, 1), (0, 1, 1)),
    ],
)
def test_statement_scoring(gold_st: GoldStatement, pred_st: Statement, strict: tuple[int, int, int],
                           loose: tuple[int, int, int]) -> None:
    report = score_gold([gold((gold_st,))], [result(statements=(pred_st,))])
    assert (report.relations.tp, report.relations.fp, report.relations.fn) == strict
    any_mod = report.extra["relations_any_modality"]
    assert (any_mod.tp, any_mod.fp, any_mod.fn) == loose


def test_relation_class_level_forgives_the_exact_relation() -> None:
    report = score_gold([gold((G("iskp", "attacks", "pakistan"),))], [result(statements=(st("pakistan", "kills", "iskp"),))])
    assert report.relations.tp == 0
    assert report.extra["relation_classes"].tp == 1  # both conflict, same pair
    assert report.extra["per_relation_class"]["conflict"].f1 == 1.0


def test_duplicate_predictions_count_once() -> None:
    preds = (st("pakistan", "extraditesTo", "united-states", start=0), st("pakistan", "extraditesTo", "united-states", start=50))
    report = score_gold([gold((G("pakistan", "extraditesTo", "united-states"),))], [result(statements=preds)])
    assert (report.relations.tp, report.relations.fp) == (1, 0)


def test_entity_scoring_by_key_and_type() -> None:
    g = gold(entities=(GoldEntity("Pakistan", "pakistan", "State"), GoldEntity("Pakistani", "pakistan", "State"),
                       GoldEntity("ISKP", "iskp", "ArmedGroup")))
    report = score_gold([g], [result(keys=("pakistan", "person/a"))])
    assert (report.entities.tp, report.entities.fp, report.entities.fn) == (1, 1, 1)
    assert report.entity_types["ArmedGroup"].fn == 1 and report.entity_types["Person"].fp == 1


def test_split_actor_detected() -> None:
    text = "ISKP and the Islamic State Khorasan Province"
    g = gold(entities=(GoldEntity("ISKP", "iskp", "ArmedGroup"), GoldEntity("Islamic State Khorasan Province", "iskp", "ArmedGroup")))
    split = result(text, mentions=(mention("ISKP", 0, "iskp", "ORG"), mention("Islamic State Khorasan Province", 13, "organisation/isk", "ORG")))
    merged = result(text, mentions=(mention("ISKP", 0, "iskp", "ORG"), mention("Islamic State Khorasan Province", 13, "iskp", "ORG")))
    assert score_gold([g], [split]).extra["split_actors"] == {
        "count": 1, "items": [{"article": "g", "key": "iskp", "kg_keys": ["iskp", "organisation/isk"]}]}
    assert score_gold([g], [merged]).extra["split_actors"]["count"] == 0


def test_load_gold_inline_and_jsonl_line(tmp_path: Path) -> None:
    (tmp_path / "arts.jsonl").write_text('{"text": "First."}\n{"text": "Second article."}\n', encoding="utf-8")
    lines = [{"id": "one", "text": "Pakistan extradited him.", "statements": [
                 {"subject": "pakistan", "relation": "extraditesTo", "object": "united-states"}]},
             {"id": "two", "path": "arts.jsonl", "line": 2, "entities": [{"text": "x", "key": "x", "type": "Location"}]}]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    loaded = load_gold(path)
    assert [g.article.text for g in loaded] == ["Pakistan extradited him.", "Second article."]
    assert loaded[0].statements[0].modality == "asserted"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"text": "x", "statements": [{"subject": "a", "relation": "hugs", "object": "b"}]}, "unknown relation 'hugs'"),
        ({"text": "x", "statements": [{"subject": "a", "relation": "attacks", "object": "b", "modality": "maybe"}]},
         "unknown modality 'maybe'"),
        ({"path": "missing.txt"}, "article file not found"),
    ],
)
def test_load_gold_errors(tmp_path: Path, line: dict[str, object], message: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_gold(path)


# ------------------------------------------------------------------ mapping


def test_mapping_comes_from_the_ontology_table() -> None:
    assert relation_types("fights", "re3d") == ("FightingAgainst",)
    assert set(relation_types("locatedIn", "conll04")) == {"Located_In", "OrgBased_In"}
    assert relation_types("extraditesTo", "re3d") == ()
    assert entity_type_map("re3d")["IntergovernmentalOrganisation"] == "Organisation"
    assert mention_type("re3d", "State", "NORP") == "Nationality"
    assert mention_type("conll04", "State", "NORP") is None
    assert mention_type("conll04", "Event", "EVENT") is None


# ------------------------------------------------------------------ span matching (re3d / CoNLL04 style)

TEXT = "Pakistan and ISKP clashed. The Taliban fight ISKP."
#       0         1         2         3         4
#       0123456789012345678901234567890123456789012345678


def span_result(*statements: Statement) -> ArticleResult:
    return result(TEXT, mentions=(mention("Pakistan", 0, "pakistan"), mention("ISKP", 13, "iskp", "ORG"),
                                  mention("Taliban", 31, "taliban", "ORG"), mention("ISKP", 45, "iskp", "ORG")),
                  statements=statements)


@pytest.mark.parametrize(
    ("gold_rel", "pred", "expected"),
    [
        # gold spans overlap the subject and object mentions: a match (partial overlap is enough)
        (GoldRelation("FightingAgainst", (27, 38), (45, 49)), st("taliban", "attacks", "iskp", start=27, end=50), (1, 0, 0)),
        # symmetric kg relation (fights) matches a gold relation written the other way round
        (GoldRelation("FightingAgainst", (45, 49), (31, 38)), st("taliban", "fights", "iskp", start=27, end=50), (1, 0, 0)),
        # asymmetric kg relation the other way round: no match
        (GoldRelation("FightingAgainst", (45, 49), (31, 38)), st("taliban", "attacks", "iskp", start=27, end=50), (0, 1, 1)),
        # a mention of the entity elsewhere in the document also counts
        (GoldRelation("FightingAgainst", (0, 8), (13, 17)), st("pakistan", "attacks", "iskp", start=27, end=50), (1, 0, 0)),
        # spans that do not overlap the mentions: no match
        (GoldRelation("FightingAgainst", (18, 25), (13, 17)), st("pakistan", "attacks", "iskp"), (0, 1, 1)),
        # AlliesOf has no direction in re3d
        (GoldRelation("AlliesOf", (13, 17), (0, 8)), st("pakistan", "providesAidTo", "iskp"), (1, 0, 0)),
    ],
)
def test_span_relation_matching(gold_rel: GoldRelation, pred: Statement, expected: tuple[int, int, int]) -> None:
    res = span_result(pred)
    counts: dict[str, Counts] = defaultdict(Counts)
    preds = predicted_relations(res, "re3d", types=("FightingAgainst", "AlliesOf"), symmetric_types=SYMMETRIC_TYPES)
    score_relations([gold_rel], preds, res, counts)
    total = Counts(sum(c.tp for c in counts.values()), sum(c.fp for c in counts.values()), sum(c.fn for c in counts.values()))
    assert (total.tp, total.fp, total.fn) == expected


def test_span_entity_matching_by_type_and_overlap() -> None:
    res = span_result()
    gold_spans = [GoldSpan("Location", 0, 8), GoldSpan("Organisation", 13, 17), GoldSpan("Person", 31, 38)]
    counts: dict[str, Counts] = defaultdict(Counts)
    score_entities(gold_spans, predicted_mentions(res, "re3d"), counts)
    assert (counts["Location"].tp, counts["Organisation"].tp, counts["Organisation"].fp) == (1, 1, 2)
    assert (counts["Person"].fn, counts["Person"].fp) == (1, 0)


def test_re3d_folders_read_as_they_are(tmp_path: Path) -> None:
    folder = tmp_path / "re3d" / "Source"
    folder.mkdir(parents=True)
    (folder / "documents.json").write_text('\ufeff{ "_id" : "D1", "text" : "' + TEXT + '" }\n', encoding="utf-8")
    (folder / "entities.json").write_text(
        '{ "_id" : "e1", "documentId" : "D1", "begin" : 0, "end" : 8, "type" : "Location", "value" : "Pakistan" }\n'
        '{ "_id" : "e2", "documentId" : "D1", "begin" : 0, "end" : 3, "type" : "Temporal", "value" : "Pak" }\n',
        encoding="utf-8")
    rel = ('{ "_id" : "r%d", "documentId" : "D1", "sourceBegin" : 31, "sourceEnd" : 38, "targetBegin" : 45, '
           '"targetEnd" : 49, "type" : "%s", "begin" : 39, "end" : 44, "value" : "fight" }\n')
    (folder / "relations.json").write_text(rel % (1, "FightingAgainst") + rel % (2, "FightingAgainst") + rel % (3, "CoLocated"),
                                           encoding="utf-8")
    docs = load_re3d(tmp_path / "re3d")
    assert [(d.id, len(d.entities), len(d.relations)) for d in docs] == [("D1", 1, 1)]  # duplicate and other types dropped
    out = CliRunner().invoke(cli, ["eval", str(tmp_path / "re3d"), "--format", "re3d", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["documents"] == 1 and set(data["relations"]["per_type"]) >= {"FightingAgainst", "AlliesOf"}


def test_conll04_offsets_and_type_signatures(tmp_path: Path) -> None:
    raw = {"tokens": ["Acme", "Corp", "is", "in", "Boston", "."],
           "entities": [{"type": "Org", "start": 0, "end": 2}, {"type": "Loc", "start": 4, "end": 5}],
           "relations": [{"type": "OrgBased_In", "head": 0, "tail": 1}]}
    sent = parse_sentence(raw)
    assert sent.text == "Acme Corp is in Boston ."
    assert sent.entities == [GoldSpan("Org", 0, 9), GoldSpan("Loc", 16, 22)]
    assert sent.relations == [GoldRelation("OrgBased_In", (0, 9), (16, 22))]
    assert detokenize(["a", "bc"])[1] == [(0, 1), (2, 4)]
    res = ArticleResult(article=Article(text=sent.text),
                        entities=(Entity("organisation/acme", "Acme", "Organisation"), Entity("location/boston", "Boston", "Location")),
                        mentions=(mention("Acme Corp", 0, "organisation/acme", "ORG"), mention("Boston", 16, "location/boston")),
                        statements=(st("organisation/acme", "locatedIn", "location/boston"),))
    # locatedIn matches Located_In and OrgBased_In; an Org subject keeps OrgBased_In only
    preds = predicted_relations(res, "conll04", types=("OrgBased_In", "Located_In"), choose=_chooser(res))
    assert [p.type for p in preds] == ["OrgBased_In"]
    counts: dict[str, Counts] = defaultdict(Counts)
    score_relations(sent.relations, preds, res, counts)
    assert counts["OrgBased_In"].f1 == 1.0
    path = tmp_path / "c.json"
    path.write_text(json.dumps([raw]), encoding="utf-8")
    out = CliRunner().invoke(cli, ["eval", str(path), "--format", "conll04", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["documents"] == 1


def test_eval_reports_bad_gold_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"text": "x", "statements": [{"subject": "a", "relation": "hugs", "object": "b"}]}\n', encoding="utf-8")
    out = CliRunner().invoke(cli, ["eval", str(path)])
    assert out.exit_code == 2
    assert out.output.startswith(f"Error: {path}:1: unknown relation 'hugs'; known relations: abducts, accuses")


# ------------------------------------------------------------------ kg on the bundled examples

# The targets kg holds on its own gold (issue: statements P >= 0.85 and R >= 0.75, entities
# P and R >= 0.9, no actor split over two nodes). Measured when last raised
# (kg eval tests/gold/examples.jsonl): entities P 0.977 R 0.933; statements P 1.000 R 0.915.
TARGETS = {"entities": (0.9, 0.9), "relations": (0.85, 0.75)}


def test_examples_gold_targets() -> None:
    out = CliRunner().invoke(cli, ["eval", str(REPO / "tests" / "gold" / "examples.jsonl"), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["documents"] == 5
    for part, (precision, recall) in TARGETS.items():
        assert set(data[part]) >= {"precision", "recall", "f1", "tp", "fp", "fn", "per_type"}
        assert data[part]["precision"] >= precision, (part, data[part])
        assert data[part]["recall"] >= recall, (part, data[part])
    assert data["relation_classes"]["f1"] >= 0.8
    assert data["split_actors"]["count"] == 0
