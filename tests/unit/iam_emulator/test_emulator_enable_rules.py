# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""EnableMFADevice: a virtual device's ARN must name a device that exists, and a user holds at most 8 MFA devices."""

from __future__ import annotations

import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator.models import MAX_MFA_DEVICES_PER_USER
from botocore.exceptions import ClientError

ANY_CODES = {"AuthenticationCode1": "123456", "AuthenticationCode2": "654321"}


def enabled_serials(iam, user_name: str) -> list:
    return [device["SerialNumber"] for device in iam.list_mfa_devices(UserName=user_name)["MFADevices"]]


@pytest.mark.parametrize(
    "serial_number",
    [
        "arn:aws:iam::123456789012:mfa/nobody",
        "arn:aws:iam::123456789012:mfa/team/nobody",
        "arn:aws-cn:iam::123456789012:mfa/nobody",
    ],
)
def test_the_arn_of_a_virtual_device_that_does_not_exist_is_no_such_entity(iam, client_error, serial_number):
    iam.create_user(UserName="alice")
    with pytest.raises(ClientError) as raised:
        iam.enable_mfa_device(UserName="alice", SerialNumber=serial_number, **ANY_CODES)
    assert client_error(raised) == (
        "NoSuchEntity",
        404,
        f"VirtualMFADevice with serial number {serial_number} doesn't exist.",
    )
    assert enabled_serials(iam, "alice") == []


def test_a_deleted_virtual_device_cannot_be_enabled(iam, new_virtual_device, client_error):
    device = new_virtual_device(iam, "alice", enable=False)
    iam.delete_virtual_mfa_device(SerialNumber=device.serial_number)
    with pytest.raises(ClientError) as raised:
        iam.enable_mfa_device(**device.parameters(device.codes()))
    assert client_error(raised)[:2] == ("NoSuchEntity", 404)


def test_an_unknown_user_is_still_named_first(iam, client_error):
    with pytest.raises(ClientError) as raised:
        iam.enable_mfa_device(UserName="mallory", SerialNumber="arn:aws:iam::123456789012:mfa/nobody", **ANY_CODES)
    assert client_error(raised) == ("NoSuchEntity", 404, "The user with name mallory cannot be found.")


@pytest.fixture
def full_user(iam):
    """bob, holding the most MFA devices IAM lets a user hold: hardware tokens, which take any well-formed codes."""
    iam.create_user(UserName="bob")
    for number in range(MAX_MFA_DEVICES_PER_USER):
        iam.enable_mfa_device(UserName="bob", SerialNumber=f"GAHT0000000{number}", **ANY_CODES)
    return "bob"


def test_a_user_holds_at_most_8_mfa_devices(iam, full_user, new_virtual_device, client_error):
    assert MAX_MFA_DEVICES_PER_USER == 8
    device = new_virtual_device(iam, "carol", enable=False)
    for serial_number, codes in [
        ("GAHT00000099", ANY_CODES),
        (device.serial_number, dict(zip(ANY_CODES, device.codes()))),
    ]:
        with pytest.raises(ClientError) as raised:
            iam.enable_mfa_device(UserName=full_user, SerialNumber=serial_number, **codes)
        assert client_error(raised) == ("LimitExceeded", 409, "Cannot exceed quota for MFADevicesPerUser: 8.")
    assert len(enabled_serials(iam, full_user)) == 8
    assert iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"] == []


def test_a_device_the_full_user_already_has_is_entity_already_exists_not_a_limit(iam, full_user, client_error):
    with pytest.raises(ClientError) as raised:
        iam.enable_mfa_device(UserName=full_user, SerialNumber="GAHT00000003", **ANY_CODES)
    assert client_error(raised)[:2] == ("EntityAlreadyExists", 409)


def test_deactivating_one_makes_room_for_another(iam, full_user):
    iam.deactivate_mfa_device(UserName=full_user, SerialNumber="GAHT00000000")
    iam.enable_mfa_device(UserName=full_user, SerialNumber="GAHT00000099", **ANY_CODES)
    assert len(enabled_serials(iam, full_user)) == 8
    assert "GAHT00000099" in enabled_serials(iam, full_user)
