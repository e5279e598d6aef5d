"""A read-only SPARQL 1.1 Protocol endpoint over a kg store or graph file (stdlib HTTP only).

``GET``/``POST /sparql`` take a query as the ``query`` parameter, as a form-encoded body or
as an ``application/sparql-query`` body. Results are negotiated from the ``Accept`` header
(or a ``format``/``output`` parameter): SPARQL JSON (the default), XML, CSV or TSV for
SELECT and ASK; Turtle (default) or N-Triples for CONSTRUCT and DESCRIBE.

Policy:

* **read-only**: update requests (``update=``, ``application/sparql-update`` or a query
  that starts with INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY, WITH) get
  403 with a message;
* **timeout**: a query still running after ``timeout`` seconds gets 503; its evaluation
  stops at the next thousand rows (Oxigraph cannot interrupt an aggregate midway);
* **limit**: at most ``limit`` rows (or triples) are returned; when more were found the
  response is cut there and carries ``X-KG-Truncated: true`` and ``X-KG-Result-Limit``;
* binds 127.0.0.1 unless told otherwise; ``/`` serves ``--page`` or a self-contained
  page listing the bundled queries.
"""

from __future__ import annotations

import html
import re
import socket
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kg.errors import GraphError, QueryError
from kg.query.sparql import Result, format_result, list_queries, parse_query, run_query
from kg.store import KGStore, rdf_format, to_ox
from kg.types import PathLike

MAX_BODY = 1 << 20  # 1 MiB of query text is plenty
_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"^\s*(#[^\n]*\n|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>|\s+)", re.IGNORECASE)

_SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
}
_GRAPH_TYPES = {"text/turtle": "turtle", "application/x-turtle": "turtle", "application/turtle": "turtle",
                "application/n-triples": "ntriples", "text/plain": "ntriples"}
_FORMAT_PARAM = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle", "ttl": "turtle",
                 "nt": "ntriples", "ntriples": "ntriples"}


def is_update(query: str) -> bool:
    """Whether ``query`` is a SPARQL Update request (after its prologue).

    >>> is_update("PREFIX kg: <x#>\\nDELETE WHERE { ?s ?p ?o }")
    True
    """
    text = query
    while True:
        m = _PROLOGUE.match(text)
        if not m or not m.group(0):
            break
        text = text[m.end():]
    return bool(_UPDATE.match(text))


def _accepted(accept: str) -> list[str]:
    ranked = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if bits[0] and q > 0:
            ranked.append((-q, i, bits[0].lower()))
    return [t for _, _, t in sorted(ranked)]


def negotiate(accept: str, fmt_param: str | None, *, graph: bool) -> str:
    """The result format for a request: ``json``/``xml``/``csv``/``tsv`` or ``turtle``/``ntriples``."""
    if fmt_param and fmt_param.lower() in _FORMAT_PARAM:
        chosen = _FORMAT_PARAM[fmt_param.lower()]
        if graph == (chosen in ("turtle", "ntriples")):
            return chosen
    table = _GRAPH_TYPES if graph else _SELECT_TYPES
    for media in _accepted(accept or ""):
        if media in table:
            return table[media]
    return "turtle" if graph else "json"


def index_page() -> str:
    """A self-contained page listing the bundled queries; every string is escaped."""
    items = []
    for q in list_queries():
        params = "".join(
            f"<li><code>{html.escape(p.name)}</code> ({html.escape(p.kind)}"
            f"{', required' if p.required else ''}): {html.escape(p.meaning)}</li>"
            for p in q.params
        )
        items.append(
            f"<section><h2>{html.escape(q.title or q.name)} <small><code>{html.escape(q.name)}</code></small></h2>"
            f"<p>{html.escape(q.description)}</p>{f'<ul>{params}</ul>' if params else ''}"
            f"<details><summary>SPARQL</summary><pre>{html.escape(q.text)}</pre></details></section>"
        )
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>kg SPARQL endpoint</title>"
        "<style>body{font:15px/1.4 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "pre{background:#f4f4f4;padding:.5rem;overflow:auto}textarea{width:100%;height:8rem}</style></head><body>"
        "<h1>kg SPARQL endpoint</h1><p>Read-only SPARQL 1.1 endpoint at <code>/sparql</code>.</p>"
        "<form method=\"get\" action=\"/sparql\"><textarea name=\"query\">SELECT * WHERE { ?s ?p ?o } LIMIT 10"
        "</textarea><button type=\"submit\">Run</button></form><h1>Bundled queries</h1>"
        + "".join(items)
        + "</body></html>"
    )


