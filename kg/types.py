"""The typed records that flow between kg's stages.

ingest → :class:`Article`; extract → :class:`Mention` and :class:`Statement`;
resolve → :class:`Entity`. Every record is a frozen dataclass: stages never mutate
what they are given, they return new records.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import Literal, Union, get_args

PathLike = Union[str, "os.PathLike[str]"]

Modality = Literal["asserted", "alleged", "negated", "hypothetical"]
MODALITIES: tuple[Modality, ...] = ("asserted", "alleged", "negated", "hypothetical")

#: Actor and place types; each is a class of the same name in ontologies/kg.ttl.
EntityType = Literal[
    "State",
    "IntergovernmentalOrganisation",
    "ArmedGroup",
    "PoliticalOrganisation",
    "Organisation",
    "Person",
    "Location",
    "Event",
]
ENTITY_TYPES: tuple[EntityType, ...] = get_args(EntityType)


def content_hash(text: str) -> str:
    """The identity of an article: SHA-256 of its cleaned text, hex.

    >>> content_hash("abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """One article, cleaned: ``text`` is what extraction reads.

    ``id`` is the first 16 hex digits of the content hash, so the same text read twice
    (from another file, or another run) is the same article.
    """

    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    source: str | None = None
    author: str | None = None
    origin: str = ""  # file (and line, for JSONL) the article was read from
    metadata: tuple[tuple[str, str], ...] = ()  # boilerplate kept apart (author box, ...)

    @property
    def sha256(self) -> str:
        return content_hash(self.text)

    @property
    def id(self) -> str:
        return self.sha256[:16]


@dataclass(frozen=True)
class Entity:
    """A canonical actor, place or event: one node in the graph.

    ``key`` is the stable identity the IRI is minted from (``pakistan``,
    ``person/raja-najabat-hussain``). Entities from the reference knowledge base carry
    a Wikidata QID and, for states, ISO 3166 codes.
    """

    key: str
    label: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None  # "Q843"
    iso_alpha2: str | None = None
    iso_alpha3: str | None = None
    nationality: str | None = None  # key of a State entity (for persons and groups)
    in_kb: bool = False


@dataclass(frozen=True)
class Mention:
    """A span of an article's text that refers to an entity."""

    article_id: str
    start: int  # character offsets into Article.text
    end: int
    text: str
    entity_key: str
    ner_label: str = ""


@dataclass(frozen=True)
class Statement:
    """One claim an article makes: ``subject`` ``relation`` ``object``.

    ``relation`` is the local name of a relation in the kg ontology
    (``cooperatesWith``, ``attacks``, ``memberOf``...). ``evidence`` is the sentence,
    ``start``/``end`` its character offsets in the article text. ``theme`` is an optional
    third participant (the person extradited, the weapon used) given as an entity key.
    """

    subject: str
    relation: str
    object: str
    article_id: str
    evidence: str
    start: int
    end: int
    confidence: float
    modality: Modality = "asserted"
    trigger: str = ""
    theme: str | None = None
    date: str | None = None

    @property
    def id(self) -> str:
        """Stable across runs: hash of article, relation, participants and offsets."""
        key = "\x1f".join(
            [self.article_id, self.subject, self.relation, self.object, str(self.start), str(self.end)]
        )
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class ArticleResult:
    """What extraction and resolution made of one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    statements: tuple[Statement, ...] = ()


@dataclass(frozen=True)
class Problem:
    """An input that could not be used, reported and skipped."""

    origin: str
    reason: str


@dataclass
class BuildSummary:
    """What a build did, for the CLI's summary and report.json."""

    articles: int = 0
    entities: int = 0
    statements: int = 0
    skipped: list[Problem] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    already_in_store: int = 0  # articles found in the store and not extracted again
    seconds: dict[str, float] = field(default_factory=dict)  # time spent per phase (extract, outputs)
