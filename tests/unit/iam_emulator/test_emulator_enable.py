# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""EnableMFADevice: codes checked as IAM checks them, then moto's behaviour."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

HARDWARE_SERIAL = "GAHT12345678"


@pytest.fixture
def unassigned(iam, new_virtual_device):
    """alice, and a virtual device not yet enabled for her."""
    return new_virtual_device(iam, "alice", enable=False)


def enabled_serials(iam, user_name: str) -> list:
    return [device["SerialNumber"] for device in iam.list_mfa_devices(UserName=user_name)["MFADevices"]]


@pytest.mark.parametrize("first_step_offset", [-1, -10, 10])
def test_consecutive_codes_enable_the_device(iam, unassigned, first_step_offset):
    response = iam.enable_mfa_device(**unassigned.parameters(unassigned.codes(first_step_offset)))

    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert enabled_serials(iam, "alice") == [unassigned.serial_number]
    assigned = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
    assert [(device["SerialNumber"], device["User"]["UserName"]) for device in assigned] == [
        (unassigned.serial_number, "alice")
    ]


@pytest.mark.parametrize(
    "describe_codes",
    [
        lambda device: tuple(reversed(device.codes(-1))),
        lambda device: (device.codes(-1)[0], device.codes(1)[0]),
        lambda device: device.codes(-40),
        lambda device: ("123456", "654321"),
    ],
    ids=["reversed", "not-consecutive", "outside-window", "made-up"],
)
def test_wrong_codes_are_rejected_and_leave_the_device_unassigned(iam, unassigned, client_error, describe_codes):
    with pytest.raises(ClientError) as raised:
        iam.enable_mfa_device(**unassigned.parameters(describe_codes(unassigned)))

    assert client_error(raised) == ("InvalidAuthenticationCode", 403, "Authentication code for device is not valid.")
    assert enabled_serials(iam, "alice") == []
    assert iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"] == []


def test_unknown_user_is_no_such_entity_whatever_the_codes(iam, unassigned, client_error):
    with pytest.raises(ClientError) as raised:
        iam.enable_mfa_device(**dict(unassigned.parameters(("123456", "654321")), UserName="mallory"))
    assert client_error(raised) == ("NoSuchEntity", 404, "The user with name mallory cannot be found.")


def test_a_hardware_device_is_enabled_with_any_well_formed_codes(iam):
    iam.create_user(UserName="bob")
    iam.enable_mfa_device(
        UserName="bob", SerialNumber=HARDWARE_SERIAL, AuthenticationCode1="000000", AuthenticationCode2="000001"
    )
    assert enabled_serials(iam, "bob") == [HARDWARE_SERIAL]


def test_enabling_an_enabled_device_again_is_entity_already_exists(iam, unassigned, client_error):
    iam.enable_mfa_device(**unassigned.parameters(unassigned.codes(-1)))
    with pytest.raises(ClientError) as raised:
        iam.enable_mfa_device(**unassigned.parameters(unassigned.codes(-1)))
    assert client_error(raised)[:2] == ("EntityAlreadyExists", 409)


def test_malformed_codes_are_a_validation_error_before_any_check(iam, unassigned, client_error):
    with pytest.raises(ClientError) as raised:
        iam.enable_mfa_device(**dict(unassigned.parameters(("12345", "654321")), UserName="mallory"))
    assert client_error(raised)[:2] == ("ValidationError", 400)


def test_a_virtual_device_enabled_for_another_user_is_entity_already_exists(iam, unassigned, client_error):
    iam.enable_mfa_device(**unassigned.parameters(unassigned.codes(-1)))
    iam.create_user(UserName="bob")
    with pytest.raises(ClientError) as raised:
        iam.enable_mfa_device(**dict(unassigned.parameters(unassigned.codes(0)), UserName="bob"))
    assert client_error(raised) == ("EntityAlreadyExists", 409, "MFA Device is already in use.")
    assert enabled_serials(iam, "bob") == []
    assert enabled_serials(iam, "alice") == [unassigned.serial_number]
    assigned = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
    assert [device["User"]["UserName"] for device in assigned] == ["alice"]


def test_a_hardware_device_enabled_for_another_user_is_entity_already_exists(iam, client_error):
    iam.create_user(UserName="alice")
    iam.create_user(UserName="bob")
    iam.enable_mfa_device(
        UserName="alice", SerialNumber=HARDWARE_SERIAL, AuthenticationCode1="000000", AuthenticationCode2="000001"
    )
    with pytest.raises(ClientError) as raised:
        iam.enable_mfa_device(
            UserName="bob", SerialNumber=HARDWARE_SERIAL, AuthenticationCode1="000002", AuthenticationCode2="000003"
        )
    assert client_error(raised) == ("EntityAlreadyExists", 409, "MFA Device is already in use.")
    assert enabled_serials(iam, "bob") == []
    assert enabled_serials(iam, "alice") == [HARDWARE_SERIAL]


def test_a_device_deactivated_by_its_user_can_be_enabled_for_another(iam):
    iam.create_user(UserName="alice")
    iam.create_user(UserName="bob")
    iam.enable_mfa_device(
        UserName="alice", SerialNumber=HARDWARE_SERIAL, AuthenticationCode1="000000", AuthenticationCode2="000001"
    )
    iam.deactivate_mfa_device(UserName="alice", SerialNumber=HARDWARE_SERIAL)
    iam.enable_mfa_device(
        UserName="bob", SerialNumber=HARDWARE_SERIAL, AuthenticationCode1="000002", AuthenticationCode2="000003"
    )
    assert enabled_serials(iam, "bob") == [HARDWARE_SERIAL]
