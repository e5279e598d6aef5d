"""kg.distributed: a two-worker LocalCluster gives the single-process statements and RDF."""

from __future__ import annotations

import sys
from pathlib import Path

import psutil
import pytest

pytest.importorskip("distributed")

from rdflib import Graph  # noqa: E402
from rdflib.compare import isomorphic  # noqa: E402

from kg.config import Config  # noqa: E402
from kg.distributed import extract_dask, iter_partitions  # noqa: E402
from kg.ingest import iter_articles  # noqa: E402
from kg.parallel import extract_parallel  # noqa: E402
from kg.rdf.mapping import to_graph  # noqa: E402
from kg.types import Article, Problem  # noqa: E402

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
from corpus import write_corpus  # noqa: E402

EXAMPLES = Path(__file__).parents[1] / "examples"
CONFIG = Config()


def statement_set(results) -> set[tuple]:
    return {(s.subject, s.relation, s.object, s.modality, s.start) for r in results for s in r.statements}


def _children() -> dict[int, psutil.Process]:
    return {p.pid: p for p in psutil.Process().children(recursive=True)}


def _alive(procs) -> list[psutil.Process]:
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in " ".join(p.cmdline()):
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


@pytest.mark.timeout(90)
def test_local_cluster_matches_single_process(tmp_path):
    generated = write_corpus(tmp_path, 16, words=150)
    articles = [a for a in iter_articles([EXAMPLES, generated]) if isinstance(a, Article)]
    assert len(articles) >= 20
    reference = list(extract_parallel(articles, config=CONFIG, workers=1))

    before = set(_children())
    parts = list(iter_partitions(articles, config=CONFIG, workers=2, partition_size=3))
    # the cluster's worker processes are gone once the stream is exhausted
    assert not _alive(p for pid, p in _children().items() if pid not in before)

    assert [p.index for p in parts] == list(range(len(parts)))
    results = [r for p in parts for r in p.results]
    assert [r.article.id for r in results] == [a.id for a in articles]
    assert statement_set(results) == statement_set(reference)
    assert statement_set(reference)
    assert not any(p.problems for p in parts)

    # the RDF built on the workers is the RDF of the results
    graph = Graph()
    for p in parts:
        graph.parse(data=p.ntriples, format="nt")
    assert isomorphic(graph, to_graph(reference))


@pytest.mark.timeout(90)
def test_extract_dask_reports_problems_and_closes_early():
    good = Article(text="Pakistan extradited the suspect to the United States.", origin="ok.txt")
    huge = Article(text="The talks went on. " * 55_000, origin="huge.txt")
    problems: list[Problem] = []
    before = set(_children())
    stream = extract_dask([huge, good, good], config=CONFIG, scheduler=None, workers=1,
                          partition_size=1, on_problem=problems.append)
    first = next(stream)
    assert first.article == good
    assert [p.origin for p in problems] == ["huge.txt"]
    stream.close()  # closing the stream early shuts the cluster down
    assert not _alive(p for pid, p in _children().items() if pid not in before)
