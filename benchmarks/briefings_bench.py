"""Benchmark of the briefing cascade under Slack's posting limits.

    .venv/bin/python -m benchmarks.briefings_bench [--providers 1000] [--workspace-rate 10]

One briefing is published to ``--providers`` providers, each with its own channel, and the
real briefings job posts it through the local Slack stand-in, which enforces Slack's limits
for chat.postMessage: one message per second per channel and at most ``--workspace-rate``
posts in any one-second window across the workspace, answering 429 with Retry-After beyond
them. Prints the total time beside the least time those limits allow, and checks that every
channel got the briefing exactly once (no post lost, none doubled) and every delivery and
ledger row is recorded. Target: within 1.5x of the least time.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

DAY = date(2026, 11, 25)  # a Wednesday: a working day


def build_database(folder: Path, providers: int) -> str:
    from cryptography.fernet import Fernet

    from benchmarks.datagen import load_into
    from models.briefings import publish_briefing
    from models.crypto import CertificateCipher
    from models.db import make_engine, session_scope
    from models.migrate import upgrade

    url = f"sqlite:///{folder / 'briefings.db'}"
    engine = make_engine(url)
    upgrade(engine)
    load_into(engine, providers=providers, contracts=0, staff=0, today=DAY,
              cipher=CertificateCipher(Fernet.generate_key().decode()))
    with session_scope(engine) as session:
        publish_briefing(session, title="Invented practice review lessons",
                         summary="Invented key messages.", url="https://example.org/review",
                         kind="practice_review", audience="all", actor="bench",
                         now=datetime.combine(DAY, datetime.min.time(), UTC))
    engine.dispose()
    return url


def least_time(posts: int, workspace_rate: int) -> float:
    """With one post per channel, only the workspace window binds: ``workspace_rate`` posts
    in each one-second window, so the last batch can start after ceil(n / rate) - 1 s."""
    return max(math.ceil(posts / workspace_rate) - 1, 0)


def main() -> int:
    parser = argparse.ArgumentParser(description="briefing cascade under rate limits")
    parser.add_argument("--providers", type=int, default=1000)
    parser.add_argument("--workspace-rate", type=int, default=10,
                        help="posts per second across the workspace (Slack: several hundred "
                        "a minute)")
    args = parser.parse_args()

    from sqlmodel import Session, col, select

    from bot.slack_client import make_web_client
    from bot.standin import SlackStandIn
    from jobs.briefings import run_once
    from jobs.context import JobContext
    from models import BriefingDelivery, Notification
    from models.db import make_engine
    from models.settings import load_settings

    with tempfile.TemporaryDirectory() as folder:
        url = build_database(Path(folder), args.providers)
        slack = SlackStandIn(channel_rate_limit=1.0,
                             workspace_rate_limit=args.workspace_rate).start()
        settings = load_settings(DATABASE_URL=url, SLACK_API_URL=slack.api_url,
                                 SLACK_BOT_TOKEN="xoxb-bench-invented",
                                 SAFECOMM_BSCP_CHANNEL="C0BSCP")
        engine = make_engine(url)
        started = time.perf_counter()
        summary = run_once(JobContext(engine=engine, settings=settings, today=DAY,
                                      client=make_web_client(settings), echo=lambda line: None))
        elapsed = time.perf_counter() - started
        slack.stop()
        ok_posts = Counter(c.channel for c in slack.posts())
        refused = sum(1 for c in slack.posts()) - len(ok_posts)
        with Session(engine) as session:
            delivered = session.exec(select(BriefingDelivery).where(
                col(BriefingDelivery.delivered_at).is_not(None))).all()
            sent = session.exec(select(Notification).where(
                col(Notification.status) == "sent")).all()
        engine.dispose()

    least = least_time(args.providers, args.workspace_rate)
    print(f"providers: {args.providers}, limits: 1/s per channel, "
          f"{args.workspace_rate}/s per workspace")
    print(f"job summary: {summary.line()}")
    print(f"total time: {elapsed:.1f} s; least time the limits allow: {least:.1f} s; "
          f"ratio: {elapsed / least if least else float('nan'):.2f} (target <= 1.5)")
    print(f"chat.postMessage calls: {sum(ok_posts.values())} ({refused} answered 429 and "
          "retried)")
    lost = args.providers - len(ok_posts)
    distinct_ts = len({d.message_ts for d in delivered})
    print(f"channels reached: {len(ok_posts)}; lost: {lost}; deliveries recorded: "
          f"{len(delivered)} with {distinct_ts} distinct message ts; ledger rows sent: "
          f"{len(sent)}")
    good = (lost == 0 and len(delivered) == len(sent) == distinct_ts == args.providers
            and summary.posted == args.providers)
    print("no post lost or doubled" if good else "MISMATCH: a post was lost or doubled")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
