"""Coverage-guided fuzzing of kg's ingest with atheris (libFuzzer), for CI or by hand.

Not a pytest module (its name does not start with ``test_``). Each input is split by its
first byte into a target: a text file, an HTML file, a JSONL file, or raw text for the
cleaning step. Anything but an Article, a Problem or a KGError is a crash.

Run (``pip install atheris``):

    python fuzz/atheris_ingest.py -max_total_time=60 -rss_limit_mb=4096 [corpus_dir]

A crash is written as ``crash-<sha1>`` in the current folder; replay it with
``python fuzz/atheris_ingest.py crash-<sha1>``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings

import atheris

with atheris.instrument_imports():
    from kg.errors import KGError
    from kg.ingest import iter_articles
    from kg.ingest.clean import clean_text
    from kg.types import Article, Problem

SUFFIXES = (".txt", ".html", ".jsonl", None)
FOLDER = tempfile.mkdtemp(prefix="kg-atheris-")


def check(article: Article) -> None:
    if not article.text or article.text != article.text.strip():
        raise AssertionError(f"unclean text: {article.text!r}")
    article.text.encode("utf-8")  # no lone surrogates
    if any(ch < " " and ch != "\n" for ch in article.text):
        raise AssertionError(f"control character kept: {article.text!r}")


def one_input(data: bytes) -> None:
    if not data:
        return
    suffix, body = SUFFIXES[data[0] % len(SUFFIXES)], data[1:]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # UnicodeWarning, LanguageWarning: documented
        if suffix is None:
            text = body.decode("utf-8", "replace")
            if len(body) % 2:  # lone surrogates too, as JSON's "\ud800" makes them
                text = text[: len(text) // 2] + "\ud800" + text[len(text) // 2 :]
            clean_text(text).text.encode("utf-8")
            return
        path = os.path.join(FOLDER, "input" + suffix)
        with open(path, "wb") as fh:
            fh.write(body)
        try:
            for item in iter_articles([path]):
                if isinstance(item, Article):
                    check(item)
                elif not isinstance(item, Problem):
                    raise AssertionError(f"unexpected item {item!r}")
        except KGError:
            pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
