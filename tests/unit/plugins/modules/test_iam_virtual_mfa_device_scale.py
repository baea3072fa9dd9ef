# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""IAM calls of each iam_virtual_mfa_device operation in accounts of 100, 2,100 and 5,000 devices.

The account is seeded in moto's backend directly (fast); the calls are counted from the IAM
emulator's own call log, which logs IAM requests only: STS GetCallerIdentity, which every run
makes once to build the device's serial number, is not an IAM call and is counted apart.
Every seeded device is assigned to a user of its own, the worst case for the one operation
that must look through the assigned devices (deleting an assigned device with force: true).
"""

from __future__ import annotations

import math

import pytest
from ansible_collections.mfaops.aws.plugins.modules.iam_virtual_mfa_device import main
from ansible_collections.mfaops.aws.tests.iam_emulator import clear_calls
from ansible_collections.mfaops.aws.tests.iam_emulator import recorded_calls
from moto.iam.models import iam_backends

ACCOUNT = "123456789012"
# Named to come last in serial number order, after every seeded device: the farthest one to page to.
TARGET = "zz-bot"
# IAM calls of a run whatever the account's size (STS GetCallerIdentity not counted).
CONSTANT_BUDGET = {"create": 2, "idempotent present": 1, "tag change": 3, "absent": 1}


def seed_assigned_devices(count: int) -> None:
    backend = iam_backends[ACCOUNT]["global"]
    for number in range(count):
        user_name = f"user{number:05d}"
        backend.create_user("us-east-1", user_name)
        device = backend.create_virtual_mfa_device(f"spare{number:05d}", "/")
        backend.moto_enable_mfa_device(user_name, device.serial_number, "000000", "000000")


def iam_actions() -> list:
    return [call["action"] for call in recorded_calls()]


@pytest.fixture
def measure(iam, run_module):
    """Run the module with args; returns (its result, the IAM actions it called)."""

    def run(**args):
        clear_calls()
        result = run_module(main, args).result
        assert not result.get("failed"), result
        return result, iam_actions()

    return run


@pytest.mark.parametrize("devices", [100, 2100, 5000])
def test_calls_per_operation_do_not_grow_with_the_account(iam, measure, devices):
    seed_assigned_devices(devices)
    assert len(iam.list_virtual_mfa_devices(MaxItems=1000, AssignmentStatus="Assigned")["VirtualMFADevices"]) == min(
        devices, 1000
    )
    figures = {}

    created, figures["create"] = measure(name=TARGET, tags={"old": "x"})
    assert created["changed"] is True and figures["create"] == ["ListMFADeviceTags", "CreateVirtualMFADevice"]

    again, figures["idempotent present"] = measure(name=TARGET)
    assert again["changed"] is False and figures["idempotent present"] == ["ListMFADeviceTags"]

    tagged, figures["tag change"] = measure(name=TARGET, tags={"team": "platform"})
    assert tagged["changed"] is True and figures["tag change"] == [
        "ListMFADeviceTags",
        "TagMFADevice",
        "UntagMFADevice",
    ]

    deleted, figures["absent"] = measure(name=TARGET, state="absent")
    assert deleted["changed"] is True and figures["absent"] == ["DeleteVirtualMFADevice"]

    assert {operation: len(actions) for operation, actions in figures.items()} == CONSTANT_BUDGET


@pytest.mark.parametrize("devices", [100, 2100, 5000])
def test_force_pages_through_the_assigned_devices_a_thousand_a_call(iam, measure, devices):
    # No IAM call names one virtual device's user: after IAM refuses the deletion (DeleteConflict),
    # the assigned devices are listed 1,000 a call up to the device, then it is deactivated and deleted.
    seed_assigned_devices(devices)
    backend = iam_backends[ACCOUNT]["global"]
    backend.create_user("us-east-1", "bob")
    device = backend.create_virtual_mfa_device(TARGET, "/")
    backend.moto_enable_mfa_device("bob", device.serial_number, "000000", "000000")

    result, actions = measure(name=TARGET, state="absent", force=True)

    pages = math.ceil((devices + 1) / 1000)
    assert result["changed"] is True
    assert actions == ["DeleteVirtualMFADevice"] + ["ListVirtualMFADevices"] * pages + [
        "DeactivateMFADevice",
        "DeleteVirtualMFADevice",
    ]
    assert TARGET not in str(iam.list_virtual_mfa_devices(MaxItems=1000)["VirtualMFADevices"])
