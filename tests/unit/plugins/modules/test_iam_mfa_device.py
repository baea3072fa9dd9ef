# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import time

import botocore.client
import pyotp
import pytest
from ansible_collections.mfaops.aws.plugins.module_utils import mfa_parameters
from ansible_collections.mfaops.aws.plugins.modules import iam_mfa_device as mfa_device_module
from ansible_collections.mfaops.aws.plugins.modules.iam_mfa_device import main
from ansible_collections.mfaops.aws.tests.iam_emulator import inject_fault
from ansible_collections.mfaops.aws.tests.iam_emulator.fido_keys import register_fido_security_key

HARDWARE_SERIAL = "GAHT12345678"
# Distinctive codes, so that a leak is found by searching the output.
CODE_1 = "418203"
CODE_2 = "739516"


def operations(api_calls) -> list:
    return [name for name, _params in api_calls]


def user_devices(iam, user_name: str) -> list:
    return [device["SerialNumber"] for device in iam.list_mfa_devices(UserName=user_name)["MFADevices"]]


class Device:
    """A virtual device in the emulator whose seed the test holds."""

    def __init__(self, serial_number: str, seed: str):
        self.serial_number = serial_number
        self.totp = pyotp.TOTP(seed)

    def codes(self) -> tuple:
        now = time.time()
        return self.totp.at(now), self.totp.at(now + self.totp.interval)


@pytest.fixture
def device(iam):
    """An unassigned virtual device, and users alice and bob."""
    iam.create_user(UserName="alice")
    iam.create_user(UserName="bob")
    created = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice-phone")["VirtualMFADevice"]
    seed = created["Base32StringSeed"]
    return Device(created["SerialNumber"], seed.decode() if isinstance(seed, bytes) else seed)


def enable_directly(iam, device: Device, user_name: str) -> None:
    code_1, code_2 = device.codes()
    iam.enable_mfa_device(
        UserName=user_name, SerialNumber=device.serial_number, AuthenticationCode1=code_1, AuthenticationCode2=code_2
    )


@pytest.fixture
def enabled_device(iam, device):
    """The virtual device, enabled for alice."""
    enable_directly(iam, device, "alice")
    return device


@pytest.fixture
def named_device(iam, device):
    """Another virtual device, named after alice (arn:...:mfa/alice) and enabled for her."""
    created = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"]
    seed = created["Base32StringSeed"]
    named = Device(created["SerialNumber"], seed.decode() if isinstance(seed, bytes) else seed)
    enable_directly(iam, named, "alice")
    return named


def enable_args(device: Device, **overrides) -> dict:
    code_1, code_2 = device.codes()
    args = dict(
        user_name="alice",
        serial_number=device.serial_number,
        authentication_code_1=code_1,
        authentication_code_2=code_2,
    )
    args.update(overrides)
    return {name: value for name, value in args.items() if value is not None}


