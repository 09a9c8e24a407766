"""Publishing a briefing: validation, audience, one delivery per provider, audit; chase dates."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from models import AuditEntry, Briefing, BriefingDelivery
from models.briefing_fields import BriefingError
from models.briefings import chase_dates, publish_briefing, working_days_after
from models.enums import Risk
from safecomm.cli import app
from tests.factories import make_provider

NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)


def publish(session, **fields):
    values = {"title": "Lessons from a practice review", "summary": "Invented summary.",
              "url": "https://example.org/briefing", "kind": "practice_review",
              "audience": "all", "actor": "cli:test", "now": NOW, **fields}
    return publish_briefing(session, **values)


def test_it_creates_one_delivery_per_provider_and_an_audit_entry(session):
    providers = [make_provider(session) for _ in range(3)]
    briefing = publish(session)
    session.commit()
    deliveries = session.exec(select(BriefingDelivery)).all()
    assert sorted(d.provider_id for d in deliveries) == sorted(p.id for p in providers)
    assert all(d.briefing_id == briefing.id and d.delivered_at is None for d in deliveries)
    [entry] = session.exec(select(AuditEntry)).all()
    assert (entry.entity, entry.actor, entry.note) == ("briefing", "cli:test",
                                                       "published to 3 providers")


def test_it_targets_a_risk_level(session):
    high = make_provider(session, risk=Risk.HIGH)
    make_provider(session, risk=Risk.LOW)
    publish(session, audience="risk:high")
    assert [d.provider_id for d in session.exec(select(BriefingDelivery))] == [high.id]


def test_it_names_every_unknown_provider_with_the_nearest_and_never_picks_a_near_miss(session):
    make_provider(session, name="Invented Care Alpha")
    make_provider(session, name="Acorn Youth Trust")
    session.commit()
    with pytest.raises(BriefingError) as refused:
        publish(session, audience="providers:Invented Care Alfa; Acorn Youth;Nobody At All")
    assert str(refused.value) == (
        "audience: no provider 'Invented Care Alfa' (did you mean 'Invented Care Alpha'?); "
        "no provider 'Acorn Youth' (did you mean 'Acorn Youth Trust'?); "
        "no provider 'Nobody At All'")
    session.rollback()
    assert session.exec(select(Briefing)).all() == []


def test_it_targets_named_providers_case_insensitively(session):
    a = make_provider(session, name="Invented Care Alpha")
    make_provider(session, name="Invented Care Beta")
    briefing = publish(session, audience="providers:invented care ALPHA")
    assert briefing.audience == f"providers:{a.id}"


@pytest.mark.parametrize(("fields", "message"), [
    ({"title": " "}, "title: required"),
    ({"summary": ""}, "summary: required"),
    ({"url": "example.org"}, "url: 'example.org' is not a link Slack can show: a link starts "
     "with https://"),
    ({"url": "https://example.org/a|click"}, "url: 'https://example.org/a|click' is not a link "
     "Slack can show: a link has no |, < or > in it"),
    ({"url": "https://example.org/<!channel>"}, "a link has no |, < or > in it"),
    ({"url": "https://example.org/a b"}, "a link has no spaces"),
    ({"url": "javascript:alert(1)"}, "a link starts with https://"),
    ({"kind": "gossip"}, "kind: 'gossip' is not one of"),
    ({"audience": "risk:extreme"}, "audience: 'extreme' is not a risk level"),
    ({"audience": "providers:Nobody Ltd"}, "audience: no provider 'Nobody Ltd'"),
    ({"audience": "everyone"}, "audience: 'everyone' is not 'all'"),
])
def test_it_refuses_a_bad_field_and_writes_nothing(session, fields, message):
    make_provider(session)
    session.commit()
    with pytest.raises(BriefingError, match=message.replace("(", r"\(").replace(")", r"\)")):
        publish(session, **fields)
    session.rollback()
    assert session.exec(select(Briefing)).all() == []


def test_it_refuses_an_audience_with_no_provider(session):
    with pytest.raises(BriefingError, match="matches no provider"):
        publish(session)


def weekdays(day: date) -> bool:
    return day.weekday() < 5


def test_it_counts_working_days_over_a_weekend():
    # Delivered Wednesday 25 Nov 2026: 5 working days → Wednesday 2 Dec; 10 → 9 Dec.
    assert working_days_after(date(2026, 11, 25), 5, weekdays) == date(2026, 12, 2)
    assert chase_dates(date(2026, 11, 25), weekdays) == (date(2026, 12, 2), date(2026, 12, 9))


def test_it_skips_holidays_it_is_told_about():
    holiday = date(2026, 12, 25)
    working = lambda d: weekdays(d) and d != holiday  # noqa: E731
    assert working_days_after(date(2026, 12, 21), 5, working) == date(2026, 12, 29)


def test_it_publishes_from_the_command_line(database_url, monkeypatch, session):
    make_provider(session)
    session.commit()
    monkeypatch.setenv("DATABASE_URL", database_url)
    result = CliRunner().invoke(app, ["briefing", "publish", "--title", "Procedure update",
                                      "--summary", "Invented.", "--url", "https://example.org/p",
                                      "--kind", "procedure_update"])
    assert result.exit_code == 0, result.output
    assert "published briefing" in result.output
    bad = CliRunner().invoke(app, ["briefing", "publish", "--title", "T", "--summary", "S",
                                   "--url", "nope"])
    assert bad.exit_code == 1 and "url: 'nope' is not a link Slack can show" in bad.output


def test_it_names_every_wrong_field_in_one_error(session):
    make_provider(session, name="Invented Care Gamma")
    session.commit()
    with pytest.raises(BriefingError) as refused:
        publish(session, title="", url="example.org", audience="providers:Invented Care Gama")
    assert refused.value.problems == {
        "title": "required, at most 200 characters",
        "url": "'example.org' is not a link Slack can show: a link starts with https:// (or "
               "http://) and a host",
        "audience": "no provider 'Invented Care Gama' (did you mean 'Invented Care Gamma'?)"}
    assert str(refused.value).startswith("title: required, at most 200 characters; url: ")
