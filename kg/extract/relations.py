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

from kg.extract.actors import DocEntities, clean_label, headline_like
from kg.extract.lexicon import (
    ACTOR_NOUNS,
    ALLEGED_CUES,
    HYPOTHETICAL_AUX,
    HYPOTHETICAL_HEADS,
    LIGHT_VERBS,
    NEGATION_VERBS,
    NOUN_TRIGGERS,
    PERSON_NOUNS,
    ROLE_NOUNS,
    STANCE_NOUNS,
    VERB_TRIGGERS,
    Trigger,
)
from kg.link.gazetteer import ActorKB
from kg.link.uris import entity_key
from kg.types import Entity, Mention, Modality, Statement

_SUBJ = ("nsubj", "csubj")
_INHERIT = ("xcomp", "advcl", "conj", "pcomp", "prep", "acomp")
_PRONOUNS = {"it": "sg", "its": "sg", "they": "pl", "their": "pl", "them": "pl"}
_GROUP_NOUNS = {"group": "org", "organisation": "org", "organization": "org", "movement": "org",
                "militia": "org", "country": "state", "nation": "state", "government": "state"}
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
        lower = token.lower_
        if lower in _PRONOUNS and token.pos_ == "PRON":
            key = self._salient(token, "pl" if _PRONOUNS[lower] == "pl" else "sg")
            return Arg(key, token, 0.75) if key else None
        lemma = token.lemma_.lower()
        modifier = self._modifier_entity(token)
        if lemma in ACTOR_NOUNS and modifier:
            return Arg(modifier, token, 0.9)
        if lemma in PERSON_NOUNS and token.pos_ in ("NOUN", "PROPN") and (
            token.tag_ in ("NN", "NNP") or any(c.dep_ in ("amod", "compound", "nmod") for c in token.children)
        ):
            return self._person_description(token)
        if lemma in _GROUP_NOUNS and any(c.lower_ in ("the", "this", "that") for c in token.children):
            key = self._salient(token, _GROUP_NOUNS[lemma])
            return Arg(key, token, 0.7) if key else None
        if lemma in ("country", "nation") and any(c.lower_ in ("two", "both") for c in token.subtree):
            return None  # "the two countries" is handled as a pair by the caller
        return None

    def pair(self, token: Token) -> list[Arg]:
        """'the two countries (of X and Y)', 'both countries': the pair the article means.

        Named after "of" when it is; otherwise the two states mentioned most in the last few
        sentences (ties to the most recent)."""
        if token.lemma_.lower() not in ("country", "nation", "government", "side", "state") or not any(
            c.lower_ in ("two", "both") for c in token.children
        ):
            return []
        named = [a for o in _prep_objects(token, ("of",)) for a in _bind_all(self, [o])]
        if len(named) == 2:
            return named
        sents = list(self.doc.sents)
        idx = next((i for i, s in enumerate(sents) if s.start <= token.i < s.end), 0)
        counts: dict[str, tuple[int, int]] = {}
        for t in self.doc[sents[max(0, idx - 4)].start: token.i]:
            key = self.ents.key_at(t)
            ent = self.ents.entities.get(key or "")
            if ent and ent.type == "State" and (t.i == 0 or self.ents.key_at(self.doc[t.i - 1]) != key):
                n, _ = counts.get(key, (0, 0))  # type: ignore[arg-type]
                counts[key] = (n + 1, t.i)  # type: ignore[index]
        top = sorted(counts, key=lambda k: counts[k], reverse=True)[:2]
        return [Arg(k, token, 0.7) for k in top] if len(top) == 2 else []

    def _modifier_entity(self, token: Token) -> str | None:
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod"):
                key = self.ents.key_at(child) or self.ents.demonym_of.get(child.i)
                if key:
                    return key
        for child in token.children:  # "forces of Pakistan"
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj" and self.ents.key_at(obj):
                        return self.ents.key_at(obj)
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

    def _person_description(self, token: Token) -> Arg | None:
        """'the Pakistani bomber', 'an ISKP operative': an unnamed person, with what is known."""
        mods = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod") and c.i < token.i]
        nationality = next((self.ents.demonym_of.get(c.i) for c in mods if self.ents.demonym_of.get(c.i)), None)
        group = next((self.ents.key_at(c) for c in mods if self.ents.key_at(c)), None)
        first = min([t.i for c in mods for t in c.subtree] + [token.i])
        words = [t for t in self.doc[first: token.i + 1] if not t.is_punct and t.dep_ != "det"]
        label = clean_label(" ".join(t.text for t in words)) or token.text
        label = label[0].upper() + label[1:]
        entity = Entity(key=entity_key(label, "Person"), label=label, type="Person", nationality=nationality)
        span = self.doc[words[0].i: token.i + 1] if words else self.doc[token.i: token.i + 1]
        self._add_entity(entity, span)
        sent = token.sent
        for rel, target in (("hasNationality", nationality), ("memberOf", group)):
            if target and (self.kb.get(target) is not None or target in self.ents.entities):
                self.extra.append(_statement(entity.key, rel, target, sent, self.article_id, 0.8, "asserted",
                                             token.text))  # type: ignore[arg-type]
        return Arg(entity.key, token, 0.85)


