"""Mentions → canonical entities: one node per real-world actor."""

from __future__ import annotations

import pytest

CASES = [
    ("Islamabad accused Kabul of sheltering militants.", {"pakistan", "afghanistan"}),
    ("Washington welcomed the move. The United States and the U.S. Navy are not the same.", {"united-states"}),
    ("Pakistani officials met American diplomats.", {"pakistan", "united-states"}),
    ("The Shanghai Cooperation Organisation (SCO) met. The SCO issued a statement.", {"sco"}),
    ("Islamic State Khorasan Province, also known as ISIS-K or ISKP, claimed the attack.", {"iskp"}),
    ("Al-Qaeda and al Qaeda are one group.", {"al-qaeda"}),
]


@pytest.mark.parametrize("text, keys", CASES, ids=[c[0][:40] for c in CASES])
def test_canonical_entities(extract, text, keys):
    result = extract(text)
    found = {e.key for e in result.entities}
    assert keys <= found, f"missing {keys - found}; found {found}"


def test_one_node_per_actor(extract):
    result = extract("ISKP struck again. The Islamic State Khorasan Province and ISIS-K are the same group.")
    keys = [e.key for e in result.entities if "khorasan" in e.label.lower() or e.key == "iskp"]
    assert keys == ["iskp"]


def test_kb_entities_carry_wikidata_and_iso(extract):
    result = extract("Pakistan and the United States agreed to cooperate.")
    by_key = {e.key: e for e in result.entities}
    assert by_key["pakistan"].wikidata == "Q843"
    assert by_key["pakistan"].iso_alpha3 == "PAK"
    assert by_key["united-states"].iso_alpha2 == "US"


def test_capital_as_place_is_not_the_state(extract):
    result = extract("ISKP carried out attacks against Kabul.")
    st = [s for s in result.statements if s.relation == "attacks"]
    assert st and st[0].object == "location/kabul"


def test_css_and_markup_make_no_entities(extract):
    result = extract("Talks resumed in Doha.\n\n#pf-body #pf-title { margin-bottom: 2rem; color: white; }")
    labels = {e.label for e in result.entities}
    assert not any("{" in l or "px" in l or "#" in l for l in labels)


def test_demonym_person_gets_nationality(extract):
    result = extract("The Pakistani bomber was extradited to the United States.")
    persons = [e for e in result.entities if e.type == "Person"]
    assert persons and persons[0].nationality == "pakistan"
