"""kg's own gold format (docs/gold-format.md): reading it, and scoring kg against it.

One article a line: the article (``path`` to a file, plus ``line`` for a JSONL source, or
``text`` inline), the entities it names as canonical keys, and the statements it makes
as ``(subject, relation, object, modality)``. Article text goes through kg's real
readers, so the text scored is the text a build reads.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.config import Config
from kg.errors import InputError
from kg.rdf.taxonomy import relations
from kg.types import MODALITIES, Article, ArticleResult, PathLike, Problem

from kg.evaluate.score import Counts, Report, extract_all


@dataclass(frozen=True)
class GoldEntity:
    """One surface form of an entity and its canonical key (several lines may share a key)."""

    text: str
    key: str
    type: str


@dataclass(frozen=True)
class GoldStatement:
    subject: str
    relation: str
    object: str
    modality: str = "asserted"
    evidence: str = ""


@dataclass(frozen=True)
class GoldArticle:
    """One annotated article, with the article as kg's readers return it."""

    id: str
    article: Article
    entities: tuple[GoldEntity, ...]
    statements: tuple[GoldStatement, ...]


def resolve_source(rel: str, *, gold_dir: Path, shared: Path | None = None) -> Path:
    """Where an article ``path`` of a gold file points.

    Relative to the gold file's folder, except that a path starting ``../shared/`` is
    taken inside ``shared`` when that folder is given (the seed gold refers to the
    shared corpus that way).

    >>> resolve_source("../shared/corpus/a.txt", gold_dir=Path("g"), shared=Path("/s")).as_posix()
    '/s/corpus/a.txt'
    """
    parts = Path(rel).parts
    if shared is not None and parts[:2] == ("..", "shared"):
        return Path(shared).joinpath(*parts[2:])
    return gold_dir / rel


def _read_articles(path: Path) -> list[Article]:
    from kg.ingest import iter_articles

    out: list[Article] = []
    for item in iter_articles([path]):
        if isinstance(item, Problem):
            raise InputError(f"gold article {item.origin}: {item.reason}")
        out.append(item)
    return out


def _inline(text: str) -> Article:
    from kg.ingest.clean import clean_text

    cleaned = clean_text(text)
    return Article(text=cleaned.text, title=cleaned.title, origin="<inline>", metadata=cleaned.metadata)


def _pick(articles: list[Article], line: Any, src: Path, where: str) -> Article:
    """The article of a gold line: the one read from ``line`` of a JSONL source, else the first."""
    if line is not None:
        found = [a for a in articles if a.origin.endswith(f":{line}")]
        if not found:
            raise InputError(f"{where}: no article on line {line} of {src}")
        return found[0]
    if not articles:
        raise InputError(f"{where}: no article in {src}")
    return articles[0]


def _field(record: dict[str, Any], name: str, where: str) -> Any:
    if name not in record:
        raise InputError(f"{where}: missing {name!r}")
    return record[name]


def _statement(raw: Any, where: str) -> GoldStatement:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: a statement must be an object")
    rel = _field(raw, "relation", where)
    if rel not in relations():
        raise InputError(f"{where}: unknown relation {rel!r}; known relations: {', '.join(sorted(relations()))}")
    modality = raw.get("modality", "asserted")
    if modality not in MODALITIES:
        raise InputError(f"{where}: unknown modality {modality!r}; valid: {', '.join(MODALITIES)}")
    return GoldStatement(str(_field(raw, "subject", where)), rel, str(_field(raw, "object", where)),
                         modality, str(raw.get("evidence", "")))


def load_gold(path: PathLike, *, shared: PathLike | None = None) -> list[GoldArticle]:
    """Read a gold JSONL file and the articles it refers to.

    Raises:
        InputError: the file or an article is unreadable, a line is malformed, or a
            relation or modality is not kg's.
    """
    gold_path = Path(path)
    try:
        lines = gold_path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read gold file {str(gold_path)!r}: {exc.strerror or exc}") from None
    cache: dict[Path, list[Article]] = {}
    out: list[GoldArticle] = []
    for lineno, line in enumerate(lines, 1):
        where = f"{gold_path}:{lineno}"
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: malformed JSON: {exc.msg}") from None
        if not isinstance(record, dict):
            raise InputError(f"{where}: a gold line must be a JSON object")
        if "text" in record:
            article = _inline(str(record["text"]))
        else:
            src = resolve_source(str(_field(record, "path", where)), gold_dir=gold_path.parent,
                                 shared=Path(shared) if shared else None)
            if not src.exists():
                raise InputError(f"{where}: article file not found: {str(src)!r}")
            if src not in cache:
                cache[src] = _read_articles(src)
            article = _pick(cache[src], record.get("line"), src, where)
        entities = tuple(GoldEntity(str(_field(e, "text", where)), str(_field(e, "key", where)), str(e.get("type", "")))
                         for e in record.get("entities", []))
        statements = tuple(_statement(s, where) for s in record.get("statements", []))
        out.append(GoldArticle(str(record.get("id", lineno)), article, entities, statements))
    return out


