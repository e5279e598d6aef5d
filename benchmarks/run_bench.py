"""Benchmark: kg's extraction against bare spaCy, one and two processes, Dask, and memory.

All figures come from one run on the same machine and the same texts (the synthetic
corpus of benchmarks/corpus.py, built from the repo's own templates and actor names):

1. throughput, one process: kg's full extraction (``extract_parallel(workers=1)``)
   against bare ``nlp.pipe`` of the same ``load_nlp(...)`` pipeline, in words/s;
2. throughput, two processes: ``extract_parallel(workers=2)`` against
   ``nlp.pipe(n_process=2)``, and the speed-up 1 → 2 of each (start-up included);
3. the Dask LocalCluster (two workers) against the process pool;
4. peak RSS (the process and its children, sampled from outside) of a streaming
   extraction of 500 and of 2,000 articles read from JSONL, each in a fresh subprocess;
5. the time to add 10 articles to a built 2,000-article store, against the full build
   (``kg.pipeline.build_graph`` with ``store=``; the add without outputs, then the
   whole-store outputs made again on their own).

Prints a table and writes benchmarks/results/bench.json with a description of the
machine.

    python benchmarks/run_bench.py            # full: ~10 minutes on 2 cores
    python benchmarks/run_bench.py --quick    # smoke run: 200-article corpus
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import write_corpus  # noqa: E402

RESULTS = HERE / "results" / "bench.json"


def machine() -> dict[str, object]:
    import spacy

    from kg.pipeline import _model_version

    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from kg.config import Config

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": _model_version(Config().extract.model),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }


def _articles(path: Path, n: int) -> list:
    from kg.ingest import iter_articles
    from kg.types import Article

    return [a for a in islice(iter_articles([path]), n) if isinstance(a, Article)]


def _timed(fn) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    """(wall seconds, CPU seconds of this process, result): CPU time is what a loaded
    machine does not distort, for the one-process runs."""
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - t, time.process_time() - c, out


def _streamed(make, words: int) -> tuple[float, int, float, int]:  # type: ignore[no-untyped-def]
    """Time a result stream: (seconds, results, seconds to the first result, words/s after it).

    The last figure leaves out start-up (worker processes loading the model) and the
    first batch, which a long corpus amortises.
    """
    t0 = time.perf_counter()
    first = 0.0
    count = first_words = done_words = 0
    for r in make():
        count += 1
        done_words += len(r.article.text.split())
        if not first:
            first, first_words = time.perf_counter() - t0, done_words
    total = time.perf_counter() - t0
    steady = (done_words - first_words) / max(total - first, 1e-9)
    return total, count, round(first, 2), round(steady)


def throughput(path: Path, n: int, *, dask: bool) -> dict[str, dict[str, float]]:
    """Words/s of bare spaCy and of kg, one and two processes (and Dask), same texts."""
    from kg.config import Config
    from kg.extract.nlp import load_nlp
    from kg.parallel import extract_parallel

    cfg = Config()
    articles = _articles(path, n)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp(cfg.extract.model, kb_paths=cfg.extract.actors)
    list(extract_parallel(articles[:2], config=cfg, workers=1))  # warm caches (model, KB, vectors)
    bs = cfg.extract.batch_size
    runs: dict[str, dict[str, float]] = {}

    def record(name: str, seconds: float, **extra: float) -> None:
        runs[name] = {"seconds": round(seconds, 2), "words_per_s": round(words / seconds), **extra}
        more = "".join(f", {k} {v}" for k, v in extra.items())
        print(f"  {name:<22} {seconds:7.1f} s {words / seconds:9.0f} words/s{more}", flush=True)

    print(f"throughput: {len(articles)} articles, {words:,} words", flush=True)
    s, cpu, _ = _timed(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=bs)))
    record("bare_1", s, cpu_words_per_s=round(words / cpu))
    s, cpu, n1 = _timed(lambda: sum(1 for _ in extract_parallel(articles, config=cfg, workers=1)))
    record("kg_1", s, cpu_words_per_s=round(words / cpu))
    s, _, _ = _timed(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=bs, n_process=2)))
    record("bare_2", s)
    s, count, first, steady = _streamed(lambda: extract_parallel(articles, config=cfg, workers=2), words)
    record("kg_2", s, first_result_s=first, steady_words_per_s=steady)
    assert count == n1 == len(articles)
    if dask:
        from kg.distributed import extract_dask

        s, _, first, steady = _streamed(lambda: extract_dask(articles, config=cfg, scheduler=None, workers=2), words)
        record("dask_2", s, first_result_s=first, steady_words_per_s=steady)
    runs["_corpus"] = {"articles": len(articles), "words": words}
    return runs


def _rss_child(path: str, n: int, workers: int) -> None:
    """In a fresh process: stream ``n`` articles of ``path`` through extraction, keep nothing."""
    from kg.config import Config
    from kg.ingest import iter_articles
    from kg.parallel import extract_parallel
    from kg.types import Article

    articles = (a for a in islice(iter_articles([path]), n) if isinstance(a, Article))
    count = statements = 0
    for r in extract_parallel(articles, config=Config(), workers=workers):
        count += 1
        statements += len(r.statements)
    print(json.dumps({"articles": count, "statements": statements}))


def peak_rss(path: Path, n: int, workers: int) -> dict[str, float]:
    """Run :func:`_rss_child` in a subprocess; sample the RSS of it and its children."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--rss-child", str(path), str(n), str(workers)], stdout=subprocess.PIPE, text=True
    )
    root = psutil.Process(proc.pid)
    peak = peak_parent = 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            rss = 0
            for p in tree:
                try:
                    rss += p.memory_info().rss
                except psutil.NoSuchProcess:
                    pass
            peak = max(peak, rss)
            peak_parent = max(peak_parent, root.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.1)
    out = json.loads(proc.stdout.read() if proc.stdout else "{}")
    if proc.returncode:
        raise SystemExit(f"RSS run of {n} articles failed (exit {proc.returncode})")
    seconds = time.perf_counter() - t0
    print(f"  {n:>5} articles, {workers} workers: peak RSS {peak / 2**20:7.0f} MiB "
          f"(main process {peak_parent / 2**20:.0f} MiB), {seconds:.0f} s", flush=True)  # fmt: skip
    return {"articles": out["articles"], "workers": workers, "peak_rss_mib": round(peak / 2**20),
            "peak_rss_main_mib": round(peak_parent / 2**20), "seconds": round(seconds, 1)}  # fmt: skip


