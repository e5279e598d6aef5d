"""SPARQL over kg graphs: bundled named queries (``queries/*.rq``) and how to run them.

>>> from kg.query import list_queries
>>> "statements" in [q.name for q in list_queries()]
True
"""

from __future__ import annotations

from kg.query.sparql import (
    FORMATS,
    Param,
    QueryInfo,
    Result,
    format_result,
    list_queries,
    load_query,
    run_query,
)

__all__ = ["FORMATS", "Param", "QueryInfo", "Result", "format_result", "list_queries", "load_query", "run_query"]
