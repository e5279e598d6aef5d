"""Readers: paths → a lazy stream of :class:`Article` records (or :class:`Problem` reports).

Plain text (``.txt``, ``.text``, ``.md``), HTML (``.html``, ``.htm``), JSON Lines
(``.jsonl``, ``.jsonl.gz``; one article a line: ``text`` required, ``title``, ``url``,
``date``, ``source``, ``author`` optional) and folders of them, recursively. Nothing is
held in memory beyond the article being read: a corpus of any size streams.

A file that cannot be used yields a :class:`Problem` naming the file and the reason, and
the stream goes on; a missing path raises :class:`InputError` at once.

Limits: a ``.txt``/``.html`` file over :data:`MAX_FILE_BYTES` (20 MiB; the environment
variable ``KG_MAX_FILE_BYTES`` overrides it) and an article whose cleaned text is over
:data:`MAX_TEXT_CHARS` characters (spaCy's ``max_length``) are skipped as Problems.
Invalid UTF-8 is decoded with U+FFFD and a :class:`UnicodeWarning` naming the file and
byte offset; an article that does not look like English is read, with a
:class:`~kg.ingest.language.LanguageWarning` naming the file (see :mod:`kg.ingest.language`).
"""

from __future__ import annotations

import gzip
import json
import os
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.ingest.clean import clean_text, normalise_whitespace
from kg.types import Article, PathLike, Problem

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
#: Largest single .txt/.html file read (a JSONL file streams line by line and has no limit);
#: the environment variable ``KG_MAX_FILE_BYTES`` overrides it.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Longest article text (after cleaning) extraction takes: spaCy's default ``max_length``.
#: A longer one would fail in the parser (and need ~1 GB of memory per 100,000 characters).
MAX_TEXT_CHARS = 1_000_000
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF")
_JSON_FIELDS = ("title", "url", "date", "source", "author")


def article_kind(path: Path) -> str | None:
    """'text', 'html', 'jsonl' or None for a file kg does not read."""
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def iter_files(paths: Iterable[PathLike]) -> Iterator[Path]:
    """Every readable article file under ``paths``, folders walked recursively in name order."""
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise InputError(f"no such file or folder: {str(p)!r}")
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    f = Path(root) / name
                    if not name.startswith(".") and article_kind(f):
                        yield f
        else:
            yield path


def max_file_bytes() -> int:
    """The size limit for one .txt/.html file: ``KG_MAX_FILE_BYTES`` if set, else :data:`MAX_FILE_BYTES`.

    Raises:
        InputError: ``KG_MAX_FILE_BYTES`` is not a positive whole number.
    """
    value = os.environ.get("KG_MAX_FILE_BYTES", "").strip()
    if not value:
        return MAX_FILE_BYTES
    try:
        limit = int(value.replace("_", ""))
    except ValueError:
        limit = 0
    if limit <= 0:
        raise InputError(f"KG_MAX_FILE_BYTES must be a positive whole number of bytes, not {value!r}")
    return limit


def decode(data: bytes, origin: str) -> str:
    """UTF-8 (with or without BOM); invalid bytes are replaced, with a warning naming the offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        warnings.warn(
            f"{origin}: invalid UTF-8 at byte {exc.start}; undecodable bytes replaced with U+FFFD",
            UnicodeWarning,
            stacklevel=2,
        )
        return data.decode("utf-8-sig", errors="replace")


def _looks_binary(data: bytes) -> bool:
    return data.startswith(_BINARY_MAGIC) or b"\x00" in data[:8192]


def _meta_value(value: str | None) -> str | None:
    # metadata lands in RDF literals: one line, no control characters or lone surrogates
    if value is None:
        return None
    return " ".join(normalise_whitespace(value).split()) or None


def _article(raw: str, origin: str, meta: dict[str, str | None], html: bool = False) -> Article | Problem:
    if html:
        from kg.ingest.html import html_to_text

        try:
            raw, html_meta = html_to_text(raw)
        except ValueError as exc:  # the HTML parser failed on this page
            return Problem(origin, str(exc))
        meta = {**html_meta, **{k: v for k, v in meta.items() if v}}
    cleaned = clean_text(raw)
    if not cleaned.text.strip():
        return Problem(origin, "no article text (empty, whitespace only, or only page furniture)")
    if len(cleaned.text) > MAX_TEXT_CHARS:
        return Problem(
            origin,
            f"article text is {len(cleaned.text):,} characters, over the {MAX_TEXT_CHARS:,}-character limit "
            "for one article; split it into several articles",
        )
    from kg.ingest.language import LanguageWarning, language_note

    note = language_note(cleaned.text)
    if note:
        warnings.warn(f"{origin}: {note}; processed anyway, expect few entities and statements",
                      LanguageWarning, stacklevel=3)
    meta = {k: _meta_value(v) for k, v in meta.items()}
    return Article(
        text=cleaned.text,
        title=meta.get("title") or cleaned.title,
        url=meta.get("url"),
        date=meta.get("date"),
        source=meta.get("source"),
        author=meta.get("author") or cleaned.author,
        origin=origin,
        metadata=cleaned.metadata,
    )


def read_file(path: Path) -> Iterator[Article | Problem]:
    """The article(s) of one file."""
    origin = str(path)
    kind = article_kind(path)
    if kind == "jsonl":
        yield from read_jsonl(path)
        return
    try:
        size = path.stat().st_size
        limit = max_file_bytes()
        if size > limit:
            yield Problem(origin, f"file is {size:,} bytes, over the {limit:,}-byte limit for one article")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(origin, f"cannot read: {exc.strerror or exc}")
        return
    if _looks_binary(data):
        yield Problem(origin, "binary file, not text")
        return
    yield _article(decode(data, origin), origin, {}, html=kind == "html")


def read_jsonl(path: Path) -> Iterator[Article | Problem]:
    """One article per line; a bad line is a Problem naming the file and line."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:  # type: ignore[operator]
            for lineno, line in enumerate(fh, 1):
                origin = f"{path}:{lineno}"
                if not line.strip():
                    continue
                try:  # without its line break, so a column points into this line
                    record = json.loads(decode(line.rstrip(b"\r\n"), origin))
                except json.JSONDecodeError as exc:
                    yield Problem(origin, f"malformed JSON: {exc.msg} (column {exc.colno})")
                    continue
                except (ValueError, RecursionError) as exc:  # an over-long integer, too deep nesting
                    yield Problem(origin, f"malformed JSON: {exc}")
                    continue
                if not isinstance(record, dict):
                    yield Problem(origin, "a JSONL line must be an object with a 'text' field")
                    continue
                text = record.get("text")
                if not isinstance(text, str):
                    yield Problem(origin, "no 'text' field" if text is None else "'text' must be a string")
                    continue
                meta = {k: str(record[k]) for k in _JSON_FIELDS if record.get(k) not in (None, "")}
                yield _article(text, origin, meta, html=bool(record.get("html")))
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Problem(str(path), f"cannot read: {exc}")


def iter_articles(paths: Iterable[PathLike]) -> Iterator[Article | Problem]:
    """Stream the articles under ``paths``.

    Raises:
        InputError: a path does not exist.
    """
    for path in iter_files(paths):
        if path.is_dir():
            continue
        if article_kind(path) is None:
            yield Problem(str(path), "not an article file (expected .txt, .md, .html, .htm, .jsonl or .jsonl.gz)")
            continue
        yield from read_file(path)


__all__ = ["iter_articles", "iter_files", "read_file", "read_jsonl", "decode", "max_file_bytes", "normalise_whitespace"]
