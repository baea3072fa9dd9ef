# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""TOTP codes (RFC 6238) from a base32 seed, as a virtual MFA device shows them, with pyotp.

Shared by the totp lookup (on the controller) and the modules' seed option (where the module
runs). Errors never contain the seed or any part of it.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import time

try:
    import pyotp
except ImportError:
    pyotp = None
    HAS_PYOTP = False
else:
    HAS_PYOTP = True

_BASE32_CHARACTERS = re.compile(r"[A-Z2-7]+")
_WHITESPACE = re.compile(r"\s+")

# Recent pyotp versions refuse keys shorter than this (NIST SP 800-63B); older ones accept them. AWS seeds have 40 bytes.
PYOTP_MIN_SEED_BYTES = 14

# An AWS virtual MFA device: HMAC-SHA-1, six digits, a new code every 30 seconds.
AWS_PERIOD = 30


class SeedError(ValueError):
    """A seed that cannot give codes; the message says why without quoting any of it."""


def describe_kind(value) -> str:
    """What kind of value this is, in a user's words ("an integer", "a list"), never a Python class name.

    Ansible hands plugins its own subclasses (_AnsibleTaggedInt, _AnsibleTaggedFloat...): their names mean nothing to users.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number with a fractional part" if math.isfinite(value) else "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bytes):
        return "bytes"
    if isinstance(value, dict):
        return "a dictionary"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "a list"
    return "a value that is not text"


def normalized_seed(seed) -> tuple:
    """(padded upper-case base32 text, decoded key length) of a seed, or SeedError.

    Letters may be in any case; spaces (as authenticator apps show seeds) and trailing '=' padding are ignored.
    """
    if not isinstance(seed, str):
        raise SeedError(f"must be a base32 string, not {describe_kind(seed)}")
    text = _WHITESPACE.sub("", seed).rstrip("=")
    if not text:
        raise SeedError("is empty")
    # Check for ASCII before upper-casing: str.upper() turns some other letters into ASCII ones (for example 'ß' into 'SS').
    if not text.isascii() or _BASE32_CHARACTERS.fullmatch(text.upper()) is None:
        raise SeedError(
            "is not valid base32: it may only contain the letters A-Z (in any case), the digits 2-7, spaces and '=' padding at the end"
        )
    if len(text) % 8 in (1, 3, 6):
        raise SeedError(
            "is not valid base32: its number of characters is not one that base32 encoding produces (is it complete?)"
        )
    padded = text.upper() + "=" * (-len(text) % 8)
    try:
        key = base64.b32decode(padded)
    except (binascii.Error, ValueError):
        # Not expected after the checks above. The decoder's text could quote the seed: do not chain it.
        raise SeedError("is not valid base32") from None
    return padded, len(key)


def codes_at_steps(seed, steps, digits: int = 6, digest=None) -> list:
    """The codes of seed for the given time steps (HMAC-SHA-1 unless digest is given), or SeedError."""
    padded, key_length = normalized_seed(seed)
    try:
        generator = pyotp.HOTP(padded, digits=digits, digest=digest) if digest else pyotp.HOTP(padded, digits=digits)
        return [generator.at(step) for step in steps]
    except Exception:  # pylint: disable=broad-exception-caught
        # pyotp's exception could carry the seed: do not chain it.
        if key_length < PYOTP_MIN_SEED_BYTES:
            raise SeedError(
                f"is too short: it decodes to {key_length * 8} bits, and the installed pyotp needs at least "
                f"{PYOTP_MIN_SEED_BYTES * 8} bits (AWS virtual MFA seeds have 320 bits)"
            ) from None
        raise SeedError("was rejected by pyotp") from None


def check_seed(seed) -> None:
    """SeedError unless seed gives codes, found without reading the clock (no call needs to have been made)."""
    codes_at_steps(seed, [0])


def consecutive_codes(seed, now: float | None = None) -> tuple:
    """The two consecutive codes of an AWS virtual MFA device with this seed: the one it shows now and the next.

    The clock is read once, so the two codes always belong to consecutive time steps.
    """
    step = int(time.time() if now is None else now) // AWS_PERIOD
    code_1, code_2 = codes_at_steps(seed, [step, step + 1])
    return code_1, code_2
