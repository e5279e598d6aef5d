"""Shared fixtures: the real spaCy pipeline, loaded once per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def extract():
    """Run the real pipeline on a text: returns the ArticleResult."""
    from kg.pipeline import extract_articles
    from kg.types import Article

    def run(text: str, **meta):
        return next(extract_articles([Article(text=text, **meta)]))

    return run


def triples(result) -> set[tuple[str, str, str]]:
    return {(s.subject, s.relation, s.object) for s in result.statements}
