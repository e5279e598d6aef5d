"""The ``kg`` command line: thin commands that parse options, call the library and print.

Every command module registers itself on :data:`cli`; heavy imports (spaCy, rdflib
stores) happen inside the commands so ``kg --help`` stays fast.
"""

from __future__ import annotations

import click

from kg import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kg")
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Build a knowledge graph of actors and their relations from news articles.

    Example: kg build examples/ --out output/
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# Command modules register themselves on `cli`; imported for that side effect.
from kg.cli import build as _build  # noqa: E402,F401
from kg.cli import rdf as _rdf  # noqa: E402,F401
from kg.cli import evaluate as _evaluate  # noqa: E402,F401
from kg.cli import analyze as _analyze  # noqa: E402,F401
