# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""IAM calls of every operation of iam_mfa_device_resync and iam_mfa_device, in accounts of 100 and 5,000 users,
each with an enabled virtual MFA device: the count must not grow with the account (house rule; issue 13, part 2).

The account is built in the emulator's backend directly (no API calls, no code checks) so that 5,000 users take
seconds; the modules then run against it through the emulator as usual.
"""

from __future__ import annotations

import time

import pyotp
import pytest
from ansible_collections.mfaops.aws.plugins.modules import iam_mfa_device
from ansible_collections.mfaops.aws.plugins.modules import iam_mfa_device_resync
from ansible_collections.mfaops.aws.tests.iam_emulator import set_default_max_items
from moto.core import DEFAULT_ACCOUNT_ID
from moto.iam.models import iam_backends

ACCOUNT_SIZES = [100, 5000]


def build_account(users: int) -> None:
    """users IAM users user-00000..., each with an enabled virtual device named after them."""
    backend = iam_backends[DEFAULT_ACCOUNT_ID]["aws"]
    for number in range(users):
        name = f"user-{number:05d}"
        backend.create_user("us-east-1", name)
        device = backend.moto_create_virtual_mfa_device(name, "/")
        backend.moto_enable_mfa_device(name, device.serial_number, "", "")


def create_device(iam, user_name: str, device_name: str, enable: bool) -> tuple:
    iam.create_user(UserName=user_name)
    created = iam.create_virtual_mfa_device(VirtualMFADeviceName=device_name)["VirtualMFADevice"]
    seed = created["Base32StringSeed"]
    totp = pyotp.TOTP(seed.decode() if isinstance(seed, bytes) else seed)
    if enable:
        now = time.time()
        iam.enable_mfa_device(
            UserName=user_name,
            SerialNumber=created["SerialNumber"],
            AuthenticationCode1=totp.at(now),
            AuthenticationCode2=totp.at(now + totp.interval),
        )
    return created["SerialNumber"], totp.secret


@pytest.fixture(params=ACCOUNT_SIZES, ids=lambda size: f"{size}-users")
def account(request, iam):
    build_account(request.param)
    set_default_max_items(None)  # IAM's page size, 100
    return request.param


def calls_of(api_calls, run_module, main, args, check_mode=False) -> list:
    api_calls.clear()
    run = run_module(main, args, check_mode=check_mode)
    assert not run.failed, run.result
    return [name for name, _params in api_calls]


class TestResyncCalls:
    def test_each_operation_makes_the_same_calls_at_any_account_size(self, iam, account, api_calls, run_module):
        serial, seed = create_device(iam, "alice", "alice", enable=True)
        main = iam_mfa_device_resync.main
        assert calls_of(api_calls, run_module, main, dict(user_name="alice", serial_number=serial, seed=seed)) == [
            "ResyncMFADevice"
        ]
        assert calls_of(api_calls, run_module, main, dict(user_name="alice", seed=seed)) == [
            "ListMFADevices",
            "ResyncMFADevice",
        ]
        assert calls_of(
            api_calls, run_module, main, dict(user_name="alice", serial_number=serial, seed=seed), check_mode=True
        ) == ["ListMFADevices"]
        assert calls_of(api_calls, run_module, main, dict(user_name="alice", seed=seed), check_mode=True) == [
            "ListMFADevices"
        ]


class TestMFADeviceCalls:
    def test_each_operation_makes_the_same_calls_at_any_account_size(self, iam, account, api_calls, run_module):
        main = iam_mfa_device.main
        serial, seed = create_device(iam, "alice", "alice", enable=False)
        present = dict(user_name="alice", serial_number=serial, seed=seed)
        absent = dict(user_name="alice", serial_number=serial, state="absent")

        assert calls_of(api_calls, run_module, main, present, check_mode=True) == ["ListMFADevices"]
        assert calls_of(api_calls, run_module, main, absent) == ["ListMFADevices"]
        assert calls_of(api_calls, run_module, main, present) == ["ListMFADevices", "EnableMFADevice", "ListMFADevices"]
        assert calls_of(api_calls, run_module, main, present) == ["ListMFADevices"]
        assert calls_of(api_calls, run_module, main, absent, check_mode=True) == ["ListMFADevices"]
        assert calls_of(api_calls, run_module, main, absent) == ["ListMFADevices", "DeactivateMFADevice"]

        # A device named otherwise than its user: check mode reads the user it is named after too.
        other_serial, other_seed = create_device(iam, "bob", "bob-phone", enable=False)
        other = dict(user_name="bob", serial_number=other_serial, seed=other_seed)
        assert calls_of(api_calls, run_module, main, other, check_mode=True) == ["ListMFADevices", "ListMFADevices"]

    def test_another_users_device_is_refused_with_the_same_calls_at_any_account_size(
        self, iam, account, api_calls, run_module
    ):
        main = iam_mfa_device.main
        iam.create_user(UserName="carol")
        # user-00001's device, named after user-00001, enabled for them.
        serial = f"arn:aws:iam::{DEFAULT_ACCOUNT_ID}:mfa/user-00001"
        args = dict(
            user_name="carol", serial_number=serial, authentication_code_1="482915", authentication_code_2="730264"
        )

        api_calls.clear()
        run = run_module(main, args, check_mode=True)
        assert run.failed and run.result["owner_user_name"] == "user-00001"
        assert [name for name, _params in api_calls] == ["ListMFADevices", "ListMFADevices"]

        api_calls.clear()
        run = run_module(main, args)
        assert run.failed and run.result["owner_user_name"] == "user-00001"
        assert [name for name, _params in api_calls] == [
            "ListMFADevices",
            "EnableMFADevice",
            "ListMFADevices",
            "ListMFADevices",
        ]
