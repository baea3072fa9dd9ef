# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Secrets sealed between a module and its action plugin.

ansible-core prints a module's raw output, unmasked, in its ANSIBLE_DEBUG trace (and the
ssh connection prints it in chunks). A module that must return a secret therefore returns
it sealed with a one-time key that the action plugin generated and passed as a no_log
option; the action plugin opens it on the controller, after that trace.

Standard library only, since modules run on hosts that may lack the cryptography package:
a SHAKE-256 keystream (key and a random nonce as its input) encrypts, then an HMAC-SHA256
over nonce and ciphertext authenticates. Each key seals one result.
"""

import base64
import binascii
import hashlib
import hmac
import json
import os
import re

# The module option that carries the key; documented in each module that seals.
SEALING_KEY_OPTION = "_result_sealing_key"
# The result key that carries the sealed secrets from module to action plugin.
SEALED_RESULT_KEY = "sealed_secrets"

KEY_BYTES = 32
NONCE_BYTES = 16
TAG_BYTES = hashlib.sha256().digest_size
KEYSTREAM_LABEL = b"mfaops.aws sealed secrets v1\x00"


class SealError(Exception):
    """A key or a sealed value that cannot be used; its message never holds either."""


def new_sealing_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode("ascii")


# 32 bytes in base64url: 43 characters of its alphabet and one "=" of padding.
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}=")


def _key_bytes(key) -> bytes:
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        raise SealError(f"the sealing key must be {KEY_BYTES} random bytes in base64url (43 characters of A-Z a-z 0-9 _ - and one =)")
    return base64.urlsafe_b64decode(key)


def check_sealing_key(key):
    """key when it is None or a usable sealing key; SealError otherwise."""
    if key is not None:
        _key_bytes(key)
    return key


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    return hashlib.shake_256(KEYSTREAM_LABEL + key + nonce).digest(length)


def _xor(data: bytes, keystream: bytes) -> bytes:
    return (int.from_bytes(data, "big") ^ int.from_bytes(keystream, "big")).to_bytes(len(data), "big")


def _tag(key: bytes, nonce: bytes, ciphertext: bytes) -> bytes:
    return hmac.new(key, nonce + ciphertext, hashlib.sha256).digest()


def seal(key: str, secrets: dict) -> str:
    """secrets (JSON-serializable) sealed with key, as base64url text."""
    raw_key = _key_bytes(key)
    plaintext = json.dumps(secrets, separators=(",", ":")).encode("utf-8")
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = _xor(plaintext, _keystream(raw_key, nonce, len(plaintext)))
    return base64.urlsafe_b64encode(nonce + ciphertext + _tag(raw_key, nonce, ciphertext)).decode("ascii")


def unseal(key: str, sealed: str) -> dict:
    """The secrets that seal(key, secrets) sealed; SealError when sealed is not that."""
    raw_key = _key_bytes(key)
    try:
        data = base64.urlsafe_b64decode(sealed.encode("ascii"))
    except (AttributeError, UnicodeEncodeError, binascii.Error, ValueError):
        raise SealError("the sealed value is not base64url text") from None
    if len(data) < NONCE_BYTES + TAG_BYTES:
        raise SealError("the sealed value is too short")
    nonce, ciphertext, tag = data[:NONCE_BYTES], data[NONCE_BYTES:-TAG_BYTES], data[-TAG_BYTES:]
    if not hmac.compare_digest(tag, _tag(raw_key, nonce, ciphertext)):
        raise SealError("the sealed value does not match the key (altered, or sealed with another key)")
    secrets = json.loads(_xor(ciphertext, _keystream(raw_key, nonce, len(ciphertext))).decode("utf-8"))
    if not isinstance(secrets, dict):
        raise SealError("the sealed value does not hold a mapping")
    return secrets
