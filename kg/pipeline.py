"""The orchestrator: ingest → clean → extract → resolve → map → analyse → render.

The only module that calls several stages. :func:`extract_articles` is the pure part
(articles in, results out, streaming); :func:`build_graph` does the I/O around it.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg import __version__
from kg.config import Config
from kg.errors import InputError
from kg.rdf.mapping import Activity, to_graph
from kg.rdf.namespaces import KG
from kg.rdf.taxonomy import ontology_graph
from kg.types import Article, ArticleResult, BuildSummary, PathLike, Problem


def extract_articles(articles: Iterable[Article], *, config: Config | None = None) -> Iterator[ArticleResult]:
    """Parse each article and read its entities and statements off the parse.

    Streams: one batch of Docs in memory at a time.
    """
    from kg.extract.actors import resolve_entities, truecase_headlines
    from kg.extract.nlp import load_nlp
    from kg.extract.relations import extract_statements
    from kg.link.gazetteer import load_kb

    cfg = config or Config()
    nlp = load_nlp(cfg.extract.model, kb_paths=cfg.extract.actors)
    kb = load_kb(cfg.extract.actors)
    pairs = ((truecase_headlines(a.text, nlp), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=cfg.extract.batch_size):
        doc.user_data["kg_text"] = article.text
        ents = resolve_entities(doc, article.id, kb)
        statements = [
            s for s in extract_statements(doc, ents, kb, article.id) if s.confidence >= cfg.extract.min_confidence
        ]
        # entities a statement points at but the text never named (a nationality, say)
        for st in statements:
            for key in (st.subject, st.object, st.theme):
                if key and key not in ents.entities:
                    found = kb.get(key)
                    if found is not None:
                        ents.entities[key] = found
        yield ArticleResult(
            article=article,
            entities=tuple(sorted(ents.entities.values(), key=lambda e: e.key)),
            mentions=tuple(sorted(ents.mentions, key=lambda m: (m.start, m.end, m.entity_key))),
            statements=tuple(statements),
        )


def make_activity(config: Config) -> Activity:
    """The provenance record of this run."""
    import spacy

    started = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    return Activity(
        id=uuid.uuid5(uuid.NAMESPACE_URL, f"kg:{__version__}:{config.extract.model}:{started}").hex[:16],
        kg_version=__version__,
        spacy_version=spacy.__version__,
        spacy_model=_model_version(config.extract.model),
        started=started,
    )


def _model_version(model: str) -> str:
    from importlib import metadata

    for dist in (model, model.replace("_", "-")):
        try:
            return f"{model}=={metadata.version(dist)}"
        except metadata.PackageNotFoundError:
            continue
    return model


def add_ontology_terms(graph: Graph) -> None:
    """Copy into ``graph`` the ontology's description of every kg class and relation it uses."""
    onto = ontology_graph()
    used: set[URIRef] = set()
    for o in graph.objects(None, RDF.type):
        if isinstance(o, URIRef) and str(o).startswith(str(KG)):
            used.add(o)
    for o in graph.objects(None, RDF.predicate):
        if isinstance(o, URIRef):
            used.add(o)
    for o in graph.objects(None, KG.modality):
        if isinstance(o, URIRef):
            used.add(o)
    for term in sorted(used):
        for t in onto.triples((term, None, None)):
            graph.add(t)


@dataclass
class Collected:
    results: list[ArticleResult]
    problems: list[Problem]


def collect(paths: Sequence[PathLike], *, config: Config, progress: bool = False,
            on_problem: Callable[[Problem], None] | None = None) -> Collected:
    """Read and extract every article under ``paths``; bad inputs are reported, not fatal."""
    from kg.ingest import iter_articles

    problems: list[Problem] = []
    seen: set[str] = set()

    def articles() -> Iterator[Article]:
        for item in iter_articles(paths):
            if isinstance(item, Problem):
                problems.append(item)
                if on_problem:
                    on_problem(item)
            elif item.id not in seen:  # the same text twice is one article
                seen.add(item.id)
                yield item

    stream: Iterable[ArticleResult] = extract_articles(articles(), config=config)
    if progress:
        from tqdm import tqdm

        stream = tqdm(stream, unit="article", desc="kg build", file=sys.stderr, disable=None)
    return Collected(list(stream), problems)


def build_graph(
    paths: Sequence[PathLike],
    *,
    out_dir: PathLike = "output",
    config: Config | None = None,
    progress: bool = False,
    on_problem: Callable[[Problem], None] | None = None,
) -> BuildSummary:
    """Build the knowledge graph of the articles under ``paths`` into ``out_dir``.

    Writes ``graph.ttl``, ``graph.html``, ``report.md``/``report.json`` (and the network
    picture), each atomically.

    Raises:
        InputError: a path is missing, or no article could be read.
    """
    from kg import analysis, viz
    from kg.atomic import atomic_open

    cfg = config or Config()
    out = Path(out_dir)
    collected = collect(paths, config=cfg, progress=progress, on_problem=on_problem)
    if not collected.results:
        reasons = "; ".join(f"{p.origin}: {p.reason}" for p in collected.problems[:5]) or "no article files found"
        raise InputError(f"no readable articles in {', '.join(map(str, paths))} ({reasons})")
    activity = make_activity(cfg)
    graph = to_graph(collected.results, activity=activity, base=cfg.rdf.base)
    add_ontology_terms(graph)

    network = analysis.actor_network(graph)
    report = analysis.analyse(network)
    report["skipped"] = [{"origin": p.origin, "reason": p.reason} for p in collected.problems]
    for t in analysis.metrics_triples(report):
        graph.add(t)

    out.mkdir(parents=True, exist_ok=True)
    with atomic_open(out / "graph.ttl", "wb", encoding=None) as fh:
        graph.serialize(destination=fh, format="turtle")
    analysis.write_report(report, network, out)
    viz.render_html(network, report, out / "graph.html", title="kg graph", max_nodes=cfg.viz.max_nodes)

    summary = BuildSummary(
        articles=len(collected.results),
        entities=len({e.key for r in collected.results for e in r.entities}),
        statements=sum(len(r.statements) for r in collected.results),
        skipped=collected.problems,
        outputs={name: str(out / name) for name in ("graph.ttl", "graph.html", "report.md", "report.json")},
    )
    return summary
