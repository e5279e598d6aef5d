"""Relations: statements read off the dependency parse, one sentence at a time.

A trigger (a verb such as *attack*, or a nominalisation such as *the extradition of*)
names the relation (:mod:`kg.extract.lexicon`); its arguments come from the parse, not
from word windows: subjects (``nsubj``, passive ``agent``, a controlling clause's
subject for ``xcomp``/``advcl``, the noun a participle modifies), objects (``dobj``,
passive ``nsubjpass``, the relation's prepositions), and coordination on both sides.
Stative relations come from appositions and copulas ("X, chairman of Y"), ``-based``
compounds and "active in". Every statement carries its modality (:func:`modality`) and a
confidence (:func:`confidence`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import DocEntities, clean_label, headline_like, source_text
from kg.extract.lexicon import (
    ACTOR_NOUNS,
    AGENT_NOUNS,
    ALLEGED_CUES,
    HYPOTHETICAL_AUX,
    HYPOTHETICAL_HEADS,
    LIGHT_VERBS,
    NEGATION_VERBS,
    NOUN_TRIGGERS,
    PERSON_CLASS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    HOME_MODIFIED,
    HOME_NOUNS,
    RESIDENT_NOUNS,
    ROLE_NOUNS,
    STANCE_NOUNS,
    VERB_TRIGGERS,
    Trigger,
)
from kg.link.gazetteer import ActorKB
from kg.link.uris import entity_key
from kg.rdf.taxonomy import relation
from kg.types import Entity, Mention, Modality, Statement

_SUBJ = ("nsubj", "csubj")
_MILITARY = frozenset({"airstrike", "strike", "weapon", "arm", "troop", "training", "drone", "aircraft", "advisor",
                       "adviser", "artillery", "munition", "ammunition", "equipment", "force"})
_INHERIT = ("xcomp", "advcl", "conj", "pcomp", "prep", "acomp")
_PRONOUNS = {"it": "sg", "its": "sg", "they": "pl", "their": "pl", "them": "pl",
             "he": "person", "him": "person", "his": "person", "she": "person", "her": "person"}
_GROUP_NOUNS = {"group": "org", "organisation": "org", "organization": "org", "movement": "org",
                "militia": "org", "country": "state", "nation": "state", "government": "state"}
_COLLECTIVE = frozenset({"country", "nation", "government", "side", "state", "junta", "power", "neighbour",
                         "neighbor", "ally", "member", "capital", "regime"})
_NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_PRESENCE = frozenset({"troop", "force", "soldier", "fighter", "militant", "personnel", "base", "presence",
                       "contingent", "deployment", "unit", "peacekeeper"})
_SPATIAL = frozenset({"intersection", "crossroads", "heart", "part", "edge", "centre", "center", "junction",
                      "border", "borderland", "outskirts", "north", "south", "east", "west"})
_PLACE_TYPES = ("State", "Location")
_SEAT_NOUNS = frozenset({"government", "authority", "regime", "junta", "administration", "leadership", "official"})
_BLAME = frozenset({"blame", "accuse", "suspect", "responsible", "claim", "hold"})
#: verbs whose subject is the agent of the event noun they govern ("X decided on the transfer of P")
_DECIDE = frozenset({"decide", "agree", "approve", "order", "authorise", "authorize", "complete", "finalise",
                     "finalize", "announce", "carry", "conduct", "perform", "secure"})


@dataclass(frozen=True)
class Arg:
    """An argument bound to an entity, with how sure the binding is."""

    key: str
    token: Token
    weight: float = 1.0


@dataclass
class Partial:
    """A statement missing its subject or object, completed from the article later."""

    statement: Statement
    subjects: list[str] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)


class _Binder:
    """Binds tokens to entities for one document (entities, descriptions, coreference)."""

    def __init__(self, doc: Doc, ents: DocEntities, kb: ActorKB, article_id: str) -> None:
        self.doc, self.ents, self.kb, self.article_id = doc, ents, kb, article_id
        self.extra: list[Statement] = []
        self.found: list[Statement] | None = None  # statements so far, for event anaphora
        self._clusters: dict[int, Entity] | None = None
        self.event_agents: list[str] = []

    def _add_entity(self, entity: Entity, span: Span) -> None:
        if entity.key not in self.ents.entities:
            self.ents.entities[entity.key] = entity
        if not any(m.start == span.start_char and m.entity_key == entity.key for m in self.ents.mentions):
            self.ents.mentions.append(Mention(self.article_id, span.start_char, span.end_char, span.text, entity.key, "DESC"))
        for t in span:
            self.ents.token_key.setdefault(t.i, entity.key)

    def bind(self, token: Token) -> Arg | None:
        key = self.ents.key_at(token)
        if key:
            return Arg(key, token)
        for c in token.children:  # "by the student John Doe": the noun is the name beside it
            if c.dep_ == "appos" and self.ents.key_at(c):
                return Arg(self.ents.key_at(c), token)  # type: ignore[arg-type]
        lower = token.lower_
        if lower in _PRONOUNS and token.pos_ == "PRON":
            key = self._salient(token, _PRONOUNS[lower])
            return Arg(key, token, 0.75) if key else None
        lemma = token.lemma_.lower()
        modifier = self._modifier_entity(token)
        if lemma in ACTOR_NOUNS and modifier:
            return Arg(modifier, token, 0.9)
        if lemma in PERSON_NOUNS and token.tag_ in ("NNS", "NNPS"):
            return Arg(modifier, token, 0.85) if modifier else None  # "ISIL terrorists": the group
        if lemma in PERSON_NOUNS and token.pos_ in ("NOUN", "PROPN") and (
            token.tag_ in ("NN", "NNP") or any(c.dep_ in ("amod", "compound", "nmod") for c in token.children)
        ):
            return self._person_description(token)
        if token.dep_ == "attr" and token.head.lemma_ == "be":
            # "Mosul is the largest city controlled by Daesh": the city is Mosul
            subj = [c for c in token.head.children if c.dep_ == "nsubj"]
            inner = [g for c in subj for g in [c] + [o for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                                                     for o in p.children if o.dep_ == "pobj"]]
            for c in inner:
                if self.ents.key_at(c):
                    return Arg(self.ents.key_at(c), token, 0.85)  # type: ignore[arg-type]
        if lemma in NOUN_TRIGGERS and self.found is not None and any(
            c.lower_ in ("the", "this", "these", "those", "that") for c in token.children
        ) and not any(c.dep_ in ("prep", "poss", "compound") for c in token.children):
            # "Iran condemned the strikes": the last such event in the preceding sentences
            rel = NOUN_TRIGGERS[lemma].relation
            sent_start = token.sent.start_char
            earlier = [st for st in self.found if st.relation == rel and st.end <= sent_start
                       and sent_start - st.end < 600]
            if earlier:
                last = max(st.start for st in earlier)
                agents = sorted({st.subject for st in earlier if st.start == last})
                self.event_agents = agents
                return Arg(agents[0], token, 0.7)
        if lemma in _GROUP_NOUNS and any(c.lower_ in ("the", "this", "that") for c in token.children):
            key = self._salient(token, _GROUP_NOUNS[lemma])
            return Arg(key, token, 0.7) if key else None
        if lemma in ("country", "nation") and any(c.lower_ in ("two", "both") for c in token.subtree):
            return None  # "the two countries" is handled as a pair by the caller
        return None

    def pair(self, token: Token) -> list[Arg]:
        """'the two countries (of X and Y)', 'both countries', 'the three juntas': the states meant.

        Named after "of" when they are; otherwise the N states mentioned most in the last few
        sentences (ties to the most recent)."""
        if token.lemma_.lower() not in _COLLECTIVE:
            return []
        n = next((_NUMBERS[c.lower_] for c in token.children if c.lower_ in _NUMBERS), 0)
        if n < 2:
            return []
        named = [a for o in _prep_objects(token, ("of",)) for a in _bind_all(self, [o])]
        if len(named) == n:
            return named
        sents = list(self.doc.sents)
        idx = next((i for i, s in enumerate(sents) if s.start <= token.i < s.end), 0)
        counts: dict[str, tuple[int, int]] = {}
        for t in self.doc[sents[max(0, idx - 4)].start: token.i]:
            key = self.ents.key_at(t)
            ent = self.ents.entities.get(key or "")
            if ent and ent.type == "State" and (t.i == 0 or self.ents.key_at(self.doc[t.i - 1]) != key):
                c, _ = counts.get(key, (0, 0))  # type: ignore[arg-type]
                counts[key] = (c + 1, t.i)  # type: ignore[index]
        top = sorted(counts, key=lambda k: counts[k], reverse=True)[:n]
        return [Arg(k, token, 0.7) for k in top] if len(top) == n else []

    def _modifier_entity(self, token: Token) -> str | None:
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod"):
                key = self.ents.key_at(child) or self.ents.demonym_of.get(child.i)
                if key:
                    return key
        for child in token.children:  # "forces of Pakistan", "the government in Bamako"
            if child.dep_ == "prep" and child.lower_ in ("of", "in"):
                for obj in child.children:
                    if obj.dep_ != "pobj":
                        continue
                    if obj.i in self.ents.capital_of:
                        return self.ents.capital_of[obj.i]
                    found = self.ents.entities.get(self.ents.key_at(obj) or "")
                    if child.lower_ == "in" and found is not None and found.type == "State" \
                            and token.lemma_.lower() in _SEAT_NOUNS:
                        return found.key  # "the government in Bamako" (Bamako standing for Mali)
                    if child.lower_ == "of" and self.ents.key_at(obj):
                        return self.ents.key_at(obj)
                    if child.lower_ == "of" and obj.lemma_.lower() in ACTOR_NOUNS and obj.i != token.i:
                        inner = self._modifier_entity(obj)  # "members of the US Navy"
                        if inner:
                            return inner
        return None

    def _salient(self, token: Token, kind: str) -> str | None:
        """The most recent actor before ``token`` of the kind asked for (within 3 sentences)."""
        sents = list(self.doc.sents)
        sent_index = next((i for i, s in enumerate(sents) if s.start <= token.i < s.end), 0)
        window_start = sents[max(0, sent_index - 2)].start
        wanted = {
            "sg": ("State", "ArmedGroup", "IntergovernmentalOrganisation", "Organisation", "PoliticalOrganisation"),
            "pl": ("ArmedGroup", "Organisation", "PoliticalOrganisation"),
            "org": ("ArmedGroup", "Organisation", "PoliticalOrganisation", "IntergovernmentalOrganisation"),
            "state": ("State",),
            "person": ("Person",),
        }[kind]
        # prefer the subject of the previous clause, then any recent mention
        for t in reversed(self.doc[window_start: token.i]):
            key = self.ents.key_at(t)
            ent = self.ents.entities.get(key or "")
            if ent and ent.type in wanted and t.dep_ in ("nsubj", "nsubjpass"):
                return key
        for t in reversed(self.doc[window_start: token.i]):
            key = self.ents.key_at(t)
            ent = self.ents.entities.get(key or "")
            if ent and ent.type in wanted:
                return key
        return None

    def _describe(self, token: Token) -> tuple[str, str | None, str | None, int]:
        """(label, nationality, group, specificity) of a description such as 'the Pakistani bomber'."""
        mods = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod") and c.i < token.i]
        nationality = next((self.ents.demonym_of[c.i] for c in mods if c.i in self.ents.demonym_of), None)
        group = next((self.ents.key_at(c) for c in mods if self.ents.key_at(c)), None)
        first = min([t.i for c in mods for t in c.subtree] + [token.i])
        words = [t for t in self.doc[first: token.i + 1] if not t.is_punct and t.dep_ != "det"]
        text = source_text(self.doc)
        label = clean_label(" ".join(text[t.idx: t.idx + len(t)] for t in words)) or token.text
        label = label[0].upper() + label[1:]
        # a name of its own ("the Abbey Gate bomber") is the most specific description
        def own_name(t: Token) -> bool:
            ent = self.ents.entities.get(self.ents.key_at(t) or "")
            return t.pos_ == "PROPN" and t.i not in self.ents.demonym_of and (ent is None or not ent.in_kb)
        named = any(own_name(t) for t in words if t.i != token.i)
        return label, nationality, group, 2 * named + (len(words) > 1)

    def _description_clusters(self) -> dict[int, Entity]:
        """Unnamed people an article describes, one entity per person: 'the Pakistani bomber',
        'the ISKP bomber' and 'the major suspect' in one article are one perpetrator when nothing
        they say conflicts (a different nationality or group keeps them apart)."""
        if self._clusters is not None:
            return self._clusters
        found = []
        for t in self.doc:
            if t.lemma_.lower() in PERSON_NOUNS and t.tag_ in ("NN", "NNP") and not self.ents.key_at(t) and (
                any(c.dep_ in ("det", "amod", "compound", "nmod", "poss") for c in t.children)
            ):
                found.append((t.i, PERSON_CLASS.get(t.lemma_.lower(), t.lemma_.lower()), *self._describe(t)))
        clusters: list[list[tuple]] = []
        for item in found:
            _, cls, _, nat, grp, _ = item
            for c in clusters:
                if c[0][1] == cls and all((nat is None or x[3] in (None, nat)) and (grp is None or x[4] in (None, grp))
                                          for x in c):
                    c.append(item)
                    break
            else:
                clusters.append([item])
        self._clusters = {}
        for c in clusters:
            best = max(c, key=lambda x: (x[5], -x[0]))
            nationality = next((x[3] for x in c if x[3]), None)
            entity = Entity(key=entity_key(best[2], "Person"), label=best[2], type="Person", nationality=nationality)
            for x in c:
                self._clusters[x[0]] = entity
        return self._clusters

    def _person_description(self, token: Token) -> Arg | None:
        """'the Pakistani bomber', 'an ISKP operative': an unnamed person, with what is known."""
        entity = self._description_clusters().get(token.i)
        if entity is None:
            label, nationality, _, _ = self._describe(token)
            entity = Entity(key=entity_key(label, "Person"), label=label, type="Person", nationality=nationality)
        _, nationality, group, _ = self._describe(token)
        first = min([t.i for c in token.children if c.dep_ in ("amod", "compound", "nmod") and c.i < token.i
                     for t in c.subtree] + [token.i])
        self._add_entity(entity, self.doc[first: token.i + 1])
        sent = token.sent
        for rel, target in (("hasNationality", nationality), ("memberOf", group)):
            if target and (self.kb.get(target) is not None or target in self.ents.entities):
                self.extra.append(_statement(entity.key, rel, target, sent, self.article_id, 0.8, "asserted",
                                             token.text))
        return Arg(entity.key, token, 0.85)

def _statement(subj: str, rel: str, obj: str, sent: Span, article_id: str, conf: float, mod: Modality,
               trigger: str, theme: str | None = None) -> Statement:
    text = source_text(sent.doc)  # the article's own text, not the truecased parse
    start, end = sent.start_char, sent.end_char
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return Statement(subject=subj, relation=rel, object=obj, article_id=article_id,
                     evidence=text[start:end],
                     start=start, end=end, confidence=round(conf, 3), modality=mod,
                     trigger=trigger, theme=theme)


def event_date(token: Token) -> str | None:
    """The date the sentence gives for the event ``token`` names ("in March 2025", "on Monday"),
    as written; looked for on the trigger and, for a noun, on the verb it hangs on."""
    heads = [token] + ([token.head] if token.pos_ == "NOUN" and token.head.i != token.i else [])
    for h in heads:
        for c in h.children:
            cands = [c] if c.dep_ in ("npadvmod", "tmod") else \
                [o for o in c.children if o.dep_ == "pobj"] if c.dep_ == "prep" and c.lower_ in ("in", "on", "during", "since") else []
            for t in cands:
                if t.ent_type_ == "DATE":
                    ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
                    if ent is not None:
                        text = source_text(t.doc)
                        return text[ent.start_char: ent.end_char]
    return None


def _is_home(noun: Token) -> bool:
    """'hometown', 'birthplace', or 'home' before 'state', 'town'...: a place as someone's home."""
    lemma = noun.lemma_.lower()
    return lemma in HOME_NOUNS or lemma in HOME_MODIFIED and any(
        c.lower_ == "home" and c.dep_ in ("compound", "amod", "nmod") for c in noun.children)


