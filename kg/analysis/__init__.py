"""Network analysis of a kg graph: rdflib → networkx → plain, JSON-ready data.

:func:`actor_network` reads the statements of a graph into a ``MultiDiGraph``;
:func:`analyse` measures it (centrality, communities, the signed network);
:func:`shortest_paths` explains how two actors are linked; :func:`metrics_triples` and
:func:`write_report` put the results back into RDF and on disk. Nothing here prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.analysis.metrics import (
    actor_table,
    centrality,
    communities,
    community_table,
    counts,
    projection,
    top,
)
from kg.analysis.network import actor_network
from kg.analysis.paths import resolve_actor, shortest_paths
from kg.analysis.report import metrics_triples, report_json, write_report
from kg.analysis.signed import pair_table, signed_network

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "actor_network",
    "analyse",
    "metrics_triples",
    "pair_table",
    "report_json",
    "resolve_actor",
    "shortest_paths",
    "write_report",
]


def analyse(G: nx.MultiDiGraph, *, seed: int = 0, betweenness_k: int | None = None) -> dict[str, Any]:
    """Measure the actor network; the result is JSON-ready and the same for the same input.

    Args:
        G: the actor network from :func:`actor_network`.
        seed: seeds Louvain and, on large graphs, the betweenness sample.
        betweenness_k: sample betweenness from this many sources (default: exact up to
            2,000 actors, sampled above).

    Returns:
        ``counts``; ``centrality`` (top actors by ``degree``, ``pagerank`` and
        ``betweenness``, with ``betweenness_sampled`` and ``k``); ``actors`` (every actor
        with its metrics and community); ``communities``; ``signed`` (cooperation and
        conflict pairs, coalitions, rivalries, structural balance, enemy-of-my-enemy).

    >>> import networkx as nx
    >>> analyse(nx.MultiDiGraph())["counts"]["actors"]
    0
    """
    H = projection(G)
    cent = centrality(H, seed=seed, betweenness_k=betweenness_k)
    groups = communities(H, seed=seed)
    rows = actor_table(G, cent, groups)
    return {
        "counts": counts(G),
        "centrality": {
            "degree": top(rows, "degree"),
            "pagerank": top(rows, "pagerank"),
            "betweenness": top(rows, "betweenness"),
            "betweenness_sampled": cent["betweenness_sampled"],
            "k": cent["k"],
        },
        "actors": rows,
        "communities": community_table(rows, groups),
        "signed": signed_network(G),
    }
