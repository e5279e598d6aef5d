"""A build killed with SIGKILL at any point corrupts nothing, and the next run finishes the job.

Real ``python -m kg build`` processes on a generated corpus, ``--store`` in a temporary
folder, killed hard:

* deterministically, by a hook installed before the CLI starts (the ``-c`` wrapper below
  patches the running process only; kg itself has no crash switch): after the store has
  committed N articles; after an output's temporary file is written but before it is
  renamed into place;
* and at a few wall-clock delays, wherever the build happens to be.

After each kill: the previous outputs are byte-identical or (if already replaced) parse
whole; the only leftovers are hidden ``.name.*.tmp`` temporaries; the store opens and
every article in it is whole (its named graph has exactly the triples a clean run gives
it, and the default graph is still the union of the named graphs). The next plain run
then completes, with the same articles and statement count as one clean run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kg.rdf.namespaces import KG

OUTPUTS = ("graph.ttl", "graph.html", "report.md", "report.json")

# Runs the real CLI after installing one crash hook chosen by KG_CRASH_HOOK:
#   store:N          SIGKILL right after the N-th article's store transaction commits
#   fsync:NAME       SIGKILL when the temporary file of output NAME is flushed, not yet renamed
#   replace:NAME     SIGKILL just before the temporary file of NAME is renamed onto NAME
HOOKED_KG = r"""
import os, runpy, signal, sys

kind, _, arg = os.environ["KG_CRASH_HOOK"].partition(":")

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if kind == "store":
    from kg.store import KGStore
    original, done = KGStore.replace_article, []
    def replace_article(self, *args, **kwargs):
        n = original(self, *args, **kwargs)
        done.append(1)
        if len(done) >= int(arg):
            die()
        return n
    KGStore.replace_article = replace_article
elif kind == "fsync":
    original_fsync = os.fsync
    def fsync(fd):
        if os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).startswith(f".{arg}."):
            die()
        return original_fsync(fd)
    os.fsync = fsync
elif kind == "replace":
    original_replace = os.replace
    def replace(src, dst, *args, **kwargs):
        if os.path.basename(os.fspath(dst)) == arg:
            die()
        return original_replace(src, dst, *args, **kwargs)
    os.replace = replace
