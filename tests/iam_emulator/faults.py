# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fault switch: answer the next N calls of an IAM action with an error, to test retries and error handling.

Faults for one action queue up in the order they were set: two Throttling then
one ServiceFailure is two set_fault calls. The request layer consults the switch
before the real handler runs, for every IAM action.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections import deque

from .iam_model import error_kind
from .iam_model import iam_action_names

MAX_FAULT_COUNT = 1_000_000
MAX_FAULT_MESSAGE_LENGTH = 1024
_ERROR_CODE = re.compile(r"[A-Za-z][A-Za-z0-9]{0,127}")


@dataclasses.dataclass
class Fault:
    action: str
    error_code: str
    remaining: int  # calls still to be answered with this error
    status: int
    message: str | None = None

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def new_fault(
    action: str, error_code: str, count: int = 1, status: int | None = None, message: str | None = None
) -> Fault:
    """A checked Fault; ValueError names the first bad argument. status defaults to the one IAM uses for error_code."""
    if action not in iam_action_names():
        raise ValueError(f"action must be the name of an IAM API action such as ResyncMFADevice, not {action!r}")
    if not isinstance(error_code, str) or not _ERROR_CODE.fullmatch(error_code):
        raise ValueError(
            f"error_code must be an error code such as Throttling (ASCII letters and digits), not {error_code!r}"
        )
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_FAULT_COUNT:
        raise ValueError(f"count must be a whole number from 1 to {MAX_FAULT_COUNT}, not {count!r}")
    if status is None:
        status = error_kind(error_code).http_status
    elif isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
        raise ValueError(f"status must be an HTTP error status from 400 to 599, not {status!r}")
    if message is not None and (not isinstance(message, str) or len(message) > MAX_FAULT_MESSAGE_LENGTH):
        raise ValueError(f"message must be a string of at most {MAX_FAULT_MESSAGE_LENGTH} characters")
    return Fault(action=action, error_code=error_code, remaining=count, status=status, message=message)


class FaultSwitch:
    """Pending faults per action; safe to use from the server's request threads and a test at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[str, deque[Fault]] = {}

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._pending.setdefault(fault.action, deque()).append(dataclasses.replace(fault))

    def take(self, action: str) -> Fault | None:
        """Use up one call of the oldest fault pending for action, returning it (with what remains after this call)."""
        with self._lock:
            queue = self._pending.get(action)
            if not queue:
                return None
            fault = queue[0]
            fault.remaining -= 1
            if fault.remaining == 0:
                queue.popleft()
            if not queue:
                del self._pending[action]
            return dataclasses.replace(fault)

    def pending(self) -> list[dict]:
        with self._lock:
            return [fault.as_dict() for queue in self._pending.values() for fault in queue]

    def clear(self) -> int:
        """Drop every pending fault; returns how many calls they would still have answered."""
        with self._lock:
            dropped = sum(fault.remaining for queue in self._pending.values() for fault in queue)
            self._pending.clear()
            return dropped
