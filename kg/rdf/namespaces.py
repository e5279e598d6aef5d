"""The kg vocabulary as a closed rdflib namespace, and the prefixes kg binds.

``KG.cooperatesWith`` is a term; ``KG.cooperatesWit`` raises ``AttributeError`` at once
(``_fail = True``). tests/rdf/test_vocabulary.py checks that this list and
ontologies/kg.ttl declare exactly the same terms.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

ONTOLOGY_IRI = "https://kg.example.org/ontology#"
DEFAULT_BASE = "https://kg.example.org/id/"
WD = Namespace("http://www.wikidata.org/entity/")


class KG(DefinedNamespace):
    """Terms of ontologies/kg.ttl."""

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    Actor: URIRef
    Alleged: URIRef
    ArmedGroup: URIRef
    Asserted: URIRef
    Conflict: URIRef
    Cooperation: URIRef
    Entity: URIRef
    Event: URIRef
    ExtractionActivity: URIRef
    Hypothetical: URIRef
    IntergovernmentalOrganisation: URIRef
    Location: URIRef
    Modality: URIRef
    Negated: URIRef
    Neutral: URIRef
    Organisation: URIRef
    Person: URIRef
    Polarity: URIRef
    PoliticalOrganisation: URIRef
    RelationClass: URIRef
    State: URIRef
    Statement: URIRef
    Stative: URIRef
    abducts: URIRef
    accuses: URIRef
    alliedWith: URIRef
    arrests: URIRef
    attacks: URIRef
    basedIn: URIRef
    betweenness: URIRef
    cameoCode: URIRef
    community: URIRef
    conducts: URIRef
    confidence: URIRef
    contentHash: URIRef
    controls: URIRef
    cooperatesWith: URIRef
    criticises: URIRef
    degreeCentrality: URIRef
    demands: URIRef
    eventDate: URIRef
    evidence: URIRef
    evidenceEnd: URIRef
    evidenceStart: URIRef
    expels: URIRef
    extraditesTo: URIRef
    fights: URIRef
    goldstein: URIRef
    hasNationality: URIRef
    holdsRoleIn: URIRef
    inReferenceKB: URIRef
    intendsToCooperateWith: URIRef
    isoAlpha2: URIRef
    isoAlpha3: URIRef
    kills: URIRef
    leads: URIRef
    livesIn: URIRef
    locatedIn: URIRef
    meetsWith: URIRef
    memberOf: URIRef
    mentionedIn: URIRef
    modality: URIRef
    nationality: URIRef
    operatesIn: URIRef
    opposes: URIRef
    origin: URIRef
    pagerank: URIRef
    plover: URIRef
    polarity: URIRef
    praises: URIRef
    providesAidTo: URIRef
    providesMilitaryAidTo: URIRef
    rejects: URIRef
    relatedTo: URIRef
    relationClass: URIRef
    sanctions: URIRef
    sharesIntelligenceWith: URIRef
    signsAgreementWith: URIRef
    softwareVersion: URIRef
    spacyModel: URIRef
    spacyVersion: URIRef
    theme: URIRef
    threatens: URIRef
    trigger: URIRef
    wikidata: URIRef


PREFIXES: dict[str, Namespace] = {
    "kg": KG._NS,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "schema": Namespace(str(SDO)),
    "org": Namespace(str(ORG)),
    "foaf": Namespace(str(FOAF)),
    "dcterms": Namespace(str(DCTERMS)),
    "wd": WD,
}


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> Graph:
    """Bind kg's prefixes (and ``id:`` for instance IRIs) on ``graph`` and return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    graph.bind("id", Namespace(base), override=True, replace=True)
    return graph
