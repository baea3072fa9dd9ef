# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The action plugins of the modules that take codes or a seed: the seed is masked in the trace, and values that
cannot be secrets are refused before the module runs, so that no part of them becomes a no_log mask."""

from __future__ import annotations

import pytest
from ansible_collections.mfaops.aws.plugins.action import iam_mfa_device
from ansible_collections.mfaops.aws.plugins.action import iam_mfa_device_resync
from ansible_collections.mfaops.aws.tests.unit.plugins.action.test_mfa_module_action import make_action

SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PLUGINS = [iam_mfa_device_resync, iam_mfa_device]


@pytest.mark.parametrize("plugin", PLUGINS)
def test_seed_reaches_the_module_but_is_printed_masked(plugin):
    args = dict(user_name="alice", serial_number="arn:aws:iam::123456789012:mfa/alice", seed=SEED)
    action, fake = make_action(plugin, args, lambda module_args: {"changed": True})

    result = action.run(task_vars={})

    assert result["changed"] is True
    assert fake.calls[0]["module_args"] == args
    assert SEED not in fake.calls[0]["printed"]
    assert "alice" in fake.calls[0]["printed"]


@pytest.mark.parametrize("plugin", PLUGINS)
@pytest.mark.parametrize(
    "option, value, expected",
    [
        ("authentication_code_1", [1, 2], "authentication_code_1 must be a string"),
        ("authentication_code_2", {"my-code": 1}, "authentication_code_2 must be a string"),
        ("authentication_code_1", 12345, 'Quote the code, for example authentication_code_1: "012345"'),
        ("authentication_code_1", 1.5, "authentication_code_1 must be a string"),
        ("authentication_code_2", True, "authentication_code_2 must be a string"),
        ("seed", ["JBSWY3DP", "EHPK3PXP"], "seed must be a string"),
        ("seed", 123456, "seed must be a string"),
    ],
)
def test_value_that_cannot_be_a_secret_is_refused_before_the_module_runs(plugin, option, value, expected):
    args = dict(
        user_name="alice",
        serial_number="arn:aws:iam::123456789012:mfa/alice",
        authentication_code_1="482915",
        authentication_code_2="730264",
    )
    args[option] = value
    if option == "seed":
        del args["authentication_code_1"], args["authentication_code_2"]
    action, fake = make_action(plugin, args, lambda module_args: {"changed": True})

    result = action.run(task_vars={})

    assert result["failed"] is True and result["changed"] is False
    assert expected in result["msg"], result["msg"]
    assert fake.calls == []  # the module never ran: Ansible registered no mask of any part of the value


@pytest.mark.parametrize("plugin", PLUGINS)
@pytest.mark.parametrize("codes", [("482915", "730264"), (482915, 730264), ("48291", "x")])
def test_strings_and_six_digit_integers_reach_the_module(plugin, codes):
    # Strings are what was typed as the secret: the module checks them, and Ansible masks them whole.
    args = dict(user_name="alice", authentication_code_1=codes[0], authentication_code_2=codes[1])
    action, fake = make_action(plugin, args, lambda module_args: {"changed": True})

    action.run(task_vars={})

    assert len(fake.calls) == 1
