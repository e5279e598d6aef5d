"""kg.parallel: the process pool gives the single-process results, in order, lazily, and
survives a failing article and a dying worker."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import psutil
import pytest

from kg.config import Config
from kg.ingest import iter_articles
from kg.parallel import default_workers, extract_batch, extract_parallel
from kg.types import Article, ArticleResult, Problem

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
from corpus import iter_corpus, write_corpus  # noqa: E402

CONFIG = Config()


def statements(results: list[ArticleResult]) -> list[tuple]:
    return [(r.article.id, s.subject, s.relation, s.object, s.modality, s.start) for r in results for s in r.statements]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Article]:
    path = write_corpus(tmp_path_factory.mktemp("corpus"), 24, words=120, gz=True)
    articles = [a for a in iter_articles([path]) if isinstance(a, Article)]
    assert len(articles) == 24
    return articles


@pytest.fixture(scope="module")
def reference(corpus) -> list[ArticleResult]:
    return list(extract_parallel(corpus, config=CONFIG, workers=1))


def test_corpus_is_deterministic(tmp_path):
    a = write_corpus(tmp_path / "a", 5, seed=3, gz=True).read_bytes()
    b = write_corpus(tmp_path / "b", 5, seed=3, gz=True).read_bytes()
    assert a == b
    record = next(iter_corpus(1))
    assert set(record) >= {"title", "date", "text"} and len(record["text"].split()) >= 700
    json.dumps(record)


def test_one_worker_is_extract_articles(corpus, reference):
    from kg.pipeline import extract_articles

    assert reference == list(extract_articles(corpus, config=CONFIG))
    assert sum(len(r.statements) for r in reference) > 24  # the corpus has real statements


def test_two_workers_same_results_same_order(corpus, reference):
    results = list(extract_parallel(corpus, config=CONFIG, workers=2, batch_size=3))
    assert [r.article.id for r in results] == [a.id for a in corpus]
    assert statements(results) == statements(reference)
    assert results == reference


def test_failing_article_becomes_a_problem(corpus, reference):
    # a real failure: spaCy refuses a text over nlp.max_length (1,000,000 characters)
    huge = Article(text="The talks went on. " * 55_000, origin="huge.txt")
    articles = [*corpus[:5], huge, *corpus[5:10]]
    problems: list[Problem] = []
    results = list(extract_parallel(articles, config=CONFIG, workers=2, batch_size=4, on_problem=problems.append))
    assert [p.origin for p in problems] == ["huge.txt"]
    assert "extraction failed: ValueError" in problems[0].reason
    assert results == reference[:10]


def test_failing_article_in_process():
    problems: list[Problem] = []
    good = Article(text="Pakistan extradited the suspect to the United States.", origin="ok.txt")
    out = extract_batch([Article(text="x" * 1_000_001, origin="big.txt"), good], config=CONFIG)
    assert isinstance(out[0], Problem) and out[0].origin == "big.txt"
    assert isinstance(out[1], ArticleResult) and out[1].article == good
    list(extract_parallel([good, Article(text="y " * 500_001)], config=CONFIG, workers=1, on_problem=problems.append))
    assert len(problems) == 1 and problems[0].origin.startswith("article ")


def test_input_is_read_lazily(corpus):
    read = 0

    def counting():
        nonlocal read
        for _ in range(10):  # 240 articles, far more than the window
            for a in corpus:
                read += 1
                yield a

    stream = extract_parallel(counting(), config=CONFIG, workers=2, batch_size=2, max_in_flight=3)
    first = next(stream)
    assert first.article == corpus[0]
    assert read <= 4 * 2  # the window (3 batches) and the next batch at most
    stream.close()  # stops and terminates the workers
    assert read <= 4 * 2


def test_worker_killed_mid_run(corpus, reference, caplog):
    me = os.getpid()
    stream = extract_parallel(corpus, config=CONFIG, workers=2, batch_size=2, start_method="forkserver")
    results = [next(stream)]
    # forkserver workers are the grandchildren of this process (children of the fork server)
    workers = [p for p in psutil.Process(me).children(recursive=True) if p.ppid() != me]
    assert workers
    workers[0].kill()
    results.extend(stream)
    assert results == reference
    assert "an extraction worker died" in caplog.text


def test_default_workers():
    assert 1 <= default_workers() <= (os.cpu_count() or 1)


def test_workers_must_be_positive():
    from kg.errors import KGError

    with pytest.raises(KGError, match="workers=0"):
        extract_parallel([], config=CONFIG, workers=0)


CTRL_C = """
import sys
sys.path.insert(0, {bench!r})
from corpus import iter_corpus
from kg.config import Config
from kg.parallel import extract_parallel
from kg.types import Article

articles = (Article(r["text"]) for r in iter_corpus(500, words=300))
for i, _ in enumerate(extract_parallel(articles, config=Config(), workers=2, batch_size=2)):
    if i == 0:
        print("running", flush=True)
"""


def test_ctrl_c_stops_the_workers():
    import signal
    import subprocess
    import time

    bench = str(Path(__file__).parents[1] / "benchmarks")
    proc = subprocess.Popen([sys.executable, "-c", CTRL_C.format(bench=bench)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "running\n"
        tree = psutil.Process(proc.pid).children(recursive=True)
        workers = [p for p in tree if p.ppid() != proc.pid]  # children of the fork server
        assert len(workers) == 2
        t = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert time.monotonic() - t < 10  # no waiting for running batches to finish
        assert "KeyboardInterrupt" in err
        _, alive = psutil.wait_procs(workers, timeout=5)
        assert not alive
    finally:
        if proc.poll() is None:
            proc.kill()