def _role_noun(lemma: str) -> str | None:
    """The relation a role noun gives its holder: "chairman" leads, "spokesman" holds a role, "assassin" kills."""
    return ROLE_NOUNS.get(lemma) or AGENT_NOUNS.get(lemma)


def _described_by(token: Token, ents: DocEntities) -> Token | None:
    """The description a name stands in apposition to, when the name comes second: "Hamas's
    leader, Jane Roe", "Bosnia's capital, Sarajevo". The parser often hangs the name on the
    nearer noun ("the leader of Hamas, Jane Roe" as Hamas's apposition): a person beside an
    organisation that is the object of a role noun's "of" is that role's holder."""
    if token.dep_ != "appos":
        return None
    head = token.head
    if not ents.key_at(head):
        return head if head.pos_ in ("NOUN", "PROPN") else None
    entity, other = ents.entities.get(ents.key_at(token) or ""), ents.entities.get(ents.key_at(head) or "")
    prep = head.head
    if entity is not None and other is not None and entity.type == "Person" and other.type != "Person" \
            and head.dep_ == "pobj" and prep.lower_ == "of" and _role_noun(prep.head.lemma_.lower()) \
            and not ents.key_at(prep.head):
        return prep.head
    return None


def _conjuncts(token: Token) -> list[Token]:
    out = [token]
    for c in token.children:
        if c.dep_ == "conj":
            out.extend(_conjuncts(c))
    return out