sys.argv = ["kg", *sys.argv[1:]]
runpy.run_module("kg", run_name="__main__", alter_sys=True)
"""

ACTORS = ["Pakistan", "India", "China", "Russia", "Iran", "Turkey", "Egypt", "Israel", "Saudi Arabia",
          "the United States", "NATO", "the United Nations"]
CITIES = ["Geneva", "Islamabad", "Delhi", "Cairo", "Ankara", "Riyadh", "Vienna", "Doha"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _corpus(n: int) -> list[dict[str, str]]:
    out = []
    for i in range(n):
        a, b, c = ACTORS[i % 12], ACTORS[(i * 5 + 1) % 12], ACTORS[(i * 7 + 3) % 12]
        if b == a:
            b = ACTORS[(i + 6) % 12]
        city, day = CITIES[i % len(CITIES)], DAYS[i % len(DAYS)]
        text = (
            f"{a} and {b} signed a trade agreement in {city} on {day}, officials said.\n\n"
            f"{c} accused {a} of attacking its border posts, the ministry said in a statement.\n\n"
            f"The talks, round {i + 1}, will resume next month, a spokesman for {b} said."
        )
        out.append({"text": text, "title": f"Talks in {city}, round {i + 1}"})
    return out


def _write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _kg(args: list[str], cwd: Path, *, hook: str | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    env = {**os.environ}
    cmd = [sys.executable, "-m", "kg", *args]
    if hook:
        env["KG_CRASH_HOOK"] = hook
        cmd = [sys.executable, "-c", HOOKED_KG, *args]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _build_args(corpus: Path, out: Path, store: Path) -> list[str]:
    return ["build", str(corpus), "--out", str(out), "--store", str(store), "--workers", "1", "--no-progress"]


def _store_state(path: Path) -> dict[str, int]:
    """Triples per article graph (by article id); asserts the default graph is still the union."""
    import pyoxigraph as ox

    from kg.store import KGStore

    store = KGStore.open(path, read_only=True)
    try:
        counts = {}
        for iri in store.article_iris():
            counts[str(iri).rsplit("/", 1)[-1]] = sum(
                1 for _ in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(str(iri)))
            )
        union = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a <%s> } }" % KG.Statement
        default = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <%s> }" % KG.Statement
        n_union = int(next(iter(store.query(union)))["n"].value)
        n_default = int(next(iter(store.query(default)))["n"].value)
        assert n_default == n_union, "default graph no longer the union of the article graphs"
        return counts
    finally:
        del store


def _statements(ttl: Path) -> int:
    g = Graph()
    g.parse(ttl, format="turtle")
    return len(set(g.subjects(RDF.type, KG.Statement)))


def _snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS if (out / name).exists()}


def _assert_outputs_whole(out: Path, before: dict[str, bytes]) -> None:
    """Each output is as it was, or a complete new file; nothing else but hidden temporaries."""
    if not out.exists():
        return
    for f in out.iterdir():
        assert f.name in (*OUTPUTS, "network.png") or (f.name.startswith(".") and f.name.endswith(".tmp")), f.name
    for name in OUTPUTS:
        f = out / name
        if name in before:
            assert f.exists(), f"{name} vanished"
        if not f.exists() or (name in before and f.read_bytes() == before[name]):
            continue
        if name == "graph.ttl":
            _statements(f)  # parses to the end
        elif name == "report.json":
            json.loads(f.read_text(encoding="utf-8"))
        elif name == "graph.html":
            assert f.read_text(encoding="utf-8").rstrip().endswith("</html>")
        else:
            assert f.read_text(encoding="utf-8").strip()


def _assert_store_whole(store: Path, ref: dict[str, int]) -> dict[str, int]:
    state = _store_state(store)
    assert set(state) <= set(ref)
    assert {k: ref[k] for k in state} == state, "an article in the store is not whole"
    return state


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    records = _corpus(36)
    corpus = _write_jsonl(root / "corpus.jsonl", records)
    first = _write_jsonl(root / "first.jsonl", records[:20])
    start = time.monotonic()
    done = _kg(_build_args(corpus, root / "clean-out", root / "clean-store"), root)
    seconds = time.monotonic() - start
    assert done.returncode == 0, done.stderr
    ref = _store_state(root / "clean-store")
    assert len(ref) == 36
    return {"root": root, "corpus": corpus, "first": first, "ref": ref, "seconds": seconds,
            "statements": _statements(root / "clean-out" / "graph.ttl")}


def _finish(work, out: Path, store: Path) -> None:
    done = _kg(_build_args(work["corpus"], out, store), work["root"])
    assert done.returncode == 0, done.stderr
    assert _store_state(store) == work["ref"]
    assert _statements(out / "graph.ttl") == work["statements"]
    _assert_outputs_whole(out, {})


def test_killed_after_some_articles_stored(work):
    root, out, store = work["root"], work["root"] / "a-out", work["root"] / "a-store"
    killed = _kg(_build_args(work["corpus"], out, store), root, hook="store:8")
    assert killed.returncode == -signal.SIGKILL
    assert len(_assert_store_whole(store, work["ref"])) == 8  # each committed article whole, no more
    _assert_outputs_whole(out, {})
    assert not (out / "graph.ttl").exists()

    done = _kg(_build_args(work["corpus"], out, store), root)
    assert done.returncode == 0, done.stderr
    assert "8 article(s) already in the store were not read again." in done.stdout
    assert _store_state(store) == work["ref"]
    assert _statements(out / "graph.ttl") == work["statements"]


@pytest.mark.parametrize("hook", ["fsync:graph.ttl", "replace:report.json"])
def test_killed_while_writing_outputs(work, hook):
    name = hook.replace(":", "-").replace(".", "-")
    root, out, store = work["root"], work["root"] / f"{name}-out", work["root"] / f"{name}-store"
    first = _kg(_build_args(work["first"], out, store), root)
    assert first.returncode == 0, first.stderr
    before = _snapshot(out)
    assert set(before) == set(OUTPUTS)

    killed = _kg(_build_args(work["corpus"], out, store), root, hook=hook)
    assert killed.returncode == -signal.SIGKILL
    _assert_outputs_whole(out, before)
    if hook.startswith("fsync"):  # killed before any output was replaced: all byte-identical
        assert _snapshot(out) == before
        assert any(f.name.startswith(".graph.ttl.") for f in out.iterdir())  # the temp, never renamed
    else:  # graph.ttl was already replaced (whole); report.json is still the old one
        assert (out / "report.json").read_bytes() == before["report.json"]
        assert _statements(out / "graph.ttl") == work["statements"]
    assert len(_assert_store_whole(store, work["ref"])) == 36
    _finish(work, out, store)


def test_killed_at_arbitrary_moments(work):
    root, out, store = work["root"], work["root"] / "t-out", work["root"] / "t-store"
    before: dict[str, bytes] = {}
    for share in (0.45, 0.75, 0.95):
        proc = subprocess.Popen([sys.executable, "-m", "kg", *_build_args(work["corpus"], out, store)], cwd=root,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(work["seconds"] * share)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        _assert_outputs_whole(out, before)
        if store.exists():
            _assert_store_whole(store, work["ref"])
        before = _snapshot(out)
    _finish(work, out, store)
