"""Monitoring source lines → the outlet, an organisation based in the line's place."""

from __future__ import annotations

import pytest

from tests.conftest import triples

# (text, statements that must be found, statements that must not be)
CASES = [
    ("Kabul Tolo News in Dari 1330 GMT 5 May 21\nThe Taliban attacked a checkpoint in Kandahar.",
     {("organisation/tolo-news", "basedIn", "location/kabul")}, set()),
    ("Taliban Claim Checkpoint Attack KB0503133021 Kabul Tolo News in Dari 1330 GMT 5 May 21",
     {("organisation/tolo-news", "basedIn", "location/kabul")}, set()),
    ("Paris LE MONDE in French 3 Apr 24 p 2", {("organisation/le-monde", "basedIn", "location/paris")}, set()),
    ("Moscow KOMMERSANT", {("organisation/kommersant", "basedIn", "location/moscow")}, set()),
    # prose, not a citation: nothing is based anywhere
    ("Moscow said the talks in Geneva would resume on 5 May 21", set(),
     {("organisation/talks", "basedIn", "location/moscow")}),
    ("Officials in Kabul spoke in Dari on 5 May.", set(), set()),
]


@pytest.mark.parametrize("text, expected, forbidden", CASES, ids=[c[0][:40] for c in CASES])
def test_source_lines(extract, text, expected, forbidden):
    result = extract(text)
    found = triples(result)
    assert expected <= found, f"missing {expected - found}; found {found}"
    assert not (forbidden & found)
    based = [s for s in result.statements if s.relation == "basedIn"]
    if not expected:
        assert not [s for s in based if s.trigger == "source line"]


def test_a_source_line_keeps_no_entity_from_its_time_and_date(extract):
    result = extract("Kabul Tolo News in Dari 1330 GMT 5 May 21")
    assert {e.key for e in result.entities} == {"location/kabul", "organisation/tolo-news"}
    st = next(s for s in result.statements if s.trigger == "source line")
    assert st.evidence == "Kabul Tolo News in Dari 1330 GMT 5 May 21"
    assert (st.start, st.end) == (0, len(st.evidence))
    assert st.modality == "asserted" and 0.5 < st.confidence < 0.9
    outlet = next(m for m in result.mentions if m.entity_key == "organisation/tolo-news")
    assert (outlet.start, outlet.end, outlet.text) == (6, 15, "Tolo News")


@pytest.mark.parametrize("text, agency", [
    ("KANDAHAR, Afghanistan (AP) -- Taliban fighters attacked a checkpoint.", "AP"),
    ("Moscow March 5 (ITAR-TASS) -- Newspapers led with the budget.", "ITAR-TASS"),
    ("Moscow April 25 TASS -- Scientists from Russia took samples near Japan.", "TASS"),  # no brackets
])
def test_a_dateline_agency_is_the_source_not_an_actor(extract, text, agency):
    result = extract(text)
    assert result.article.source == agency
    assert all(agency not in m.text for m in result.mentions)
    assert all(agency.lower() not in s.subject + s.object for s in result.statements)
