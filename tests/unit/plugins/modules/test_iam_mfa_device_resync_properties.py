# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Hostile and wrong input for iam_mfa_device_resync: at least 2,000 generated values per option (docs/reliability.md)."""

from __future__ import annotations

import pytest
from ansible_collections.mfaops.aws.plugins.modules import iam_mfa_device_resync
from ansible_collections.mfaops.aws.tests.unit.plugins import property_support as ps
from hypothesis import given
from hypothesis import strategies as st

pytestmark = ps.requires_oracle_ansible_core

MODULE = "iam_mfa_device_resync"
BASELINE = dict(
    user_name="alice", serial_number=ps.HARDWARE_SERIAL, authentication_code_1="135791", authentication_code_2="246802"
)

CODE_VALUES = ps.hostile(
    st.text("0123456789", min_size=4, max_size=8),
    st.integers(min_value=0, max_value=1_500_000),
    st.text(
        "0123456789\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\uff10\uff11\uff12\u00b2\u00b3",
        min_size=6,
        max_size=6,
    ),
    st.floats(min_value=99_999, max_value=1_000_000),
    st.builds(
        lambda code, pad: pad + code + pad,
        st.text("0123456789", min_size=6, max_size=6),
        st.sampled_from([" ", "\n", "\t", "\x00"]),
    ),
)

STRATEGIES = {
    "user_name": ps.hostile(ps.near_valid_text(ps.USER_NAME_ALPHABET, 1, 128)),
    "serial_number": ps.hostile(
        ps.near_valid_text(ps.SERIAL_ALPHABET, 9, 256), ps.arn(ps.near_valid_text(ps.USER_NAME_ALPHABET, 1, 40))
    ),
    "authentication_code_1": CODE_VALUES,
    "authentication_code_2": CODE_VALUES,
}

ORACLES = {
    "user_name": ps.user_name,
    "serial_number": ps.serial_number,
    "authentication_code_1": ps.authentication_code,
    "authentication_code_2": ps.authentication_code,
}
REQUIRED = ("user_name", "authentication_code_1", "authentication_code_2")


def sent_request(option: str, value):
    """The request as the module must send it to IAM, or None when the value must be rejected."""
    converted = ORACLES[option](value)
    if converted is ps.REJECTED or (converted is ps.NOT_GIVEN and option in REQUIRED):
        return None
    return dict(BASELINE, **{option: converted})


def world(option: str, value) -> dict:
    """The account: the request's user, with the request's device (else the baseline's hardware token) enabled."""
    sent = sent_request(option, value) or BASELINE
    serial = ps.HARDWARE_SERIAL if sent["serial_number"] is ps.NOT_GIVEN else sent["serial_number"]
    return dict(users={sent["user_name"]: [serial]})


def expected_calls(option: str, value):
    """None when the value must be rejected, else (API calls, whether the module fails)."""
    request = sent_request(option, value)
    if request is None:
        return None
    calls = []
    if request["serial_number"] is ps.NOT_GIVEN:
        calls.append(("ListMFADevices", {"UserName": request["user_name"]}))
        request["serial_number"] = ps.HARDWARE_SERIAL  # the user's only device
    calls.append(
        (
            "ResyncMFADevice",
            {
                "UserName": request["user_name"],
                "SerialNumber": request["serial_number"],
                "AuthenticationCode1": request["authentication_code_1"],
                "AuthenticationCode2": request["authentication_code_2"],
            },
        )
    )
    return calls, False


@pytest.mark.parametrize("option", sorted(STRATEGIES))
def test_hostile_values(option):
    account = ps.EmulatedAccount()
    ps.Counter.figures.pop(f"{MODULE} {option}", None)

    @ps.PROPERTY_SETTINGS
    @given(value=STRATEGIES[option])
    def holds(value):
        args = dict(BASELINE, **{option: value})
        secret = option.startswith("authentication_code")
        outcome = ps.check_example(
            MODULE,
            option,
            iam_mfa_device_resync.main,
            args,
            account,
            world(option, value),
            expected_calls(option, value),
            secret=secret,
        )
        if not outcome.failed:
            assert outcome.result["user_name"] == outcome.calls[-1][1]["UserName"]

    with account.running():
        holds()
    row = ps.Counter.save(MODULE, option)
    assert row["examples"] >= 2000 and row["calls_on_rejected"] == 0, row
