"""Scheduled jobs: each ``run_once(ctx: JobContext) -> RunSummary | None`` (jobs.context),
listed in jobs.registry, sent once through jobs.delivery, and run by the worker (jobs.scheduler)."""
