"""The SPARQL endpoint, started for real on 127.0.0.1 and queried over HTTP."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.rdf.mapping import to_graph
from kg.serve import is_update, make_server, open_endpoint_store
from test_query import PK, US, sample_results

PREFIX = "PREFIX kg: <https://kg.example.org/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
ALLIES = PREFIX + "SELECT ?s ?o WHERE { ?s kg:cooperatesWith ?o }"


@contextlib.contextmanager
def running(store, **options):
    server = make_server(store, port=0, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "graph.ttl"
    to_graph(sample_results()).serialize(destination=str(path), format="turtle")
    return path


@pytest.fixture(scope="module")
def url(graph_file):
    with running(open_endpoint_store(graph_file)) as base:
        yield base


def client(base, query, fmt=JSON):
    sw = SPARQLWrapper(base + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


def http(base, path, data=None, headers=None):
    req = urllib.request.Request(base + path, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        with err:
            return err.code, dict(err.headers), err.read().decode("utf-8")


def test_select_json(url):
    data = client(url, ALLIES).query().convert()
    assert data["head"]["vars"] == ["s", "o"]
    assert data["results"]["bindings"] == [{"s": {"type": "uri", "value": str(US)}, "o": {"type": "uri", "value": str(PK)}}]


def test_select_xml_csv_tsv(url):
    doc = client(url, ALLIES, XML).query().convert()
    assert [n.firstChild.data for n in doc.getElementsByTagName("uri")] == [str(US), str(PK)]
    assert client(url, ALLIES, CSV).query().convert().decode() == f"s,o\r\n{US},{PK}\r\n"
    assert client(url, ALLIES, TSV).query().convert().decode() == f"?s\t?o\n<{US}>\t<{PK}>\n"


def test_ask_and_construct(url):
    assert client(url, PREFIX + "ASK { ?s kg:attacks ?o }").query().convert() == {"head": {}, "boolean": True}
    sw = client(url, PREFIX + "CONSTRUCT { ?s kg:friendOf ?o } WHERE { ?s kg:cooperatesWith ?o }", TURTLE)
    res = sw.query()
    assert res.info()["content-type"].startswith("text/turtle")
    g = Graph().parse(data=res.convert(), format="turtle")
    assert len(g) == 1 and (US, None, PK) in g


def test_get_post_form_and_body(url):
    q = urllib.parse.urlencode({"query": ALLIES})
    status, headers, body = http(url, f"/sparql?{q}", headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["o"]["value"] == str(PK)
    status, _, body = http(url, "/sparql", q.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and str(PK) in body
    status, headers, body = http(url, "/sparql", ALLIES.encode(),
                                 {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv") and body.startswith("s,o")


def test_updates_are_refused(url):
    sw = client(url, "INSERT DATA { <http://a> <http://b> <http://c> }")
    sw.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as err:
        sw.query()
    assert err.value.code == 403
    err.value.close()
    for data, ctype in [
        (b"update=DROP+ALL", "application/x-www-form-urlencoded"),
        (b"CLEAR DEFAULT", "application/sparql-update"),
        (b"PREFIX a: <http://a#>\n# a comment\nDELETE WHERE { ?s ?p ?o }", "application/sparql-query"),
    ]:
        status, _, body = http(url, "/sparql", data, {"Content-Type": ctype})
        assert status == 403 and "read-only" in body
    status, _, body = http(url, "/sparql?" + urllib.parse.urlencode({"query": "LOAD <http://example.org/x>"}))
    assert status == 403
    assert client(url, PREFIX + "ASK { ?s kg:attacks ?o }").query().convert()["boolean"] is True  # data intact


def test_malformed_query_is_400_with_message(url):
    with pytest.raises(QueryBadFormed, match="line 1, column"):
        client(url, "SELECT * WHERE { ?s ?p }").query()
    status, _, body = http(url, "/sparql?" + urllib.parse.urlencode({"query": "SELEC nothing"}))
    assert status == 400 and body.startswith("malformed SPARQL query")


def test_binds_localhost_by_default(graph_file):
    server = make_server(open_endpoint_store(graph_file), port=0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()
    from kg.cli.rdf import serve

    assert {p.name: p.default for p in serve.params}["host"] == "127.0.0.1"


@pytest.mark.timeout(120)
def test_200_concurrent_queries(url):
    def one(i):
        return client(url, PREFIX + f"SELECT ?o WHERE {{ ?s kg:cooperatesWith ?o }} # {i}").query().convert()

    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(one, range(200)))
    assert len(answers) == 200
    assert all(a["results"]["bindings"] == [{"o": {"type": "uri", "value": str(PK)}}] for a in answers)


def test_client_disconnecting_mid_response(graph_file):
    with running(open_endpoint_store(graph_file), limit=1_000_000) as base:
        host, port = base.rsplit("/", 1)[-1].split(":")
        big = urllib.parse.urlencode({"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 30000"})
        for _ in range(3):
            sock = socket.create_connection((host, int(port)), timeout=10)
            sock.sendall(f"GET /sparql?{big} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n".encode())
            assert sock.recv(1024).startswith(b"HTTP/1.1 200")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            sock.close()  # reset mid-response
        assert client(base, ALLIES).query().convert()["results"]["bindings"]


def test_limit_truncates_with_header(graph_file):
    with running(open_endpoint_store(graph_file), limit=3) as base:
        status, headers, body = http(base, "/sparql?" + urllib.parse.urlencode({"query": "SELECT * { ?s ?p ?o }"}))
        assert status == 200 and headers["X-KG-Truncated"] == "true" and headers["X-KG-Result-Limit"] == "3"
        assert len(json.loads(body)["results"]["bindings"]) == 3
        status, headers, _ = http(base, "/sparql?" + urllib.parse.urlencode({"query": ALLIES}))
        assert "X-KG-Truncated" not in headers


@pytest.mark.timeout(60)
def test_timeout_is_503(graph_file):
    with running(open_endpoint_store(graph_file), timeout=0.5, limit=10**9) as base:
        slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        status, _, body = http(base, "/sparql?" + urllib.parse.urlencode({"query": slow}))
        assert status == 503 and "timed out after 0.5 s" in body
        assert client(base, ALLIES).query().convert()["results"]["bindings"]


def test_index_page_lists_queries_escaped(url, graph_file, tmp_path):
    status, headers, body = http(url, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "Net Goldstein score" in body and "allies" in body
    assert "&lt;https://kg.example.org/ontology#&gt;" in body  # query text escaped
    assert "http://" not in body.replace("&lt;http://", "") and "src=" not in body
    page = tmp_path / "graph.html"
    page.write_text("<html><body>the graph</body></html>")
    with running(open_endpoint_store(graph_file), page=page) as base:
        assert http(base, "/")[2] == "<html><body>the graph</body></html>"
    assert http(url, "/nothing")[0] == 404


def test_is_update():
    assert is_update("  insert data { <a> <b> <c> }")
    assert not is_update("PREFIX x: <http://x#> SELECT * { ?s ?p ?o }")
    assert not is_update("# DELETE in a comment\nASK {}")
