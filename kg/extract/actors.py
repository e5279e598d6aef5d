"""Actors: which spans of a parsed article name which canonical entity.

:func:`resolve_entities` turns a Doc's entity spans into :class:`Mention` records bound to
canonical :class:`Entity` keys, using the actor knowledge base (aliases, capitals,
demonyms), acronyms the article defines ("Shanghai Cooperation Organisation (SCO)"), and
short forms of names used earlier ("Hussain" after "Raja Najabat Hussain"). Spans that
are not actors (numbers, dates, CSS residue, words of a title-case headline the model
misread) give no entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import ACTOR_NOUNS, KIN_NOUNS, PERSON_NOUNS, PERSONAL_NOUNS, PLACE_NOUNS, ROLE_NOUNS
from kg.extract.sourcelines import cited_lines, dateline_agency
from kg.link.gazetteer import ActorKB
from kg.link.uris import entity_key
from kg.types import Entity, EntityType, Mention

_NER_TYPES: dict[str, EntityType] = {
    "GPE": "Location",
    "LOC": "Location",
    "FAC": "Location",
    "ORG": "Organisation",
    "PERSON": "Person",
    "EVENT": "Event",
    "NORP": "Organisation",
}
_STATE_ORGANS = frozenset({"navy", "army", "air force", "marines", "marine corps", "military", "government",
                           "armed forces", "forces", "police", "coast guard", "intelligence", "special forces",
                           "defence ministry", "defense ministry", "foreign ministry", "embassy"})
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9&\-]{1,11})\)")
_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")
_TRAILING = re.compile(r"\s+(of|in|on|at|for|and|the|to)$", re.IGNORECASE)
_JUNK = re.compile(r"[{};#<>=@]|^\W*$|\d{2,}px|^\d(?!\d*(?:st|nd|rd|th) [A-Z])")  # "6th Fleet" is a name


def source_text(doc: Doc) -> str:
    """The article's own text (the parse may have read a re-cased copy); ``doc.text`` rebuilds
    the string on every call, so it is only the fallback."""
    text = doc.user_data.get("kg_text")
    return text if text is not None else doc.text


def headline_like(sent: Span) -> bool:
    """A title-case line without final punctuation: a headline, whose parse is unreliable.

    Judged on the article's own text (before :func:`truecase_headlines` changed the case).
    """
    text = source_text(sent.doc)[sent.start_char: sent.end_char]
    return headline_line(text.strip())


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{3,}")


def headline_line(line: str) -> bool:
    """The same test on a raw line of text."""
    words = _WORD.findall(line)
    if not words or line.rstrip()[-1:] in ".?!\"'”:":
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.6


def truecase_headlines(text: str, nlp) -> str:  # type: ignore[no-untyped-def]
    """Lower-case the ordinary words of title-case headlines, keeping known names.

    The statistical parser reads "Pakistan And US Unite Against ISKP" as a string of
    proper nouns; "Pakistan and US unite against ISKP" parses as a sentence. Known actors
    (the entity ruler's matches) and acronyms keep their case. Offsets do not move: a word
    whose lower case has another length is left as it is.
    """
    ruler = nlp.get_pipe("entity_ruler") if "entity_ruler" in nlp.pipe_names else None
    out = []
    pos = 0
    for line in text.split("\n"):
        if line and headline_line(line):
            doc = nlp.make_doc(line)
            if ruler is not None:
                doc = ruler(doc)
            keep = {t.i for e in doc.ents for t in e}
            chars = list(line)
            for t in doc:
                if t.i in keep or t.is_upper or (t.i == 0 and t.text[:1].isupper() and t.i in keep):
                    continue
                low = t.text.lower()
                if len(low) == len(t.text):
                    chars[t.idx: t.idx + len(t)] = low
            line = "".join(chars)
        out.append(line)
        pos += len(line) + 1
    return "\n".join(out)


@dataclass
class DocEntities:
    """The entities of one article and the tokens that refer to them."""

    entities: dict[str, Entity] = field(default_factory=dict)
    token_key: dict[int, str] = field(default_factory=dict)  # token index → entity key
    mentions: list[Mention] = field(default_factory=list)
    demonym_of: dict[int, str] = field(default_factory=dict)  # NORP token → state key
    capital_of: dict[int, str] = field(default_factory=dict)  # token of a capital named as a place → state key
    #: demonyms naming a nationality, not an actor ("Soviet historian X"): mentions of the
    #: state that join the article's mentions only if a statement makes the state an entity
    nationality_mentions: list[Mention] = field(default_factory=list)
    #: monitoring source lines ("Paris AFP in English ..."): (outlet key, place key, line span)
    cited: list[tuple[str, str, tuple[int, int]]] = field(default_factory=list)
    #: the news agency a wire dateline names ("BANGKOK, Thailand (AP) --"): the source, not an actor
    source: str | None = None

    def key_at(self, token: Token) -> str | None:
        return self.token_key.get(token.i)


def clean_label(text: str) -> str:
    text = _LEADING.sub("", text.strip())
    text = _POSSESSIVE.sub("", text).strip(" ,.;:-–")
    text = _TRAILING.sub("", text)
    return re.sub(r"\s+", " ", text)


def _defined_acronyms(doc: Doc) -> dict[str, str]:
    """Acronyms the article defines: 'Long Name (ACR)' → {'ACR': 'Long Name'}."""
    found: dict[str, str] = {}
    for m in _ACRONYM.finditer(doc.text):
        acr = m.group(1)
        before = doc.char_span(max(0, m.start() - 120), m.start(), alignment_mode="contract")
        if before is None:
            continue
        words = [t for t in before if not t.is_space]
        caps = "".join(w.text[0] for w in words if w.text[:1].isupper())
        # take as many trailing words as make up the acronym's capitals
        n = 0
        taken: list[Token] = []
        for t in reversed(words):
            if t.is_punct and t.text not in "-":
                break
            taken.insert(0, t)
            if t.text[:1].isupper():
                n += 1
            if n >= len([c for c in acr if c.isupper()]):
                break
        long = clean_label(" ".join(t.text for t in taken))
        if long and caps and long[0].isupper():
            found[acr] = long
    return found


def _entity_for_kb(kb_entity: Entity) -> Entity:
    return kb_entity


_FACILITIES = frozenset({"airport", "airbase", "port", "harbour", "harbor", "embassy", "consulate", "palace", "prison",
                         "university", "hospital", "bridge", "dam", "station", "mosque", "market", "camp"})


_NOT_NAMES = ACTOR_NOUNS | PERSON_NOUNS | frozenset(ROLE_NOUNS) | frozenset({"prime", "foreign", "defence", "defense"})


#: what follows a name and a hyphen without being part of the name ("Frankfurt-based")
_HYPHEN_SUFFIXES = frozenset({"based", "born", "led", "backed", "run", "owned", "funded", "linked", "affiliated",
                              "aligned", "allied", "style", "made", "controlled", "held", "occupied", "bound", "era",
                              "type", "like", "wide", "speaking", "supported", "sponsored", "inspired"})


def _extend(ent: Span) -> Span:
    """Grow a name the model cut short: 'Zarb-e-Azb' (hyphenated), 'Kabul airport' (a place and
    its facility noun). A name from the actor base is left as it is."""
    doc, end = ent.doc, ent.end
    while not ent.ent_id_ and end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_ \
            and not doc[end + 1].ent_type_ and doc[end + 1].lower_ not in _HYPHEN_SUFFIXES:
        end += 2
    label = ent.label_
    start = ent.start
    if label == "ORG" and start > 0 and _ORDINAL.match(doc[start - 1].text):
        start -= 1  # "the 12th Mechanised Brigade": the ordinal is part of the unit's name
    if label == "NORP":
        # "American Express", "Mexican Oil Workers Union": a demonym opening a name the model
        # did not tag (a role or actor noun after it is a description: "Afghan President")
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text.istitle() and not doc[end].ent_type_ \
                and doc[end].lower_ not in _NOT_NAMES:
            end += 1
        if end > ent.end:
            label = "ORG"
    if end < len(doc) and ent.label_ in ("GPE", "LOC", "FAC") and doc[end].lower_ in _FACILITIES:
        end += 1
        label = "FAC"
    return Span(doc, start, end, label=label) if end != ent.end or start != ent.start or label != ent.label_ else ent


_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "adm", "prof",
                         "rev", "sir", "dame", "mme", "m", "herr", "frau"})


def _age_after(doc: Doc, end: int) -> bool:
    """An age in commas right after the token before ``end``: "Jane Roe, 50, said"."""
    return end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].like_num and len(doc[end + 1]) <= 3 \
        and doc[end + 2].text == ","


def _person_cue(ent: Span) -> bool:
    """Grammar that only a person's name has, for a name the model called an organisation:
    an age in commas ("Jane Roe, 50, said"), an honorific before it ("Mrs. Roe"), being
    born ("Jane Roe was born in 1907"), a description only a person has ("Roe, a professor
    of law"), or a possession only a person has ("Roe's wife", "Roe's New Jersey home")."""
    doc = ent.doc
    if _age_after(doc, ent.end):
        return True
    if ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in _HONORIFICS:
        return True
    root = ent.root
    if any(c.dep_ == "appos" and c.lemma_.lower() in PERSONAL_NOUNS for c in root.children):
        return True
    if root.dep_ == "poss" and (root.head.lemma_.lower() in KIN_NOUNS or root.head.lower_ == "home"):
        return True
    return root.dep_ == "nsubjpass" and root.head.lower_ == "born"


def _aged_names(doc: Doc) -> list[Span]:
    """Names the model missed that an age in commas marks as people: "Winter, 53, said"."""
    out: list[Span] = []
    for t in doc[:-3]:
        if not (t.pos_ in ("PROPN", "NOUN") and t.text.istitle() and not t.ent_type_ and _age_after(doc, t.i + 1)):
            continue
        start = t.i
        while start > t.sent.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text.istitle() \
                and not doc[start - 1].ent_type_ and doc[start - 1].lower_.rstrip(".") not in _HONORIFICS:
            start -= 1
        out.append(Span(doc, start, t.i + 1, label="PERSON"))
    return out


_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
#: what an ordinal names when a title-case unit word follows it: "the 82nd Airborne Division"
_UNIT_WORDS = frozenset({"brigade", "fleet", "division", "regiment", "battalion", "corps", "army", "squadron", "wing",
                         "company", "battery", "group", "flotilla", "command", "infantry", "cavalry", "airborne"})


def _units(doc: Doc) -> list[Span]:
    """Military units the model left as a bare ordinal: "the 6th Fleet", "12th Brigade"."""
    out: list[Span] = []
    for t in doc:
        if not _ORDINAL.match(t.text) or t.ent_type_ not in ("", "ORDINAL"):
            continue
        end = t.i + 1
        while end < len(doc) and end - t.i <= 4 and doc[end].text.istitle() and not doc[end].ent_type_ \
                and doc[end].pos_ in ("PROPN", "NOUN"):
            end += 1
        while end > t.i + 1 and doc[end - 1].lower_ not in _UNIT_WORDS:
            end -= 1
        if end > t.i + 1:
            out.append(Span(doc, t.i, end, label="ORG"))
    return out


def _elliptic_label(ent: Span) -> str | None:
    """'South and Central Asia': the first conjunct is 'South Asia' (the shared head is elided)."""
    doc = ent.doc
    if len(ent) != 1 or ent.end + 1 >= len(doc) or doc[ent.end].lower_ not in ("and", "or"):
        return None
    nxt = next((e for e in doc.ents if e.start == ent.end + 1), None)
    if nxt is None or len(nxt) < 2 or nxt.label_ != ent.label_ and ent.label_ not in ("LOC", "GPE"):
        return None
    return f"{ent.text} {nxt[-1].text}"


def resolve_entities(doc: Doc, article_id: str, kb: ActorKB) -> DocEntities:
    """Bind the Doc's entity spans to canonical entities."""
    out = DocEntities()
    acronyms = _defined_acronyms(doc)
    persons: list[tuple[str, str]] = []  # (label, key) of full names seen, for short forms

    for ent in sorted([*doc.ents, *_aged_names(doc), *_units(doc)], key=lambda e: e.start):
        if "\n" in ent.text or _JUNK.search(ent.text) or ent.label_ not in _NER_TYPES:
            continue
        ent = _extend(ent)
        if len(ent) > 1 and ent[0].tag_ == "VBG" and ent[0].is_title and ent.label_ in ("PERSON", "ORG"):
            ent = Span(doc, ent.start + 1, ent.end, label=ent.label_)  # "Evaluating Juppe's visit": Juppe
        if ent.label_ == "ORG" and not ent.ent_id_ and _person_cue(ent):
            ent = Span(doc, ent.start, ent.end, label="PERSON")
        entity = _resolve_span(ent, kb, acronyms, persons)
        if entity is None:
            continue
        if not entity.in_kb and ent.root.dep_ == "compound" and ent.root.head.lemma_.lower() in PERSON_NOUNS:
            continue  # "the Abbey Gate bomber": a name of the description, not a person
        if entity.type == "State" and ent.label_ == "GPE" and kb.capital(clean_label(ent.text)) is not None \
                and kb.lookup(clean_label(ent.text)) is None and (_named_as_place(ent, entity.key, kb)
                                                                  or not _actor_role(ent)):
            # a capital named as a place ("attacks against Kabul"), not as its government
            for t in ent:
                out.capital_of[t.i] = entity.key
            entity = Entity(key=entity_key(clean_label(ent.text), "Location"), label=clean_label(ent.text),
                            type="Location")
        if entity.type == "Organisation" and not entity.in_kb and _place_role(ent):
            # NER's ORG for "at Buulo Mareer", "against Kabul and Peshawar": a place
            entity = Entity(key=entity_key(entity.label, "Location"), label=entity.label, type="Location")
        elif entity.type in ("Organisation", "Person") and not entity.in_kb and _place_name(ent):
            # "Dan Sai District", "Harris County", "DAYTON, Ohio": named as a place
            entity = Entity(key=entity_key(entity.label, "Location"), label=entity.label, type="Location")
        if ent.label_ == "NORP" and ent.start > 0 and doc[ent.start - 1].lower_ in ("al", "al-", "el", "-"):
            continue  # "al-Kuwaiti" is part of a name, not a nationality
        if ent.label_ == "NORP" and entity.type == "State":
            for t in ent:
                out.demonym_of[t.i] = entity.key
            if not _demonym_is_actor(ent):
                text = source_text(doc)[ent.start_char: ent.end_char]
                out.nationality_mentions.append(Mention(article_id, ent.start_char, ent.end_char, text, entity.key,
                                                        ent.label_))
                continue
        out.entities.setdefault(entity.key, entity)
        for t in ent:
            out.token_key[t.i] = entity.key
        text = source_text(doc)[ent.start_char: ent.end_char]
        out.mentions.append(Mention(article_id, ent.start_char, ent.end_char, text, entity.key, ent.label_))
    _merge_short_forms(out)
    _cited_outlets(doc, out, article_id, kb)
    _dateline_source(doc, out)
    return out


def _drop_span(doc: Doc, out: DocEntities, start: int, end: int) -> None:
    """Forget what was resolved in characters ``start:end``: the mentions overlapping them,
    their tokens' keys, and the entities left with no mention."""
    gone = {m.entity_key for m in out.mentions if m.start < end and start < m.end}
    out.mentions = [m for m in out.mentions if not (m.start < end and start < m.end)]
    span = doc.char_span(start, end, alignment_mode="expand")
    for t in span if span is not None else ():
        out.token_key.pop(t.i, None)
    for key in gone - {m.entity_key for m in out.mentions}:
        out.entities.pop(key, None)


def _dateline_source(doc: Doc, out: DocEntities) -> None:
    """A wire dateline's agency is the article's source: no entity, no mention, no relation."""
    text = source_text(doc)
    found = dateline_agency(text)
    if found is None:
        return
    out.source = text[found[0]: found[1]]
    _drop_span(doc, out, *found)


def _cited_outlets(doc: Doc, out: DocEntities, article_id: str, kb: ActorKB) -> None:
    """Outlets named by monitoring source lines become organisations (kg.extract.sourcelines)."""
    text = source_text(doc)
    if "\n" not in text and len(text) > 300:
        return  # one long line: prose, not a citation
    place_of = {(m.start, m.end): m.entity_key for m in out.mentions
                if out.entities[m.entity_key].type in ("State", "Location")}
    for c in cited_lines(text, list(place_of)):
        name = text[c.outlet[0]: c.outlet[1]]
        entity = kb.lookup(name) or Entity(key=entity_key(name, "Organisation"), label=name, type="Organisation")
        # the outlet replaces what NER made of it; after it come language, time and date, no actors
        _drop_span(doc, out, c.outlet[0], c.line[1])
        out.entities.setdefault(entity.key, entity)
        out.mentions.append(Mention(article_id, c.outlet[0], c.outlet[1], name, entity.key, "ORG"))
        span = doc.char_span(c.outlet[0], c.outlet[1], alignment_mode="expand")
        for t in span if span is not None else ():
            out.token_key[t.i] = entity.key
        out.cited.append((entity.key, place_of[c.place], c.line))


def _merge_short_forms(out: DocEntities) -> None:
    """'Sharifullah' after 'Mohammad Sharifullah', 'Wagner' beside 'Wagner Group': one entity.

    A one-word entity known only from NER joins the single other entity of the article whose
    name starts or ends with that word."""
    remap: dict[str, str] = {}
    for key, ent in out.entities.items():
        if ent.in_kb or " " in ent.label or ent.type in ("Location", "Event"):
            continue
        word = ent.label.casefold()
        hosts = [k for k, other in out.entities.items() if k != key and " " in other.label and (
            other.label.casefold().split()[0] == word or other.label.casefold().split()[-1] == word)]
        if len(hosts) == 1:
            remap[key] = hosts[0]
    if not remap:
        return
    for key in remap:
        del out.entities[key]
    out.token_key = {i: remap.get(k, k) for i, k in out.token_key.items()}
    out.mentions = [replace(m, entity_key=remap.get(m.entity_key, m.entity_key)) for m in out.mentions]
    return


_PLACE_HEADS = frozenset({
    "attack", "strike", "bomb", "shell", "raid", "target", "invade", "capture", "seize", "control", "occupy",
    "visit", "enter", "leave", "reach", "evacuate", "travel", "trip", "return", "fly", "flight", "move",
    "airstrike", "bombing", "assault", "offensive", "march", "advance", "withdraw", "live", "base", "locate",
})


def _named_as_place(ent: Span, state: str, kb: ActorKB) -> bool:
    """A capital described as a place is the city, whatever its role in the clause: "Yerevan,
    the capital of Armenia", "Bosnia's capital, Sarajevo", "Kabul, Afghanistan", "Yerevan is
    the capital"."""
    root = ent.root
    if root.dep_ == "appos" and root.head.lemma_.lower() in PLACE_NOUNS:
        return True
    if root.dep_ == "nsubj" and root.head.lemma_ == "be" and any(  # "Yerevan is the capital of Armenia"
            c.dep_ == "attr" and c.lemma_.lower() in PLACE_NOUNS for c in root.head.children):
        return True
    for c in root.children:
        if c.dep_ == "appos" and c.lemma_.lower() in PLACE_NOUNS:
            return True
        if c.dep_ in ("appos", "npadvmod") and c.ent_type_ == "GPE" and not any(g.dep_ == "conj" for g in c.children):
            named = kb.lookup(clean_label(c.doc[c.left_edge.i: c.i + 1].text))
            if named is not None and named.key == state:  # its own country after it, not a list of capitals
                return True
    return False


_SEATS = frozenset({"government", "authority", "authorities", "regime", "junta", "administration", "leadership",
                    "official", "officials", "leader", "ruler", "rulers"})


def _actor_role(ent: Span) -> bool:
    """Does a capital stand for its government here? As subject or possessor, yes; as the
    object of a verb or preposition, unless what governs it treats it as a place
    ("attacks against Kabul", "a visit to Moscow", "in Kabul")."""
    root = ent.root
    if root.dep_ == "conj":
        return _actor_role(root.head.doc[root.head.i: root.head.i + 1])
    if root.dep_ in ("nsubj", "nsubjpass", "poss", "appos"):
        return True
    if root.dep_ in ("dobj", "dative"):
        return root.head.lemma_.lower() not in _PLACE_HEADS
    if root.dep_ == "pobj":
        prep = root.head
        if prep.lower_ in ("by", "with", "between", "from"):
            return True
        if prep.lower_ in ("to", "against", "on"):
            return prep.head.lemma_.lower() not in _PLACE_HEADS
        if prep.lower_ == "in" and prep.head.lemma_.lower() in _SEATS:
            return True  # "the government in Bamako" is Mali's government
    return False


#: last words that make a name an organisation's wherever it stands ("at Harvard University")
_ORG_HEADS = frozenset({"university", "college", "institute", "school", "academy", "company", "corp", "corporation",
                        "inc", "ltd", "co", "bank", "union", "party", "council", "committee", "commission", "ministry",
                        "agency", "association", "federation", "group", "foundation", "network", "television", "radio",
                        "newspaper", "press", "express", "airlines", "court", "congress", "parliament", "assembly"})


def _has_org_word(ent: Span) -> bool:
    return any(t.lower_.rstrip(".") in _ORG_HEADS for t in ent)


def _place_role(ent: Span) -> bool:
    """The span is governed as a place: after in/at/near, or coordinated with a place (a
    name with an organisation's word in it, "Harvard University", never is)."""
    root = ent.root
    if _has_org_word(ent):
        return False
    if root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "near", "outside", "inside", "around", "across"):
        return True
    if root.dep_ == "conj":
        first = root.head
        return first.ent_type_ in ("GPE", "LOC", "FAC")
    return False


#: last words that make a name a place's: "Dan Sai District", "Harris County", "Ocala Forest"
_PLACE_WORDS = frozenset({"district", "province", "parish", "county", "counties", "region", "prefecture",
                          "governorate", "oblast", "municipality", "village", "river", "lake", "mountains", "mountain",
                          "valley", "island", "islands", "peninsula", "desert", "forest", "sea", "ocean", "gulf",
                          "bay", "coast", "strait", "canyon", "channel", "plateau", "basin", "range"})


def _place_name(ent: Span) -> bool:
    """A name of a place by its form: a place word ends it ("Harris County"; not when an
    organisation's word is in it, "Lake County Council"), or it is a capitalised line opening
    followed by a place ("DAYTON, Ohio (AP)", a dateline)."""
    doc = ent.doc
    if ent[-1].lower_ in _PLACE_WORDS and not _has_org_word(ent):
        return True
    line_start = ent.start == 0 or "\n" in doc[ent.start - 1].text_with_ws
    return line_start and ent.text.isupper() and ent.end + 1 < len(doc) and doc[ent.end].text == "," \
        and doc[ent.end + 1].ent_type_ in ("GPE", "LOC")


def _demonym_is_actor(ent: Span) -> bool:
    """'Pakistani officials' speaks for Pakistan; 'Pakistani soil' or 'the Pakistani bomber' does not."""
    head = ent.root.head
    return ent.root.dep_ in ("amod", "compound", "nmod") and head.lemma_.lower() in ACTOR_NOUNS or ent.root.dep_ in (
        "nsubj", "nsubjpass", "dobj", "pobj"
    )


def _acronym_after(ent: Span) -> str | None:
    """The acronym in brackets right after a name, allowing a few unrecognised words between."""
    doc = ent.doc
    i = ent.end
    for _ in range(4):
        if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
            return doc[i + 1].text if doc[i + 1].text.isupper() else None
        if i >= len(doc) or doc[i].is_punct or doc[i].ent_type_:
            return None
        i += 1
    return None


def _resolve_span(ent: Span, kb: ActorKB, acronyms: dict[str, str], persons: list[tuple[str, str]]) -> Entity | None:
    text = _elliptic_label(ent) or ent.text
    label = clean_label(text)
    if not label:
        return None
    # a span ending in a defined acronym's opening "(SCO" is the long name
    if "(" in label:
        label = clean_label(label.split("(")[0])
    follow = _acronym_after(ent)
    if follow and kb.lookup(follow) is not None:
        return kb.lookup(follow)  # "Jama'at Nasr al-Islam wal Muslimin (JNIM)": the name JNIM abbreviates
    if ent.ent_id_:  # matched by the knowledge-base ruler
        found = kb.get(ent.ent_id_)
        if found is not None:
            return found
    if ent.label_ == "NORP":
        return kb.demonym(label)
    long_to_acronym = {v: k for k, v in acronyms.items()}
    for candidate in (label, acronyms.get(label, ""), long_to_acronym.get(label, "")):
        if candidate:
            found = kb.lookup(candidate) or (kb.capital(candidate) if ent.label_ == "GPE" else None)
            if found is not None:
                return found
    if label in acronyms:
        label = acronyms[label]
    words = label.split()
    if ent.label_ == "ORG" and len(words) > 1 and " ".join(words[1:]).casefold() in _STATE_ORGANS:
        state = kb.lookup(words[0]) or kb.demonym(words[0])
        if state is not None and state.type == "State":
            return state  # "the US Navy", "the Afghan Army": the state acting through its organ
    type_ = _NER_TYPES[ent.label_]
    if type_ == "Person":
        if len(label.split()) == 1 and not label[:1].isupper():
            return None
        for full, key in persons:
            if label != full and (full.endswith(" " + label) or full.startswith(label + " ")):
                return Entity(key=key, label=full, type="Person")
        key = entity_key(label, type_)
        persons.append((label, key))
        return Entity(key=key, label=label, type=type_)
    if ent.root.lemma_.lower() in PERSON_NOUNS:
        return None  # a description, handled by the relation stage as a person
    return Entity(key=entity_key(label, type_), label=label, type=type_)
