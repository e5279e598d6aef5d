"""The page in a real headless Chromium, offline: it draws, filters, and runs nothing it shows.

Needs Debian's chromium at /usr/bin/chromium (driven by Playwright's Python API; never
``playwright install``). Without it the tests are skipped, or fail when ``CI=true``.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from kg import analysis, viz
from kg.rdf.mapping import to_graph
from kg.rdf.taxonomy import relations
from kg.types import Article, ArticleResult, Entity, Statement

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
EVIL_NAME = "</script><script>window.__xss=1</script>"
EVIL_IMG = "<img src=x onerror=window.__xss=2>"
EVIL_SENTENCE = 'See <a href="javascript:window.__xss=3">here</a> or <img src=x onerror="window.__xss=5">.'


# ---------------------------------------------------------------- fixtures


class Session:
    """One page with the network blocked, recording what the page tried and said."""

    def __init__(self, browser):
        self.page = browser.new_page(viewport={"width": 1400, "height": 860})
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file://", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def open(self, path: Path, timeout: float = 30_000) -> float:
        start = time.perf_counter()
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.kgReady === true", timeout=timeout)
        return time.perf_counter() - start

    def visible(self) -> list[str]:
        return sorted(self.page.evaluate("window.kg.visibleNodeIds()"))

    def edges(self) -> int:
        return self.page.evaluate("window.kg.edges.length")


@pytest.fixture
def session(browser):
    s = Session(browser)
    yield s
    s.page.close()


def small_results() -> list[ArticleResult]:
    good = Article(text="India and the United States signed a pact.", title="Delhi and Washington sign pact",
                   url="https://news.example/pact")
    evil = Article(text="A hostile article.", title=f"{EVIL_IMG} headline", url="javascript:window.__xss=4")
    india = Entity("india", "India", "State", aliases=("Bharat",), wikidata="Q668")
    usa = Entity("usa", "United States", "State", aliases=("USA",), wikidata="Q30")
    pak = Entity("pakistan", "Pakistan", "State", wikidata="Q843")
    let = Entity("armedgroup/let", "Lashkar-e-Taiba", "ArmedGroup", aliases=("LeT",))
    un = Entity("un", "United Nations", "IntergovernmentalOrganisation", wikidata="Q1065")
    evil1 = Entity("organisation/evil", EVIL_NAME, "Organisation", aliases=(EVIL_IMG,), wikidata="javascript:x")
    evil2 = Entity("person/evil", EVIL_IMG, "Person")

    def st(a, s, rel, o, i, conf=0.9, mod="asserted", text=None):
        return Statement(s, rel, o, a.id, text or f"{s} {rel} {o} (sentence {i}).", i * 40, i * 40 + 30, conf, mod)

    return [
        ArticleResult(good, (india, usa, pak, let, un), (), (
            st(good, "india", "signsAgreementWith", "usa", 0, text="India and the United States signed a pact."),
            st(good, "armedgroup/let", "attacks", "india", 1, 0.8),
            st(good, "pakistan", "providesAidTo", "armedgroup/let", 2, 0.5, "alleged"),
            st(good, "un", "criticises", "armedgroup/let", 3, 0.7),
            st(good, "usa", "meetsWith", "pakistan", 4, 0.6),
        )),
        ArticleResult(evil, (india, evil1, evil2), (), (
            st(evil, "organisation/evil", "threatens", "india", 5, 0.9, text=EVIL_SENTENCE),
            st(evil, "person/evil", "leads", "organisation/evil", 6, 0.4, text=EVIL_SENTENCE),
        )),
    ]


def synthetic(n: int, m: int, seed: int = 7):
    """An actor network of ``n`` actors and about ``m`` statements, with community structure."""
    import networkx as nx

    rng = random.Random(seed)
    rels = sorted(relations().values(), key=lambda r: r.name)
    types = ["State", "IntergovernmentalOrganisation", "ArmedGroup", "PoliticalOrganisation", "Organisation",
             "Person", "Location", "Event"]
    G = nx.MultiDiGraph()
    ids = [f"https://kg.example.org/id/entity/actor-{i}" for i in range(n)]
    for i, u in enumerate(ids):
        G.add_node(u, label=f"Actor {i}", type=types[i % len(types)], aliases=[f"A{i}"], wikidata=f"Q{i + 1}", mentions=1)
    groups = max(1, n // 100)
    for j in range(m):
        i = int(n * rng.random() ** 2)
        k = (rng.randrange(n // groups) * groups + (i % groups if rng.random() < 0.85 else rng.randrange(groups))) % n
        if i == k:
            continue
        r = rels[rng.randrange(len(rels))]
        a = j % 400
        G.add_edge(ids[i], ids[k], key=f"s{j}", relation=r.name, relation_label=r.label,
                   relation_class=r.relation_class, polarity=r.polarity, goldstein=r.goldstein, symmetric=r.symmetric,
                   confidence=round(0.3 + 0.7 * rng.random(), 3),
                   modality=rng.choice(["asserted"] * 7 + ["alleged", "negated", "hypothetical"]),
                   evidence=f"Actor {i} {r.label} Actor {k}, the article said in sentence {j}.", start=0, end=60,
                   date=None, article=f"https://kg.example.org/id/article/{a}", article_title=f"Article {a}",
                   article_url=f"https://news.example/{a}", statement=f"https://kg.example.org/id/statement/s{j}")
    return G


# ---------------------------------------------------------------- tests


def test_small_page_draws_filters_and_runs_nothing(session, tmp_path):
    G = analysis.actor_network(to_graph(small_results()))
    path = tmp_path / "graph.html"
    viz.render_html(G, analysis.analyse(G), path, title="Test graph")
    session.open(path)
    page = session.page

    assert session.visible() == sorted(G.nodes)
    assert session.edges() == 7  # one link per (subject, object, relation)
    assert page.evaluate("window.kg.data.statements.length") == G.number_of_edges()
    assert page.locator("#notice").is_hidden()

    # search: the match and its neighbours only
    page.fill("#search", "bharat")
    page.press("#search", "Enter")
    india = "https://kg.example.org/id/entity/india"
    shown = session.visible()
    assert india in shown and len(shown) == 4  # India and the USA, LeT and the hostile organisation
    assert "https://kg.example.org/id/entity/un" not in shown
    assert page.locator("#details h3").text_content() == "India"
    page.fill("#search", "")
    page.press("#search", "Enter")
    assert len(session.visible()) == 7

    # type filter: untick armed groups
    page.locator('input[data-type="ArmedGroup"]').uncheck()
    assert "https://kg.example.org/id/entity/armedgroup/let" not in session.visible()
    assert session.edges() == 4
    page.locator('input[data-type="ArmedGroup"]').check()
    # relation class and confidence filters
    page.locator('input[data-class="conflict"]').uncheck()
    assert session.edges() == 4
    page.locator('input[data-class="conflict"]').check()
    page.eval_on_selector("#min-conf", "el => { el.value = '0.85'; el.dispatchEvent(new Event('input')); }")
    assert session.edges() == 2
    page.click("#reset")
    assert session.edges() == 7

    # the hostile article: show its entities, statements and article; nothing may run
    page.evaluate("window.kg.showNode('https://kg.example.org/id/entity/organisation/evil')")
    text = page.locator("#details").text_content()
    assert EVIL_NAME in text and EVIL_SENTENCE in text and f"{EVIL_IMG} headline" in text
    page.evaluate("window.kg.showEdge(window.kg.edges.getIds()[0])")
    page.evaluate("window.kg.showNode('https://kg.example.org/id/entity/person/evil')")
    page.evaluate("window.kg.showNode('https://kg.example.org/id/entity/organisation/evil')")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") is None
    assert session.dialogs == []
    assert page.locator("#details img, #details script").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
    assert all(h.startswith(("https://", "http://")) for h in hrefs)
    assert not any("javascript" in h for h in hrefs)

    # a friendly node for the screenshot: details with evidence and Wikidata link
    page.fill("#search", "India")
    page.press("#search", "Enter")
    page.fill("#search", "")
    page.evaluate("window.kg.state.search = ''; window.kg.apply(); window.kg.network.fit()")
    page.wait_for_timeout(300)
    assert page.locator("#details a", has_text="Q668").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graph.png"))

    assert session.errors == []
    assert session.blocked == []


def test_5000_actors_20000_statements_open_and_respond(session, tmp_path):
    G = synthetic(5000, 20000)
    started = time.perf_counter()
    report = analysis.analyse(G)
    analysed = time.perf_counter() - started
    path = tmp_path / "big.html"
    info = viz.render_html(G, report, path, title="5,000 actors", max_nodes=1500)
    rendered = time.perf_counter() - started - analysed
    assert info["hidden_nodes"] == 3500 and info["physics"] is False

    opened = session.open(path, timeout=45_000)
    assert len(session.visible()) == 1500
    assert session.page.locator("#notice").is_visible()
    assert "3,500 actors" in session.page.locator("#notice").text_content()
    t = time.perf_counter()
    session.page.locator('input[data-type="State"]').uncheck()
    filtered = time.perf_counter() - t
    assert len(session.visible()) < 1500
    t = time.perf_counter()
    session.page.fill("#search", "Actor 1")
    session.page.press("#search", "Enter")
    searched = time.perf_counter() - t
    assert 0 < len(session.visible()) < 1500
    ARTIFACTS.mkdir(exist_ok=True)
    session.page.screenshot(path=str(ARTIFACTS / "graph-5k.png"))
    print(f"\n5k/20k: analyse {analysed:.1f}s, render {rendered:.1f}s ({info['bytes'] / 1e6:.1f} MB), "
          f"open {opened:.1f}s, type filter {filtered:.2f}s, search {searched:.2f}s")
    assert opened < 20 and filtered < 5 and searched < 5
    assert session.errors == []
    assert session.blocked == []
