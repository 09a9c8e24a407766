"""What a run says when a message has nowhere to go, so nothing is dropped silently.

Rule: a message meant for the BSCP channel (escalations, overdue counts, cascade reports,
self-assessments due, undeliverable reports) when ``SAFECOMM_BSCP_CHANNEL`` is not set is
named in the run's output (``safecomm run``) or log (the worker), with how many it covered.
"""

from __future__ import annotations

from collections.abc import Callable

UNSET = "SAFECOMM_BSCP_CHANNEL is not set"


def not_sent_to_bscp(echo: Callable[[str], None], what: str) -> None:
    """``not sent to the BSCP channel (SAFECOMM_BSCP_CHANNEL is not set): 3 overdue …``."""
    echo(f"not sent to the BSCP channel ({UNSET}): {what}")


def unset_bscp_channel_note(bscp_channel: str | None) -> str:
    """For the worker's start line: what will not be posted, or nothing."""
    if bscp_channel:
        return ""
    return (f"; {UNSET}: escalations, overdue counts, cascade reports and the weekly summary "
            "are not posted")
