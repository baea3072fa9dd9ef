# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Checking two authentication codes against a virtual MFA device's seed, as IAM does.

IAM virtual devices are RFC 6238 TOTP generators: HMAC-SHA-1, 6 digits, 30 s steps.
EnableMFADevice and ResyncMFADevice take two codes the device showed one after the
other, so the pair is accepted only when code 1 is the code of some step t and
code 2 the code of step t + 1, with t no further than the window from now. The
window tolerates a device clock that has drifted, which is what resync is for.

moto's CreateVirtualMFADevice seeds are 64 characters of the base32 alphabet,
which is valid base32 (a multiple of 8 characters), so pyotp uses them as they are;
a unit test keeps that true.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time

import pyotp

TOTP_DIGITS = 6
TOTP_STEP_SECONDS = 30
DEFAULT_CODE_WINDOW_STEPS = 30
# One day either way: a wider window would accept nearly any pair and slow every check.
MAX_CODE_WINDOW_STEPS = 2880
CODE_WINDOW_ENV_VAR = "IAM_EMULATOR_CODE_WINDOW_STEPS"


def checked_window_steps(steps: object, source: str = "the code window") -> int:
    if isinstance(steps, bool) or not isinstance(steps, int) or not 0 <= steps <= MAX_CODE_WINDOW_STEPS:
        raise ValueError(
            f"{source} must be a whole number of {TOTP_STEP_SECONDS}-second steps from 0 to {MAX_CODE_WINDOW_STEPS}, not {steps!r}"
        )
    return steps


def code_window_steps(override: int | None = None) -> int:
    """Steps either side of now that a code pair may start at: override, else $IAM_EMULATOR_CODE_WINDOW_STEPS, else 30."""
    if override is not None:
        return checked_window_steps(override)
    # Read at every check, so a test can change it for a server already running in-process.
    raw = os.environ.get(CODE_WINDOW_ENV_VAR, "").strip()
    if not raw:
        return DEFAULT_CODE_WINDOW_STEPS
    try:
        steps = int(raw, 10)
    except ValueError:
        steps = None
    return checked_window_steps(raw if steps is None else steps, source=CODE_WINDOW_ENV_VAR)


def device_totp(seed: str) -> pyotp.TOTP:
    return pyotp.TOTP(seed, digits=TOTP_DIGITS, digest=hashlib.sha1, interval=TOTP_STEP_SECONDS)


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // TOTP_STEP_SECONDS)


def _same_code(expected: str, given: str) -> bool:
    # Bytes, because compare_digest rejects non-ASCII str; the request layer already refused those.
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def matching_step(seed: str, code_1: str, code_2: str, window_steps: int, now: float | None = None) -> int | None:
    """The step t within window_steps of now whose code is code_1 while step t + 1's is code_2; None when there is none."""
    totp = device_totp(seed)
    first = current_step(now) - window_steps
    # One code per step, from the window's first step to one past its last (code 2 of the last pair).
    codes = [totp.generate_otp(step) for step in range(first, first + 2 * window_steps + 2)]
    for offset in range(len(codes) - 1):
        if _same_code(codes[offset], code_1) and _same_code(codes[offset + 1], code_2):
            return first + offset
    return None


def codes_are_consecutive(
    seed: str, code_1: str, code_2: str, window_steps: int | None = None, now: float | None = None
) -> bool:
    """Whether the pair is two consecutive codes of the device, starting within the window (see code_window_steps)."""
    steps = code_window_steps() if window_steps is None else checked_window_steps(window_steps)
    return matching_step(seed, code_1, code_2, steps, now) is not None
