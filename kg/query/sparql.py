"""Named SPARQL queries: find them, bind their parameters safely, run them, format results.

Bundled queries live in ``kg/query/queries/*.rq``. Each opens with comment lines::

    # title: Allies
    # description: Actors with asserted cooperative statements with the given actor.
    # param: actor (entity, required) — the actor, as an IRI, a label or an alias

A parameter's kind (in brackets, default ``literal``) says how a value is read:
``entity`` (an IRI, or a label/alias/ISO code resolved to an IRI by the bundled
``lookup`` query), ``class`` (``State`` → ``kg:State``, or an IRI), ``iri``, ``literal``,
``integer``, ``decimal``. Values are always *bound* — ``initBindings`` with rdflib,
``substitutions`` with Oxigraph — and never pasted into the query text. Oxigraph only
substitutes projected variables, so every parameter of a bundled query is in its SELECT.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Literal as Lit, Union
from xml.sax.saxutils import escape as xml_escape

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from kg.errors import QueryError
from kg.rdf.namespaces import DEFAULT_BASE, KG, PREFIXES
from kg.store import KGStore, from_ox, to_ox

Term = Union[URIRef, BNode, Literal]
Source = Union[Graph, KGStore, Any]  # Any: a pyoxigraph.Store
ResultFormat = Lit["table", "csv", "tsv", "json", "xml"]
FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "xml")
PARAM_KINDS = ("entity", "class", "iri", "literal", "integer", "decimal")

_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(([^)]*)\))?\s*(?:[—–-]+\s*(.*))?$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_POSITION = re.compile(r"(\d+):(\d+)")


@dataclass(frozen=True)
class Param:
    """One declared parameter of a query."""

    name: str
    kind: str = "literal"
    required: bool = False
    meaning: str = ""


@dataclass(frozen=True)
class QueryInfo:
    """A query and what its header says about it."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    path: str | None = None


@dataclass
class Result:
    """What a query gave: variables and rows of rdflib terms (``None`` = unbound).

    ``boolean`` is set for ASK; ``triples`` for CONSTRUCT and DESCRIBE. ``truncated`` says
    rows beyond a ``limit`` were dropped.
    """

    vars: list[str]
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] | None = None
    truncated: bool = False


# ---------------------------------------------------------------- finding queries


def _queries_dir() -> Any:
    return resources.files("kg.query") / "queries"


def parse_query(text: str, *, name: str = "query", path: str | None = None) -> QueryInfo:
    """A :class:`QueryInfo` from query text, reading its ``# title:`` / ``# param:`` header.

    >>> parse_query("# title: T\\n# param: x (iri, required) — a thing\\nSELECT ?x {}").params[0].kind
    'iri'
    """
    title = description = ""
    params: list[Param] = []
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description = value
        else:
            pm = _PARAM.match(value)
            if not pm:
                raise QueryError(f"{name}: cannot read parameter line {line.strip()!r}")
            opts = [o.strip() for o in (pm.group(2) or "").split(",") if o.strip()]
            kinds = [o for o in opts if o in PARAM_KINDS]
            params.append(
                Param(pm.group(1), kinds[0] if kinds else "literal", "required" in opts, (pm.group(3) or "").strip())
            )
    return QueryInfo(name=name, text=text, title=title, description=description, params=tuple(params), path=path)


def list_queries() -> list[QueryInfo]:
    """The bundled queries, sorted by name."""
    out = []
    for entry in sorted(_queries_dir().iterdir(), key=lambda e: e.name.rsplit(".", 1)[0]):
        if entry.name.endswith(".rq"):
            out.append(parse_query(entry.read_text(encoding="utf-8"), name=entry.name[:-3], path=str(entry)))
    return out


