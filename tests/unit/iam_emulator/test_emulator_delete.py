# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""DeleteVirtualMFADevice and DeleteUser: IAM refuses to delete what a user's MFA still depends on."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

UNKNOWN_SERIAL = "arn:aws:iam::123456789012:mfa/nobody"


def listed_serials(iam) -> list:
    return [device["SerialNumber"] for device in iam.list_virtual_mfa_devices()["VirtualMFADevices"]]


def test_an_assigned_device_is_a_delete_conflict_and_stays(iam, new_virtual_device, client_error):
    alice = new_virtual_device(iam, "alice")
    with pytest.raises(ClientError) as raised:
        iam.delete_virtual_mfa_device(SerialNumber=alice.serial_number)

    assert client_error(raised) == ("DeleteConflict", 409, "MFA device is still in use.")
    assert raised.value.response["Error"]["Type"] == "Sender"
    assert listed_serials(iam) == [alice.serial_number]
    assert [device["SerialNumber"] for device in iam.list_mfa_devices(UserName="alice")["MFADevices"]] == [
        alice.serial_number
    ]


def test_a_deactivated_device_can_be_deleted(iam, new_virtual_device):
    alice = new_virtual_device(iam, "alice")
    iam.deactivate_mfa_device(UserName="alice", SerialNumber=alice.serial_number)

    assert iam.delete_virtual_mfa_device(SerialNumber=alice.serial_number)["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert listed_serials(iam) == []


def test_a_never_assigned_device_can_be_deleted(iam, new_virtual_device):
    unassigned = new_virtual_device(iam, "alice", enable=False)
    iam.delete_virtual_mfa_device(SerialNumber=unassigned.serial_number)
    assert listed_serials(iam) == []


def test_an_unknown_device_is_no_such_entity(iam, client_error):
    with pytest.raises(ClientError) as raised:
        iam.delete_virtual_mfa_device(SerialNumber=UNKNOWN_SERIAL)
    assert client_error(raised) == (
        "NoSuchEntity",
        404,
        f"VirtualMFADevice with serial number {UNKNOWN_SERIAL} doesn't exist.",
    )


def test_a_malformed_serial_number_is_a_validation_error(iam, client_error):
    with pytest.raises(ClientError) as raised:
        iam.delete_virtual_mfa_device(SerialNumber="short")
    code, status, message = client_error(raised)
    assert (code, status) == ("ValidationError", 400)
    assert (
        "Value 'short' at 'serialNumber' failed to satisfy constraint: Member must have length greater than or equal to 9"
        in message
    )


def test_a_deleted_devices_tags_do_not_come_back_with_a_new_device_of_that_name(iam, new_virtual_device):
    device = new_virtual_device(iam, "alice", enable=False)
    iam.tag_mfa_device(SerialNumber=device.serial_number, Tags=[{"Key": "team", "Value": "ops"}])
    iam.delete_virtual_mfa_device(SerialNumber=device.serial_number)

    again = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"]
    assert again["SerialNumber"] == device.serial_number
    assert iam.list_mfa_device_tags(SerialNumber=device.serial_number)["Tags"] == []


def test_a_user_with_an_mfa_device_cannot_be_deleted(iam, new_virtual_device, client_error):
    alice = new_virtual_device(iam, "alice")
    with pytest.raises(ClientError) as raised:
        iam.delete_user(UserName="alice")
    assert client_error(raised) == ("DeleteConflict", 409, "Cannot delete entity, must delete MFA device first.")

    # Deactivating the device is what IAM asks for; then both can go.
    iam.deactivate_mfa_device(UserName="alice", SerialNumber=alice.serial_number)
    iam.delete_user(UserName="alice")
    iam.delete_virtual_mfa_device(SerialNumber=alice.serial_number)
    assert iam.list_users()["Users"] == [] and listed_serials(iam) == []


def test_a_user_with_a_hardware_device_cannot_be_deleted_either(iam, client_error):
    iam.create_user(UserName="bob")
    iam.enable_mfa_device(
        UserName="bob", SerialNumber="GAHT12345678", AuthenticationCode1="000000", AuthenticationCode2="000001"
    )
    with pytest.raises(ClientError) as raised:
        iam.delete_user(UserName="bob")
    assert client_error(raised)[:2] == ("DeleteConflict", 409)
