"""kg.viz: the page is self-contained, carries its data as inert JSON, and escapes it."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

import kg.cli.analyze  # noqa: F401  (registers analyze/viz/path on the group)
from kg import analysis, viz
from kg.cli import cli
from kg.rdf.mapping import to_graph
from kg.types import Article, ArticleResult, Entity, Statement

EVIL_NAME = "</script><script>window.__xss=1</script>"
EVIL_IMG = "<img src=x onerror=window.__xss=2>"
EVIL_SENTENCE = 'See <a href="javascript:window.__xss=3">here</a> & \u2028 <!-- </SCRIPT> -->'


def results() -> list[ArticleResult]:
    good = Article(text="India and the United States cooperate.", title="Talks in Delhi", url="https://news.example/1")
    evil = Article(text="An article built to attack the page.", title=f"{EVIL_IMG} title", url="javascript:window.__xss=4")
    india = Entity("india", "India", "State", aliases=("Bharat",), wikidata="Q668")
    usa = Entity("usa", "United States", "State", wikidata="Q30")
    script = Entity("organisation/x", EVIL_NAME, "Organisation", aliases=(EVIL_IMG,))
    group = Entity("armedgroup/y", EVIL_IMG, "ArmedGroup", wikidata="javascript:alert(1)")
    return [
        ArticleResult(good, (india, usa), (), (
            Statement("india", "cooperatesWith", "usa", good.id, "India and the United States cooperate.", 0, 38, 0.9),
        )),
        ArticleResult(evil, (india, script, group), (), (
            Statement("organisation/x", "attacks", "india", evil.id, EVIL_SENTENCE, 0, 30, 0.8),
            Statement("armedgroup/y", "threatens", "organisation/x", evil.id, EVIL_SENTENCE + " again", 31, 60, 0.6,
                      "alleged"),
        )),
    ]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    G = analysis.actor_network(to_graph(results()))
    path = tmp_path_factory.mktemp("viz") / "graph.html"
    info = viz.render_html(G, analysis.analyse(G), path, title="Test <graph> & co")
    return G, path.read_text(encoding="utf-8"), info


def page_json(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


def test_no_remote_src_or_href(rendered):
    _, page, _ = rendered
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"<link\b|<script[^>]*\bsrc\s*=|<iframe|<img\b", page.split('id="kg-data"')[0], re.I)
    assert "cdn" not in page.lower()
    assert "vis-network" in page and "@license" in page  # inlined, with its licence header


def test_data_json_round_trips(rendered):
    G, page, info = rendered
    data = page_json(page)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(G.nodes)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels["https://kg.example.org/id/entity/organisation/x"] == EVIL_NAME
    evidence = sorted(s["evidence"] for s in data["statements"])
    assert evidence == sorted(d["evidence"] for _, _, d in G.edges(data=True))
    assert EVIL_SENTENCE in evidence
    assert {a["title"] for a in data["articles"]} == {"Talks in Delhi", f"{EVIL_IMG} title"}
    assert data["meta"]["title"] == "Test <graph> & co"
    assert info["nodes"] == 4 and info["statements"] == 3 and info["hidden_nodes"] == 0


def test_data_is_escaped_inside_the_script_element(rendered):
    _, page, _ = rendered
    raw = re.search(r'id="kg-data">(.*?)</script>', page, re.S).group(1)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in raw
    assert "\\u003c/script\\u003e" in raw
    # Exactly the page's own three script elements close; nothing from the data does.
    assert len(re.findall(r"</script", page, re.I)) == 3
    assert "<title>Test &lt;graph&gt; &amp; co</title>" in page


def test_page_script_never_uses_innerhtml():
    template = (viz._template("graph.html"))
    assert "innerHTML" not in template and "outerHTML" not in template
    assert "document.write" not in template and "eval(" not in template


def test_script_json_escapes():
    assert viz.script_json({"a": "<&>\u2028\u2029"}) == '{"a":"\\u003c\\u0026\\u003e\\u2028\\u2029"}'


def test_above_max_nodes_the_most_central_are_shown(tmp_path):
    G = analysis.actor_network(to_graph(results()))
    report = analysis.analyse(G)
    info = viz.render_html(G, report, tmp_path / "g.html", max_nodes=2)
    data = page_json((tmp_path / "g.html").read_text(encoding="utf-8"))
    best = [r["id"] for r in sorted(report["actors"], key=lambda r: (-r["pagerank"], -r["statements"], r["id"]))[:2]]
    assert sorted(n["id"] for n in data["nodes"]) == sorted(best)
    assert info["hidden_nodes"] == data["meta"]["hidden_nodes"] == 2
    assert all(s["from"] in best and s["to"] in best for s in data["statements"])


def test_layout_is_deterministic(tmp_path):
    G = analysis.actor_network(to_graph(results()))
    report = analysis.analyse(G)
    viz.render_html(G, report, tmp_path / "a.html")
    viz.render_html(G, report, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_viz(tmp_path):
    src = tmp_path / "graph.ttl"
    to_graph(results()).serialize(src, format="turtle")
    out = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["viz", str(src), "--out", str(out), "--max-nodes", "3"])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}: 3 actors" in result.output
    assert "1 less central actors hidden" in result.output
    assert out.is_file()