def load_query(ref: str | QueryInfo) -> QueryInfo:
    """A bundled query by name, a ``.rq`` file by path, or query text as given.

    Raises:
        QueryError: ``ref`` looks like a name but no bundled query has it; the message
            lists the valid names.
    """
    if isinstance(ref, QueryInfo):
        return ref
    entry = _queries_dir() / f"{ref}.rq"
    if _NAME.match(ref) and entry.is_file():
        return parse_query(entry.read_text(encoding="utf-8"), name=ref, path=str(entry))
    p = Path(ref)
    if "\n" not in ref and len(ref) < 4096 and p.suffix in (".rq", ".sparql") and p.is_file():
        return parse_query(p.read_text(encoding="utf-8"), name=p.stem, path=str(p))
    if _NAME.match(ref) or ref.endswith((".rq", ".sparql")):
        names = ", ".join(q.name for q in list_queries())
        raise QueryError(f"unknown query {ref!r}; bundled queries: {names}")
    return parse_query(ref)


# ---------------------------------------------------------------- parameters


_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _checked_iri(text: str) -> URIRef:
    """An IRI written by a user, refused if it holds characters no IRI may hold."""
    if not text or _BAD_IRI_CHARS.search(text):
        raise ValueError(text)
    return URIRef(text)


def _expand(value: str) -> URIRef | None:
    """A parameter value that names an IRI (<…>, a full IRI, or prefix:local), else None.

    Raises:
        ValueError: the value is written as an IRI but is not a valid one.
    """
    if value.startswith("<") and value.endswith(">"):
        return _checked_iri(value[1:-1])
    if "://" in value or value.startswith("urn:"):
        return _checked_iri(value)
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES:
        return URIRef(str(PREFIXES[prefix]) + local)
    if sep and prefix == "id":
        return URIRef(DEFAULT_BASE + local)
    return None


def _class_term(name: str, value: str) -> URIRef:
    iri = _expand(value)
    if iri is not None:
        return iri
    try:
        return URIRef(KG[value])
    except AttributeError:
        from kg.types import ENTITY_TYPES

        raise QueryError(f"parameter {name}: unknown class {value!r}; kg classes: {', '.join(ENTITY_TYPES)}") from None


def resolve_entity(source: Source, value: str) -> URIRef:
    """The IRI of the entity with this label, alias, ISO code or Wikidata id.

    Raises:
        QueryError: no entity has that name.
    """
    iri = _expand(value)
    if iri is not None:
        return iri
    found = run_query(source, load_query("lookup"), {"name": Literal(value)})
    if not found.rows:
        raise QueryError(f"no entity is labelled {value!r} (tried labels, aliases, ISO codes, Wikidata ids)")
    entity = found.rows[0][found.vars.index("entity")]
    assert isinstance(entity, URIRef)
    return entity


def bind_params(source: Source, info: QueryInfo, params: dict[str, Any] | None) -> dict[str, Term]:
    """Turn raw parameter values into RDF terms, checking names and required ones."""
    params = dict(params or {})
    declared = {p.name: p for p in info.params}
    if declared:
        unknown = sorted(set(params) - set(declared))
        if unknown:
            raise QueryError(
                f"query {info.name!r} has no parameter {unknown[0]!r}; parameters: {', '.join(declared)}"
            )
        missing = [p.name for p in info.params if p.required and params.get(p.name) in (None, "")]
        if missing:
            raise QueryError(f"query {info.name!r} needs parameter {missing[0]!r} ({declared[missing[0]].meaning})")
    out: dict[str, Term] = {}
    for name, value in params.items():
        if value is None or value == "":
            continue
        if isinstance(value, (URIRef, BNode, Literal)):
            out[name] = value
            continue
        kind = declared[name].kind if name in declared else "literal"
        text = str(value)
        try:
            out[name] = _bind_one(source, name, kind, text, declared=name in declared)
        except ValueError as exc:
            raise QueryError(f"parameter {name}: {exc.args[0]!r} is not a valid IRI") from None
    return out


def _bind_one(source: Source, name: str, kind: str, text: str, *, declared: bool) -> Term:
    if kind == "entity":
        return resolve_entity(source, text)
    if kind == "class":
        return _class_term(name, text)
    if kind == "iri":
        return _expand(text) or _checked_iri(text)
    if kind in ("integer", "decimal"):
        try:
            return Literal(int(text)) if kind == "integer" else Literal(Decimal(text))
        except (ArithmeticError, ValueError):
            raise QueryError(f"parameter {name}: {text!r} is not a {kind}") from None
    iri = _expand(text) if not declared and text.startswith("<") else None
    return iri if iri is not None else Literal(text)


