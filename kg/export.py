"""Export a kg graph or store to RDF files, to graph-tool formats, or to Neo4j import CSVs.

RDF formats (``ttl``, ``nt``, ``jsonld``; ``nq`` and ``trig`` keep a store's per-article
named graphs) carry everything. ``graphml``, ``gexf`` and ``csv`` carry the actor network
only: the plain asserted triples between entities (see kg/rdf/mapping.py), with each
node's label, type and Wikidata id as attributes. ``csv`` writes ``nodes.csv`` and
``edges.csv`` in neo4j-admin import style into the folder ``path``. Every file is written
atomically.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Literal as Lit, Union

from rdflib import Graph

from kg.errors import KGError
from kg.rdf.namespaces import PREFIXES
from kg.atomic import atomic_path
from kg.store import KGStore, write_graph
from kg.types import PathLike

ExportFormat = Lit["ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv"]
EXPORT_FORMATS: tuple[str, ...] = ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv")

_EDGES = """
PREFIX kg: <https://kg.example.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?p ?o WHERE { ?p rdfs:subPropertyOf kg:relatedTo . ?s ?p ?o . FILTER(isIRI(?o)) }
ORDER BY ?s ?p ?o
"""
_NODES = """
PREFIX kg: <https://kg.example.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e ?label ?type ?wikidata WHERE {
  ?e a ?type .
  FILTER(?type IN (kg:State, kg:IntergovernmentalOrganisation, kg:ArmedGroup, kg:PoliticalOrganisation,
                   kg:Organisation, kg:Person, kg:Location, kg:Event))
  OPTIONAL { ?e rdfs:label ?label }
  OPTIONAL { ?e kg:wikidata ?wikidata }
}
ORDER BY ?e
"""


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def actor_network(source: Graph | KGStore):
    """The entity network as a ``networkx.MultiDiGraph`` keyed by IRI.

    Nodes carry ``label``, ``type`` and (when known) ``wikidata``; edges carry
    ``relation`` (the local name, also the edge key).
    """
    import networkx as nx

    from kg.query.sparql import run_query

    net = nx.MultiDiGraph()
    for e, label, type_, qid in run_query(source, _NODES).rows:
        attrs = {"label": str(label) if label is not None else _local(e), "type": _local(type_)}
        if qid is not None:
            attrs["wikidata"] = str(qid)
        if str(e) not in net:  # an entity with two kg types keeps the first
            net.add_node(str(e), **attrs)
    for s, p, o in run_query(source, _EDGES).rows:
        for node in (s, o):
            if str(node) not in net:
                net.add_node(str(node), label=_local(node), type="Entity")
        net.add_edge(str(s), str(o), key=_local(p), relation=_local(p))
    return net


def _write_csv(net, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    nodes, edges = folder / "nodes.csv", folder / "edges.csv"
    with atomic_path(nodes) as tmp, tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["iri:ID", "name", "wikidata", ":LABEL"])
        for node, data in net.nodes(data=True):
            w.writerow([node, data["label"], data.get("wikidata", ""), f"Entity;{data['type']}"])
    with atomic_path(edges) as tmp, tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([":START_ID", ":END_ID", ":TYPE"])
        for s, o, key in net.edges(keys=True):
            w.writerow([s, o, key])
    return [nodes, edges]


def _write_rdf(source: Graph | KGStore, target: Path, fmt: str) -> None:
    if isinstance(source, KGStore):
        if fmt in ("nt", "ttl", "nq", "trig"):
            with atomic_path(target) as tmp:
                tmp.write_bytes(source.dump(fmt=fmt))
            return
        source = source.to_rdflib()
    if fmt == "jsonld":
        with atomic_path(target) as tmp:
            source.serialize(destination=str(tmp), format="json-ld", encoding="utf-8",
                             context={p: str(ns) for p, ns in PREFIXES.items()})
        return
    write_graph(source, target, fmt)


def export(source: Graph | KGStore, path: PathLike, fmt: ExportFormat) -> list[Path]:
    """Write ``source`` to ``path`` in format ``fmt``; returns the files written.

    For ``csv``, ``path`` is a folder that receives ``nodes.csv`` and ``edges.csv``.

    >>> import tempfile
    >>> from kg.rdf.mapping import to_graph
    >>> [p.name for p in export(to_graph([]), tempfile.mkdtemp() + "/g.ttl", "ttl")]
    ['g.ttl']
    """
    if fmt not in EXPORT_FORMATS:
        raise KGError(f"unknown export format {fmt!r}; formats: {', '.join(EXPORT_FORMATS)}")
    target = Path(path)
    if fmt == "csv":
        if target.exists() and not target.is_dir():
            raise KGError(f"csv export writes a folder, but {str(target)!r} is a file")
        return _write_csv(actor_network(source), target)
    if target.is_dir():
        raise KGError(f"{str(target)!r} is a folder; give a file name for {fmt} export")
    if fmt in ("graphml", "gexf"):
        import networkx as nx

        net = actor_network(source)
        with atomic_path(target) as tmp:
            if fmt == "graphml":
                nx.write_graphml(net, str(tmp))
            else:
                nx.write_gexf(net, str(tmp))
        return [target]
    _write_rdf(source, target, fmt)
    return [target]


__all__ = ["EXPORT_FORMATS", "ExportFormat", "actor_network", "export"]
