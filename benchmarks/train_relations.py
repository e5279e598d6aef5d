"""Train kg's small relation classifier (kg/extract/learned.py) and measure it on data it never saw.

Usage::

    python benchmarks/train_relations.py --shared ../shared            # train, export, evaluate
    python benchmarks/train_relations.py --shared ../shared --eval-only  # evaluate the shipped weights

Training data: the CoNLL04 *train* split and ~70 % of the visible re3d documents (a fixed,
hash-based split by document id; the other ~30 % are held out). Candidates are pairs of
kg's own resolved mentions in a sentence, read exactly as at run time (kg's spaCy pipeline,
actor resolution, then the rules, which may add descriptions as mentions). A candidate is
labelled with the kg relation its gold relation maps to (:data:`LABELS`), or NONE.

The regularisation strength and the decision threshold are chosen by 5-fold
cross-validation on the training data (grouped by document); CoNLL04 dev and the re3d
held-out documents are only scored, with kg's own scorer (:mod:`kg.evaluate`), for three
systems: the rules alone, the classifier alone, and the rules plus the classifier's
statements on pairs the rules left alone (:func:`kg.extract.learned.merge_statements`).

Needs scikit-learn (the ``train`` extra); kg itself only needs numpy to use the weights.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

#: gold relation type (and subject kg type, for re3d) → kg relation, chosen through the
#: ontology's skos:closeMatch table: each kg relation below matches the gold type.
LABELS: dict[str, str] = {
    "Kill": "kills",  # conll04:Kill
    "Work_For": "holdsRoleIn",  # conll04:Work_For
    "OrgBased_In": "basedIn",  # conll04:OrgBased_In
    "Live_In": "livesIn",  # conll04:Live_In
    "Located_In": "locatedIn",  # conll04:Located_In
    "FightingAgainst": "fights",  # re3d:FightingAgainst
    "AlliesOf": "alliedWith",  # re3d:AlliesOf
    "BelongsTo": "memberOf",  # re3d:BelongsTo; a person's: holdsRoleIn (below)
    "InChargeOf": "leads",  # re3d:InChargeOf; of a place: controls (below)
}
SYMMETRIC = frozenset({"fights", "alliedWith"})
HOLDOUT_SHARE = 0.3
C_GRID = (0.1, 0.3)
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.2, 0.91, 0.05))
PRUNE = 1e-3  # weights smaller than this (in every class) are not shipped
#: weights of the standardised dense features against the binary sparse ones (0: sparse
#: only), one chosen by the same grouped cross-validation as C and the threshold
DENSE_GRID = (0.0, 0.15, 0.3)


def kg_label(gold_type: str, subj_type: str, obj_type: str) -> str:
    rel = LABELS[gold_type]
    if gold_type == "BelongsTo" and subj_type == "Person":
        return "holdsRoleIn"
    if gold_type == "InChargeOf" and obj_type in ("Location", "State") and subj_type != "Person":
        return "controls"
    return rel


def held_out(doc_id: str) -> bool:
    """The fixed re3d split: a document is held out by the hash of its id."""
    return int(hashlib.sha256(doc_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < HOLDOUT_SHARE


@dataclass
class Parsed:
    group: str  # the document, for grouped cross-validation
    feats: list[list[str]]
    labels: list[str]
    dense: list[np.ndarray] = field(default_factory=list)  # kg.extract.learned.dense_features per candidate


def parse(texts: Sequence[str], gold: Sequence[Sequence[Any]], group_prefix: str) -> list[Parsed]:
    """Parse each text the way kg does and label its candidate pairs from the gold relations."""
    from kg.config import Config
    from kg.extract.actors import resolve_entities, truecase_headlines
    from kg.extract.learned import candidates, dense_features, features
    from kg.extract.nlp import load_nlp
    from kg.extract.relations import extract_statements
    from kg.link.gazetteer import load_kb
    from kg.types import content_hash

    cfg = Config()
    nlp = load_nlp(cfg.extract.model, kb_paths=cfg.extract.actors)
    kb = load_kb(cfg.extract.actors)
    out: list[Parsed] = []
    pairs = ((truecase_headlines(t, nlp), (i, t)) for i, t in enumerate(texts))
    for doc, (i, text) in nlp.pipe(pairs, as_tuples=True, batch_size=32):
        doc.user_data["kg_text"] = text
        aid = content_hash(text)[:16]
        ents = resolve_entities(doc, aid, kb)
        extract_statements(doc, ents, kb, aid)  # as at run time: the rules may add mentions
        p = Parsed(f"{group_prefix}{i}", [], [])
        for c in candidates(doc, ents, kb=kb):
            a = (c.a.span.start_char, c.a.span.end_char)
            b = (c.b.span.start_char, c.b.span.end_char)
            label = "NONE"
            for g in gold[i]:
                if g.type not in LABELS:
                    continue
                fwd = _overlap(g.head, a) and _overlap(g.tail, b)
                rel = kg_label(g.type, c.a.type, c.b.type) if fwd else kg_label(g.type, c.b.type, c.a.type)
                if fwd or (rel in SYMMETRIC and _overlap(g.head, b) and _overlap(g.tail, a)):
                    label = rel
                    break
            p.feats.append(features(c))
            p.dense.append(dense_features(c))
            p.labels.append(label)
        out.append(p)
    return out


def _overlap(x: tuple[int, int], y: tuple[int, int]) -> bool:
    return x[0] < y[1] and y[0] < x[1]


def matrix(feats: Sequence[Sequence[str]], n_features: int) -> Any:
    from scipy.sparse import csr_matrix

    from kg.extract.learned import hash_feature

    rows, cols = [], []
    for i, fs in enumerate(feats):
        for f in fs:
            rows.append(i)
            cols.append(hash_feature(f, n_features))
    data = np.ones(len(rows), dtype=np.float64)
    m = csr_matrix((data, (rows, cols)), shape=(len(feats), n_features))
    m.sum_duplicates()
    return m


def decide(probs: np.ndarray, labels: Sequence[str], threshold: float) -> list[str]:
    none = list(labels).index("NONE")
    p = probs.copy()
    p[:, none] = -1
    best = p.argmax(axis=1)
    return [labels[k] if p[i, k] >= threshold else "NONE" for i, k in enumerate(best)]


def pair_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    tp = sum(g == p != "NONE" for g, p in zip(gold, pred))
    npred = sum(p != "NONE" for p in pred)
    ngold = sum(g != "NONE" for g in gold)
    return 2 * tp / (npred + ngold) if npred + ngold else 0.0


@dataclass
class Dense:
    """How the dense features were standardised before training: ``(x - mean) * mult``."""

    mean: np.ndarray
    mult: np.ndarray


def dense_matrix(docs: list[Parsed]) -> tuple[np.ndarray, Dense]:
    """The candidates' dense features, standardised (mean 0, deviation 1), and how."""
    D = np.vstack([v for d in docs for v in d.dense]).astype(np.float64)
    mean = D.mean(axis=0)
    mult = 1.0 / (D.std(axis=0) + 1e-6)
    return (D - mean) * mult, Dense(mean, mult)


