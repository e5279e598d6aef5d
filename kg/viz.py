"""networkx → one self-contained, offline HTML page: drawing only, no analysis.

The page is kg's own template (``kg/templates/graph.html``) with vis-network inlined from
the vendored ``kg/templates/vis-network.min.js``: no CDN, no request leaves the file.
All data goes in as JSON inside ``<script type="application/json">`` with ``<``, ``>``,
``&`` and U+2028/2029 escaped, and the page's script writes text only through
``textContent``, so names and sentences from articles can never run as code.

Layout is computed here with a fixed seed, so the same graph draws the same way. Small
graphs are then polished by vis-network's physics, which switches itself off once settled;
big graphs are drawn with physics off. Above ``max_nodes`` only the most central actors
are shown, and the page says how many are hidden.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.atomic import write_text
from kg.types import PathLike

if TYPE_CHECKING:
    import networkx as nx

#: Node colour per actor type (also the legend).
TYPE_COLOURS = {
    "State": "#3b6fb6",
    "IntergovernmentalOrganisation": "#2a9d8f",
    "ArmedGroup": "#8e44ad",
    "PoliticalOrganisation": "#e9a23b",
    "Organisation": "#5d7285",
    "Person": "#d1567e",
    "Location": "#8d6e63",
    "Event": "#c9b400",
    "Entity": "#a0a8b0",
}
TYPE_LABELS = {
    "State": "State",
    "IntergovernmentalOrganisation": "Intergovernmental org.",
    "ArmedGroup": "Armed group",
    "PoliticalOrganisation": "Political org.",
    "Organisation": "Organisation",
    "Person": "Person",
    "Location": "Location",
    "Event": "Event",
    "Entity": "Other",
}
#: Up to this many shown actors (and 4x as many statements) vis-network's physics polishes the layout.
PHYSICS_MAX_NODES = 400
_DENSE_LAYOUT_MAX = 600  # networkx's spring layout is dense (n²) without scipy
_MARKER = re.compile(r"@@TITLE@@|@@DATA@@|/\*@@VIS_JS@@\*/")


def script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: ``<``, ``>``, ``&``, U+2028/9 escaped.

    >>> script_json({"x": "</script><b>&"})
    '{"x":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@lru_cache(maxsize=None)
def _template(name: str) -> str:
    return (resources.files("kg") / "templates" / name).read_text(encoding="utf-8")


def _select(G: nx.MultiDiGraph, metrics: dict[str, dict[str, Any]], max_nodes: int) -> list[str]:
    ranked = sorted(G.nodes, key=lambda u: (-metrics[u]["pagerank"], -G.degree(u), u))
    return sorted(ranked[:max_nodes])


def _shelf_pack(blocks: list[tuple[float, dict[str, tuple[float, float]]]]) -> dict[str, tuple[float, float]]:
    """Place laid-out blocks (radius, positions around 0) in rows, biggest first."""
    area = sum((2 * r) ** 2 for r, _ in blocks)
    width = max(math.sqrt(area) * 1.2, max((2 * r for r, _ in blocks), default=1.0))
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for r, block in blocks:
        if x + 2 * r > width and x > 0:
            x, y, row_h = 0.0, y + row_h, 0.0
        cx, cy = x + r, y + r
        for u, (px, py) in block.items():
            pos[u] = (cx + px, cy + py)
        x += 2 * r
        row_h = max(row_h, 2 * r)
    return pos


def layout(H: nx.Graph, groups: dict[str, int], *, seed: int = 0) -> dict[str, tuple[float, float]]:
    """Seeded positions in pixels: each community laid out alone, communities packed in rows."""
    import networkx as nx

    members: dict[int, list[str]] = defaultdict(list)
    for u in sorted(H):
        members[groups.get(u, 0) if H.degree(u) else -1].append(u)
    blocks = []
    for _, nodes in sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        n = len(nodes)
        radius = 60.0 * math.sqrt(n) + 40.0
        sub = H.subgraph(nodes)
        if n == 1:
            block = {nodes[0]: (0.0, 0.0)}
        elif n <= _DENSE_LAYOUT_MAX and sub.number_of_edges():
            raw = nx.spring_layout(sub, seed=seed, weight="weight", iterations=50 if n <= 200 else 30)
            block = {u: (float(p[0]) * radius * 0.9, float(p[1]) * radius * 0.9) for u, p in raw.items()}
        else:  # a sunflower: even spacing, most central at the centre (nodes come sorted by rank)
            golden = math.pi * (3 - math.sqrt(5))
            ranked = sorted(nodes, key=lambda u: (-H.degree(u, weight="weight"), u))
            block = {u: (radius * math.sqrt((i + 0.5) / n) * math.cos(i * golden),
                         radius * math.sqrt((i + 0.5) / n) * math.sin(i * golden)) for i, u in enumerate(ranked)}
        blocks.append((radius, block))
    if len(blocks) == 1:
        return {u: (round(x, 1), round(y, 1)) for u, (x, y) in blocks[0][1].items()}
    return {u: (round(x, 1), round(y, 1)) for u, (x, y) in _shelf_pack(blocks).items()}


def page_data(G: nx.MultiDiGraph, report: dict[str, Any], *, title: str = "kg graph",
              max_nodes: int = 1500, seed: int = 0) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data (nodes, statements, articles, meta)."""
    from kg.analysis.metrics import projection

    metrics = {r["id"]: r for r in report.get("actors", [])}
    for u in G:
        metrics.setdefault(u, {"pagerank": 0.0, "community": 0, "degree": 0.0})
    shown = _select(G, metrics, max_nodes)
    keep = set(shown)
    sub = G.subgraph(shown)
    physics = len(shown) <= PHYSICS_MAX_NODES and sub.number_of_edges() <= 4 * PHYSICS_MAX_NODES
    pos = layout(projection(sub), {u: metrics[u]["community"] for u in shown}, seed=seed)
    top_pr = max((metrics[u]["pagerank"] for u in shown), default=0.0) or 1.0
    rank = {u: i + 1 for i, u in enumerate(sorted(G.nodes, key=lambda u: (-metrics[u]["pagerank"], -G.degree(u), u)))}
    nodes = []
    for u in shown:
        d = G.nodes[u]
        kind = d.get("type") or "Entity"
        kind = kind if kind in TYPE_COLOURS else "Entity"
        nodes.append({
            "id": u, "label": str(d.get("label", u)), "type": kind, "type_label": TYPE_LABELS[kind],
            "color": TYPE_COLOURS[kind], "aliases": [str(a) for a in d.get("aliases") or []],
            "wikidata": d.get("wikidata"), "mentions": int(d.get("mentions") or 0), "statements": G.degree(u),
            "pagerank": metrics[u]["pagerank"], "community": metrics[u]["community"], "rank": rank[u],
            "size": round(8 + 32 * math.sqrt(metrics[u]["pagerank"] / top_pr), 1),
            "x": pos[u][0], "y": pos[u][1],
        })
    statements, articles = [], {}
    art_count: Counter[str] = Counter()
    for u, v, key, d in sorted(sub.edges(keys=True, data=True), key=lambda e: str(e[2])):
        if d.get("symmetric") and v < u:
            u, v = v, u
        art = d.get("article") or ""
        art_count[art] += 1
        articles.setdefault(art, {"id": art, "title": d.get("article_title") or (art.rsplit("/", 1)[-1] or "unknown article"),
                                  "url": d.get("article_url")})
        statements.append({
            "id": d.get("statement") or str(key), "from": u, "to": v, "relation": d["relation"],
            "relation_label": d["relation_label"], "relation_class": d["relation_class"], "polarity": d["polarity"],
            "symmetric": bool(d.get("symmetric")), "goldstein": d.get("goldstein"), "confidence": d["confidence"],
            "modality": d["modality"], "evidence": d.get("evidence") or "", "date": d.get("date"), "article": art,
        })
    for a in articles.values():
        a["statements"] = art_count[a["id"]]
    type_counts = Counter(n["type"] for n in nodes)
    meta = {
        "title": title, "total_nodes": G.number_of_nodes(), "total_statements": G.number_of_edges(),
        "hidden_nodes": G.number_of_nodes() - len(shown), "hidden_statements": G.number_of_edges() - len(statements),
        "physics": physics,
        "types": [{"name": t, "label": TYPE_LABELS[t], "color": TYPE_COLOURS[t], "count": type_counts[t]}
                  for t in TYPE_COLOURS if type_counts[t]],
        "classes": [c for c in ("cooperation", "conflict", "stative")],
        "class_counts": {c: sum(s["relation_class"] == c for s in statements) for c in ("cooperation", "conflict", "stative")},
        "modalities": ["asserted", "alleged", "negated", "hypothetical"],
        "modality_counts": {m: sum(s["modality"] == m for s in statements)
                            for m in ("asserted", "alleged", "negated", "hypothetical")},
    }
    arts = sorted(articles.values(), key=lambda a: (a["title"].casefold(), a["id"]))
    return {"meta": meta, "nodes": nodes, "statements": statements, "articles": arts}


