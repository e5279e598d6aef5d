"""Extraction on a Dask cluster: partitions of articles out, RDF per partition back.

:func:`iter_partitions` cuts the article stream into partitions, submits them to Dask
workers in a bounded window and yields a :class:`Partition` per batch, in input order:
the :class:`~kg.types.ArticleResult` records (for the summary and the analysis), the
:class:`~kg.types.Problem` records, and the partition's triples as N-Triples text, built
on the worker by :func:`kg.rdf.mapping.result_triples`, ready to load into the store.
:func:`extract_dask` is the same stream flattened to ArticleResults, the drop-in twin of
:func:`kg.parallel.extract_parallel`.

Each worker loads the spaCy model once: a :class:`WarmUp` worker plugin loads it when
the worker joins, and :func:`kg.extract.nlp.load_nlp` caches it for the worker process.
Workers run one task at a time (``threads_per_worker=1``): spaCy is not thread-parallel,
so use one worker process per core.

Without ``scheduler`` a ``LocalCluster`` of ``workers`` processes is started on
127.0.0.1 and closed at the end. To use a real cluster:

1. On every machine, install kg and its model with the same pins::

       pip install -c constraints.txt 'kg[distributed]'   # or: pip install -c constraints.txt -e '.[distributed]'

   (the workers unpickle kg's records and import ``kg.distributed``, so kg, spaCy and
   the model package must be the same versions everywhere; ``--actors`` CSVs are read
   on the workers, so give paths that exist on every machine.)
2. On one machine start the scheduler: ``dask scheduler`` (it prints
   ``Scheduler at: tcp://10.0.0.5:8786``).
3. On each worker machine: ``dask worker tcp://10.0.0.5:8786 --nworkers auto --nthreads 1``
   (one single-threaded worker process per core).
4. Point kg at the scheduler: ``extract_dask(articles, config=cfg,
   scheduler="tcp://10.0.0.5:8786", workers=0)`` (``workers`` is ignored when a
   scheduler is given). The articles are read where kg runs and shipped to the workers
   partition by partition, so the corpus need not be on the workers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any

from kg.config import Config
from kg.errors import KGError
from kg.parallel import Outcome, extract_batch
from kg.rdf.mapping import Activity
from kg.rdf.namespaces import DEFAULT_BASE
from kg.types import Article, ArticleResult, Problem

log = logging.getLogger(__name__)

#: articles in a partition: one task on a worker
DEFAULT_PARTITION = 32


@dataclass(frozen=True)
class Partition:
    """What a worker made of one partition of articles."""

    index: int  # 0, 1, 2... in input order
    results: list[ArticleResult]
    problems: list[Problem]
    ntriples: str  # the results' triples (result_triples), N-Triples


def _require_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ImportError(
            "kg's Dask backend needs dask.distributed: pip install -c constraints.txt 'dask[distributed]'"
        ) from None
    return distributed


def extract_partition(
    articles: list[Article], config: Config, activity: Activity | None = None, base: str | None = DEFAULT_BASE
) -> tuple[list[Outcome], str]:
    """The task a worker runs: extract a partition and map its results to N-Triples
    (no triples, ``""``, when ``base`` is None)."""
    from rdflib import Graph

    from kg.rdf.mapping import result_triples

    outcomes = extract_batch(articles, config=config)
    if base is None:
        return outcomes, ""
    graph = Graph()
    for item in outcomes:
        if isinstance(item, ArticleResult):
            for t in result_triples(item, activity=activity, base=base):
                graph.add(t)
    return outcomes, graph.serialize(format="nt")


def _warm_up_plugin(config: Config) -> Any:
    distributed = _require_distributed()

    class WarmUp(distributed.WorkerPlugin):  # type: ignore[misc]
        """Loads the model when a worker starts, so no task pays for it."""

        name = "kg-warm-up"

        def __init__(self, config: Config) -> None:
            self.config = config

        def setup(self, worker: Any) -> None:
            from kg.extract.nlp import load_nlp

            load_nlp(self.config.extract.model, kb_paths=self.config.extract.actors)

    return WarmUp(config)


@contextmanager
def dask_client(*, scheduler: str | None, workers: int) -> Iterator[Any]:
    """A Client on ``scheduler``, or on a LocalCluster of ``workers`` processes (closed on exit)."""
    distributed = _require_distributed()
    if scheduler:
        client = distributed.Client(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    if workers < 1:
        raise KGError(f"workers must be at least 1 for a local Dask cluster (got {workers})")
    cluster = distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    )
    try:
        client = distributed.Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def iter_partitions(
    articles: Iterable[Article],
    *,
    config: Config,
    scheduler: str | None = None,
    workers: int = 2,
    partition_size: int = DEFAULT_PARTITION,
    max_in_flight: int | None = None,
    activity: Activity | None = None,
    base: str | None = DEFAULT_BASE,
    client: Any = None,
) -> Iterator[Partition]:
    """Extract ``articles`` on a Dask cluster, a :class:`Partition` at a time, in input order.

    Args:
        articles: read lazily, a partition at a time.
        config: what every worker extracts with.
        scheduler: a scheduler address (``tcp://host:8786``); None starts a LocalCluster.
        workers: worker processes of the LocalCluster (ignored with ``scheduler``).
        partition_size: articles a task.
        max_in_flight: partitions submitted and not yet yielded (default: twice the
            workers' threads); bounds memory on both sides.
        activity: the run's provenance record, linked from every statement's triples.
        base: the instance IRI base of the triples; None: no triples (``ntriples == ""``).
        client: an existing ``distributed.Client`` to use instead (not closed here).

    Yields:
        One :class:`Partition` per ``partition_size`` articles, in input order.
    """
    if client is not None:
        yield from _run(client, articles, config, partition_size, max_in_flight, activity, base)
        return
    with dask_client(scheduler=scheduler, workers=workers) as own:
        yield from _run(own, articles, config, partition_size, max_in_flight, activity, base)


def _run(client: Any, articles: Iterable[Article], config: Config, size: int, window: int | None,
         activity: Activity | None, base: str | None) -> Iterator[Partition]:  # fmt: skip
    distributed = _require_distributed()
    client.register_plugin(_warm_up_plugin(config))
    if window is None:
        threads = sum(client.nthreads().values()) or 1
        window = 2 * threads
    it = iter(articles)
    # one scattered copy of the config per worker, not one per task
    [config_future] = client.scatter([config], broadcast=True)
    pending = distributed.as_completed()
    index_of: dict[Any, int] = {}
    done: dict[int, Partition] = {}
    submitted = next_out = 0

    def submit() -> bool:
        nonlocal submitted
        batch = list(islice(it, size))
        if not batch:
            return False
        future = client.submit(extract_partition, batch, config_future, activity, base, pure=False)
        index_of[future] = submitted
        submitted += 1
        pending.add(future)
        return True

    while submitted - next_out < window and submit():
        pass
    for future in pending:
        outcomes, ntriples = future.result()
        index = index_of.pop(future)
        future.release()
        done[index] = Partition(
            index=index,
            results=[o for o in outcomes if isinstance(o, ArticleResult)],
            problems=[o for o in outcomes if isinstance(o, Problem)],
            ntriples=ntriples,
        )
        while next_out in done:  # restore input order
            yield done.pop(next_out)
            next_out += 1
        # finished-but-unordered partitions count against the window: memory stays bounded
        while submitted - next_out < window and submit():
            pass


def extract_dask(
    articles: Iterable[Article],
    *,
    config: Config,
    scheduler: str | None,
    workers: int,
    partition_size: int = DEFAULT_PARTITION,
    on_problem: Callable[[Problem], None] | None = None,
) -> Iterator[ArticleResult]:
    """:func:`iter_partitions` flattened to ArticleResults, in input order.

    The drop-in twin of :func:`kg.parallel.extract_parallel`: Problems go to
    ``on_problem`` (default: logged as warnings).
    """
    for part in iter_partitions(articles, config=config, scheduler=scheduler, workers=workers,
                                partition_size=partition_size, base=None):  # fmt: skip
        for problem in part.problems:
            if on_problem is not None:
                on_problem(problem)
            else:
                log.warning("skipped %s: %s", problem.origin, problem.reason)
        yield from part.results


__all__ = ["Partition", "dask_client", "extract_dask", "extract_partition", "iter_partitions"]
