# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What tests do to the emulator in their own process: faults, the call log, settings, hardware tokens, reset.

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


def set_rate_limits(limits: dict) -> None:
    """Replace every action's rate limit: {"ResyncMFADevice": 4} (calls a second, burst one second's worth) or
    {"ResyncMFADevice": {"per_second": 4, "burst": 2}}; {} removes them. Calls above a limit are answered Throttling.

    ValueError for an unknown action or a rate or burst out of range (rate_limits.py). reset() removes the limits.
    """
    install().rate_limits.set(limits)


def throttled_calls() -> dict:
    """How many calls of each action were answered Throttling by a rate limit since the limits were last set."""
    return install().rate_limits.throttled_counts()


def register_hardware_token(serial_number: str, seed: str) -> None:
    """Check the codes of the hardware token serial_number (a vendor serial, not an ARN) against its base32 seed from now on.

    EnableMFADevice and ResyncMFADevice then take only the token's consecutive codes, as for a virtual device; an
    unregistered hardware serial number still takes any well-formed codes. ValueError (never quoting the seed) for a
    serial number or seed that cannot be a token's. Every reset forgets the tokens.
    """
    install().hardware_tokens.register(serial_number, seed)


def hardware_tokens() -> list[str]:
    """The serial numbers of the registered hardware tokens (never their seeds)."""
    return install().hardware_tokens.serial_numbers()


def clear_hardware_tokens() -> int:
    """Forget every registered hardware token; returns how many there were."""
    return install().hardware_tokens.clear()


def settings() -> dict:
    """The settings in effect: {"default_max_items": ..., "code_window_steps": ... (None: $IAM_EMULATOR_CODE_WINDOW_STEPS or 30),
    "rate_limits": {action: {"per_second": ..., "burst": ...}}}."""
    state = install()
    return {
        "default_max_items": DEFAULT_MAX_ITEMS if state.default_max_items is None else state.default_max_items,
        "code_window_steps": state.code_window_steps,
        "rate_limits": state.rate_limits.limits(),
    }


def reset() -> None:
    """Forget every IAM user, device, policy... of every account, all faults, calls and hardware tokens, the default page
    size and the rate limits.

    The code window (set_code_window_steps()) stays.
    """
    state = install()
    state.default_max_items = None
    state.rate_limits.clear()
    with backend_lock:
        for account_backends in list(iam_backends.values()):
            account_backends.reset()
    state.clear()
