"""The signed actor network: who cooperates with whom, who fights whom.

Only *asserted* statements count. Alleged, negated and hypothetical statements are left
out (an accusation or a denial is not a tie) and counted in ``excluded``. A pair's *net
Goldstein* is the sum of Goldstein weight × confidence over its asserted event
statements; its sign is the sign of that sum, or, for pairs linked only by stative
relations (``alliedWith``, ``opposes``), the sign of cooperation minus conflict.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

EXAMPLES = 5
TOP = 20
#: An actor in conflict with more actors than this contributes only its strongest enmities
#: to enemy-of-my-enemy pairs (the pairs grow with the square of its enemies).
MAX_ENEMIES = 200

Pair = tuple[str, str]


def pair_table(G: nx.MultiDiGraph) -> tuple[dict[Pair, dict[str, Any]], dict[str, int]]:
    """Per unordered actor pair: net Goldstein, cooperation and conflict counts, sign."""
    pairs: dict[Pair, dict[str, Any]] = {}
    excluded: Counter[str] = Counter()
    for u, v, d in G.edges(data=True):
        if d["polarity"] == "neutral" or u == v:
            continue
        if d["modality"] != "asserted":
            excluded[d["modality"]] += 1
            continue
        key = (u, v) if u < v else (v, u)
        p = pairs.setdefault(key, {"net_goldstein": 0.0, "cooperation": 0, "conflict": 0, "events": 0})
        p[d["polarity"]] += 1
        if d["goldstein"] is not None:
            p["net_goldstein"] += d["goldstein"] * d["confidence"]
            p["events"] += 1
    for p in pairs.values():
        p["net_goldstein"] = round(p["net_goldstein"], 4)
        basis = p["net_goldstein"] if p["events"] else p["cooperation"] - p["conflict"]
        p["sign"] = (basis > 0) - (basis < 0)
    return pairs, {m: excluded.get(m, 0) for m in ("alleged", "negated", "hypothetical")}


def _label(G: nx.MultiDiGraph, u: str) -> str:
    return str(G.nodes[u].get("label", u))


def _pair_row(G: nx.MultiDiGraph, key: Pair, p: dict[str, Any]) -> dict[str, Any]:
    a, b = key
    return {"a": a, "b": b, "a_label": _label(G, a), "b_label": _label(G, b),
            "net_goldstein": p["net_goldstein"], "cooperation": p["cooperation"],
            "conflict": p["conflict"], "sign": p["sign"]}


def triads(G: nx.MultiDiGraph, signs: dict[Pair, int]) -> dict[str, Any]:
    """Structural balance: every triangle of signed pairs, balanced when the sign product is +."""
    adj: dict[str, set[str]] = defaultdict(set)
    for (a, b), s in signs.items():
        if s:
            adj[a].add(b)
            adj[b].add(a)
    kinds: Counter[str] = Counter()
    examples: dict[str, list[list[str]]] = defaultdict(list)
    for a in sorted(adj):
        for b in sorted(x for x in adj[a] if x > a):
            for c in sorted(x for x in adj[a] & adj[b] if x > b):
                s = [signs[(a, b)], signs[(a, c)], signs[(b, c)]]
                kind = "".join(sorted("+" if x > 0 else "-" for x in s))
                kinds[kind] += 1
                if len(examples[kind]) < EXAMPLES:
                    examples[kind].append([_label(G, a), _label(G, b), _label(G, c)])
    balanced = kinds["+++"] + kinds["+--"]
    unbalanced = kinds["++-"] + kinds["---"]
    total = balanced + unbalanced
    return {
        "triads": total,
        "balanced": balanced,
        "unbalanced": unbalanced,
        "ratio": round(balanced / total, 4) if total else None,
        "by_kind": {k: kinds.get(k, 0) for k in ("+++", "+--", "++-", "---")},
        "examples": {"balanced": examples["+++"][:EXAMPLES] + examples["+--"][:EXAMPLES],
                     "unbalanced": examples["++-"][:EXAMPLES] + examples["---"][:EXAMPLES]},
    }


def enemy_of_enemy(G: nx.MultiDiGraph, pairs: dict[Pair, dict[str, Any]]) -> dict[str, Any]:
    """Pairs (A, C) both in conflict with some B and not in conflict with each other."""
    enemies: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for (a, b), p in pairs.items():
        if p["sign"] < 0:
            enemies[a].append((p["net_goldstein"], b))
            enemies[b].append((p["net_goldstein"], a))
    common: dict[Pair, set[str]] = defaultdict(set)
    for b, foes in enemies.items():
        strongest = sorted(foes)[:MAX_ENEMIES]
        for a, c in combinations(sorted(f for _, f in strongest), 2):
            if pairs.get((a, c), {}).get("sign", 0) >= 0:
                common[(a, c)].add(b)
    rows = []
    for (a, c), bs in common.items():
        p = pairs.get((a, c))
        rows.append({
            "a": a, "c": c, "a_label": _label(G, a), "c_label": _label(G, c),
            "common_enemies": sorted(_label(G, b) for b in bs),
            "relation": "cooperating" if p and p["sign"] > 0 else "no conflict",
        })
    rows.sort(key=lambda r: (-len(r["common_enemies"]), r["relation"] != "cooperating",
                             r["a_label"].casefold(), r["c_label"].casefold(), r["a"], r["c"]))
    return {"pairs": len(rows), "top": rows[:TOP]}


def signed_network(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Cooperation/conflict pairs, coalitions, rivalries, balance and enemy-of-my-enemy pairs."""
    import networkx as nx

    pairs, excluded = pair_table(G)
    rows = [_pair_row(G, k, pairs[k]) for k in sorted(pairs)]
    positive = nx.Graph()
    positive.add_edges_from(k for k in sorted(pairs) if pairs[k]["sign"] > 0)
    coalitions = sorted(
        (sorted((_label(G, u) for u in comp), key=str.casefold) for comp in nx.connected_components(positive)),
        key=lambda c: (-len(c), [x.casefold() for x in c]),
    )
    by_strength = sorted(rows, key=lambda r: (r["net_goldstein"], r["a"], r["b"]))
    return {
        "pairs": len(rows),
        "excluded": excluded,
        "cooperation": sorted((r for r in rows if r["sign"] > 0), key=lambda r: (-r["net_goldstein"], r["a"], r["b"]))[:TOP],
        "rivalries": [r for r in by_strength if r["sign"] < 0][:TOP],
        "coalitions": [c for c in coalitions if len(c) > 1][:TOP],
        "balance": triads(G, {k: p["sign"] for k, p in pairs.items()}),
        "enemy_of_enemy": enemy_of_enemy(G, pairs),
    }
