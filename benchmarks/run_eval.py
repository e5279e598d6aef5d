"""Measure kg on every gold set we have: the seed article, re3d and CoNLL04 dev.

Usage (what ``make eval`` runs)::

    python benchmarks/run_eval.py --shared ../shared

Prints one table of precision/recall/F1 per benchmark for entities and relations and
writes every figure (per type too) to ``benchmarks/results/eval.json``. Exits non-zero
only when something could not be run (a missing folder, an unreadable file), never
because a score is low.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", required=True, type=Path,
                        help="Folder with benchmarks/ (re3d, conll04) and corpus/ (the seed article).")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "eval.json", help="Where to write the JSON.")
    args = parser.parse_args(argv)

    from kg.errors import KGError
    from kg.evaluate import evaluate_conll04, evaluate_gold, evaluate_re3d
    from kg.evaluate.score import Report

    shared: Path = args.shared
    runs = {
        "seed": lambda: evaluate_gold(HERE / "gold" / "seed_article.jsonl", shared=shared),
        "re3d": lambda: evaluate_re3d(shared / "benchmarks" / "re3d"),
        "conll04-dev": lambda: evaluate_conll04(shared / "benchmarks" / "conll04" / "conll04_dev.json"),
    }
    reports: dict[str, Report] = {}
    timings: dict[str, float] = {}
    try:
        for name, run in runs.items():
            started = time.perf_counter()
            reports[name] = run()
            timings[name] = round(time.perf_counter() - started, 2)
    except KGError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2

    print(f"{'benchmark':<14} {'docs':>5} | {'entities P':>10} {'R':>6} {'F1':>6} | {'relations P':>11} {'R':>6} {'F1':>6}")
    for name, r in reports.items():
        e, rel = r.entities, r.relations
        print(f"{name:<14} {r.documents:>5} | {e.precision:10.3f} {e.recall:6.3f} {e.f1:6.3f} | "
              f"{rel.precision:11.3f} {rel.recall:6.3f} {rel.f1:6.3f}")
    for name, r in reports.items():
        per = ", ".join(f"{t} {c.f1:.3f}" for t, c in sorted(r.relation_types.items()))
        print(f"  {name} relation F1 per type: {per}")

    payload = {"seconds": timings, **{name: r.to_dict() for name, r in reports.items()}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