class TestValidation:
    @pytest.mark.parametrize(
        "option, value, expected",
        [
            ("user_name", "", "user_name is 0 characters long"),
            ("user_name", "a" * 129, "user_name is 129 characters long"),
            ("user_name", "alice smith", "user_name contains a character"),
            ("user_name", "\u0430lice", "user_name contains a character"),
            ("serial_number", "GAHT1234", "serial_number is 8 characters long"),
            ("serial_number", "G" * 257, "serial_number is 257 characters long"),
            ("serial_number", "arn:aws:iam::123456789012:mfa/al ice", "serial_number contains a character"),
            ("authentication_code_1", "12345", "authentication_code_1 is 5 characters long"),
            ("authentication_code_1", "1234567", "authentication_code_1 is 7 characters long"),
            ("authentication_code_2", "12345a", "authentication_code_2 contains a character"),
            (
                "authentication_code_2",
                "\uff11\uff12\uff13\uff14\uff15\uff16",
                "authentication_code_2 contains a character",
            ),
            (
                "authentication_code_1",
                "\u0661\u0662\u0663\u0664\u0665\u0666",
                "authentication_code_1 contains a character",
            ),
            ("authentication_code_1", ["123456"], "authentication_code_1 must be a string"),
            ("authentication_code_2", True, "authentication_code_2 must be a string"),
        ],
    )
    def test_bad_value_fails_naming_option_and_rule_without_api_call(
        self, iam, api_calls, run_module, option, value, expected
    ):
        args = dict(
            user_name="alice", serial_number=HARDWARE_SERIAL, authentication_code_1=CODE_1, authentication_code_2=CODE_2
        )
        args[option] = value

        run = run_module(main, args)

        assert run.failed
        assert run.result["msg"].startswith(expected), run.result["msg"]
        assert api_calls == []

    def test_code_values_are_not_echoed_in_validation_messages(self, iam, run_module):
        run = run_module(
            main,
            dict(
                user_name="alice",
                serial_number=HARDWARE_SERIAL,
                authentication_code_1="98765x",
                authentication_code_2=CODE_2,
            ),
        )

        assert run.failed
        assert "98765" not in run.stdout
        assert CODE_2 not in run.stdout

    @pytest.mark.parametrize("value", [5349, 99999, 1000000, 0])
    def test_integer_that_is_not_six_digits_asks_to_quote(self, iam, api_calls, run_module, value):
        run = run_module(
            main,
            dict(
                user_name="alice",
                serial_number=HARDWARE_SERIAL,
                authentication_code_1=value,
                authentication_code_2=CODE_2,
            ),
        )

        assert run.failed
        assert "authentication_code_1" in run.result["msg"] and "Quote the code" in run.result["msg"]
        assert api_calls == []

    def test_one_code_alone_is_refused(self, iam, api_calls, run_module):
        run = run_module(main, dict(user_name="alice", serial_number=HARDWARE_SERIAL, authentication_code_1=CODE_1))

        assert run.failed
        assert "authentication_code_1" in run.result["msg"] and "authentication_code_2" in run.result["msg"]
        assert api_calls == []

    def test_six_digit_integers_are_sent_as_their_digits(self, iam, api_calls, run_module):
        iam.create_user(UserName="bob")
        api_calls.clear()

        run = run_module(
            main,
            dict(
                user_name="bob",
                serial_number=HARDWARE_SERIAL,
                authentication_code_1=418203,
                authentication_code_2=739516,
            ),
        )

        assert not run.failed, run.result
        enable = dict(api_calls)["EnableMFADevice"]
        assert (enable["AuthenticationCode1"], enable["AuthenticationCode2"]) == ("418203", "739516")