def _statement(subj: str, rel: str, obj: str, sent: Span, article_id: str, conf: float, mod: Modality,
               trigger: str, theme: str | None = None) -> Statement:
    text = sent.doc.user_data.get("kg_text") or sent.doc.text  # the article's own text, not the truecased parse
    start, end = sent.start_char, sent.end_char
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return Statement(subject=subj, relation=rel, object=obj, article_id=article_id,
                     evidence=text[start:end],
                     start=start, end=end, confidence=round(conf, 3), modality=mod,
                     trigger=trigger, theme=theme)


def _conjuncts(token: Token) -> list[Token]:
    out = [token]
    for c in token.children:
        if c.dep_ == "conj":
            out.extend(_conjuncts(c))
    return out


def _bind_all(binder: _Binder, tokens: Iterable[Token]) -> list[Arg]:
    args: list[Arg] = []
    for tok in tokens:
        for t in _conjuncts(tok):
            pair = binder.pair(t)
            if pair:
                args.extend(pair)
                continue
            arg = binder.bind(t)
            if arg and arg.key not in [a.key for a in args]:
                args.append(arg)
    return args


def _prep_objects(token: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps)
    return [o for c in token.children if c.dep_ in ("prep", "dative") and c.lower_ in wanted
            for o in c.children if o.dep_ == "pobj"]


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
            return _bind_all(binder, [token.head]), 0.95
        return _bind_all(binder, subj), 1.0
    if token.dep_ in _INHERIT and depth < 4 and token.head is not token:
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
        if t.dep_ in ("xcomp", "ccomp", "advcl", "pcomp", "acl", "relcl", "conj", "pobj", "prep") and t.head is not t:
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


