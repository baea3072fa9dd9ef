# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Hardware TOTP tokens whose seed a test registered: their codes are checked like a virtual device's."""

from __future__ import annotations

import json
import time

import pyotp
import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator.control import clear_hardware_tokens
from ansible_collections.mfaops.aws.tests.iam_emulator.control import hardware_tokens
from ansible_collections.mfaops.aws.tests.iam_emulator.control import register_hardware_token
from ansible_collections.mfaops.aws.tests.iam_emulator.control import reset
from ansible_collections.mfaops.aws.tests.unit.iam_emulator.control_client import control_answer
from botocore.exceptions import ClientError

SERIAL = "GAHT12345678"
SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def codes(seed: str, first_step_offset: int = 0) -> tuple[str, str]:
    totp = pyotp.TOTP(seed)
    start = time.time() + first_step_offset * totp.interval
    return totp.at(start), totp.at(start + totp.interval)


def parameters(user_name: str, pair: tuple[str, str], serial_number: str = SERIAL) -> dict:
    return {
        "UserName": user_name,
        "SerialNumber": serial_number,
        "AuthenticationCode1": pair[0],
        "AuthenticationCode2": pair[1],
    }


@pytest.fixture
def alice(iam):
    iam.create_user(UserName="alice")
    register_hardware_token(SERIAL, SEED)
    return "alice"


@pytest.mark.parametrize("first_step_offset", [-1, 0, 5])
def test_a_registered_token_is_enabled_and_resynced_with_its_own_codes(iam, alice, first_step_offset):
    iam.enable_mfa_device(**parameters(alice, codes(SEED, first_step_offset)))
    assert [device["SerialNumber"] for device in iam.list_mfa_devices(UserName=alice)["MFADevices"]] == [SERIAL]
    iam.resync_mfa_device(**parameters(alice, codes(SEED, first_step_offset)))


@pytest.mark.parametrize(
    "describe_codes",
    [
        lambda: ("123456", "654321"),
        lambda: tuple(reversed(codes(SEED, -1))),
        lambda: codes(SEED, -40),
        lambda: codes(pyotp.random_base32()),
    ],
    ids=["made-up", "reversed", "outside-window", "another-seed"],
)
def test_codes_that_are_not_the_tokens_are_refused(iam, alice, client_error, describe_codes):
    with pytest.raises(ClientError) as raised:
        iam.enable_mfa_device(**parameters(alice, describe_codes()))
    assert client_error(raised) == ("InvalidAuthenticationCode", 403, "Authentication code for device is not valid.")
    assert iam.list_mfa_devices(UserName=alice)["MFADevices"] == []


def test_a_registered_tokens_resync_refuses_codes_that_are_not_its(iam, alice, client_error):
    iam.enable_mfa_device(**parameters(alice, codes(SEED)))
    with pytest.raises(ClientError) as raised:
        iam.resync_mfa_device(**parameters(alice, ("123456", "654321")))
    assert client_error(raised)[:2] == ("InvalidAuthenticationCode", 403)


def test_a_token_enabled_before_its_seed_was_registered_is_checked_from_then_on(iam, client_error):
    iam.create_user(UserName="bob")
    iam.enable_mfa_device(**parameters("bob", ("123456", "654321")))
    register_hardware_token(SERIAL, SEED.lower())  # base32 in either case
    with pytest.raises(ClientError) as raised:
        iam.resync_mfa_device(**parameters("bob", ("123456", "654321")))
    assert client_error(raised)[:2] == ("InvalidAuthenticationCode", 403)
    iam.resync_mfa_device(**parameters("bob", codes(SEED)))


def test_an_unregistered_token_still_takes_any_well_formed_codes(iam, alice):
    iam.enable_mfa_device(**parameters(alice, ("123456", "654321"), serial_number="GAHT87654321"))


def test_every_reset_forgets_the_tokens(iam, alice):
    assert hardware_tokens() == [SERIAL]
    reset()
    assert hardware_tokens() == []
    iam.create_user(UserName="alice")
    iam.enable_mfa_device(**parameters("alice", ("123456", "654321")))


@pytest.mark.parametrize(
    "serial_number, seed, complaint",
    [
        ("arn:aws:iam::123456789012:mfa/alice", SEED, "not an ARN"),
        ("GAHT", SEED, "9 to 256"),
        ("GAHT 12345678", SEED, "9 to 256"),
        (12345678901, SEED, "serial_number"),
        (SERIAL, "not base32!", "base32 seed"),
        (SERIAL, "ABCDEFGH", "16 to"),
        (SERIAL, None, "base32 seed"),
    ],
)
def test_what_cannot_be_a_token_is_refused_without_quoting_the_seed(serial_number, seed, complaint):
    clear_hardware_tokens()
    with pytest.raises(ValueError, match=complaint) as raised:
        register_hardware_token(serial_number, seed)
    if isinstance(seed, str):
        assert seed not in str(raised.value)
    assert hardware_tokens() == []


def test_tokens_are_registered_over_http_and_never_shown_again(server, server_iam, client_error):
    status, answer = control_answer(server, "POST", "hardware_tokens", {"serial_number": SERIAL, "seed": SEED})
    assert (status, answer) == (201, {"hardware_token": {"serial_number": SERIAL}})
    listed = control_answer(server, "GET", "hardware_tokens")
    assert listed == (200, {"hardware_tokens": [SERIAL]})
    assert SEED not in json.dumps(listed) + json.dumps(control_answer(server, "GET", "settings"))

    server_iam.create_user(UserName="alice")
    with pytest.raises(ClientError) as raised:
        server_iam.enable_mfa_device(**parameters("alice", ("123456", "654321")))
    assert client_error(raised)[:2] == ("InvalidAuthenticationCode", 403)
    server_iam.enable_mfa_device(**parameters("alice", codes(SEED)))

    assert control_answer(server, "DELETE", "hardware_tokens") == (200, {"cleared": 1})
    assert control_answer(server, "GET", "hardware_tokens") == (200, {"hardware_tokens": []})


@pytest.mark.parametrize(
    "body, complaint",
    [
        ({"serial_number": SERIAL}, "JSON object"),
        ({"serial_number": SERIAL, "seed": SEED, "user": "alice"}, "JSON object"),
        ({"serial_number": SERIAL, "seed": "ABC"}, "base32 seed"),
        ([SERIAL, SEED], "JSON object"),
    ],
)
def test_malformed_token_registrations_over_http_are_refused(server, server_iam, body, complaint):  # pylint: disable=unused-argument
    status, answer = control_answer(server, "POST", "hardware_tokens", body)
    assert status == 400
    assert complaint in answer["error"]
    assert control_answer(server, "GET", "hardware_tokens")[1] == {"hardware_tokens": []}
