"""Exports: RDF files that read back, networks with attributes, Neo4j import CSVs."""

from __future__ import annotations

import csv

import networkx as nx
import pytest
from click.testing import CliRunner

import kg.cli.rdf  # noqa: F401  (registers the commands on kg.cli.cli)
from kg.cli import cli
from kg.errors import KGError
from kg.export import EXPORT_FORMATS, actor_network, export
from kg.rdf.mapping import result_triples, to_graph
from kg.store import KGStore, load_graph
from test_query import IN, PK, TTP, US, sample_results


@pytest.fixture(scope="module")
def graph():
    return to_graph(sample_results())


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    st = KGStore.open(tmp_path_factory.mktemp("x") / "store")
    st.ensure_ontology()
    for r in sample_results():
        st.replace_article(r.article.id, result_triples(r))
    return st


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld"])
@pytest.mark.parametrize("kind", ["graph", "store"])
def test_rdf_exports_read_back(fmt, kind, graph, store, tmp_path):
    source = graph if kind == "graph" else store
    [path] = export(source, tmp_path / f"out.{fmt}", fmt)
    expected = len(graph) if kind == "graph" else len(store)
    assert len(load_graph(path)) == expected
    assert [p.name for p in tmp_path.iterdir()] == [f"out.{fmt}"]  # no temporary files left


def test_network_has_asserted_edges_with_attributes(store):
    net = actor_network(store)
    assert net.nodes[str(PK)] == {"label": "Pakistan", "type": "State", "wikidata": "Q843"}
    assert net.nodes[str(TTP)] == {"label": "Tehrik-i-Taliban Pakistan", "type": "ArmedGroup"}
    edges = {(s, o, k) for s, o, k in net.edges(keys=True)}
    assert (str(PK), str(IN), "attacks") in edges and (str(US), str(PK), "cooperatesWith") in edges
    assert not any(s == str(TTP) for s, _, _ in edges)  # alleged: not a plain edge


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf(fmt, reader, graph, tmp_path):
    [path] = export(graph, tmp_path / f"actors.{fmt}", fmt)
    net = reader(path)
    assert net.nodes[str(PK)]["label"] == "Pakistan"
    assert net.nodes[str(PK)]["type"] == "State"
    assert net.number_of_edges() == 4


def test_neo4j_csv(store, tmp_path):
    paths = export(store, tmp_path / "neo4j", "csv")
    assert [p.name for p in paths] == ["nodes.csv", "edges.csv"]
    nodes = list(csv.reader(paths[0].read_text(encoding="utf-8").splitlines()))
    edges = list(csv.reader(paths[1].read_text(encoding="utf-8").splitlines()))
    assert nodes[0] == ["iri:ID", "name", "wikidata", ":LABEL"]
    assert [str(PK), "Pakistan", "Q843", "Entity;State"] in nodes
    assert edges[0] == [":START_ID", ":END_ID", ":TYPE"]
    assert [str(PK), str(IN), "attacks"] in edges


def test_errors(graph, tmp_path):
    with pytest.raises(KGError, match="unknown export format 'svg'"):
        export(graph, tmp_path / "x.svg", "svg")  # type: ignore[arg-type]
    (tmp_path / "afile").write_text("")
    with pytest.raises(KGError, match="is a file"):
        export(graph, tmp_path / "afile", "csv")
    assert set(EXPORT_FORMATS) == {"ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv"}


def test_cli_export(graph, tmp_path):
    src = tmp_path / "g.ttl"
    graph.serialize(destination=str(src), format="turtle")
    out = tmp_path / "g.graphml"
    res = CliRunner().invoke(cli, ["export", str(src), "--format", "graphml", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert res.output == f"Wrote {out}\n"
    assert nx.read_graphml(out).number_of_nodes() == 4
