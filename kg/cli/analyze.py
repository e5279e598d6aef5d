"""``kg analyze``, ``kg viz`` and ``kg path``: measure, draw and explain a built graph."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg.cli import cli
from kg.cli.common import handle_errors

if TYPE_CHECKING:
    import networkx as nx

_GRAPH = click.argument("graph", type=click.Path(path_type=str))


def _min_confidence(func: Any) -> Any:
    return click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
                        help="Leave out statements below this confidence.")(func)


def _network(graph_path: str, min_confidence: float) -> nx.MultiDiGraph:
    from rdflib import Graph

    from kg.analysis import actor_network
    from kg.store import open_source

    source = open_source(graph_path, read_only=True)
    graph = source if isinstance(source, Graph) else source.to_rdflib()
    return actor_network(graph, min_confidence=min_confidence)


@cli.command()
@_GRAPH
@click.option("--out", "out_dir", default="analysis", show_default=True, type=click.Path(file_okay=False),
              help="Folder for report.json, report.md and network.png.")
@_min_confidence
@click.option("--seed", default=0, show_default=True, help="Seed for communities and sampled betweenness.")
@click.option("--betweenness-k", type=click.IntRange(1), help="Sample betweenness from this many actors "
              "(default: exact up to 2,000 actors).")
@handle_errors
def analyze(graph: str, out_dir: str, min_confidence: float, seed: int, betweenness_k: int | None) -> None:
    """Measure the actor network of GRAPH (a graph file or store folder): central actors,
    communities, cooperation and conflict, structural balance.

    Example: kg analyze output/graph.ttl --out output/analysis
    """
    from kg.analysis import analyse, write_report

    G = _network(graph, min_confidence)
    report = analyse(G, seed=seed, betweenness_k=betweenness_k)
    paths = write_report(report, G, out_dir)
    c = report["counts"]
    click.echo(f"{c['actors']} actors, {c['statements']} statements, {len(report['communities'])} communities.")
    for row in report["centrality"]["pagerank"][:5]:
        click.echo(f"  {row['score']:.4f}  {row['label']} ({row['type']})")
    for name, path in paths.items():
        click.echo(f"  {name:<12} {path}")


@cli.command()
@_GRAPH
@click.option("--out", "out_file", default="graph.html", show_default=True, type=click.Path(dir_okay=False),
              help="The HTML file to write.")
@click.option("--title", default="kg graph", show_default=True, help="Title shown on the page.")
@click.option("--max-nodes", type=click.IntRange(1), default=1500, show_default=True,
              help="Show at most this many actors (the most central).")
@_min_confidence
@handle_errors
def viz(graph: str, out_file: str, title: str, max_nodes: int, min_confidence: float) -> None:
    """Draw GRAPH as one self-contained interactive HTML page (works offline).

    Example: kg viz output/graph.ttl --out graph.html
    """
    from kg.analysis import analyse
    from kg.viz import render_html

    G = _network(graph, min_confidence)
    report = analyse(G)
    info = render_html(G, report, out_file, title=title, max_nodes=max_nodes)
    click.echo(f"Wrote {Path(out_file)}: {info['nodes']} actors, {info['statements']} statements.")
    if info["hidden_nodes"]:
        click.echo(f"  {info['hidden_nodes']} less central actors hidden (raise --max-nodes to show them).")


@cli.command()
@_GRAPH
@click.argument("a")
@click.argument("b")
@click.option("--limit", type=click.IntRange(1), default=5, show_default=True, help="Most paths to show.")
@_min_confidence
@handle_errors
def path(graph: str, a: str, b: str, limit: int, min_confidence: float) -> None:
    """How actors A and B are linked: the shortest chains of statements, with evidence.

    A and B are labels, aliases or IRIs (any case).

    Example: kg path output/graph.ttl India "Lashkar-e-Taiba"
    """
    from kg.analysis import resolve_actor, shortest_paths

    G = _network(graph, min_confidence)
    chains = shortest_paths(G, a, b, limit=limit)
    if not chains:
        src, dst = resolve_actor(G, a), resolve_actor(G, b)
        click.echo(f"No path between {G.nodes[src]['label']} and {G.nodes[dst]['label']}.")
        return
    for i, chain in enumerate(chains, 1):
        click.echo(f"Path {i} ({len(chain)} step{'s' if len(chain) != 1 else ''}):")
        for step in chain:
            arrow = f"—{step['relation_label']}→" if step["direction"] == "forward" else f"←{step['relation_label']}—"
            extra = f", {step['statements']} statements" if step["statements"] > 1 else ""
            click.echo(f"  {step['from_label']} {arrow} {step['to_label']}  [{step['modality']}, "
                       f"confidence {step['confidence']:.2f}{extra}]")
            source = f" ({step['article_title']})" if step.get("article_title") else ""
            click.echo(f"    \"{step['evidence']}\"{source}")
