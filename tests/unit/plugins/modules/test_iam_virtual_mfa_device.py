# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import base64
import re
import time

import botocore.client
import pyotp
import pytest
from ansible_collections.mfaops.aws.plugins.module_utils import mfa_parameters
from ansible_collections.mfaops.aws.plugins.module_utils import sealed_secrets
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import new_sealing_key
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import unseal
from ansible_collections.mfaops.aws.plugins.modules import iam_virtual_mfa_device
from ansible_collections.mfaops.aws.plugins.modules.iam_virtual_mfa_device import main
from ansible_collections.mfaops.aws.tests.iam_emulator import inject_fault
from hypothesis import given
from hypothesis import strategies as st

ACCOUNT = "123456789012"


def operations(api_calls) -> list:
    return [name for name, _params in api_calls]


def serial(name: str, path: str = "/") -> str:
    return f"arn:aws:iam::{ACCOUNT}:mfa{path}{name}"


def listed_serials(iam) -> list:
    paginator = iam.get_paginator("list_virtual_mfa_devices")
    return [device["SerialNumber"] for device in paginator.paginate().build_full_result()["VirtualMFADevices"]]


def current_codes(seed: str) -> tuple:
    totp = pyotp.TOTP(seed)
    now = time.time()
    return totp.at(now), totp.at(now + totp.interval)


@pytest.fixture
def api_responses(monkeypatch):
    """Every AWS API call's parsed response, as (operation name, response), recorded as the module's client gets it."""
    responses = []
    real_make_api_call = botocore.client.BaseClient._make_api_call

    def recording_make_api_call(client, operation_name, api_params):
        response = real_make_api_call(client, operation_name, api_params)
        responses.append((operation_name, response))
        return response

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", recording_make_api_call)
    return responses


@pytest.fixture
def virtual_device(iam):
    """Create a virtual device directly in the emulator; returns its serial number and seed."""

    def create(name: str = "bot", path: str = "/", tags: dict | None = None) -> tuple:
        request = dict(VirtualMFADeviceName=name, Path=path)
        if tags:
            request["Tags"] = [{"Key": key, "Value": value} for key, value in tags.items()]
        device = iam.create_virtual_mfa_device(**request)["VirtualMFADevice"]
        seed = device["Base32StringSeed"]
        return device["SerialNumber"], seed.decode() if isinstance(seed, bytes) else seed

    return create


@pytest.fixture
def assigned_device(iam, virtual_device):
    """A virtual device enabled for user alice."""
    serial_number, seed = virtual_device("bot")
    iam.create_user(UserName="alice")
    code_1, code_2 = current_codes(seed)
    iam.enable_mfa_device(
        UserName="alice", SerialNumber=serial_number, AuthenticationCode1=code_1, AuthenticationCode2=code_2
    )
    return serial_number


def user_devices(iam, user_name: str) -> list:
    return [device["SerialNumber"] for device in iam.list_mfa_devices(UserName=user_name)["MFADevices"]]


