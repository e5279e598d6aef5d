"""kg.analysis on small hand-built graphs: records → RDF → actor network → report."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner
from rdflib import Graph

import kg.cli.analyze  # noqa: F401  (registers analyze/viz/path on the group)
from kg import analysis
from kg.cli import cli
from kg.errors import KGError
from kg.rdf.mapping import to_graph
from kg.rdf.namespaces import KG
from kg.types import Article, ArticleResult, Entity, Mention, Statement

E = "https://kg.example.org/id/entity/"
ENTITIES = {
    "india": Entity("india", "India", "State", aliases=("Republic of India", "Bharat"), wikidata="Q668"),
    "pakistan": Entity("pakistan", "Pakistan", "State", wikidata="Q843"),
    "usa": Entity("usa", "United States", "State", aliases=("USA",), wikidata="Q30"),
    "china": Entity("china", "China", "State", wikidata="Q148"),
    "let": Entity("armedgroup/let", "Lashkar-e-Taiba", "ArmedGroup", aliases=("LeT",)),
    "un": Entity("un", "United Nations", "IntergovernmentalOrganisation", wikidata="Q1065"),
}


def build(rows: list[tuple], *, title: str = "Test article", url: str | None = "https://news.example/a") -> Graph:
    """A graph from rows of (subject, relation, object[, confidence[, modality]]) by short key."""
    article = Article(text=" ".join(" ".join(map(str, r)) for r in rows) or "empty", title=title, url=url)
    keys = sorted({k for r in rows for k in r[:3:2]})
    entities = tuple(ENTITIES[k] if k in ENTITIES else Entity(k, k.upper(), "Organisation") for k in keys)
    key_of = {k: (ENTITIES[k].key if k in ENTITIES else k) for k in keys}
    statements = []
    for i, (s, rel, o, *rest) in enumerate(rows):
        conf = rest[0] if rest else 0.9
        mod = rest[1] if len(rest) > 1 else "asserted"
        statements.append(Statement(key_of[s], rel, key_of[o], article.id, f"Sentence {i}: {s} {rel} {o}.",
                                    i * 50, i * 50 + 40, conf, mod))
    mentions = tuple(Mention(article.id, 0, 1, k, key_of[k]) for k in keys)
    return to_graph([ArticleResult(article, entities, mentions, tuple(statements))])


def network(rows: list[tuple], **kw) -> analysis.actor_network:
    return analysis.actor_network(build(rows, **kw))


def iri(key: str) -> str:
    return E + (ENTITIES[key].key if key in ENTITIES else key)


# ---------------------------------------------------------------- the actor network


def test_actor_network_nodes_and_edges_carry_provenance():
    G = network([("india", "attacks", "pakistan", 0.8), ("usa", "meetsWith", "india", 0.6, "alleged")])
    assert sorted(G.nodes) == sorted(iri(k) for k in ("india", "pakistan", "usa"))
    india = G.nodes[iri("india")]
    assert india == {"label": "India", "type": "State", "aliases": ["Bharat", "Republic of India"],
                     "wikidata": "Q668", "mentions": 1}
    [(_, edge)] = G.get_edge_data(iri("india"), iri("pakistan")).items()
    assert edge["relation"] == "attacks"
    assert edge["relation_label"] == "attacks"
    assert (edge["relation_class"], edge["polarity"], edge["goldstein"]) == ("conflict", "conflict", -9.0)
    assert (edge["confidence"], edge["modality"]) == (0.8, "asserted")
    assert edge["evidence"] == "Sentence 0: india attacks pakistan."
    assert (edge["start"], edge["end"]) == (0, 40)
    assert edge["article_title"] == "Test article"
    assert edge["article_url"] == "https://news.example/a"
    assert edge["statement"].startswith("https://kg.example.org/id/statement/")
    [(_, met)] = G.get_edge_data(iri("usa"), iri("india")).items()
    assert met["modality"] == "alleged"


def test_min_confidence_drops_weak_statements_and_their_actors():
    g = build([("india", "attacks", "pakistan", 0.8), ("usa", "meetsWith", "china", 0.3)])
    G = analysis.actor_network(g, min_confidence=0.5)
    assert sorted(G.nodes) == sorted([iri("india"), iri("pakistan")])


# ---------------------------------------------------------------- centrality


STAR = [("usa", "meetsWith", k) for k in ("india", "pakistan", "china", "un")]
CHAIN = [("india", "meetsWith", "usa"), ("usa", "meetsWith", "china"), ("china", "meetsWith", "un"),
         ("india", "meetsWith", "pakistan")]


@pytest.mark.parametrize(
    ("rows", "measure", "expected"),
    [
        (STAR, "pagerank", ["United States"]),
        (STAR, "degree", ["United States"]),
        (STAR, "betweenness", ["United States"]),
        # pakistan–india–usa–china–un: the two middle links carry most shortest paths
        (CHAIN, "betweenness", ["United States", "China", "India"]),  # China, India tie at 3
        (CHAIN, "degree", ["China", "India", "United States"]),  # ties sorted by label
    ],
)
def test_centrality_order(rows, measure, expected):
    report = analysis.analyse(network(rows))
    labels = [r["label"] for r in report["centrality"][measure]]
    assert labels[: len(expected)] == expected
    assert report["centrality"]["betweenness_sampled"] is False


def test_betweenness_is_sampled_when_asked_and_says_so():
    report = analysis.analyse(network(CHAIN), betweenness_k=2)
    assert report["centrality"]["betweenness_sampled"] is True
    assert report["centrality"]["k"] == 2


def test_report_is_byte_identical_for_the_same_input(tmp_path):
    rows = STAR + CHAIN + [("let", "attacks", "india"), ("pakistan", "providesAidTo", "let")]
    for run in ("one", "two"):
        G = network(rows)
        analysis.write_report(analysis.analyse(G, seed=3), G, tmp_path / run)
    for name in ("report.json", "report.md", "network.png"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    report = json.loads((tmp_path / "one" / "report.json").read_text())
    assert sorted(report) == ["actors", "centrality", "communities", "counts", "signed"]
    assert sum(c["size"] for c in report["communities"]) == report["counts"]["actors"] == 6
    assert not [p for p in (tmp_path / "one").iterdir() if p.name.startswith(".")]  # no temp files left


def test_communities_split_two_cliques():
    left = [("india", "meetsWith", "usa"), ("usa", "meetsWith", "un"), ("un", "meetsWith", "india")]
    right = [("pakistan", "meetsWith", "china"), ("china", "meetsWith", "let"), ("let", "meetsWith", "pakistan")]
    report = analysis.analyse(network(left + right + [("india", "criticises", "pakistan", 0.1)]))
    groups = {r["label"]: r["community"] for r in report["actors"]}
    assert groups["India"] == groups["United States"] == groups["United Nations"]
    assert groups["Pakistan"] == groups["China"] == groups["Lashkar-e-Taiba"]
    assert groups["India"] != groups["Pakistan"]


# ---------------------------------------------------------------- the signed network


def test_net_goldstein_of_a_known_pair_counts_asserted_events_only():
    G = network([
        ("india", "attacks", "pakistan", 0.9),           # -9.0 * 0.9 = -8.1
        ("pakistan", "meetsWith", "india", 0.5),         # +1.0 * 0.5 = +0.5
        ("india", "kills", "pakistan", 0.8, "negated"),  # left out
        ("pakistan", "attacks", "india", 0.7, "hypothetical"),
        ("pakistan", "sanctions", "india", 0.7, "alleged"),
        ("india", "memberOf", "pakistan", 0.9),          # neutral stative: not signed at all
    ])
    pairs, excluded = analysis.pair_table(G)
    pair = pairs[tuple(sorted((iri("india"), iri("pakistan"))))]
    assert pair["net_goldstein"] == pytest.approx(-7.6)
    assert (pair["cooperation"], pair["conflict"], pair["sign"]) == (1, 1, -1)
    assert excluded == {"alleged": 1, "negated": 1, "hypothetical": 1}
    signed = analysis.analyse(G)["signed"]
    assert signed["rivalries"][0]["net_goldstein"] == pytest.approx(-7.6)
    assert signed["excluded"] == excluded


@pytest.mark.parametrize(
    ("ab", "ac", "bc", "kind", "balanced"),
    [
        ("cooperatesWith", "cooperatesWith", "cooperatesWith", "+++", True),
        ("cooperatesWith", "attacks", "attacks", "+--", True),     # friends share an enemy
        ("cooperatesWith", "cooperatesWith", "attacks", "++-", False),
        ("attacks", "attacks", "attacks", "---", False),
    ],
)
def test_structural_balance_of_a_triangle(ab, ac, bc, kind, balanced):
    G = network([("india", ab, "usa"), ("india", ac, "pakistan"), ("usa", bc, "pakistan")])
    b = analysis.analyse(G)["signed"]["balance"]
    assert b["triads"] == 1
    assert b["by_kind"][kind] == 1
    assert (b["balanced"], b["unbalanced"]) == ((1, 0) if balanced else (0, 1))
    assert len(b["examples"]["balanced" if balanced else "unbalanced"]) == 1


def test_enemy_of_my_enemy():
    G = network([
        ("let", "attacks", "india"), ("pakistan", "fights", "india"), ("china", "sanctions", "india"),
        ("pakistan", "providesAidTo", "let"),   # cooperating with each other
        ("china", "criticises", "pakistan"),    # in conflict: not a pair
    ])
    eoe = analysis.analyse(G)["signed"]["enemy_of_enemy"]
    pairs = {frozenset((r["a_label"], r["c_label"])): r for r in eoe["top"]}
    assert eoe["pairs"] == 2
    assert pairs[frozenset(("Lashkar-e-Taiba", "Pakistan"))]["common_enemies"] == ["India"]
    assert pairs[frozenset(("Lashkar-e-Taiba", "Pakistan"))]["relation"] == "cooperating"
    assert pairs[frozenset(("China", "Lashkar-e-Taiba"))]["relation"] == "no conflict"
    assert frozenset(("China", "Pakistan")) not in pairs


def test_coalitions_are_components_of_cooperation():
    G = network([("india", "cooperatesWith", "usa"), ("usa", "signsAgreementWith", "un"),
                 ("pakistan", "cooperatesWith", "china"), ("india", "attacks", "pakistan")])
    assert analysis.analyse(G)["signed"]["coalitions"] == [["India", "United Nations", "United States"],
                                                           ["China", "Pakistan"]]


# ---------------------------------------------------------------- paths


def test_shortest_path_with_evidence_and_direction():
    G = network([("let", "attacks", "india", 0.7), ("usa", "cooperatesWith", "india", 0.9),
                 ("usa", "meetsWith", "china"), ("pakistan", "providesAidTo", "let")])
    [chain] = analysis.shortest_paths(G, "let", "united states")
    assert [(s["from_label"], s["relation"], s["direction"], s["to_label"]) for s in chain] == [
        ("Lashkar-e-Taiba", "attacks", "forward", "India"),
        ("India", "cooperatesWith", "backward", "United States"),
    ]
    assert chain[0]["evidence"] == "Sentence 0: let attacks india."
    assert chain[0]["article_title"] == "Test article"
    assert chain[0]["confidence"] == 0.7


def test_paths_are_all_shortest_and_limited():
    G = network([("india", "meetsWith", "usa"), ("india", "meetsWith", "china"),
                 ("usa", "meetsWith", "pakistan"), ("china", "meetsWith", "pakistan")])
    chains = analysis.shortest_paths(G, "India", "PAKISTAN")
    assert [[s["to_label"] for s in c] for c in chains] == [["China", "Pakistan"], ["United States", "Pakistan"]]
    assert len(analysis.shortest_paths(G, "India", "Pakistan", limit=1)) == 1


def test_actor_names_resolve_by_alias_and_iri():
    G = network([("india", "meetsWith", "usa")])
    assert analysis.resolve_actor(G, "bharat") == iri("india")
    assert analysis.resolve_actor(G, "USA") == iri("usa")
    assert analysis.resolve_actor(G, iri("usa")) == iri("usa")


def test_unknown_actor_names_it_and_suggests_close_labels():
    G = network([("india", "meetsWith", "usa")])
    with pytest.raises(KGError, match=r"unknown actor 'Indai'; did you mean: 'India'"):
        analysis.shortest_paths(G, "Indai", "USA")


def test_unconnected_actors_have_no_path():
    G = network([("india", "meetsWith", "usa"), ("china", "meetsWith", "pakistan")])
    assert analysis.shortest_paths(G, "India", "China") == []


# ---------------------------------------------------------------- metrics back into RDF


def test_metrics_triples_let_sparql_sort_by_pagerank():
    g = build(STAR)
    report = analysis.analyse(analysis.actor_network(g))
    for t in analysis.metrics_triples(report):
        g.add(t)
    rows = list(g.query("SELECT ?e ?pr WHERE { ?e kg:pagerank ?pr } ORDER BY DESC(?pr)", initNs={"kg": KG._NS}))
    assert str(rows[0][0]) == iri("usa")
    assert isinstance(rows[0][1].toPython(), Decimal)
    assert len(list(g.triples((None, KG.community, None)))) == 5


# ---------------------------------------------------------------- CLI


def test_cli_analyze_and_path(tmp_path):
    src = tmp_path / "graph.ttl"
    build([("let", "attacks", "india"), ("usa", "cooperatesWith", "india")]).serialize(src, format="turtle")
    runner = CliRunner()
    result = runner.invoke(cli, ["analyze", str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "3 actors, 2 statements" in result.output
    assert {p.name for p in (tmp_path / "out").iterdir()} == {"report.json", "report.md", "network.png"}
    result = runner.invoke(cli, ["path", str(src), "LeT", "usa"])
    assert result.exit_code == 0, result.output
    assert "Lashkar-e-Taiba —attacks→ India" in result.output
    assert '"Sentence 0: let attacks india." (Test article)' in result.output
    result = runner.invoke(cli, ["path", str(src), "Atlantis", "usa"])
    assert result.exit_code == 1
    assert "Error: unknown actor 'Atlantis'" in result.output
