"""Extraction over several processes: the same results as one, in the same order.

:func:`extract_parallel` cuts the article stream into batches and hands them to a pool
of worker processes (``forkserver`` context on Linux, ``spawn`` elsewhere: a forked
copy of a process that has run spaCy's threads is not safe). Each worker loads the
model once, in its initializer, then runs :func:`kg.pipeline.extract_articles` on every
batch it is given. Results come back batch by batch and are yielded in input order, so
the graph is identical to the single-process one.

Memory stays flat: the input iterator is read only as far as the batches in flight
(``max_in_flight``, twice the workers by default) and the results of a batch are
yielded before more input is read.

Failures are reported, not fatal. An article whose extraction raises becomes a
:class:`~kg.types.Problem` (given to ``on_problem``) and the rest of its batch is
extracted; a worker process that dies (killed, out of memory, a crash in native code)
is replaced, the batches it might have held are re-run one article at a time, and an
article that kills a worker again is reported as a Problem. Ctrl-C (or closing the
generator) terminates the workers at once.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Literal, Union

from kg.config import Config
from kg.errors import KGError
from kg.types import Article, ArticleResult, Problem

log = logging.getLogger(__name__)

Outcome = Union[ArticleResult, Problem]
StartMethod = Literal["forkserver", "spawn"]

#: articles a worker is given at a time: big enough for nlp.pipe to batch, small enough
#: that the in-flight window (and a re-run after a crash) stays cheap
DEFAULT_BATCH = 16
SOLO_BATCH = 64
#: consecutive worker deaths, without one article completing in between, before giving up
MAX_DEATHS = 3

_config: Config | None = None  # the worker's configuration, set by _init_worker


def default_workers() -> int:
    """The cores this process may run on (its CPU affinity), at least 1.

    >>> default_workers() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS and Windows have no sched_getaffinity
        return max(1, os.cpu_count() or 1)


def extract_batch(articles: list[Article], *, config: Config) -> list[Outcome]:
    """:func:`~kg.pipeline.extract_articles` on one batch, a failing article isolated.

    The batch is first run as one ``nlp.pipe`` stream; if that raises, each article is
    re-run on its own and those that raise again become Problems. Returns one outcome
    per article, in order.
    """
    from kg.pipeline import extract_articles

    try:
        return list(extract_articles(articles, config=config))
    except Exception:  # noqa: BLE001 - any failure is isolated below, article by article
        if len(articles) == 1:
            return [_problem(articles[0], sys.exc_info()[1])]
    out: list[Outcome] = []
    for article in articles:
        try:
            out.extend(extract_articles([article], config=config))
        except Exception as exc:  # noqa: BLE001 - reported as a Problem, the run goes on
            out.append(_problem(article, exc))
    return out


def _problem(article: Article, exc: BaseException | None) -> Problem:
    where = article.origin or f"article {article.id}"
    return Problem(where, f"extraction failed: {type(exc).__name__}: {exc}")


def _init_worker(config: Config) -> None:
    # Ctrl-C reaches the whole process group: the parent decides, workers just stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _config
    _config = config
    from kg.extract.nlp import load_nlp
    from kg.link.gazetteer import load_kb

    load_nlp(config.extract.model, kb_paths=config.extract.actors)  # cached for the process
    load_kb(config.extract.actors)


def _work(articles: list[Article]) -> list[Outcome]:
    assert _config is not None, "worker not initialised"
    return extract_batch(articles, config=_config)


def _report(outcomes: Iterable[Outcome], on_problem: Callable[[Problem], None] | None) -> Iterator[ArticleResult]:
    for item in outcomes:
        if isinstance(item, Problem):
            if on_problem is not None:
                on_problem(item)
            else:
                log.warning("skipped %s: %s", item.origin, item.reason)
        else:
            yield item


