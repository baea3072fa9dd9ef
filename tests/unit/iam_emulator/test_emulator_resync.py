# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ResyncMFADevice through boto3, on the emulator in-process."""

from __future__ import annotations

import secrets

import pytest
from botocore.exceptions import ClientError

HARDWARE_SERIAL = "GAHT12345678"
INVALID_CODE = ("InvalidAuthenticationCode", 403, "Authentication code for device is not valid.")


@pytest.fixture
def alice(iam, new_virtual_device):
    return new_virtual_device(iam, "alice")


@pytest.mark.parametrize("first_step_offset", [-1, 0, -10, 10])
def test_two_consecutive_codes_resync(iam, alice, first_step_offset):
    response = iam.resync_mfa_device(**alice.parameters(alice.codes(first_step_offset)))

    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["ResponseMetadata"]["RequestId"]


def test_resync_leaves_the_device_enabled_for_the_user(iam, alice):
    iam.resync_mfa_device(**alice.parameters(alice.codes(-10)))

    assert [device["SerialNumber"] for device in iam.list_mfa_devices(UserName="alice")["MFADevices"]] == [
        alice.serial_number
    ]


def test_codes_that_are_not_consecutive_are_rejected(iam, alice, client_error):
    codes = (alice.codes(-1)[0], alice.codes(1)[0])  # steps t and t + 2
    with pytest.raises(ClientError) as raised:
        iam.resync_mfa_device(**alice.parameters(codes))
    assert client_error(raised) == INVALID_CODE


def test_reversed_codes_are_rejected(iam, alice, client_error):
    code_1, code_2 = alice.codes(-1)
    with pytest.raises(ClientError) as raised:
        iam.resync_mfa_device(**alice.parameters((code_2, code_1)))
    assert client_error(raised) == INVALID_CODE


@pytest.mark.parametrize("first_step_offset", [-40, 40, -500])
def test_codes_outside_the_window_are_rejected(iam, alice, client_error, first_step_offset):
    with pytest.raises(ClientError) as raised:
        iam.resync_mfa_device(**alice.parameters(alice.codes(first_step_offset)))
    assert client_error(raised) == INVALID_CODE


def test_random_codes_are_rejected(iam, alice, client_error):
    codes = tuple(f"{secrets.randbelow(10**6):06d}" for _repeat in range(2))
    with pytest.raises(ClientError) as raised:
        iam.resync_mfa_device(**alice.parameters(codes))
    assert client_error(raised) == INVALID_CODE


def test_the_window_setting_narrows_what_is_accepted(iam, alice, client_error, code_window):
    code_window(2)
    iam.resync_mfa_device(**alice.parameters(alice.codes(-2)))
    with pytest.raises(ClientError) as raised:
        iam.resync_mfa_device(**alice.parameters(alice.codes(-10)))
    assert client_error(raised) == INVALID_CODE


def test_the_window_environment_variable_widens_what_is_accepted(iam, alice, client_error, monkeypatch):
    with pytest.raises(ClientError) as raised:
        iam.resync_mfa_device(**alice.parameters(alice.codes(-100)))
    assert client_error(raised) == INVALID_CODE

    monkeypatch.setenv("IAM_EMULATOR_CODE_WINDOW_STEPS", "120")
    iam.resync_mfa_device(**alice.parameters(alice.codes(-100)))


def test_unknown_user_is_no_such_entity(iam, alice, client_error):
    with pytest.raises(ClientError) as raised:
        iam.resync_mfa_device(**dict(alice.parameters(alice.codes()), UserName="mallory"))
    assert client_error(raised) == ("NoSuchEntity", 404, "The user with name mallory cannot be found.")


def test_another_users_device_is_no_such_entity(iam, alice, new_virtual_device, client_error):
    bob = new_virtual_device(iam, "bob")
    with pytest.raises(ClientError) as raised:
        iam.resync_mfa_device(**dict(alice.parameters(alice.codes()), UserName=bob.user_name))
    code, status, message = client_error(raised)
    assert (code, status) == ("NoSuchEntity", 404)
    assert alice.serial_number in message


def test_a_device_assigned_to_nobody_is_no_such_entity(iam, new_virtual_device, client_error):
    carol = new_virtual_device(iam, "carol", enable=False)
    with pytest.raises(ClientError) as raised:
        iam.resync_mfa_device(**carol.parameters(carol.codes()))
    assert client_error(raised)[:2] == ("NoSuchEntity", 404)


def test_a_deactivated_device_is_no_such_entity(iam, alice, client_error):
    iam.deactivate_mfa_device(UserName="alice", SerialNumber=alice.serial_number)
    with pytest.raises(ClientError) as raised:
        iam.resync_mfa_device(**alice.parameters(alice.codes()))
    assert client_error(raised)[:2] == ("NoSuchEntity", 404)


def test_a_hardware_device_accepts_any_well_formed_codes(iam):
    iam.create_user(UserName="bob")
    iam.enable_mfa_device(
        UserName="bob", SerialNumber=HARDWARE_SERIAL, AuthenticationCode1="000000", AuthenticationCode2="000001"
    )

    for codes in [("123456", "654321"), ("999999", "999999")]:
        response = iam.resync_mfa_device(
            UserName="bob", SerialNumber=HARDWARE_SERIAL, AuthenticationCode1=codes[0], AuthenticationCode2=codes[1]
        )
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_a_hardware_device_still_needs_well_formed_codes(iam, client_error):
    iam.create_user(UserName="bob")
    iam.enable_mfa_device(
        UserName="bob", SerialNumber=HARDWARE_SERIAL, AuthenticationCode1="000000", AuthenticationCode2="000001"
    )
    with pytest.raises(ClientError) as raised:
        iam.resync_mfa_device(
            UserName="bob", SerialNumber=HARDWARE_SERIAL, AuthenticationCode1="12345", AuthenticationCode2="654321"
        )
    assert client_error(raised)[:2] == ("ValidationError", 400)
