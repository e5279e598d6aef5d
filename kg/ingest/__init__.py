"""Ingest: read files into :class:`~kg.types.Article` records and clean their text."""

from kg.ingest.readers import iter_articles

__all__ = ["iter_articles"]