class TestValidation:
    @pytest.mark.parametrize(
        "args, expected",
        [
            (dict(name=""), "name is 0 characters long"),
            (dict(name="b" * 227), "name is 227 characters long"),
            (dict(name="build bot"), "name contains a character"),
            (dict(name="b\u00f8t"), "name contains a character"),
            (dict(name="bot/one"), "name contains a character"),
            (dict(name="\u0661\u0662\u0663"), "name contains a character"),
            (dict(name="bot\n"), "name contains a character"),
            (dict(path=""), "path is 0 characters long"),
            (dict(path="automation/"), "path has the wrong shape"),
            (dict(path="/automation"), "path has the wrong shape"),
            (dict(path="//"), "path has the wrong shape"),
            (dict(path="/auto mation/"), "path contains a character"),
            (dict(path="/\u00e9quipe/"), "path contains a character"),
            (dict(path="/" + "p" * 512), "path is 513 characters long"),
            (dict(tags={f"key{number}": "v" for number in range(51)}), "tags has 51 tags"),
            (dict(tags={"": "v"}), "tags: the key of tag number 1 is 0 characters long"),
            (dict(tags={"k" * 129: "v"}), "tags: the key of tag number 1 is 129 characters long"),
            (dict(tags={"team": "a", "cost#center": "b"}), "tags: the key of tag number 2 contains a character"),
            (dict(tags={"team": "v" * 257}), "tags: the value of tag number 1 is 257 characters long"),
            (dict(tags={"team": "a;b"}), "tags: the value of tag number 1 contains a character"),
            (dict(tags={"team": ["a"]}), "tags: the value of tag number 1 must be a string"),
            (dict(tags={"team": "a", "aws:cost": "b"}), "tags: the key of tag number 2 begins with aws:"),
            (dict(tags={"AWS:Cost": "b"}), "tags: the key of tag number 1 begins with aws:"),
            (
                dict(name="b" * 200, path="/" + "p" * 100 + "/"),
                "path and name together are 302 characters long; they may be at most 227",
            ),
            (
                dict(name="b" * 2, path="/" + "p" * 224 + "/"),
                "path and name together are 228 characters long; they may be at most 227",
            ),
            (dict(path="/a!b/"), "path contains a character that IAM allows in a path but not in a serial number"),
            (dict(path="/team~1/"), "path contains a character that IAM allows in a path but not in a serial number"),
            (
                dict(_result_sealing_key="A" * 43),
                "_result_sealing_key is set by this collection's action plugin; the sealing key must be 32",
            ),
            (
                dict(_result_sealing_key="A" * 43 + "=\n"),
                "_result_sealing_key is set by this collection's action plugin; the sealing key must be 32",
            ),
        ],
    )
    def test_bad_value_fails_naming_option_and_rule_without_api_call(self, iam, api_calls, run_module, args, expected):
        run = run_module(main, dict(dict(name="bot"), **args))

        assert run.failed
        assert run.result["msg"].startswith(expected), run.result["msg"]
        assert api_calls == []
        assert "exception" not in run.result

    @pytest.mark.parametrize(
        "args, distinctive",
        [
            (dict(name="zq#name"), "zq#name"),
            (dict(path="/zq path/"), "zq path"),
            (dict(tags={"zq#key": "v"}), "zq#key"),
            (dict(tags={"k": "zq;value"}), "zq;value"),
        ],
    )
    def test_bad_values_are_not_echoed(self, iam, run_module, args, distinctive):
        run = run_module(main, dict(dict(name="bot"), **args))

        assert run.failed
        assert distinctive not in run.result["msg"]

    @pytest.mark.parametrize(
        "name, path", [("b" * 226, "/"), ("b", "/" + "p" * 224 + "/"), ("b" * 100, "/" + "p" * 125 + "/")]
    )
    def test_longest_serial_number_is_accepted_and_works(self, iam, api_calls, run_module, name, path):
        assert len(serial(name, path)) == 256

        created = run_module(main, dict(name=name, path=path))
        deleted = run_module(main, dict(name=name, path=path, state="absent"))

        assert not created.failed and not deleted.failed, (created.result, deleted.result)
        assert created.result["virtual_mfa_device"]["serial_number"] == serial(name, path)
        assert deleted.result["changed"] is True and listed_serials(iam) == []

    def test_path_characters_of_a_serial_number_are_accepted(self, iam, run_module):
        run = run_module(main, dict(name="bot", path="/a_b+c=d,e.f@g-h:i/j/"))

        assert not run.failed, run.result
        assert listed_serials(iam) == [serial("bot", "/a_b+c=d,e.f@g-h:i/j/")]

    def test_a_pair_too_long_for_another_partition_is_refused_before_any_iam_call(
        self, iam, api_calls, monkeypatch, run_module
    ):
        # aws-us-gov's serial numbers are 7 characters longer: a pair that fits aws does not fit there.
        monkeypatch.setattr(iam_virtual_mfa_device, "caller_account", lambda client: ("aws-us-gov", ACCOUNT))

        run = run_module(main, dict(name="b" * 226))

        assert run.failed
        assert run.result["msg"].startswith("path and name together are 227 characters long; they may be at most 220")
        assert "arn:aws-us-gov:iam::ACCOUNT:mfa<path><name>" in run.result["msg"]
        assert [name for name in operations(api_calls) if name != "GetCallerIdentity"] == []

    def test_tags_accept_letters_of_any_script_and_numbers(self, iam, api_calls, run_module):
        run = run_module(
            main, dict(name="bot", tags={"\u00e9quipe": "plateforme \u6771\u4eac", "cost-center": 42, "on": True})
        )

        assert not run.failed, run.result
        create = dict(api_calls)["CreateVirtualMFADevice"]
        assert create["Tags"] == [
            {"Key": "\u00e9quipe", "Value": "plateforme \u6771\u4eac"},
            {"Key": "cost-center", "Value": "42"},
            {"Key": "on", "Value": "True"},
        ]
        assert run.result["virtual_mfa_device"]["tags"] == {
            "\u00e9quipe": "plateforme \u6771\u4eac",
            "cost-center": "42",
            "on": "True",
        }


# The IAM API model's patterns, read as Java reads them (\w is ASCII there).
MODEL_NAME = re.compile(r"[\w+=,.@-]+", re.ASCII)
MODEL_PATH = re.compile("(\u002f)|(\u002f[\u0021-\u007e]+\u002f)")


