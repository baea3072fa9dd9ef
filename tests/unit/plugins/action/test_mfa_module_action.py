# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The action plugins in front of the modules: masked arguments and sealed results.

ansible-core's side (the module really run, its ANSIBLE_DEBUG trace) is covered by the
secrets_never_logged integration target; here _execute_module is a stand-in that records
what it was given and answers as the module would.
"""

from __future__ import annotations

import json
from unittest import mock

import pytest
from ansible_collections.mfaops.aws.plugins.action import iam_mfa_device
from ansible_collections.mfaops.aws.plugins.action import iam_mfa_device_resync
from ansible_collections.mfaops.aws.plugins.action import iam_virtual_mfa_device
from ansible_collections.mfaops.aws.plugins.action import iam_virtual_mfa_device_info
from ansible_collections.mfaops.aws.plugins.module_utils import sealed_secrets
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import NO_LOG_MASK
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import check_sealing_key
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import new_sealing_key
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import seal

SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CODES = {"authentication_code_1": "271828", "authentication_code_2": "314159"}
CREDENTIALS = {
    "access_key": "AKIAMFAOPSEXAMPLE000",
    "secret_key": "zq-secret-access-key",
    "session_token": "zq-session-token",
}


class FakeModule:
    """Stands in for ActionBase._execute_module: records the arguments, and their printed form."""

    def __init__(self, answer):
        self.answer = answer
        self.calls = []

    def __call__(self, module_args=None, task_vars=None, wrap_async=False, **_kwargs):
        self.calls.append(dict(module_args=dict(module_args), printed=f"{module_args}", wrap_async=wrap_async))
        return self.answer(module_args)


def make_action(plugin, args: dict, answer, async_val: int = 0):
    task = mock.MagicMock(
        args=dict(args),
        async_val=async_val,
        check_mode=False,
        action=f"mfaops.aws.{plugin.__name__.rsplit('.', 1)[-1]}",
    )
    connection = mock.MagicMock(has_native_async=False)
    connection._shell.tmpdir = None
    action = plugin.ActionModule(task, connection, mock.MagicMock(), mock.MagicMock(), mock.MagicMock(), None)
    fake = FakeModule(answer)
    action._execute_module = fake
    return action, fake


def created_device(module_args: dict) -> dict:
    """What iam_virtual_mfa_device answers for a creation: sealed when it got a key."""
    secrets = {"virtual_mfa_device": {"base32_string_seed": SEED, "qr_code_png": "UE5H"}}
    result = {"changed": True, "virtual_mfa_device": {"serial_number": "arn:aws:iam::123456789012:mfa/bot", "tags": {}}}
    result["invocation"] = {
        "module_args": {name: NO_LOG_MASK if name.startswith("_") else value for name, value in module_args.items()}
    }
    key = module_args.get("_result_sealing_key")
    if key:
        result["sealed_secrets"] = seal(key, secrets)
    else:
        result["virtual_mfa_device"].update(secrets["virtual_mfa_device"])
    return result


@pytest.mark.parametrize("plugin", [iam_mfa_device_resync, iam_mfa_device])
def test_codes_reach_the_module_but_are_printed_masked(plugin):
    args = dict(CREDENTIALS, user_name="alice", **CODES)
    action, fake = make_action(plugin, args, lambda module_args: {"changed": True})

    result = action.run(task_vars={})

    assert result["changed"] is True
    assert fake.calls[0]["module_args"] == args
    printed = fake.calls[0]["printed"]
    for secret in list(CODES.values()) + [CREDENTIALS["secret_key"], CREDENTIALS["session_token"]]:
        assert secret not in printed
    assert "'authentication_code_1': 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'" in printed
    assert "'user_name': 'alice'" in printed and CREDENTIALS["access_key"] in printed


def test_modules_that_do_not_seal_get_no_key_and_keep_a_given_one_for_their_own_validation():
    action, fake = make_action(
        iam_mfa_device_resync, dict(user_name="alice", _result_sealing_key="zq-given", **CODES), lambda module_args: {}
    )

    action.run(task_vars={})

    assert fake.calls[0]["module_args"]["_result_sealing_key"] == "zq-given"
    assert "zq-given" not in fake.calls[0]["printed"]


def test_info_module_masks_the_aws_secret_key():
    action, fake = make_action(
        iam_virtual_mfa_device_info, dict(CREDENTIALS, aws_secret_key="zq-alias-secret"), lambda module_args: {}
    )

    action.run(task_vars={})

    assert "zq-secret-access-key" not in fake.calls[0]["printed"] and "zq-alias-secret" not in fake.calls[0]["printed"]
    assert "_result_sealing_key" not in fake.calls[0]["module_args"]


def test_created_seed_is_sealed_by_the_module_and_opened_by_the_action():
    action, fake = make_action(iam_virtual_mfa_device, dict(name="bot"), created_device)

    result = action.run(task_vars={})

    key = fake.calls[0]["module_args"]["_result_sealing_key"]
    assert check_sealing_key(key) == key
    assert key not in fake.calls[0]["printed"]
    assert result["virtual_mfa_device"] == {
        "serial_number": "arn:aws:iam::123456789012:mfa/bot",
        "tags": {},
        "base32_string_seed": SEED,
        "qr_code_png": "UE5H",
    }
    assert "sealed_secrets" not in result
    assert "_result_sealing_key" not in result["invocation"]["module_args"]
    assert result["invocation"]["module_args"]["name"] == "bot"


def test_each_run_gets_a_new_key():
    keys = set()
    for _run in range(3):
        action, fake = make_action(iam_virtual_mfa_device, dict(name="bot"), created_device)
        action.run(task_vars={})
        keys.add(fake.calls[0]["module_args"]["_result_sealing_key"])
    assert len(keys) == 3


def test_a_key_given_in_the_task_is_replaced():
    given = new_sealing_key()
    action, fake = make_action(iam_virtual_mfa_device, dict(name="bot", _result_sealing_key=given), created_device)

    result = action.run(task_vars={})

    assert fake.calls[0]["module_args"]["_result_sealing_key"] != given
    assert result["virtual_mfa_device"]["base32_string_seed"] == SEED


def test_async_runs_are_not_sealed():
    action, fake = make_action(
        iam_virtual_mfa_device, dict(name="bot", _result_sealing_key=new_sealing_key()), created_device, async_val=60
    )

    result = action.run(task_vars={})

    assert "_result_sealing_key" not in fake.calls[0]["module_args"]
    assert fake.calls[0]["wrap_async"]
    assert result["virtual_mfa_device"]["base32_string_seed"] == SEED


def test_without_cryptography_on_the_controller_the_module_is_not_run(monkeypatch):
    monkeypatch.setattr(sealed_secrets, "HAS_CRYPTOGRAPHY", False)
    action, fake = make_action(iam_virtual_mfa_device, dict(name="bot"), created_device)

    result = action.run(task_vars={})

    assert fake.calls == []
    assert result["failed"] is True
    assert "Failed to import the required Python library (cryptography)" in result["msg"]


@pytest.mark.parametrize("async_val, told", [(60, True), (0, False)])
def test_virtual_device_module_is_told_whether_the_task_is_async_whatever_the_task_says(async_val, told):
    action, fake = make_action(
        iam_virtual_mfa_device, dict(name="bot", _async_task=not told), created_device, async_val=async_val
    )

    action.run(task_vars={})

    assert fake.calls[0]["module_args"]["_async_task"] is told


def test_other_modules_are_not_told_about_async():
    action, fake = make_action(
        iam_mfa_device_resync, dict(user_name="alice", **CODES), lambda module_args: {}, async_val=60
    )

    action.run(task_vars={})

    assert "_async_task" not in fake.calls[0]["module_args"]


def test_a_sealed_value_that_does_not_open_fails_without_showing_it():
    def tampered(module_args):
        result = created_device(module_args)
        sealed = result["sealed_secrets"]
        result["sealed_secrets"] = sealed[:30] + ("A" if sealed[30] != "A" else "B") + sealed[31:]
        return result

    action, _fake = make_action(iam_virtual_mfa_device, dict(name="bot"), tampered)

    result = action.run(task_vars={})

    assert result["failed"] is True
    assert "could not be opened on the controller" in result["msg"] and "does not match the key" in result["msg"]
    assert "delete it (state: absent) and create it again" in result["msg"]
    assert "sealed_secrets" not in result and SEED not in json.dumps(result)


def test_failures_pass_through_unchanged():
    failure = {"failed": True, "msg": "name must be a string", "invocation": {"module_args": {"name": None}}}
    action, _fake = make_action(iam_virtual_mfa_device, dict(name=None), lambda module_args: dict(failure))

    assert action.run(task_vars={}) == failure
