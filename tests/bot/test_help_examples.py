"""The help's examples: a real provider and contract from the register when it holds any
(models.lookup.examples), invented ones on an empty register."""

from __future__ import annotations

from bot.builders.help import build_help_blocks
from models.lookup import Examples, examples
from tests.factories import make_contract, make_provider


def shown(blocks: list[dict]) -> str:
    return "\n".join(b.get("text", {}).get("text", "") for b in blocks)


def test_an_empty_register_gives_invented_examples(session):
    assert examples(session) == Examples()
    text = shown(build_help_blocks("/safeguarding", examples=examples(session)))
    assert "_e.g._ `/safeguarding status Harbour Lane Fostering`" in text
    assert "_e.g._ `/safeguarding dbs HLF-104`" in text


def test_the_first_provider_by_name_and_its_first_contract_are_the_examples(session):
    later = make_provider(session, name="Zephyr Youth Trust")
    first = make_provider(session, name="Acorn Family Care")
    make_contract(session, later, reference="AAA-001")
    make_contract(session, first, reference="ACF-202")
    make_contract(session, first, reference="ACF-101")
    session.commit()

    found = examples(session)

    assert found == Examples("Acorn Family Care", "ACF-101")
    text = shown(build_help_blocks("/safeguarding", examples=found))
    for example in ("status Acorn Family Care", "dbs ACF-101", "meeting ACF-101",
                    "check ACF-101", "assessment Acorn Family Care", "due 14"):
        assert f"_e.g._ `/safeguarding {example}`" in text
    assert "HLF-104" not in text and "Harbour Lane" not in text


def test_a_provider_without_contracts_lends_its_name_and_another_provider_its_contract(session):
    make_provider(session, name="Acorn Without Contracts")
    other = make_provider(session, name="Birch Lane Services")
    make_contract(session, other, reference="BLS-7")
    session.commit()
    assert examples(session) == Examples("Acorn Without Contracts", "BLS-7")
    only = Examples("Acorn Without Contracts", None)
    text = shown(build_help_blocks("/safeguarding", examples=only))
    assert "`/safeguarding status Acorn Without Contracts`" in text
    assert "`/safeguarding dbs HLF-104`" in text
