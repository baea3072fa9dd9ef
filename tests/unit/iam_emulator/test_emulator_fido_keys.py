# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""FIDO security keys given to a user by a test (IAM enables them only in the console): in-process and over HTTP."""

from __future__ import annotations

import re

import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator.fido_keys import register_fido_security_key
from ansible_collections.mfaops.aws.tests.unit.iam_emulator.control_client import control_answer

FIDO_SERIAL = re.compile(r"arn:aws:iam::123456789012:u2f/user/alice/yubikey-[A-Z0-9]{26}")


def test_a_registered_key_is_listed_and_can_be_deactivated(iam):
    iam.create_user(UserName="alice")

    serial = register_fido_security_key("alice", "yubikey")

    assert FIDO_SERIAL.fullmatch(serial)
    assert [device["SerialNumber"] for device in iam.list_mfa_devices(UserName="alice")["MFADevices"]] == [serial]
    iam.deactivate_mfa_device(UserName="alice", SerialNumber=serial)
    assert iam.list_mfa_devices(UserName="alice")["MFADevices"] == []
    iam.delete_user(UserName="alice")


@pytest.mark.usefixtures("iam")
def test_a_bad_key_name_is_refused():
    with pytest.raises(ValueError, match="1 to 64 characters"):
        register_fido_security_key("alice", "a b")


def test_the_endpoint_registers_a_key(server, server_iam):
    server_iam.create_user(UserName="alice")

    status, answer = control_answer(server, "POST", "fido_keys", {"user_name": "alice", "name": "yubikey"})

    assert status == 201
    assert FIDO_SERIAL.fullmatch(answer["serial_number"])
    assert [device["SerialNumber"] for device in server_iam.list_mfa_devices(UserName="alice")["MFADevices"]] == [
        answer["serial_number"]
    ]


@pytest.mark.parametrize(
    "body, status", [({"user_name": "nobody"}, 404), ({"name": "x"}, 400), ({"user_name": "alice", "colour": 1}, 400)]
)
def test_the_endpoint_refuses_what_it_cannot_do(server, server_iam, body, status):
    assert control_answer(server, "POST", "fido_keys", body)[0] == status
