"""A small trained relation classifier that complements the dependency rules.

Every pair of entity mentions in a sentence (both orders, at most :data:`MAX_GAP` tokens
apart) is a candidate. A candidate is described by string features read off the parse
(entity types, the dependency path between the two mention heads with its lemmas, the
words between, a few flags such as an apposition or a possessive on the path), hashed
into a fixed number of buckets, and scored by a multinomial logistic regression whose
weights ship in ``kg/data/relation_model.npz``. Only numpy is needed at run time; the
weights are made by ``benchmarks/train_relations.py`` (docs/learned-relations.md).

The rules run first: :func:`merge_statements` keeps a learned statement only for a pair
of entities the rules said nothing about in that sentence.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span, Token

from kg.extract.actors import DocEntities
from kg.extract.lexicon import LEARNED_CUES
from kg.extract.relations import modality
from kg.link.gazetteer import ActorKB
from kg.types import PathLike, Statement

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "relation_model.npz"
#: the most tokens between two mentions for them to be a candidate pair
MAX_GAP = 30
#: learned statements are less sure than the classifier says: it never saw the article's domain
CONFIDENCE_SCALE = 0.9
NONE = "NONE"
#: a learned statement this sure stands beside the rules' statements about the same pair
#: when it names another relation (confidence, i.e. probability x CONFIDENCE_SCALE)
BESIDE_CONFIDENCE: float | None = 0.0
_SYMMETRIC = frozenset({"fights", "alliedWith", "cooperatesWith", "meetsWith"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
_FLAG_WORDS = frozenset({"of", "in", "at", "for", "by", "from", "with", "'s", "’s", "-", "based", "headquartered"})


@dataclass(frozen=True)
class MentionSpan:
    """One mention as the classifier sees it: its tokens, entity key and types."""

    span: Span
    key: str
    type: str
    ner: str


@dataclass(frozen=True)
class Candidate:
    """An ordered pair of mentions in one sentence: ``a`` would be the subject."""

    a: MentionSpan
    b: MentionSpan
    sent: Span


@dataclass(frozen=True)
class RelationModel:
    """Weights of the classifier: ``weights[:, j]`` belongs to hash bucket ``indices[j]``;
    ``dense_weights`` (when present) weigh the standardised vectors of :func:`dense_features`."""

    labels: tuple[str, ...]
    n_features: int
    threshold: float
    indices: np.ndarray  # sorted int64 bucket numbers with a weight
    weights: np.ndarray  # (n_labels, len(indices))
    bias: np.ndarray  # (n_labels,)
    meta: dict[str, object]
    dense_weights: np.ndarray | None = None  # (n_labels, DENSE_DIM)
    dense_mean: np.ndarray | None = None  # (DENSE_DIM,): subtracted first
    dense_mult: np.ndarray | None = None  # (DENSE_DIM,): then multiplied (scale / standard deviation)

    def columns(self, features: Sequence[str]) -> np.ndarray:
        """The weight columns of the buckets ``features`` hash to (buckets without weight dropped)."""
        buckets = np.array([hash_feature(f, self.n_features) for f in features], dtype=np.int64)
        pos = np.searchsorted(self.indices, buckets)
        pos = np.minimum(pos, len(self.indices) - 1)
        return pos[self.indices[pos] == buckets]

    def predict_proba(self, feature_lists: Sequence[Sequence[str]], dense: np.ndarray | None = None) -> np.ndarray:
        """Class probabilities, one row per candidate, columns in :attr:`labels` order.

        ``dense`` holds one :func:`dense_features` row per candidate; a model trained
        with dense features needs it, a model without them ignores it.
        """
        scores = np.tile(self.bias.astype(np.float64), (len(feature_lists), 1))
        for i, feats in enumerate(feature_lists):
            cols = self.columns(feats)
            if len(cols):
                scores[i] += self.weights[:, cols].astype(np.float64).sum(axis=1)
        if self.dense_weights is not None:
            if dense is None or dense.shape != (len(feature_lists), self.dense_weights.shape[1]):
                raise ValueError(f"this relation model needs {self.dense_weights.shape[1]} dense features per "
                                 f"candidate, got {None if dense is None else dense.shape}")
            x = (dense.astype(np.float64) - self.dense_mean) * self.dense_mult
            scores += x @ self.dense_weights.astype(np.float64).T
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))


def hash_feature(feature: str, n_features: int) -> int:
    """The bucket of a feature string: CRC-32, stable across runs and platforms.

    >>> hash_feature("t=Person|Organisation", 1 << 18)
    120631
    """
    return zlib.crc32(feature.encode("utf-8")) % n_features


def load_model(path: PathLike | None = None) -> RelationModel:
    """The classifier shipped with kg (or the one at ``path``), loaded once."""
    return _load(str(path or MODEL_PATH))


@lru_cache(maxsize=4)
def _load(path: str) -> RelationModel:
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        dense = "dense_weights" in data.files
        return RelationModel(labels=tuple(meta["labels"]), n_features=int(meta["n_features"]),
                             threshold=float(meta["threshold"]), indices=data["indices"].astype(np.int64),
                             weights=data["weights"], bias=data["bias"], meta=meta,
                             dense_weights=data["dense_weights"] if dense else None,
                             dense_mean=data["dense_mean"].astype(np.float64) if dense else None,
                             dense_mult=data["dense_mult"].astype(np.float64) if dense else None)


def mention_spans(doc: Doc, ents: DocEntities, kb: ActorKB | None = None) -> list[MentionSpan]:
    """kg's resolved mentions of the document as token spans, in text order, one per span and key.

    With ``kb``, demonyms naming a nationality ("Soviet historian X") count as mentions of
    their state too."""
    seen: set[tuple[int, int, str]] = set()
    out: list[MentionSpan] = []
    extra = ents.nationality_mentions if kb is not None else []
    for m in sorted([*ents.mentions, *extra], key=lambda m: (m.start, m.end)):
        entity = ents.entities.get(m.entity_key) or (kb.get(m.entity_key) if kb is not None else None)
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if entity is None or span is None or len(span) == 0 or entity.type == "Event":
            continue
        if (span.start, span.end, m.entity_key) not in seen:
            seen.add((span.start, span.end, m.entity_key))
            out.append(MentionSpan(span, m.entity_key, entity.type, m.ner_label or "-"))
    return out


def candidates(doc: Doc, ents: DocEntities, *, max_gap: int = MAX_GAP, kb: ActorKB | None = None) -> list[Candidate]:
    """Ordered pairs of mentions of two different entities in one sentence, both orders
    (with ``kb``, nationality demonyms included: see :func:`mention_spans`)."""
    by_sent: dict[int, list[MentionSpan]] = {}
    for m in mention_spans(doc, ents, kb):
        by_sent.setdefault(m.span.sent.start, []).append(m)
    out: list[Candidate] = []
    for group in by_sent.values():
        sent = group[0].span.sent
        for i, x in enumerate(group):
            for y in group[i + 1:]:
                if x.key == y.key or x.span.end > y.span.start or y.span.start - x.span.end > max_gap:
                    continue
                out.append(Candidate(x, y, sent))
                out.append(Candidate(y, x, sent))
    return out


def _word(t: Token) -> str:
    if t.like_num:
        return "<num>"
    if t.ent_type_ and t.pos_ == "PROPN":
        return f"<{t.ent_type_}>"
    return t.lemma_.lower()


def _path(a: Token, b: Token) -> tuple[list[Token], list[Token], Token | None]:
    """The tokens from ``a`` up to the lowest common ancestor, and from ``b`` up to it."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    on_b = {t.i for t in up_b}
    lca = next((t for t in up_a if t.i in on_b), None)
    if lca is None:
        return up_a, up_b, None
    return up_a[: up_a.index(lca)], up_b[: [t.i for t in up_b].index(lca.i)], lca


