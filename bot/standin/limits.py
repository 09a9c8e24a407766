"""The stand-in's bad days: answers scripted by a test (429, 5xx, a Slack error) and Slack's
posting rate limits, when switched on.

Rules:
- ``fail_next`` answers queue per method and are used once each, in order, before anything else.
  An ``accepted`` failure does what the call asks (a message is posted) and still answers the
  failure: Slack took the message but its answer was lost.
- A 429 carries ``Retry-After`` in whole seconds and ``{"ok": false, "error": "ratelimited"}``;
  any other status ``internal_error``; status 200 with an error is a Slack error (``ok: false``).
- Rate limits count ``chat.postMessage`` only: at most one post per ``channel_seconds`` in a
  channel, and at most ``workspace_per_second`` posts in any one-second window. A refused post
  is not counted.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from dataclasses import dataclass

from bot.standin.calls import JSON

Answer = tuple[int, dict[str, str], JSON]  # status, extra headers, JSON body


@dataclass
class Failure:
    status: int = 200
    error: str | None = None  # a Slack error code, for a 200 {"ok": false}
    retry_after: int | None = None
    accepted: bool = False  # the call takes effect (a message is posted) all the same

    def answer(self) -> Answer:
        headers = {"Retry-After": str(self.retry_after)} if self.retry_after else {}
        if self.status == 429:
            return 429, headers, {"ok": False, "error": "ratelimited"}
        if self.status != 200:
            return self.status, headers, {"ok": False, "error": "internal_error"}
        return 200, headers, {"ok": False, "error": self.error}


class ScriptedFailures:
    def __init__(self) -> None:
        self._queues: dict[str, deque[Failure]] = defaultdict(deque)

    def add(self, method: str, failure: Failure, times: int) -> None:
        self._queues[method].extend(failure for _ in range(times))

    def next_for(self, method: str) -> Failure | None:
        queue = self._queues.get(method)
        return queue.popleft() if queue else None

    def clear(self) -> None:
        self._queues.clear()


class RateLimits:
    def __init__(self, *, channel_seconds: float | None = None,
                 workspace_per_second: int | None = None):
        self.channel_seconds = channel_seconds
        self.workspace_per_second = workspace_per_second
        self._last_post: dict[str | None, float] = {}
        self._recent: deque[float] = deque()

    def retry_after(self, channel: str | None, now: float) -> int | None:
        """None when a post to ``channel`` at ``now`` may go (and counts it), else the whole
        seconds to wait."""
        if self.channel_seconds is not None:
            last = self._last_post.get(channel)
            if last is not None and now - last < self.channel_seconds:
                return max(1, math.ceil(self.channel_seconds - (now - last)))
        if self.workspace_per_second is not None:
            while self._recent and now - self._recent[0] >= 1.0:
                self._recent.popleft()
            if len(self._recent) >= self.workspace_per_second:
                return max(1, math.ceil(1.0 - (now - self._recent[0])))
            self._recent.append(now)
        self._last_post[channel] = now
        return None
