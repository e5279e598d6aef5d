"""Benchmark: plain rdflib in memory vs kg's pyoxigraph store (on disk and in memory).

Builds a ~1,000,000-triple graph with kg's own mapping from synthetic ArticleResult records,
then times loading it and three bundled queries on each backend. Prints a table and writes
benchmarks/results/store.json.

    python benchmarks/store_vs_rdflib.py              # ~1M triples (10,000 articles)
    python benchmarks/store_vs_rdflib.py --articles 500   # quick run
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.query import run_query
from kg.rdf.mapping import result_triples, to_graph
from kg.rdf.namespaces import bind_prefixes
from kg.rdf.taxonomy import ontology_graph, relations
from kg.store import KGStore, atomic_path
from kg.types import Article, ArticleResult, ENTITY_TYPES, Entity, Mention, Statement

RESULTS = Path(__file__).parent / "results" / "store.json"


def synthetic(n_articles: int, *, n_entities: int = 2000, per_article: int = 8, seed: int = 7) -> list[ArticleResult]:
    rng = random.Random(seed)
    rels = sorted(relations())
    entities = [
        Entity(
            key=f"e{i}",
            label=f"Actor {i}",
            type=ENTITY_TYPES[i % len(ENTITY_TYPES)],
            aliases=(f"A{i}",),
            wikidata=f"Q{1000 + i}" if i % 3 else None,
            in_kb=bool(i % 3),
        )
        for i in range(n_entities)
    ]
    # a few heavy hitters, as in real news
    weights = [1.0 / (1 + i) ** 0.8 for i in range(n_entities)]
    out = []
    for a in range(n_articles):
        text = f"Article {a}. " + " ".join(f"Actor {rng.randrange(n_entities)} met." for _ in range(12))
        art = Article(text=text, title=f"Headline {a}", date=f"2024-{1 + a % 12:02d}-{1 + a % 28:02d}", origin=f"bench:{a}")
        ents = list({e.key: e for e in rng.choices(entities, weights, k=per_article)}.values())
        sts = []
        for k in range(per_article):
            s, o = rng.sample(ents, 2) if len(ents) > 1 else (ents[0], ents[0])
            sts.append(
                Statement(
                    subject=s.key, relation=rng.choice(rels), object=o.key, article_id=art.id,
                    evidence=f"Sentence {k} of article {a}.", start=k * 20, end=k * 20 + 19,
                    confidence=round(rng.uniform(0.3, 1.0), 3),
                    modality=rng.choice(("asserted", "asserted", "asserted", "alleged", "negated", "hypothetical")),
                    date="2024-01-01" if k % 4 == 0 else None,
                )
            )
        mentions = tuple(Mention(art.id, 0, 5, e.label, e.key) for e in ents)
        out.append(ArticleResult(art, tuple(ents), mentions, tuple(sts)))
    return out


def timed(fn, repeat: int = 1):
    best, value = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t0)
    return best, value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        results = synthetic(args.articles)
        t_map, graph = timed(lambda: to_graph(results))
        graph += ontology_graph()
        n = len(graph)
        nt = work / "graph.nt"
        graph.serialize(destination=str(nt), format="nt", encoding="utf-8")
        print(f"{args.articles} articles → {n:,} triples (mapping + rdflib graph: {t_map:.1f}s)")

        load: dict[str, float] = {}
        load["rdflib parse N-Triples"], rg = timed(lambda: bind_prefixes(rdflib.Graph()).parse(str(nt), format="nt"))
        del graph
        mem = ox.Store()
        load["oxigraph memory load"], _ = timed(lambda: mem.load(path=str(nt), format=ox.RdfFormat.N_TRIPLES))
        disk = ox.Store(str(work / "bulk"))
        load["oxigraph disk bulk_load"], _ = timed(lambda: (disk.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES), disk.flush()))

        def per_article() -> KGStore:
            st = KGStore.open(work / "store")
            st.ensure_ontology()
            for r in results:
                st.replace_article(r.article.id, result_triples(r))
            st.flush()
            return st

        load["KGStore.replace_article × articles (disk)"], kgstore = timed(per_article)

        top = run_query(kgstore, "actors-by-statements", limit=2)
        a, b = (row[0] for row in top.rows)
        queries = {
            "statements-per-article": ("statements-per-article", {}),
            "actors-by-statements": ("actors-by-statements", {}),
            "net-goldstein (top pair)": ("net-goldstein", {"a": a, "b": b}),
            "attacks": ("attacks", {}),
        }
        backends = {"rdflib (memory)": rg, "oxigraph (memory)": mem, "oxigraph bulk (disk)": disk, "KGStore (disk)": kgstore}
        qtimes: dict[str, dict[str, float]] = {}
        rows: dict[str, dict[str, int]] = {}
        for qname, (query, params) in queries.items():
            qtimes[qname], rows[qname] = {}, {}
            for bname, src in backends.items():
                t, res = timed(lambda: run_query(src, query, params), repeat=1 if bname.startswith("rdflib") else 3)
                qtimes[qname][bname] = round(t, 3)
                rows[qname][bname] = len(res.rows)
                print(f"  {qname:<26} {bname:<22} {t:8.3f}s  {len(res.rows):>7} rows", flush=True)

        names = list(backends)
        print()
        print(f"{'load':<44}{'seconds':>10}")
        for k, v in load.items():
            print(f"{k:<44}{v:>10.2f}")
        print()
        print(f"{'query (s)':<28}" + "".join(f"{b:>22}" for b in names))
        for qname in queries:
            print(f"{qname:<28}" + "".join(f"{qtimes[qname][b]:>22.3f}" for b in names))

        report = {
            "articles": args.articles,
            "triples": n,
            "python": platform.python_version(),
            "rdflib": rdflib.__version__,
            "pyoxigraph": ox.__version__,
            "load_seconds": {k: round(v, 2) for k, v in load.items()},
            "query_seconds": qtimes,
            "rows": rows,
        }
        with atomic_path(args.out) as tmp:
            tmp.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.out}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
