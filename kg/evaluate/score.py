"""Counting and reporting: precision/recall/F1 tallies, span matching, the report table.

Shared by every benchmark reader (:mod:`kg.evaluate.gold`, :mod:`kg.evaluate.re3d`,
:mod:`kg.evaluate.conll04`): each one turns gold and predictions into :class:`Counts`
and returns a :class:`Report`, which prints as a table or serialises to JSON.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kg.config import Config
from kg.types import Article, ArticleResult

G = TypeVar("G")
P = TypeVar("P")

#: Above this many documents extraction shows a progress bar on stderr (when it is a terminal).
PROGRESS_THRESHOLD = 50


@dataclass
class Counts:
    """True positives, false positives and false negatives of one comparison.

    >>> c = Counts(tp=3, fp=1, fn=2)
    >>> round(c.precision, 2), round(c.recall, 2), round(c.f1, 3)
    (0.75, 0.6, 0.667)
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def add_sets(self, gold: set[Any], pred: set[Any]) -> None:
        """Tally two sets compared by equality."""
        self.add(tp=len(gold & pred), fp=len(pred - gold), fn=len(gold - pred))

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def micro(parts: Iterable[Counts]) -> Counts:
    """The sum of several tallies (micro-averaging)."""
    total = Counts()
    for c in parts:
        total.add(c.tp, c.fp, c.fn)
    return total


def match_one_to_one(gold: Sequence[G], pred: Sequence[P], ok: Callable[[G, P], bool],
                     rank: Callable[[G, P], int] | None = None) -> int:
    """How many gold items pair with a distinct prediction under ``ok`` (greedy, in gold order).

    Each prediction pairs with at most one gold item. Among the predictions that fit a
    gold item the one with the lowest ``rank`` is taken (e.g. same sentence first).

    >>> match_one_to_one([(0, 5), (10, 12)], [(3, 7), (4, 6)], lambda g, p: overlaps(g, p))
    1
    """
    used = [False] * len(pred)
    matched = 0
    for g in gold:
        best: tuple[int, int] | None = None
        for i, p in enumerate(pred):
            if used[i] or not ok(g, p):
                continue
            r = rank(g, p) if rank else 0
            if best is None or r < best[0]:
                best = (r, i)
                if r == 0:
                    break
        if best is not None:
            used[best[1]] = True
            matched += 1
    return matched


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two half-open character spans share at least one character.

    >>> overlaps((0, 5), (4, 9)), overlaps((0, 5), (5, 9))
    (True, False)
    """
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Report:
    """The figures of one evaluation: entities and relations, overall and per type.

    ``extra`` holds benchmark-specific figures (for kg gold: the modality-agnostic and
    relation-class scores, and the split actors); they go into the JSON as they are.
    """

    benchmark: str
    documents: int
    entities: Counts
    relations: Counts
    entity_types: dict[str, Counts] = field(default_factory=dict)
    relation_types: dict[str, Counts] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``: top-level ``entities`` and ``relations`` with ``per_type``."""
        out: dict[str, Any] = {"benchmark": self.benchmark, "documents": self.documents}
        out["entities"] = {**self.entities.as_dict(),
                           "per_type": {k: v.as_dict() for k, v in sorted(self.entity_types.items())}}
        out["relations"] = {**self.relations.as_dict(),
                            "per_type": {k: v.as_dict() for k, v in sorted(self.relation_types.items())}}
        for key, value in self.extra.items():
            out[key] = value.as_dict() if isinstance(value, Counts) else _plain(value)
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, Counts):
        return value.as_dict()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _row(name: str, c: Counts) -> str:
    return f"  {name:<34} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:5d} {c.fp:5d} {c.fn:5d}"


def format_report(report: Report) -> str:
    """The report as a plain-text table (what ``kg eval`` prints)."""
    head = f"  {'':<34} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"
    lines = [f"{report.benchmark}: {report.documents} document(s)", head]
    lines.append(_row("entities", report.entities))
    lines += [_row(f"  {k}", v) for k, v in sorted(report.entity_types.items())]
    lines.append(_row("relations", report.relations))
    for key, value in report.extra.items():
        if isinstance(value, Counts):
            lines.append(_row(key.replace("_", " "), value))
    lines.append("  per relation:")
    lines += [_row(f"  {k}", v) for k, v in sorted(report.relation_types.items())]
    for key, value in report.extra.items():
        if isinstance(value, dict) and value and all(isinstance(v, Counts) for v in value.values()):
            lines.append(f"  {key.replace('_', ' ')}:")
            lines += [_row(f"  {k}", v) for k, v in sorted(value.items())]
    split = report.extra.get("split_actors")
    if isinstance(split, dict):
        lines.append(f"  split actors: {split['count']}")
        for item in split["items"]:
            lines.append(f"    {item['key']} → {', '.join(item['kg_keys'])} ({item['article']})")
    return "\n".join(lines)


def extract_all(articles: Sequence[Article], *, config: Config | None = None,
                progress: bool | None = None) -> list[ArticleResult]:
    """Run kg's real pipeline over ``articles`` in one batch (one model load), in order.

    A progress bar goes to stderr when there are more than :data:`PROGRESS_THRESHOLD`
    articles (or when ``progress`` is True).
    """
    from kg.pipeline import extract_articles

    stream: Iterable[ArticleResult] = extract_articles(articles, config=config)
    if progress or (progress is None and len(articles) > PROGRESS_THRESHOLD):
        from tqdm import tqdm

        stream = tqdm(stream, total=len(articles), unit="doc", desc="kg eval", file=sys.stderr, disable=None)
    return list(stream)
