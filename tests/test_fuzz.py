"""Fuzzing ingest: arbitrary text, HTML fragments, files and JSONL lines of arbitrary bytes.

The only outcomes allowed are the documented ones: an :class:`Article` that keeps the
cleaning invariants, a :class:`Problem` naming its origin, or a :class:`KGError`. Invalid
UTF-8 and non-English text may warn (UnicodeWarning, LanguageWarning); any other warning
or exception is a failure.

Budget: about 10 s in all here, about 60 s when ``CI=true`` (``KG_FUZZ_SECONDS`` overrides).
Hypothesis has no time limit of its own, so each target runs batches of examples, each
batch under a fresh seed (from ``KG_FUZZ_SEED``, default 0), until its share of the budget
is spent: the overshoot is at most one batch.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings, strategies as st
from rdflib import Graph

from kg.errors import KGError
from kg.ingest import iter_articles
from kg.ingest.clean import clean_text
from kg.ingest.html import html_to_text
from kg.ingest.language import LanguageWarning
from kg.ingest.readers import MAX_TEXT_CHARS
from kg.types import Article, ArticleResult, Problem

CI = os.environ.get("CI") == "true"
BUDGET = float(os.environ.get("KG_FUZZ_SECONDS") or (60 if CI else 10))
TARGETS = 5
BATCH = 25
SEED = int(os.environ.get("KG_FUZZ_SEED", "0"))

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\r]")


def run_for(seconds: float, strategy, check) -> int:
    """Run ``check`` on examples of ``strategy`` for about ``seconds``; returns the examples tried."""

    @settings(max_examples=BATCH, deadline=None, database=None, derandomize=False,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
    @given(strategy)
    def batch(value):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnicodeWarning)
            warnings.simplefilter("ignore", LanguageWarning)
            check(value)

    end = time.monotonic() + seconds
    n = 0
    while True:
        seed(SEED * 100_003 + n)(batch)()
        n += 1
        if time.monotonic() >= end:
            return n * BATCH


# ---------------------------------------------------------------- strategies

ANY_CHAR = st.characters(exclude_categories=())  # control characters and lone surrogates too
WORDS = st.sampled_from([
    "Pakistan", "India", "said", "the", "and", "Share this:", "Twitter", "Author", "• Jane Roe", "Read more",
    "#x{color:red}", "{", "}", ".", "\n", "\n\n", "\r\n", "\t", "\u00a0", "\u2028", "\ufeff", "\x00", "<p>", "&amp;",
    "Advertisement", "\u200b", "é", "e\u0301", "ﬁ", "\ud800",
])
TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=400),
    st.lists(st.one_of(WORDS, st.text(ANY_CHAR, max_size=8)), max_size=80).map(" ".join),
    st.lists(WORDS, max_size=120).map("".join),
)
TAGS = ["p", "div", "span", "article", "main", "nav", "header", "footer", "aside", "script", "style", "noscript",
        "a", "img", "h1", "h2", "li", "ul", "table", "td", "tr", "br", "iframe", "svg", "template", "title", "meta",
        "body", "html", "head", "form", "textarea", "pre", "code", "b", "i"]
ATTRS = st.dictionaries(st.sampled_from(["href", "src", "onerror", "class", "id", "style", "content", "name",
                                         "property", "lang", "charset"]),
                        st.one_of(st.text(max_size=20), st.just("javascript:alert(1)")), max_size=3)


def _element(children):
    return st.builds(
        lambda tag, attrs, inner, close: (
            f"<{tag}" + "".join(f' {k}="{v}"' for k, v in attrs.items()) + ">" + "".join(inner)
            + (f"</{tag}>" if close else "")
        ),
        st.sampled_from(TAGS), ATTRS, st.lists(children, max_size=5), st.booleans(),
    )


HTML = st.recursive(
    st.one_of(TEXT, st.sampled_from(["<!-- c -->", "<![CDATA[x]]>", "<!doctype html>", "&#0;", "&#xD800;", "&bogus;",
                                     "<", ">", "</", "<?xml version='1.0'?>", "<IFRAME>HTML",
                                     "Pakistan and India agreed on Monday to resume talks, officials said."])),
    _element, max_leaves=30,
).map(lambda s: s if isinstance(s, str) else "".join(s))

BYTES = st.one_of(
    st.binary(max_size=3000),
    TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\x89PNG", b"%PDF-1.4", b"\x1f\x8b"]),
              TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=40)).map(b"".join),
    HTML.map(lambda t: t.encode("utf-8", "surrogatepass")),
)
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT),
    lambda c: st.one_of(st.lists(c, max_size=3), st.dictionaries(st.text(max_size=5), c, max_size=3)),
    max_leaves=8,
)
JSON_RECORD = st.fixed_dictionaries(
    {},
    optional={k: JSON_VALUE for k in ("text", "title", "url", "date", "source", "author")} | {"html": st.booleans()},
).map(lambda d: json.dumps(d, ensure_ascii=bool(len(d) % 2)).encode("utf-8", "surrogatepass"))
JSONL_LINE = st.one_of(
    st.binary(max_size=200).map(lambda b: b.replace(b"\n", b" ")),
    JSON_RECORD,
    st.builds(lambda t: json.dumps({"text": t, "html": True}).encode(), HTML),
    st.sampled_from([b"[1, 2]", b"null", b'"text"', b"{}", b'{"text": 5}', b"1" * 5000, b"[" * 5000,
                     b'{"text": "\\ud800 Pakistan"}', b"\xef\xbb\xbf{\"text\": \"BOM line\"}"]),
)


# ---------------------------------------------------------------- invariants


def check_article(a: Article) -> None:
    assert a.text and a.text == a.text.strip(), repr(a.text)
    assert not _CONTROL.search(a.text), repr(a.text)
    assert "\n\n\n" not in a.text and len(a.text) <= MAX_TEXT_CHARS
    assert len(a.id) == 16
    for value in (a.title, a.url, a.date, a.source, a.author):
        if value is not None:
            assert isinstance(value, str) and value.strip()
            assert "\n" not in value and not _CONTROL.search(value), repr(value)
    assert a.origin


def check_items(items, origin_prefix: str) -> None:
    for item in items:
        if isinstance(item, Problem):
            assert item.origin.startswith(origin_prefix) and item.reason
        else:
            assert isinstance(item, Article)
            check_article(item)


def read(path: Path) -> None:
    try:
        items = list(iter_articles([path]))
    except KGError:
        return
    check_items(items, str(path))


# ---------------------------------------------------------------- targets


def test_html_extractor_failure_is_a_problem(tmp_path, monkeypatch):
    import trafilatura

    def broken(*args, **kwargs):
        raise AssertionError("deep\nin lxml")

    monkeypatch.setattr(trafilatura, "extract", broken)
    f = tmp_path / "page.html"
    f.write_text("<p>Pakistan and India met.</p>", encoding="utf-8")
    assert list(iter_articles([f])) == [
        Problem(str(f), "cannot extract the article text from this HTML (AssertionError: deep in lxml)")]


def test_html_that_crashed_the_extractor_is_a_problem(tmp_path):
    # found by this fuzzer: htmldate's cleaning asserted on a page whose root is <iframe>
    for i, page in enumerate(["<IFRAME>HTML", "<iframe>", "<svg><iframe>x"]):
        f = tmp_path / f"{i}.html"
        f.write_text(page, encoding="utf-8")
        read(f)
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"text": "<IFRAME>HTML", "html": True}) + "\n", encoding="utf-8")
    assert list(iter_articles([f])) == [Problem(f"{f}:1", "no article text (empty, whitespace only, or only page "
                                                          "furniture)")]


def test_fuzz_clean_text():
    def check(raw: str) -> None:
        c = clean_text(raw)
        assert not _CONTROL.search(c.text) and "\n\n\n" not in c.text
        c.text.encode("utf-8")
        assert c.title is None or ("\n" not in c.title and c.title in c.text)

    assert run_for(BUDGET / TARGETS, TEXT, check) > 0


def test_fuzz_html_fragments():
    def check(page: str) -> None:
        text, meta = html_to_text(page)
        assert isinstance(text, str) and isinstance(meta, dict)

    assert run_for(BUDGET / TARGETS, HTML, check) > 0


def test_fuzz_files_of_arbitrary_bytes():
    folder = Path(tempfile.mkdtemp(prefix="kg-fuzz-"))

    def check(args) -> None:
        suffix, data = args
        f = folder / f"article{suffix}"
        f.write_bytes(data)
        read(f)
        f.unlink()

    assert run_for(BUDGET / TARGETS, st.tuples(st.sampled_from([".txt", ".md", ".html", ".htm"]), BYTES), check) > 0


def test_fuzz_jsonl_lines():
    folder = Path(tempfile.mkdtemp(prefix="kg-fuzz-"))

    def check(lines) -> None:
        f = folder / "feed.jsonl"
        f.write_bytes(b"\n".join(lines) + b"\n")
        read(f)

    assert run_for(BUDGET / TARGETS, st.lists(JSONL_LINE, min_size=1, max_size=6), check) > 0


def test_fuzz_article_metadata_to_turtle():
    """What ingest lets through (any title, url, date...) serialises to Turtle that parses back."""
    from kg.rdf.mapping import to_graph

    folder = Path(tempfile.mkdtemp(prefix="kg-fuzz-"))
    meta = st.dictionaries(st.sampled_from(["title", "url", "date", "source", "author"]), TEXT, max_size=5)

    def check(args) -> None:
        text, fields = args
        f = folder / "one.jsonl"
        f.write_text(json.dumps({"text": text or "x", **fields}) + "\n", encoding="utf-8")
        for a in iter_articles([f]):
            if isinstance(a, Article):
                g = to_graph([ArticleResult(article=a)])
                back = Graph()
                back.parse(data=g.serialize(format="turtle"), format="turtle")
                assert len(back) == len(g)

    assert run_for(BUDGET / TARGETS, st.tuples(TEXT, meta), check) > 0
