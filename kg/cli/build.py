"""``kg build``: articles in, graph.ttl / graph.html / report.md / report.json out."""

from __future__ import annotations

import dataclasses
import sys
import warnings

import click

from kg.cli import cli
from kg.cli.common import handle_errors


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--out", "out_dir", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Folder the results are written to.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="A kg.toml configuration file.")
@click.option("--model", help="spaCy model package to use (default: the pinned en_core_web_sm package).")
@click.option("--actors", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra actor CSV (same columns as ontologies/actors.csv); repeatable.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Drop statements below this confidence.")
@click.option("--store", type=click.Path(path_type=str),
              help="Build into this on-disk triple store (resumable, incremental; one named graph per article).")
@click.option("--workers", type=click.IntRange(1), default=None,
              help="Extraction processes (default: all cores for more than one article).")
@click.option("--executor", type=click.Choice(["process", "dask"]), default="process", show_default=True,
              help="Run extraction in local processes, or on a Dask cluster.")
@click.option("--scheduler", help="Dask scheduler address (with --executor dask); default: a local cluster.")
@click.option("--outputs/--no-outputs", default=True, show_default=True,
              help="Write graph.ttl, the page and the report; --no-outputs with --store only updates the store.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar (default: on for more than one article; plain log lines when not a terminal).")
@handle_errors
def build(paths: tuple[str, ...], out_dir: str, config_path: str | None, model: str | None,
          actors: tuple[str, ...], min_confidence: float | None, store: str | None, workers: int | None,
          executor: str, scheduler: str | None, outputs: bool, progress: bool | None) -> None:
    """Build the knowledge graph of articles (.txt, .html, .jsonl, or folders of them).

    Example: kg build examples/ --out output/
    """
    from kg.config import load_config
    from kg.ingest.readers import iter_files
    from kg.pipeline import build_graph

    if not outputs and not store:
        raise click.UsageError("--no-outputs needs --store (otherwise the build would keep nothing)")

    cfg = load_config(config_path)
    ex = cfg.extract
    if model:
        ex = dataclasses.replace(ex, model=model)
    if actors:
        ex = dataclasses.replace(ex, actors=ex.actors + actors)
    if min_confidence is not None:
        ex = dataclasses.replace(ex, min_confidence=min_confidence)
    cfg = dataclasses.replace(cfg, extract=ex)
    many = None
    if progress is None or workers is None:
        files = list(iter_files(paths))
        many = len(files) > 1 or any(f.name.endswith((".jsonl", ".jsonl.gz")) for f in files)
    if progress is None:
        progress = bool(many)
    if workers is None:
        from kg.parallel import default_workers

        workers = default_workers() if many and executor == "process" else 1

    def warn(message, category, filename, lineno, file=None, line=None):  # one line, no source echo
        click.echo(f"Warning: {message}", err=True)

    warnings.showwarning = warn
    summary = build_graph(
        paths, out_dir=out_dir, config=cfg, store=store, workers=workers, executor=executor,
        scheduler=scheduler, progress=progress, outputs=outputs,
        on_problem=lambda p: click.echo(f"Skipped {p.origin}: {p.reason}", err=True),
    )
    click.echo(f"Read {summary.articles} article(s): {summary.entities} entities, {summary.statements} statements.")
    if summary.already_in_store:
        click.echo(f"{summary.already_in_store} article(s) already in the store were not read again.")
    if summary.skipped:
        click.echo(f"Skipped {len(summary.skipped)} input(s); see report.json.")
    for name, path in summary.outputs.items():
        click.echo(f"  {name:<12} {path}")
    sys.stdout.flush()
