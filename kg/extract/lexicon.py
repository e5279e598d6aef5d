"""The words that signal relations: verb and noun triggers, role nouns, modality cues.

Each trigger maps a lemma to a relation of the ontology's taxonomy
(:mod:`kg.rdf.taxonomy`); the tests check every relation named here exists there.
Lexicons are data: extend them here, never with rules that name an article's phrases.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Trigger:
    relation: str
    #: prepositions whose object is the relation's object ("attack on X", "cooperate with X")
    preps: tuple[str, ...] = ()
    #: the direct object is a theme (the person extradited), not the relation's object
    object_is_theme: bool = False
    #: coordinated subjects relate to each other ("A and B cooperate")
    reciprocal: bool = False
    #: fire only when the direct object is one of these ("share intelligence", not "share a border")
    needs_object: frozenset[str] = frozenset()
    #: stative participles: in "X is located in Y", the passive subject X is the relation's subject
    passive_subject: bool = False


_COOP = ("with", "alongside")
VERB_TRIGGERS: dict[str, Trigger] = {
    # cooperation
    "cooperate": Trigger("cooperatesWith", _COOP, reciprocal=True),
    "co-operate": Trigger("cooperatesWith", _COOP, reciprocal=True),
    "collaborate": Trigger("cooperatesWith", _COOP, reciprocal=True),
    "unite": Trigger("cooperatesWith", _COOP, reciprocal=True),
    "partner": Trigger("cooperatesWith", _COOP, reciprocal=True),
    "team": Trigger("cooperatesWith", _COOP, reciprocal=True),
    "join": Trigger("memberOf", ()),
    "form": Trigger("memberOf", ()),
    "found": Trigger("memberOf", ()),
    "co-found": Trigger("memberOf", ()),
    "share": Trigger("sharesIntelligenceWith", ("with",), reciprocal=True,
                     needs_object=frozenset({"intelligence", "information", "data", "evidence"})),
    "charge": Trigger("arrests", ()),
    "indict": Trigger("arrests", ()),
    "work": Trigger("cooperatesWith", ("with", "alongside"), reciprocal=True),
    "ally": Trigger("alliedWith", ("with",), reciprocal=True),
    "pledge": Trigger("intendsToCooperateWith", ("to",)),
    "promise": Trigger("intendsToCooperateWith", ("to",)),
    "offer": Trigger("intendsToCooperateWith", ("to",)),
    "invite": Trigger("intendsToCooperateWith", ()),
    "extradite": Trigger("extraditesTo", ("to",), object_is_theme=True),
    "hand": Trigger("extraditesTo", ("to",), object_is_theme=True),  # hand over
    "render": Trigger("extraditesTo", ("to",), object_is_theme=True),  # rendition
    "transfer": Trigger("extraditesTo", ("to",), object_is_theme=True),
    "repatriate": Trigger("extraditesTo", ("to",), object_is_theme=True),
    "meet": Trigger("meetsWith", ("with",), reciprocal=True),
    "visit": Trigger("meetsWith", ()),
    "host": Trigger("meetsWith", ()),
    "negotiate": Trigger("meetsWith", ("with",), reciprocal=True),
    "talk": Trigger("meetsWith", ("with", "to"), reciprocal=True),
    "consult": Trigger("meetsWith", ("with",), reciprocal=True),
    "aid": Trigger("providesAidTo", ()),
    "assist": Trigger("providesAidTo", ()),
    "support": Trigger("providesAidTo", ()),
    "help": Trigger("providesAidTo", ()),
    "fund": Trigger("providesAidTo", ()),
    "finance": Trigger("providesAidTo", ()),
    "arm": Trigger("providesMilitaryAidTo", ()),
    "train": Trigger("providesMilitaryAidTo", ()),
    "advise": Trigger("providesMilitaryAidTo", ()),
    "praise": Trigger("praises", ()),
    "welcome": Trigger("praises", ()),
    "thank": Trigger("praises", ()),
    "commend": Trigger("praises", ()),
    "endorse": Trigger("praises", ()),
    # conflict
    "accuse": Trigger("accuses", ()),
    "blame": Trigger("accuses", ("for",)),
    "criticize": Trigger("criticises", ()),
    "criticise": Trigger("criticises", ()),
    "condemn": Trigger("criticises", ()),
    "denounce": Trigger("criticises", ()),
    "demand": Trigger("demands", ("from", "of")),
    "urge": Trigger("demands", ()),
    "reject": Trigger("rejects", ()),
    "threaten": Trigger("threatens", ()),
    "warn": Trigger("threatens", ()),
    "sanction": Trigger("sanctions", ()),
    "arrest": Trigger("arrests", ()),
    "detain": Trigger("arrests", ()),
    "capture": Trigger("arrests", ()),
    "expel": Trigger("expels", ("from",)),
    "deport": Trigger("expels", ()),
    "attack": Trigger("attacks", ()),
    "bomb": Trigger("attacks", ()),
    "strike": Trigger("attacks", ()),
    "raid": Trigger("attacks", ()),
    "shell": Trigger("attacks", ()),
    "target": Trigger("attacks", ()),
    "ambush": Trigger("attacks", ()),
    "invade": Trigger("attacks", ()),
    "assault": Trigger("attacks", ()),
    "abduct": Trigger("abducts", ()),
    "kidnap": Trigger("abducts", ()),
    "kill": Trigger("kills", ()),
    "assassinate": Trigger("kills", ()),
    "murder": Trigger("kills", ()),
    "execute": Trigger("kills", ()),
    "behead": Trigger("kills", ()),
    "shoot": Trigger("kills", ()),
    "fight": Trigger("fights", ("against", "with"), reciprocal=True),
    "battle": Trigger("fights", ("against", "with"), reciprocal=True),
    "clash": Trigger("fights", ("with",), reciprocal=True),
    "oppose": Trigger("opposes", ()),
    "defeat": Trigger("opposes", ()),
    "destroy": Trigger("attacks", ()),
    "degrade": Trigger("opposes", ()),
    "dismantle": Trigger("opposes", ()),
    "eliminate": Trigger("opposes", ()),
    "hit": Trigger("attacks", ()),
    "engage": Trigger("attacks", (), needs_object=frozenset()),
    "liberate": Trigger("opposes", ("from",)),
    "confront": Trigger("opposes", ()),
    "combat": Trigger("opposes", ()),
    "counter": Trigger("opposes", ()),
    "resist": Trigger("opposes", ()),
    # stative
    "lead": Trigger("leads", ()),
    "head": Trigger("leads", ()),
    "command": Trigger("leads", ()),
    "chair": Trigger("leads", ()),
    "control": Trigger("controls", ()),
    "seize": Trigger("controls", ()),
    "occupy": Trigger("controls", ()),
    "operate": Trigger("operatesIn", ("in", "across", "inside", "within")),
    "base": Trigger("basedIn", ("in",), passive_subject=True),
    "headquarter": Trigger("basedIn", ("in",), passive_subject=True),
    "locate": Trigger("locatedIn", ("in", "at", "within", "between"), passive_subject=True),
    "lie": Trigger("locatedIn", ("in", "at", "within", "between")),
    "situate": Trigger("locatedIn", ("in", "at", "within", "between"), passive_subject=True),
    "live": Trigger("livesIn", ("in",)),
    "reside": Trigger("livesIn", ("in",)),
}

#: nominalisations: "the attack on X", "cooperation between X and Y", "X's extradition of P to Y"
NOUN_TRIGGERS: dict[str, Trigger] = {
    "cooperation": Trigger("cooperatesWith", ("with", "between"), reciprocal=True),
    "co-operation": Trigger("cooperatesWith", ("with", "between"), reciprocal=True),
    "collaboration": Trigger("cooperatesWith", ("with", "between"), reciprocal=True),
    "partnership": Trigger("cooperatesWith", ("with", "between"), reciprocal=True),
    "alliance": Trigger("alliedWith", ("with", "between"), reciprocal=True),
    "extradition": Trigger("extraditesTo", ("to",), object_is_theme=True),
    "rendition": Trigger("extraditesTo", ("to",), object_is_theme=True),
    "handover": Trigger("extraditesTo", ("to",), object_is_theme=True),
    "transfer": Trigger("extraditesTo", ("to",), object_is_theme=True),
    "talk": Trigger("meetsWith", ("with", "between"), reciprocal=True),
    "meeting": Trigger("meetsWith", ("with", "between"), reciprocal=True),
    "discussion": Trigger("meetsWith", ("with", "between"), reciprocal=True),
    "negotiation": Trigger("meetsWith", ("with", "between"), reciprocal=True),
    "visit": Trigger("meetsWith", ("to",)),
    "aid": Trigger("providesAidTo", ("to", "for")),
    "assistance": Trigger("providesAidTo", ("to", "for")),
    "support": Trigger("providesAidTo", ("to", "for")),
    "sanction": Trigger("sanctions", ("on", "against")),
    "embargo": Trigger("sanctions", ("on", "against")),
    "agreement": Trigger("signsAgreementWith", ("with", "between"), reciprocal=True),
    "deal": Trigger("signsAgreementWith", ("with", "between"), reciprocal=True),
    "treaty": Trigger("signsAgreementWith", ("with", "between"), reciprocal=True),
    "accord": Trigger("signsAgreementWith", ("with", "between"), reciprocal=True),
    "attack": Trigger("attacks", ("on", "against")),
    "strike": Trigger("attacks", ("on", "against")),
    "airstrike": Trigger("attacks", ("on", "against")),
    "bombing": Trigger("attacks", ("of", "on")),
    "raid": Trigger("attacks", ("on", "against")),
    "assault": Trigger("attacks", ("on", "against")),
    "invasion": Trigger("attacks", ("of",)),
    "offensive": Trigger("attacks", ("against", "on")),
    "assassination": Trigger("kills", ("of",)),
    "killing": Trigger("kills", ("of",)),
    "murder": Trigger("kills", ("of",)),
    "slaying": Trigger("kills", ("of",)),
    "war": Trigger("fights", ("against", "with", "on", "between"), reciprocal=True),
    "fight": Trigger("opposes", ("against",)),
    "defeat": Trigger("opposes", ("of",)),
    "destruction": Trigger("opposes", ("of",)),
    "counterterrorism": Trigger("opposes", ("against",)),
    "campaign": Trigger("opposes", ("against",)),
    "arrest": Trigger("arrests", ("of",)),
    "accusation": Trigger("accuses", ("against",)),
    "criticism": Trigger("criticises", ("of",)),
    "threat": Trigger("threatens", ("to", "against")),
}

#: verbs that take an event noun as object and pass their subject to it ("carry out attacks on X")
LIGHT_VERBS = frozenset({"carry", "conduct", "launch", "stage", "mount", "perpetrate", "execute", "claim", "wage",
                         "lead", "undertake", "step", "intensify", "continue", "impose", "provide", "offer",
                         "sign", "hold", "give", "send", "deliver", "announce", "expand", "deepen", "resume"})

#: "ISIS fighters", "Pakistani officials": the head noun stands for the modifier's actor
ACTOR_NOUNS = frozenset(
    {
        "government", "official", "officials", "authority", "authorities", "force", "forces", "troop", "troops",
        "army", "military", "navy", "police", "ministry", "diplomat", "administration", "leadership",
        "soldier", "fighter", "militant", "insurgent", "jihadist", "regime", "delegation", "state", "intelligence",
        "agency", "embassy", "security", "cabinet", "parliament", "jet", "warplane", "drone", "unit", "commander",
        "officer", "prosecutor", "diplomat", "spy", "guard", "personnel", "member", "leader", "envoy",
        # assets stand for their owner when attacked: "struck Houthi targets", "an AU base"
        "target", "position", "base", "camp", "stronghold", "hideout", "convoy", "ship", "vessel", "warship",
        "facility", "headquarters", "outpost", "checkpoint", "infrastructure", "interest", "asset",
        # a country's ground stands for the country: "accusing the Afghan soil of sheltering militants"
        "soil", "territory", "land",
    }
)

#: role nouns that make a person of a description ("the Pakistani bomber", "an ISKP operative")
PERSON_NOUNS = frozenset(
    {
        "bomber", "suspect", "operative", "gunman", "attacker", "assailant", "perpetrator", "terrorist",
        "mastermind", "hostage", "journalist", "activist", "national", "citizen", "prisoner", "detainee",
    }
)

#: nouns only a person is described by, in an apposition: "Harrington, a professor of ..."
PERSONAL_NOUNS = frozenset(
    {
        "professor", "lecturer", "teacher", "lawyer", "attorney", "designer", "actor", "actress", "singer",
        "musician", "composer", "writer", "author", "poet", "novelist", "playwright", "painter", "artist",
        "doctor", "physician", "surgeon", "scientist", "economist", "historian", "student", "farmer", "priest",
        "pastor", "rabbi", "imam", "spokesman", "spokeswoman", "senator", "congressman", "congresswoman", "mayor",
        "governor", "widow", "widower",
    }
)

#: what only a person has: "Sohn's wife", "Roe's hometown" (with "home": "Sohn's New Jersey home")
KIN_NOUNS = frozenset(
    {
        "wife", "husband", "son", "daughter", "father", "mother", "brother", "sister", "widow", "widower",
        "grandson", "granddaughter", "nephew", "niece", "cousin", "uncle", "aunt", "girlfriend", "boyfriend",
        "fiancee", "fiance", "parents", "hometown", "birthplace",
    }
)

#: role nouns that name the same kind of part in an event: one article's "bomber" and "suspect"
PERSON_CLASS = {n: "perpetrator" for n in ("bomber", "suspect", "operative", "gunman", "attacker", "assailant",
                                           "perpetrator", "terrorist", "mastermind")}

#: role nouns in appositions and copulas: "X, chairman of Y"; value is the relation
ROLE_NOUNS: dict[str, str] = {
    **{n: "leads" for n in ("leader", "head", "chief", "chairman", "chairwoman", "chair", "commander",
                             "president", "founder", "emir", "director", "secretary-general", "ceo", "boss")},
    **{n: "holdsRoleIn" for n in ("spokesman", "spokeswoman", "spokesperson", "minister", "official", "envoy",
                                   "ambassador", "adviser", "advisor", "representative", "deputy", "general",
                                   "officer", "employee", "analyst", "correspondent", "editor", "reporter")},
    **{n: "memberOf" for n in ("member", "fighter", "militant", "operative", "affiliate", "part", "faction",
                                "wing", "branch", "offshoot", "ally")},
}

#: nouns for who did a killing, in appositions and as modifiers: "X, the assassin of Y", "Y's killer, X"
AGENT_NOUNS: dict[str, str] = {n: "kills" for n in ("assassin", "killer", "murderer", "slayer")}

#: words one of which a sentence must hold before the relation classifier may say the relation
#: there: it learned "kills" from sentences about killings and sees it in any two people
#: otherwise ("Roe, a former aide to Poe"). The killing words above, and shooting.
LEARNED_CUES: dict[str, frozenset[str]] = {
    "kills": frozenset({"kill", "killing", "killer", "assassinate", "assassination", "assassin", "murder", "murderer",
                        "execute", "execution", "behead", "slay", "slaying", "slayer", "slain", "death", "die", "dead",
                        "shoot", "shooting", "shot", "gunman", "fire", "bullet", "rifle", "gun"}),
}

#: nouns that describe a place as part of another: "Yerevan, the capital of Armenia", "Mosul, a city in Iraq"
PLACE_NOUNS = frozenset({"capital", "city", "town", "village", "port", "province", "region", "district", "county",
                         "suburb", "island", "republic", "state", "country"})

#: where a person is from, in copulas and appositions: "X, a native of Y"
RESIDENT_NOUNS: dict[str, str] = {"native": "livesIn", "resident": "livesIn", "inhabitant": "livesIn"}

#: a place as someone's home: "Beaumont, Jane Roe's hometown"; "Ohio is her home state"
HOME_NOUNS = frozenset({"hometown", "birthplace", "homeland"})
HOME_MODIFIED = frozenset({"state", "town", "city", "country", "village", "province", "region"})  # "home state"

#: ally/enemy nouns in copulas and appositions: "X is an ally of Y"
STANCE_NOUNS: dict[str, str] = {
    "ally": "alliedWith", "partner": "alliedWith", "friend": "alliedWith",
    "enemy": "opposes", "foe": "opposes", "rival": "opposes", "adversary": "opposes", "opponent": "opposes",
}

#: cues of modality, by lemma
NEGATION_VERBS = frozenset({"deny", "refute", "dismiss", "reject"})
ALLEGED_CUES = frozenset({"allegedly", "reportedly", "alleged", "purportedly", "supposedly", "claim", "allege",
                          "accuse", "suspect", "rumour", "rumor", "charge", "indict", "blame"})
HYPOTHETICAL_AUX = frozenset({"could", "would", "might", "may", "should", "will", "shall", "can", "must", "'ll", "wo", "ca"})
HYPOTHETICAL_HEADS = frozenset(
    {"plan", "intend", "aim", "seek", "want", "hope", "vow", "threaten", "consider", "propose", "prepare",
     "try", "attempt", "expect", "wish", "ready", "able", "likely", "possible", "prospect", "potential", "if",
     "commit", "committed", "determined", "pledge", "promise", "intent", "intention", "plan", "threat",
     "unless", "whether", "plot"}
)
