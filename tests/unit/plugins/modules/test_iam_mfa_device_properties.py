# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Hostile and wrong input for iam_mfa_device: at least 2,000 generated values per option (docs/reliability.md)."""

from __future__ import annotations

import pytest
from ansible_collections.mfaops.aws.plugins.modules import iam_mfa_device
from ansible_collections.mfaops.aws.tests.unit.plugins import property_support as ps
from ansible_collections.mfaops.aws.tests.unit.plugins.modules.test_iam_mfa_device_resync_properties import CODE_VALUES
from hypothesis import given
from hypothesis import strategies as st

pytestmark = ps.requires_oracle_ansible_core

MODULE = "iam_mfa_device"
BASELINE = dict(
    user_name="alice",
    serial_number=ps.HARDWARE_SERIAL,
    state="present",
    authentication_code_1="135791",
    authentication_code_2="246802",
)

STRATEGIES = {
    "user_name": ps.hostile(ps.near_valid_text(ps.USER_NAME_ALPHABET, 1, 128)),
    "serial_number": ps.hostile(
        ps.near_valid_text(ps.SERIAL_ALPHABET, 9, 256), ps.arn(ps.near_valid_text(ps.USER_NAME_ALPHABET, 1, 40))
    ),
    "state": ps.hostile(
        st.sampled_from(["present", "absent", "Present", "ABSENT", " present", "absent\n", "enabled", ""])
    ),
    "authentication_code_1": CODE_VALUES,
    "authentication_code_2": CODE_VALUES,
}


def oracle(option: str, value):
    if option == "user_name":
        converted = ps.user_name(value)
    elif option == "serial_number":
        converted = ps.serial_number(value)
    elif option == "state":
        converted = ps.ansible_choice(value, ("present", "absent"))
        return "present" if converted is ps.NOT_GIVEN else converted
    else:
        converted = ps.authentication_code(value)
    # user_name and serial_number are required; a code alone is refused (required_together).
    return ps.REJECTED if converted is ps.NOT_GIVEN else converted


def world(option: str, value) -> dict:
    """The account: the request's user, without an MFA device."""
    converted = oracle(option, value)
    user_name = converted if option == "user_name" and converted is not ps.REJECTED else BASELINE["user_name"]
    return dict(users={user_name: []})


def expected_calls(option: str, value):
    """None when the value must be rejected, else (API calls, whether the module fails); the device is not enabled yet."""
    converted = oracle(option, value)
    if converted is ps.REJECTED:
        return None
    request = dict(BASELINE, **{option: converted})
    listing = ("ListMFADevices", {"UserName": request["user_name"]})
    if request["state"] == "absent":
        return [listing], False
    # With both codes, EnableMFADevice itself tells whether another user has the device; the in-process
    # emulator's answer has no Date header, so the module lists the user's devices again for the enable date.
    calls = [listing]
    calls.append(
        (
            "EnableMFADevice",
            {
                "UserName": request["user_name"],
                "SerialNumber": request["serial_number"],
                "AuthenticationCode1": request["authentication_code_1"],
                "AuthenticationCode2": request["authentication_code_2"],
            },
        )
    )
    calls.append(listing)
    return calls, False


@pytest.mark.parametrize("option", sorted(STRATEGIES))
def test_hostile_values(option):
    account = ps.EmulatedAccount()
    ps.Counter.figures.pop(f"{MODULE} {option}", None)

    @ps.PROPERTY_SETTINGS
    @given(value=STRATEGIES[option])
    def holds(value):
        args = dict(BASELINE, **{option: value})
        ps.check_example(
            MODULE,
            option,
            iam_mfa_device.main,
            args,
            account,
            world(option, value),
            expected_calls(option, value),
            secret=option.startswith("authentication_code"),
        )

    with account.running():
        holds()
    row = ps.Counter.save(MODULE, option)
    assert row["examples"] >= 2000 and row["calls_on_rejected"] == 0, row
