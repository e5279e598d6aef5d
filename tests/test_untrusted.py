"""Untrusted article text stays text: in the page, in a real browser, in the endpoint, in IRIs
and in SPARQL parameters.

The hostile article (tests/data/hostile/untrusted.txt) carries ``<script>``, ``<img onerror>``,
``<svg onload>``, ``javascript:`` links, ``</script>`` breakouts and quotes; the extra actors
file gives an entity a label made of the same. Built through the real CLI.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.cli import cli
from kg.link.uris import entity_iri, entity_key, key_from_iri, slug

HOSTILE = Path(__file__).parent / "data" / "hostile"
EVIL_LABEL = "Hammer \"Brigade\" O'Hara</script><img src=x onerror=alert(1)>"
INJECTED = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:", "<svg onload=alert(1)>",
            "</script><script>window.__kgPwned=3</script>")
BENIGN = "Pakistan and India signed a security agreement in Islamabad on Monday, officials said."


def kg(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("untrusted")
    res = kg("build", str(HOSTILE / "untrusted.txt"), "--actors", str(HOSTILE / "actors.csv"), "--out",
             str(root / "out"), "--store", str(root / "store"), "--no-progress")
    assert res.exit_code == 0, res.output
    (root / "benign.txt").write_text(BENIGN, encoding="utf-8")
    res = kg("build", str(root / "benign.txt"), "--out", str(root / "benign"), "--no-progress")
    assert res.exit_code == 0, res.output
    return root


class Elements(HTMLParser):
    """Every element and attribute of a page, and the text of its scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[tuple[str, tuple[str, ...]]] = Counter()
        self.attrs: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags[(tag, tuple(sorted(a for a, _ in attrs)))] += 1
        self.attrs += [(tag, a, v or "") for a, v in attrs]
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def parse_html(text: str) -> Elements:
    p = Elements()
    p.feed(text)
    p.close()
    return p


# ---------------------------------------------------------------- (a) the page's markup


def test_page_has_no_injected_elements_or_attributes(built):
    page = (built / "out" / "graph.html").read_text(encoding="utf-8")
    hostile, benign = parse_html(page), parse_html((built / "benign" / "graph.html").read_text(encoding="utf-8"))
    # the same elements with the same attributes as a page of harmless text: nothing was injected
    assert hostile.tags == benign.tags
    assert not [a for a in hostile.attrs if a[1].lower().startswith("on")]
    assert not [a for a in hostile.attrs if "javascript:" in a[2].lower() or "alert(" in a[2]]
    # the hostile strings are there, but only as data: inside the JSON block, with '<' escaped
    (data_text,) = [text for attrs, text in hostile.scripts if attrs.get("type") == "application/json"]
    assert "<" not in data_text
    data = json.loads(data_text)
    assert EVIL_LABEL in [n["label"] for n in data["nodes"]]
    flat = json.dumps(data, ensure_ascii=False)
    for s in INJECTED:  # those in a sentence that became a statement, or in the title
        if s not in ("javascript:", "<svg onload=alert(1)>"):
            assert s in flat
    for attrs, text in hostile.scripts:
        if attrs.get("type") != "application/json":
            assert "alert(1)" not in text and "__kgPwned" not in text


# ---------------------------------------------------------------- (b) a real browser runs nothing


