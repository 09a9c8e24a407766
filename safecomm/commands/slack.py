"""`safecomm` commands: serve, socket and manifest."""

from __future__ import annotations

import json
import signal
import threading
from urllib.parse import urlparse

import typer

TODAY_HELP = "Answer as of this day (YYYY-MM-DD), for demos and tests; default: today."


def _clock(today: str | None):
    from bot.app import fixed_day
    from safecomm.cli import parse_day

    return fixed_day(parse_day(today)) if today else None


def _runtime(*required: str):
    """Settings checked at start (one line naming what is missing), logging set up, and the
    key able to read the certificate numbers already stored (models.keys.check_key)."""
    from bot.slack_client import check_slack, make_web_client
    from models.keys import check_key
    from models.logs import configure_logging
    from models.runtime import Runtime
    from models.settings import load_settings

    settings = load_settings()
    settings.require(*required)
    check_slack(make_web_client(settings))  # an unreachable Slack or a refused token: one line
    configure_logging(settings.log_level, default="INFO",
                      log_format=settings.log_format)
    runtime = Runtime(settings=settings)
    check_key(runtime.engine, runtime.cipher)
    return runtime


def serve(host: str = typer.Option("0.0.0.0", help="Address to listen on (port: PORT)."),
          workers: int | None = typer.Option(None, help="Worker processes (default: "
                                             "WEB_CONCURRENCY, else 2)."),
          threads: int = typer.Option(4, help="Threads per worker."),
          today: str | None = typer.Option(None, help=TODAY_HELP)) -> None:
    """The Slack app over HTTP under gunicorn: POST /slack/events, GET /healthz."""
    from bot.server import serve as run_server

    runtime = _runtime("slack_bot_token", "slack_signing_secret", "encryption_key")
    runtime.close()  # each gunicorn worker opens its own connections after the fork
    clock = _clock(today)
    typer.echo(f"serving the Slack app on http://{host}:{runtime.settings.port}/slack/events")
    run_server(runtime.settings, host=host, workers=workers, threads=threads, clock=clock)


def socket(today: str | None = typer.Option(None, help=TODAY_HELP)) -> None:
    """The same Slack app over Socket Mode (needs SLACK_APP_TOKEN, xapp-…). SIGTERM or Ctrl-C
    disconnects, lets the work in hand finish, and exits 0."""
    from bot.server import socket_mode_handler

    runtime = _runtime("slack_bot_token", "slack_app_token", "encryption_key")
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: stop.set())
    handler = socket_mode_handler(runtime, clock=_clock(today))
    typer.echo("connecting to Slack over Socket Mode (Ctrl-C stops)")
    handler.connect()
    stop.wait()
    typer.echo("socket: stopping: no new requests; finishing the work in hand")
    handler.close()
    handler.app.listener_runner.listener_executor.shutdown(wait=True)
    runtime.close()
    typer.echo("socket: stopped")


def manifest(url: str | None = typer.Option(None, help="The app's public base URL, e.g. "
                                            "https://safecomm.example.org"),
             socket_mode: bool = typer.Option(False, "--socket", help="The Socket Mode "
                                              "variant (no public URL needed).")) -> None:
    """Print the Slack app manifest (JSON) to paste at api.slack.com/apps."""
    from bot.builders.manifest import build_manifest
    from models.settings import load_settings

    if not socket_mode:
        parsed = urlparse(url or "")
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            typer.echo("error: --url: give the app's public base URL, like "
                       "https://safecomm.example.org (or use --socket)", err=True)
            raise typer.Exit(2)
        if parsed.scheme != "https":
            typer.echo("warning: Slack only accepts https:// request URLs", err=True)
    command = load_settings().command
    typer.echo(json.dumps(build_manifest(url=url, command=command, socket_mode=socket_mode),
                          indent=2))


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command()(serve)
    app.command()(socket)
    app.command()(manifest)
