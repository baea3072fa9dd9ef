# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Secrets sealed between a module and its action plugin.

ansible-core prints a module's raw output, unmasked, in its ANSIBLE_DEBUG trace (and the
ssh connection prints it in chunks). A module that must return a secret therefore returns
it sealed with a one-time key that the action plugin generated and passed as a no_log
option; the action plugin opens it on the controller, after that trace.

Sealing is AES-256-GCM from the cryptography package: authenticated encryption with a
random nonce, so a sealed value that was altered or sealed under another key does not
open. Each key seals one result. Without cryptography nothing is sealed: SealingUnavailable
is raised, and the secrets are never returned in clear instead.
"""

import base64
import binascii
import json
import os
import re

from ansible.module_utils.basic import missing_required_lib

try:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
except ImportError:
    HAS_CRYPTOGRAPHY = False
else:
    HAS_CRYPTOGRAPHY = True

# The module option that carries the key; documented in each module that seals.
SEALING_KEY_OPTION = "_result_sealing_key"
# The result key that carries the sealed secrets from module to action plugin.
SEALED_RESULT_KEY = "sealed_secrets"

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
# Bound to every sealed value as associated data: a value sealed for anything else does not open.
ASSOCIATED_DATA = b"mfaops.aws sealed secrets v2"


class SealError(Exception):
    """A key or a sealed value that cannot be used; its message never holds either."""


class SealingUnavailable(Exception):
    """The cryptography package, which sealing needs, cannot be imported on this host."""

    def __init__(self):
        super().__init__(
            missing_required_lib(
                "cryptography",
                reason="to seal the seed and QR code of a new virtual MFA device so that no debug trace shows them",
            )
        )


def _aesgcm(key: bytes):
    if not HAS_CRYPTOGRAPHY:
        raise SealingUnavailable()
    return AESGCM(key)


def new_sealing_key() -> str:
    if not HAS_CRYPTOGRAPHY:
        raise SealingUnavailable()
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=KEY_BYTES * 8)).decode("ascii")


# 32 bytes in base64url: 43 characters of its alphabet and one "=" of padding.
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}=")


def _key_bytes(key) -> bytes:
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        raise SealError(
            f"the sealing key must be {KEY_BYTES} random bytes in base64url (43 characters of A-Z a-z 0-9 _ - and one =)"
        )
    return base64.urlsafe_b64decode(key)


def check_sealing_key(key):
    """key when it is None, or a usable sealing key on a host that can seal; SealError or SealingUnavailable otherwise."""
    if key is not None:
        _key_bytes(key)
        if not HAS_CRYPTOGRAPHY:
            raise SealingUnavailable()
    return key


def seal(key: str, secrets: dict) -> str:
    """secrets (JSON-serializable) sealed with key, as base64url text."""
    cipher = _aesgcm(_key_bytes(key))
    plaintext = json.dumps(secrets, separators=(",", ":")).encode("utf-8")
    nonce = os.urandom(NONCE_BYTES)
    return base64.urlsafe_b64encode(nonce + cipher.encrypt(nonce, plaintext, ASSOCIATED_DATA)).decode("ascii")


def unseal(key: str, sealed: str) -> dict:
    """The secrets that seal(key, secrets) sealed; SealError when sealed is not that."""
    cipher = _aesgcm(_key_bytes(key))
    try:
        data = base64.urlsafe_b64decode(sealed.encode("ascii"))
    except (AttributeError, UnicodeEncodeError, binascii.Error, ValueError):
        raise SealError("the sealed value is not base64url text") from None
    if len(data) < NONCE_BYTES + TAG_BYTES:
        raise SealError("the sealed value is too short")
    try:
        plaintext = cipher.decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], ASSOCIATED_DATA)
    except InvalidTag:
        raise SealError("the sealed value does not match the key (altered, or sealed with another key)") from None
    secrets = json.loads(plaintext.decode("utf-8"))
    if not isinstance(secrets, dict):
        raise SealError("the sealed value does not hold a mapping")
    return secrets
