"""The weekly summary's trend chart: drawn from the stored snapshots, uploaded with Slack's
external upload flow through the ledger (once a week), written to a file in a dry run."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from bot.builders.trend_chart import FILL, GRID, WeekCounts, render_trend_chart
from jobs.posting import ATTEMPTS, METADATA_EVENT
from jobs.summary import run_once, store_snapshot
from jobs.trend import weekly_counts
from models import Notification
from tests.factories import make_contract, make_provider, make_staff
from tests.jobs.helpers import TODAY, context, counts, days

PNG_SIZE = (1200, 750)
NOW = datetime(2027, 3, 3, 8, 30, tzinfo=UTC)


def run(engine, settings, today=TODAY, **options):
    return run_once(context(engine, settings, today=today, **options))


def image(content: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(content))
    picture.load()  # decodes every pixel: a truncated or corrupt PNG fails here
    return picture


def has_colour(picture: Image.Image, hex_colour: str) -> bool:
    """Whether the panels (above the legend) hold a pixel of exactly ``hex_colour``."""
    wanted = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    width, height = picture.size
    panels = picture.convert("RGB").crop((0, 0, width, int(height * (1 - GRID["bottom"]))))
    return any(pixel == wanted for _n, pixel in panels.getcolors(1 << 20))


def snapshot(engine, day, colours_by_contract):
    store_snapshot(engine, today=day, colours={(cid, n): rag for cid, rag in
                                              colours_by_contract.items() for n in range(1, 7)})


def test_it_uploads_a_png_to_the_bscp_channel_once_a_week_however_often_it_runs(
        session, engine, settings, slack):
    contract = make_contract(session, make_provider(session))
    make_staff(session, contract, dbs_recheck_due=days(-3))
    session.commit()

    for day in (TODAY, TODAY, TODAY + timedelta(days=1)):  # Wednesday twice, then Thursday
        run(engine, settings, today=day)

    [upload] = slack.uploads()
    assert (upload.channel, upload.filename) == ("C0BSCP", "bscp-trend-chart-2027-03-03.png")
    assert "Trend of the six standards over the last 12 weeks" in upload.comment
    picture = image(upload.data)
    assert (picture.format, picture.size) == ("PNG", PNG_SIZE)
    assert has_colour(picture, FILL["red"])  # standard 4 is red this week
    assert [c.method for c in slack.calls if c.method.startswith("files.")] == [
        "files.getUploadURLExternal", "files.completeUploadExternal"]
    [row] = session.scalars(select(Notification).where(Notification.kind == "summary-chart"))
    assert (row.subject, row.status, row.recipient) == ("week:2027-03-01", "sent", "C0BSCP")
    assert len(slack.posts()) == 2  # the overview itself is still posted each day

    run(engine, settings, today=TODAY + timedelta(days=5))  # the next Monday
    assert [u.filename for u in slack.uploads()] == ["bscp-trend-chart-2027-03-03.png",
                                                     "bscp-trend-chart-2027-03-08.png"]


def test_a_failed_upload_is_retried_by_a_later_run_and_arrives_once(
        session, engine, settings, slack):
    make_contract(session, make_provider(session))
    session.commit()
    slack.fail_next("upload", status=500, times=ATTEMPTS)  # each of the run's tries

    first = run(engine, settings, clock=lambda: NOW)
    assert (first.posted, first.failed) == (1, 1) and slack.uploads() == []
    soon = run(engine, settings, clock=lambda: NOW + timedelta(minutes=1))
    assert slack.uploads() == [] and soon.already_sent == 2  # the claim is still fresh
    later = run(engine, settings, clock=lambda: NOW + timedelta(minutes=10))

    assert later.posted == 1 and len(slack.uploads()) == 1
    assert image(slack.uploads()[0].data).size == PNG_SIZE
    run(engine, settings, clock=lambda: NOW + timedelta(minutes=30))
    assert len(slack.uploads()) == 1


def test_an_upload_whose_answer_is_lost_is_found_in_the_channel_not_sent_again(
        session, engine, settings, slack):
    make_contract(session, make_provider(session))
    session.commit()
    slack.fail_next("files.completeUploadExternal", status=500, accepted=True)

    summary = run(engine, settings)

    assert (summary.posted, summary.failed) == (2, 0) and len(slack.uploads()) == 1
    assert [c.method for c in slack.calls if c.method.startswith("files.")] == [
        "files.getUploadURLExternal", "files.completeUploadExternal"]  # looked up, not re-sent
    [shared] = [m for m in slack.history("C0BSCP") if m.get("files")]
    assert shared["blocks"][0]["block_id"].startswith(METADATA_EVENT + ":")
    [row] = session.scalars(select(Notification).where(Notification.kind == "summary-chart"))
    assert row.status == "sent"


def test_a_dry_run_writes_the_png_to_a_file_and_says_where(session, engine, settings, slack):
    make_contract(session, make_provider(session))
    session.commit()
    before, lines = counts(session), []

    summary = run(engine, settings, dry_run=True, echo=lines.append)

    [said] = [line for line in lines if "bscp-trend-chart" in line]
    path = Path(re.search(r"written to (\S+\.png)", said).group(1))
    assert path == Path.cwd() / "bscp-trend-chart-2027-03-03.png"
    assert image(path.read_bytes()).size == PNG_SIZE
    assert summary.posted == 2 and slack.calls == [] and counts(session) == before


def test_each_week_shows_its_latest_snapshot_and_a_week_without_one_is_a_gap(session, engine):
    provider = make_provider(session)
    first, second = make_contract(session, provider), make_contract(session, provider)
    session.commit()
    snapshot(engine, TODAY - timedelta(weeks=3), {first.id: "red", second.id: "red"})
    snapshot(engine, TODAY - timedelta(weeks=3, days=1), {first.id: "green"})
    snapshot(engine, TODAY - timedelta(weeks=1), {first.id: "amber", second.id: "green"})
    snapshot(engine, TODAY - timedelta(weeks=13), {first.id: "red"})  # too old to show

    weeks = weekly_counts(session, today=TODAY)

    assert len(weeks) == 12 and weeks[-1].week_start == TODAY - timedelta(days=2)
    assert weeks[0].week_start == weeks[-1].week_start - timedelta(weeks=11)
    shown = {w.week_start: (w.taken_on, dict(w.counts.get(4, {}))) for w in weeks if w.taken_on}
    assert shown == {
        TODAY - timedelta(weeks=3, days=2): (TODAY - timedelta(weeks=3), {"red": 2}),
        TODAY - timedelta(weeks=1, days=2): (TODAY - timedelta(weeks=1),
                                             {"amber": 1, "green": 1})}
    assert [w.counts for w in weeks if w.taken_on is None] == [{}] * 10


def test_this_weeks_colours_come_from_the_run_not_the_store(session, engine):
    contract = make_contract(session, make_provider(session))
    session.commit()
    snapshot(engine, TODAY - timedelta(days=1), {contract.id: "red"})

    weeks = weekly_counts(session, today=TODAY, current={(contract.id, 2): "green"})

    assert weeks[-1] == WeekCounts(TODAY - timedelta(days=2), TODAY, {2: {"green": 1}})


def test_the_chart_shows_red_only_when_a_contract_is_red():
    monday = TODAY - timedelta(days=2)
    weeks = [WeekCounts(monday - timedelta(weeks=11 - n), None, {}) for n in range(12)]
    green = weeks[:-1] + [WeekCounts(monday, TODAY, {n: {"green": 4} for n in range(1, 7)})]
    red = weeks[:-1] + [WeekCounts(monday, TODAY, {4: {"red": 1, "green": 3}})]

    calm, alarming, empty = (image(render_trend_chart(w)) for w in (green, red, weeks))

    assert calm.size == alarming.size == empty.size == PNG_SIZE
    assert has_colour(calm, FILL["green"]) and not has_colour(calm, FILL["red"])
    assert has_colour(alarming, FILL["red"])
    assert not any(has_colour(empty, FILL[c]) for c in ("red", "amber", "green"))
