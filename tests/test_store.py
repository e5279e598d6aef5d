"""The on-disk Oxigraph store: one named graph per article, a deduplicated union, atomic files."""

from __future__ import annotations

import dataclasses
import gc

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

import kg.cli.rdf  # noqa: F401  (registers the commands on kg.cli.cli)
from kg.cli import cli
from kg.errors import GraphError, StoreError
from kg.link.uris import article_iri, statement_iri
from kg.query.sparql import run_query
from kg.rdf.mapping import result_triples, to_graph
from kg.rdf.namespaces import KG
from kg.store import KGStore, load_graph, write_graph
from test_query import PK, sample_results


def count(store: KGStore, sparql: str) -> int:
    return int(run_query(store, sparql).rows[0][0].toPython())


STATEMENTS = "PREFIX kg: <https://kg.example.org/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Statement }"
PK_LABELS = ("SELECT (COUNT(*) AS ?n) WHERE { <https://kg.example.org/id/entity/pakistan> "
             "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")


@pytest.fixture
def filled(tmp_path):
    store = KGStore.open(tmp_path / "store")
    store.ensure_ontology()
    for r in sample_results():
        store.replace_article(r.article.id, result_triples(r))
    return store


def test_articles_in_their_own_graphs(filled):
    r1, r2 = sample_results()
    assert filled.article_ids() == sorted([r1.article.id, r2.article.id])
    assert filled.has_article(r1.article.sha256) and not filled.has_article("0" * 64)
    assert count(filled, STATEMENTS) == 5
    # Pakistan's label is in both articles' graphs but appears once in the union
    assert count(filled, PK_LABELS) == 1


def test_readding_an_article_adds_nothing(filled):
    before = len(filled)
    r1 = sample_results()[0]
    filled.replace_article(r1.article.id, result_triples(r1))
    filled.replace_article(r1.article.id, result_triples(r1))
    assert len(filled) == before


def test_changed_article_replaces_its_statements(filled):
    r1, r2 = sample_results()
    old = r1.statements[1]
    changed = dataclasses.replace(r1, statements=(dataclasses.replace(r1.statements[0], confidence=0.4),))
    filled.replace_article(r1.article.id, result_triples(changed))
    assert count(filled, STATEMENTS) == 4
    union = filled.to_rdflib()
    assert (statement_iri(old.id), RDF.type, KG.Statement) not in union
    assert len(list(union.objects(statement_iri(r1.statements[0].id), KG.confidence))) == 1
    assert (PK, RDFS.label, Literal("Pakistan")) in union  # still held by the other article


def test_remove_by_id_iri_hash_or_origin(filled):
    r1, r2 = sample_results()
    assert filled.remove_article("news.jsonl:1") == article_iri(r1.article.id)
    assert filled.article_ids() == [r2.article.id]
    assert count(filled, STATEMENTS) == 3
    filled.replace_article(r1.article.id, result_triples(r1))
    filled.remove_article(r1.article.sha256)
    filled.replace_article(r1.article.id, result_triples(r1))
    filled.remove_article(str(article_iri(r1.article.id)))
    filled.remove_article(r2.article.id)
    assert filled.article_ids() == []
    assert count(filled, STATEMENTS) == 0
    assert count(filled, PK_LABELS) == 0  # nothing left behind in the union
    assert count(filled, "ASK { ?s ?p ?o }".replace("ASK", "SELECT (COUNT(*) AS ?n) WHERE")) > 0  # ontology stays
    with pytest.raises(StoreError, match="no article 'nope'"):
        filled.remove_article("nope")


def test_union_matches_the_mapped_graph(filled):
    from kg.rdf.taxonomy import ontology_graph

    union = filled.to_rdflib()
    expected = to_graph(sample_results()) + ontology_graph()
    assert len(union) == len(expected)


def test_store_persists(tmp_path):
    store = KGStore.open(tmp_path / "store")
    r1 = sample_results()[0]
    store.replace_article(r1.article.id, result_triples(r1))
    store.flush()
    del store
    gc.collect()
    again = KGStore.open(tmp_path / "store")
    assert again.article_ids() == [r1.article.id]


def test_open_errors_name_the_path(tmp_path):
    afile = tmp_path / "graph.ttl"
    afile.write_text("")
    with pytest.raises(StoreError, match="graph.ttl' is a file"):
        KGStore.open(afile)
    with pytest.raises(StoreError, match="not writable"):
        KGStore.open(afile / "store")
    held = KGStore.open(tmp_path / "held")
    with pytest.raises(StoreError, match="cannot open store .*held"):
        KGStore.open(tmp_path / "held")
    del held


def test_unwritable_folder(tmp_path):
    # chmod does not stop root (tests run as root in CI); nobody can create a folder in /proc
    with pytest.raises(StoreError, match="'/proc/kg-no-such/store' is not writable"):
        KGStore.open("/proc/kg-no-such/store")


def test_load_graph_reports_the_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://ex.org/> .\nex:a ex:b ex:c .\nex:a ex:b .\n")
    with pytest.raises(GraphError, match=r"bad.ttl.*line 3"):
        load_graph(bad)
    bad_nt = tmp_path / "bad.nt"
    bad_nt.write_text("<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n")
    with pytest.raises(GraphError, match=r"bad.nt.*line 2"):
        load_graph(bad_nt)
    with pytest.raises(GraphError, match="from its extension"):
        load_graph(tmp_path / "x.unknown") if (tmp_path / "x.unknown").write_text("") == 0 else None


def test_write_graph_is_atomic_and_round_trips(tmp_path):
    graph = to_graph(sample_results())
    target = tmp_path / "out" / "g.ttl"
    write_graph(graph, target)
    write_graph(graph, target)  # replaces
    assert sorted(p.name for p in target.parent.iterdir()) == ["g.ttl"]
    from rdflib.compare import isomorphic

    assert isomorphic(load_graph(target), graph)
    for ext in ("nt", "nq", "trig", "jsonld"):
        path = write_graph(graph, tmp_path / f"g.{ext}")
        assert len(load_graph(path)) == len(graph), ext
    assert isinstance(load_graph(target), Graph)


def test_cli_remove(tmp_path):
    path = tmp_path / "store"
    r1 = sample_results()[0]
    store = KGStore.open(path)
    store.replace_article(r1.article.id, result_triples(r1))
    store.flush()
    del store  # the store folder is locked while open
    gc.collect()
    res = CliRunner().invoke(cli, ["remove", str(path), r1.article.id])
    assert res.exit_code == 0, res.output
    assert res.output == f"Removed {article_iri(r1.article.id)}\n"
    res = CliRunner().invoke(cli, ["remove", str(path), r1.article.id])
    assert res.exit_code == StoreError.exit_code
    assert "Error: no article" in res.output
