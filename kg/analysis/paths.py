"""How are two actors connected? Shortest chains of statements, with their evidence."""

from __future__ import annotations

import difflib
from itertools import islice
from typing import TYPE_CHECKING, Any

from kg.errors import KGError

if TYPE_CHECKING:
    import networkx as nx

_MODALITY_RANK = {"asserted": 0, "alleged": 1, "hypothetical": 2, "negated": 3}


def resolve_actor(G: nx.MultiDiGraph, name: str) -> str:
    """The node of ``G`` called ``name``: its IRI, label or an alias, case-insensitively.

    Several matches go to the actor with the most statements (then the smallest IRI).

    Raises:
        KGError: no actor has that name; the message suggests close labels.
    """
    if name in G:
        return name
    want = name.strip().casefold()
    by_label = [u for u, d in G.nodes(data=True) if str(d.get("label", "")).casefold() == want]
    by_alias = [u for u, d in G.nodes(data=True) if want in {a.casefold() for a in d.get("aliases") or ()}]
    by_iri = [u for u in G if u.casefold() == want]
    for found in (by_iri, by_label, by_alias):
        if found:
            return sorted(found, key=lambda u: (-G.degree(u), u))[0]
    names = sorted({str(d.get("label", u)) for u, d in G.nodes(data=True)}
                   | {a for _, d in G.nodes(data=True) for a in d.get("aliases") or ()})
    folded = {n.casefold(): n for n in names}
    close = [folded[c] for c in difflib.get_close_matches(want, list(folded), n=5, cutoff=0.5)]
    hint = f"; did you mean: {', '.join(repr(c) for c in close)}?" if close else "; no actor has a similar name"
    raise KGError(f"unknown actor {name!r}{hint}")


def _best_statement(G: nx.MultiDiGraph, u: str, v: str) -> tuple[str, str, dict[str, Any], int]:
    """The statement to show for the step u → v: asserted first, then most confident."""
    cands = []
    for a, b in ((u, v), (v, u)):
        for key, d in (G.get_edge_data(a, b) or {}).items():
            cands.append((_MODALITY_RANK.get(d["modality"], 9), -d["confidence"], str(key), a, b, d))
    cands.sort(key=lambda c: c[:3])
    _, _, _, a, b, d = cands[0]
    return a, b, d, len(cands)


def shortest_paths(G: nx.MultiDiGraph, a: str, b: str, *, limit: int = 5) -> list[list[dict[str, Any]]]:
    """Up to ``limit`` shortest chains of statements linking actors ``a`` and ``b``.

    Direction is ignored when searching (``A attacks B`` links B to A as well); each
    step reports which way its statement points. Chains are sorted by their actors'
    labels so the answer is stable. An empty list means the two are not connected.

    Args:
        G: the actor network from :func:`actor_network`.
        a, b: actor IRIs, labels or aliases (any case).
        limit: most chains to return.

    Returns:
        Chains; each step has ``from``/``to`` (IRIs and labels), ``relation``,
        ``relation_label``, ``direction`` (``forward`` when the statement's subject is the
        step's ``from``), ``evidence``, ``article_title``, ``article_url``, ``confidence``,
        ``modality``, ``statement`` and ``statements`` (how many link the two).

    Raises:
        KGError: an actor name is unknown.
    """
    import networkx as nx

    src, dst = resolve_actor(G, a), resolve_actor(G, b)
    if src == dst:
        return []
    U = nx.Graph()
    U.add_nodes_from(G)
    U.add_edges_from((u, v) for u, v in G.edges() if u != v)
    try:
        node_paths = list(islice(nx.all_shortest_paths(U, src, dst), 10_000))
    except nx.NetworkXNoPath:
        return []
    label = {u: str(G.nodes[u].get("label", u)) for p in node_paths for u in p}
    node_paths.sort(key=lambda p: ([label[u].casefold() for u in p], p))
    chains = []
    for p in node_paths[:limit]:
        steps = []
        for u, v in zip(p, p[1:]):
            s, o, d, n = _best_statement(G, u, v)
            steps.append({
                "from": u, "to": v, "from_label": label[u], "to_label": label[v],
                "relation": d["relation"], "relation_label": d["relation_label"],
                "direction": "forward" if s == u else "backward",
                "evidence": d["evidence"], "article_title": d.get("article_title"),
                "article_url": d.get("article_url"), "confidence": d["confidence"],
                "modality": d["modality"], "statement": d["statement"], "statements": n,
            })
        chains.append(steps)
    return chains