def train(docs: list[Parsed], n_features: int, seed: int = 0
          ) -> tuple[Any, float, float, dict[str, Any], Dense | None]:
    """Cross-validate C and the threshold (grouped by document), then fit on everything."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    feats = [f for d in docs for f in d.feats]
    y = np.array([lab for d in docs for lab in d.labels])
    groups = np.array([d.group for d in docs for _ in d.labels])
    sparse = matrix(feats, n_features)
    standard, how = dense_matrix(docs)
    classes = sorted(set(y))
    cv: dict[str, Any] = {}
    best = (-1.0, C_GRID[0], 0.5, 0.0)
    for scale in DENSE_GRID:
        X = sparse if not scale else hstack([sparse, csr_matrix(standard * scale)]).tocsr()
        for C in C_GRID:
            oof = np.zeros((len(y), len(classes)))
            for tr, te in GroupKFold(n_splits=5).split(X, y, groups):
                clf = LogisticRegression(C=C, max_iter=2000)
                clf.fit(X[tr], y[tr])
                cols = [classes.index(c) for c in clf.classes_]
                oof[np.ix_(te, cols)] = clf.predict_proba(X[te])
            for t in THRESHOLDS:
                f = pair_f1(list(y), decide(oof, classes, t))
                cv[f"dense={scale} C={C} t={t}"] = round(f, 4)
                if f > best[0]:
                    best = (f, C, t, scale)
            print(f"  cv dense={scale} C={C}: best pair F1 "
                  f"{max(v for k, v in cv.items() if k.startswith(f'dense={scale} C={C} ')):.3f}", file=sys.stderr)
    f1, C, t, scale = best
    dense = Dense(how.mean, how.mult * scale) if scale else None
    X = sparse if not scale else hstack([sparse, csr_matrix(standard * scale)]).tocsr()
    clf = LogisticRegression(C=C, max_iter=3000)
    clf.fit(X, y)
    return clf, C, t, {"cv_pair_f1": round(f1, 4), "dense_scale": scale, "grid": cv}, dense


def export(clf: Any, *, n_features: int, threshold: float, C: float, info: dict[str, Any], path: Path,
           dense: Dense | None = None) -> int:
    W = clf.coef_  # (n_classes, n_features [+ DENSE_DIM])
    arrays: dict[str, np.ndarray] = {}
    if dense is not None:
        arrays = {"dense_weights": W[:, n_features:].astype(np.float32), "dense_mean": dense.mean.astype(np.float32),
                  "dense_mult": dense.mult.astype(np.float32)}
        W = W[:, :n_features]
    keep = np.flatnonzero(np.abs(W).max(axis=0) >= PRUNE)
    meta = {"labels": [str(c) for c in clf.classes_], "n_features": n_features, "threshold": threshold,
            "C": C, "trained_on": info["trained_on"], "cv_pair_f1": info["cv_pair_f1"],
            "label_counts": info["label_counts"],
            "features": "kg.extract.learned.features v1" + (" + dense_features v1" if dense is not None else "")}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(tmp, meta=np.array(json.dumps(meta)), indices=keep.astype(np.int32),
                        weights=W[:, keep].astype(np.float16), bias=clf.intercept_.astype(np.float32), **arrays)
    tmp.replace(path)
    return path.stat().st_size


# --- evaluation with kg's own scorer -------------------------------------------------------

@contextmanager
def system(mode: str, model_path: Path) -> Iterator[None]:
    """Make kg's pipeline extract with the rules, the classifier, or both (what the lead's
    integration will do, patched in so that the scorer runs unchanged)."""
    from kg.extract import relations
    from kg.extract.learned import learned_statements, load_model, merge_statements

    rules_fn = relations.extract_statements
    model = load_model(model_path)

    def extract(doc: Any, ents: Any, kb: Any, article_id: str) -> Any:
        rules = rules_fn(doc, ents, kb, article_id)
        if mode == "rules":
            return rules
        learned = learned_statements(doc, ents, article_id, model=model, kb=kb)
        return learned if mode == "learned" else merge_statements(rules, learned)

    from kg.extract import learned as learned_mod

    # kg's pipeline merges the classifier in itself (ExtractConfig.learned): switch that off
    # here so that ``extract`` alone decides what each system says
    with mock.patch.object(relations, "extract_statements", extract), \
            mock.patch.object(learned_mod, "learned_statements", lambda *a, **k: []):
        yield


def evaluate(shared: Path, model_path: Path) -> dict[str, Any]:
    from kg.evaluate import evaluate_conll04, evaluate_re3d, format_report
    from kg.evaluate import re3d as re3d_mod

    load = re3d_mod.load_re3d

    def held_out_docs(*args: Any, **kwargs: Any) -> Any:
        return [d for d in load(*args, **kwargs) if held_out(d.id)]

    out: dict[str, Any] = {}
    runs: dict[str, Callable[[], Any]] = {
        "conll04-dev": lambda: evaluate_conll04(shared / "benchmarks" / "conll04" / "conll04_dev.json",
                                                progress=False),
        "re3d-heldout": lambda: evaluate_re3d(shared / "benchmarks" / "re3d", progress=False),
    }
    for name, run in runs.items():
        for mode in ("rules", "learned", "merged"):
            with system(mode, model_path), mock.patch.object(re3d_mod, "load_re3d", held_out_docs):
                report = run()
            print(f"\n== {name} / {mode}\n{format_report(report)}")
            out[f"{name}/{mode}"] = report.to_dict()["relations"]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", required=True, type=Path, help="Folder with benchmarks/ (re3d, conll04).")
    parser.add_argument("--model", type=Path, default=ROOT / "kg" / "data" / "relation_model.npz",
                        help="Where to write (or, with --eval-only, read) the weights.")
    parser.add_argument("--n-features", type=int, default=1 << 18)
    parser.add_argument("--eval-only", action="store_true", help="Only score the existing weights.")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "relation_model.json")
    args = parser.parse_args(argv)

    from kg.evaluate.conll04 import load_conll04
    from kg.evaluate.re3d import load_re3d

    shared: Path = args.shared
    report: dict[str, Any] = {}
    if args.eval_only and args.out.exists():  # keep the record of how the shipped weights were trained
        report["training"] = json.loads(args.out.read_text(encoding="utf-8")).get("training")
    if not args.eval_only:
        started = time.perf_counter()
        train_sents = load_conll04(shared / "benchmarks" / "conll04" / "conll04_train.json")
        re3d_docs = [d for d in load_re3d(shared / "benchmarks" / "re3d") if not held_out(d.id)]
        docs = parse([s.text for s in train_sents], [s.relations for s in train_sents], "conll04:")
        docs += parse([d.text for d in re3d_docs], [d.relations for d in re3d_docs], "re3d:")
        counts = Counter(lab for d in docs for lab in d.labels)
        print(f"candidates: {sum(counts.values())} {dict(counts)} "
              f"(parsed in {time.perf_counter() - started:.0f}s)", file=sys.stderr)
        clf, C, t, info, dense = train(docs, args.n_features)
        info["trained_on"] = {"conll04_train_sentences": len(train_sents), "re3d_documents": len(re3d_docs)}
        info["label_counts"] = dict(counts)
        size = export(clf, n_features=args.n_features, threshold=t, C=C, info=info, path=args.model, dense=dense)
        print(f"C={C} threshold={t} cv pair F1={info['cv_pair_f1']}; wrote {args.model} ({size} bytes)",
              file=sys.stderr)
        report["training"] = {"C": C, "threshold": t, "model_bytes": size, **info}
    report["evaluation"] = evaluate(shared, args.model)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nWrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
