"""Forms in ``safecomm chat``: every field the app refuses is asked again (a refreshed field
too, never kept at its default), the lines typed meanwhile answer the form and never reach
the app as commands, and ``quit`` or ``cancel`` leaves a form without saving."""

from __future__ import annotations

from datetime import date

from tests.console.conftest import assert_readable, chat
from tests.console.test_chat import meeting_of


def test_every_refused_field_is_asked_again_even_one_the_app_refreshed(demo_db):
    result = chat(demo_db, "meeting BSC-104",
                  "2027-06-01", "", "", "", "", "2027-05-01",  # three fields wrong
                  "2026-11-20", "1", "2027-03-01",  # each answered again
                  "status BSC-104")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "  ✗ Meeting held on: A meeting can't be in the future (today is 25 Nov 2026).\n" \
           "  ✗ Was safeguarding discussed?: Please choose one.\n" \
           "  ✗ Next meeting: The next meeting must be after 1 Jun 2027.\n" \
           "Please answer each of those again:\n" in out
    retried = out.split("Please answer each of those again:")[1]
    # The new meeting date refreshed the form: its next meeting, prefilled anew, is asked.
    assert "Next meeting (optional) [YYYY-MM-DD, Enter for 2027-02-24]: 2027-03-01" in retried
    meeting = meeting_of(demo_db, "BSC-104", date(2026, 11, 20))
    assert meeting.safeguarding_discussed is True
    assert meeting.next_meeting_on == date(2027, 3, 1)  # what was typed, not the prefill
    assert "/safeguarding> status BSC-104\n── reply, only visible to you ──" in out
    assert "I don't know `2027-03-01`" not in out  # no answer leaked to the app as a command
    assert_readable(out)


def test_an_answer_the_app_refuses_twice_is_asked_a_third_time(demo_db):
    result = chat(demo_db, "check BSC-104", "Online safety", "2027-01-04", "1", "",
                  "2027-01-02", "2026-11-24", "help")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.count("  ✗ Check done on: A check can't be in the future") == 2
    assert out.count("Please answer that again:") == 2
    assert "Recorded the thematic check “Online safety”" in out
    assert "/safeguarding> help\n── reply, only visible to you ──" in out


def test_quit_or_cancel_inside_a_form_leaves_it_and_saves_nothing(demo_db):
    result = chat(demo_db, "meeting BSC-105", "2026-11-24", "cancel",
                  "meeting BSC-105", "QUIT", "status BSC-105")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.count("nothing was saved. Type quit again to leave the console.") == 2
    assert "Left the form (cancel): nothing was saved." in out
    assert "Left the form (QUIT): nothing was saved." in out
    assert "/safeguarding> status BSC-105\n── reply, only visible to you ──" in out
    assert meeting_of(demo_db, "BSC-105", date(2026, 11, 24)) is None
    assert "Form sent." not in out