# ---------------------------------------------------------------- running


def check_syntax(text: str) -> None:
    """Raise :class:`QueryError` with line and column if ``text`` is not a SPARQL query."""
    import pyoxigraph as ox

    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        msg = str(exc)
        m = _POSITION.search(msg)
        where = f"line {m.group(1)}, column {m.group(2)}: " if m else ""
        msg = re.sub(r"^error at \d+:\d+:\s*", "", msg)
        raise QueryError(f"malformed SPARQL query: {where}{msg}") from None


def _has_ontology(graph: Graph) -> bool:
    return (KG.relatedTo, RDF.type, OWL.ObjectProperty) in graph


def _run_rdflib(graph: Graph, text: str, bindings: dict[str, Term], limit: int | None) -> Result:
    from rdflib.plugins.sparql import prepareQuery

    from kg.rdf.taxonomy import ontology_graph

    try:
        prepared = prepareQuery(text)
    except Exception as exc:
        raise QueryError(f"malformed SPARQL query: {exc}") from exc
    target: Graph = graph
    if not _has_ontology(graph):
        # relation annotations are needed by several queries; a merged copy, not an aggregate:
        # an aggregate yields a triple once per graph holding it, and rows would repeat
        target = Graph()
        target += graph
        target += ontology_graph()
    res = target.query(prepared, initBindings=bindings)
    if res.type == "ASK":
        return Result(vars=[], boolean=bool(res.askAnswer))
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        triples = list(res.graph or [])
        truncated = limit is not None and len(triples) > limit
        return Result(vars=["subject", "predicate", "object"], triples=triples[:limit] if truncated else triples, truncated=truncated)
    names = [str(v) for v in (res.vars or [])]
    rows: list[tuple[Term | None, ...]] = []
    truncated = False
    for row in res:
        if limit is not None and len(rows) >= limit:
            truncated = True
            break
        rows.append(tuple(row[i] for i in range(len(names))))  # type: ignore[index]
    return Result(vars=names, rows=rows, truncated=truncated)