class TestEnable:
    def test_virtual_device_is_enabled_with_two_consecutive_codes(self, iam, device, api_calls, run_module):
        args = enable_args(device)

        run = run_module(main, args)

        assert not run.failed, run.result
        assert run.result["changed"] is True
        # The floor: a read for idempotency, the write, a read for IAM's enable date; no account-wide listing.
        assert operations(api_calls) == ["ListMFADevices", "EnableMFADevice", "ListMFADevices"]
        mfa_device = run.result["mfa_device"]
        assert mfa_device["serial_number"] == device.serial_number
        assert mfa_device["user_name"] == "alice"
        assert isinstance(mfa_device["enable_date"], str) and mfa_device["enable_date"]
        assert user_devices(iam, "alice") == [device.serial_number]
        assert args["authentication_code_1"] not in run.stdout and args["authentication_code_2"] not in run.stdout

    def test_hardware_device_is_enabled_without_listing_virtual_devices(self, iam, api_calls, run_module):
        iam.create_user(UserName="bob")
        api_calls.clear()

        run = run_module(
            main,
            dict(
                user_name="bob",
                serial_number=HARDWARE_SERIAL,
                authentication_code_1=CODE_1,
                authentication_code_2=CODE_2,
            ),
        )

        assert run.result["changed"] is True
        assert operations(api_calls) == ["ListMFADevices", "EnableMFADevice", "ListMFADevices"]
        assert user_devices(iam, "bob") == [HARDWARE_SERIAL]
        assert CODE_1 not in run.stdout and CODE_2 not in run.stdout

    def test_device_already_enabled_changes_nothing_and_needs_no_codes(
        self, iam, enabled_device, api_calls, run_module
    ):
        run = run_module(main, dict(user_name="alice", serial_number=enabled_device.serial_number))

        assert not run.failed, run.result
        assert run.result["changed"] is False
        assert run.result["mfa_device"]["serial_number"] == enabled_device.serial_number
        assert run.result["mfa_device"]["user_name"] == "alice"
        assert run.result["mfa_device"]["enable_date"]
        assert operations(api_calls) == ["ListMFADevices"]

    def test_second_run_with_codes_changes_nothing(self, iam, device, api_calls, run_module):
        run_module(main, enable_args(device))
        api_calls.clear()

        run = run_module(main, enable_args(device))

        assert run.result["changed"] is False
        assert operations(api_calls) == ["ListMFADevices"]

    def test_device_of_another_user_fails_naming_that_user(self, iam, named_device, api_calls, run_module):
        run = run_module(main, enable_args(named_device, user_name="bob"))

        assert run.failed
        assert f"{named_device.serial_number} is enabled for IAM user alice, not for user bob" in run.result["msg"]
        assert "state: absent" in run.result["msg"]
        assert run.result["owner_user_name"] == "alice"
        # The owner is looked up only after IAM refused (bob's devices again, then alice's, whom the device is named
        # after): the path that succeeds pays nothing for it, and nothing lists the account.
        assert operations(api_calls) == ["ListMFADevices", "EnableMFADevice", "ListMFADevices", "ListMFADevices"]
        assert [params["UserName"] for _name, params in api_calls if _name == "ListMFADevices"] == [
            "bob",
            "bob",
            "alice",
        ]
        assert user_devices(iam, "bob") == []

    def test_device_of_another_user_not_named_after_them_is_refused_by_iam(
        self, iam, enabled_device, api_calls, run_module
    ):
        run = run_module(main, enable_args(enabled_device, user_name="bob"))

        assert run.failed
        assert run.result["error"]["code"] == "EntityAlreadyExists"
        assert "enabled for another user" in run.result["msg"]
        assert "ListVirtualMFADevices" not in operations(api_calls)
        assert user_devices(iam, "bob") == []

    def test_hardware_device_of_another_user_is_refused_by_iam(self, iam, api_calls, run_module):
        iam.create_user(UserName="alice")
        iam.create_user(UserName="bob")
        iam.enable_mfa_device(
            UserName="alice", SerialNumber=HARDWARE_SERIAL, AuthenticationCode1="000000", AuthenticationCode2="000001"
        )

        run = run_module(
            main,
            dict(
                user_name="bob",
                serial_number=HARDWARE_SERIAL,
                authentication_code_1=CODE_1,
                authentication_code_2=CODE_2,
            ),
        )

        assert run.failed
        assert run.result.get("error", {}).get("code") == "EntityAlreadyExists"
        assert user_devices(iam, "bob") == []

    def test_device_in_use_fails_with_advice(self, iam, api_calls, run_module):
        iam.create_user(UserName="bob")
        inject_fault("EnableMFADevice", "EntityAlreadyExists")

        run = run_module(
            main,
            dict(
                user_name="bob",
                serial_number=HARDWARE_SERIAL,
                authentication_code_1=CODE_1,
                authentication_code_2=CODE_2,
            ),
        )

        assert run.failed
        assert run.result["error"]["code"] == "EntityAlreadyExists"
        assert run.result["response_metadata"]["http_status_code"] == 409
        assert "already in use" in run.result["msg"] and "deactivate it for that user first" in run.result["msg"]

    def test_missing_codes_fail_clearly_without_enabling(self, iam, device, api_calls, run_module):
        run = run_module(main, dict(user_name="alice", serial_number=device.serial_number))

        assert run.failed
        assert f"{device.serial_number} is not enabled for user alice" in run.result["msg"]
        assert "set authentication_code_1 and authentication_code_2" in run.result["msg"]
        assert "EnableMFADevice" not in operations(api_calls)
        assert user_devices(iam, "alice") == []

    def test_rejected_codes_fail_once_with_structured_error(self, iam, device, api_calls, retry_sleeps, run_module):
        code_1, code_2 = device.codes()

        run = run_module(main, enable_args(device, authentication_code_1=code_2, authentication_code_2=code_1))

        assert run.failed
        assert run.result["error"]["code"] == "InvalidAuthenticationCode"
        assert run.result["response_metadata"]["http_status_code"] == 403
        assert f"Could not enable MFA device {device.serial_number} for user alice" in run.result["msg"]
        assert "two consecutive codes" in run.result["msg"]
        assert operations(api_calls).count("EnableMFADevice") == 1
        assert retry_sleeps == []
        assert code_1 not in run.stdout and code_2 not in run.stdout
        assert user_devices(iam, "alice") == []

    def test_unknown_user_fails_with_no_such_entity(self, iam, api_calls, run_module):
        run = run_module(
            main,
            dict(
                user_name="nobody",
                serial_number=HARDWARE_SERIAL,
                authentication_code_1=CODE_1,
                authentication_code_2=CODE_2,
            ),
        )

        assert run.failed
        assert run.result["error"]["code"] == "NoSuchEntity"
        assert run.result["response_metadata"]["http_status_code"] == 404
        assert "Could not list the MFA devices of user nobody" in run.result["msg"]
        assert operations(api_calls) == ["ListMFADevices"]

    def test_enabling_needs_no_virtual_listing(self, iam, device, api_calls, run_module):
        inject_fault("ListVirtualMFADevices", "AccessDenied")

        run = run_module(main, enable_args(device))

        assert not run.failed, run.result
        assert run.result["changed"] is True
        assert "warnings" not in run.result
        assert "ListVirtualMFADevices" not in operations(api_calls)
        assert user_devices(iam, "alice") == [device.serial_number]

    def test_throttled_enable_is_retried(self, iam, device, api_calls, retry_sleeps, run_module):
        inject_fault("EnableMFADevice", "Throttling", count=1)

        run = run_module(main, enable_args(device))

        assert not run.failed, run.result
        assert operations(api_calls).count("EnableMFADevice") == 2
        assert len(retry_sleeps) == 1
        assert user_devices(iam, "alice") == [device.serial_number]


