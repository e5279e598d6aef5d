"""Cleaning: raw article text → the text extraction reads, plus what was kept apart.

Pure string functions. Paragraphs stay separated by a blank line (extraction never lets a
sentence run across one, so a headline is never glued to the paragraph after it). Page CSS,
share widgets and similar chrome are dropped; an author box is removed from the text and
returned as metadata.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A CSS rule: selector { property: value; ... }
_CSS_RULE = re.compile(r"[^{}\n]{0,200}\{[^{}\n]*:[^{}\n]*\}")
_SHARE = re.compile(
    r"^\s*(share( this( article| story)?)?( on| via)?|tweet|email|print|whatsapp|facebook|twitter|x|"
    r"linkedin|reddit|telegram|click to (share|print|email)[^\n]*|copy link|follow us[^\n]*|"
    r"related( articles| posts)?|advertisement|subscribe( now)?|read more|comments?)\s*:?\s*$",
    re.IGNORECASE,
)
_SHARE_RUN = re.compile(r"^\s*(share on \w+\s*)+$", re.IGNORECASE)
_AUTHOR_HEAD = re.compile(r"^\s*(about the authors?|authors?|written by|by the author)\s*:?\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[•·\-\*–]\s*")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Lone surrogates (a JSON "\ud800" escape decodes to one) cannot be encoded as UTF-8: they would
# break hashing and serialisation later, so they become U+FFFD here.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class Cleaned:
    text: str
    title: str | None
    author: str | None
    metadata: tuple[tuple[str, str], ...]


def normalise_whitespace(text: str) -> str:
    """NFC, no control characters (nor lone surrogates), single spaces, at most one blank line
    between paragraphs.

    >>> normalise_whitespace("a\\u00a0 b\\r\\n\\n\\n\\nc ")
    'a b\\n\\nc'
    """
    text = _SURROGATE.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


def strip_css(line: str) -> str:
    """Remove CSS rules from a line; what is left, if it is only CSS residue, goes too.

    >>> strip_css("#pf-src{display:none;} Real words here.")
    'Real words here.'
    """
    if "{" not in line:
        return line
    return _SPACES.sub(" ", _CSS_RULE.sub(" ", line)).strip()


def is_chrome(line: str) -> bool:
    """A line that is page furniture: share buttons, 'Read more', 'Advertisement'."""
    return bool(_SHARE.match(line) or _SHARE_RUN.match(line))


def _take_author_box(lines: list[str]) -> tuple[list[str], str | None, list[tuple[str, str]]]:
    """Cut an 'Author' box (heading, bulleted names, bios) out of the lines."""
    for i, line in enumerate(lines):
        if not _AUTHOR_HEAD.match(line):
            continue
        box = [ln for ln in lines[i + 1 :] if ln]
        if not box or not _BULLET.match(box[0]) or len(box) > 8:
            continue
        names = [_BULLET.sub("", ln).strip() for ln in box if _BULLET.match(ln)]
        bios = [ln for ln in box if not _BULLET.match(ln)]
        meta = [("author", n) for n in names] + [("author_bio", b) for b in bios]
        return lines[:i], (", ".join(names) or None), meta
    return lines, None, []


def clean_text(raw: str) -> Cleaned:
    """Clean a plain-text article.

    The title is the first line when it reads like a headline (short, no final full stop).

    >>> c = clean_text("Talks resume\\n\\nOfficials met.\\n\\nShare this:\\n\\n#x{color:red}")
    >>> c.text, c.title
    ('Talks resume\\n\\nOfficials met.', 'Talks resume')
    """
    text = normalise_whitespace(raw)
    lines = [strip_css(line) for line in text.split("\n")]
    lines = ["" if is_chrome(line) else line for line in lines]
    lines, author, meta = _take_author_box(lines)
    # every line is a paragraph of its own: a single newline also ends a paragraph
    paras = [line for line in lines if line]
    body = "\n\n".join(paras)
    first = paras[0] if paras else ""
    title = first if first and len(first) <= 200 and not first.rstrip().endswith((".", "?", "!", ":")) else None
    return Cleaned(text=body, title=title, author=author, metadata=tuple(meta))
