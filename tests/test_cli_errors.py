"""Bad input through the real CLI: each gives its exit code and one exact line, never a traceback.

Most cases run in-process through ``CliRunner`` on :data:`kg.cli.cli` (spaCy loads once);
the few where the real process matters (exit status, what reaches stderr, ``--debug``)
run ``python -m kg``. Exit codes are documented in docs/exit-codes.md.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.ingest.clean import clean_text
from kg.ingest.readers import MAX_TEXT_CHARS
from kg.query.sparql import list_queries

HOSTILE = Path(__file__).parent / "data" / "hostile"
GOOD = "Pakistan and India agreed on Monday to resume peace talks, officials in Islamabad said."
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def kg(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def build(*args: str) -> tuple[int, str, str]:
    """``kg build`` in one process, without a progress bar."""
    return kg("build", *args, "--workers", "1", "--no-progress")


def real_kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def skipped(out: Path) -> list[dict[str, str]]:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))["skipped"]


# ---------------------------------------------------------------- input errors (exit 2)


def test_missing_path_real_process(tmp_path):
    done = real_kg("build", "no-such-dir", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", "Error: no such file or folder: 'no-such-dir'\n")


def test_debug_shows_the_traceback(tmp_path):
    done = real_kg("--debug", "build", "no-such-dir", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 1  # an uncaught exception: Python's own exit status
    assert done.stderr.startswith("Traceback (most recent call last):")
    assert done.stderr.rstrip().endswith("kg.errors.InputError: no such file or folder: 'no-such-dir'")


def test_folder_without_articles(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    assert build(str(tmp_path), "--out", str(tmp_path / "out")) == (
        2, "", f"Error: no readable articles in {tmp_path} (no article files found)\n")


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \r\n"], ids=["empty", "whitespace"])
def test_empty_file(tmp_path, content):
    f = tmp_path / "a.txt"
    f.write_bytes(content)
    reason = "no article text (empty, whitespace only, or only page furniture)"
    assert build(str(f), "--out", str(tmp_path / "out")) == (
        2, "", f"Skipped {f}: {reason}\nError: no readable articles in {f} ({f}: {reason})\n")


def test_binary_file(tmp_path):
    f = tmp_path / "photo.txt"
    f.write_bytes(PNG)
    assert build(str(f), "--out", str(tmp_path / "out")) == (
        2, "", f"Skipped {f}: binary file, not text\nError: no readable articles in {f} ({f}: binary file, not text)\n")


@pytest.mark.filterwarnings("always::UnicodeWarning")
def test_invalid_utf8_is_replaced_with_a_warning(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes(GOOD.encode() + b" Caf\xe9 talks resumed.")
    code, out, err = build(str(f), "--out", str(tmp_path / "out"))
    assert code == 0
    offset = len(GOOD.encode()) + 4
    assert err == f"Warning: {f}: invalid UTF-8 at byte {offset}; undecodable bytes replaced with U+FFFD\n"
    assert out.startswith("Read 1 article(s):")


def test_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_MAX_FILE_BYTES", "200")
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_text(GOOD * 3, encoding="utf-8")  # 261 bytes
    small.write_text(GOOD, encoding="utf-8")
    code, out, err = build(str(tmp_path), "--out", str(tmp_path / "out"))
    reason = "file is 261 bytes, over the 200-byte limit for one article"
    assert (code, err) == (0, f"Skipped {big}: {reason}\n")
    assert out.startswith("Read 1 article(s):")
    assert skipped(tmp_path / "out") == [{"origin": str(big), "reason": reason}]


def test_bad_size_limit_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_MAX_FILE_BYTES", "lots")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert build(str(tmp_path / "a.txt"), "--out", str(tmp_path / "out")) == (
        2, "", "Error: KG_MAX_FILE_BYTES must be a positive whole number of bytes, not 'lots'\n")


def test_html_keeps_only_the_article(tmp_path):
    from kg.ingest import iter_articles

    (article,) = iter_articles([HOSTILE / "page.html"])
    assert article.title == "Pakistan and India agree to resume talks"
    assert article.text.split("\n\n") == [
        "Pakistan and India agree to resume talks",
        "Pakistan and India agreed on Monday to resume peace talks that were suspended last year, the foreign "
        "ministries of both countries said in a joint statement.",
        "The United Nations welcomed the decision and urged both governments to keep the ceasefire along the "
        "Line of Control.",
        "Officials from the two countries will meet in Geneva next month to prepare the first round of talks.",
    ]
    code, out, err = build(str(HOSTILE / "page.html"), "--out", str(tmp_path / "out"))
    assert (code, err) == (0, "")
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "MUST-GO" not in ttl and "SCRIPT-OUTPUT" not in ttl


def test_jsonl_bad_lines_are_named_and_the_rest_builds(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join([
        json.dumps({"text": GOOD, "title": "One"}),
        '{"text": "Iran and Iraq met.", ',
        json.dumps({"title": "no text here"}),
        json.dumps({"text": "Turkey and Egypt signed a trade agreement in Cairo on Tuesday, officials said."}),
    ]) + "\n", encoding="utf-8")
    code, out, err = build(str(f), "--out", str(tmp_path / "out"))
    assert code == 0
    assert err.splitlines() == [
        f"Skipped {f}:2: malformed JSON: Expecting property name enclosed in double quotes (column 32)",
        f"Skipped {f}:3: no 'text' field",
    ]
    assert out.splitlines()[0].startswith("Read 2 article(s):")
    assert "Skipped 2 input(s); see report.json." in out
    assert [p["origin"] for p in skipped(tmp_path / "out")] == [f"{f}:2", f"{f}:3"]


@pytest.mark.filterwarnings("always::kg.ingest.language.LanguageWarning")
def test_non_english_is_warned_and_still_processed(tmp_path):
    f = HOSTILE / "not_english.txt"
    code, out, err = build(str(f), "--out", str(tmp_path / "out"))
    assert code == 0
    assert err == (f"Warning: {f}: text does not look like English (only 0% of its words are English "
                   "function words); processed anyway, expect few entities and statements\n")
    assert out.startswith("Read 1 article(s):")


def test_one_huge_sentence_finishes(tmp_path):
    rng = random.Random(7)
    filler = ("the officials of the two countries said that talks on trade and security would go on "
              "while the ministers met with delegates from").split()
    words = [rng.choice(filler) for _ in range(20_000)]
    for i in range(0, 20_000, 2_500):  # a few actors, far apart
        words[i] = rng.choice(["Pakistan", "India", "China", "NATO"])
    f = tmp_path / "run-on.txt"
    f.write_text(" ".join(words), encoding="utf-8")  # no punctuation at all: one sentence
    code, out, err = build(str(f), "--out", str(tmp_path / "out"))
    assert (code, err) == (0, "")
    assert out.startswith("Read 1 article(s):")


def test_article_over_spacy_max_length_is_refused(tmp_path):
    big = tmp_path / "book.txt"
    para = ("Pakistan and India agreed to resume talks on trade and security in Geneva. " * 40).strip()
    big.write_text("\n\n".join([para] * 340), encoding="utf-8")
    n = len(clean_text(big.read_text(encoding="utf-8")).text)
    assert n > MAX_TEXT_CHARS
    (tmp_path / "small.txt").write_text(GOOD, encoding="utf-8")
    code, out, err = build(str(tmp_path), "--out", str(tmp_path / "out"))
    reason = (f"article text is {n:,} characters, over the 1,000,000-character limit for one article; "
              "split it into several articles")
    assert (code, err) == (0, f"Skipped {big}: {reason}\n")
    assert out.startswith("Read 1 article(s):")
    assert skipped(tmp_path / "out") == [{"origin": str(big), "reason": reason}]


def test_corpus_with_bad_articles_reports_them_and_builds_the_rest(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "b-empty.txt").write_text("\n", encoding="utf-8")
    (corpus / "c-photo.txt").write_bytes(PNG)
    (corpus / "d-feed.jsonl").write_text(
        json.dumps({"text": "Turkey and Egypt signed a trade agreement in Cairo on Tuesday."}) + "\n{oops\n",
        encoding="utf-8")
    code, out, err = build(str(corpus), "--out", str(tmp_path / "out"))
    expected = [
        (str(corpus / "b-empty.txt"), "no article text (empty, whitespace only, or only page furniture)"),
        (str(corpus / "c-photo.txt"), "binary file, not text"),
        (f"{corpus / 'd-feed.jsonl'}:2", "malformed JSON: Expecting property name enclosed in double quotes (column 2)"),
    ]
    assert code == 0
    assert err.splitlines() == [f"Skipped {o}: {r}" for o, r in expected]
    assert out.splitlines()[0].startswith("Read 2 article(s):")
    assert "Skipped 3 input(s); see report.json." in out
    assert skipped(tmp_path / "out") == [{"origin": o, "reason": r} for o, r in expected]
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "a-good.txt" in ttl and "d-feed.jsonl:1" in ttl


def test_usage_error_is_click_exit_2():
    code, out, err = kg("build")
    assert code == 2
    assert err.splitlines()[-1] == "Error: Missing argument 'PATHS...'."


# ---------------------------------------------------------------- queries (4) and graphs (5)


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    out = tmp_path_factory.mktemp("graph")
    f = out / "a.txt"
    f.write_text(GOOD, encoding="utf-8")
    assert build(str(f), "--out", str(out))[0] == 0
    return out / "graph.ttl"


def test_malformed_sparql_gives_line_and_column(graph):
    query = "SELECT ?s\nWHERE { ?s ?p ?o . FILTER( }"
    code, out, err = kg("query", str(graph), query)
    assert (code, out) == (4, "")
    assert err == ("Error: malformed SPARQL query: line 2, column 29: expected one of ABS, AVG, DAY, IRI, MAX, MD5, "
                   "MIN, NOT, NOW, STR, SUM, URI, [_]\n")


def test_unknown_query_name_lists_the_valid_ones(graph):
    names = ", ".join(q.name for q in list_queries())
    assert "allies" in names
    assert kg("query", str(graph), "alies") == (4, "", f"Error: unknown query 'alies'; bundled queries: {names}\n")


def test_turtle_that_does_not_parse_names_the_line():
    f = HOSTILE / "bad.ttl"
    assert kg("query", str(f), "statements") == (
        5, "", f"Error: cannot parse {str(f)!r} as turtle: Parser error at line 3 column 11: . is not a valid RDF "
               f"object ({f.name}, line 3)\n")


def test_missing_graph_file():
    assert kg("query", "no-such.ttl", "statements") == (5, "", "Error: no graph file or store folder at 'no-such.ttl'\n")


# ---------------------------------------------------------------- stores (6)


def test_store_path_that_is_a_file(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "store").write_text("not a store", encoding="utf-8")
    assert build(str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--store", str(tmp_path / "store")) == (
        6, "", f"Error: {str(tmp_path / 'store')!r} is a file, not a store folder\n")


def test_store_path_not_writable_says_so(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    code, out, err = build(str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--store",
                        "/proc/kg-no-such/store")
    assert (code, err) == (6, "Error: store folder '/proc/kg-no-such/store' is not writable: No such file or directory\n")


# ---------------------------------------------------------------- the last line of defence


def test_unexpected_exception_is_one_line_exit_70(tmp_path, monkeypatch):
    import kg.pipeline

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(kg.pipeline, "build_graph", boom)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert build(str(tmp_path / "a.txt"), "--out", str(tmp_path / "out")) == (
        70, "", "Error: internal error: RuntimeError: boom (rerun with --debug for the traceback)\n")


def test_interrupt_is_exit_130(tmp_path, monkeypatch):
    import kg.pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(kg.pipeline, "build_graph", interrupted)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert build(str(tmp_path / "a.txt"), "--out", str(tmp_path / "out")) == (130, "", "Interrupted.\n")
