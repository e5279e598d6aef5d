"""Readers and cleaning: files in, clean Articles (or clear Problems) out."""

from __future__ import annotations

import gzip
import json

import pytest

from kg.errors import InputError
from kg.ingest import iter_articles
from kg.ingest.clean import clean_text
from kg.types import Article, Problem

CLEAN = [
    ("Headline Here\n\nBody sentence one.", "Headline Here\n\nBody sentence one.", "Headline Here"),
    ("Body.\n\n#a{color:red} #b { margin: 0; }", "Body.", None),
    ("Body.\nShare this:\nTwitter\nFacebook\n", "Body.", None),
    ("A\u00a0 b\r\n\r\n\r\nc.", "A b\n\nc.", "A b"),
]


@pytest.mark.parametrize("raw, text, title", CLEAN)
def test_clean_text(raw, text, title):
    cleaned = clean_text(raw)
    assert cleaned.text == text
    assert cleaned.title == title


def test_author_box_kept_apart():
    raw = "Title\n\nBody of the article.\n\nAuthor\n\n  • Jane Roe\n\n    Jane Roe is a reporter.\n"
    cleaned = clean_text(raw)
    assert cleaned.text == "Title\n\nBody of the article."
    assert cleaned.author == "Jane Roe"
    assert ("author_bio", "Jane Roe is a reporter.") in cleaned.metadata


def test_folder_of_mixed_files(tmp_path):
    (tmp_path / "a.txt").write_text("Pakistan met India.", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.html").write_text("<html><head><title>T</title></head><body><article><p>Iran condemned the "
                                "strikes on Yemen by the United States.</p></article><script>evil()</script>"
                                "</body></html>", encoding="utf-8")
    (sub / "c.jsonl").write_text(json.dumps({"text": "NATO met.", "title": "N"}) + "\n", encoding="utf-8")
    (tmp_path / "ignored.csv").write_text("x,y", encoding="utf-8")
    items = list(iter_articles([tmp_path]))
    arts = [i for i in items if isinstance(i, Article)]
    assert [a.text for a in arts][0] == "Pakistan met India."
    html = next(a for a in arts if a.origin.endswith("b.html"))
    assert "evil" not in html.text and html.title == "T"
    assert any(a.title == "N" for a in arts)


def test_jsonl_bad_line_reported_rest_kept(tmp_path):
    f = tmp_path / "c.jsonl.gz"
    lines = [json.dumps({"text": "One."}), "{not json", json.dumps({"title": "no text"}), json.dumps({"text": "Two."})]
    with gzip.open(f, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    items = list(iter_articles([f]))
    assert [i.text for i in items if isinstance(i, Article)] == ["One.", "Two."]
    problems = [i for i in items if isinstance(i, Problem)]
    assert problems[0].origin.endswith("c.jsonl.gz:2") and "malformed JSON" in problems[0].reason
    assert problems[1].origin.endswith(":3") and "no 'text'" in problems[1].reason


@pytest.mark.parametrize("content, reason", [
    (b"", "no article text"),
    (b"   \n\t  ", "no article text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
])
def test_unusable_files(tmp_path, content, reason):
    f = tmp_path / "x.txt"
    f.write_bytes(content)
    [item] = list(iter_articles([f]))
    assert isinstance(item, Problem) and reason in item.reason


def test_invalid_utf8_replaced_with_warning(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes(b"Pakistan met India \xff\xfe today.")
    with pytest.warns(UnicodeWarning, match="byte 19"):
        [item] = list(iter_articles([f]))
    assert "\ufffd" in item.text


def test_missing_path():
    with pytest.raises(InputError, match="no such file or folder: 'nope.txt'"):
        list(iter_articles(["nope.txt"]))


def test_same_text_same_id():
    assert Article(text="x").id == Article(text="x", title="other").id