def _bind_all(binder: _Binder, tokens: Iterable[Token], *, conjuncts: bool = True) -> list[Arg]:
    """Bind tokens and (unless ``conjuncts`` is false) their conjuncts; "Mali, Burkina Faso and
    Niger", which the parser often reads as an apposition with a conjunct, counts as a list
    when the parts are the same type."""
    args: list[Arg] = []
    todo = [t for tok in tokens for t in (_conjuncts(tok) if conjuncts else [tok])]
    while todo:
        t = todo.pop(0)
        if t.lemma_.lower() in _SPATIAL and not binder.ents.key_at(t):
            # "at the intersection of South and Central Asia": the places themselves
            todo = [c for o in _prep_objects(t, ("of",)) for c in _conjuncts(o)] + todo
            continue
        pair = binder.pair(t)
        if pair:
            args.extend(a for a in pair if a.key not in [b.key for b in args])
            continue
        binder.event_agents = []
        arg = binder.bind(t)
        if arg and arg.key not in [a.key for a in args]:
            args.append(arg)
            args.extend(Arg(k, t, arg.weight) for k in binder.event_agents[1:] if k not in [a.key for a in args])
            if binder.ents.key_at(t) is None:  # bound through a modifier: "American and British warships"
                for m in t.children:
                    if m.dep_ in ("amod", "compound", "nmod"):
                        for c in _conjuncts(m)[1:]:
                            key = binder.ents.key_at(c) or binder.ents.demonym_of.get(c.i)
                            if key and key not in [a.key for a in args]:
                                args.append(Arg(key, c, arg.weight))
            kind = binder.ents.entities.get(arg.key)
            for c in t.children:
                other = binder.ents.entities.get(binder.ents.key_at(c) or "")
                if c.dep_ == "appos" and kind is not None and other is not None and other.type == kind.type:
                    todo.extend(_conjuncts(c))
    return args