class TestRulesMatchTheModel:
    @given(st.text(alphabet=st.characters(max_codepoint=0x17F), max_size=40))
    def test_name_rule_accepts_exactly_what_the_model_accepts(self, name):
        model_accepts = MODEL_NAME.fullmatch(name) is not None and 1 <= len(name) <= 226
        try:
            mfa_parameters.check_text("name", name, mfa_parameters.VIRTUAL_MFA_DEVICE_NAME)
            rule_accepts = True
        except mfa_parameters.InvalidParameterError:
            rule_accepts = False
        assert rule_accepts == model_accepts

    @given(st.one_of(st.text(alphabet="/ab!~ \u00e9\u007f", max_size=12), st.from_regex(MODEL_PATH, fullmatch=True)))
    def test_path_rule_accepts_exactly_what_the_model_accepts(self, path):
        model_accepts = MODEL_PATH.fullmatch(path) is not None and 1 <= len(path) <= 512
        try:
            mfa_parameters.check_path("path", path)
            rule_accepts = True
        except mfa_parameters.InvalidParameterError:
            rule_accepts = False
        assert rule_accepts == model_accepts


class TestCreate:
    def test_creates_the_device_and_returns_its_seed_and_qr_code(self, iam, api_calls, api_responses, run_module):
        run = run_module(main, dict(name="bot"))

        assert not run.failed, run.result
        assert run.result["changed"] is True
        device = run.result["virtual_mfa_device"]
        assert device["serial_number"] == serial("bot")
        assert device["enable_date"] is None and device["user"] is None and device["tags"] == {}
        assert operations(api_calls) == ["GetCallerIdentity", "ListMFADeviceTags", "CreateVirtualMFADevice"]
        assert api_calls[2][1] == {"VirtualMFADeviceName": "bot", "Path": "/"}
        created = dict(api_responses)["CreateVirtualMFADevice"]["VirtualMFADevice"]
        assert base64.b64decode(device["qr_code_png"]) == created["QRCodePNG"]
        assert device["base32_string_seed"] == created["Base32StringSeed"].decode()
        assert listed_serials(iam) == [serial("bot")]

    def test_returned_seed_is_the_devices_own(self, iam, run_module):
        device = run_module(main, dict(name="bot")).result["virtual_mfa_device"]
        iam.create_user(UserName="bot")
        code_1, code_2 = current_codes(device["base32_string_seed"])

        iam.enable_mfa_device(
            UserName="bot", SerialNumber=device["serial_number"], AuthenticationCode1=code_1, AuthenticationCode2=code_2
        )

        assert user_devices(iam, "bot") == [device["serial_number"]]

    def test_with_a_sealing_key_the_secrets_come_back_only_sealed(self, iam, api_calls, api_responses, run_module):
        key = new_sealing_key()
        run = run_module(main, dict(name="bot", _result_sealing_key=key))

        assert not run.failed, run.result
        assert operations(api_calls) == ["GetCallerIdentity", "ListMFADeviceTags", "CreateVirtualMFADevice"]
        created = dict(api_responses)["CreateVirtualMFADevice"]["VirtualMFADevice"]
        seed = created["Base32StringSeed"].decode()
        qr_code = base64.b64encode(created["QRCodePNG"]).decode()
        assert seed not in run.stdout and qr_code not in run.stdout
        assert set(run.result["virtual_mfa_device"]) == {"serial_number", "enable_date", "user", "tags"}
        assert unseal(key, run.result["sealed_secrets"]) == dict(
            virtual_mfa_device=dict(base32_string_seed=seed, qr_code_png=qr_code)
        )

    def test_sealing_key_is_masked_in_the_invocation(self, iam, run_module):
        key = new_sealing_key()
        run = run_module(main, dict(name="bot", _result_sealing_key=key))

        assert key not in run.stdout
        assert run.result["invocation"]["module_args"]["_result_sealing_key"] == mfa_parameters.NO_LOG_MASK

    def test_without_a_sealing_key_nothing_is_sealed(self, iam, run_module):
        run = run_module(main, dict(name="bot"))

        assert "sealed_secrets" not in run.result
        assert run.result["virtual_mfa_device"]["base32_string_seed"]

    def test_with_a_sealing_key_but_no_cryptography_nothing_is_created_or_returned_in_clear(
        self, iam, api_calls, run_module, monkeypatch
    ):
        key = new_sealing_key()
        monkeypatch.setattr(sealed_secrets, "HAS_CRYPTOGRAPHY", False)
        run = run_module(main, dict(name="bot", _result_sealing_key=key))

        assert run.failed
        assert "Failed to import the required Python library (cryptography)" in run.result["msg"]
        assert api_calls == [] and "virtual_mfa_device" not in run.result
        assert listed_serials(iam) == []

    def test_path_is_part_of_the_serial_number(self, iam, api_calls, run_module):
        run = run_module(main, dict(name="bot", path="/automation/ci/"))

        assert run.result["virtual_mfa_device"]["serial_number"] == serial("bot", "/automation/ci/")
        assert dict(api_calls)["CreateVirtualMFADevice"]["Path"] == "/automation/ci/"

    def test_device_with_the_same_name_at_another_path_is_another_device(
        self, iam, virtual_device, api_calls, run_module
    ):
        virtual_device("bot", "/other/")
        api_calls.clear()

        run = run_module(main, dict(name="bot"))

        assert run.result["changed"] is True
        assert sorted(listed_serials(iam)) == sorted([serial("bot", "/other/"), serial("bot")])

    def test_tags_are_sent_with_the_creation(self, iam, api_calls, run_module):
        run = run_module(main, dict(name="bot", tags={"team": "platform"}))

        assert dict(api_calls)["CreateVirtualMFADevice"]["Tags"] == [{"Key": "team", "Value": "platform"}]
        assert run.result["virtual_mfa_device"]["tags"] == {"team": "platform"}

    def test_tags_given_at_creation_are_stored(self, iam, run_module):
        run_module(main, dict(name="bot", tags={"team": "platform"}))

        assert iam.list_mfa_device_tags(SerialNumber=serial("bot"))["Tags"] == [{"Key": "team", "Value": "platform"}]

    def test_second_run_changes_nothing_and_returns_no_secrets(self, iam, api_calls, run_module):
        first = run_module(main, dict(name="bot"))
        api_calls.clear()

        second = run_module(main, dict(name="bot"))

        assert not second.failed, second.result
        assert second.result["changed"] is False
        device = second.result["virtual_mfa_device"]
        assert device["serial_number"] == first.result["virtual_mfa_device"]["serial_number"]
        assert "base32_string_seed" not in device and "qr_code_png" not in device
        assert first.result["virtual_mfa_device"]["base32_string_seed"] not in second.stdout
        assert operations(api_calls) == ["GetCallerIdentity", "ListMFADeviceTags"]
        assert listed_serials(iam) == [serial("bot")]

    def test_existing_device_is_reported_without_its_assignment(self, assigned_device, api_calls, run_module):
        # No IAM call reads one virtual device's user without listing the account: user and enable_date are left out.
        run = run_module(main, dict(name="bot"))

        assert run.result["changed"] is False
        assert run.result["virtual_mfa_device"] == {"serial_number": assigned_device, "tags": {}}
        assert operations(api_calls) == ["GetCallerIdentity", "ListMFADeviceTags"]

    def test_check_mode_creates_nothing(self, iam, api_calls, run_module):
        run = run_module(main, dict(name="bot", tags={"team": "platform"}), check_mode=True)

        assert run.result["changed"] is True
        assert "virtual_mfa_device" not in run.result
        assert operations(api_calls) == ["GetCallerIdentity", "ListMFADeviceTags"]
        assert listed_serials(iam) == []

    def test_diff_shows_the_new_device_without_secrets(self, iam, run_module):
        run = run_module(main, dict(name="bot", path="/ci/", tags={"team": "platform"}, _ansible_diff=True))

        assert run.result["diff"] == {
            "before": {},
            "after": {"name": "bot", "path": "/ci/", "user_name": None, "tags": {"team": "platform"}},
        }
        assert run.result["virtual_mfa_device"]["base32_string_seed"] not in str(run.result["diff"])

    def test_throttled_creation_is_retried(self, iam, api_calls, retry_sleeps, run_module):
        inject_fault("CreateVirtualMFADevice", "Throttling", count=1)

        run = run_module(main, dict(name="bot"))

        assert not run.failed, run.result
        assert operations(api_calls) == [
            "GetCallerIdentity",
            "ListMFADeviceTags",
            "CreateVirtualMFADevice",
            "CreateVirtualMFADevice",
        ]
        assert len(retry_sleeps) == 1
        assert run.result["virtual_mfa_device"]["base32_string_seed"]

    def test_name_taken_at_another_path_fails_naming_that_device(self, iam, virtual_device, api_calls, run_module):
        virtual_device("bot", "/other/")
        inject_fault("CreateVirtualMFADevice", "EntityAlreadyExists")
        api_calls.clear()

        run = run_module(main, dict(name="bot"))

        assert run.failed
        assert run.result["error"]["code"] == "EntityAlreadyExists"
        assert run.result["response_metadata"]["http_status_code"] == 409
        assert serial("bot", "/other/") in run.result["msg"]
        assert "set path to that device's path" in run.result["msg"]

    def test_name_taken_meanwhile_fails_asking_to_run_again(self, iam, run_module):
        inject_fault("CreateVirtualMFADevice", "EntityAlreadyExists")

        run = run_module(main, dict(name="bot"))

        assert run.failed
        assert "run the task again" in run.result["msg"]

    def test_denied_tag_listing_fails_naming_the_permission(self, iam, api_calls, run_module):
        inject_fault("ListMFADeviceTags", "AccessDenied")

        run = run_module(main, dict(name="bot"))

        assert run.failed
        assert run.result["error"]["code"] == "AccessDenied"
        assert run.result["response_metadata"]["http_status_code"] == 403
        assert "iam:ListMFADeviceTags" in run.result["msg"]
        assert operations(api_calls) == ["GetCallerIdentity", "ListMFADeviceTags"]

    def test_account_quota_gets_its_own_advice(self, iam, run_module):
        inject_fault("CreateVirtualMFADevice", "LimitExceeded")

        run = run_module(main, dict(name="bot"))

        assert run.failed
        assert "quota" in run.result["msg"] and "assignment_status: Unassigned" in run.result["msg"]
        assert "recent attempts" not in run.result["msg"]

    def test_async_run_refuses_to_create_a_device(self, iam, api_calls, run_module):
        run = run_module(main, dict(name="bot", _async_task=True))

        assert run.failed
        assert "async" in run.result["msg"] and "seed" in run.result["msg"] and "job file" in run.result["msg"]
        assert "CreateVirtualMFADevice" not in operations(api_calls)
        assert listed_serials(iam) == []

    def test_async_run_may_find_tag_and_delete_an_existing_device(self, iam, virtual_device, run_module):
        serial_number, _seed = virtual_device("bot")

        tagged = run_module(main, dict(name="bot", tags={"team": "platform"}, _async_task=True))
        deleted = run_module(main, dict(name="bot", state="absent", _async_task=True))

        assert not tagged.failed and tagged.result["changed"] is True, tagged.result
        assert not deleted.failed and deleted.result["changed"] is True, deleted.result
        assert serial_number not in listed_serials(iam)

    def test_async_check_mode_predicts_the_creation(self, iam, run_module):
        run = run_module(main, dict(name="bot", _async_task=True), check_mode=True)

        assert not run.failed and run.result["changed"] is True