class RelationExtractor:
    """Reads statements off one parsed article."""

    def __init__(self, doc: Doc, ents: DocEntities, kb: ActorKB, article_id: str) -> None:
        self.doc, self.ents, self.article_id = doc, ents, article_id
        self.binder = _Binder(doc, ents, kb, article_id)
        self.partials: list[Partial] = []

    def _kb_weight(self, key: str) -> float:
        ent = self.ents.entities.get(key)
        return 1.0 if ent is not None and ent.in_kb else 0.95

    def _emit(self, subjects: list[Arg], rel: str, objects: list[Arg], token: Token, weights: list[float],
              theme: str | None = None, trig: Trigger | None = None) -> Iterator[Statement]:
        sent = token.sent
        mod = modality(token)
        if (not subjects or not objects) and trig is not None and trig.object_is_theme and theme:
            partial = _statement(subjects[0].key if subjects else "", rel, objects[0].key if objects else "", sent,
                                 self.article_id, confidence(*weights), mod, token.text, theme)
            self.partials.append(Partial(partial, [a.key for a in subjects], [a.key for a in objects]))
            return
        if not objects and trig is not None and trig.reciprocal and len(subjects) > 1:
            pairs = [(a, b) for i, a in enumerate(subjects) for b in subjects[i + 1:]]
        else:
            pairs = [(a, b) for a in subjects for b in objects]
        for a, b in pairs:
            if a.key == b.key:
                continue
            conf = confidence(*weights, a.weight, b.weight, self._kb_weight(a.key), self._kb_weight(b.key))
            yield _statement(a.key, rel, b.key, sent, self.article_id, conf, mod, token.text, theme)

    def verb(self, token: Token, trig: Trigger, headline: bool) -> Iterator[Statement]:
        weights = [0.85] if headline else []
        if trig.needs_object and not any(
            c.dep_ == "dobj" and c.lemma_.lower() in trig.needs_object for c in token.children
        ):
            return
        passive = [c for c in token.children if c.dep_ == "nsubjpass"]
        agents = [o for c in token.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        if passive or agents:
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
        yield from self._emit(subjects, trig.relation, objects, token, weights, theme, trig)
        if trig.relation in ("cooperatesWith", "alliedWith", "intendsToCooperateWith"):
            enemies = _bind_all(self.binder, _prep_objects(token, ("against",)))
            yield from self._emit(subjects, "opposes", enemies, token, weights + [0.9])

    def noun(self, token: Token, trig: Trigger, headline: bool) -> Iterator[Statement]:
        weights = [0.9] + ([0.85] if headline else [])
        agent_tokens = [c for c in token.children if c.dep_ == "poss"]
        agent_tokens += _prep_objects(token, ("by",))
        agent_tokens += [c for c in token.children if c.dep_ in ("compound", "amod", "nmod") and self.ents.key_at(c)
                         and self.ents.entities[self.ents.key_at(c)].type != "Location"]  # type: ignore[index]
        for c in token.children:  # "the attack, conducted by ISKP"
            if c.dep_ == "acl" and c.lemma_.lower() in LIGHT_VERBS | {"carry"}:
                agent_tokens += [o for a in c.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
        subjects = _bind_all(self.binder, agent_tokens)
        if not subjects and token.dep_ in ("dobj", "attr") and token.head.lemma_.lower() in LIGHT_VERBS:
            subjects, w = _subjects(token.head, self.binder, headline)
            weights.append(w)
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
        """'the Abbey Gate attack': a named event, made an entity."""
        names = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if not names:
            return None
        start = min(t.i for n in names for t in n.subtree)
        span = self.doc[start: token.i + 1]
        label = clean_label(span.text)
        entity = Entity(key=entity_key(label, "Event"), label=label, type="Event")
        self.binder._add_entity(entity, span)
        return entity.key

    def stative(self, token: Token) -> Iterator[Statement]:
        """'X, chairman of Y'; 'X is a member of Y'; 'UK-based X'; 'X is active in Y'."""
        key = self.ents.key_at(token)
        if not key or token.i != max(t.i for t in self.doc[token.i: token.i + 1]) or (
            token.i + 1 < len(self.doc) and self.ents.key_at(self.doc[token.i + 1]) == key
        ):
            return
        subject = Arg(key, token)
        nouns = [c for c in token.children if c.dep_ == "appos"]
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_ == "be":
            nouns += [c for c in token.head.children if c.dep_ in ("attr", "acomp")]
        for noun in [n for x in nouns for n in _conjuncts(x)]:
            lemma = noun.lemma_.lower()
            rel = ROLE_NOUNS.get(lemma) or STANCE_NOUNS.get(lemma)
            preps = ("of", "for", "in", "at", "to", "with")
            if rel is None and lemma in ("active", "present", "based", "operational"):
                rel, preps = ("basedIn" if lemma == "based" else "operatesIn"), ("in", "across", "inside")
            if rel is None:
                continue
            objects = _bind_all(self.binder, _prep_objects(noun, preps))
            objects += [a for a in _bind_all(self.binder, [c for c in noun.children if c.dep_ in ("compound", "poss")])]
            yield from self._emit([subject], rel, objects, noun, [0.95])
        for child in token.children:  # "UK-based activist Raja Hussain" / "the US-based group"
            if child.dep_ in ("amod", "compound") and child.lower_.endswith("based"):
                places = [t for t in child.subtree if self.ents.key_at(t)]
                yield from self._emit([subject], "basedIn", _bind_all(self.binder, places[:1]), child, [0.9])

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
        out.extend(self.binder.extra)
        out.extend(complete_partials(self.partials))
        return dedupe(self._events_to_agents(out))

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
