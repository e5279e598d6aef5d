"""The orchestrator: ingest → clean → extract → resolve → map → analyse → render.

The only module that calls several stages. :func:`extract_articles` is the pure part
(articles in, results out, streaming); :func:`build_graph` does the I/O around it.
"""

from __future__ import annotations

import time
from dataclasses import replace
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
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
from kg.types import Article, ArticleResult, BuildSummary, Entity, PathLike, Problem, Statement


def extract_articles(articles: Iterable[Article], *, config: Config | None = None) -> Iterator[ArticleResult]:
    """Parse each article and read its entities and statements off the parse.

    Streams: one batch of Docs in memory at a time.
    """
    from kg.extract.actors import resolve_entities, truecase_headlines
    from kg.extract.nlp import load_nlp
    from kg.extract.learned import learned_statements, merge_statements
    from kg.extract.relations import extract_statements
    from kg.link.gazetteer import load_kb

    cfg = config or Config()
    nlp = load_nlp(cfg.extract.model, kb_paths=cfg.extract.actors)
    kb = load_kb(cfg.extract.actors)
    pairs = ((truecase_headlines(a.text, nlp), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=cfg.extract.batch_size):
        doc.user_data["kg_text"] = article.text
        ents = resolve_entities(doc, article.id, kb)
        found = extract_statements(doc, ents, kb, article.id)
        if cfg.extract.learned:
            # after the rules: they may add description mentions the classifier also uses
            learned = [s for s in learned_statements(doc, ents, article.id, threshold=cfg.extract.learned_threshold, kb=kb)
                       if s.relation in cfg.extract.learned_relations and _fits(s, ents.entities)]
            found = merge_statements(found, learned)
        statements = [s for s in found if s.confidence >= cfg.extract.min_confidence]
        # entities a statement points at but the text never named (a nationality, say)
        for st in statements:
            for key in (st.subject, st.object, st.theme):
                if key and key not in ents.entities:
                    entity = kb.get(key)
                    if entity is not None:
                        ents.entities[key] = entity
        mentions = ents.mentions + [m for m in ents.nationality_mentions if m.entity_key in ents.entities]
        if ents.source and not article.source:
            article = replace(article, source=ents.source)  # the wire agency of the dateline
        yield ArticleResult(
            article=article,
            entities=tuple(sorted(ents.entities.values(), key=lambda e: e.key)),
            mentions=tuple(sorted(mentions, key=lambda m: (m.start, m.end, m.entity_key))),
            statements=tuple(statements),
        )


#: what may stand at the object end of a relation the classifier proposes (the rules check
#: this through their patterns; a statistical guess needs it checked)
_PLACES = frozenset({"State", "Location"})
_OBJECT_TYPES: dict[str, frozenset[str]] = {
    "locatedIn": _PLACES,
    "basedIn": _PLACES,
    "livesIn": _PLACES,
    "operatesIn": _PLACES,
    "kills": frozenset({"Person", "State", "ArmedGroup", "Organisation", "PoliticalOrganisation"}),
    "holdsRoleIn": frozenset({"State", "IntergovernmentalOrganisation", "ArmedGroup", "Organisation",
                              "PoliticalOrganisation"}),
}
_OBJECT_TYPES["leads"] = _OBJECT_TYPES["memberOf"] = _OBJECT_TYPES["holdsRoleIn"]


def _fits(statement: Statement, entities: dict[str, Entity]) -> bool:
    wanted = _OBJECT_TYPES.get(statement.relation)
    obj = entities.get(statement.object)
    return wanted is None or (obj is not None and obj.type in wanted)


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
    used: set[URIRef] = {KG.relatedTo}
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


def _stream(paths: Sequence[PathLike], *, problems: list[Problem], skip: Callable[[Article], bool] | None,
            on_problem: Callable[[Problem], None] | None) -> Iterator[Article]:
    """The articles under ``paths``, each text once; unusable inputs go to ``problems``."""
    from kg.ingest import iter_articles

    seen: set[str] = set()
    for item in iter_articles(paths):
        if isinstance(item, Problem):
            problems.append(item)
            if on_problem:
                on_problem(item)
        elif item.id not in seen:  # the same text twice is one article
            seen.add(item.id)
            if skip is None or not skip(item):
                yield item


def _extract(articles: Iterable[Article], *, config: Config, workers: int, executor: str,
             scheduler: str | None, on_problem: Callable[[Problem], None]) -> Iterator[ArticleResult]:
    if executor == "dask":
        from kg.distributed import extract_dask

        return extract_dask(articles, config=config, scheduler=scheduler, workers=workers)
    if workers > 1:
        from itertools import chain, islice

        from kg.parallel import extract_parallel

        # a handful of new articles (an incremental build) is parsed here: starting worker
        # processes, each loading the model, would cost more than the parsing
        it = iter(articles)
        head = list(islice(it, 8 * workers))
        if len(head) < 8 * workers:
            return extract_articles(head, config=config)
        return extract_parallel(chain(head, it), config=config, workers=workers, on_problem=on_problem)
    return extract_articles(articles, config=config)


def build_graph(
    paths: Sequence[PathLike],
    *,
    out_dir: PathLike = "output",
    config: Config | None = None,
    store: PathLike | None = None,
    workers: int = 1,
    executor: str = "process",
    scheduler: str | None = None,
    progress: bool = False,
    on_problem: Callable[[Problem], None] | None = None,
    outputs: bool = True,
) -> BuildSummary:
    """Build the knowledge graph of the articles under ``paths`` into ``out_dir``.

    Writes ``graph.ttl``, ``graph.html``, ``report.md``/``report.json`` (and the network
    picture), each atomically. With ``store`` the statements go, article by article, into
    a persistent triple store (one named graph per article, one transaction each): an
    article already there is skipped, so an interrupted build resumes where it stopped and
    adding articles costs only the new ones; the outputs then cover the whole store.
    ``outputs=False`` (with a store) only updates the store: the whole-corpus outputs are
    what an incremental build spends most on, and ``kg export``/``analyze``/``viz`` make
    them when wanted.

    Raises:
        InputError: a path is missing, or no article could be read.
    """
    cfg = config or Config()
    problems: list[Problem] = []
    report_problem = on_problem or (lambda p: None)

    def note(p: Problem) -> None:
        problems.append(p)
        report_problem(p)

    activity = make_activity(cfg)
    kg_store = None
    skipped_known = 0
    if store is not None:
        from kg.store import KGStore

        kg_store = KGStore.open(store, base=cfg.rdf.base)

        def known(article: Article) -> bool:
            nonlocal skipped_known
            if kg_store.has_article(article.sha256):
                skipped_known += 1
                return True
            return False
    else:
        known = None  # type: ignore[assignment]

    t_start = time.perf_counter()
    articles = _stream(paths, problems=problems, skip=known, on_problem=report_problem)
    results: Iterable[ArticleResult] = _extract(articles, config=cfg, workers=workers, executor=executor,
                                                scheduler=scheduler, on_problem=note)
    if progress:
        from kg.progress import progress as report_progress

        results = report_progress(results)

    kept: list[ArticleResult] = []
    n_articles = n_statements = 0
    entity_keys: set[str] = set()
    if kg_store is not None:
        from kg.rdf.mapping import activity_triples, result_triples

        kg_store.ensure_ontology()
        kg_store.add_default(activity_triples(activity, base=cfg.rdf.base))
        for result in results:
            old = kg_store.find_article(result.article.origin) if result.article.origin else None
            if old is not None and not str(old).endswith(result.article.id):
                kg_store.remove_article(str(old))  # the same file, changed: its old statements go
            kg_store.replace_article(result.article.id, result_triples(result, activity=activity, base=cfg.rdf.base))
            n_articles += 1
            n_statements += len(result.statements)
            entity_keys.update(e.key for e in result.entities)
        kg_store.flush()
    else:
        kept = list(results)
        n_articles = len(kept)
        n_statements = sum(len(r.statements) for r in kept)
        entity_keys = {e.key for r in kept for e in r.entities}
        graph = to_graph(kept, activity=activity, base=cfg.rdf.base)
        add_ontology_terms(graph)

    t_extracted = time.perf_counter()
    if n_articles == 0 and skipped_known == 0:
        reasons = "; ".join(f"{p.origin}: {p.reason}" for p in problems[:5]) or "no article files found"
        raise InputError(f"no readable articles in {', '.join(map(str, paths))} ({reasons})")
    written: dict[str, str] = {}
    if kg_store is not None:
        if outputs:
            graph = kg_store.to_rdflib()
        kg_store.close()  # the next build in this process may open it again
    if outputs or kg_store is None:
        written = write_outputs(graph, out_dir, config=cfg, problems=problems)
    seconds = {"extract": round(t_extracted - t_start, 2), "outputs": round(time.perf_counter() - t_extracted, 2)}
    return BuildSummary(
        seconds=seconds,
        articles=n_articles,
        entities=len(entity_keys),
        statements=n_statements,
        skipped=problems,
        outputs=written,
        already_in_store=skipped_known,
    )


def write_outputs(graph: Graph, out_dir: PathLike, *, config: Config, problems: Sequence[Problem] = ()) -> dict[str, str]:
    """Analyse ``graph`` and write graph.ttl, report.md/json (+ picture) and graph.html."""
    from kg import analysis, viz
    from kg.atomic import atomic_open

    out = Path(out_dir)
    network = analysis.actor_network(graph)
    report = analysis.analyse(network)
    report["skipped"] = [{"origin": p.origin, "reason": p.reason} for p in problems]
    for t in analysis.metrics_triples(report):
        graph.add(t)
    out.mkdir(parents=True, exist_ok=True)
    with atomic_open(out / "graph.ttl", "wb", encoding=None) as fh:
        graph.serialize(destination=fh, format="turtle")
    analysis.write_report(report, network, out)
    viz.render_html(network, report, out / "graph.html", title="kg graph", max_nodes=config.viz.max_nodes)
    return {name: str(out / name) for name in ("graph.ttl", "graph.html", "report.md", "report.json")}