class TestTags:
    def test_tags_are_added_to_an_existing_device(self, iam, virtual_device, api_calls, run_module):
        serial_number, _seed = virtual_device("bot")
        api_calls.clear()

        run = run_module(main, dict(name="bot", tags={"team": "platform"}))

        assert run.result["changed"] is True
        assert run.result["virtual_mfa_device"]["tags"] == {"team": "platform"}
        assert operations(api_calls) == ["GetCallerIdentity", "ListMFADeviceTags", "TagMFADevice"]
        assert iam.list_mfa_device_tags(SerialNumber=serial_number)["Tags"] == [{"Key": "team", "Value": "platform"}]

    def test_purge_removes_tags_that_are_not_given(self, iam, virtual_device, api_calls, run_module):
        serial_number, _seed = virtual_device("bot")
        iam.tag_mfa_device(
            SerialNumber=serial_number, Tags=[{"Key": "team", "Value": "platform"}, {"Key": "old", "Value": "x"}]
        )
        api_calls.clear()

        run = run_module(main, dict(name="bot", tags={"team": "platform"}))

        assert run.result["changed"] is True
        assert run.result["virtual_mfa_device"]["tags"] == {"team": "platform"}
        assert ("UntagMFADevice", {"SerialNumber": serial_number, "TagKeys": ["old"]}) in api_calls
        assert "TagMFADevice" not in operations(api_calls)
        assert iam.list_mfa_device_tags(SerialNumber=serial_number)["Tags"] == [{"Key": "team", "Value": "platform"}]

    def test_without_purge_other_tags_stay(self, iam, virtual_device, api_calls, run_module):
        serial_number, _seed = virtual_device("bot")
        iam.tag_mfa_device(SerialNumber=serial_number, Tags=[{"Key": "old", "Value": "x"}])
        api_calls.clear()

        run = run_module(main, dict(name="bot", tags={"team": "platform"}, purge_tags=False))

        assert run.result["virtual_mfa_device"]["tags"] == {"old": "x", "team": "platform"}
        assert "UntagMFADevice" not in operations(api_calls)
        tags = {tag["Key"]: tag["Value"] for tag in iam.list_mfa_device_tags(SerialNumber=serial_number)["Tags"]}
        assert tags == {"old": "x", "team": "platform"}

    def test_changed_value_is_updated(self, iam, virtual_device, run_module):
        serial_number, _seed = virtual_device("bot")
        iam.tag_mfa_device(SerialNumber=serial_number, Tags=[{"Key": "team", "Value": "platform"}])

        run = run_module(main, dict(name="bot", tags={"team": "security"}, _ansible_diff=True))

        assert run.result["changed"] is True
        assert run.result["diff"]["before"]["tags"] == {"team": "platform"}
        assert run.result["diff"]["after"]["tags"] == {"team": "security"}
        assert iam.list_mfa_device_tags(SerialNumber=serial_number)["Tags"] == [{"Key": "team", "Value": "security"}]

    def test_same_tags_change_nothing(self, iam, virtual_device, api_calls, run_module):
        serial_number, _seed = virtual_device("bot")
        iam.tag_mfa_device(SerialNumber=serial_number, Tags=[{"Key": "team", "Value": "platform"}])
        api_calls.clear()

        run = run_module(main, dict(name="bot", tags={"team": "platform"}))

        assert run.result["changed"] is False
        assert operations(api_calls) == ["GetCallerIdentity", "ListMFADeviceTags"]

    def test_tags_are_left_alone_and_returned_when_not_given(self, iam, virtual_device, api_calls, run_module):
        serial_number, _seed = virtual_device("bot")
        iam.tag_mfa_device(SerialNumber=serial_number, Tags=[{"Key": "team", "Value": "platform"}])
        api_calls.clear()

        run = run_module(main, dict(name="bot"))

        assert run.result["changed"] is False
        assert run.result["virtual_mfa_device"]["tags"] == {"team": "platform"}
        assert operations(api_calls) == ["GetCallerIdentity", "ListMFADeviceTags"]

    def test_check_mode_predicts_tag_changes_without_making_them(self, iam, virtual_device, api_calls, run_module):
        serial_number, _seed = virtual_device("bot")
        iam.tag_mfa_device(SerialNumber=serial_number, Tags=[{"Key": "old", "Value": "x"}])
        api_calls.clear()

        run = run_module(main, dict(name="bot", tags={"team": "platform"}), check_mode=True)

        assert run.result["changed"] is True
        assert run.result["virtual_mfa_device"]["tags"] == {"team": "platform"}
        assert operations(api_calls) == ["GetCallerIdentity", "ListMFADeviceTags"]
        assert iam.list_mfa_device_tags(SerialNumber=serial_number)["Tags"] == [{"Key": "old", "Value": "x"}]


