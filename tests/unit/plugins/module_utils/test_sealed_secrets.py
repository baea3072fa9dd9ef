# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import base64
import json

import pytest
from ansible_collections.mfaops.aws.plugins.module_utils import sealed_secrets
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import SealError
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import check_sealing_key
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import new_sealing_key
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import seal
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import unseal
from ansible_collections.mfaops.aws.tests.unit.plugins.hidden_imports import load_without
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

SECRETS = {
    "virtual_mfa_device": {"base32_string_seed": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "qr_code_png": "iVBORw0KGgo" * 300}
}
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children, max_size=3),
    max_leaves=10,
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(secrets=st.dictionaries(st.text(), JSON_VALUES, max_size=4))
def test_what_is_sealed_opens_unchanged(secrets):
    key = new_sealing_key()

    assert unseal(key, seal(key, secrets)) == secrets


def test_the_sealed_text_shows_nothing_of_the_secrets():
    key = new_sealing_key()
    sealed = seal(key, SECRETS)

    decoded = base64.urlsafe_b64decode(sealed)
    for secret in ("JBSWY3DP", "iVBORw0KGgo", "base32_string_seed"):
        assert secret not in sealed and secret.encode() not in decoded


def test_sealing_twice_gives_different_texts():
    key = new_sealing_key()

    assert seal(key, SECRETS) != seal(key, SECRETS)


def test_another_key_does_not_open_it():
    sealed = seal(new_sealing_key(), SECRETS)

    with pytest.raises(SealError, match="does not match the key"):
        unseal(new_sealing_key(), sealed)


@pytest.mark.parametrize("position", [0, 20, -40, -1])
def test_any_altered_character_is_detected(position):
    key = new_sealing_key()
    sealed = bytearray(base64.urlsafe_b64decode(seal(key, SECRETS)))
    sealed[position] ^= 0x01

    with pytest.raises(SealError, match="does not match the key"):
        unseal(key, base64.urlsafe_b64encode(bytes(sealed)).decode())


@pytest.mark.parametrize("sealed", ["", "AAAA", "not base64 at all!", None, "\u00e9t\u00e9"])
def test_garbage_is_refused_cleanly(sealed):
    with pytest.raises(SealError):
        unseal(new_sealing_key(), sealed)


def test_new_keys_are_valid_and_distinct():
    keys = {new_sealing_key() for _key in range(50)}

    assert len(keys) == 50
    assert all(check_sealing_key(key) == key and len(base64.urlsafe_b64decode(key)) == 32 for key in keys)


@pytest.mark.parametrize(
    "key",
    [
        "",
        "A" * 43,
        "A" * 44,
        "A" * 42 + "==",
        "A" * 43 + "=\n",
        " " + "A" * 43 + "=",
        "A" * 42 + "+=",
        "A" * 42 + "/=",
        "\uff21" * 43 + "=",
        "A" * 87 + "=",
        42,
        ["A" * 43 + "="],
    ],
)
def test_keys_that_are_not_32_bytes_in_base64url_are_refused(key):
    with pytest.raises(SealError, match="32 random bytes in base64url"):
        check_sealing_key(key)
    with pytest.raises(SealError):
        seal(key, SECRETS)


def test_no_key_is_allowed():
    assert check_sealing_key(None) is None


def test_error_messages_never_hold_the_key_or_the_sealed_text():
    key = "zq" + "A" * 40 + "=="
    with pytest.raises(SealError) as refused:
        check_sealing_key(key)
    assert key not in str(refused.value)

    sealed = seal(new_sealing_key(), SECRETS)
    with pytest.raises(SealError) as mismatch:
        unseal(new_sealing_key(), sealed)
    assert sealed not in str(mismatch.value)


def test_sealed_values_are_aes_256_gcm_of_the_json():
    """The cipher is the cryptography package's: its AESGCM opens a sealed value (12-byte nonce first)."""
    key = new_sealing_key()
    data = base64.urlsafe_b64decode(seal(key, SECRETS))

    plaintext = AESGCM(base64.urlsafe_b64decode(key)).decrypt(data[:12], data[12:], b"mfaops.aws sealed secrets v2")

    assert json.loads(plaintext) == SECRETS


def test_a_value_sealed_without_the_associated_data_does_not_open():
    key = new_sealing_key()
    nonce = b"\x00" * 12
    foreign = AESGCM(base64.urlsafe_b64decode(key)).encrypt(nonce, json.dumps(SECRETS).encode(), None)

    with pytest.raises(SealError, match="does not match the key"):
        unseal(key, base64.urlsafe_b64encode(nonce + foreign).decode())


@pytest.mark.parametrize("length", [0, 11, 27])
def test_values_shorter_than_a_nonce_and_a_tag_are_refused(length):
    with pytest.raises(SealError, match="too short"):
        unseal(new_sealing_key(), base64.urlsafe_b64encode(b"\x00" * length).decode())


def test_a_sealed_value_that_is_not_a_mapping_is_refused():
    key = new_sealing_key()
    nonce = b"\x01" * 12
    sealed = AESGCM(base64.urlsafe_b64decode(key)).encrypt(nonce, b"[1, 2]", b"mfaops.aws sealed secrets v2")

    with pytest.raises(SealError, match="does not hold a mapping"):
        unseal(key, base64.urlsafe_b64encode(nonce + sealed).decode())


@pytest.fixture
def without_cryptography(monkeypatch):
    """sealed_secrets as loaded on a host where the cryptography package cannot be imported."""
    return load_without(monkeypatch, sealed_secrets, "cryptography")


def test_without_cryptography_nothing_is_sealed_and_the_message_says_why(without_cryptography):
    key = new_sealing_key()
    module = without_cryptography

    assert module.HAS_CRYPTOGRAPHY is False
    for attempt in (module.new_sealing_key, lambda: module.check_sealing_key(key), lambda: module.seal(key, SECRETS)):
        with pytest.raises(module.SealingUnavailable) as unavailable:
            attempt()
        message = str(unavailable.value)
        assert "Failed to import the required Python library (cryptography)" in message
        assert "JBSWY3DP" not in message and key not in message


def test_without_cryptography_a_sealed_value_is_not_opened(without_cryptography):
    key = new_sealing_key()
    sealed = seal(key, SECRETS)

    with pytest.raises(without_cryptography.SealingUnavailable):
        without_cryptography.unseal(key, sealed)


def test_without_cryptography_a_bad_key_is_still_named_as_such(without_cryptography):
    with pytest.raises(without_cryptography.SealError, match="32 random bytes in base64url"):
        without_cryptography.check_sealing_key("A" * 43)
    assert without_cryptography.check_sealing_key(None) is None