def incremental(path: Path, n: int, *, workers: int = 2, added: int = 10) -> dict[str, float]:
    """Build ``n - added`` articles into a store (the full build), then add the last ``added``
    (the incremental one): same command, the store skips what it holds."""
    import gzip

    from kg.config import Config
    from kg.pipeline import build_graph

    with tempfile.TemporaryDirectory(prefix="kg-inc-") as tmp:
        base, new = Path(tmp) / "base.jsonl", Path(tmp) / "new.jsonl"
        with gzip.open(path, "rt", encoding="utf-8") as fh, base.open("w") as b, new.open("w") as a:
            for i, line in enumerate(islice(fh, n)):
                (b if i < n - added else a).write(line)
        store, out = Path(tmp) / "store", Path(tmp) / "out"
        t0 = time.perf_counter()
        first = build_graph([base], out_dir=out, store=store, workers=workers, config=Config())
        full = time.perf_counter() - t0
        t0 = time.perf_counter()
        second = build_graph([base, new], out_dir=out, store=store, workers=workers, config=Config(), outputs=False)
        inc = time.perf_counter() - t0
        t0 = time.perf_counter()  # the whole-corpus outputs, made again from the store
        third = build_graph([base, new], out_dir=out, store=store, workers=workers, config=Config())
        redo = time.perf_counter() - t0
    print(f"  full build of {first.articles} articles into a store: {full:.0f} s {first.seconds}; adding "
          f"{second.articles} more ({second.already_in_store} skipped as already stored): {inc:.1f} s "
          f"{second.seconds}; outputs of the whole store made again: {redo:.1f} s {third.seconds}",
          flush=True)  # fmt: skip
    return {"base_articles": first.articles, "full_build_s": round(full, 1), "full_build_phases_s": first.seconds,
            "added_articles": second.articles, "add_s": round(inc, 1), "add_phases_s": second.seconds,
            "ratio": round(inc / full, 4), "outputs_again_s": round(redo, 1),
            "outputs_again_phases_s": third.seconds}  # fmt: skip