class TestCheckMode:
    def test_enabling_is_predicted_without_a_write(self, iam, device, api_calls, run_module):
        run = run_module(main, enable_args(device), check_mode=True)

        assert run.result["changed"] is True
        assert run.result["mfa_device"] == {
            "serial_number": device.serial_number,
            "user_name": "alice",
            "enable_date": None,
        }
        # Check mode cannot learn of another owner from an EnableMFADevice answer: it reads the devices of the user
        # the device is named after (alice-phone: none such), never the account's.
        assert operations(api_calls) == ["ListMFADevices", "ListMFADevices"]
        assert api_calls[1][1] == {"UserName": "alice-phone"}
        assert user_devices(iam, "alice") == []

    def test_device_named_after_its_user_is_predicted_with_one_read(self, iam, api_calls, run_module):
        iam.create_user(UserName="carol")
        created = iam.create_virtual_mfa_device(VirtualMFADeviceName="carol")["VirtualMFADevice"]
        api_calls.clear()

        run = run_module(
            main,
            dict(
                user_name="carol",
                serial_number=created["SerialNumber"],
                authentication_code_1=CODE_1,
                authentication_code_2=CODE_2,
            ),
            check_mode=True,
        )

        assert run.result["changed"] is True
        assert operations(api_calls) == ["ListMFADevices"]

    def test_denied_owner_listing_warns_and_predicts(self, iam, named_device, api_calls, run_module, monkeypatch):
        real = mfa_device_module.list_user_mfa_devices

        def deny_alice(client, user_name):
            if user_name == "alice":
                inject_fault("ListMFADevices", "AccessDenied")
            return real(client, user_name)

        monkeypatch.setattr(mfa_device_module, "list_user_mfa_devices", deny_alice)

        run = run_module(main, enable_args(named_device, user_name="bob"), check_mode=True)

        assert not run.failed, run.result
        assert run.result["changed"] is True
        assert "could not check whether" in str(run.result["warnings"])
        assert "deprecations" not in run.result

    def test_missing_codes_fail_as_in_a_real_run(self, iam, device, run_module):
        run = run_module(main, dict(user_name="alice", serial_number=device.serial_number), check_mode=True)

        assert run.failed
        assert "set authentication_code_1 and authentication_code_2" in run.result["msg"]

    def test_device_of_another_user_fails_as_in_a_real_run(self, iam, named_device, api_calls, run_module):
        run = run_module(main, enable_args(named_device, user_name="bob"), check_mode=True)

        assert run.failed
        assert "is enabled for IAM user alice" in run.result["msg"]
        assert operations(api_calls) == ["ListMFADevices", "ListMFADevices"]

    def test_deactivation_is_predicted_without_a_write(self, iam, enabled_device, api_calls, run_module):
        run = run_module(
            main, dict(user_name="alice", serial_number=enabled_device.serial_number, state="absent"), check_mode=True
        )

        assert run.result["changed"] is True
        assert operations(api_calls) == ["ListMFADevices"]
        assert user_devices(iam, "alice") == [enabled_device.serial_number]