def render_html(G: nx.MultiDiGraph, report: dict[str, Any], path: PathLike, *, title: str = "kg graph",
                max_nodes: int = 1500) -> dict[str, Any]:
    """Write the interactive page of ``G`` to ``path`` (atomically) and say what it shows.

    Args:
        G: the actor network from :func:`kg.analysis.actor_network`.
        report: the result of :func:`kg.analysis.analyse` (PageRank sizes the nodes,
            communities group the layout); ``{}`` works, with plainer sizes.
        path: the HTML file to write.
        title: shown in the page's header and tab.
        max_nodes: above this many actors only the most central are shown.

    Returns:
        ``path``, ``nodes``/``statements`` shown, ``hidden_nodes``/``hidden_statements``,
        ``physics`` (whether the browser polishes the layout) and ``bytes`` written.

    >>> import networkx as nx, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "g.html"
    >>> render_html(nx.MultiDiGraph(), {}, out)["nodes"]
    0
    """
    data = page_data(G, report, title=title, max_nodes=max_nodes)
    values = {
        "@@TITLE@@": html.escape(title),
        "@@DATA@@": script_json(data),
        "/*@@VIS_JS@@*/": _template("vis-network.min.js"),
    }
    # One pass, so nothing inside a substituted value is ever taken for a marker.
    page = _MARKER.sub(lambda m: values[m.group(0)], _template("graph.html"))
    write_text(path, page)
    meta = data["meta"]
    return {
        "path": str(Path(path)), "nodes": len(data["nodes"]), "statements": len(data["statements"]),
        "hidden_nodes": meta["hidden_nodes"], "hidden_statements": meta["hidden_statements"],
        "physics": meta["physics"], "bytes": len(page.encode("utf-8")),
    }
