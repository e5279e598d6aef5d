"""Records → RDF triples under the kg ontology. Pure: no I/O, no spaCy.

One article's result maps to the triples that describe the article, the entities it
mentions, and its statements. A statement becomes a ``kg:Statement`` node (reified with
``rdf:subject``/``rdf:predicate``/``rdf:object``) carrying its evidence and provenance; an
*asserted* statement is also emitted as a plain ``subject relation object`` triple so that
simple SPARQL and graph tools work without unpacking statements. Alleged, negated and
hypothetical claims are never emitted as plain facts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from kg.link.uris import activity_iri, article_iri, entity_iri, statement_iri
from kg.rdf.namespaces import DEFAULT_BASE, KG, WD, bind_prefixes
from kg.rdf.taxonomy import relation
from kg.types import ArticleResult, Article, Entity, Statement

Triple = tuple[URIRef | BNode, URIRef, URIRef | Literal | BNode]

MODALITY_IRIS = {
    "asserted": KG.Asserted,
    "alleged": KG.Alleged,
    "negated": KG.Negated,
    "hypothetical": KG.Hypothetical,
}
TYPE_IRIS = {
    "State": KG.State,
    "IntergovernmentalOrganisation": KG.IntergovernmentalOrganisation,
    "ArmedGroup": KG.ArmedGroup,
    "PoliticalOrganisation": KG.PoliticalOrganisation,
    "Organisation": KG.Organisation,
    "Person": KG.Person,
    "Location": KG.Location,
    "Event": KG.Event,
}


@dataclass(frozen=True)
class Activity:
    """The run that produced statements (PROV-O activity)."""

    id: str
    kg_version: str
    spacy_version: str
    spacy_model: str  # "name==version"
    started: str  # xsd:dateTime, UTC


def activity_triples(activity: Activity, *, base: str = DEFAULT_BASE) -> Iterator[Triple]:
    node = activity_iri(activity.id, base)
    yield node, RDF.type, KG.ExtractionActivity
    yield node, RDFS.label, Literal(f"kg {activity.kg_version} with {activity.spacy_model}")
    yield node, KG.softwareVersion, Literal(activity.kg_version)
    yield node, KG.spacyVersion, Literal(activity.spacy_version)
    yield node, KG.spacyModel, Literal(activity.spacy_model)
    yield node, PROV.startedAtTime, Literal(activity.started, datatype=XSD.dateTime)


def article_triples(article: Article, *, base: str = DEFAULT_BASE) -> Iterator[Triple]:
    node = article_iri(article.id, base)
    yield node, RDF.type, SDO.NewsArticle
    yield node, KG.contentHash, Literal(article.sha256)
    if article.origin:
        yield node, KG.origin, Literal(article.origin)
    if article.title:
        yield node, SDO.headline, Literal(article.title)
        yield node, RDFS.label, Literal(article.title)
    else:
        yield node, RDFS.label, Literal(f"article {article.id}")
    if article.url:
        yield node, SDO.url, Literal(article.url, datatype=XSD.anyURI)
    if article.date:
        yield node, SDO.datePublished, Literal(article.date)
    if article.author:
        yield node, SDO.author, Literal(article.author)
    if article.source:
        yield node, DCTERMS.source, Literal(article.source)
    yield node, SDO.wordCount, Literal(len(article.text.split()), datatype=XSD.integer)


def entity_triples(entity: Entity, *, base: str = DEFAULT_BASE) -> Iterator[Triple]:
    node = entity_iri(entity.key, base)
    yield node, RDF.type, TYPE_IRIS[entity.type]
    yield node, RDFS.label, Literal(entity.label)
    yield node, SKOS.prefLabel, Literal(entity.label)
    for alias in entity.aliases:
        if alias != entity.label:
            yield node, SKOS.altLabel, Literal(alias)
    yield node, KG.inReferenceKB, Literal(entity.in_kb)
    if entity.wikidata:
        yield node, KG.wikidata, Literal(entity.wikidata)
        yield node, OWL.sameAs, WD[entity.wikidata]
    if entity.iso_alpha2:
        yield node, KG.isoAlpha2, Literal(entity.iso_alpha2)
    if entity.iso_alpha3:
        yield node, KG.isoAlpha3, Literal(entity.iso_alpha3)
    if entity.nationality:
        yield node, KG.nationality, entity_iri(entity.nationality, base)


def statement_triples(
    st: Statement, *, activity: Activity | None = None, base: str = DEFAULT_BASE
) -> Iterator[Triple]:
    info = relation(st.relation)
    node = statement_iri(st.id, base)
    subj, obj = entity_iri(st.subject, base), entity_iri(st.object, base)
    yield node, RDF.type, KG.Statement
    yield node, RDF.subject, subj
    yield node, RDF.predicate, info.iri
    yield node, RDF.object, obj
    yield node, KG.evidence, Literal(st.evidence)
    yield node, KG.evidenceStart, Literal(st.start, datatype=XSD.nonNegativeInteger)
    yield node, KG.evidenceEnd, Literal(st.end, datatype=XSD.nonNegativeInteger)
    yield node, KG.confidence, Literal(Decimal(f"{st.confidence:.3f}"), datatype=XSD.decimal)
    yield node, KG.modality, MODALITY_IRIS[st.modality]
    yield node, PROV.wasDerivedFrom, article_iri(st.article_id, base)
    if st.trigger:
        yield node, KG.trigger, Literal(st.trigger)
    if st.theme:
        yield node, KG.theme, entity_iri(st.theme, base)
    if st.date:
        yield node, KG.eventDate, Literal(st.date)
    if activity is not None:
        yield node, PROV.wasGeneratedBy, activity_iri(activity.id, base)
    if st.modality == "asserted":
        yield subj, info.iri, obj


def result_triples(
    result: ArticleResult, *, activity: Activity | None = None, base: str = DEFAULT_BASE
) -> Iterator[Triple]:
    """All triples for one article: the article, its entities, mentions and statements."""
    art = article_iri(result.article.id, base)
    yield from article_triples(result.article, base=base)
    for entity in result.entities:
        yield from entity_triples(entity, base=base)
    counts = Counter(m.entity_key for m in result.mentions)
    for key in sorted(counts):
        yield entity_iri(key, base), KG.mentionedIn, art
    for st in result.statements:
        yield from statement_triples(st, activity=activity, base=base)
    if activity is not None:
        yield activity_iri(activity.id, base), PROV.used, art


def to_graph(
    results: Iterable[ArticleResult], *, activity: Activity | None = None, base: str = DEFAULT_BASE
) -> Graph:
    """One rdflib Graph of all results, prefixes bound."""
    graph = bind_prefixes(Graph(), base)
    if activity is not None:
        for t in activity_triples(activity, base=base):
            graph.add(t)
    for result in results:
        for t in result_triples(result, activity=activity, base=base):
            graph.add(t)
    return graph
