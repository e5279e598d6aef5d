"""Reading and writing RDF: graph files (rdflib) and kg's on-disk triple store (pyoxigraph).

:class:`KGStore` keeps each article's triples in a named graph whose name is the article
IRI, so an article can be replaced or removed on its own. The store's *default graph* is
kept as the deduplicated union of all named graphs (Oxigraph's "union default graph" repeats
a triple once per graph it is in, which would double every shared entity label), so SPARQL
over a store sees exactly one copy of each triple, as it would over a merged file.
Ontology and run (activity) triples live in their own named graph, :data:`SHARED_GRAPH`.

Every write is one Oxigraph transaction: a SPARQL Update request is applied as a whole or
not at all. Files are written atomically (a temporary file in the same folder, then
``os.replace``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.atomic import atomic_path
from kg.errors import GraphError, StoreError
from kg.rdf.namespaces import DEFAULT_BASE, KG, bind_prefixes
from kg.types import PathLike

if TYPE_CHECKING:
    import pyoxigraph as ox

#: The named graph holding the ontology and activity triples (see :meth:`KGStore.add_default`).
SHARED_GRAPH = URIRef(f"{DEFAULT_BASE}graph/shared")

#: File extension → rdflib format name.
RDF_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".n3": "n3",
}
_QUAD_FORMATS = {"nquads", "trig"}
_OX_PARSED = {"nquads", "trig", "json-ld"}
_XSD_STRING = str(XSD.string)
_HEX16 = re.compile(r"^[0-9a-f]{16}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


# ---------------------------------------------------------------- term conversion


def to_ox(term: Any) -> Any:
    """An rdflib term as a pyoxigraph term.

    >>> str(to_ox(Literal("x")))
    '"x"'
    """
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: Any) -> URIRef | BNode | Literal | None:
    """A pyoxigraph term as an rdflib term (``xsd:string`` literals become plain ones)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt == _XSD_STRING else Literal(term.value, datatype=URIRef(dt))
    raise TypeError(f"unsupported term: {term!r}")


def _nt(triples: Iterable[tuple[Any, Any, Any]]) -> str:
    # N-Triples syntax via pyoxigraph's terms: their str() is correctly escaped.
    return "\n".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in triples)


# ---------------------------------------------------------------- files


def rdf_format(path: PathLike, fmt: str | None = None) -> str:
    """The rdflib format name for ``path`` (from its extension unless ``fmt`` is given)."""
    if fmt:
        return RDF_FORMATS.get(f".{fmt}", fmt)
    suffix = Path(path).suffix.lower()
    if suffix not in RDF_FORMATS:
        raise GraphError(
            f"cannot tell the RDF format of {str(path)!r} from its extension; "
            f"known extensions: {', '.join(sorted(RDF_FORMATS))}"
        )
    return RDF_FORMATS[suffix]


def _ox_error_position(path: Path, fmt: str) -> str | None:
    # rdflib's messages do not always carry a line number; Oxigraph's parser does.
    import pyoxigraph as ox

    ox_formats = {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "xml": ox.RdfFormat.RDF_XML,
        "n3": ox.RdfFormat.N3,
        "json-ld": ox.RdfFormat.JSON_LD,
    }
    if fmt not in ox_formats:
        return None
    try:
        for _ in ox.parse(path=str(path), format=ox_formats[fmt]):
            pass
    except SyntaxError as exc:
        return str(exc)
    return None


def load_graph(path: PathLike, *, fmt: str | None = None) -> Graph:
    """Parse an RDF file into an rdflib Graph (quad formats are merged into one graph).

    Raises:
        GraphError: the file is missing or does not parse; the message gives the line.
    """
    p = Path(path)
    if not p.is_file():
        raise GraphError(f"no RDF file at {str(p)!r}")
    rdf_fmt = rdf_format(p, fmt)
    try:
        if rdf_fmt in _OX_PARSED:  # via Oxigraph: rdflib 7 warns (ConjunctiveGraph) on these
            import pyoxigraph as ox

            ox_fmt = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "json-ld": ox.RdfFormat.JSON_LD}[rdf_fmt]
            graph = bind_prefixes(Graph())
            for q in ox.parse(path=str(p), format=ox_fmt):
                graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))  # type: ignore[arg-type]
        else:
            graph = bind_prefixes(Graph())
            graph.parse(source=str(p), format=rdf_fmt)
    except Exception as exc:
        where = _ox_error_position(p, rdf_fmt)
        detail = f"{where}" if where else f"{type(exc).__name__}: {exc}"
        raise GraphError(f"cannot parse {str(p)!r} as {rdf_fmt}: {detail}") from exc
    return graph


