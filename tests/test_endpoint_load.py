"""The real ``kg serve`` under load, hostile requests and rude clients.

The server is a ``python -m kg serve`` subprocess on 127.0.0.1 (``--port 0``: the port it
prints); the clients are a thread pool in the test process. Every wait is bounded.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlencode

import psutil
import pytest
from click.testing import CliRunner

from kg.cli import cli

ARTICLES = [
    "Pakistan and India signed a trade agreement in Islamabad on Monday, officials said.",
    "China accused the United States of attacking its ships in the South China Sea.",
    "Turkey and Egypt agreed to cooperate on border security, the ministers said in Cairo.",
    "Russia condemned NATO for deploying troops near its border on Friday.",
]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("endpoint")
    feed = root / "feed.jsonl"
    feed.write_text("".join(json.dumps({"text": t}) + "\n" for t in ARTICLES), encoding="utf-8")
    res = CliRunner().invoke(cli, ["build", str(feed), "--out", str(root / "out"), "--workers", "1", "--no-progress"])
    assert res.exit_code == 0, res.output
    return root / "out" / "graph.ttl"


class Server:
    def __init__(self, graph: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(graph), "--port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        line = self.proc.stdout.readline()  # "SPARQL endpoint on http://HOST:PORT/sparql (Ctrl-C to stop)"
        assert line.startswith("SPARQL endpoint on http://"), line + self.proc.stderr.read()
        self.url = line.split()[3]
        self.host, port = self.url.split("//")[1].split("/")[0].rsplit(":", 1)
        self.port = int(port)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()
        self.proc.stderr.close()


@pytest.fixture(scope="module")
def server(graph):
    s = Server(graph)
    yield s
    s.stop()


def request(url: str, *, data: bytes | None = None, ctype: str | None = None, timeout: float = 30):
    headers = {"Accept": "application/sparql-results+json"}
    if ctype:
        headers["Content-Type"] = ctype
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), exc.read()


def select(server: Server, query: str, **kw):
    return request(f"{server.url}?{urlencode({'query': query})}", **kw)


def count(server: Server) -> int:
    status, _, body = select(server, COUNT)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_binds_localhost_by_default(server):
    assert server.host == "127.0.0.1"
    listening = [c for c in psutil.Process(server.proc.pid).net_connections(kind="tcp") if c.status == "LISTEN"]
    assert [(c.laddr.ip, c.laddr.port) for c in listening] == [("127.0.0.1", server.port)]


def test_200_concurrent_queries_all_answered(server):
    n = count(server)
    queries = [COUNT, "ASK { ?s ?p ?o }", "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 50",
               "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 20"]

    def one(i: int):
        return i, select(server, queries[i % len(queries)], timeout=60)

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(one, range(200), timeout=120))
    elapsed = time.monotonic() - start
    assert len(answers) == 200
    assert [i for i, (status, _, _) in answers if status != 200] == []
    counts = {json.loads(body)["results"]["bindings"][0]["n"]["value"] for i, (_, _, body) in answers if i % 4 == 0}
    assert counts == {str(n)}
    assert elapsed < 120
    assert server.proc.poll() is None


@pytest.mark.parametrize("how", ["get-update", "post-update", "form-update", "load", "clear", "insert", "drop"])
def test_updates_are_refused(server, how):
    before = count(server)
    url = server.url
    if how == "get-update":
        status, _, body = request(f"{url}?{urlencode({'update': 'CLEAR ALL'})}")
    elif how == "post-update":
        status, _, body = request(url, data=b"CLEAR ALL", ctype="application/sparql-update")
    elif how == "form-update":
        status, _, body = request(url, data=urlencode({"update": "DROP ALL"}).encode(),
                                  ctype="application/x-www-form-urlencoded")
    elif how == "load":
        status, _, body = select(server, "LOAD <http://example.org/evil.ttl>")
    elif how == "clear":
        status, _, body = request(url, data=b"CLEAR DEFAULT", ctype="application/sparql-query")
    elif how == "insert":
        status, _, body = select(server, "PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }")
    else:
        status, _, body = select(server, "# comment\nDROP ALL")
    assert status == 403
    assert body == b"This endpoint is read-only: SPARQL Update is not accepted.\n"
    assert count(server) == before


def test_client_disconnecting_mid_response_does_not_kill_the_server(server):
    # 10,000 rows of six terms: megabytes, more than the socket buffers hold
    path = "/sparql?" + urlencode({"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"})
    for i in range(10):
        with socket.create_connection((server.host, server.port), timeout=10) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n".encode())
            assert sock.recv(12).startswith(b"HTTP/1.")
            if i % 2:  # half of them reset the connection instead of closing it
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(b"GET /sparql?query=")  # and one that never finishes its request
    assert count(server) > 0
    assert server.proc.poll() is None


def test_timeout_and_result_limit_enforced(graph):
    s = Server(graph, "--timeout", "0.5", "--limit", "7")
    try:
        status, headers, body = select(s, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        assert status == 200
        assert len(json.loads(body)["results"]["bindings"]) == 7
        assert (headers["X-KG-Truncated"], headers["X-KG-Result-Limit"]) == ("true", "7")
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # hours of work
        start = time.monotonic()
        status, _, body = select(s, slow, timeout=20)
        assert (status, body) == (503, b"Query timed out after 0.5 s.\n")
        assert time.monotonic() - start < 5
        status, _, _ = select(s, "ASK { ?s ?p ?o }")  # still answering
        assert status == 200
    finally:
        s.stop()  # the timed-out query keeps a core busy until the process ends


def test_endpoint_url_quoting(server):
    # a query string with every reserved character arrives intact
    q = 'SELECT ?x WHERE { BIND("a&b=c?d#e%f+g" AS ?x) }'
    status, _, body = request(f"{server.url}?query={quote(q, safe='')}")
    assert status == 200
    assert json.loads(body)["results"]["bindings"][0]["x"]["value"] == "a&b=c?d#e%f+g"
