"""How kg's classes and relations map onto the types of public benchmarks.

Relations: only through the ontology's ``skos:closeMatch`` table (``kg.ttl``, read by
:func:`kg.rdf.taxonomy.relations`): a kg statement counts as benchmark type ``T`` when
``T`` is one of its relation's ``matches``. There are no special cases in code.

Entity types: ``skos:closeMatch`` triples on kg *classes* in the ontology win when they
exist (e.g. ``kg:ArmedGroup skos:closeMatch re3d:Organisation``); until the ontology has
them, :data:`ENTITY_TYPE_TABLE` below is used. It is the documented default:

======================================  ==============  =========
kg class                                re3d            CoNLL04
======================================  ==============  =========
Person                                  Person          Peop
Organisation, ArmedGroup,               Organisation    Org
IntergovernmentalOrganisation,
PoliticalOrganisation
State, Location                         Location        Loc
a State named by a demonym (NORP)       Nationality     (none)
Event                                   (none)          (none)
======================================  ==============  =========

A demonym ("Pakistani", "American") is a Nationality span in re3d and an ``Other``
span (not scored) in CoNLL04, so a kg mention whose NER label is ``NORP`` takes
:data:`NATIONALITY_TYPE` of the benchmark instead of its class's type.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, SKOS

from kg.rdf.namespaces import KG
from kg.rdf.taxonomy import ontology_graph, relations

Benchmark = Literal["re3d", "conll04"]

ENTITY_TYPE_TABLE: dict[Benchmark, dict[str, str]] = {
    "re3d": {
        "Person": "Person",
        "Organisation": "Organisation",
        "ArmedGroup": "Organisation",
        "IntergovernmentalOrganisation": "Organisation",
        "PoliticalOrganisation": "Organisation",
        "State": "Location",
        "Location": "Location",
    },
    "conll04": {
        "Person": "Peop",
        "Organisation": "Org",
        "ArmedGroup": "Org",
        "IntergovernmentalOrganisation": "Org",
        "PoliticalOrganisation": "Org",
        "State": "Loc",
        "Location": "Loc",
    },
}
NATIONALITY_TYPE: dict[Benchmark, str | None] = {"re3d": "Nationality", "conll04": None}


@lru_cache(maxsize=4)
def entity_type_map(benchmark: Benchmark) -> dict[str, str]:
    """kg class local name → benchmark entity type, from the ontology if it has the table.

    >>> entity_type_map("conll04")["ArmedGroup"]
    'Org'
    """
    graph = ontology_graph()
    prefixes = {str(ns): p for p, ns in graph.namespaces()}
    found: dict[str, str] = {}
    for cls in graph.subjects(RDF.type, OWL.Class):
        if not isinstance(cls, URIRef) or not str(cls).startswith(str(KG)):
            continue
        for m in graph.objects(cls, SKOS.closeMatch):
            ns, _, local = str(m).rpartition("#")
            if prefixes.get(ns + "#") == benchmark:
                found[str(cls)[len(str(KG)):]] = local
    return found or dict(ENTITY_TYPE_TABLE[benchmark])


def mention_type(benchmark: Benchmark, kg_type: str, ner_label: str) -> str | None:
    """The benchmark type of one kg mention, or None when the benchmark does not score it.

    >>> mention_type("re3d", "State", "NORP"), mention_type("re3d", "State", "GPE")
    ('Nationality', 'Location')
    """
    if ner_label == "NORP" and kg_type == "State":
        return NATIONALITY_TYPE[benchmark]
    return entity_type_map(benchmark).get(kg_type)


def relation_types(relation: str, benchmark: Benchmark) -> tuple[str, ...]:
    """The benchmark relation types a kg relation counts as (its ``skos:closeMatch``).

    >>> relation_types("kills", "conll04"), relation_types("kills", "re3d")
    (('Kill',), ('FightingAgainst',))
    """
    info = relations().get(relation)
    if info is None:
        return ()
    prefix = benchmark + ":"
    return tuple(m[len(prefix):] for m in info.matches if m.startswith(prefix))


def is_symmetric(relation: str) -> bool:
    """Whether the kg relation is an ``owl:SymmetricProperty``."""
    info = relations().get(relation)
    return bool(info and info.symmetric)
