"""``dbs NAME`` lists the same window as the DBS digests: the widest of the configured
thresholds (SAFECOMM_DBS_THRESHOLDS), not a fixed 90 days."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.bot.conftest import TODAY, running_server
from tests.bot.test_commands import ask, words
from tests.factories import make_contract, make_provider, make_staff


@pytest.fixture(scope="module")
def server(module_database_url, tmp_path_factory):
    with running_server(module_database_url, tmp_path_factory.mktemp("serve-thresholds"),
                        SAFECOMM_DBS_THRESHOLDS="120,30") as running:
        yield running


def test_it_lists_a_recheck_within_the_widest_configured_threshold(server, db, user):
    provider = make_provider(db, name="Kestrel House Window")
    contract = make_contract(db, provider, reference="KHW-1", contract_manager=user)
    make_staff(db, contract, name="Hundred Days Hana", dbs_recheck_due=TODAY + timedelta(days=100))
    make_staff(db, contract, name="Far Off Farid", dbs_recheck_due=TODAY + timedelta(days=121))
    db.commit()

    text = words(ask(server, "dbs KHW-1", user))

    assert "Hundred Days Hana" in text and "within 120 days" in text
    assert "Far Off Farid" not in text
