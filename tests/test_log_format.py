"""One log format for every process: text by default, or SAFECOMM_LOG_FORMAT=json, one JSON
object a line — gunicorn's own lines included."""

from __future__ import annotations

import io
import json
import logging

import pytest

from models.logs import LogLevelError, configure_logging
from tests.bot.conftest import running_server


@pytest.fixture
def restore_root():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:], root.level = handlers, level


def test_it_writes_one_json_object_a_line_with_the_traceback_redacted(restore_root):
    stream = io.StringIO()
    configure_logging("INFO", stream=stream, log_format="json")
    try:
        raise ValueError("certificate 0012 3456 7890 refused")
    except ValueError:
        logging.getLogger("safecomm.test").exception("sending to %s failed", "U0INVENTED")

    [line] = stream.getvalue().splitlines()
    entry = json.loads(line)
    assert (entry["level"], entry["logger"], entry["message"]) == (
        "ERROR", "safecomm.test", "sending to U0INVENTED failed")
    assert "ValueError: certificate [redacted] refused" in entry["exception"]
    assert entry["time"].endswith("+00:00")


def test_it_names_a_format_it_does_not_know(restore_root):
    with pytest.raises(LogLevelError, match="SAFECOMM_LOG_FORMAT: 'xml' is not one of text, json"):
        configure_logging("INFO", stream=io.StringIO(), log_format="xml")


def test_gunicorn_and_the_app_write_the_same_json_lines(database_url, tmp_path):
    with running_server(database_url, tmp_path, SAFECOMM_LOG_FORMAT="json") as running:
        running.sender.get("/healthz")
        text = running.log_text()

    lines = [line for line in text.splitlines() if line.strip()]
    said = [line for line in lines if not line.startswith("{")]
    assert len(said) == 1 and said[0].startswith("serving the Slack app on ")  # its stdout
    entries = [json.loads(line) for line in lines if line.startswith("{")]
    loggers = {entry["logger"] for entry in entries}
    assert {"gunicorn.error", "gunicorn.access"} <= loggers
    assert any("Starting gunicorn" in entry["message"] for entry in entries)
