# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Hardware TOTP tokens whose seeds a test registered, so that their codes are checked like a virtual device's.

A hardware token (a Gemalto or SurePassID key fob) has a vendor serial number such as
GAHT12345678, not an ARN, and its seed never passes through IAM's API: AWS gets it from
the vendor. So moto knows no seed for it and the emulator accepts any well-formed codes,
unless a test registers the token's seed here first (register_hardware_token() in-process,
POST /_emulator/hardware_tokens against the server). Then EnableMFADevice and
ResyncMFADevice accept only that token's two consecutive codes, as for a virtual device.

Tokens are physical things outside any account, so the registry is one per process. It is
test state all the same: every reset forgets it, as it forgets faults and calls. A seed is
a secret: it is never shown again, in an answer, the call log or an error message.
"""

from __future__ import annotations

import binascii
import re
import threading

from .mfa_codes import device_totp
from .validation import SERIAL_NUMBER

# A virtual device's serial number is its ARN (arn:PARTITION:iam::ACCOUNT:mfa/PATH/NAME); FIDO keys have u2f/ ARNs.
VIRTUAL_DEVICE_ARN = re.compile(r"arn:[a-z-]+:iam::[0-9]{12}:mfa/.*")
DEVICE_ARN = re.compile(r"arn:[a-z-]+:iam::[0-9]{12}:(mfa|u2f)/.*")
# RFC 4648 base32 (padding optional), at least 80 bits (16 characters), as RFC 4226 asks of a shared secret.
_BASE32_SEED = re.compile(r"[A-Z2-7]{16,}=*")
MAX_SEED_LENGTH = 1024


def checked_hardware_token(serial_number: object, seed: object) -> tuple[str, str]:
    """(serial number, seed) once they can be a hardware token's, else ValueError, which never quotes the seed."""
    if (
        not isinstance(serial_number, str)
        or SERIAL_NUMBER.violations(serial_number)
        or DEVICE_ARN.fullmatch(serial_number)
    ):
        raise ValueError(
            "serial_number must be a hardware token's vendor serial number (9 to 256 of A-Z a-z 0-9 _+=/:,.@-, such as GAHT12345678), "
            f"not an ARN, not {serial_number!r}"
        )
    if not isinstance(seed, str) or len(seed) > MAX_SEED_LENGTH or not _BASE32_SEED.fullmatch(seed.upper()):
        raise ValueError(
            f"seed must be the token's base32 seed (16 to {MAX_SEED_LENGTH} of A-Z 2-7, optionally = padded); the seed given is not"
        )
    try:
        device_totp(seed.upper()).at(0)
    except (binascii.Error, ValueError) as error:
        raise ValueError("seed must be the token's base32 seed; the seed given does not decode as base32") from error
    return serial_number, seed.upper()


class HardwareTokens:
    """Registered hardware tokens' seeds by serial number; safe to use from the server's request threads and a test at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seeds: dict[str, str] = {}

    def register(self, serial_number: str, seed: str) -> None:
        """Register (or replace) a token's seed; both are checked first (checked_hardware_token)."""
        serial_number, seed = checked_hardware_token(serial_number, seed)
        with self._lock:
            self._seeds[serial_number] = seed

    def seed(self, serial_number: str) -> str | None:
        with self._lock:
            return self._seeds.get(serial_number)

    def serial_numbers(self) -> list[str]:
        with self._lock:
            return sorted(self._seeds)

    def clear(self) -> int:
        """Forget every token; returns how many there were."""
        with self._lock:
            count = len(self._seeds)
            self._seeds.clear()
            return count
