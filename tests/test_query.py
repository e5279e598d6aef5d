"""Bundled SPARQL queries over hand-made graphs, with rdflib and with the Oxigraph store."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

import kg.cli.rdf  # noqa: F401  (registers the commands on kg.cli.cli)
from kg.cli import cli
from kg.errors import QueryError
from kg.link.uris import article_iri, entity_iri
from kg.query.sparql import format_result, list_queries, load_query, run_query
from kg.rdf.mapping import result_triples, to_graph
from kg.rdf.namespaces import KG
from kg.store import KGStore
from kg.types import Article, ArticleResult, Entity, Mention, Statement

PK, IN, US, TTP = (entity_iri(k) for k in ("pakistan", "india", "united-states", "armedgroup/ttp"))


def sample_results() -> list[ArticleResult]:
    """Two articles: Pakistan attacks India and cooperates with the US; an alleged TTP claim."""
    a1 = Article(text="Pakistan attacked India. The US cooperates with Pakistan.", title="Clash",
                 date="2024-05-01", origin="news.jsonl:1")
    a2 = Article(text="Pakistan met India. TTP reportedly attacked the US embassy. India attacked Pakistan.",
                 title="Talks", date="2024-06-02", origin="news.jsonl:2")
    pk = Entity("pakistan", "Pakistan", "State", aliases=("Islamic Republic of Pakistan",), wikidata="Q843",
                iso_alpha2="PK", iso_alpha3="PAK", in_kb=True)
    india = Entity("india", "India", "State", wikidata="Q668", iso_alpha2="IN", iso_alpha3="IND", in_kb=True)
    us = Entity("united-states", "United States", "State", aliases=("US", "USA"), wikidata="Q30",
                iso_alpha2="US", iso_alpha3="USA", in_kb=True)
    ttp = Entity("armedgroup/ttp", "Tehrik-i-Taliban Pakistan", "ArmedGroup", aliases=("TTP",))
    r1 = ArticleResult(
        a1, (pk, india, us), tuple(Mention(a1.id, 0, 8, e.label, e.key) for e in (pk, india, us)),
        (
            Statement("pakistan", "attacks", "india", a1.id, "Pakistan attacked India.", 0, 24, 0.9, date="2024-04-30"),
            Statement("united-states", "cooperatesWith", "pakistan", a1.id, "The US cooperates with Pakistan.", 25, 57, 0.8),
        ),
    )
    r2 = ArticleResult(
        a2, (pk, india, us, ttp), tuple(Mention(a2.id, 0, 8, e.label, e.key) for e in (pk, india, ttp)),
        (
            Statement("pakistan", "meetsWith", "india", a2.id, "Pakistan met India.", 0, 19, 0.7),
            Statement("armedgroup/ttp", "attacks", "united-states", a2.id,
                      "TTP reportedly attacked the US embassy.", 20, 59, 0.6, modality="alleged"),
            Statement("india", "attacks", "pakistan", a2.id, "India attacked Pakistan.", 60, 84, 0.5),
        ),
    )
    return [r1, r2]


@pytest.fixture(scope="module")
def graph():
    return to_graph(sample_results())


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    st = KGStore.open(tmp_path_factory.mktemp("q") / "store")
    st.ensure_ontology()
    for r in sample_results():
        st.replace_article(r.article.id, result_triples(r))
    return st


@pytest.fixture(params=["rdflib", "oxigraph"])
def source(request, graph, store):
    return graph if request.param == "rdflib" else store


def values(result, var):
    i = result.vars.index(var)
    return [row[i].toPython() if row[i] is not None else None for row in result.rows]


def test_at_least_twelve_documented_queries():
    queries = {q.name: q for q in list_queries()}
    required = {"statements", "allies", "adversaries", "attacks", "extraditions", "actors-by-type",
                "actors-by-statements", "statements-per-article", "cooperate-and-clash", "alleged",
                "no-wikidata", "net-goldstein", "top-actors"}
    assert required <= set(queries)
    for q in queries.values():
        assert q.text.startswith("# title:"), q.name
        assert q.title and q.description, q.name
        for p in q.params:
            assert p.meaning, (q.name, p.name)
            assert f"?{p.name}" in q.text.split("SELECT", 1)[1].split("WHERE", 1)[0], "params must be projected"


def test_statements_variables_and_one_row_per_statement(source, graph):
    res = run_query(source, "statements")
    assert res.vars == ["subject", "subjectLabel", "relation", "relationLabel", "object", "objectLabel",
                        "confidence", "modality", "evidence", "doc"]
    assert len(res.rows) == len(set(graph.subjects(RDF.type, KG.Statement))) == 5
    assert ("Pakistan", "attacks", "India") in {
        (r[1].toPython(), r[3].toPython(), r[5].toPython()) for r in res.rows
    }
    assert sorted(set(values(res, "modality"))) == ["alleged", "asserted"]


def test_allies_by_alias_and_label(source):
    res = run_query(source, "allies", {"actor": "US"})
    assert values(res, "ally") == [str(PK)]
    assert values(res, "actor") == [str(US)]
    res = run_query(source, "allies", {"actor": "pakistan"})  # case-insensitive label
    assert set(values(res, "ally")) == {str(US), str(IN)}


def test_adversaries_use_asserted_statements_only(source):
    res = run_query(source, "adversaries", {"actor": "Pakistan"})
    assert values(res, "adversary") == [str(IN)]
    assert values(res, "statements") == [2]
    assert run_query(source, "adversaries", {"actor": "TTP"}).rows == []  # its attack is only alleged


def test_attacks_dates_from_sentence_or_article(source):
    res = run_query(source, "attacks")
    got = {(a, t, d, m) for a, t, d, m in zip(values(res, "attackerLabel"), values(res, "targetLabel"),
                                               values(res, "date"), values(res, "modality"))}
    assert got == {
        ("Pakistan", "India", "2024-04-30", "asserted"),
        ("India", "Pakistan", "2024-06-02", "asserted"),
        ("Tehrik-i-Taliban Pakistan", "United States", "2024-06-02", "alleged"),
    }


def test_net_goldstein_weights_confidence(source):
    res = run_query(source, "net-goldstein", {"a": "Pakistan", "b": "IND"})
    # attacks -9.0 × 0.9, attacks -9.0 × 0.5, meetsWith +1.0 × 0.7 (ontology weights)
    assert values(res, "events") == [3]
    assert Decimal(str(values(res, "netGoldstein")[0])) == Decimal("-11.9")


def test_net_goldstein_needs_both_actors(graph):
    with pytest.raises(QueryError, match="needs parameter 'a'"):
        run_query(graph, "net-goldstein", {"b": "India"})


def test_cooperate_and_clash(source):
    res = run_query(source, "cooperate-and-clash")
    assert {(a, b) for a, b in zip(values(res, "aLabel"), values(res, "bLabel"))} == {("India", "Pakistan")}
    assert values(res, "cooperation") == [1] and values(res, "conflict") == [2]


def test_alleged_and_no_wikidata(source):
    assert values(run_query(source, "alleged"), "subject") == [str(TTP)]
    assert values(run_query(source, "no-wikidata"), "entity") == [str(TTP)]


def test_actors_by_type_filter(source):
    assert len(run_query(source, "actors-by-type").rows) == 4
    res = run_query(source, "actors-by-type", {"type": "ArmedGroup"})
    assert values(res, "actor") == [str(TTP)]
    with pytest.raises(QueryError, match="unknown class 'Dragon'"):
        run_query(source, "actors-by-type", {"type": "Dragon"})


def test_actors_and_articles_counts(source):
    res = run_query(source, "actors-by-statements")
    assert dict(zip(values(res, "label"), values(res, "statements")))["Pakistan"] == 4
    res = run_query(source, "statements-per-article")
    assert sorted(values(res, "statements")) == [2, 3]


def test_top_actors_by_pagerank(graph):
    g = graph + to_graph([])
    g.add((PK, KG.pagerank, Literal(Decimal("0.4"), datatype=XSD.decimal)))
    g.add((IN, KG.pagerank, Literal(Decimal("0.3"), datatype=XSD.decimal)))
    assert values(run_query(g, "top-actors"), "label") == ["Pakistan", "India"]


def test_extraditions(graph):
    a = Article(text="Pakistan extradited Hussain to the UK.", title="Extradition")
    pk = Entity("pakistan", "Pakistan", "State", wikidata="Q843")
    uk = Entity("united-kingdom", "United Kingdom", "State", wikidata="Q145")
    who = Entity("person/hussain", "Hussain", "Person")
    st = Statement("pakistan", "extraditesTo", "united-kingdom", a.id, a.text, 0, len(a.text), 0.9, theme="person/hussain")
    g = to_graph([ArticleResult(a, (pk, uk, who), (), (st,))])
    res = run_query(g, "extraditions")
    assert values(res, "personLabel") == ["Hussain"]
    assert values(res, "toLabel") == ["United Kingdom"]


def test_parameters_are_bound_not_pasted(source):
    hostile = 'Pakistan" } } ; DROP ALL ; SELECT * { ?s ?p "'
    with pytest.raises(QueryError, match="no entity is labelled"):
        run_query(source, "allies", {"actor": hostile})
    res = run_query(source, "lookup", {"name": hostile})
    assert res.rows == []
    assert run_query(source, "lookup", {"name": "Pakistan"}).rows  # still there


def test_unknown_query_lists_valid_names():
    with pytest.raises(QueryError) as err:
        load_query("alies")
    assert "unknown query 'alies'" in str(err.value) and "allies" in str(err.value) and "statements" in str(err.value)


def test_malformed_query_gives_line_and_column(graph):
    with pytest.raises(QueryError, match=r"line 3, column 2: expected"):
        run_query(graph, "SELECT ?s WHERE {\n  ?s ?p \n}")


def test_unknown_parameter(graph):
    with pytest.raises(QueryError, match="has no parameter 'actr'; parameters: actor"):
        run_query(graph, "allies", {"actr": "Pakistan"})


def test_query_file_and_text(tmp_path, graph):
    q = tmp_path / "count.rq"
    q.write_text("# title: Count\nPREFIX kg: <https://kg.example.org/ontology#>\n"
                 "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Statement }\n")
    assert load_query(str(q)).title == "Count"
    assert values(run_query(graph, str(q)), "n") == [5]
    assert run_query(graph, "ASK { ?s ?p ?o }").boolean is True


def test_same_answers_from_rdflib_and_store(graph, store):
    for q in list_queries():
        params = {"actor": "Pakistan", "a": "Pakistan", "b": "India", "name": "US"}
        params = {p.name: params[p.name] for p in q.params if p.name in params}
        a, b = run_query(graph, q, params), run_query(store, q, params)
        assert a.vars == b.vars, q.name
        norm = lambda res: [tuple(t.toPython() if t is not None else None for t in row) for row in res.rows]  # noqa: E731
        assert norm(a) == norm(b), q.name


def test_formats(graph):
    res = run_query(graph, "allies", {"actor": "US"})
    data = json.loads(format_result(res, "json"))
    assert data["head"]["vars"] == res.vars
    assert data["results"]["bindings"][0]["ally"] == {"type": "uri", "value": str(PK)}
    assert data["results"]["bindings"][0]["statements"]["datatype"] == str(XSD.integer)
    csv_text = format_result(res, "csv")
    assert csv_text.splitlines()[0] == "actor,ally,allyLabel,statements,relations"
    assert f"{US},{PK},Pakistan,1,cooperatesWith" in csv_text
    table = format_result(res, "table")
    assert "id:entity/pakistan" in table and table.endswith("(1 row)")
    assert json.loads(format_result(run_query(graph, "ASK { ?s ?p ?o }"), "json")) == {"head": {}, "boolean": True}


def test_cli_query(tmp_path, graph, store):
    path = tmp_path / "g.ttl"
    graph.serialize(destination=str(path), format="turtle")
    runner = CliRunner()
    res = runner.invoke(cli, ["query", str(path), "allies", "--param", "actor=US", "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[1] == f"{US},{PK},Pakistan,1,cooperatesWith"
    res = runner.invoke(cli, ["query", "--list"])
    assert res.exit_code == 0 and "net-goldstein" in res.output and "--param a=" in res.output
    res = runner.invoke(cli, ["query", str(path), "allie"])
    assert res.exit_code == QueryError.exit_code
    assert "Error: unknown query 'allie'; bundled queries:" in res.output
    res = runner.invoke(cli, ["query", str(path), "SELECT * WHERE { ?s ?p }"])
    assert res.exit_code == QueryError.exit_code and "line 1, column" in res.output
    res = runner.invoke(cli, ["query", str(path), "statements", "--format", "json"])
    assert len(json.loads(res.output)["results"]["bindings"]) == 5


def test_article_iri_helper():
    assert str(article_iri("abc")).endswith("/article/abc")
    assert isinstance(PK, URIRef)