def _norm_triple(s: str, r: str, o: str) -> tuple[str, str, str]:
    """Symmetric relations compare in either direction: put their participants in order."""
    info = relations().get(r)
    if info is not None and info.symmetric and o < s:
        s, o = o, s
    return s, r, o


def split_actors(gold: GoldArticle, result: ArticleResult) -> list[dict[str, Any]]:
    """Gold keys whose surface forms kg resolved to two or more different keys."""
    from kg.link.gazetteer import normalise

    forms: dict[str, set[str]] = defaultdict(set)
    for e in gold.entities:
        forms[e.key].add(normalise(e.text))
    found: dict[str, set[str]] = defaultdict(set)
    for m in result.mentions:
        n = normalise(m.text)
        for key, names in forms.items():
            if n in names:
                found[key].add(m.entity_key)
    return [{"article": gold.id, "key": k, "kg_keys": sorted(v)} for k, v in sorted(found.items()) if len(v) > 1]


def score_gold(gold: Sequence[GoldArticle], results: Sequence[ArticleResult], *,
               benchmark: str = "kg") -> Report:
    """Score kg's results against kg gold, article by article (same order).

    Entities: the set of canonical keys. Statements: ``(subject, relation, object)``
    with the modality (strict), and without it; symmetric relations in either
    direction. Relation classes: the unordered pair and the class of the relation
    (cooperation/conflict/stative), modality-agnostic.
    """
    rels = relations()
    ents, strict, loose, classes = Counts(), Counts(), Counts(), Counts()
    ent_types: dict[str, Counts] = defaultdict(Counts)
    per_rel: dict[str, Counts] = defaultdict(Counts)
    per_class: dict[str, Counts] = defaultdict(Counts)
    splits: list[dict[str, Any]] = []
    for g, r in zip(gold, results, strict=True):
        gold_keys = {e.key: e.type for e in g.entities}
        pred_keys = {e.key: e.type for e in r.entities}
        ents.add_sets(set(gold_keys), set(pred_keys))
        for t in set(gold_keys.values()) | set(pred_keys.values()):
            ent_types[t].add_sets({k for k, v in gold_keys.items() if v == t},
                                  {k for k, v in pred_keys.items() if v == t})
        gs = {(*_norm_triple(s.subject, s.relation, s.object), s.modality) for s in g.statements}
        ps = {(*_norm_triple(s.subject, s.relation, s.object), s.modality) for s in r.statements}
        strict.add_sets(gs, ps)
        loose.add_sets({t[:3] for t in gs}, {t[:3] for t in ps})
        for name in {t[1] for t in gs | ps}:
            per_rel[name].add_sets({t for t in gs if t[1] == name}, {t for t in ps if t[1] == name})

        def by_class(triples: set[tuple[str, str, str, str]]) -> set[tuple[frozenset[str], str]]:
            return {(frozenset((s, o)), rels[rel].relation_class) for s, rel, o, _ in triples if rel in rels}

        gc, pc = by_class(gs), by_class(ps)
        classes.add_sets(gc, pc)
        for cls in {c for _, c in gc | pc}:
            per_class[cls].add_sets({x for x in gc if x[1] == cls}, {x for x in pc if x[1] == cls})
        splits += split_actors(g, r)
    return Report(
        benchmark=benchmark,
        documents=len(gold),
        entities=ents,
        relations=strict,
        entity_types=dict(ent_types),
        relation_types=dict(per_rel),
        extra={
            "relations_any_modality": loose,
            "relation_classes": classes,
            "per_relation_class": dict(per_class),
            "split_actors": {"count": len(splits), "items": splits},
        },
    )


def evaluate_gold(path: PathLike, *, config: Config | None = None, shared: PathLike | None = None,
                  progress: bool | None = None) -> Report:
    """Read kg gold at ``path``, run kg over its articles and score the results.

    Raises:
        InputError: the gold file or an article it names cannot be read.
    """
    gold = load_gold(path, shared=shared)
    results = extract_all([g.article for g in gold], config=config, progress=progress)
    return score_gold(gold, results)
