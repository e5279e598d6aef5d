"""Piping kg into a reader that stops early (`kg query … | head`) ends quietly."""

from __future__ import annotations

import subprocess
import sys

from kg.rdf.mapping import to_graph
from kg.types import Article, ArticleResult, Entity, Statement


def test_closed_pipe_is_quiet(tmp_path):
    # far more rows than a pipe buffer holds, so the writer meets the closed pipe
    art = Article(text="x " * 10)
    ents = (Entity("a", "A", "State"), Entity("b", "B", "State"))
    sts = tuple(Statement("a", "attacks", "b", art.id, f"A attacked B, time {i}.", i, i + 20, 0.9)
                for i in range(3000))
    graph = tmp_path / "g.ttl"
    to_graph([ArticleResult(art, ents, (), sts)]).serialize(destination=str(graph), format="turtle")
    proc = subprocess.Popen([sys.executable, "-m", "kg", "query", str(graph), "statements", "--format", "csv"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # the reader goes away, as `head -1` would
    _, err = proc.communicate(timeout=120)
    assert first.startswith(b"subject,")
    assert err == b"" and proc.returncode in (0, 141)