def write_graph(graph: Graph, path: PathLike, fmt: str | None = None) -> Path:
    """Serialise ``graph`` to ``path`` atomically; the format defaults to the extension's."""
    target = Path(path)
    rdf_fmt = rdf_format(target, fmt)
    with atomic_path(target) as tmp:
        if rdf_fmt in _QUAD_FORMATS and not graph.context_aware:
            import pyoxigraph as ox  # rdflib writes quads only from datasets: all in the default graph

            quads = (ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in graph)
            ox_fmt = ox.RdfFormat.N_QUADS if rdf_fmt == "nquads" else ox.RdfFormat.TRIG
            ox.serialize(quads, output=str(tmp), format=ox_fmt)
        else:
            graph.serialize(destination=str(tmp), format=rdf_fmt, encoding="utf-8")
    return target


# ---------------------------------------------------------------- the store

# Remove an article: drop from the default graph the triples only that article holds,
# then drop its graph. ?g is substituted, never pasted.
_UNLINK = """
DELETE {{ ?s ?p ?o }} WHERE {{
  GRAPH {g} {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g}) }}
}} ;
DROP SILENT GRAPH {g}
"""


class KGStore:
    """A persistent Oxigraph store of kg graphs; open it with :meth:`KGStore.open`.

    >>> import tempfile
    >>> store = KGStore.open(tempfile.mkdtemp() + "/store")
    >>> store.article_ids()
    []
    """

    def __init__(self, store: ox.Store, path: Path | None, *, base: str = DEFAULT_BASE) -> None:
        self._store = store
        self.path = path
        self.base = base

    @classmethod
    def open(cls, path: PathLike, *, read_only: bool = False, base: str = DEFAULT_BASE) -> KGStore:
        """Open (creating it if needed) the store in folder ``path``.

        Raises:
            StoreError: ``path`` is a file, is not writable, or is locked or not a store.
        """
        import pyoxigraph as ox

        p = Path(path)
        if p.exists() and not p.is_dir():
            raise StoreError(f"{str(p)!r} is a file, not a store folder")
        if read_only:
            if not p.is_dir():
                raise StoreError(f"no store at {str(p)!r}")
        else:
            existing = p if p.exists() else next((a for a in p.parents if a.exists()), Path("."))
            if not os.access(existing, os.W_OK | os.X_OK):
                raise StoreError(f"store folder {str(p)!r} is not writable")
            try:  # os.access says yes to root; creating the folder is the real test
                p.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"store folder {str(p)!r} is not writable: {exc.strerror or exc}") from None
        try:
            store = ox.Store.read_only(str(p)) if read_only else ox.Store(str(p))
        except OSError as exc:
            raise StoreError(f"cannot open store {str(p)!r}: {exc}") from exc
        return cls(store, p, base=base)

    @classmethod
    def in_memory(cls, *, base: str = DEFAULT_BASE) -> KGStore:
        """A store that lives in memory only (for tests and serving single files)."""
        import pyoxigraph as ox

        return cls(ox.Store(), None, base=base)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (its default graph is the union)."""
        return self._store

    def __len__(self) -> int:
        import pyoxigraph as ox

        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    # -- writing

    def _write(self, graph: URIRef, triples: list[tuple[Any, Any, Any]], *, replace: bool) -> None:
        g = str(to_ox(graph))
        parts = [_UNLINK.format(g=g)] if replace else []
        if triples:
            body = _nt(triples)
            parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}}\n{body}\n}}")
        if parts:
            try:
                self._store.update(" ;\n".join(parts))  # one request = one transaction
            except OSError as exc:
                raise StoreError(f"cannot write to store {str(self.path)!r}: {exc}") from exc

    def replace_article(self, article_id: str, triples: Iterable[tuple[Any, Any, Any]]) -> int:
        """Put one article's triples in its named graph, replacing what it held before.

        Re-adding the same article changes nothing; a changed article's old statements go.
        Returns the number of triples in the article's graph.
        """
        iri = self._article_iri(article_id)
        unique = list(dict.fromkeys(triples))
        self._write(iri, unique, replace=True)
        return len(unique)

    def add_default(self, triples: Iterable[tuple[Any, Any, Any]]) -> None:
        """Add triples shared by all articles (ontology, extraction activity)."""
        self._write(SHARED_GRAPH, list(dict.fromkeys(triples)), replace=False)

    def ensure_ontology(self) -> None:
        """Add the kg ontology to the shared graph unless it is already there."""
        import pyoxigraph as ox

        from kg.rdf.taxonomy import ontology_graph

        probe = self._store.quads_for_pattern(
            to_ox(KG.relatedTo), None, None, ox.NamedNode(str(SHARED_GRAPH))
        )
        if next(iter(probe), None) is None:
            self.add_default(ontology_graph())

    def remove_article(self, ref: str) -> URIRef:
        """Remove an article given its id, IRI, content hash or origin; returns its IRI.

        Raises:
            StoreError: no such article in the store.
        """
        iri = self.find_article(ref)
        if iri is None:
            raise StoreError(f"no article {ref!r} in store {str(self.path)!r} (give an id, IRI, content hash or origin)")
        self._write(iri, [], replace=True)
        return iri

    # -- reading

    def _article_iri(self, article_id: str) -> URIRef:
        from kg.link.uris import article_iri

        return URIRef(article_id) if "://" in article_id else article_iri(article_id, self.base)

    def find_article(self, ref: str) -> URIRef | None:
        """The IRI of a stored article given its id, IRI, content hash or origin."""
        import pyoxigraph as ox

        graphs = {g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)}
        if "://" in ref or _HEX16.match(ref):
            iri = self._article_iri(ref)
            return iri if str(iri) in graphs else None
        pred = KG.contentHash if _HEX64.match(ref) else KG.origin
        for quad in self._store.quads_for_pattern(None, to_ox(pred), ox.Literal(ref), None):
            if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in graphs:
                return URIRef(quad.graph_name.value)
        return None

    def has_article(self, content_sha: str) -> bool:
        """Whether an article with this SHA-256 content hash is stored."""
        import pyoxigraph as ox

        quads = self._store.quads_for_pattern(None, to_ox(KG.contentHash), ox.Literal(content_sha), None)
        return any(isinstance(q.graph_name, ox.NamedNode) for q in quads)

    def article_iris(self) -> list[URIRef]:
        import pyoxigraph as ox

        return sorted(
            URIRef(g.value)
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode) and g.value != str(SHARED_GRAPH)
        )

    def article_ids(self) -> list[str]:
        """The ids of the stored articles, sorted."""
        return [str(iri).rsplit("/", 1)[-1] for iri in self.article_iris()]

    def query(self, sparql: str, *, substitutions: dict[Any, Any] | None = None) -> Any:
        """Run SPARQL over the union graph; returns pyoxigraph's result object."""
        return self._store.query(sparql, substitutions=substitutions)

    def dump(self, *, fmt: str = "nt") -> bytes:
        """The union graph (``nt``, ``ttl``) or all named graphs (``nq``, ``trig``) as bytes."""
        import pyoxigraph as ox

        if fmt in ("nq", "trig"):
            rdf_fmt = ox.RdfFormat.N_QUADS if fmt == "nq" else ox.RdfFormat.TRIG
            quads = (
                q for q in self._store.quads_for_pattern(None, None, None, None)
                if not isinstance(q.graph_name, ox.DefaultGraph)
            )
            if fmt == "trig":
                return ox.serialize(quads, format=rdf_fmt, prefixes=self._prefixes()) or b""
            return ox.serialize(quads, format=rdf_fmt) or b""
        if fmt == "ttl":
            return self._store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=self._prefixes()) or b""
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""

    def _prefixes(self) -> dict[str, str]:
        from kg.rdf.namespaces import PREFIXES

        return {**{p: str(ns) for p, ns in PREFIXES.items()}, "id": self.base}

    def to_rdflib(self) -> Graph:
        """The union of all graphs as one rdflib Graph, kg's prefixes bound."""
        graph = bind_prefixes(Graph(), self.base)
        graph.parse(data=self.dump(fmt="nt"), format="nt")
        return graph

    def flush(self) -> None:
        self._store.flush()

    def close(self) -> None:
        """Release the store (its lock goes with the last reference to the Oxigraph store)."""
        self._store = None  # type: ignore[assignment]

    def __enter__(self) -> KGStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_source(path: PathLike, *, read_only: bool = False) -> Graph | KGStore:
    """A graph file (parsed with rdflib) or a store folder (opened), by what ``path`` is."""
    p = Path(path)
    if p.is_dir():
        return KGStore.open(p, read_only=read_only)
    if not p.exists():
        raise GraphError(f"no graph file or store folder at {str(p)!r}")
    return load_graph(p)
