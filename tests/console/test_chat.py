"""``safecomm chat``: each sub-command typed goes through the real Slack app (signed, over
HTTP on 127.0.0.1) and its reply, form or App Home is shown readably; forms are filled in at
the prompt and saved by the app."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from sqlmodel import select

from models import Contract, MonitoringMeeting, SelfAssessment, Staff, ThematicCheck
from models.activity import Briefing, BriefingDelivery
from models.crypto import CertificateCipher
from models.enums import Rag
from tests.console.conftest import TODAY, assert_readable, chat


def test_it_answers_status_dbs_and_help_through_the_real_app(demo_db):
    result = chat(demo_db, "status brightwell youth trust", "dbs BSC-104", "help",
                  "status Zebra Crossing", "status Brightwell", "quit")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "as of Wednesday 25 Nov 2026; you are U0DEMOADMIN (an admin)." in out
    assert "/safeguarding> status brightwell youth trust\n── reply, only visible to you ──\n" \
           "Brightwell Youth Trust — safeguarding status\n" in out
    assert "called “Brightwell”. Did you mean:\n• Brightwell Youth Trust — provider" in out
    assert "1. Self-assessment and safeguarding statement" in out
    assert "DBS re-checks — BSC-104" in out and "[1: Renewal or leaver]" in out
    assert "Safe commissioning: what I can do" in out
    assert "`/safeguarding status NAME` — a provider's" in out  # bold code made plain
    assert "I can't find a provider or contract called “Zebra Crossing”." in out
    assert_readable(out)


def meeting_of(db, reference: str, held_on: date) -> MonitoringMeeting | None:
    with db.session() as session:
        contract = session.exec(select(Contract).where(Contract.reference == reference)).one()
        return session.exec(select(MonitoringMeeting).where(
            MonitoringMeeting.contract_id == contract.id,
            MonitoringMeeting.held_on == held_on)).first()


def test_it_fills_in_the_meeting_form_and_the_app_saves_it(demo_db):
    held = TODAY - relativedelta(days=5)
    result = chat(demo_db, "meeting BSC-104", held.isoformat(), "2", "2 referrals\\n0 LADO",
                  "", "", "")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "┌─ Modal: Monitoring meeting ─┐" in out and "    ( ) No" in out
    assert "(the app refreshed the form from that answer)" in out  # the date was dispatched
    assert "Form sent." in out
    assert f"Recorded the monitoring meeting of `BSC-104` held on {held.day} Nov 2026" in out
    assert "── posted in channel C0BSCPLOCAL ──" in out  # not discussed: the BSCP is told
    meeting = meeting_of(demo_db, "BSC-104", held)
    assert meeting.safeguarding_discussed is False and meeting.recorded_by == "U0DEMOADMIN"
    assert meeting.metrics == "2 referrals\n0 LADO"
    prefilled = out.split("Next meeting (optional) [YYYY-MM-DD, Enter for ")[1][:10]
    assert meeting.next_meeting_on == date.fromisoformat(prefilled) > held
    assert_readable(out)


def test_it_shows_field_errors_and_asks_only_those_again(demo_db):
    result = chat(demo_db, "check BSC-104", "", "2027-01-04", "red", "",
                  "Online safety", "")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "The app did not accept the form; nothing was saved:" in out
    assert "  ✗ Theme: Please fill this in." in out
    assert "  ✗ Check done on: A check can't be in the future (today is 25 Nov 2026)." in out
    assert out.count("Outcome [1-3") == 1  # only the fields in error are asked again
    with demo_db.session() as session:
        check = session.exec(select(ThematicCheck).where(
            ThematicCheck.theme == "Online safety", ThematicCheck.done_on == TODAY)).one()
    assert check.outcome == Rag.RED and check.recorded_by == "U0DEMOADMIN"
    assert "Recorded the thematic check “Online safety”" in out


def test_it_presses_record_renewal_and_saves_the_new_certificate(demo_db):
    result = chat(demo_db, "dbs BSC-104", "1", "", "0012 3456 7890", "", "", "")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "(pressing “Renewal or leaver”)" in out and "┌─ Modal: Renewal or leaver ─┐" in out
    assert "certificate ••••••••7890" in out
    with demo_db.session() as session:
        [staff] = session.exec(select(Staff).where(Staff.dbs_certificate_last4 == "7890",
                                                   Staff.dbs_issue_date == TODAY)).all()
    assert CertificateCipher(demo_db.key).decrypt(staff.dbs_certificate_token) == "001234567890"
    assert staff.dbs_recheck_due == TODAY + relativedelta(years=3)
    assert_readable(out)


def test_it_records_a_self_assessment(demo_db):
    result = chat(demo_db, "assessment Kestrel Sports Academy", "", "2026-11-20",
                  "Sent by e-mail")
    assert result.exit_code == 0, result.output
    assert "Recorded the self-assessment of Kestrel Sports Academy" in result.output
    with demo_db.session() as session:
        row = session.exec(select(SelfAssessment).where(
            SelfAssessment.notes == "Sent by e-mail")).one()
    assert row.completed_on == TODAY and row.statement_received_on == date(2026, 11, 20)


def test_it_publishes_a_briefing_from_its_form(demo_db):
    result = chat(demo_db, "briefing", "Exploitation screening tool",
                  "Use the new tool at every review.", "https://bscp.example.org/tool",
                  "procedure", "2", "")
    assert result.exit_code == 0, result.output
    assert "┌─ Modal: Publish a briefing ─┐" in result.output
    with demo_db.session() as session:
        briefing = session.exec(select(Briefing).where(
            Briefing.title == "Exploitation screening tool")).one()
        deliveries = session.exec(select(BriefingDelivery).where(
            BriefingDelivery.briefing_id == briefing.id)).all()
    assert briefing.kind == "procedure_update" and briefing.audience == "risk:low"
    assert len(deliveries) == 3  # the demo's low-risk providers
    assert "Published Exploitation screening tool to 3 providers" in result.output
    assert_readable(result.output)


def test_it_opens_the_app_home(demo_db):
    result = chat(demo_db, "home")
    assert result.exit_code == 0, result.output
    assert "┌─ App Home ─┐" in result.output and "The partnership" in result.output
    assert_readable(result.output)


def test_it_speaks_as_the_user_given(demo_db):
    with demo_db.session() as session:
        own = session.exec(select(Contract.reference).where(
            Contract.contract_manager == "U0DEMOCM01").order_by(Contract.reference)).first()
    result = chat(demo_db, f"dbs {own}", "dbs BSC-104", args=("--as", "U0DEMOCM01"))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "you are U0DEMOCM01." in out
    assert f"DBS re-checks — {own}" in out
    assert "Sorry, DBS details for BSC-104" in out or "not shown to you" in out


def test_it_leaves_at_end_of_input_and_a_cancelled_form_saves_nothing(demo_db):
    result = chat(demo_db, "meeting BSC-105", "2026-11-24")  # then Ctrl-D
    assert result.exit_code == 0, result.output
    assert "Form cancelled: nothing was saved." in result.output
    assert meeting_of(demo_db, "BSC-105", date(2026, 11, 24)) is None


def test_it_refuses_a_bad_user_a_missing_database_and_an_unmigrated_one(demo_db, tmp_path):
    bad = chat(demo_db, args=("--as", "alice"))
    assert bad.exit_code == 2 and "--as: 'alice' is not a Slack user ID" in bad.output
    missing = chat(demo_db, DATABASE_URL=f"sqlite:///{tmp_path / 'none.db'}")
    assert missing.exit_code == 1 and "no database at" in missing.output
    assert not (tmp_path / "none.db").exists()
    (tmp_path / "empty.db").touch()
    empty = chat(demo_db, DATABASE_URL=f"sqlite:///{tmp_path / 'empty.db'}")
    assert empty.exit_code == 1 and "is not migrated" in empty.output