class TestDiff:
    def test_enabling_shows_the_new_assignment(self, iam, device, run_module):
        run = run_module(main, dict(enable_args(device), _ansible_diff=True))

        assert run.result["diff"] == {
            "before": {},
            "after": {"user_name": "alice", "serial_number": device.serial_number},
        }

    def test_deactivating_shows_the_removed_assignment(self, iam, enabled_device, run_module):
        run = run_module(
            main,
            dict(user_name="alice", serial_number=enabled_device.serial_number, state="absent", _ansible_diff=True),
        )

        assert run.result["diff"] == {
            "before": {"user_name": "alice", "serial_number": enabled_device.serial_number},
            "after": {},
        }

    def test_unchanged_device_shows_the_same_before_and_after(self, iam, enabled_device, run_module):
        run = run_module(main, dict(user_name="alice", serial_number=enabled_device.serial_number, _ansible_diff=True))

        assert (
            run.result["diff"]["before"]
            == run.result["diff"]["after"]
            == {"user_name": "alice", "serial_number": enabled_device.serial_number}
        )


class TestDeactivate:
    def test_enabled_device_is_deactivated_and_kept(self, iam, enabled_device, api_calls, run_module):
        run = run_module(main, dict(user_name="alice", serial_number=enabled_device.serial_number, state="absent"))

        assert not run.failed, run.result
        assert run.result["changed"] is True
        assert api_calls == [
            ("ListMFADevices", {"UserName": "alice"}),
            ("DeactivateMFADevice", {"UserName": "alice", "SerialNumber": enabled_device.serial_number}),
        ]
        assert user_devices(iam, "alice") == []
        unassigned = iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]
        assert [listed["SerialNumber"] for listed in unassigned] == [enabled_device.serial_number]

    def test_device_not_enabled_changes_nothing(self, iam, device, api_calls, run_module):
        run = run_module(main, dict(user_name="alice", serial_number=device.serial_number, state="absent"))

        assert run.result["changed"] is False
        assert operations(api_calls) == ["ListMFADevices"]

    def test_device_of_another_user_is_left_alone(self, iam, enabled_device, api_calls, run_module):
        run = run_module(main, dict(user_name="bob", serial_number=enabled_device.serial_number, state="absent"))

        assert run.result["changed"] is False
        assert operations(api_calls) == ["ListMFADevices"]
        assert user_devices(iam, "alice") == [enabled_device.serial_number]

    def test_unknown_user_changes_nothing_with_a_warning(self, iam, api_calls, run_module):
        run = run_module(main, dict(user_name="nobody", serial_number=HARDWARE_SERIAL, state="absent"))

        assert not run.failed, run.result
        assert run.result["changed"] is False
        assert "IAM user nobody does not exist" in str(run.result["warnings"])
        assert "deprecations" not in run.result
        assert operations(api_calls) == ["ListMFADevices"]

    def test_denied_deactivation_fails_naming_the_permission(self, iam, enabled_device, run_module):
        inject_fault("DeactivateMFADevice", "AccessDenied")

        run = run_module(main, dict(user_name="alice", serial_number=enabled_device.serial_number, state="absent"))

        assert run.failed
        assert run.result["error"]["code"] == "AccessDenied"
        assert "iam:DeactivateMFADevice" in run.result["msg"]
        assert user_devices(iam, "alice") == [enabled_device.serial_number]


