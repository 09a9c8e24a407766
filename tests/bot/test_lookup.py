"""Finding providers and contracts by what people type (models.lookup, by models.names)."""

from __future__ import annotations

import pytest

from models.lookup import CONTRACT, MAX_CHOICES, PROVIDER, find
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


def labels(candidates):
    return [c.label for c in candidates]


def test_it_finds_an_exact_name_whatever_the_case_and_spacing(register):
    lookup = find(register, "  harbour   LANE fostering ")

    assert lookup.found.label == "Harbour Lane Fostering"
    assert lookup.found.kind == PROVIDER


def test_it_finds_a_contract_reference_case_insensitively_with_its_provider(register):
    lookup = find(register, "hlf-104")

    assert (lookup.found.kind, lookup.found.label) == (CONTRACT, "HLF-104")
    assert lookup.found.detail == "Harbour Lane Fostering"


def test_it_finds_a_name_stored_with_odd_spacing(session):
    make_provider(session, name="Oak  Care   Homes")
    session.commit()

    assert find(session, "oak care homes").found.label == "Oak  Care   Homes"


def test_it_never_picks_a_prefix_but_suggests_it(register):
    lookup = find(register, "bright")

    assert lookup.found is None and lookup.matches == ()
    assert labels(lookup.suggestions) == ["Brightwell Youth Trust"]


def test_it_suggests_every_name_starting_with_the_text(register):
    lookup = find(register, "Harbour")

    assert lookup.found is None
    assert labels(lookup.suggestions) == ["Harbour Lane Fostering", "Harbour View Care"]


def test_it_never_picks_a_close_spelling_but_suggests_it(register):
    for typed, meant in (("Harbor Lane", "Harbour Lane Fostering"),
                         ("Britewell Youth Trust", "Brightwell Youth Trust"),
                         ("lane fost", "Harbour Lane Fostering")):
        lookup = find(register, typed)
        assert lookup.found is None, typed
        assert lookup.suggestions[0].label == meant, typed


def test_a_suggested_contract_carries_its_provider(register):
    lookup = find(register, "HLF-10", kinds=(CONTRACT,))

    assert labels(lookup.suggestions) == ["HLF-104", "HLF-105"]
    assert lookup.suggestions[0].detail == "Harbour Lane Fostering"


def test_it_suggests_nothing_for_gibberish(register):
    lookup = find(register, "zzzzqqqq")

    assert (lookup.matches, lookup.suggestions) == ((), ())


def test_it_treats_like_wildcards_as_plain_text(register):
    assert labels(find(register, "BYT_1%").matches) == ["BYT_1%"]
    assert find(register, "%").matches == ()
    assert find(register, "_").matches == ()


def test_it_lists_names_alike_but_for_case_to_choose_from(session):
    provider = make_provider(session, name="Alike Ltd")
    make_contract(session, provider, reference="ALIKE-1")
    make_contract(session, provider, reference="alike-1")
    session.commit()

    lookup = find(session, "Alike-1 ", kinds=(CONTRACT,))
    exact = find(session, "alike-1", kinds=(CONTRACT,))

    assert lookup.found is None and sorted(labels(lookup.matches)) == ["ALIKE-1", "alike-1"]
    assert exact.found.label == "alike-1"


def test_it_limits_the_short_list_and_counts_the_rest(session):
    provider = make_provider(session, name="Many Cases Ltd")
    variants = ["".join(c.upper() if bit & (1 << i) else c for i, c in enumerate("abcd")) + "-1"
                for bit in range(1, 16)]  # every casing but the all-lower one
    for reference in variants:
        make_contract(session, provider, reference=reference)
    session.commit()

    lookup = find(session, "abcd-1", kinds=(CONTRACT,))

    assert lookup.found is None
    assert len(lookup.matches) == MAX_CHOICES and lookup.more == len(variants) - MAX_CHOICES


def test_it_can_look_for_one_kind_only(register):
    lookup = find(register, "HLF-104", kinds=(PROVIDER,))

    assert lookup.found is None and lookup.matches == ()


def test_it_finds_nothing_for_empty_text(register):
    assert find(register, "   ").matches == ()
