# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""CreateVirtualMFADevice: the name and path as IAM's model says, and the serial number they make as every other call takes it."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

ARN_PREFIX = "arn:aws:iam::123456789012:mfa"  # 29 characters: a name at path / may have 226


def serials(iam) -> list:
    return [device["SerialNumber"] for device in iam.list_virtual_mfa_devices()["VirtualMFADevices"]]


@pytest.mark.parametrize(
    "request_parameters, member, constraint",
    [
        ({"VirtualMFADeviceName": "Bøb"}, "virtualMFADeviceName", "regular expression pattern: [\\w+=,.@-]+"),
        ({"VirtualMFADeviceName": "a/b"}, "virtualMFADeviceName", "regular expression pattern: [\\w+=,.@-]+"),
        ({"VirtualMFADeviceName": "alice smith"}, "virtualMFADeviceName", "regular expression pattern: [\\w+=,.@-]+"),
        (
            {"VirtualMFADeviceName": "１２３"},
            "virtualMFADeviceName",
            "regular expression pattern: [\\w+=,.@-]+",
        ),  # fullwidth digits
        ({"VirtualMFADeviceName": ""}, "virtualMFADeviceName", "length greater than or equal to 1"),
        ({"VirtualMFADeviceName": "alice", "Path": "/" + "p" * 511 + "/"}, "path", "length less than or equal to 512"),
    ],
)
def test_names_and_paths_iams_model_refuses_are_a_validation_error_creating_nothing(
    iam, client_error, request_parameters, member, constraint
):
    with pytest.raises(ClientError) as raised:
        iam.create_virtual_mfa_device(**request_parameters)
    code, status, message = client_error(raised)
    assert (code, status) == ("ValidationError", 400)
    assert f"at '{member}' failed to satisfy constraint: Member must" in message
    assert constraint in message
    assert serials(iam) == []


@pytest.mark.parametrize("path", ["/team", "team/", "/te am/", "/équipe/", "//"])
def test_a_path_breaking_its_pattern_is_refused_with_iams_own_message(iam, client_error, path):
    # IAM checks pathType's pattern itself: this is its message (CloudFormation users quote it), not the model's.
    with pytest.raises(ClientError) as raised:
        iam.create_virtual_mfa_device(VirtualMFADeviceName="alice", Path=path)
    assert client_error(raised) == (
        "ValidationError",
        400,
        "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.",
    )
    assert serials(iam) == []


@pytest.mark.parametrize(
    "name, path",
    [
        ("x" * 300, "/"),  # no maximum for the name in the model, but 330 characters of serial number
        ("x" * 227, "/"),
        ("x" * 200, "/" + "p" * 100 + "/"),  # each valid alone: 200 <= 226, 102 <= 512
        ("alice", "/a!b/"),  # ! is in pathType, not in serialNumberType
    ],
)
def test_a_name_and_path_making_a_serial_number_no_call_could_take_are_refused(iam, client_error, name, path):
    with pytest.raises(ClientError) as raised:
        iam.create_virtual_mfa_device(VirtualMFADeviceName=name, Path=path)
    code, status, message = client_error(raised)
    assert (code, status) == ("ValidationError", 400)
    assert f"Value '{ARN_PREFIX}{path}{name}' at 'serialNumber' failed to satisfy constraint" in message
    assert serials(iam) == []


@pytest.mark.parametrize(
    "name, path",
    [
        ("x" * 226, "/"),  # a serial number of exactly 256 characters
        ("x" * 124, "/" + "p" * 100 + "/"),
        ("Alice_+=,.@-1", "/"),
        ("alice", "/team/ops-1/"),
    ],
)
def test_names_and_paths_within_every_rule_create_the_device(iam, name, path):
    serial_number = iam.create_virtual_mfa_device(VirtualMFADeviceName=name, Path=path)["VirtualMFADevice"][
        "SerialNumber"
    ]
    assert serial_number == f"{ARN_PREFIX}{path}{name}"
    assert serials(iam) == [serial_number]
    iam.delete_virtual_mfa_device(SerialNumber=serial_number)  # every other call can name it
    assert serials(iam) == []


def test_without_a_path_the_device_is_at_the_root(iam):
    assert (
        iam.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"]["SerialNumber"]
        == f"{ARN_PREFIX}/alice"
    )
