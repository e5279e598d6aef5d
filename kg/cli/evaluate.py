"""``kg eval``: score kg's extraction against gold annotations (kg JSONL, re3d, CoNLL04)."""

from __future__ import annotations

import dataclasses
import json

import click

from kg.cli import cli
from kg.cli.common import handle_errors


@cli.command("eval")
@click.argument("gold", type=click.Path(exists=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["kg", "re3d", "conll04"]), default="kg", show_default=True,
              help="Gold format: kg JSONL, a re3d folder, or a CoNLL04 JSON file.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Drop statements below this confidence.")
@click.option("--shared", type=click.Path(file_okay=False, path_type=str),
              help="Folder that article paths starting '../shared/' in kg gold refer to.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="A kg.toml configuration file.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: over 50 documents).")
@handle_errors
def evaluate(gold: str, fmt: str, as_json: bool, min_confidence: float | None, shared: str | None,
             config_path: str | None, progress: bool | None) -> None:
    """Score kg on GOLD: precision, recall and F1 of entities and relations, per type.

    Example: kg eval tests/gold/examples.jsonl --json
    """
    from kg.config import load_config
    from kg.evaluate import evaluate_conll04, evaluate_gold, evaluate_re3d, format_report

    cfg = load_config(config_path)
    if min_confidence is not None:
        cfg = dataclasses.replace(cfg, extract=dataclasses.replace(cfg.extract, min_confidence=min_confidence))
    if fmt == "re3d":
        report = evaluate_re3d(gold, config=cfg, progress=progress)
    elif fmt == "conll04":
        report = evaluate_conll04(gold, config=cfg, progress=progress)
    else:
        report = evaluate_gold(gold, config=cfg, shared=shared, progress=progress)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_report(report))
