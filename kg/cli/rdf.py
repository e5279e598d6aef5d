"""``kg query``, ``kg validate``, ``kg export``, ``kg serve`` and ``kg remove``: the RDF side.

GRAPH arguments are an RDF file (format from its extension) or a store folder.
"""

from __future__ import annotations

import sys

import click

from kg.cli import cli
from kg.cli.common import handle_errors

_FORMATS = ("table", "csv", "json")
_EXPORTS = ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv")


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        out[name.strip()] = value
    return out


@cli.command()
@click.argument("graph", required=False, type=click.Path(path_type=str))
@click.argument("query", required=False)
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="table", show_default=True,
              help="table for reading; csv or json (SPARQL 1.1 results) for programs.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable); actors may be given by label or alias.")
@click.option("--list", "list_", is_flag=True, help="List the bundled queries and their parameters.")
@handle_errors
def query(graph: str | None, query: str | None, fmt: str, params: tuple[str, ...], list_: bool) -> None:
    """Run a bundled query (by name), a .rq file or SPARQL text over GRAPH.

    Example: kg query output/graph.ttl allies --param actor=Pakistan
    """
    from kg.query.sparql import format_result, list_queries, run_query

    if list_:
        for q in list_queries():
            click.echo(f"{q.name:<24} {q.title}")
            for p in q.params:
                flag = ", required" if p.required else ""
                click.echo(f"{'':<24}   --param {p.name}=… ({p.kind}{flag}) {p.meaning}")
        return
    if not graph or not query:
        raise click.UsageError("give GRAPH and QUERY, or --list")
    from kg.store import open_source

    source = open_source(graph, read_only=True)
    result = run_query(source, query, _params(params))
    click.echo(format_result(result, fmt))  # type: ignore[arg-type]


@cli.command()
@click.argument("graph", type=click.Path(exists=True, path_type=str))
@handle_errors
def validate(graph: str) -> None:
    """Check GRAPH against kg's SHACL shapes; exit 0 if it conforms, 5 if not.

    Example: kg validate output/graph.ttl
    """
    from kg.errors import GraphError
    from kg.store import KGStore, open_source
    from kg.validate import validate as run_validation

    source = open_source(graph, read_only=True)
    result = run_validation(source.to_rdflib() if isinstance(source, KGStore) else source)
    click.echo(result.text)
    if not result.conforms:
        sys.exit(GraphError.exit_code)


@cli.command()
@click.argument("source", type=click.Path(exists=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(_EXPORTS), required=True,
              help="RDF (ttl, nt, nq, trig, jsonld), network (graphml, gexf) or Neo4j import CSVs (csv).")
@click.option("--out", "out", required=True, type=click.Path(path_type=str),
              help="The file to write (a folder for csv).")
@handle_errors
def export(source: str, fmt: str, out: str) -> None:
    """Export a store or graph file to another format.

    Example: kg export store/ --format graphml --out actors.graphml
    """
    from kg.export import export as run_export
    from kg.store import open_source

    for path in run_export(open_source(source, read_only=True), out, fmt):  # type: ignore[arg-type]
        click.echo(f"Wrote {path}")


@cli.command()
@click.argument("source", type=click.Path(exists=True, path_type=str))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (127.0.0.1 keeps it local).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1), help="Seconds per query.")
@click.option("--limit", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Most rows a response carries (then X-KG-Truncated: true).")
@click.option("--page", type=click.Path(exists=True, dir_okay=False, path_type=str),
              help="An HTML page (graph.html) to serve at /.")
@handle_errors
def serve(source: str, host: str, port: int, timeout: float, limit: int, page: str | None) -> None:
    """Serve a store or graph file as a read-only SPARQL endpoint at /sparql.

    Example: kg serve store/ --port 8000 --page output/graph.html
    """
    from kg.serve import make_server, open_endpoint_store

    server = make_server(open_endpoint_store(source), host=host, port=port, timeout=timeout, limit=limit, page=page)
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"SPARQL endpoint on http://{bound_host}:{bound_port}/sparql (Ctrl-C to stop)")
    try:
        server.serve_forever()
    finally:
        server.server_close()


@cli.command()
@click.argument("store", type=click.Path(exists=True, file_okay=False, path_type=str))
@click.argument("article")
@handle_errors
def remove(store: str, article: str) -> None:
    """Remove ARTICLE (id, IRI, content hash or origin) and its statements from STORE.

    Example: kg remove store/ 3f2a9c0d1b7e4a55
    """
    from kg.store import KGStore

    iri = KGStore.open(store).remove_article(article)
    click.echo(f"Removed {iri}")
