# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""amazon.aws's IAM modules against the emulator's server, end to end: each module's main() runs in this
process (so the tests stay fast), talking HTTP to the server through endpoint_url as a playbook's would."""

from __future__ import annotations

import json

import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator import clear_calls
from ansible_collections.mfaops.aws.tests.iam_emulator import recorded_calls

patch_module_args = pytest.importorskip("ansible.module_utils.testing").patch_module_args
iam_user = pytest.importorskip("ansible_collections.amazon.aws.plugins.modules.iam_user")
iam_mfa_device_info = pytest.importorskip("ansible_collections.amazon.aws.plugins.modules.iam_mfa_device_info")

CREDENTIALS = {"access_key": "AKIAEXAMPLEEXAMPLE12", "secret_key": "exampleSecretKey", "region": "us-east-1"}


@pytest.fixture
def run_module(server, capsys):
    """run_module(main, args) -> the module's result, with the server's endpoint and credentials added to args."""

    def run(main, args: dict) -> dict:
        capsys.readouterr()
        with patch_module_args(dict(CREDENTIALS, endpoint_url=server.url, **args)):
            with pytest.raises(SystemExit):
                main()
        return json.loads(capsys.readouterr().out)

    return run


def server_statuses() -> dict:
    """{action: [HTTP statuses]} of the calls since the log was cleared."""
    statuses: dict = {}
    for call in recorded_calls():
        statuses.setdefault(call["action"], []).append(call["status"])
    return statuses


def test_iam_user_absent_deletes_a_user_whose_virtual_device_was_deleted(server_iam, new_virtual_device, run_module):
    alice = new_virtual_device(server_iam, "alice")
    server_iam.deactivate_mfa_device(UserName="alice", SerialNumber=alice.serial_number)
    server_iam.delete_virtual_mfa_device(SerialNumber=alice.serial_number)
    clear_calls()

    result = run_module(iam_user.main, {"name": "alice", "state": "absent"})

    assert not result.get("failed"), result
    assert result["changed"] is True
    assert server_iam.list_users()["Users"] == []
    statuses = server_statuses()
    assert statuses["ListServiceSpecificCredentials"] == [200]  # moto alone answers an HTML 500 here
    assert statuses["DeleteUser"] == [200]
    assert all(status < 500 for call_statuses in statuses.values() for status in call_statuses), statuses


def test_iam_user_absent_deactivates_an_enabled_device_before_deleting_the_user(
    server_iam, new_virtual_device, run_module
):
    alice = new_virtual_device(server_iam, "alice")

    result = run_module(iam_user.main, {"name": "alice", "state": "absent"})

    assert result["changed"] is True, result
    assert server_iam.list_users()["Users"] == []
    # The device outlives the user, unassigned, and can now be deleted.
    (device,) = server_iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]
    assert device["SerialNumber"] == alice.serial_number
    server_iam.delete_virtual_mfa_device(SerialNumber=alice.serial_number)


def test_iam_user_absent_for_a_missing_user_changes_nothing(server_iam, run_module):
    result = run_module(iam_user.main, {"name": "nobody", "state": "absent"})
    assert (result.get("failed"), result["changed"]) == (None, False)


def test_iam_user_present_creates_the_user(server_iam, run_module):
    result = run_module(iam_user.main, {"name": "bob", "state": "present", "tags": {"team": "ops"}})

    assert result["changed"] is True, result
    assert result["user"]["user_name"] == "bob" and result["user"]["tags"] == {"team": "ops"}
    assert [user["UserName"] for user in server_iam.list_users()["Users"]] == ["bob"]
    assert run_module(iam_user.main, {"name": "bob", "state": "present", "tags": {"team": "ops"}})["changed"] is False


def test_iam_mfa_device_info_lists_the_users_device(server_iam, new_virtual_device, run_module):
    alice = new_virtual_device(server_iam, "alice")

    result = run_module(iam_mfa_device_info.main, {"user_name": "alice"})

    assert not result.get("failed"), result
    assert [(device["serial_number"], device["user_name"]) for device in result["mfa_devices"]] == [
        (alice.serial_number, "alice")
    ]