def device_tags(iam, serial_number: str) -> dict:
    return {tag["Key"]: tag["Value"] for tag in iam.list_mfa_device_tags(SerialNumber=serial_number)["Tags"]}


class TestTagsOnFailure:
    def test_tags_are_added_before_others_are_removed(self, iam, virtual_device, api_calls, run_module):
        serial_number, _seed = virtual_device("bot", tags={"old": "x"})
        api_calls.clear()

        run = run_module(main, dict(name="bot", tags={"team": "platform"}))

        assert run.result["changed"] is True
        assert operations(api_calls) == ["GetCallerIdentity", "ListMFADeviceTags", "TagMFADevice", "UntagMFADevice"]
        assert device_tags(iam, serial_number) == {"team": "platform"}

    @pytest.mark.parametrize("error_code", ["InvalidInput", "LimitExceeded", "ServiceFailure"])
    def test_failed_tagging_removes_nothing_and_changes_nothing(
        self, iam, virtual_device, retry_sleeps, run_module, error_code
    ):
        serial_number, _seed = virtual_device("bot", tags={"old": "x", "team": "platform"})
        inject_fault("TagMFADevice", error_code, count=100)  # more than the retries

        run = run_module(main, dict(name="bot", tags={"team": "security"}))

        assert run.failed
        assert not run.result.get("changed")
        assert run.result["error"]["code"] == error_code
        assert device_tags(iam, serial_number) == {"old": "x", "team": "platform"}

    def test_failed_removal_after_tagging_reports_the_change_made(self, iam, virtual_device, run_module):
        serial_number, _seed = virtual_device("bot", tags={"old": "x"})
        inject_fault("UntagMFADevice", "AccessDenied")

        run = run_module(main, dict(name="bot", tags={"team": "platform"}))

        assert run.failed
        assert run.result["changed"] is True
        assert run.result["error"]["code"] == "AccessDenied"
        assert "the tags given were set" in run.result["msg"] and "iam:UntagMFADevice" in run.result["msg"]
        assert device_tags(iam, serial_number) == {"old": "x", "team": "platform"}

    def test_failed_removal_alone_reports_no_change(self, iam, virtual_device, run_module):
        serial_number, _seed = virtual_device("bot", tags={"old": "x", "team": "platform"})
        inject_fault("UntagMFADevice", "AccessDenied")

        run = run_module(main, dict(name="bot", tags={"team": "platform"}))

        assert run.failed and run.result["changed"] is False
        assert device_tags(iam, serial_number) == {"old": "x", "team": "platform"}

    @pytest.mark.parametrize(
        "error_code, advice",
        [
            ("LimitExceeded", "more than 50 tags"),
            (
                "NoSuchEntity",
                "deleted while this task ran",
            ),  # not the default advice, which names user_name and serial_number
        ],
    )
    def test_tagging_failures_get_this_modules_advice(self, iam, virtual_device, run_module, error_code, advice):
        virtual_device("bot")
        inject_fault("TagMFADevice", error_code)

        run = run_module(main, dict(name="bot", tags={"team": "platform"}))

        assert run.failed
        assert advice in run.result["msg"]
        for foreign in ("recent attempts", "user_name", "serial_number"):
            assert foreign not in run.result["msg"]

    def test_merged_tags_over_the_limit_are_refused_before_any_change(self, iam, virtual_device, api_calls, run_module):
        serial_number, _seed = virtual_device("bot", tags={f"old{number}": "x" for number in range(40)})
        api_calls.clear()

        run = run_module(main, dict(name="bot", tags={f"new{number}": "y" for number in range(11)}, purge_tags=False))

        assert run.failed
        assert run.result["msg"].startswith(
            "tags would leave the device with 51 tags (40 it keeps and 11 new); IAM allows at most 50"
        )
        assert operations(api_calls) == ["GetCallerIdentity", "ListMFADeviceTags"]
        assert len(device_tags(iam, serial_number)) == 40

    def test_merged_tags_at_the_limit_are_set(self, iam, virtual_device, run_module):
        serial_number, _seed = virtual_device("bot", tags={f"old{number}": "x" for number in range(40)})

        run = run_module(
            main,
            dict(name="bot", tags={"old0": "z", **{f"new{number}": "y" for number in range(10)}}, purge_tags=False),
        )

        assert not run.failed, run.result
        assert len(device_tags(iam, serial_number)) == 50