def _prep_objects(token: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the named prepositions on ``token`` (also behind "as": "talks as between X and Y")."""
    wanted = set(preps)
    heads = [c for c in token.children if c.dep_ in ("prep", "dative")]
    heads += [g for c in heads if c.lower_ == "as" for g in c.children if g.dep_ == "prep"]
    # "the assassination in 1914 of X": the parser hangs "of X" on the date
    heads += [g for c in heads for o in c.children if o.dep_ == "pobj" and o.ent_type_ in ("DATE", "TIME")
              for g in o.children if g.dep_ == "prep"]
    return [o for c in heads if c.lower_ in wanted for o in c.children if o.dep_ == "pobj"]


def _subjects(token: Token, binder: _Binder, headline: bool, depth: int = 0) -> tuple[list[Arg], float]:
    """Subjects of a verb: its own, or inherited from the clause that controls it."""
    subj = [c for c in token.children if c.dep_ in _SUBJ]
    if not subj and token.pos_ == "VERB":
        # "the TTP attacks Pakistan": the parser took the subject for a compound of the verb
        subj = [c for c in token.children if c.dep_ == "compound" and c.i < token.i]
    if not subj and headline and token.dep_ == "ROOT":
        subj = [c for c in token.children if c.i < token.i and c.dep_ in ("amod", "compound", "nmod", "npadvmod")]
    if subj:
        relative = [s for s in subj if s.lower_ in ("who", "which", "that")]
        if relative and token.dep_ == "relcl":
            # the antecedent, not the conjuncts after the clause: in "Jack Roe, who killed X,
            # and Jane Doe", Jane Doe killed nobody
            before = [c for c in _conjuncts(token.head) if c.i < token.left_edge.i]
            return _bind_all(binder, before, conjuncts=False), 0.95
        return _bind_all(binder, subj), 1.0
    if token.dep_ == "acl" and token.tag_ == "VBG" and depth < 4 and binder.bind(token.head) is None:
        # "Pakistan has been raising issues of terrorism, accusing Kabul": a participle hung on a
        # noun that cannot act belongs to the clause's subject
        verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is not None:
            args, w = _subjects(verb, binder, headline, depth + 1)
            return args, w * 0.8
    if token.dep_ in _INHERIT and depth < 4 and token.head.i != token.i:
        head = token.head.head if token.dep_ == "pcomp" and token.head.dep_ == "prep" else token.head
        complement = token.dep_ == "xcomp" or (token.dep_ == "pcomp" and token.head.lower_ in ("with", "of", "for", "from", "into"))
        if complement and head.pos_ == "VERB":
            # object control: "charged him with supporting X", "urged Iran to stop": the
            # object of the controlling verb is the one who acts
            controller = [c for c in head.children if c.dep_ == "dobj"]
            if controller:
                return _bind_all(binder, controller), 0.8
        args, w = _subjects(token.head, binder, headline, depth + 1)
        return args, w * 0.9
    return [], 1.0


def modality(token: Token) -> Modality:
    """How the sentence puts the event ``token`` names: negated, alleged, hypothetical or asserted.

    Negation: a ``neg`` child, "no" before a noun, or a denying verb above. Allegation:
    "allegedly", "reportedly", "alleged", or a claiming/accusing verb above. Hypothesis:
    a modal auxiliary, a conditional, or a verb of intent or possibility above.
    """
    chain = [token]
    t = token
    for _ in range(3):
        if t.dep_ in ("xcomp", "ccomp", "advcl", "pcomp", "acl", "relcl", "conj", "pobj", "prep") and t.head.i != t.i:
            t = t.head
            chain.append(t)
        else:
            break
    verbs = chain[: next((i + 1 for i, c in enumerate(chain) if c.dep_ not in ("xcomp", "conj", "pobj", "prep", "pcomp")), len(chain))]
    for c in verbs:
        if any(ch.dep_ == "neg" for ch in c.children) or any(ch.lower_ == "no" and ch.dep_ == "det" for ch in c.children):
            return "negated"
    if any(c.lemma_.lower() in NEGATION_VERBS for c in chain[1:]):
        return "negated"
    if any(ch.lower_ in ALLEGED_CUES or ch.lemma_.lower() in ALLEGED_CUES for c in chain for ch in c.children if ch.dep_ in ("advmod", "amod", "aux")):
        return "alleged"
    if any(c.lemma_.lower() in ALLEGED_CUES for c in chain[1:]):
        return "alleged"
    for c in chain:
        if any(ch.dep_ in ("aux", "auxpass") and ch.lower_ in HYPOTHETICAL_AUX for ch in c.children):
            return "hypothetical"
        if any(ch.dep_ == "mark" and ch.lower_ in ("if", "unless", "whether") for ch in c.children):
            return "hypothetical"
    if any(c.lemma_.lower() in HYPOTHETICAL_HEADS for c in chain[1:]):
        return "hypothetical"
    return "asserted"


def confidence(*weights: float, base: float = 0.9) -> float:
    """A heuristic score in [0.05, 0.99]: the base for a rule, times one weight per doubt.

    Doubts: an argument bound by coreference or a description (0.7–0.85), a subject inherited
    from a controlling clause (0.9 per step), a nominal pattern (0.9), a headline parse
    (0.85), an entity known only from NER (0.95), a slot filled from elsewhere in the article (0.7).
    """
    score = base
    for w in weights:
        score *= w
    return max(0.05, min(0.99, score))


#: a monitoring source line's outlet → place: a fixed format, read by pattern, but the
#: outlet's name is only the words between the place and the language (0.9 × 0.9 × 0.95)
CITED_CONFIDENCE = round(confidence(0.9, 0.95), 3)


class RelationExtractor:
    """Reads statements off one parsed article."""

    def __init__(self, doc: Doc, ents: DocEntities, kb: ActorKB, article_id: str) -> None:
        self.doc, self.ents, self.article_id = doc, ents, article_id
        self.binder = _Binder(doc, ents, kb, article_id)
        self.partials: list[Partial] = []

    def _kb_weight(self, key: str) -> float:
        ent = self.ents.entities.get(key)
        return 1.0 if ent is not None and ent.in_kb else 0.95

    def _of_types(self, args: list[Arg], types: Iterable[str]) -> list[Arg]:
        """The arguments whose entity is of one of ``types``."""
        wanted = set(types)
        return [a for a in args if (e := self.ents.entities.get(a.key)) is not None and e.type in wanted]

    def _emit(self, subjects: list[Arg], rel: str, objects: list[Arg], token: Token, weights: list[float],
              theme: str | None = None, trig: Trigger | None = None) -> Iterator[Statement]:
        sent = token.sent
        mod = modality(token)
        if (not subjects or not objects) and trig is not None and trig.object_is_theme and theme:
            partial = _statement(subjects[0].key if subjects else "", rel, objects[0].key if objects else "", sent,
                                 self.article_id, confidence(*weights), mod, token.text, theme)
            self.partials.append(Partial(partial, [a.key for a in subjects], [a.key for a in objects]))
            return
        if not objects and trig is not None and trig.reciprocal and len(subjects) > 1 and not any(
            c.dep_ == "dobj" and c.lemma_.lower() not in trig.needs_object for c in token.children
        ):  # "the two countries meet equal grounds" is not a meeting
            pairs = [(a, b) for i, a in enumerate(subjects) for b in subjects[i + 1:]]
            if not relation(rel).symmetric:  # "A and B share intelligence": each with the other
                pairs += [(b, a) for a, b in pairs]
        else:
            pairs = [(a, b) for a in subjects for b in objects]
        for a, b in pairs:
            if a.key == b.key:
                continue
            r = rel
            target = self.ents.entities.get(b.key)
            if r == "memberOf" and target is not None and target.type == "State":
                r = "cooperatesWith"  # "forces will join Jordan in an exercise": not membership
            source = self.ents.entities.get(a.key)
            if r in ("basedIn", "livesIn") and source is not None:
                # a person lives somewhere; an organisation is based there
                r = "livesIn" if source.type == "Person" else "basedIn"
            if r == "livesIn" and (target is None or target.type not in ("State", "Location")):
                continue  # one lives in a place
            conf = confidence(*weights, a.weight, b.weight, self._kb_weight(a.key), self._kb_weight(b.key))
            st = _statement(a.key, r, b.key, sent, self.article_id, conf, mod, token.text, theme)
            date = event_date(token) if relation(r).relation_class != "stative" else None
            yield replace(st, date=date) if date else st

    def verb(self, token: Token, trig: Trigger, headline: bool) -> Iterator[Statement]:
        weights = [0.85] if headline else []
        if trig.needs_object and not any(
            c.dep_ == "dobj" and c.lemma_.lower() in trig.needs_object for c in token.children
        ):
            return
        passive = [c for c in token.children if c.dep_ == "nsubjpass"]
        agents = [o for c in token.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        if trig.passive_subject and (passive or token.dep_ in ("acl", "relcl", "amod")):
            # "Pakistan, which is located at ...", "a group based in Mali"
            who = [token.head] if token.dep_ in ("acl", "amod") or any(
                p.lower_ in ("which", "that", "who") for p in passive) else passive
            subjects, patients = _bind_all(self.binder, who), []
        elif passive or agents:
            subjects = _bind_all(self.binder, agents)
            patients = passive
            if token.dep_ == "acl" and not passive:
                patients = [token.head]
        else:
            subjects, w = _subjects(token, self.binder, headline)
            weights.append(w)
            patients = [c for c in token.children if c.dep_ in ("dobj", "dative", "attr")
                        and c.lemma_.lower() not in trig.needs_object]
        theme = None
        if trig.object_is_theme:
            bound = _bind_all(self.binder, patients)
            theme = bound[0].key if bound else None
            patients = []
        patients += _prep_objects(token, trig.preps)
        objects = _bind_all(self.binder, patients)
        rel = trig.relation
        if not objects and rel in ("threatens", "intendsToCooperateWith"):
            # "threatened to retaliate against X": the object of the threatened act
            for x in (c for c in token.children if c.dep_ == "xcomp"):
                objects = _bind_all(self.binder, [c for c in x.children if c.dep_ == "dobj"]
                                    + _prep_objects(x, ("against", "on", "with")))
        if rel == "providesAidTo" and any(o.lemma_.lower() in _MILITARY for o in _prep_objects(token, ("with",))):
            rel = "providesMilitaryAidTo"  # "supports Somali forces with airstrikes"
        yield from self._emit(subjects, rel, objects, token, weights, theme, trig)
        yield from self._operates_in(subjects, token, weights)
        if relation(rel).relation_class == "conflict":
            # "struck Houthi targets in Yemen", "attacked ISKP in Kunar": the target is there
            yield from self._operates_in(objects, token, weights)
        if trig.relation in ("cooperatesWith", "alliedWith", "intendsToCooperateWith"):
            enemies = _bind_all(self.binder, _prep_objects(token, ("against",)))
            partners = objects if trig.relation != "intendsToCooperateWith" else []
            yield from self._emit(subjects + partners, "opposes", enemies, token, weights + [0.9])

    def _operates_in(self, subjects: list[Arg], token: Token, weights: list[float]) -> Iterator[Statement]:
        """A group that acts "in X" operates in X (states acting abroad do not count)."""
        groups = self._of_types(subjects, ("ArmedGroup", "Organisation", "IntergovernmentalOrganisation"))
        if not groups:
            return
        places = self._of_types(_bind_all(self.binder, _prep_objects(token, ("in", "across", "inside", "throughout"))),
                                _PLACE_TYPES)
        yield from self._emit(groups, "operatesIn", places, token, weights + [0.8])

    def noun(self, token: Token, trig: Trigger, headline: bool) -> Iterator[Statement]:
        weights = [0.9] + ([0.85] if headline else [])
        agent_tokens = [c for c in token.children if c.dep_ == "poss"]
        agent_tokens += _prep_objects(token, ("by",))
        if "of" in trig.preps:  # "the killing of X by Y", "by Y" hung on X
            agent_tokens += [a for o in _prep_objects(token, ("of",)) for a in _prep_objects(o, ("by",))]
        agent_tokens += [c for c in token.children if c.dep_ in ("compound", "amod", "nmod") and self.ents.key_at(c)
                         and self.ents.entities[self.ents.key_at(c)].type != "Location"]  # type: ignore[index]
        for c in token.children:  # "the attack, conducted by ISKP"
            if c.dep_ == "acl" and c.lemma_.lower() in LIGHT_VERBS | {"carry"}:
                agent_tokens += [o for a in c.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
        subjects = _bind_all(self.binder, agent_tokens)
        if not subjects and token.dep_ in ("dobj", "attr") and token.head.lemma_.lower() in LIGHT_VERBS:
            subjects, w = _subjects(token.head, self.binder, headline)
            weights.append(w)
        if not subjects and token.dep_ == "pobj" and token.head.lower_ == "for" \
                and token.head.head.lemma_.lower() in _BLAME:
            # "the group blamed for the bombing", "X was held responsible for the attack"
            blamed = token.head.head
            who = [c for c in blamed.children if c.dep_ in ("nsubjpass", "dobj")]
            if not who and blamed.dep_ in ("acl", "amod"):
                who = [blamed.head]
            if not who and blamed.dep_ == "acomp":
                who = [c for c in blamed.head.children if c.dep_ == "nsubj"]
            subjects = _bind_all(self.binder, who)
            weights.append(0.85)
        if not subjects and token.dep_ == "pobj" and token.head.lower_ in ("with", "through", "via") \
                and token.head.head.pos_ == "VERB":
            subjects, w = _subjects(token.head.head, self.binder, headline)
            weights.append(w * 0.9)
        if not subjects and token.dep_ == "pobj" and token.head.head.lemma_.lower() in _DECIDE:
            subjects, w = _subjects(token.head.head, self.binder, headline)
            weights.append(w * 0.9)
        theme = None
        object_tokens = _prep_objects(token, [p for p in trig.preps if p != "between"])
        if trig.object_is_theme:
            of = _prep_objects(token, ("of",))
            bound = _bind_all(self.binder, of)
            theme = bound[0].key if bound else None
            if not object_tokens:
                # "the extradition of the bomber who attacked X to Y": the parser hangs "to Y" on
                # the relative clause's verb; give it back to the noun when that verb takes no such object
                for relcl in (c for o in of for c in o.children if c.dep_ in ("relcl", "acl")):
                    own = VERB_TRIGGERS.get(relcl.lemma_.lower())
                    stray = [p for p in trig.preps if not own or p not in own.preps]
                    object_tokens += _prep_objects(relcl, stray)
        objects = _bind_all(self.binder, object_tokens)
        between = _bind_all(self.binder, _prep_objects(token, ("between", "among")))
        if len(between) > 1 and not subjects:
            subjects, objects = between, []
            trig = Trigger(trig.relation, trig.preps, trig.object_is_theme, reciprocal=True)
        if not objects and subjects and trig.relation == "attacks":
            event = self._named_event(token)
            if event:
                yield from self._emit(subjects, "conducts", [Arg(event, token)], token, weights)
                return
        yield from self._emit(subjects, trig.relation, objects, token, weights, theme, trig)

    def _named_event(self, token: Token) -> str | None:
        """'the Abbey Gate attack', 'the bombing at Abbey Gate': a named event, made an entity
        (both spellings give the same entity)."""
        names = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if names:
            start = min(t.i for n in names for t in n.subtree)
            span = self.doc[start: token.i + 1]
            label = clean_label(span.text)
        else:
            places = [o for o in _prep_objects(token, ("at", "in", "on")) if o.pos_ == "PROPN"]
            if not places:
                return None
            place = places[0]
            name = self.doc[min(t.i for t in place.subtree if t.dep_ != "det"): place.i + 1]
            label = clean_label(f"{name.text} {token.text}")
            span = self.doc[token.i: place.i + 1]
        entity = Entity(key=entity_key(label, "Event"), label=label, type="Event")
        self.binder._add_entity(entity, span)
        return entity.key

    def stative(self, token: Token) -> Iterator[Statement]:
        """'X, chairman of Y'; 'X is a member of Y'; 'UK-based X'; 'X is active in Y';
        'the Wagner Group, a Russian company'; 'Jane Roe of Bethany'; 'Kabul, Afghanistan';
        'Turkey within NATO'; 'Air Force commander Jane Roe'; the description first: 'Hamas's
        leader, Jane Roe'; places: 'Yerevan, the capital of Armenia'; killers: 'X, the assassin of Y'."""
        key = self.ents.key_at(token)
        if not key or (token.head.i != token.i and self.ents.key_at(token.head) == key):
            return  # only the root token of a mention
        entity = self.ents.entities.get(key)
        subject = Arg(key, token)
        nouns = [c for c in token.children if c.dep_ == "appos"]
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_ in ("be", "become", "remain"):
            nouns += [c for c in token.head.children if c.dep_ in ("attr", "acomp")]
        described = _described_by(token, self.ents)
        if described is not None:
            nouns.append(described)
        if entity is not None and entity.type == "Location":  # "Kabul, Afghanistan" (parsed as a modifier)
            nouns += [c for c in token.children if c.dep_ == "npadvmod" and self.ents.key_at(c)]
        for noun in [n for x in nouns for n in ([x] if x is described else _conjuncts(x))]:
            lemma = noun.lemma_.lower()
            other = self.ents.entities.get(self.ents.key_at(noun) or "")
            if other is not None and entity is not None:
                if entity.type == "Location" and other.type in ("Location", "State") and other.key != key:
                    yield from self._emit([subject], "locatedIn", [Arg(other.key, noun)], noun, [0.8])
                continue
            if entity is not None and entity.type in ("Location", "State") and _is_home(noun):
                # "Beaumont, Texas, Jane Roe's hometown": the possessor lives in the place
                owners = _bind_all(self.binder, [c for c in noun.children if c.dep_ == "poss"])
                for person in self._of_types(owners, ("Person",)):
                    yield from self._emit([person], "livesIn", [subject], noun, [0.9])
                continue
            if entity is not None and entity.type in ("Location", "State") and lemma in PLACE_NOUNS:
                # "Yerevan, the capital of Armenia"; "Mosul, a city in northern Iraq"; "Bosnia's capital, Sarajevo"
                wider = _prep_objects(noun, ("of", "in")) + [c for c in noun.children if c.dep_ == "poss"]
                places = self._of_types(_bind_all(self.binder, wider), _PLACE_TYPES)
                yield from self._emit([subject], "locatedIn", places, noun, [0.9])
                continue
            rel = _role_noun(lemma) or STANCE_NOUNS.get(lemma) or RESIDENT_NOUNS.get(lemma)
            preps = ("of", "for", "in", "at", "to", "with")
            if rel is None and lemma in ("active", "present", "based", "operational"):
                rel, preps = ("basedIn" if lemma == "based" else "operatesIn"), ("in", "across", "inside")
            if rel is not None:
                objects = _bind_all(self.binder, _prep_objects(noun, preps))
                objects += _bind_all(self.binder, [c for c in noun.children if c.dep_ in ("compound", "poss")])
                yield from self._emit([subject], rel, objects, noun, [0.95])
            for c in noun.children:  # "a Russian private military company", "a Hong Kong firm"
                if c.dep_ in ("amod", "compound", "nmod") and c.i in self.ents.demonym_of:
                    yield from self._emit([subject], "hasNationality", [Arg(self.ents.demonym_of[c.i], c)], noun, [0.85])
                elif c.dep_ in ("compound", "nmod") and (e := self.ents.entities.get(self.ents.key_at(c) or "")) \
                        is not None and e.type in ("State", "Location") and rel is None:
                    yield from self._emit([subject], "basedIn", [Arg(e.key, c)], noun, [0.8])
        if entity is not None and entity.type == "Person" and token.dep_ == "poss" and (
                owned := self.ents.entities.get(self.ents.key_at(token.head) or "")) is not None \
                and owned.type in ("Organisation", "PoliticalOrganisation", "ArmedGroup") and owned.key != key:
            # "Jane Roe's Labour Party", "Roe's union": the organisation a person belongs to
            yield from self._emit([subject], "memberOf", [Arg(owned.key, token.head)], token, [0.7])
        for child in token.children:
            if child.dep_ in ("amod", "compound") and child.lower_.endswith("based"):  # "UK-based"
                places = [t for t in child.subtree if self.ents.key_at(t)]
                yield from self._emit([subject], "basedIn", _bind_all(self.binder, places[:1]), child, [0.9])
            elif child.dep_ in ("compound", "nmod", "amod") and (role := _role_noun(child.lemma_.lower())) \
                    and entity is not None and entity.type == "Person" and self.ents.key_at(child) != key:
                # "Air Force commander Jane Roe", "ISKP spokesman Jane Roe", "King assassin Jack Roe"
                orgs = _bind_all(self.binder, [c for c in child.children if c.dep_ in ("compound", "poss", "nmod")])
                yield from self._emit([subject], role, orgs, child, [0.9])
            elif child.dep_ == "prep" and entity is not None:
                places = _bind_all(self.binder, [o for o in child.children if o.dep_ == "pobj"])
                if child.lower_ == "of" and entity.type == "Person":  # "Jane Roe, 50, of Bethany"
                    yield from self._emit([subject], "livesIn", places, child, [0.8])  # _emit keeps places
                elif child.lower_ in ("within", "inside") and entity.type in ("State", "ArmedGroup", "Organisation"):
                    orgs = [a for a in places if (e := self.ents.entities.get(a.key)) and e.type != "Location" and e.type != "State"]
                    yield from self._emit([subject], "memberOf", orgs, child, [0.8])
                elif child.lower_ == "in" and entity.type in ("Organisation", "PoliticalOrganisation", "ArmedGroup"):
                    # "the State Department in Washington", "the 12th Brigade in Botoa": where it sits
                    # (an armed group is active there: "al-Shabaab in Somalia")
                    wider = [a for a in self._of_types(places, _PLACE_TYPES)
                             if a.token.ent_type_ != "NORP"]  # "in Japanese" is a language
                    rel = "operatesIn" if entity.type == "ArmedGroup" else "basedIn"
                    yield from self._emit([subject], rel, wider, child, [0.75])

    def presence(self, token: Token) -> Iterator[Statement]:
        """'the US troops in Afghanistan', 'Wagner fighters in Mali': the actor operates there."""
        owner = self.binder._modifier_entity(token)
        if not owner:
            return
        places = self._of_types(_bind_all(self.binder, _prep_objects(token, ("in", "across", "inside"))), _PLACE_TYPES)
        yield from self._emit([Arg(owner, token, 0.9)], "operatesIn", places, token, [0.85])

    def alongside(self, token: Token, headline: bool) -> Iterator[Statement]:
        """'X fights alongside Y', 'X operates together with Y': X cooperates with Y."""
        partners = _prep_objects(token, ("alongside",))
        for c in token.children:
            if c.dep_ == "advmod" and c.lower_ == "together":
                partners += _prep_objects(c, ("with",))
        if not partners:
            return
        subjects, w = _subjects(token, self.binder, headline)
        yield from self._emit(subjects, "cooperatesWith", _bind_all(self.binder, partners), token, [w, 0.9])

    def run(self) -> list[Statement]:
        out: list[Statement] = []
        self.binder.found = out
        for sent in self.doc.sents:
            headline = headline_like(sent)
            for token in sent:
                lemma = token.lemma_.lower()
                as_verb = token.pos_ in ("VERB", "AUX") or (headline and token.dep_ in ("ROOT", "advcl", "xcomp", "conj"))
                if lemma in VERB_TRIGGERS and as_verb:
                    out.extend(self.verb(token, VERB_TRIGGERS[lemma], headline))
                elif lemma in NOUN_TRIGGERS and token.pos_ in ("NOUN", "PROPN"):
                    out.extend(self.noun(token, NOUN_TRIGGERS[lemma], headline))
                if self.ents.key_at(token):
                    out.extend(self.stative(token))
                if token.pos_ == "VERB":
                    out.extend(self.alongside(token, headline))
                if lemma in _PRESENCE and token.pos_ == "NOUN" and not self.ents.key_at(token):
                    out.extend(self.presence(token))
        out.extend(self.binder.extra)
        out.extend(complete_partials(self.partials))
        out.extend(self.cited())
        return dedupe(self._events_to_agents(out))

    def cited(self) -> Iterator[Statement]:
        """An outlet a monitoring source line cites is based in the line's place."""
        text = source_text(self.doc)
        for outlet, place, (start, end) in self.ents.cited:
            if outlet != place:
                yield Statement(subject=outlet, relation="basedIn", object=place, article_id=self.article_id,
                                evidence=text[start:end], start=start, end=end, confidence=CITED_CONFIDENCE,
                                modality="asserted", trigger="source line")

    def _events_to_agents(self, statements: list[Statement]) -> list[Statement]:
        """'The Abbey Gate bombing, carried out by ISKP, killed 13 soldiers': a named event that
        acts stands for the actor who conducted it, in the same sentence."""
        agents: dict[tuple[str, int], list[str]] = {}
        for st in statements:
            if st.relation == "conducts":
                agents.setdefault((st.object, st.start), []).append(st.subject)
        out = []
        for st in statements:
            who = agents.get((st.subject, st.start)) if st.relation != "conducts" else None
            if who:
                out.extend(replace(st, subject=a, confidence=round(st.confidence * 0.9, 3)) for a in who if a != st.object)
            else:
                out.append(st)
        return out


def complete_partials(partials: list[Partial]) -> list[Statement]:
    """Fill the missing side of n-ary events (an extradition without its agent, say) from the
    other mentions of the same kind of event in the article, when exactly one candidate fits."""
    done: list[Statement] = []
    for p in partials:
        others = [q for q in partials if q is not p and q.statement.relation == p.statement.relation]
        subjects = p.subjects or sorted({s for q in others for s in q.subjects} - set(p.objects))
        objects = p.objects or sorted({o for q in others for o in q.objects} - set(p.subjects))
        filled = (not p.subjects) + (not p.objects)
        if not subjects or not objects or (not p.subjects and len(subjects) != 1) or (not p.objects and len(objects) != 1):
            continue
        for s in subjects:
            for o in objects:
                if s != o:
                    done.append(replace(p.statement, subject=s, object=o,
                                        confidence=round(confidence(0.7 ** filled, base=p.statement.confidence), 3)))
    return done


def dedupe(statements: Iterable[Statement]) -> list[Statement]:
    """One statement per (subject, relation, object, modality, sentence); the most confident kept."""
    best: dict[tuple[str, str, str, str, int], Statement] = {}
    for st in statements:
        k = (st.subject, st.relation, st.object, st.modality, st.start)
        if k not in best or st.confidence > best[k].confidence:
            best[k] = st
    return sorted(best.values(), key=lambda s: (s.start, s.subject, s.relation, s.object))


def extract_statements(doc: Doc, ents: DocEntities, kb: ActorKB, article_id: str) -> list[Statement]:
    """All statements of one parsed article (entities found by the resolver may grow with
    descriptions and named events the relations need)."""
    return RelationExtractor(doc, ents, kb, article_id).run()
