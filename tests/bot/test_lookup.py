"""Finding providers and contracts by what people type (models.lookup)."""

from __future__ import annotations

import pytest

from models.lookup import CONTRACT, MAX_CHOICES, PROVIDER, closeness, find
from tests.factories import make_contract, make_provider


@pytest.fixture
def register(session):
    harbour = make_provider(session, name="Harbour Lane Fostering")
    make_provider(session, name="Harbour View Care")
    bright = make_provider(session, name="Brightwell Youth Trust")
    make_contract(session, harbour, reference="HLF-104")
    make_contract(session, harbour, reference="HLF-105")
    make_contract(session, bright, reference="BYT_1%")
    session.commit()
    return session


def labels(lookup):
    return [c.label for c in lookup.matches]


def test_it_finds_an_exact_name_whatever_the_case_and_spacing(register):
    lookup = find(register, "  harbour   LANE fostering ")

    assert lookup.found.label == "Harbour Lane Fostering"
    assert lookup.found.kind == PROVIDER


def test_it_finds_a_contract_reference_case_insensitively_with_its_provider(register):
    lookup = find(register, "hlf-104")

    assert (lookup.found.kind, lookup.found.label) == (CONTRACT, "HLF-104")
    assert lookup.found.detail == "Harbour Lane Fostering"


def test_it_finds_by_prefix(register):
    assert find(register, "bright").found.label == "Brightwell Youth Trust"


def test_it_lists_several_prefix_matches(register):
    lookup = find(register, "Harbour")

    assert lookup.found is None
    assert labels(lookup) == ["Harbour Lane Fostering", "Harbour View Care"]


def test_it_finds_a_word_inside_a_name(register):
    assert find(register, "lane fost").found.label == "Harbour Lane Fostering"


def test_it_finds_a_close_spelling(register):
    assert find(register, "Harbor Lane").found.label == "Harbour Lane Fostering"
    assert find(register, "Britewell Youth Trust").found.label == "Brightwell Youth Trust"


def test_it_suggests_the_closest_names_when_nothing_matches(register):
    lookup = find(register, "view harbour care")

    assert lookup.matches == ()
    assert lookup.suggestions[0].label == "Harbour View Care"


def test_it_suggests_nothing_for_gibberish(register):
    lookup = find(register, "zzzzqqqq")

    assert (lookup.matches, lookup.suggestions) == ((), ())


def test_it_treats_like_wildcards_as_plain_text(register):
    assert labels(find(register, "BYT_1%")) == ["BYT_1%"]
    assert find(register, "%").matches == ()
    assert find(register, "_").matches == ()


def test_it_limits_the_short_list_and_counts_the_rest(session):
    provider = make_provider(session, name="Many Contracts Ltd")
    for n in range(MAX_CHOICES + 5):
        make_contract(session, provider, reference=f"MANY-{n:02d}")
    session.commit()

    lookup = find(session, "many-", kinds=(CONTRACT,))

    assert len(lookup.matches) == MAX_CHOICES
    assert lookup.more == 5


def test_it_can_look_for_one_kind_only(register):
    assert find(register, "HLF-104", kinds=(PROVIDER,)).found is None


def test_it_finds_nothing_for_empty_text(register):
    assert find(register, "   ").matches == ()


def test_closeness_compares_with_the_names_first_words():
    assert closeness("harbor lane", "Harbour Lane Fostering") > 0.9
    assert closeness("harbor lane", "Oakmere Family Support") < 0.5