class TestDelete:
    def test_missing_device_changes_nothing(self, iam, api_calls, run_module):
        run = run_module(main, dict(name="bot", state="absent"))

        assert not run.failed, run.result
        assert run.result["changed"] is False
        assert operations(api_calls) == ["GetCallerIdentity", "DeleteVirtualMFADevice"]

    def test_unassigned_device_is_deleted_with_one_iam_call(self, iam, virtual_device, api_calls, run_module):
        serial_number, _seed = virtual_device("bot")
        api_calls.clear()

        run = run_module(main, dict(name="bot", state="absent", _ansible_diff=True))

        assert run.result["changed"] is True
        assert api_calls[1:] == [("DeleteVirtualMFADevice", {"SerialNumber": serial_number})]
        assert run.result["diff"] == {"before": {"name": "bot", "path": "/", "user_name": None}, "after": {}}
        assert listed_serials(iam) == []

    def test_only_the_device_at_the_given_path_is_deleted(self, iam, virtual_device, api_calls, run_module):
        virtual_device("bot", "/other/")
        api_calls.clear()

        run = run_module(main, dict(name="bot", state="absent"))

        assert run.result["changed"] is False
        assert listed_serials(iam) == [serial("bot", "/other/")]

    def test_assigned_device_is_not_deleted_without_force(self, iam, assigned_device, api_calls, run_module):
        run = run_module(main, dict(name="bot", state="absent"))

        assert run.failed
        assert f"{assigned_device} is assigned to IAM user alice" in run.result["msg"]
        assert "mfaops.aws.iam_mfa_device" in run.result["msg"] and "state: absent" in run.result["msg"]
        assert "force: true" in run.result["msg"]
        assert run.result["virtual_mfa_device"] == {"serial_number": assigned_device, "user_name": "alice"}
        assert operations(api_calls) == ["GetCallerIdentity", "DeleteVirtualMFADevice", "ListVirtualMFADevices"]
        assert user_devices(iam, "alice") == [assigned_device]

    def test_force_deactivates_then_deletes(self, iam, assigned_device, api_calls, run_module):
        run = run_module(main, dict(name="bot", state="absent", force=True))

        assert not run.failed, run.result
        assert run.result["changed"] is True
        assert api_calls[1:] == [
            ("DeleteVirtualMFADevice", {"SerialNumber": assigned_device}),
            ("ListVirtualMFADevices", {"AssignmentStatus": "Assigned", "MaxItems": 1000}),
            ("DeactivateMFADevice", {"UserName": "alice", "SerialNumber": assigned_device}),
            ("DeleteVirtualMFADevice", {"SerialNumber": assigned_device}),
        ]
        assert user_devices(iam, "alice") == []
        assert listed_serials(iam) == []

    def test_check_mode_with_force_changes_nothing(self, iam, assigned_device, api_calls, run_module):
        run = run_module(main, dict(name="bot", state="absent", force=True), check_mode=True)

        assert run.result["changed"] is True
        assert operations(api_calls) == ["GetCallerIdentity", "ListMFADeviceTags", "ListVirtualMFADevices"]
        assert user_devices(iam, "alice") == [assigned_device]
        assert listed_serials(iam) == [assigned_device]

    def test_check_mode_without_force_fails_as_a_real_run(self, iam, assigned_device, run_module):
        run = run_module(main, dict(name="bot", state="absent"), check_mode=True)

        assert run.failed
        assert "assigned to IAM user alice" in run.result["msg"]

    def test_check_mode_of_a_missing_device_changes_nothing(self, iam, api_calls, run_module):
        run = run_module(main, dict(name="bot", state="absent"), check_mode=True)

        assert not run.failed and run.result["changed"] is False
        assert operations(api_calls) == ["GetCallerIdentity", "ListMFADeviceTags"]

    def test_diff_shows_the_deleted_device(self, iam, assigned_device, run_module):
        run = run_module(main, dict(name="bot", state="absent", force=True, _ansible_diff=True))

        assert run.result["diff"] == {"before": {"name": "bot", "path": "/", "user_name": "alice"}, "after": {}}

    def test_device_enabled_again_while_deleting_fails_with_advice(self, iam, virtual_device, run_module):
        # IAM refuses the deletion twice as an assigned device's (DeleteConflict), yet no listing shows it assigned.
        virtual_device("bot")
        inject_fault("DeleteVirtualMFADevice", "DeleteConflict", count=2)

        run = run_module(main, dict(name="bot", state="absent", force=True))

        assert run.failed
        assert (
            run.result["error"]["code"] == "DeleteConflict"
            and run.result["response_metadata"]["http_status_code"] == 409
        )
        assert "assigned to a user again" in run.result["msg"] and "Run the task again" in run.result["msg"]
        assert not run.result.get("changed")

    def test_device_of_the_root_user_is_never_deactivated(
        self, iam, assigned_device, api_calls, monkeypatch, run_module
    ):
        def owned_by_root(client, serial_number):
            return {
                "SerialNumber": serial_number,
                "User": {"Arn": f"arn:aws:iam::{ACCOUNT}:root", "UserId": ACCOUNT, "Path": "/"},
            }

        monkeypatch.setattr(iam_virtual_mfa_device, "find_assigned_virtual_mfa_device", owned_by_root)
        api_calls.clear()

        run = run_module(main, dict(name="bot", state="absent", force=True))

        assert run.failed
        assert "root user" in run.result["msg"]
        assert "DeactivateMFADevice" not in operations(api_calls)
        assert listed_serials(iam) == [assigned_device]

    def test_denied_deletion_fails_naming_the_permission(self, iam, virtual_device, run_module):
        virtual_device("bot")
        inject_fault("DeleteVirtualMFADevice", "AccessDenied")

        run = run_module(main, dict(name="bot", state="absent"))

        assert run.failed
        assert run.result["error"]["code"] == "AccessDenied"
        assert "iam:DeleteVirtualMFADevice" in run.result["msg"]

    @pytest.mark.parametrize("action", ["DeleteVirtualMFADevice", "DeactivateMFADevice"])
    def test_removal_limit_gets_advice_that_is_not_about_resyncs(self, iam, assigned_device, run_module, action):
        inject_fault(action, "LimitExceeded")

        run = run_module(main, dict(name="bot", state="absent", force=True))

        assert run.failed
        assert run.result["error"]["code"] == "LimitExceeded"
        assert "recent attempts" not in run.result["msg"] and "IAM's message below says which" in run.result["msg"]


