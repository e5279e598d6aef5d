"""The analysis report on disk (report.json, report.md, network.png) and back in RDF.

Writing is the only I/O of the analysis package; every file is written atomically.
"""

from __future__ import annotations

import io
import json
import warnings
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.atomic import write_bytes, write_text
from kg.rdf.namespaces import KG
from kg.types import PathLike

if TYPE_CHECKING:
    import networkx as nx

Triple = tuple[URIRef, URIRef, Literal]
PICTURE_NODES = 120  # the static picture shows the most central actors only


def metrics_triples(report: dict[str, Any]) -> Iterator[Triple]:
    """``kg:degreeCentrality``, ``kg:pagerank``, ``kg:betweenness`` and ``kg:community`` of each actor.

    >>> rows = [{"id": "https://kg.example.org/id/entity/x", "degree": 0.5, "pagerank": 0.25,
    ...          "betweenness": 0.0, "community": 1}]
    >>> len(list(metrics_triples({"actors": rows})))
    4
    """
    for row in report.get("actors", []):
        node = URIRef(row["id"])
        for term, key in ((KG.degreeCentrality, "degree"), (KG.pagerank, "pagerank"), (KG.betweenness, "betweenness")):
            yield node, term, Literal(Decimal(f"{row[key]:.6f}"), datatype=XSD.decimal)
        yield node, KG.community, Literal(int(row["community"]), datatype=XSD.nonNegativeInteger)


def report_json(report: dict[str, Any]) -> str:
    """The report as stable JSON text: sorted keys, two-space indent, final newline."""
    return json.dumps(report, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _cell(x: Any) -> str:
    return str(x).replace("|", "\\|").replace("\n", " ")


def _table(head: list[str], rows: list[list[Any]]) -> list[str]:
    if not rows:
        return ["(none)", ""]
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows]
    return out + [""]


def report_markdown(report: dict[str, Any]) -> str:
    """A readable summary: counts, top actors, communities, cooperation, conflict, balance."""
    c, cen, s = report["counts"], report["centrality"], report["signed"]
    lines = ["# Actor network report", "",
             f"{c['actors']} actors, {c['statements']} statements from {c['articles']} articles.", ""]
    lines += ["## Statements by relation", ""]
    lines += _table(["relation", "statements"], [[k, v] for k, v in sorted(c["relations"].items(), key=lambda kv: (-kv[1], kv[0]))])
    note = f" (sampled from {cen['k']} sources)" if cen["betweenness_sampled"] else ""
    lines += ["## Central actors", "", f"Betweenness is exact{note}." if not note else f"Betweenness is estimated{note}.", ""]
    top = list(zip(cen["pagerank"], cen["degree"], cen["betweenness"]))
    lines += _table(["#", "PageRank", "score", "degree", "score", "betweenness", "score"],
                    [[i + 1, p["label"], p["score"], d["label"], d["score"], b["label"], b["score"]]
                     for i, (p, d, b) in enumerate(top[:10])])
    lines += ["## Communities", "", "Seeded Louvain on the undirected network weighted by confidence.", ""]
    lines += _table(["community", "actors", "most central"],
                    [[g["id"], g["size"], ", ".join(g["top"][:6])] for g in report["communities"][:10]])
    lines += ["## Strongest cooperation", ""]
    pair_head = ["actor", "actor", "net Goldstein", "cooperation", "conflict"]
    lines += _table(pair_head, [[r["a_label"], r["b_label"], r["net_goldstein"], r["cooperation"], r["conflict"]]
                                for r in s["cooperation"][:10]])
    lines += ["## Strongest conflict", ""]
    lines += _table(pair_head, [[r["a_label"], r["b_label"], r["net_goldstein"], r["cooperation"], r["conflict"]]
                                for r in s["rivalries"][:10]])
    lines += ["## Coalitions", "", "Actors joined by cooperative ties (connected components of the positive network).", ""]
    lines += _table(["size", "members"], [[len(g), ", ".join(g[:12]) + (" …" if len(g) > 12 else "")] for g in s["coalitions"][:10]])
    b = s["balance"]
    lines += ["## Structural balance", ""]
    if b["triads"]:
        lines += [f"{b['balanced']} of {b['triads']} signed triads are balanced ({b['ratio']:.0%}).", ""]
        lines += _table(["kind", "triads"], [[k, v] for k, v in b["by_kind"].items()])
        lines += _table(["unbalanced example"], [[" – ".join(t)] for t in b["examples"]["unbalanced"]])
    else:
        lines += ["No triangle of three signed ties.", ""]
    e = s["enemy_of_enemy"]
    lines += ["## Enemy of my enemy", "", f"{e['pairs']} pairs share an enemy and are not in conflict with each other.", ""]
    lines += _table(["actor", "actor", "common enemies", "between them"],
                    [[r["a_label"], r["c_label"], ", ".join(r["common_enemies"][:5]), r["relation"]] for r in e["top"][:10]])
    x = s["excluded"]
    lines += [f"Left out of the signed network: {x['alleged']} alleged, {x['negated']} negated and "
              f"{x['hypothetical']} hypothetical statements.", ""]
    return "\n".join(lines)


def network_png(report: dict[str, Any], G: nx.MultiDiGraph, *, seed: int = 0) -> bytes:
    """A small static picture of the most central actors (Agg, layout seeded)."""
    import networkx as nx
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from kg.analysis.metrics import projection

    rows = sorted(report.get("actors", []), key=lambda r: (-r["pagerank"], r["id"]))[:PICTURE_NODES]
    keep = sorted(r["id"] for r in rows)
    H = projection(G.subgraph(keep))
    fig = Figure(figsize=(9, 7), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_axis_off()
    if H.number_of_nodes():
        pos = nx.spring_layout(H, seed=seed, weight="weight")
        pr = {r["id"]: r["pagerank"] for r in rows}
        biggest = max(pr.values()) or 1.0
        palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"]
        comm = {r["id"]: r["community"] for r in rows}
        nx.draw_networkx_edges(H, pos, ax=ax, alpha=0.25, width=0.8)
        nx.draw_networkx_nodes(H, pos, ax=ax, nodelist=keep, node_size=[30 + 600 * pr[u] / biggest for u in keep],
                               node_color=[palette[comm[u] % len(palette)] for u in keep], linewidths=0)
        labelled = [r["id"] for r in rows[:25]]
        # '$' would switch matplotlib to mathtext (and fail on odd names): draw labels as text.
        labels = {u: str(G.nodes[u].get("label", u)).replace("$", r"\$")[:30] for u in labelled}
        nx.draw_networkx_labels(H, pos, labels=labels, ax=ax, font_size=8)
    ax.set_title(f"{len(keep)} most central of {G.number_of_nodes()} actors (colour: community)", fontsize=10)
    buf = io.BytesIO()
    with warnings.catch_warnings():
        # Labels in scripts the bundled font lacks draw as boxes; that is not an error.
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from", category=UserWarning)
        fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def write_report(report: dict[str, Any], G: nx.MultiDiGraph, out_dir: PathLike) -> dict[str, Path]:
    """Write ``report.json``, ``report.md`` and ``network.png`` into ``out_dir``, atomically.

    Returns:
        The paths written, by name.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: out / name for name in ("report.json", "report.md", "network.png")}
    write_text(paths["report.json"], report_json(report))
    write_text(paths["report.md"], report_markdown(report))
    write_bytes(paths["network.png"], network_png(report, G))
    return paths
