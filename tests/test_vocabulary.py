"""The closed kg vocabulary: namespaces.py and ontologies/kg.ttl declare the same terms."""

from __future__ import annotations

import re

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.rdf.namespaces import KG, ONTOLOGY_IRI
from kg.rdf.taxonomy import ontology_graph, relations

_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def declared() -> set[str]:
    g = ontology_graph()
    return {str(s)[len(ONTOLOGY_IRI):] for s in g.subjects() if isinstance(s, URIRef)
            and str(s).startswith(ONTOLOGY_IRI) and str(s) != ONTOLOGY_IRI}


def test_namespace_equals_ontology():
    assert set(KG.__annotations__) == declared()


def test_every_class_and_property_is_documented():
    g = ontology_graph()
    for kind in _KINDS:
        for term in g.subjects(RDF.type, kind):
            if not str(term).startswith(ONTOLOGY_IRI):
                continue
            assert g.value(term, RDFS.label) is not None, term
            assert g.value(term, RDFS.comment) is not None, term


def test_misspelt_term_raises():
    assert str(KG.cooperatesWith) == ONTOLOGY_IRI + "cooperatesWith"
    with pytest.raises(AttributeError):
        KG.cooperatesWit  # noqa: B018


@pytest.mark.parametrize("name", sorted(relations()))
def test_relation_annotations(name):
    info = relations()[name]
    assert info.relation_class in ("cooperation", "conflict", "stative")
    assert info.polarity in ("cooperation", "conflict", "neutral")
    if info.relation_class != "stative":  # events carry CAMEO code and Goldstein weight
        assert info.cameo is not None and re.fullmatch(r"[0-9]{2,4}", info.cameo)
        assert info.goldstein is not None and -10 <= info.goldstein <= 10
        assert (info.goldstein > 0) == (info.polarity == "cooperation")
