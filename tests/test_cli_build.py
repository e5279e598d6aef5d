"""End to end through the CLI: the bundled examples in, specific triples out."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SDO

from kg.cli import cli
from kg.rdf.namespaces import KG

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
E = "https://kg.example.org/id/entity/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli, ["build", str(EXAMPLES), "--out", str(out), "--workers", "1", "--no-progress"])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_build_writes_every_output(built):
    out, output = built
    for name in ("graph.ttl", "graph.html", "report.md", "report.json"):
        assert (out / name).stat().st_size > 0, name
        assert f"{name}" in output
    assert output.startswith("Read 5 article(s):")


PLAIN_TRIPLES = [
    ("pakistan", "extraditesTo", "united-states"),
    ("iskp", "fights", "taliban"),
    ("finland", "memberOf", "nato"),
    ("united-states", "attacks", "houthis"),
    ("united-kingdom", "attacks", "houthis"),
    ("jnim", "memberOf", "al-qaeda"),
    ("al-shabaab", "kills", "uganda"),
    ("pakistan", "arrests", "person/mohammad-sharifullah"),
]


@pytest.mark.parametrize("s, p, o", PLAIN_TRIPLES)
def test_asserted_statements_are_plain_triples(built, s, p, o):
    g = Graph().parse(built[0] / "graph.ttl")
    assert (URIRef(E + s), KG[p], URIRef(E + o)) in g


def test_statement_nodes_carry_evidence(built):
    g = Graph().parse(built[0] / "graph.ttl")
    rows = list(g.query(
        """SELECT ?ev ?start ?end ?conf ?mod WHERE {
             ?st a kg:Statement ; rdf:subject ?s ; rdf:predicate kg:extraditesTo ; rdf:object ?o ;
                 kg:evidence ?ev ; kg:evidenceStart ?start ; kg:evidenceEnd ?end ;
                 kg:confidence ?conf ; kg:modality ?mod }""",
        initNs={"kg": KG, "rdf": RDF},
        initBindings={"s": URIRef(E + "pakistan"), "o": URIRef(E + "united-states")},
    ))
    assert rows
    ev, start, end, conf, mod = rows[0]
    assert str(ev) == "Pakistan extradited Mohammad Sharifullah to the United States in March 2025."
    assert int(end) - int(start) == len(str(ev))
    assert 0 < float(conf) <= 1 and mod == KG.Asserted


def test_modalities_kept_not_asserted(built):
    g = Graph().parse(built[0] / "graph.ttl")
    # "The Taliban deny that the TTP attacks Pakistan": negated, so no plain triple
    assert (URIRef(E + "ttp"), KG.attacks, URIRef(E + "pakistan")) not in g
    negated = {(s, o) for st in g.subjects(KG.modality, KG.Negated)
               for s in g.objects(st, RDF.subject) for o in g.objects(st, RDF.object)}
    assert (URIRef(E + "ttp"), URIRef(E + "pakistan")) in negated
    hypo = {g.value(st, RDF.predicate) for st in g.subjects(KG.modality, KG.Hypothetical)}
    assert KG.sharesIntelligenceWith in hypo


def test_article_metadata_from_jsonl_and_html(built):
    g = Graph().parse(built[0] / "graph.ttl")
    titles = {str(t) for t in g.objects(None, SDO.headline)}
    assert {"Finland Joins NATO", "Mali Turns Away From France and Toward Russia"} <= titles
    finland = next(a for a in g.subjects(SDO.headline, Literal("Finland Joins NATO")))
    assert str(g.value(finland, SDO.datePublished)) == "2023-04-04"
    assert str(g.value(finland, SDO.url)) == "https://example.org/briefs/finland-nato"


def test_entities_linked_to_wikidata_and_iso(built):
    g = Graph().parse(built[0] / "graph.ttl")
    pk = URIRef(E + "pakistan")
    assert (pk, RDF.type, KG.State) in g
    assert str(g.value(pk, KG.isoAlpha3)) == "PAK"
    assert str(g.value(pk, KG.wikidata)) == "Q843"


def test_query_statements_csv(built):
    result = CliRunner().invoke(cli, ["query", str(built[0] / "graph.ttl"), "statements", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert set(rows[0]) == {"subject", "subjectLabel", "relation", "relationLabel", "object", "objectLabel",
                            "confidence", "modality", "evidence", "doc"}
    assert any(r["subjectLabel"] == "Finland" and r["relationLabel"] == "member of" and r["objectLabel"] ==
               "NATO" for r in rows), rows[:3]


def test_report_json_is_data(built):
    report = json.loads((built[0] / "report.json").read_text())
    assert report["skipped"] == []
    assert isinstance(report, dict)


def test_store_build_is_incremental(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(EXAMPLES / "pakistan_us_extradition.txt", corpus)
    store, out = tmp_path / "store", tmp_path / "out"
    args = ["build", str(corpus), "--store", str(store), "--out", str(out), "--workers", "1", "--no-progress"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    n1 = len(Graph().parse(out / "graph.ttl"))
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0 and "1 article(s) already in the store" in again.output
    assert len(Graph().parse(out / "graph.ttl")) == pytest.approx(n1, abs=12)  # only the new run's activity

    # the same file, edited: its old statements are replaced, not kept beside the new ones
    f = corpus / "pakistan_us_extradition.txt"
    f.write_text(f.read_text().replace("ISKP fights the Taliban in Afghanistan.", "ISKP attacks the Taliban."))
    edited = CliRunner().invoke(cli, args)
    assert edited.exit_code == 0, edited.output
    g = Graph().parse(out / "graph.ttl")
    assert (URIRef(E + "iskp"), KG.attacks, URIRef(E + "taliban")) in g
    assert (URIRef(E + "iskp"), KG.fights, URIRef(E + "taliban")) not in g
    assert len(set(g.subjects(RDF.type, SDO.NewsArticle))) == 1


def test_missing_path_is_one_line_error(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "nope.txt"), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip() == f"Error: no such file or folder: '{tmp_path / 'nope.txt'}'"


def test_store_only_build_then_export(tmp_path):
    store, out = tmp_path / "store", tmp_path / "out"
    args = ["build", str(EXAMPLES / "briefs.jsonl"), "--store", str(store), "--out", str(out), "--no-outputs",
            "--workers", "1", "--no-progress"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert not (out / "graph.ttl").exists()
    exported = CliRunner().invoke(cli, ["export", str(store), "--format", "ttl", "--out", str(tmp_path / "g.ttl")])
    assert exported.exit_code == 0, exported.output
    g = Graph().parse(tmp_path / "g.ttl")
    assert (URIRef(E + "finland"), KG.memberOf, URIRef(E + "nato")) in g


def test_no_outputs_needs_a_store(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(EXAMPLES / "briefs.jsonl"), "--out", str(tmp_path), "--no-outputs"])
    assert result.exit_code == 2 and "--no-outputs needs --store" in result.output
