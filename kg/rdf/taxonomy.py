"""The relation taxonomy, read from ontologies/kg.ttl: the one place relations are defined.

Extraction, analysis and the page all ask this module what a relation is (its label,
class, polarity, CAMEO code and Goldstein weight) instead of keeping lists of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from kg.rdf.namespaces import KG

RelationClass = Literal["cooperation", "conflict", "stative"]
Polarity = Literal["cooperation", "conflict", "neutral"]


@dataclass(frozen=True)
class RelationInfo:
    """What the ontology says of one relation."""

    name: str
    iri: URIRef
    label: str
    comment: str
    relation_class: RelationClass
    polarity: Polarity
    symmetric: bool
    cameo: str | None
    goldstein: float | None
    matches: tuple[str, ...]  # benchmark types, as "re3d:FightingAgainst"


def ontology_path(name: str = "kg.ttl"):
    """A file of the bundled ontologies folder (kg.ttl, shapes.ttl, actors.csv)."""
    return resources.files("kg.ontologies") / name


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The parsed kg ontology (cached: treat as read-only)."""
    graph = Graph()
    graph.parse(source=str(ontology_path("kg.ttl")), format="turtle")
    return graph


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@lru_cache(maxsize=1)
def relations() -> dict[str, RelationInfo]:
    """Every relation of the taxonomy (sub-properties of kg:relatedTo), by local name.

    >>> relations()["attacks"].goldstein
    -9.0
    """
    graph = ontology_graph()
    prefixes = {str(ns): p for p, ns in graph.namespaces()}
    out: dict[str, RelationInfo] = {}
    for prop in sorted(graph.subjects(RDFS.subPropertyOf, KG.relatedTo)):
        assert isinstance(prop, URIRef)
        name = _local(prop)
        gold = graph.value(prop, KG.goldstein)
        cameo = graph.value(prop, KG.cameoCode)
        matches = []
        for m in graph.objects(prop, SKOS.closeMatch):
            ns, local = str(m).rsplit("#", 1)
            matches.append(f"{prefixes.get(ns + '#', ns)}:{local}")
        out[name] = RelationInfo(
            name=name,
            iri=prop,
            label=str(graph.value(prop, RDFS.label)),
            comment=str(graph.value(prop, RDFS.comment)),
            relation_class=_local(graph.value(prop, KG.relationClass)).lower(),  # type: ignore[arg-type]
            polarity=_local(graph.value(prop, KG.polarity)).lower(),  # type: ignore[arg-type]
            symmetric=(prop, None, OWL.SymmetricProperty) in graph
            or any(graph.triples((prop, None, OWL.SymmetricProperty))),
            cameo=str(cameo) if cameo is not None else None,
            goldstein=float(gold.toPython()) if gold is not None else None,
            matches=tuple(sorted(matches)),
        )
    return out


def relation(name: str) -> RelationInfo:
    """One relation by local name; the error lists the valid names."""
    rels = relations()
    if name not in rels:
        from kg.errors import KGError

        raise KGError(f"unknown relation {name!r}; known relations: {', '.join(sorted(rels))}")
    return rels[name]
