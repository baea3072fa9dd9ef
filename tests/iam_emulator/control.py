# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What tests do to the emulator in their own process: faults, the call log, settings, reset.

A test talking to a server in another process uses the same operations through
the server's /_emulator/ endpoints (control_endpoints.py).
"""

from __future__ import annotations

from moto.core.base_backend import backend_lock
from moto.iam.models import iam_backends

from .faults import new_fault
from .mfa_codes import checked_window_steps
from .paging import DEFAULT_MAX_ITEMS, checked_default_max_items
from .patching import install


def inject_fault(action: str, error_code: str, count: int = 1, status: int | None = None, message: str | None = None) -> dict:
    """Answer the next count calls of action with error_code (HTTP status: status, or the one IAM uses); returns the fault.

    ValueError for an unknown action, a malformed code, or a count, status or message out of range.
    """
    fault = new_fault(action, error_code, count, status, message)
    install().faults.add(fault)
    return fault.as_dict()


def pending_faults() -> list[dict]:
    return install().faults.pending()


def clear_faults() -> int:
    """Drop pending faults; returns how many calls they would still have answered."""
    return install().faults.clear()


def recorded_calls() -> list[dict]:
    """IAM calls received so far, oldest first: {"action", "parameters" (secrets redacted), "status"}."""
    return install().calls.calls()


def clear_calls() -> int:
    """Forget the calls received so far; returns how many there were."""
    return install().calls.clear()


def set_code_window_steps(steps: int | None) -> None:
    """Steps of 30 s either side of now that a code pair may start at; None: $IAM_EMULATOR_CODE_WINDOW_STEPS, else 30."""
    install().code_window_steps = None if steps is None else checked_window_steps(steps)


def set_default_max_items(max_items: int | None) -> None:
    """Page size (1 to 1000) of List actions called without MaxItems; None: IAM's default, 100. reset() restores 100.

    IAM pages by 100; a smaller default lets a test page through a handful of items.
    """
    install().default_max_items = None if max_items is None else checked_default_max_items(max_items)


def settings() -> dict:
    """The settings in effect: {"default_max_items": ..., "code_window_steps": ... (None: $IAM_EMULATOR_CODE_WINDOW_STEPS or 30)}."""
    state = install()
    return {
        "default_max_items": DEFAULT_MAX_ITEMS if state.default_max_items is None else state.default_max_items,
        "code_window_steps": state.code_window_steps,
    }


def reset() -> None:
    """Forget every IAM user, device, policy... of every account, all faults and calls, and the default page size.

    The code window (set_code_window_steps()) stays.
    """
    state = install()
    state.default_max_items = None
    with backend_lock:
        for account_backends in list(iam_backends.values()):
            account_backends.reset()
    state.clear()