#: width of the spaCy model's shared token vectors (``doc.tensor``) in en_core_web_sm
TENSOR_DIM = 96
#: :func:`dense_features` length: both mentions, the words between, and the mentions' product
DENSE_DIM = 4 * TENSOR_DIM


def dense_features(c: Candidate) -> np.ndarray:
    """The pair as context vectors from the model's own token-to-vector layer (``doc.tensor``,
    already computed by the parse): the mean vector of each mention, of the words between
    them, and the element-wise product of the two mentions' vectors."""
    tensor = c.sent.doc.tensor
    if tensor is None or tensor.ndim != 2 or tensor.shape[1] != TENSOR_DIM:
        return np.zeros(DENSE_DIM, dtype=np.float32)
    a = tensor[c.a.span.start: c.a.span.end].mean(axis=0)
    b = tensor[c.b.span.start: c.b.span.end].mean(axis=0)
    lo, hi = min(c.a.span.end, c.b.span.end), max(c.a.span.start, c.b.span.start)
    between = tensor[lo:hi].mean(axis=0) if hi > lo else np.zeros(TENSOR_DIM, dtype=tensor.dtype)
    return np.concatenate([a, b, between, a * b]).astype(np.float32)


def features(c: Candidate) -> list[str]:
    """The feature strings of one candidate pair (examples on real parses: tests/extract/test_learned.py)."""
    a, b = c.a, c.b
    doc = c.sent.doc
    forward = a.span.start < b.span.start
    order = "ab" if forward else "ba"
    left, right = (a, b) if forward else (b, a)
    types = f"{a.type}|{b.type}"
    feats = ["bias", f"t={types}", f"ta={a.type}", f"tb={b.type}", f"n={a.ner}|{b.ner}", f"o={order}",
             f"ot={order}|{types}"]
    between = [t for t in doc[left.span.end: right.span.start] if not t.is_space]
    gap = len(between)
    feats.append(f"d={gap if gap < 6 else '6-10' if gap <= 10 else '>10'}")
    words = [_word(t) for t in between]
    for w in set(words[:6] + words[-6:]):
        feats += [f"bw={w}", f"bwo={order}|{w}"]
    if gap <= 5:
        feats += [f"bs={order}|{' '.join(words)}", f"bst={types}|{order}|{' '.join(words)}"]
    for name, tokens in (("pa", doc[max(c.sent.start, a.span.start - 2): a.span.start]),
                         ("pb", doc[max(c.sent.start, b.span.start - 2): b.span.start]),
                         ("na", doc[a.span.end: min(c.sent.end, a.span.end + 2)]),
                         ("nb", doc[b.span.end: min(c.sent.end, b.span.end + 2)])):
        ws = [_word(t) for t in tokens]
        if ws:
            feats += [f"{name}1={ws[-1] if name[0] == 'p' else ws[0]}", f"{name}2={' '.join(ws)}"]
    for name, m in (("a", a), ("b", b)):  # "University", "Corp", "Inc": the kind of organisation
        if len(m.span) > 1:
            feats.append(f"w{name}={m.span[-1].lower_}|{m.type}")
    # other names between the two: "X met Y's envoy Z" is rarely about X and Z
    starts = [t.ent_type_ for t in between if t.ent_iob_ == "B" and t.ent_type_ in _NAME_LABELS]
    named, count = sorted(set(starts)), min(len(starts), 3)
    feats += [f"eb={count}", f"ebt={types}|{count}", *(f"ebl={lab}" for lab in named),
              *(f"eblt={lab}|{types}" for lab in named)]
    if any(t.text == "," for t in between):
        feats.append("comma")
    for w in set(words) & _FLAG_WORDS:
        feats.append(f"flag={w}")
    up, down, lca = _path(a.span.root, b.span.root)
    if lca is None:
        feats.append("nopath")
        return feats
    steps = [f"{t.dep_}>" for t in up] + ([] if lca in (a.span.root, b.span.root) else [_word(lca)]) + \
            [f"<{t.dep_}" for t in reversed(down)]
    inner = [t for t in up[1:] + down[1:]] + ([] if lca in (a.span.root, b.span.root) else [lca])
    deps = " ".join(s for s in steps if s[0] in "<" or s[-1] == ">")
    feats += [f"p={' '.join(steps)}", f"pd={deps}", f"pt={types}|{' '.join(steps)}",
              f"pl={min(len(steps), 6)}", f"lca={_word(lca)}", f"lcat={_word(lca)}|{types}",
              f"lcap={lca.pos_}", f"da={up[0].dep_ if up else 'LCA'}", f"db={down[0].dep_ if down else 'LCA'}",
              f"dadb={up[0].dep_ if up else 'LCA'}|{down[0].dep_ if down else 'LCA'}|{_word(lca)}"]
    for t in inner:
        feats += [f"pw={_word(t)}", f"pwt={_word(t)}|{types}"]
        if t.dep_ in ("appos", "poss", "compound", "prep", "agent", "relcl", "acl"):
            feats.append(f"pdep={t.dep_}")
    for t in up + down:
        if t.dep_ in ("appos", "poss"):
            feats.append(f"pdep={t.dep_}")
    return feats