def extract_parallel(
    articles: Iterable[Article],
    *,
    config: Config,
    workers: int,
    batch_size: int | None = None,
    max_in_flight: int | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    start_method: StartMethod | None = None,
) -> Iterator[ArticleResult]:
    """Extract ``articles`` over ``workers`` processes; results in input order.

    Args:
        articles: any iterable, read lazily (a generator over a huge corpus is fine).
        config: the configuration every worker extracts with.
        workers: processes; 1 extracts in this process, with no pool.
        batch_size: articles sent to a worker at a time (default 16; 64 with one worker,
            where a batch only bounds what a failing article costs to isolate).
        max_in_flight: batches submitted and not yet yielded (default ``2 * workers``);
            memory is bounded by ``max_in_flight * batch_size`` articles and results.
        on_problem: called with a :class:`~kg.types.Problem` for each article that could
            not be extracted (default: logged as a warning).
        start_method: ``"forkserver"`` (default on Linux) or ``"spawn"``.

    Yields:
        One :class:`~kg.types.ArticleResult` per article extracted, in input order.

    Raises:
        KGError: workers kept dying (``MAX_DEATHS`` times in a row).

    >>> from kg.types import Article
    >>> [r.article.title for r in extract_parallel([Article("NATO met.", title="t")], config=Config(), workers=1)]
    ['t']
    """
    size = batch_size or (SOLO_BATCH if workers == 1 else DEFAULT_BATCH)
    if workers < 1 or size < 1:  # checked now, not at the first next()
        raise KGError(f"workers and batch_size must be at least 1 (got workers={workers}, batch_size={size})")
    return _extract(_batches(articles, size), config, workers, max_in_flight, on_problem, start_method)


def _extract(batches: Iterator[list[Article]], config: Config, workers: int, max_in_flight: int | None,
             on_problem: Callable[[Problem], None] | None, start_method: StartMethod | None,
             ) -> Iterator[ArticleResult]:  # fmt: skip
    if workers == 1:
        for batch in batches:
            yield from _report(extract_batch(batch, config=config), on_problem)
        return
    window = max_in_flight or 2 * workers
    method = start_method or ("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
    pool = _Pool(config, workers, method)
    try:
        in_flight: deque[tuple[list[Article], Future[list[Outcome]]]] = deque()
        for batch in islice(batches, window):
            in_flight.append((batch, pool.submit(batch)))
        while in_flight:
            batch, future = in_flight.popleft()
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                # the dead worker held one of the batches in flight; which one is unknown
                suspects = [batch] + [b for b, _ in in_flight]
                in_flight.clear()
                pool.restart()
                yield from _report(pool.one_by_one(suspects), on_problem)
            else:
                pool.deaths = 0
                yield from _report(outcomes, on_problem)
            for more in islice(batches, window - len(in_flight)):
                in_flight.append((more, pool.submit(more)))
    finally:
        pool.close()


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


class _Pool:
    """A ProcessPoolExecutor that can be restarted after a worker died, and killed at once."""

    def __init__(self, config: Config, workers: int, method: str) -> None:
        self.config, self.workers, self.method = config, workers, method
        self.deaths = 0
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context(self.method),
            initializer=_init_worker,
            initargs=(self.config,),
        )

    def submit(self, batch: list[Article]) -> Future[list[Outcome]]:
        try:
            return self.executor.submit(_work, batch)
        except BrokenProcessPool:  # a worker died while idle
            self.restart()
            return self.executor.submit(_work, batch)

    def restart(self) -> None:
        self.deaths += 1
        if self.deaths > MAX_DEATHS:
            raise KGError(f"extraction workers died {self.deaths} times in a row; giving up "
                          "(out of memory? try fewer workers)")  # fmt: skip
        log.warning("an extraction worker died; restarting the pool and re-running its articles one by one")
        self.close()
        self.executor = self._start()

    def one_by_one(self, batches: list[list[Article]]) -> Iterator[Outcome]:
        """Re-run suspect batches an article at a time, so a killer article is singled out."""
        for batch in batches:
            for article in batch:
                try:
                    yield from self.submit([article]).result()
                    self.deaths = 0
                except BrokenProcessPool:
                    yield Problem(article.origin or f"article {article.id}",
                                  "extraction failed: the worker process died on this article")  # fmt: skip
                    self.restart()

    def close(self) -> None:
        # terminate, don't wait: a running batch can take seconds and its result is unwanted
        processes = list(getattr(self.executor, "_processes", {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            if p.is_alive():
                p.terminate()
        for p in processes:
            p.join(timeout=5)


__all__ = ["default_workers", "extract_batch", "extract_parallel"]
