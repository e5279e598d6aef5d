"""SHACL shapes: mapped graphs conform; broken ones are reported by focus node and path."""

from __future__ import annotations

from decimal import Decimal

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

import kg.cli.rdf  # noqa: F401  (registers the commands on kg.cli.cli)
from kg.cli import cli
from kg.errors import GraphError
from kg.link.uris import article_iri, statement_iri
from kg.rdf.mapping import TYPE_IRIS, Activity, to_graph
from kg.rdf.namespaces import KG
from kg.rdf.taxonomy import relations
from kg.validate import shapes_graph, validate
from test_query import PK, sample_results

SHAPES = URIRef("https://kg.example.org/shapes#")


def first_statement(graph):
    st = sample_results()[0].statements[0]
    return statement_iri(st.id)


def test_mapped_graph_conforms():
    activity = Activity("run1", "0.1.0", "3.8.18", "en_core_web_sm==3.8.0", "2024-01-01T00:00:00Z")
    result = validate(to_graph(sample_results(), activity=activity))
    assert result.conforms, result.text
    assert result.violations == []
    assert result.text.startswith("Conforms")


def test_broken_statement_is_reported_by_focus_and_path():
    graph = to_graph(sample_results())
    node = first_statement(graph)
    graph.set((node, KG.confidence, Literal(Decimal("1.7"), datatype=XSD.decimal)))
    graph.remove((node, KG.evidence, None))
    graph.set((node, RDF.predicate, URIRef(str(KG._NS) + "hugs")))
    result = validate(graph)
    assert not result.conforms
    got = {(v.focus, v.path, v.constraint) for v in result.violations}
    focus = "id:statement/" + str(node).rsplit("/", 1)[-1]
    assert got == {
        (focus, "kg:confidence", "MaxInclusiveConstraintComponent"),
        (focus, "kg:evidence", "MinCountConstraintComponent"),
        (focus, "rdf:predicate", "InConstraintComponent"),
    }
    assert f"{focus} kg:confidence: confidence is one xsd:decimal from 0 to 1 (value: 1.7)" in result.text
    assert f"{focus} kg:evidence: a statement has exactly one evidence sentence" in result.text
    assert "(value: kg:hugs)" in result.text


@pytest.mark.parametrize(
    "mutate, path",
    [
        (lambda g, st, art: g.set((PK, KG.wikidata, Literal("843"))), "kg:wikidata"),
        (lambda g, st, art: g.set((PK, KG.isoAlpha2, Literal("pk"))), "kg:isoAlpha2"),
        (lambda g, st, art: g.add((PK, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Pak"))), "rdfs:label"),
        (lambda g, st, art: g.set((art, KG.contentHash, Literal("abc"))), "kg:contentHash"),
        (lambda g, st, art: g.set((st, KG.evidenceStart, Literal(99, datatype=XSD.nonNegativeInteger))), "kg:evidenceStart"),
        (lambda g, st, art: g.set((st, KG.modality, KG.Cooperation)), "kg:modality"),
        (lambda g, st, art: g.remove((art, RDF.type, None)), "prov:wasDerivedFrom"),
        (lambda g, st, art: g.set((st, KG.confidence, Literal("0.5"))), "kg:confidence"),
    ],
)
def test_each_constraint(mutate, path):
    graph = to_graph(sample_results())
    st = first_statement(graph)
    mutate(graph, st, article_iri(sample_results()[0].article.id))
    result = validate(graph)
    assert not result.conforms
    assert path in {v.path for v in result.violations}, result.text


def test_shapes_list_the_ontology_relations_and_types():
    shapes = shapes_graph()
    in_lists = []
    for prop in shapes.subjects(SH.path, RDF.predicate):
        head = shapes.value(prop, SH["in"])
        if head is not None:
            in_lists.append({str(x) for x in Collection(shapes, head)})
    assert in_lists == [{str(r.iri) for r in relations().values()}]
    targets = set(shapes.objects(URIRef(str(SHAPES) + "EntityShape"), SH.targetClass))
    assert targets == set(TYPE_IRIS.values())


def test_cli_validate(tmp_path):
    good = tmp_path / "good.ttl"
    to_graph(sample_results()).serialize(destination=str(good), format="turtle")
    res = CliRunner().invoke(cli, ["validate", str(good)])
    assert res.exit_code == 0 and res.output.startswith("Conforms")
    graph = to_graph(sample_results())
    graph.set((first_statement(graph), KG.confidence, Literal(Decimal("1.7"), datatype=XSD.decimal)))
    bad = tmp_path / "bad.ttl"
    graph.serialize(destination=str(bad), format="turtle")
    res = CliRunner().invoke(cli, ["validate", str(bad)])
    assert res.exit_code == GraphError.exit_code
    assert res.output.startswith("Does not conform: 1 violation.")
    assert "kg:confidence" in res.output