def _run_oxigraph(store: Any, text: str, bindings: dict[str, Term], limit: int | None, deadline: float | None) -> Result:
    import time

    import pyoxigraph as ox

    subs = {ox.Variable(k): to_ox(v) for k, v in bindings.items()}
    try:
        res = store.query(text, substitutions=subs or None)
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL query: {exc}") from None
    except RuntimeError as exc:  # e.g. substituting a variable the query does not project
        raise QueryError(f"cannot run query: {exc}") from None
    if isinstance(res, ox.QueryBoolean):
        return Result(vars=[], boolean=bool(res))
    if isinstance(res, ox.QueryTriples):
        triples = []
        for t in res:
            if limit is not None and len(triples) >= limit:
                return Result(vars=["subject", "predicate", "object"], triples=triples, truncated=True)
            triples.append((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return Result(vars=["subject", "predicate", "object"], triples=triples)  # type: ignore[arg-type]
    names = [v.value for v in res.variables]
    rows: list[tuple[Term | None, ...]] = []
    try:
        for n, sol in enumerate(res):
            if limit is not None and len(rows) >= limit:
                return Result(vars=names, rows=rows, truncated=True)
            if deadline is not None and n % 1000 == 0 and time.monotonic() > deadline:
                raise TimeoutError("query timed out")
            rows.append(tuple(from_ox(sol[v]) for v in names))
    finally:
        # Oxigraph's result iterator must be dropped by the thread that made it; a
        # traceback keeping this frame alive must not carry it to another thread.
        del res
    return Result(vars=names, rows=rows)


def run_query(
    source: Source,
    query: str | QueryInfo,
    params: dict[str, Any] | None = None,
    *,
    limit: int | None = None,
    deadline: float | None = None,
) -> Result:
    """Run a bundled query, a query file or query text over a graph or a store.

    Args:
        source: an rdflib Graph, a :class:`~kg.store.KGStore` or a ``pyoxigraph.Store``.
        query: a bundled query name, a ``.rq`` path, query text, or a :class:`QueryInfo`.
        params: parameter values by name (strings are read by the parameter's kind).
        limit: keep at most this many rows (``Result.truncated`` says if more were found).

    >>> from kg.rdf.mapping import to_graph
    >>> run_query(to_graph([]), "statements").rows
    []
    """
    info = load_query(query)
    check_syntax(info.text)
    bindings = bind_params(source, info, params)
    if isinstance(source, Graph):
        return _run_rdflib(source, info.text, bindings, limit)
    store = source.oxigraph if isinstance(source, KGStore) else source
    return _run_oxigraph(store, info.text, bindings, limit, deadline)


# ---------------------------------------------------------------- formatting


def compact(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        s = str(term)
        if s.startswith(DEFAULT_BASE):
            return "id:" + s[len(DEFAULT_BASE):]
        for prefix, ns in PREFIXES.items():
            if s.startswith(str(ns)) and len(s) > len(str(ns)):
                return f"{prefix}:{s[len(str(ns)):]}"
        return s
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _nt(term: Term | None) -> str:
    return "" if term is None else str(to_ox(term))


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def _table(result: Result, width: int = 60) -> str:
    if result.boolean is not None:
        return "yes" if result.boolean else "no"
    rows = result.triples if result.triples is not None else result.rows
    cells = [[compact(t).replace("\n", " ") for t in row] for row in rows]
    cells = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.vars)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    out = [line(result.vars), line(["-" * w for w in widths])] + [line(r) for r in cells]
    n = len(rows)
    out.append(f"({n} row{'s' if n != 1 else ''}{', truncated' if result.truncated else ''})")
    return "\n".join(out)


def _xml(result: Result) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
    out += [f'    <variable name="{xml_escape(v)}"/>' for v in result.vars]
    out.append("  </head>")
    if result.boolean is not None:
        out.append(f"  <boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("  <results>")
        for row in result.rows:
            out.append("    <result>")
            for var, term in zip(result.vars, row):
                if term is None:
                    continue
                if isinstance(term, URIRef):
                    value = f"<uri>{xml_escape(str(term))}</uri>"
                elif isinstance(term, BNode):
                    value = f"<bnode>{xml_escape(str(term))}</bnode>"
                elif term.language:
                    value = f'<literal xml:lang="{xml_escape(term.language)}">{xml_escape(str(term))}</literal>'
                elif term.datatype is not None:
                    value = f'<literal datatype="{xml_escape(str(term.datatype))}">{xml_escape(str(term))}</literal>'
                else:
                    value = f"<literal>{xml_escape(str(term))}</literal>"
                out.append(f'      <binding name="{xml_escape(var)}">{value}</binding>')
            out.append("    </result>")
        out.append("  </results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def format_result(result: Result, fmt: ResultFormat = "table") -> str:
    """Render a result: an aligned ``table``, or SPARQL 1.1 ``csv``, ``tsv``, ``json``, ``xml``.

    >>> format_result(Result(vars=["x"], rows=[(Literal(1),)]), "csv").splitlines()
    ['x', '1']
    """
    if fmt == "table":
        return _table(result)
    if fmt == "json":
        if result.boolean is not None:
            return json.dumps({"head": {}, "boolean": result.boolean})
        rows = result.triples if result.triples is not None else result.rows
        bindings = [{v: _json_term(t) for v, t in zip(result.vars, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": result.vars}, "results": {"bindings": bindings}}, ensure_ascii=False)
    if fmt == "xml":
        return _xml(result)
    rows = result.triples if result.triples is not None else result.rows
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        if result.boolean is not None:
            writer.writerows([["boolean"], ["true" if result.boolean else "false"]])
        else:
            writer.writerow(result.vars)
            writer.writerows([["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in r] for r in rows])
        return buf.getvalue()
    if fmt == "tsv":
        if result.boolean is not None:
            return f"?boolean\n{'true' if result.boolean else 'false'}\n"
        lines = ["\t".join(f"?{v}" for v in result.vars)]
        lines += ["\t".join(_nt(t) for t in r) for r in rows]
        return "\n".join(lines) + "\n"
    raise QueryError(f"unknown result format {fmt!r}; formats: {', '.join(FORMATS)}")
