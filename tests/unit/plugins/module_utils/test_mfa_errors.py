# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Advice that fits the call: by IAM action and error code."""

from __future__ import annotations

import pytest
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import ADVICE_BY_ACTION
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import advice_for_error_code


def test_limit_exceeded_is_resyncs_attempts_only_for_resync():
    assert "too many recent resync attempts" in advice_for_error_code("LimitExceeded", "iam:ResyncMFADevice")
    for action in ("iam:EnableMFADevice", "iam:TagMFADevice", "iam:CreateVirtualMFADevice", "iam:DeactivateMFADevice"):
        assert "attempts" not in advice_for_error_code("LimitExceeded", action), action


def test_enable_limit_names_the_eight_devices_of_a_user():
    assert "8, of any kind" in advice_for_error_code("LimitExceeded", "iam:EnableMFADevice")


@pytest.mark.parametrize("action", ["iam:EnableMFADevice", "iam:DeactivateMFADevice"])
def test_temporarily_unmodifiable_says_to_wait_minutes(action):
    advice = advice_for_error_code("EntityTemporarilyUnmodifiable", action)
    assert "wait several minutes" in advice
    assert ("fresh consecutive codes" in advice) == (action == "iam:EnableMFADevice")


def test_a_call_overrides_its_action_and_the_code():
    assert advice_for_error_code("LimitExceeded", "iam:ResyncMFADevice", {"LimitExceeded": "mine"}) == "mine"


def test_permission_is_filled_in():
    assert "not allowed iam:EnableMFADevice" in advice_for_error_code("AccessDenied", "iam:EnableMFADevice")


def test_access_denied_points_to_the_policies_guide():
    advice = advice_for_error_code("AccessDenied", "iam:ResyncMFADevice")
    assert "see the IAM policies guide, docs/docsite/rst/iam_policies.rst" in advice
    assert "README" not in advice


def test_unknown_code_gets_the_general_line():
    assert advice_for_error_code("SomethingNew", "iam:EnableMFADevice") == "IAM returned an error."


def test_every_actions_advice_is_keyed_by_iam_permission():
    assert all(action.startswith("iam:") for action in ADVICE_BY_ACTION)