class TestAnotherRunGotThereFirst:
    """state: absent when another run deletes or deactivates the device meanwhile: NoSuchEntity is success."""

    def test_device_deleted_by_another_run_before_the_deletion(self, iam, virtual_device, run_module):
        serial_number, _seed = virtual_device("bot")
        inject_fault("DeleteVirtualMFADevice", "NoSuchEntity")

        run = run_module(main, dict(name="bot", state="absent"))

        assert not run.failed, run.result
        assert run.result["changed"] is False
        assert "user_name" not in run.result.get("msg", "")

    @pytest.mark.parametrize("other_run_deletes, changed", [(True, False), (False, True)])
    def test_parallel_run_deactivated_it_after_this_run_listed(
        self, iam, assigned_device, monkeypatch, run_module, other_run_deletes, changed
    ):
        # This run lists the assigned devices just before the other run deactivates (and maybe deletes) the device.
        real_find = iam_virtual_mfa_device.find_assigned_virtual_mfa_device

        def found_then_other_run_acts(client, serial_number):
            device = real_find(client, serial_number)
            iam.deactivate_mfa_device(UserName="alice", SerialNumber=serial_number)
            if other_run_deletes:
                iam.delete_virtual_mfa_device(SerialNumber=serial_number)
            return device

        monkeypatch.setattr(iam_virtual_mfa_device, "find_assigned_virtual_mfa_device", found_then_other_run_acts)

        run = run_module(main, dict(name="bot", state="absent", force=True))

        assert not run.failed, run.result
        assert run.result["changed"] is changed
        assert listed_serials(iam) == []

    def test_parallel_run_deleted_it_after_this_run_deactivated_it(self, iam, assigned_device, monkeypatch, run_module):
        real_deactivate = iam_virtual_mfa_device.deactivate_mfa_device

        def deactivate_then_other_run_deletes(client, user_name, serial_number):
            real_deactivate(client, user_name, serial_number)
            iam.delete_virtual_mfa_device(SerialNumber=serial_number)

        monkeypatch.setattr(iam_virtual_mfa_device, "deactivate_mfa_device", deactivate_then_other_run_deletes)

        run = run_module(main, dict(name="bot", state="absent", force=True))

        assert not run.failed, run.result
        assert run.result["changed"] is True

    def test_parallel_run_deactivated_it_before_this_run_listed(self, iam, assigned_device, run_module):
        # The other run deactivated it between this run's refused deletion and its listing: nothing to deactivate.
        inject_fault("DeleteVirtualMFADevice", "DeleteConflict")
        iam.deactivate_mfa_device(UserName="alice", SerialNumber=assigned_device)

        run = run_module(main, dict(name="bot", state="absent", force=True))

        assert not run.failed, run.result
        assert run.result["changed"] is True
        assert listed_serials(iam) == []
