"""RDF → networkx: the actor network, read from kg's reified statements with SPARQL.

One node per entity that takes part in a statement, one edge per statement (parallel
edges kept: a MultiDiGraph keyed by statement IRI), each edge carrying what the page and
the analysis need: the relation and its taxonomy (class, polarity, Goldstein weight), the
modality, the confidence, the evidence sentence and the article it came from.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, SKOS
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from kg.rdf.namespaces import KG, PREFIXES
from kg.rdf.taxonomy import relations
from kg.types import ENTITY_TYPES

if TYPE_CHECKING:
    import networkx as nx

ENTITY_TYPES_ORDER = ENTITY_TYPES  # the legend's order


@lru_cache(maxsize=None)
def query(name: str) -> Query:
    """The prepared SPARQL query ``kg/analysis/queries/{name}.rq``."""
    text = (resources.files("kg.analysis") / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    return prepareQuery(text, initNs=PREFIXES)


def local_name(iri: object) -> str:
    """The last part of an IRI.

    >>> local_name("https://kg.example.org/ontology#attacks")
    'attacks'
    """
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _py(term: Any) -> Any:
    return None if term is None else term.toPython() if hasattr(term, "toPython") else str(term)


def _text(term: Any) -> str | None:
    return None if term is None else str(term)


_PROPS = {
    str(RDF.subject): "subject", str(RDF.predicate): "predicate", str(RDF.object): "object",
    str(KG.evidence): "evidence", str(KG.evidenceStart): "start", str(KG.evidenceEnd): "end",
    str(KG.confidence): "confidence", str(KG.modality): "modality", str(KG.eventDate): "date",
    str(PROV.wasDerivedFrom): "article",
}


def _edge_attrs(iri: str, p: dict[str, Any], articles: dict[str, tuple[str | None, str | None]]) -> dict[str, Any]:
    name = local_name(p["predicate"])
    info = relations().get(name)
    conf = _py(p.get("confidence"))
    start, end = _py(p.get("start")), _py(p.get("end"))
    article = _text(p.get("article"))
    title, url = articles.get(article or "", (None, None))
    return {
        "relation": name,
        "relation_label": info.label if info else name,
        "relation_class": info.relation_class if info else "stative",
        "polarity": info.polarity if info else "neutral",
        "goldstein": info.goldstein if info else None,
        "symmetric": info.symmetric if info else False,
        "confidence": round(float(conf), 3) if conf is not None else 1.0,
        "modality": local_name(p["modality"]).lower() if p.get("modality") is not None else "asserted",
        "evidence": _text(p.get("evidence")) or "",
        "start": int(start) if start is not None else None,
        "end": int(end) if end is not None else None,
        "date": _text(p.get("date")),
        "article": article,
        "article_title": title,
        "article_url": url,
        "statement": iri,
    }


def actor_network(graph: Graph, *, min_confidence: float = 0.0) -> nx.MultiDiGraph:
    """The actor network of ``graph``: entities as nodes, statements as edges.

    Node ids are entity IRIs (strings); node attributes are ``label``, ``type`` (local
    name of its kg class), ``aliases``, ``wikidata`` and ``mentions`` (articles that
    mention it). Edges are keyed by statement IRI and carry ``relation``,
    ``relation_label``, ``relation_class``, ``polarity``, ``goldstein`` (None for stative
    relations), ``confidence``, ``modality``, ``evidence``, ``start``, ``end``,
    ``article``, ``article_title``, ``article_url`` and ``statement``.

    Args:
        graph: a kg graph (from :func:`kg.rdf.mapping.to_graph` or a saved file).
        min_confidence: statements below this confidence are left out.

    >>> from kg.rdf.mapping import to_graph
    >>> actor_network(to_graph([])).number_of_nodes()
    0
    """
    import networkx as nx

    props: dict[str, dict[str, Any]] = {}
    for row in graph.query(query("statements")):
        name = _PROPS.get(str(row.property))
        if name is None:
            continue
        d = props.setdefault(str(row.statement), {})
        # A property given twice (two articles, say): keep the smallest value, stably.
        if name not in d or str(row.value) < str(d[name]):
            d[name] = row.value
    articles: dict[str, tuple[str | None, str | None]] = {}
    for row in sorted(graph.query(query("articles")), key=lambda r: tuple(str(x) for x in r)):
        articles.setdefault(str(row.article), (_text(row.title), _text(row.url)))

    G = nx.MultiDiGraph()
    wanted: set[str] = set()
    for iri in sorted(props):
        p = props[iri]
        if not {"subject", "predicate", "object"} <= p.keys():
            continue
        attrs = _edge_attrs(iri, p, articles)
        if attrs["confidence"] < min_confidence:
            continue
        s, o = str(p["subject"]), str(p["object"])
        wanted.update((s, o))
        G.add_edge(s, o, key=iri, **attrs)

    info: dict[str, dict[str, set[str]]] = {}
    for row in graph.query(query("entities")):
        iri = str(row.entity)
        if iri not in wanted:
            continue
        d = info.setdefault(iri, {"types": set(), "labels": set(), "wikidata": set()})
        if row.property == RDF.type:
            if str(row.value).startswith(str(KG)):
                d["types"].add(local_name(row.value))
        elif row.property == SKOS.prefLabel:
            d["labels"].add(str(row.value))
        else:
            d["wikidata"].add(str(row.value))
    aliases: dict[str, set[str]] = {}
    for row in graph.query(query("aliases")):
        aliases.setdefault(str(row.entity), set()).add(str(row.alias))
    mentions = {str(row.entity): int(row.mentions) for row in graph.query(query("mentions"))}

    for iri in sorted(wanted):
        d = info.get(iri, {"types": set(), "labels": set(), "wikidata": set()})
        types = [t for t in ENTITY_TYPES_ORDER if t in d["types"]]
        labels = sorted(d["labels"])
        G.nodes[iri].update(
            label=labels[0] if labels else _fallback_label(graph, iri),
            type=types[0] if types else "Entity",
            aliases=sorted(aliases.get(iri, set()) - set(labels[:1])),
            wikidata=min(d["wikidata"]) if d["wikidata"] else None,
            mentions=mentions.get(iri, 0),
        )
    return G


def _fallback_label(graph: Graph, iri: str) -> str:
    from rdflib.namespace import RDFS

    label = graph.value(URIRef(iri), RDFS.label)
    return str(label) if label is not None else local_name(iri)
