"""A cheap guess at whether an article is in English, so a non-English one can be flagged.

kg's model and patterns are English: an article in another language is still processed,
but it yields few entities and almost no statements, and the user should know why. The
guess needs no model and no extra dependency:

* if most letters are outside the Latin script (Arabic, Cyrillic, CJK...), the text is
  not English;
* otherwise, the share of words that are English function words (spaCy's
  ``spacy.lang.en.stop_words.STOP_WORDS``: *the, of, and, in, said*...) is measured.
  Running English prose scores 0.35–0.55; French, German, Spanish or Turkish prose
  scores under 0.12 (a few of their words, *a*, *on*, *die*, happen to be English too).
  Below :data:`MIN_ENGLISH_SHARE` the text is not English.

Short texts (under :data:`MIN_WORDS` words and :data:`MIN_LETTERS` letters) are never
judged: a headline or a list of names says too little.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Fewer words than this (and fewer letters than MIN_LETTERS): no verdict.
MIN_WORDS = 20
#: Fewer letters than this: no verdict on the script either.
MIN_LETTERS = 40
#: Below this share of English function words a Latin-script text is taken as not English.
MIN_ENGLISH_SHARE = 0.15
#: Below this share of Latin letters a text is taken as another script.
MIN_LATIN_SHARE = 0.5

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


class LanguageWarning(UserWarning):
    """An article does not look like English: it is processed, but expect little from it."""


@dataclass(frozen=True)
class Guess:
    """What :func:`guess_english` measured; ``english`` is None when the text is too short."""

    english: bool | None
    words: int
    share: float  # of words that are English function words
    latin: float  # of letters that are Latin script


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _is_latin(ch: str) -> bool:
    if ch.isascii():
        return True
    try:
        return unicodedata.name(ch).startswith("LATIN")
    except ValueError:
        return False


def guess_english(text: str, *, sample: int = 20_000) -> Guess:
    """Guess whether ``text`` is English (only its first ``sample`` characters are read).

    >>> guess_english("The talks between the two governments were held in Geneva on Monday, "
    ...               "and officials said that they would meet again after the elections in May.").english
    True
    >>> guess_english("Les pourparlers entre les deux gouvernements se sont tenus lundi à Genève, "
    ...               "et les responsables ont déclaré qu'ils se reverraient après les élections.").english
    False
    >>> guess_english("Pakistan met India.").english is None
    True
    """
    head = text[:sample]
    letters = [ch for ch in head if ch.isalpha()]
    latin = sum(1 for ch in letters if _is_latin(ch)) / len(letters) if letters else 1.0
    words = [w.casefold().replace("’", "'") for w in _WORD.findall(head)]
    stop = _stop_words()
    share = sum(1 for w in words if w in stop) / len(words) if words else 0.0
    if len(letters) >= MIN_LETTERS and latin < MIN_LATIN_SHARE:
        return Guess(False, len(words), share, latin)
    if len(words) < MIN_WORDS:
        return Guess(None, len(words), share, latin)
    return Guess(share >= MIN_ENGLISH_SHARE, len(words), share, latin)


def language_note(text: str) -> str | None:
    """Why ``text`` looks not English, in a few words; None when it looks English (or is short).

    >>> language_note("Pakistan and India agreed on Monday to resume the talks that were halted "
    ...               "last year, the foreign ministry said in a statement on its website.") is None
    True
    """
    g = guess_english(text)
    if g.english is not False:
        return None
    if g.latin < MIN_LATIN_SHARE:
        return f"text does not look like English (only {g.latin:.0%} of its letters are Latin script)"
    return f"text does not look like English (only {g.share:.0%} of its words are English function words)"
