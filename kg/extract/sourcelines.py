"""Monitoring source lines: "Paris AFP in English 0107 GMT 2 Feb 94", "Tokyo NIHON KEIZAI SHIMBUN".

Monitoring services (BBC Monitoring, the former FBIS, the OSC) cite each item they translate
with a line that names the place of publication, the outlet, and usually the language and
the time of the broadcast or the date of the paper. The line is not a sentence, and the
parser reads it badly ("AFP" vanishes into a date, "KOMSOMOLETS" is nothing), but its form is
fixed, so kg reads it with a pattern: the outlet becomes an organisation, and a statement
says it is based in the place.

Only the place is taken from the model (a place or state mention opening the line); the
outlet is the rest of the line's head, which must look like a name.

A news agency's dateline ("BANGKOK, Thailand (AP) --") is a different thing: the place a
story was filed from and the agency that filed it. The agency is the article's source
(:func:`dateline_agency`), not an actor in it, and says nothing about where it is based.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: the head (place and outlet), the language, and the time and date of a cited item;
#: an item code (two letters and ten digits, "AU0202111694") may stand before the head
_TAIL = (r"\s+in\s+(?P<lang>[A-Z][a-z]+(?:\s+and\s+[A-Z][a-z]+)?)\s+"
         r"(?:\d{3,4}\s+GMT\s+)?\d{1,2}\s+[A-Z][a-z]{2}\s+\d{2}(?:\s+p\s+\d+)?\s*$")
_CITED_CODE = re.compile(r"\b[A-Z]{2}\d{10}\s+(?P<head>[A-Z][^\n]*?)" + _TAIL)
_CITED = re.compile(r"^(?P<head>[A-Z][^\n]*?)" + _TAIL)
#: a newspaper cited by place and name alone: "Moscow MOSKOVSKIY KOMSOMOLETS"
_PAPER = re.compile(r"^(?:[A-Z]{2}\d{10}\s+)?(?P<head>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*?\s+[A-Z][A-Z'-]+(?:\s+[A-Z][A-Z'-]+)*)\s*$")
#: words an outlet's name does not contain
_NOT_OUTLET = re.compile(r"\b(?:the|and|of|in|on|at|to|for|said|says|will|has|have|is|are|was|were)\b")
#: the most words an outlet's name has
MAX_OUTLET_WORDS = 6


#: a dateline opens with its place (after a monitoring service's "(Text)" marker)
_DATELINE_PLACE = r"^(?:\(\s*Text\s*\)\s*)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*"
#: a wire dateline: place, optional region and date, the agency in brackets, then a dash or
#: the end of the line: "BANGKOK, Thailand (AP) --", "Taipei, Jan. 20 (CNA) --"
_DATELINE = re.compile(
    _DATELINE_PLACE + r"(?:\s*,?\s*[\w.' ]+?)?\s*"
    r"\(\s*(?P<agency>[A-Z][\w&-]*(?:[ -][A-Z][\w&-]*){0,3})\s*\)\s*(?:--|—|–|-|$)"
)
#: the same without brackets, as some services print it: a date, then the agency in capitals
#: and a dash ("Moscow April 25 TASS --")
_DATELINE_BARE = re.compile(
    _DATELINE_PLACE + r",?\s+"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+"
    r"(?P<agency>[A-Z][A-Z&-]+(?:[ -][A-Z][A-Z&-]+){0,2})\s*(?:--|—|–)"
)


def dateline_agency(text: str) -> tuple[int, int] | None:
    """The characters of the news agency a wire dateline names, if a line opens with one.

    The agency is where the story came from, not a party to it: kg keeps it as the
    article's source, never as an actor.

    >>> t = "BANGKOK, Thailand (AP) -- Floods closed the airport."
    >>> t[slice(*dateline_agency(t))]
    'AP'
    >>> t = "Taipei, Jan. 20 (CNA) -- The minister will leave on Friday."
    >>> t[slice(*dateline_agency(t))]
    'CNA'
    >>> t = "Moscow March 5 (ITAR-TASS) -- Newspapers led with the budget."
    >>> t[slice(*dateline_agency(t))]
    'ITAR-TASS'
    >>> t = "Moscow April 25 TASS -- Measurements were taken at the dumping sites."
    >>> t[slice(*dateline_agency(t))]
    'TASS'
    >>> dateline_agency("The Shanghai Cooperation Organization (SCO) met.") is None
    True
    >>> dateline_agency("Pakistan And US Unite Against ISKP -- A New Chapter") is None  # no date
    True
    """
    pos = 0
    for line in text.split("\n"):
        m = _DATELINE.match(line) or _DATELINE_BARE.match(line)
        if m is not None:
            return pos + m.start("agency"), pos + m.end("agency")
        pos += len(line) + 1
        if pos > 400:
            break  # a dateline opens the story
    return None


@dataclass(frozen=True)
class Cited:
    """One source line: the outlet's characters, and the place's, in the article's text."""

    outlet: tuple[int, int]
    place: tuple[int, int]
    line: tuple[int, int]


def cited_lines(text: str, places: list[tuple[int, int]]) -> list[Cited]:
    """The source lines of ``text``, given the character spans of its place mentions.

    >>> t = "Police Find No Signs of Leak AU0202111694 Paris AFP in English 0107 GMT 2 Feb 94"
    >>> c = cited_lines(t, [(42, 47)])[0]
    >>> t[slice(*c.place)], t[slice(*c.outlet)]
    ('Paris', 'AFP')
    >>> t = "Moscow MOSKOVSKIY KOMSOMOLETS"
    >>> [t[slice(*c.outlet)] for c in cited_lines(t, [(0, 6)])]
    ['MOSKOVSKIY KOMSOMOLETS']
    >>> cited_lines("Moscow said the talks would go on in Geneva", [(0, 6), (37, 43)])
    []
    """
    out: list[Cited] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.rstrip()
        for pattern in (_CITED_CODE, _CITED, _PAPER):
            m = pattern.search(stripped)
            if m is None:
                continue
            head_start, head_end = pos + m.start("head"), pos + m.end("head")
            place = next((p for p in places if p[0] == head_start and p[1] < head_end), None)
            if place is None:
                continue
            rest = text[place[1]:head_end]
            start = place[1] + len(rest) - len(rest.lstrip())
            name = text[start:head_end]
            words = name.split()
            if not words or len(words) > MAX_OUTLET_WORDS or not words[0][0].isupper() or _NOT_OUTLET.search(name):
                continue
            if pattern is _PAPER and any(w != w.upper() for w in words):
                continue
            out.append(Cited(outlet=(start, head_end), place=place, line=(pos, pos + len(stripped))))
            break
        pos += len(line) + 1
    return out