def test_browser_executes_nothing(built, browser):
    page = browser.new_page()
    dialogs: list[str] = []
    blocked: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    def route(r):
        if r.request.url.startswith(("file://", "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.add_init_script("window.__kgPwned = undefined;")
    page.goto((built / "out" / "graph.html").resolve().as_uri())
    page.wait_for_function("window.kgReady === true", timeout=30_000)
    # open every actor and every link, so each label and evidence sentence is rendered
    shown = page.evaluate("""() => {
        const out = [];
        for (const id of window.kg.nodes.getIds()) { window.kg.showNode(id); out.push(document.body.innerText); }
        for (const id of window.kg.edges.getIds()) { window.kg.showEdge(id); out.push(document.body.innerText); }
        return out.join("\\n");
    }""")
    page.wait_for_timeout(300)  # let any onerror/onload that was (wrongly) created fire
    assert dialogs == []
    assert page.evaluate("window.__kgPwned") is None
    assert page.evaluate("document.querySelectorAll('img, svg image, iframe, object, embed').length") == 0
    assert page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(
        e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on')).length""") == 0
    assert EVIL_LABEL in shown and "<img src=x onerror=alert(1)>" in shown  # shown as text
    assert blocked == []
    page.close()


# ---------------------------------------------------------------- (c) the endpoint


@pytest.fixture(scope="module")
def endpoint(built):
    from kg.serve import make_server, open_endpoint_store

    server = make_server(open_endpoint_store(built / "store"), port=0, timeout=5, limit=100)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def get(url: str, accept: str = "*/*"):
    req = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_endpoint_page_and_errors_escape(endpoint):
    status, headers, body = get(endpoint + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = parse_html(body.decode("utf-8"))
    assert not [t for t, _ in page.tags if t in ("script", "img", "iframe", "svg")]
    assert not [a for a in page.attrs if a[1].lower().startswith("on")]
    # a hostile path comes back as plain text, never as HTML
    status, headers, body = get(endpoint + "/%3Cscript%3Ealert(1)%3C/script%3E")
    assert status == 404
    assert headers["Content-Type"] == "text/plain; charset=utf-8" and headers["X-Content-Type-Options"] == "nosniff"


def test_endpoint_results_carry_the_label_as_data(endpoint):
    from urllib.parse import quote

    q = quote(f"SELECT ?label WHERE {{ ?e <{RDFS.label}> ?label FILTER(CONTAINS(?label, 'Hammer')) }}")
    status, headers, body = get(f"{endpoint}/sparql?query={q}", "application/sparql-results+xml")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    ns = "{http://www.w3.org/2005/sparql-results#}"
    labels = [e.text for e in ElementTree.fromstring(body).iter(f"{ns}literal")]
    assert EVIL_LABEL in labels
    status, headers, body = get(f"{endpoint}/sparql?query={q}", "application/sparql-results+json")
    assert EVIL_LABEL in [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]]


# ---------------------------------------------------------------- SPARQL parameters are bound


INJECTION = '") } ; DROP ALL ; #'


def _dump(store: Path) -> list[bytes]:
    from kg.store import KGStore

    s = KGStore.open(store, read_only=True)
    try:
        return sorted(s.dump(fmt="nq").splitlines())
    finally:
        del s


@pytest.mark.parametrize("target", ["store", "out/graph.ttl"])
def test_parameter_is_bound_never_pasted(built, target):
    before = _dump(built / "store")
    res = kg("query", str(built / target), "allies", "--param", f"actor={INJECTION}")
    assert (res.exit_code, res.stdout) == (4, "")
    assert res.stderr == (f"Error: no entity is labelled {INJECTION!r} "
                          "(tried labels, aliases, ISO codes, Wikidata ids)\n")
    res = kg("query", str(built / target), "lookup", "--param", f"name={INJECTION}", "--format", "csv")
    assert (res.exit_code, res.stdout.splitlines(), res.stderr) == (0, ["name,entity,label,rank", ""], "")
    assert _dump(built / "store") == before


@pytest.mark.parametrize("target", ["store", "out/graph.ttl"])
def test_parameter_with_bad_iri_is_a_clean_error(built, target):
    res = kg("query", str(built / target), "allies", "--param", "actor=<x> } ; DROP ALL ; #>")
    assert (res.exit_code, res.stderr) == (4, "Error: parameter actor: 'x> } ; DROP ALL ; #' is not a valid IRI\n")


# ---------------------------------------------------------------- IRIs from any string

ANY = st.text(st.characters(exclude_categories=()), max_size=40) | st.sampled_from(
    ["", " ", ">", "<", '"', "a b", "\x00", "\u202e", "\ud800", "x\ny", "../..", "%", "%2F", "#frag", "?q=1",
     "Hay'at Tahrir al-Sham", 'He said "hi"', "<script>alert(1)</script>", "\ufeff", "ǅ", "ﬁ"])


def _round_trip(iri: URIRef) -> None:
    import pyoxigraph as ox

    ox.NamedNode(str(iri))  # Oxigraph's strict IRI parser accepts it
    g = Graph()
    g.add((iri, RDFS.label, Literal("x")))
    back = Graph()
    back.parse(data=g.serialize(format="nt"), format="nt")
    assert set(back) == set(g)


@settings(max_examples=300, deadline=None)
@given(ANY)
def test_entity_iri_is_valid_and_stable(text):
    iri = entity_iri(text)
    assert iri == entity_iri(text)
    _round_trip(iri)
    assert key_from_iri(str(iri)) == text


@settings(max_examples=300, deadline=None)
@given(ANY, st.sampled_from(["Person", "State", "ArmedGroup", "Odd Type <>"]))
def test_slug_and_key_are_valid_and_stable(text, type_):
    s = slug(text)
    assert s == slug(text) and s and s[0] not in "-_" and s[-1] not in "-_"
    assert all(ch.isalnum() or ch in "-_" for ch in s)
    key = entity_key(text, type_)
    assert key == entity_key(text, type_)
    _round_trip(entity_iri(key))
