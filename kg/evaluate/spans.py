"""Span-level scoring for benchmarks annotated with character offsets (re3d, CoNLL04).

kg reads whole articles into canonical entities and statements; span benchmarks annotate
mentions. The bridge is kg's :class:`~kg.types.Mention` offsets:

* an entity prediction is a kg mention, typed through :mod:`kg.evaluate.mapping`; it
  matches a gold span of the same type that it overlaps (one to one);
* a relation prediction is a kg statement, typed through the ontology's
  ``skos:closeMatch``; it matches a gold relation of the same type when the gold head
  span overlaps a mention of the statement's subject in the document and the gold
  tail span overlaps a mention of its object (either way round for symmetric types and
  symmetric kg relations). Matching is one to one; a statement whose sentence contains
  the gold relation is preferred over one from elsewhere in the document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from kg.types import ArticleResult

from kg.evaluate.mapping import Benchmark, is_symmetric, mention_type, relation_types
from kg.evaluate.score import Counts, match_one_to_one, overlaps

Span = tuple[int, int]


@dataclass(frozen=True)
class GoldSpan:
    """A gold entity: its benchmark type and character span."""

    type: str
    start: int
    end: int


@dataclass(frozen=True)
class GoldRelation:
    """A gold relation between a head span and a tail span."""

    type: str
    head: Span
    tail: Span


@dataclass(frozen=True)
class PredRelation:
    """A kg statement seen as one benchmark relation."""

    type: str
    subject: str
    object: str
    symmetric: bool
    evidence: Span


def predicted_mentions(result: ArticleResult, benchmark: Benchmark) -> list[GoldSpan]:
    """kg's mentions typed for ``benchmark`` (unscored types dropped), one per span and type."""
    types = {e.key: e.type for e in result.entities}
    out: dict[tuple[str, int, int], GoldSpan] = {}
    for m in result.mentions:
        t = mention_type(benchmark, types.get(m.entity_key, ""), m.ner_label)
        if t is not None:
            out.setdefault((t, m.start, m.end), GoldSpan(t, m.start, m.end))
    return list(out.values())


def predicted_relations(
    result: ArticleResult,
    benchmark: Benchmark,
    *,
    types: Collection[str],
    symmetric_types: Collection[str] = (),
    choose: Callable[[tuple[str, ...], str, str], tuple[str, ...]] | None = None,
) -> list[PredRelation]:
    """kg's statements as benchmark relations of ``types`` (duplicates in one sentence dropped).

    ``choose(candidates, subject_key, object_key)`` may narrow a statement's candidate
    types (CoNLL04 uses its type signatures); by default every closeMatch counts.
    """
    out: dict[tuple[str, str, str, int, int], PredRelation] = {}
    for s in result.statements:
        candidates = tuple(t for t in relation_types(s.relation, benchmark) if t in types)
        if choose is not None and candidates:
            candidates = choose(candidates, s.subject, s.object)
        for t in candidates:
            sym = is_symmetric(s.relation) or t in symmetric_types
            out.setdefault((t, s.subject, s.object, s.start, s.end),
                           PredRelation(t, s.subject, s.object, sym, (s.start, s.end)))
    return list(out.values())


def score_entities(gold: list[GoldSpan], pred: list[GoldSpan], counts: dict[str, Counts]) -> None:
    """Tally, per type, gold spans against predicted spans of that type that overlap them."""
    for t in {g.type for g in gold} | {p.type for p in pred}:
        gs = [(g.start, g.end) for g in gold if g.type == t]
        ps = [(p.start, p.end) for p in pred if p.type == t]
        tp = match_one_to_one(gs, ps, overlaps)
        counts[t].add(tp=tp, fp=len(ps) - tp, fn=len(gs) - tp)


def score_relations(gold: list[GoldRelation], pred: list[PredRelation], result: ArticleResult,
                    counts: dict[str, Counts]) -> None:
    """Tally, per type, gold relations against kg statements bound to overlapping mentions."""
    spans: Mapping[str, list[Span]] = _mention_spans(result)

    def hits(span: Span, key: str) -> bool:
        return any(overlaps(span, m) for m in spans.get(key, ()))

    def ok(g: GoldRelation, p: PredRelation) -> bool:
        if g.type != p.type:
            return False
        if hits(g.head, p.subject) and hits(g.tail, p.object):
            return True
        return p.symmetric and hits(g.head, p.object) and hits(g.tail, p.subject)

    def rank(g: GoldRelation, p: PredRelation) -> int:
        inside = p.evidence[0] <= min(g.head[0], g.tail[0]) and max(g.head[1], g.tail[1]) <= p.evidence[1]
        return 0 if inside else 1

    for t in {g.type for g in gold} | {p.type for p in pred}:
        gs = [g for g in gold if g.type == t]
        ps = [p for p in pred if p.type == t]
        tp = match_one_to_one(gs, ps, ok, rank)
        counts[t].add(tp=tp, fp=len(ps) - tp, fn=len(gs) - tp)


def _mention_spans(result: ArticleResult) -> dict[str, list[Span]]:
    out: dict[str, list[Span]] = defaultdict(list)
    for m in result.mentions:
        out[m.entity_key].append((m.start, m.end))
    return out
