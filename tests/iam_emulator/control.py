# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What tests do to the emulator in their own process: faults, the call log, settings, hardware tokens, reset.

A test talking to a server in another process uses the same operations through
the server's /_emulator/ endpoints (control_endpoints.py).
"""

from __future__ import annotations

from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.base_backend import backend_lock
from moto.iam.models import IAMBackend
from moto.iam.models import iam_backends

from .faults import new_fault
from .mfa_codes import checked_window_steps
from .paging import DEFAULT_MAX_ITEMS
from .paging import checked_default_max_items
from .patching import install
from .root_mfa import checked_root_mfa_kind

# Most credential report generations a test may ask for before COMPLETE.
MAX_GENERATION_POLLS = 100


def inject_fault(
    action: str, error_code: str, count: int = 1, status: int | None = None, message: str | None = None
) -> dict:
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


def set_max_items_limit(max_items: int | None) -> None:
    """At most max_items (1 to 1000) items a List page, whatever MaxItems asks (IAM may answer fewer, with IsTruncated);
    None: as many as MaxItems asks. reset() restores None."""
    install().max_items_limit = None if max_items is None else checked_default_max_items(max_items, "max_items_limit")


def checked_generation_polls(polls: int) -> int:
    """polls when it is an integer from 0 to MAX_GENERATION_POLLS, else ValueError."""
    if isinstance(polls, bool) or not isinstance(polls, int) or not 0 <= polls <= MAX_GENERATION_POLLS:
        raise ValueError(
            f"credential_report_generation_polls must be an integer from 0 to {MAX_GENERATION_POLLS}, not {polls!r}"
        )
    return polls


def set_credential_report_generation_polls(polls: int) -> None:
    """GenerateCredentialReport calls answered INPROGRESS after the one that starts a report (0 to 100; reset() restores 0)."""
    install().credential_report_generation_polls = checked_generation_polls(polls)


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
    "credential_report_generation_polls": ..., "max_items_limit": ...,
    "rate_limits": {action: {"per_second": ..., "burst": ...}}}."""
    state = install()
    return {
        "default_max_items": DEFAULT_MAX_ITEMS if state.default_max_items is None else state.default_max_items,
        "code_window_steps": state.code_window_steps,
        "credential_report_generation_polls": state.credential_report_generation_polls,
        "max_items_limit": state.max_items_limit,
        "rate_limits": state.rate_limits.limits(),
    }


def account_backend(account_id: str = DEFAULT_ACCOUNT_ID) -> IAMBackend:
    """The IAM backend of an account (the emulator answers requests without an account as 123456789012)."""
    install()
    return iam_backends[account_id]["aws"]


def age_credential_report(seconds: int, account_id: str = DEFAULT_ACCOUNT_ID) -> dict:
    """Make the account's credential report seconds older (4 hours or more: ReportExpired); ValueError without a report.

    Returns {"generated_time": ISO 8601, "expired": bool}.
    """
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
        raise ValueError(f"age_seconds must be a non-negative integer, not {seconds!r}")
    report = account_backend(account_id).age_credential_report(seconds)
    return {"generated_time": report.generated_time.isoformat(), "expired": report.expired()}


def set_root_mfa_device(device: str | None, account_id: str = DEFAULT_ACCOUNT_ID) -> dict:
    """Give the account's root user a "virtual" or "hardware" MFA device, or none (None); see root_mfa.py.

    Returns {"device": ..., "serial_number": the virtual device's serial number or None}; ValueError for another kind.
    """
    return account_backend(account_id).set_root_mfa_device(checked_root_mfa_kind(device))


def reset() -> None:
    """Forget every IAM user, device, policy... of every account, all faults, calls and hardware tokens, the default page
    size, the page size limit, the credential report generation polls and the rate limits.

    The code window (set_code_window_steps()) stays.
    """
    state = install()
    state.default_max_items = None
    state.credential_report_generation_polls = 0
    state.max_items_limit = None
    state.rate_limits.clear()
    with backend_lock:
        for account_backends in list(iam_backends.values()):
            account_backends.reset()
    state.clear()
