"""The CoNLL04 benchmark (Roth & Yih 2004, the common JSON split): score kg on its sentences.

The file is a JSON list of sentences: ``tokens``, ``entities`` (type and token
start/end, end exclusive) and ``relations`` (type, head and tail entity indices). The
sentence text is the tokens joined with single spaces; each token keeps its character
offsets in that text, so gold spans and kg mentions compare by overlap.

kg relations become CoNLL04 types through the ontology's ``skos:closeMatch``. When one kg
relation matches several types (``locatedIn`` → Located_In and OrgBased_In), the type
whose argument signature (:data:`SIGNATURES`, from the dataset's definition) fits the kg
types of subject and object is kept. Scores are micro-averaged over :data:`TYPES`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.config import Config
from kg.errors import InputError
from kg.types import Article, ArticleResult, PathLike

from kg.evaluate.mapping import mention_type
from kg.evaluate.score import Counts, Report, extract_all, micro
from kg.evaluate.spans import (
    GoldRelation,
    GoldSpan,
    predicted_mentions,
    predicted_relations,
    score_entities,
    score_relations,
)

TYPES: tuple[str, ...] = ("Work_For", "Kill", "OrgBased_In", "Live_In", "Located_In")
ENTITY_TYPES: tuple[str, ...] = ("Peop", "Org", "Loc")  # "Other" is not scored
#: Head and tail entity types of each relation (Roth & Yih 2004).
SIGNATURES: dict[str, tuple[str, str]] = {
    "Work_For": ("Peop", "Org"),
    "Kill": ("Peop", "Peop"),
    "OrgBased_In": ("Org", "Loc"),
    "Live_In": ("Peop", "Loc"),
    "Located_In": ("Loc", "Loc"),
}


@dataclass
class Sentence:
    text: str
    entities: list[GoldSpan]
    relations: list[GoldRelation]


def detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The tokens joined with spaces, and each token's character span.

    >>> detokenize(["John", "Wilkes", "Booth", "."])
    ('John Wilkes Booth .', [(0, 4), (5, 11), (12, 17), (18, 19)])
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for tok in tokens:
        spans.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    return " ".join(tokens), spans


def parse_sentence(raw: dict[str, Any]) -> Sentence:
    """One CoNLL04 JSON sentence as text with character-level gold spans and relations."""
    text, offsets = detokenize([str(t) for t in raw["tokens"]])
    spans = [(e["type"], offsets[e["start"]][0], offsets[e["end"] - 1][1]) for e in raw["entities"]]
    entities = [GoldSpan(t, s, e) for t, s, e in spans if t in ENTITY_TYPES]
    relations = [GoldRelation(r["type"], spans[r["head"]][1:], spans[r["tail"]][1:])  # type: ignore[arg-type]
                 for r in raw.get("relations", []) if r["type"] in TYPES]
    return Sentence(text, entities, relations)


def load_conll04(path: PathLike) -> list[Sentence]:
    """The sentences of a CoNLL04 JSON file.

    Raises:
        InputError: the file is unreadable or not a JSON list of sentences.
    """
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {str(p)!r}: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{p}: not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, list):
        raise InputError(f"{p}: expected a JSON list of sentences with tokens/entities/relations")
    try:
        return [parse_sentence(s) for s in data]
    except (KeyError, IndexError, TypeError) as exc:
        raise InputError(f"{p}: a sentence lacks tokens/entities/relations or has a bad index ({exc})") from None


def _chooser(result: ArticleResult) -> Any:
    types = {e.key: e.type for e in result.entities}

    def choose(candidates: tuple[str, ...], subject: str, obj: str) -> tuple[str, ...]:
        sig = (mention_type("conll04", types.get(subject, ""), ""), mention_type("conll04", types.get(obj, ""), ""))
        fitting = tuple(c for c in candidates if SIGNATURES.get(c) == sig)
        return fitting or candidates

    return choose


def evaluate_conll04(path: PathLike, *, config: Config | None = None, progress: bool | None = None) -> Report:
    """Run kg over every sentence of a CoNLL04 JSON file and score it (per type and micro)."""
    sentences = load_conll04(path)
    results = extract_all([Article(text=s.text, origin=f"conll04:{i}") for i, s in enumerate(sentences)],
                          config=config, progress=progress)
    ent: dict[str, Counts] = defaultdict(Counts)
    rel: dict[str, Counts] = {t: Counts() for t in TYPES}
    for sent, result in zip(sentences, results, strict=True):
        score_entities(sent.entities, predicted_mentions(result, "conll04"), ent)
        preds = predicted_relations(result, "conll04", types=TYPES, choose=_chooser(result))
        score_relations(sent.relations, preds, result, rel)
    return Report(benchmark="conll04", documents=len(sentences), entities=micro(ent.values()),
                  relations=micro(rel.values()), entity_types=dict(ent), relation_types=rel)