def learned_statements(doc: Doc, ents: DocEntities, article_id: str, *, threshold: float | None = None,
                       model: RelationModel | None = None, kb: ActorKB | None = None) -> list[Statement]:
    """The classifier's statements about the document's mention pairs.

    Args:
        doc: the parsed article (``doc.user_data["kg_text"]`` holds its own text, as the rules expect).
        ents: its resolved entities (after the rules ran, so descriptions they bound count too).
        article_id: the article's id, for provenance.
        threshold: the least probability of the best relation to say anything; by default
            the one chosen by cross-validation on the training data (stored with the model).
        model: the classifier; by default :func:`load_model`.
        kb: the actor base; with it, demonyms naming a nationality are mentions of their state.

    Returns:
        One statement per pair and sentence (per unordered pair for symmetric relations),
        with confidence = probability × :data:`CONFIDENCE_SCALE`, no trigger, and the
        modality of the path's head word; a relation with cue words
        (:data:`kg.extract.lexicon.LEARNED_CUES`) only in a sentence that has one.
    """
    model = model or load_model()
    cut = model.threshold if threshold is None else threshold
    cands = candidates(doc, ents, kb=kb)
    if not cands:
        return []
    dense = np.vstack([dense_features(c) for c in cands]) if model.dense_weights is not None else None
    probs = model.predict_proba([features(c) for c in cands], dense)
    none = model.labels.index(NONE)
    text = doc.user_data.get("kg_text") or doc.text
    best: dict[tuple[str, str, str, int], Statement] = {}
    for c, p in zip(cands, probs):
        p = p.copy()
        p[none] = -1.0
        k = int(p.argmax())
        if p[k] < cut:
            continue
        rel = model.labels[k]
        cues = LEARNED_CUES.get(rel)
        if cues is not None and not any(t.lemma_.lower() in cues for t in c.sent):
            continue  # "kills" in a sentence that speaks of no killing
        subj, obj = c.a.key, c.b.key
        if rel in _SYMMETRIC and obj < subj:
            subj, obj = obj, subj
        _, _, lca = _path(c.a.span.root, c.b.span.root)
        start, end = c.sent.start_char, c.sent.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        st = Statement(subject=subj, relation=rel, object=obj, article_id=article_id, evidence=text[start:end],
                       start=start, end=end, confidence=round(float(p[k]) * CONFIDENCE_SCALE, 3),
                       modality=modality(lca if lca is not None else c.a.span.root), trigger="")
        key = (subj, rel, obj, start)
        if key not in best or st.confidence > best[key].confidence:
            best[key] = st
    # one relation per pair and sentence: the likeliest
    per_pair: dict[tuple[frozenset[str], int], Statement] = {}
    for st in best.values():
        pk = (frozenset((st.subject, st.object)), st.start)
        if pk not in per_pair or st.confidence > per_pair[pk].confidence:
            per_pair[pk] = st
    return sorted(per_pair.values(), key=lambda s: (s.start, s.subject, s.relation, s.object))


def merge_statements(rules: Iterable[Statement], learned: Iterable[Statement], *,
                     beside: float | None = BESIDE_CONFIDENCE) -> list[Statement]:
    """The rules' statements, plus learned ones the rules did not already make.

    A learned statement about a pair of entities the rules left alone in that sentence is
    kept. One about a pair the rules did relate there is kept beside the rules' statements
    only when it names a different relation and its confidence reaches ``beside`` (None:
    never); the rules' statements are never dropped.

    >>> merge_statements([], [])
    []
    """
    kept = list(rules)
    covered: dict[tuple[frozenset[str], int], set[tuple[str, str, str]]] = {}
    for s in kept:
        covered.setdefault((frozenset((s.subject, s.object)), s.start), set()).add((s.subject, s.relation, s.object))
    out = list(kept)
    for s in learned:
        said = covered.get((frozenset((s.subject, s.object)), s.start))
        if said is None:
            out.append(s)
        elif beside is not None and s.confidence >= beside and not any(r == s.relation for _, r, _ in said):
            out.append(s)
    return out
