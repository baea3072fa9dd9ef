# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The log of IAM calls the emulator received, with secret parameter values redacted.

Authentication codes are secrets even in a test log: a pair of current codes is a
working second factor for a minute. Values are redacted before they are stored.
"""

from __future__ import annotations

import copy
import threading
from collections import deque
from collections.abc import Mapping

REDACTED = "***"
SECRET_PARAMETERS = frozenset(
    {"AuthenticationCode1", "AuthenticationCode2", "Password", "OldPassword", "NewPassword", "PrivateKey"}
)
# Enough for any test or benchmark run; the oldest calls go first past it, so a long-running demo stays small.
MAX_LOGGED_CALLS = 100_000


def redacted(parameters: Mapping[str, str]) -> dict[str, str]:
    return {name: REDACTED if name in SECRET_PARAMETERS else value for name, value in parameters.items()}


class CallLog:
    """Calls in arrival order, each {"action", "parameters", "status"}; safe to use from several threads."""

    def __init__(self, max_calls: int = MAX_LOGGED_CALLS) -> None:
        self._lock = threading.Lock()
        self._calls: deque[dict] = deque(maxlen=max_calls)

    def record(self, action: str, parameters: Mapping[str, str]) -> dict:
        """Log a call as it arrives (so a call that crashes is logged too); returns the entry for finish()."""
        entry = {"action": action, "parameters": redacted(parameters), "status": None}
        with self._lock:
            self._calls.append(entry)
        return entry

    def finish(self, entry: dict, status: int) -> None:
        """Note the HTTP status the call was answered with."""
        with self._lock:
            entry["status"] = status

    def calls(self) -> list[dict]:
        with self._lock:
            return copy.deepcopy(list(self._calls))

    def clear(self) -> int:
        with self._lock:
            count = len(self._calls)
            self._calls.clear()
            return count
