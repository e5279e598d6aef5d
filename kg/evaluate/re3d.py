"""The re3d benchmark (Dstl): read its folders as they are and score kg on them.

Each re3d source folder holds ``documents.json``, ``entities.json`` and
``relations.json``: ``mongoexport`` output, one JSON object after another. A document's
``text`` is given to kg as is (no cleaning) so that kg's mention offsets and re3d's
offsets index the same string.

By default the four relation types of the extraction issue are scored
(:data:`DEFAULT_TYPES`), and entities of the four actor-like span types
(:data:`ENTITY_TYPES`); see :mod:`kg.evaluate.mapping` for the type maps.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.config import Config
from kg.errors import InputError
from kg.types import Article, PathLike

from kg.evaluate.score import Counts, Report, extract_all, micro
from kg.evaluate.spans import (
    GoldRelation,
    GoldSpan,
    predicted_mentions,
    predicted_relations,
    score_entities,
    score_relations,
)

DEFAULT_TYPES: tuple[str, ...] = ("FightingAgainst", "AlliesOf", "BelongsTo", "InChargeOf")
ENTITY_TYPES: tuple[str, ...] = ("Person", "Organisation", "Location", "Nationality")
#: "Military allies of" has no direction in re3d's schema; its annotators used both.
SYMMETRIC_TYPES: frozenset[str] = frozenset({"AlliesOf"})


@dataclass
class Re3dDocument:
    id: str
    text: str
    folder: str
    entities: list[GoldSpan] = field(default_factory=list)
    relations: list[GoldRelation] = field(default_factory=list)


def iter_objects(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a ``mongoexport`` file, one after another (BOM and blank lines allowed)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read {str(path)!r}: {exc.strerror or exc}") from None
    decoder = json.JSONDecoder()
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n,[]":
            i += 1
        if i >= n:
            return
        try:
            obj, i = decoder.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: malformed JSON at line {exc.lineno}: {exc.msg}") from None
        if isinstance(obj, dict):
            yield obj


def source_folders(path: PathLike) -> list[Path]:
    """The re3d source folders under ``path`` (itself, or its subfolders), in name order."""
    root = Path(path)
    if not root.is_dir():
        raise InputError(f"re3d gold must be a folder (of folders) with documents.json: {str(root)!r}")
    if (root / "documents.json").exists():
        return [root]
    folders = sorted(p for p in root.iterdir() if (p / "documents.json").exists())
    if not folders:
        raise InputError(f"no re3d folder (with documents.json) in {str(root)!r}")
    return folders


def load_re3d(path: PathLike, *, types: Collection[str] = DEFAULT_TYPES,
              entity_types: Collection[str] = ENTITY_TYPES) -> list[Re3dDocument]:
    """Every re3d document under ``path`` with its gold spans and relations of ``types``."""
    docs: dict[str, Re3dDocument] = {}
    for folder in source_folders(path):
        for d in iter_objects(folder / "documents.json"):
            docs[str(d["_id"])] = Re3dDocument(str(d["_id"]), str(d["text"]), folder.name)
        ent_file, rel_file = folder / "entities.json", folder / "relations.json"
        for e in iter_objects(ent_file) if ent_file.exists() else ():
            doc = docs.get(str(e.get("documentId")))
            if doc is not None and e.get("type") in entity_types:
                doc.entities.append(GoldSpan(str(e["type"]), int(e["begin"]), int(e["end"])))
        seen: set[tuple[Any, ...]] = set()
        for r in iter_objects(rel_file) if rel_file.exists() else ():
            doc = docs.get(str(r.get("documentId")))
            if doc is None or r.get("type") not in types:
                continue
            rel = GoldRelation(str(r["type"]), (int(r["sourceBegin"]), int(r["sourceEnd"])),
                               (int(r["targetBegin"]), int(r["targetEnd"])))
            if (doc.id, rel) not in seen:  # the same relation annotated twice counts once
                seen.add((doc.id, rel))
                doc.relations.append(rel)
    return list(docs.values())


def evaluate_re3d(path: PathLike, *, config: Config | None = None, types: Collection[str] = DEFAULT_TYPES,
                  progress: bool | None = None) -> Report:
    """Run kg over every re3d document under ``path`` and score it (per type and micro).

    Raises:
        InputError: ``path`` is not a re3d folder, or a file does not parse.
    """
    docs = load_re3d(path, types=types)
    results = extract_all([Article(text=d.text, origin=f"re3d:{d.folder}/{d.id}") for d in docs],
                          config=config, progress=progress)
    ent: dict[str, Counts] = defaultdict(Counts)
    rel: dict[str, Counts] = {t: Counts() for t in types}
    for doc, result in zip(docs, results, strict=True):
        score_entities(doc.entities, predicted_mentions(result, "re3d"), ent)
        preds = predicted_relations(result, "re3d", types=types, symmetric_types=SYMMETRIC_TYPES)
        score_relations(doc.relations, preds, result, rel)
    return Report(benchmark="re3d", documents=len(docs), entities=micro(ent.values()),
                  relations=micro(rel.values()), entity_types=dict(ent), relation_types=rel)