def table(report: dict) -> str:
    t = report["throughput"]
    w = {k: v["words_per_s"] for k, v in t.items() if not k.startswith("_")}
    rows = [
        ("kg / bare, 1 process", w["kg_1"] / w["bare_1"], "≥ 0.85"),
        ("kg / bare, 1 process, CPU", t["kg_1"]["cpu_words_per_s"] / t["bare_1"]["cpu_words_per_s"], "≥ 0.85"),
        ("bare speed-up 1 → 2", w["bare_2"] / w["bare_1"], "≥ 1.7"),
        ("kg speed-up 1 → 2", w["kg_2"] / w["kg_1"], "≥ 1.7"),
        ("kg speed-up, steady state", t["kg_2"]["steady_words_per_s"] / w["kg_1"], "≥ 1.7"),
        ("kg / bare, 2 processes", w["kg_2"] / w["bare_2"], ""),
    ]
    if "dask_2" in w:
        rows.append(("Dask / pool, 2 workers", w["dask_2"] / w["kg_2"], ""))
        rows.append(("Dask / pool, steady state", t["dask_2"]["steady_words_per_s"] / t["kg_2"]["steady_words_per_s"], ""))
    rss = report["memory"]
    if len(rss) == 2:
        rows.append(("peak RSS growth", rss[1]["peak_rss_mib"] / rss[0]["peak_rss_mib"], "≤ 1.2"))
    inc = report.get("incremental")
    if inc:
        rows.append(("add 10 / full build", inc["ratio"], ""))
    lines = [f"{'measure':<26}{'value':>8}  target", "-" * 44]
    lines += [f"{name:<26}{value:8.2f}  {target}" for name, value, target in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smoke run on a 200-article corpus")
    parser.add_argument("--throughput-articles", type=int, help="articles timed for throughput (default 200; 40 quick)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster run")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-RSS runs")
    parser.add_argument("--no-incremental", action="store_true", help="skip the store build + add-10 run")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--shared", help="ignored (accepted for `make bench`)")
    parser.add_argument("--rss-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss_child:
        path, n, workers = args.rss_child
        _rss_child(path, int(n), int(workers))
        return

    n_corpus = 200 if args.quick else 2000
    n_tp = args.throughput_articles or (40 if args.quick else 200)
    sizes = (50, 200) if args.quick else (500, 2000)
    dask = not args.no_dask
    if dask:
        try:
            import distributed  # noqa: F401
        except ImportError:
            print("dask.distributed not installed: skipping the Dask run", file=sys.stderr)
            dask = False
    started = time.perf_counter()
    report: dict = {"machine": machine(), "quick": args.quick}
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        path = write_corpus(tmp, n_corpus, gz=True)
        report["corpus"] = {"articles": n_corpus, "seed": 13, "file": "corpus.jsonl.gz (benchmarks/corpus.py)"}
        report["throughput"] = throughput(path, n_tp, dask=dask)
        if not args.no_memory:
            print("peak RSS of a streaming extraction (fresh process, children included):", flush=True)
        report["memory"] = [] if args.no_memory else [peak_rss(path, n, 2) for n in sizes]
        if not args.no_incremental:
            print("a store: the full build, then 10 articles more:", flush=True)
            report["incremental"] = incremental(path, sizes[-1])
    report["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    report["wall_seconds"] = round(time.perf_counter() - started, 1)
    report["summary"] = table(report).splitlines()
    print()
    print(table(report))
    print(f"\nwall time {report['wall_seconds']:.0f} s; load average {report['machine']['load_average_start']} → "
          f"{report['machine']['load_average_end']}")  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