@dataclass
class Endpoint:
    """What the handler needs: an Oxigraph store, the policy, and the page for ``/``."""

    store: Any  # pyoxigraph.Store
    timeout: float = 10.0
    limit: int = 10_000
    page: bytes | None = None
    max_running: int = 32

    def __post_init__(self) -> None:
        self.slots = threading.BoundedSemaphore(self.max_running)


def open_endpoint_store(path: PathLike) -> Any:
    """A store folder (opened read-only) or an RDF file (loaded in memory), with the ontology."""
    import pyoxigraph as ox

    from kg.rdf.taxonomy import ontology_path

    p = Path(path)
    if p.is_dir():
        return KGStore.open(p, read_only=True).oxigraph
    if not p.is_file():
        raise GraphError(f"no graph file or store folder at {str(p)!r}")
    formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
               "trig": ox.RdfFormat.TRIG, "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML,
               "n3": ox.RdfFormat.N3}
    store = ox.Store()
    try:
        store.load(path=str(p), format=formats[rdf_format(p)], to_graph=ox.DefaultGraph())
    except SyntaxError as exc:
        raise GraphError(f"cannot parse {str(p)!r}: {exc}") from exc
    from kg.rdf.namespaces import KG

    if next(iter(store.quads_for_pattern(to_ox(KG.relatedTo), None, None, None)), None) is None:
        store.load(path=str(ontology_path("kg.ttl")), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    return store


class Handler(BaseHTTPRequestHandler):
    server_version = "kg-sparql/0.1"
    protocol_version = "HTTP/1.1"
    endpoint: Endpoint  # set on the subclass made by make_server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # quiet: one line per request would drown the console

    # -- responses

    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            self.close_connection = True  # the client went away: nothing left to do

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    # -- routing

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            page = self.endpoint.page or index_page().encode("utf-8")
            self._send(200, page, "text/html; charset=utf-8")
        elif url.path == "/sparql":
            params = parse_qs(url.query, keep_blank_values=True)
            if "update" in params:
                return self._error(HTTPStatus.FORBIDDEN, "This endpoint is read-only: SPARQL Update is not accepted.")
            self._query(params.get("query", [""])[0], params)
        else:
            self._error(HTTPStatus.NOT_FOUND, f"Not found: {url.path}. The SPARQL endpoint is /sparql.")

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(HTTPStatus.NOT_FOUND, f"Not found: {url.path}. The SPARQL endpoint is /sparql.")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self._error(HTTPStatus.BAD_REQUEST, "Bad Content-Length.")
        if length > MAX_BODY:
            self.close_connection = True
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"Request body over {MAX_BODY} bytes.")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            return self._error(HTTPStatus.FORBIDDEN, "This endpoint is read-only: SPARQL Update is not accepted.")
        if ctype == "application/sparql-query":
            query = body
        elif ctype in ("application/x-www-form-urlencoded", ""):
            form = parse_qs(body, keep_blank_values=True)
            params = {**params, **form}
            if "update" in form:
                return self._error(HTTPStatus.FORBIDDEN, "This endpoint is read-only: SPARQL Update is not accepted.")
            query = form.get("query", [""])[0]
        else:
            return self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                f"Unsupported Content-Type {ctype!r}: use application/sparql-query or application/x-www-form-urlencoded.",
            )
        self._query(query, params)

    # -- the query

    def _query(self, query: str, params: dict[str, list[str]]) -> None:
        ep = self.endpoint
        if not query.strip():
            return self._error(HTTPStatus.BAD_REQUEST, "Missing query: pass it as the 'query' parameter.")
        if is_update(query):
            return self._error(HTTPStatus.FORBIDDEN, "This endpoint is read-only: SPARQL Update is not accepted.")
        if not ep.slots.acquire(timeout=ep.timeout):
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, "Too many queries running; try again.")
        box: dict[str, Any] = {}
        deadline = time.monotonic() + ep.timeout

        def work() -> None:
            try:
                box["result"] = run_query(ep.store, parse_query(query), limit=ep.limit, deadline=deadline)
            except BaseException as exc:  # handed to the request thread, without its frames
                box["error"] = exc.with_traceback(None)
            finally:
                ep.slots.release()

        worker = threading.Thread(target=work, name="kg-sparql-query", daemon=True)
        worker.start()
        worker.join(ep.timeout)
        if worker.is_alive() or isinstance(box.get("error"), TimeoutError):
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, f"Query timed out after {ep.timeout:g} s.")
        if "error" in box:
            exc = box["error"]
            if isinstance(exc, QueryError):
                return self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"Query failed: {type(exc).__name__}: {exc}")
        self._respond(box["result"], params)

    def _respond(self, result: Result, params: dict[str, list[str]]) -> None:
        fmt_param = (params.get("format") or params.get("output") or [None])[0]
        headers = {"Vary": "Accept"}
        if result.truncated:
            headers.update({"X-KG-Truncated": "true", "X-KG-Result-Limit": str(self.endpoint.limit)})
        if result.triples is not None:
            import pyoxigraph as ox

            fmt = negotiate(self.headers.get("Accept", ""), fmt_param, graph=True)
            triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in result.triples]
            if fmt == "turtle":
                from kg.rdf.namespaces import DEFAULT_BASE, PREFIXES

                prefixes = {**{k: str(v) for k, v in PREFIXES.items()}, "id": DEFAULT_BASE}
                body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""
            else:
                body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            return self._send(200, body, f"{_MEDIA[fmt]}; charset=utf-8", headers)
        fmt = negotiate(self.headers.get("Accept", ""), fmt_param, graph=False)
        body = format_result(result, fmt).encode("utf-8")  # type: ignore[arg-type]
        self._send(200, body, f"{_MEDIA[fmt]}; charset=utf-8", headers)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # bursts of clients should queue, not be refused

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, socket.timeout)):
            return  # a client that disconnects is not the server's problem
        super().handle_error(request, client_address)


def make_server(
    store: Any,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float = 10.0,
    limit: int = 10_000,
    page: PathLike | None = None,
) -> ThreadingHTTPServer:
    """A ready (bound, not yet serving) endpoint server; ``port=0`` picks a free port.

    ``store`` is a :class:`~kg.store.KGStore` or a ``pyoxigraph.Store``.
    """
    ox_store = store.oxigraph if isinstance(store, KGStore) else store
    page_bytes = Path(page).read_bytes() if page is not None else None
    endpoint = Endpoint(ox_store, timeout=timeout, limit=limit, page=page_bytes)
    handler = type("KGHandler", (Handler,), {"endpoint": endpoint, "timeout": max(timeout * 3, 30)})
    return _Server((host, port), handler)


def serve(path: PathLike, *, host: str = "127.0.0.1", port: int = 8000, timeout: float = 10.0,
          limit: int = 10_000, page: PathLike | None = None) -> None:
    """Serve ``path`` (store folder or graph file) until interrupted."""
    server = make_server(open_endpoint_store(path), host=host, port=port, timeout=timeout, limit=limit, page=page)
    try:
        server.serve_forever()
    finally:
        server.server_close()
