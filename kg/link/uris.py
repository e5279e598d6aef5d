"""Stable IRIs for kg's instance data, minted from normalised keys.

The same key always gives the same IRI, in any run, on any machine: never counters,
never random ids. Any string is accepted; the result is always a valid IRI.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from rdflib import URIRef

from kg.rdf.namespaces import DEFAULT_BASE

_SEP = re.compile(r"[^\w]+", re.UNICODE)


def slug(text: str) -> str:
    """A normalised key part: NFKC, case-folded, runs of non-word characters as ``-``.

    >>> slug("  Raja Najabat Hussain ")
    'raja-najabat-hussain'
    >>> slug("Hay'at Tahrir al-Sham")
    'hay-at-tahrir-al-sham'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _SEP.sub("-", text).strip("-_")
    return text or "x"


def entity_key(label: str, type_: str) -> str:
    """The key of an entity known only from text: its type and its slugged label.

    >>> entity_key("Raja Najabat Hussain", "Person")
    'person/raja-najabat-hussain'
    """
    return f"{type_.lower()}/{slug(label)}"


def _iri_part(text: str) -> str:
    # Percent-encode everything outside unreserved ASCII (and '/', which keys use as a
    # separator): the result is a valid IRI and a valid URI, whatever the input held.
    # A lone surrogate (from JSON's "\ud800") has no UTF-8 form: its bytes are encoded
    # as Python's "surrogatepass" writes them, so it still gets an IRI of its own.
    return quote(text, safe="/-._~", errors="surrogatepass")


def entity_iri(key: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of the entity with ``key`` (any string: it is percent-encoded).

    >>> str(entity_iri("pakistan"))
    'https://kg.example.org/id/entity/pakistan'
    """
    return URIRef(f"{base}entity/{_iri_part(key)}")


def article_iri(article_id: str, base: str = DEFAULT_BASE) -> URIRef:
    return URIRef(f"{base}article/{_iri_part(article_id)}")


def statement_iri(statement_id: str, base: str = DEFAULT_BASE) -> URIRef:
    return URIRef(f"{base}statement/{_iri_part(statement_id)}")


def activity_iri(activity_id: str, base: str = DEFAULT_BASE) -> URIRef:
    return URIRef(f"{base}activity/{_iri_part(activity_id)}")


def key_from_iri(iri: str, base: str = DEFAULT_BASE) -> str:
    """The entity key back from its IRI (inverse of :func:`entity_iri`)."""
    from urllib.parse import unquote

    prefix = f"{base}entity/"
    return unquote(iri[len(prefix):], errors="surrogatepass") if iri.startswith(prefix) else iri
