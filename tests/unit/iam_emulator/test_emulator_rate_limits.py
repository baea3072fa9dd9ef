# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Rate limits: a token bucket per action, and Throttling as IAM answers it above the rate."""

from __future__ import annotations

import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator import recorded_calls
from ansible_collections.mfaops.aws.tests.iam_emulator import reset
from ansible_collections.mfaops.aws.tests.iam_emulator import settings
from ansible_collections.mfaops.aws.tests.iam_emulator.control import set_rate_limits
from ansible_collections.mfaops.aws.tests.iam_emulator.control import throttled_calls
from ansible_collections.mfaops.aws.tests.iam_emulator.rate_limits import RateLimits
from ansible_collections.mfaops.aws.tests.unit.iam_emulator.control_client import control_answer
from botocore.exceptions import ClientError


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def admitted(limits: RateLimits, action: str, calls: int) -> int:
    return sum(limits.admit(action) for _call in range(calls))


def test_a_bucket_admits_its_burst_then_the_rate():
    clock = Clock()
    limits = RateLimits(clock)
    limits.set({"ResyncMFADevice": {"per_second": 4, "burst": 2}})
    assert admitted(limits, "ResyncMFADevice", 5) == 2
    clock.now += 0.25
    assert admitted(limits, "ResyncMFADevice", 5) == 1
    clock.now += 10  # the bucket holds no more than its burst however long it waits
    assert admitted(limits, "ResyncMFADevice", 5) == 2
    assert limits.throttled_counts() == {"ResyncMFADevice": 10}


def test_the_burst_defaults_to_one_seconds_calls_and_at_least_one():
    limits = RateLimits(Clock())
    limits.set({"ResyncMFADevice": 4, "ListUsers": 0.5})
    assert limits.limits() == {
        "ListUsers": {"per_second": 0.5, "burst": 1},
        "ResyncMFADevice": {"per_second": 4.0, "burst": 4},
    }


def test_actions_without_a_limit_are_never_throttled():
    limits = RateLimits(Clock())
    limits.set({"ResyncMFADevice": 1})
    assert admitted(limits, "ListUsers", 1000) == 1000


def test_calls_above_the_rate_are_answered_throttling_as_iam_answers_it(iam, client_error):
    set_rate_limits({"ListUsers": {"per_second": 0.001, "burst": 2}})
    iam.list_users()
    iam.list_users()
    with pytest.raises(ClientError) as raised:
        iam.list_users()
    assert client_error(raised) == ("Throttling", 400, "Rate exceeded")
    assert raised.value.response["Error"]["Type"] == "Sender"
    assert [call["status"] for call in recorded_calls()] == [200, 200, 400]
    assert throttled_calls() == {"ListUsers": 1}
    iam.list_roles()  # another action is not limited


def test_reset_removes_the_limits(iam):
    set_rate_limits({"ListUsers": {"per_second": 0.001, "burst": 1}})
    reset()
    assert settings()["rate_limits"] == {}
    for _call in range(3):
        iam.list_users()


@pytest.mark.parametrize(
    "limits, complaint",
    [
        ({"ListUnicorns": 4}, "IAM API action"),
        ({"ListUsers": 0}, "more than 0"),
        ({"ListUsers": -1}, "more than 0"),
        ({"ListUsers": "4"}, "more than 0"),
        ({"ListUsers": True}, "more than 0"),
        ({"ListUsers": {"per_second": 4, "burst": 0}}, "burst"),
        ({"ListUsers": {"per_second": 4, "burst": 1.5}}, "burst"),
        ({"ListUsers": {"burst": 4}}, "per_second"),
        ({"ListUsers": {"per_second": 4, "rate": 4}}, "per_second"),
        ([("ListUsers", 4)], "object of IAM actions"),
    ],
)
def test_limits_that_cannot_be_are_refused(limits, complaint):
    limits_before = RateLimits(Clock())
    limits_before.set({"ListUsers": 2})
    with pytest.raises(ValueError, match=complaint):
        limits_before.set(limits)
    assert limits_before.limits() == {"ListUsers": {"per_second": 2.0, "burst": 2}}


def test_limits_are_set_over_http_and_reset_removes_them(server, server_iam, client_error):
    status, answer = control_answer(
        server, "POST", "settings", {"rate_limits": {"ListUsers": {"per_second": 0.001, "burst": 1}}}
    )
    assert status == 200
    assert answer["settings"]["rate_limits"] == {"ListUsers": {"per_second": 0.001, "burst": 1}}
    server_iam.list_users()
    with pytest.raises(ClientError) as raised:
        server_iam.list_users()
    assert client_error(raised)[:2] == ("Throttling", 400)
    assert control_answer(server, "GET", "throttled") == (200, {"throttled": {"ListUsers": 1}})

    assert control_answer(server, "POST", "reset")[0] == 200
    assert control_answer(server, "GET", "settings")[1]["settings"]["rate_limits"] == {}
    server_iam.list_users()
    server_iam.list_users()


def test_a_settings_request_with_one_bad_setting_changes_none(server, server_iam):  # pylint: disable=unused-argument
    status, answer = control_answer(
        server, "POST", "settings", {"default_max_items": 3, "rate_limits": {"ListUsers": 0}}
    )
    assert status == 400
    assert "more than 0" in answer["error"]
    current = control_answer(server, "GET", "settings")[1]["settings"]
    assert (current["default_max_items"], current["rate_limits"]) == (100, {})


def test_the_code_window_is_a_setting_over_http_too(server, server_iam):  # pylint: disable=unused-argument
    try:
        assert (
            control_answer(server, "POST", "settings", {"code_window_steps": 1})[1]["settings"]["code_window_steps"]
            == 1
        )
        assert control_answer(server, "POST", "settings", {"code_window_steps": -1})[0] == 400
    finally:
        control_answer(server, "POST", "settings", {"code_window_steps": None})
    assert settings()["code_window_steps"] is None
