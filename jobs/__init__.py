"""Scheduled jobs: each a run_once(session, client, today) -> summary, and the scheduler."""
