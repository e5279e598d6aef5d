"""kg: turn news and analysis articles into a knowledge graph of actors and their relations.

``kg.build_graph`` (the whole pipeline, what ``kg build`` runs) and ``kg.extract_articles``
(articles in, entities and statements out) are imported lazily, so ``import kg`` stays fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "build_graph", "extract_articles", "load_config", "Config"]


def __getattr__(name: str):  # lazy: importing kg must not import spaCy
    if name in ("build_graph", "extract_articles"):
        from kg import pipeline

        return getattr(pipeline, name)
    if name in ("load_config", "Config"):
        from kg import config

        return getattr(config, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
