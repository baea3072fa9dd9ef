# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Rate limits: a token bucket per IAM action, whose calls above the rate are answered Throttling, as IAM throttles.

IAM throttles each account's calls by rate (AWS does not publish the rates). A test sets
an action's limit, e.g. 4 ResyncMFADevice calls a second, and the emulator answers the
calls beyond it as IAM does: Throttling, HTTP 400, Type Sender, "Rate exceeded". A bucket
holds burst tokens (by default one second's worth, at least 1) and refills at the rate;
a call takes one token or, finding none, is throttled. A throttled call takes nothing, so
callers that back off and retry get through at the rate. Actions without a limit are
never throttled. Limits are settings (set_rate_limits(), POST /_emulator/settings
{"rate_limits": {...}}) and every reset removes them, so no test throttles the next.
"""

from __future__ import annotations

import dataclasses
import math
import threading
import time
from collections.abc import Mapping
from typing import Callable

from .iam_model import iam_action_names

MAX_RATE = 10_000.0  # calls a second; more is no limit at all for a test server
MAX_BURST = 100_000


@dataclasses.dataclass(frozen=True)
class RateLimit:
    per_second: float
    burst: int

    def as_dict(self) -> dict:
        return {"per_second": self.per_second, "burst": self.burst}


def checked_rate_limit(action: object, limit: object) -> RateLimit:
    """An action's limit from a number of calls a second, or {"per_second": N, "burst": M}; ValueError names what is wrong."""
    if action not in iam_action_names():
        raise ValueError(f"rate limits are set per IAM API action such as ResyncMFADevice, not {action!r}")
    if isinstance(limit, Mapping):
        unknown = sorted(set(limit) - {"per_second", "burst"})
        if unknown or "per_second" not in limit:
            raise ValueError(
                f'the rate limit of {action} must be a number of calls a second, or {{"per_second": N, "burst": M}}'
            )
        per_second, burst = limit["per_second"], limit.get("burst")
    else:
        per_second, burst = limit, None
    if isinstance(per_second, bool) or not isinstance(per_second, (int, float)) or not 0 < per_second <= MAX_RATE:
        raise ValueError(
            f"the rate limit of {action} must be more than 0 and at most {MAX_RATE:g} calls a second, not {per_second!r}"
        )
    if burst is None:
        burst = max(1, math.floor(per_second))
    if isinstance(burst, bool) or not isinstance(burst, int) or not 1 <= burst <= MAX_BURST:
        raise ValueError(
            f"the burst of {action}'s rate limit must be a whole number of calls from 1 to {MAX_BURST}, not {burst!r}"
        )
    return RateLimit(float(per_second), burst)


def checked_rate_limits(limits: object) -> dict[str, RateLimit]:
    """Every action's limit, checked (see checked_rate_limit); ValueError unless limits is a dict of actions and limits."""
    if not isinstance(limits, Mapping):
        raise ValueError(
            'rate_limits must be an object of IAM actions and their limits, such as {"ResyncMFADevice": 4} ({}: none)'
        )
    return {action: checked_rate_limit(action, limit) for action, limit in limits.items()}


class RateLimits:
    """Token buckets per action; safe to use from the server's request threads and a test at once."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._limits: dict[str, RateLimit] = {}
        self._buckets: dict[str, tuple[float, float]] = {}  # action -> (tokens, clock reading when counted)
        self._throttled: dict[str, int] = {}

    def set(self, limits: Mapping[str, object]) -> None:
        """Replace every limit with these (action -> limit, see checked_rate_limit); each bucket starts full. {}: no limits."""
        checked = checked_rate_limits(limits)
        with self._lock:
            self._limits = checked
            self._buckets = {action: (float(limit.burst), self._clock()) for action, limit in checked.items()}
            self._throttled = {}

    def limits(self) -> dict[str, dict]:
        with self._lock:
            return {action: limit.as_dict() for action, limit in sorted(self._limits.items())}

    def throttled_counts(self) -> dict[str, int]:
        """How many calls of each action were throttled since the limits were set."""
        with self._lock:
            return dict(sorted(self._throttled.items()))

    def admit(self, action: str) -> bool:
        """Take a token for a call of action: True when it may proceed, False when it is to be throttled."""
        with self._lock:
            limit = self._limits.get(action)
            if limit is None:
                return True
            tokens, counted_at = self._buckets[action]
            now = self._clock()
            tokens = min(float(limit.burst), tokens + (now - counted_at) * limit.per_second)
            if tokens >= 1.0:
                self._buckets[action] = (tokens - 1.0, now)
                return True
            self._buckets[action] = (tokens, now)
            self._throttled[action] = self._throttled.get(action, 0) + 1
            return False

    def clear(self) -> None:
        self.set({})