def another_run_does_first(monkeypatch, api_calls: list, operation: str, act) -> None:
    """Make act() (another run's change, made directly) happen right before this run's first call of operation.

    The other run's calls are not recorded in api_calls.
    """
    real_make_api_call = botocore.client.BaseClient._make_api_call
    done = []

    def make_api_call(client, operation_name, api_params):
        if operation_name == operation and not done:
            done.append(operation_name)
            recorded = len(api_calls)
            act()
            del api_calls[recorded:]
        return real_make_api_call(client, operation_name, api_params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", make_api_call)


class TestRaces:
    def test_device_deactivated_by_another_run_is_success_without_change(
        self, iam, enabled_device, api_calls, monkeypatch, run_module
    ):
        args = dict(user_name="alice", serial_number=enabled_device.serial_number, state="absent")
        another_run_does_first(
            monkeypatch,
            api_calls,
            "DeactivateMFADevice",
            lambda: iam.deactivate_mfa_device(UserName="alice", SerialNumber=enabled_device.serial_number),
        )

        run = run_module(main, args)

        assert not run.failed, run.result
        assert run.result["changed"] is False  # this run changed nothing
        assert "warnings" not in run.result
        # The NoSuchEntity is confirmed by a read before it counts as done.
        assert operations(api_calls) == ["ListMFADevices", "DeactivateMFADevice", "ListMFADevices"]
        assert user_devices(iam, "alice") == []

    def test_user_deleted_by_another_run_is_success_with_a_warning(
        self, iam, enabled_device, api_calls, monkeypatch, run_module
    ):
        def deactivate_and_delete():
            iam.deactivate_mfa_device(UserName="alice", SerialNumber=enabled_device.serial_number)
            iam.delete_user(UserName="alice")

        another_run_does_first(monkeypatch, api_calls, "DeactivateMFADevice", deactivate_and_delete)

        run = run_module(main, dict(user_name="alice", serial_number=enabled_device.serial_number, state="absent"))

        assert not run.failed, run.result
        assert run.result["changed"] is False
        assert "IAM user alice no longer exists" in str(run.result["warnings"])

    def test_no_such_entity_for_a_device_still_enabled_fails(self, iam, enabled_device, api_calls, run_module):
        inject_fault("DeactivateMFADevice", "NoSuchEntity")

        run = run_module(main, dict(user_name="alice", serial_number=enabled_device.serial_number, state="absent"))

        assert run.failed
        assert run.result["error"]["code"] == "NoSuchEntity"
        assert operations(api_calls) == ["ListMFADevices", "DeactivateMFADevice", "ListMFADevices"]
        assert user_devices(iam, "alice") == [enabled_device.serial_number]

    def test_device_enabled_by_another_run_is_success_without_change(
        self, iam, device, api_calls, monkeypatch, run_module
    ):
        args = enable_args(device)
        another_run_does_first(monkeypatch, api_calls, "EnableMFADevice", lambda: enable_directly(iam, device, "alice"))

        run = run_module(main, args)

        assert not run.failed, run.result
        assert run.result["changed"] is False
        assert run.result["mfa_device"]["serial_number"] == device.serial_number
        assert operations(api_calls) == ["ListMFADevices", "EnableMFADevice", "ListMFADevices"]


class TestFidoSecurityKeys:
    def test_key_that_is_not_enabled_is_refused_without_trying(self, iam, api_calls, run_module):
        iam.create_user(UserName="alice")
        api_calls.clear()

        run = run_module(
            main,
            dict(
                user_name="alice",
                serial_number="arn:aws:iam::123456789012:u2f/user/alice/key-ABCDEFGHIJ",
                authentication_code_1=CODE_1,
                authentication_code_2=CODE_2,
            ),
        )

        assert run.failed
        assert "FIDO security key" in run.result["msg"] and "Console" in run.result["msg"]
        assert operations(api_calls) == ["ListMFADevices"]

    def test_enabled_key_is_reported_unchanged(self, iam, api_calls, run_module):
        iam.create_user(UserName="alice")
        serial = register_fido_security_key("alice", "yubikey")
        api_calls.clear()

        run = run_module(main, dict(user_name="alice", serial_number=serial))

        assert not run.failed, run.result
        assert run.result["changed"] is False
        assert operations(api_calls) == ["ListMFADevices"]

    def test_key_is_deactivated(self, iam, api_calls, run_module):
        iam.create_user(UserName="alice")
        serial = register_fido_security_key("alice", "yubikey")
        api_calls.clear()

        run = run_module(main, dict(user_name="alice", serial_number=serial, state="absent"))

        assert not run.failed, run.result
        assert run.result["changed"] is True
        assert operations(api_calls) == ["ListMFADevices", "DeactivateMFADevice"]
        assert user_devices(iam, "alice") == []


class TestAdviceThatFitsTheCall:
    def test_limit_on_enabling_names_the_eight_devices_per_user(self, iam, device, api_calls, retry_sleeps, run_module):
        inject_fault("EnableMFADevice", "LimitExceeded")

        run = run_module(main, enable_args(device))

        assert run.failed
        assert "8, of any kind" in run.result["msg"]
        assert "resync" not in run.result["msg"].split("Details")[0]
        assert operations(api_calls).count("EnableMFADevice") == 1

    @pytest.mark.parametrize("state", ["present", "absent"])
    def test_temporarily_unmodifiable_user_is_advised_to_wait_and_not_retried(
        self, iam, device, api_calls, retry_sleeps, run_module, state
    ):
        action = "EnableMFADevice" if state == "present" else "DeactivateMFADevice"
        if state == "absent":
            enable_directly(iam, device, "alice")
        inject_fault(action, "EntityTemporarilyUnmodifiable", status=409)

        run = run_module(main, dict(enable_args(device), state=state))

        assert run.failed
        assert run.result["error"]["code"] == "EntityTemporarilyUnmodifiable"
        assert "wait several minutes" in run.result["msg"]
        assert operations(api_calls).count(action) == 1
        assert retry_sleeps == []


class TestSeed:
    def test_device_is_enabled_with_codes_computed_from_its_seed(self, iam, device, api_calls, run_module):
        seed = device.totp.secret

        run = run_module(main, dict(user_name="alice", serial_number=device.serial_number, seed=seed))

        assert not run.failed, run.result
        assert run.result["changed"] is True
        assert user_devices(iam, "alice") == [device.serial_number]
        sent = dict(api_calls)["EnableMFADevice"]
        assert device.totp.verify(sent["AuthenticationCode1"], valid_window=1)
        assert seed not in run.stdout
        assert sent["AuthenticationCode1"] not in run.stdout and sent["AuthenticationCode2"] not in run.stdout

    @pytest.mark.parametrize(
        "seed, problem", [("not base32!", "is not valid base32"), ("GEZDGN", "number of characters"), ("", "is empty")]
    )
    def test_bad_seed_fails_before_any_call_without_showing_it(self, iam, api_calls, run_module, seed, problem):
        run = run_module(main, dict(user_name="alice", serial_number=HARDWARE_SERIAL, seed=seed))

        assert run.failed
        assert run.result["msg"].startswith("seed ") and problem in run.result["msg"]
        assert api_calls == []
        if len(seed) >= 4:
            assert seed not in run.result["msg"]

    def test_seed_and_codes_are_mutually_exclusive(self, iam, api_calls, run_module):
        run = run_module(
            main,
            dict(
                user_name="alice",
                serial_number=HARDWARE_SERIAL,
                seed="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
                authentication_code_1=CODE_1,
                authentication_code_2=CODE_2,
            ),
        )

        assert run.failed
        assert "mutually exclusive" in run.result["msg"]
        assert api_calls == []

    def test_missing_pyotp_fails_clearly_before_any_call(self, iam, api_calls, run_module, monkeypatch):
        monkeypatch.setattr(mfa_parameters, "HAS_PYOTP", False)

        run = run_module(
            main, dict(user_name="alice", serial_number=HARDWARE_SERIAL, seed="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        )

        assert run.failed
        assert "pyotp" in run.result["msg"]
        assert api_calls == []


class TestMasksOfRejectedValues:
    def test_a_list_code_registers_no_fragment_as_a_mask(self, iam, api_calls, run_module):
        run = run_module(
            main,
            dict(
                user_name="alice",
                serial_number=HARDWARE_SERIAL,
                authentication_code_1=[1, 2],
                authentication_code_2=CODE_2,
            ),
        )

        assert run.failed
        assert "********" not in run.result["msg"]
        assert run.result["invocation"]["module_args"]["region"] == "us-east-1"
        assert api_calls == []

    def test_an_integer_code_leaves_the_hint_whole(self, iam, api_calls, run_module):
        run = run_module(
            main,
            dict(
                user_name="alice",
                serial_number=HARDWARE_SERIAL,
                authentication_code_1=12345,
                authentication_code_2=CODE_2,
            ),
        )

        assert run.failed
        assert 'for example authentication_code_1: "012345"' in run.result["msg"]

    def test_an_aws_secret_that_a_fragment_equals_stays_masked(self, iam, run_module):
        run = run_module(
            main,
            dict(
                user_name="alice",
                serial_number=HARDWARE_SERIAL,
                authentication_code_1=["testing-secret"],
                authentication_code_2=CODE_2,
            ),
        )

        assert run.failed
        assert "testing-secret" not in run.stdout
