# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Hostile and wrong input for iam_virtual_mfa_device: at least 2,000 generated values per option (docs/reliability.md)."""

from __future__ import annotations

import base64
import re

import pytest
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import SEALED_RESULT_KEY
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import unseal
from ansible_collections.mfaops.aws.plugins.modules import iam_virtual_mfa_device
from ansible_collections.mfaops.aws.tests.unit.plugins import property_support as ps
from hypothesis import given
from hypothesis import strategies as st

pytestmark = ps.requires_oracle_ansible_core

MODULE = "iam_virtual_mfa_device"
SERIAL = f"arn:aws:iam::{ps.ACCOUNT_ID}:mfa/dev"
PRINTABLE_ASCII = "".join(chr(code) for code in range(0x21, 0x7F))
BOOLISH = st.sampled_from(
    [
        "yes",
        "no",
        "YES",
        " on ",
        "off",
        "true",
        "False",
        "t",
        "f",
        "y",
        "n",
        "1",
        "0",
        "2",
        "ja",
        "",
        1,
        0,
        1.0,
        0.0,
        2,
        -1,
        0.5,
    ]
)
TAG_TEXT = st.text(st.characters(categories=("L", "N", "Zs", "Zl", "Zp")) | st.sampled_from("_.:/=+-@"), max_size=130)
TAG_VALUES = st.one_of(
    TAG_TEXT,
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.text(ps.ANY_CHARACTER, max_size=260),
)

BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
SEALING_KEY = "_result_sealing_key"

STRATEGIES = {
    SEALING_KEY: ps.hostile(
        st.binary(min_size=32, max_size=32).map(lambda key: base64.urlsafe_b64encode(key).decode("ascii")),
        ps.near_valid_text(BASE64URL + "=+/", 42, 45),
    ),
    "name": ps.hostile(ps.near_valid_text(ps.USER_NAME_ALPHABET, 1, 226)),
    "path": ps.hostile(
        st.just("/"),
        st.builds(lambda middle: f"/{middle}/", ps.near_valid_text(PRINTABLE_ASCII, 1, 40)),
        st.builds(lambda middle: f"/{middle}/", st.text(PRINTABLE_ASCII, min_size=505, max_size=515)),
        ps.near_valid_text(PRINTABLE_ASCII + " ", 0, 20),
    ),
    "state": ps.hostile(st.sampled_from(["present", "absent", "Present", " absent", "absent\n", "deleted", ""])),
    "force": ps.hostile(BOOLISH),
    "purge_tags": ps.hostile(BOOLISH),
    "tags": ps.hostile(
        st.dictionaries(TAG_TEXT, TAG_VALUES, max_size=6),
        st.dictionaries(st.text("abcdefghij", min_size=1, max_size=4), st.just("v"), min_size=45, max_size=55),
        st.builds(lambda key, value: f"{key}={value}", TAG_TEXT, TAG_TEXT),
        st.builds(lambda key, value: f'{{"{key}": "{value}"}}', st.text("abc", max_size=3), TAG_TEXT),
    ),
}

# The account each option is tried against (EmulatedAccount.build), and the other options.
DEVICE = {"name": "dev"}
ASSIGNED = dict(DEVICE, user="bob")
SETUPS = {
    SEALING_KEY: (dict(name="dev", state="present"), dict()),
    "name": (dict(name="dev", state="present"), dict()),
    "path": (dict(name="dev", state="present"), dict()),
    "tags": (dict(name="dev", state="present"), dict()),
    "state": (dict(name="dev"), dict(virtual_devices=[DEVICE])),
    "force": (dict(name="dev", state="absent"), dict(virtual_devices=[ASSIGNED])),
    "purge_tags": (
        dict(name="dev", state="present", tags={"new": "y"}),
        dict(virtual_devices=[dict(DEVICE, tags={"old": "x"})]),
    ),
}


def sealing_key(value):
    """A type: raw option: a string of 32 bytes in base64url with its padding, 43 characters of its alphabet, then "="."""
    if value is None:
        return ps.NOT_GIVEN
    text = value if isinstance(value, str) else ""
    return (
        text
        if len(text) == 44 and text.endswith("=") and all(character in BASE64URL for character in text[:43])
        else ps.REJECTED
    )


def device_path(value):
    """pathType, and with the name "dev" a serial number IAM's calls accept: at most 256 characters of [\\w+=/:,.@-]."""
    path = ps.iam_path(value)
    if (
        path is ps.REJECTED
        or len(f"arn:aws:iam::{ps.ACCOUNT_ID}:mfa{path}dev") > 256
        or not re.fullmatch(r"[A-Za-z0-9_+=/:,.@-]+", path)
    ):
        return ps.REJECTED
    return path


ORACLES = {
    SEALING_KEY: sealing_key,
    "name": ps.virtual_device_name,
    "path": device_path,
    "tags": ps.tags,
    "state": lambda value: ps.ansible_choice(value, ("present", "absent")),
    "force": ps.ansible_bool,
    "purge_tags": ps.ansible_bool,
}


def tag_list(tags: dict) -> list:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def expected_calls(option: str, value):
    """None when the value must be rejected, else (API calls, whether the module fails)."""
    converted = ORACLES[option](value)
    if converted is ps.REJECTED or (converted is ps.NOT_GIVEN and option == "name"):
        return None
    identity = ("GetCallerIdentity", {})
    if option in ("name", "path", "tags", SEALING_KEY):  # no device yet: it is created
        request = dict(name="dev", path="/", tags=None)
        if option != SEALING_KEY:
            request[option] = None if converted is ps.NOT_GIVEN else converted
        create = {"VirtualMFADeviceName": request["name"], "Path": request["path"]}
        if request["tags"]:
            create["Tags"] = tag_list(request["tags"])
        serial = f"arn:aws:iam::{ps.ACCOUNT_ID}:mfa{request['path']}{request['name']}"
        calls = [identity, ("ListMFADeviceTags", {"SerialNumber": serial}), ("CreateVirtualMFADevice", create)]
        return calls, ps.iam_refuses_path(request["path"])
    if option == "state":  # the device exists, unassigned, without tags
        if converted == "present":
            return [identity, ("ListMFADeviceTags", {"SerialNumber": SERIAL})], False
        return [identity, ("DeleteVirtualMFADevice", {"SerialNumber": SERIAL})], False
    delete = ("DeleteVirtualMFADevice", {"SerialNumber": SERIAL})
    if option == "force":  # the device is bob's: the deletion is refused, and only then is its user looked up
        find_user = ("ListVirtualMFADevices", {"AssignmentStatus": "Assigned", "MaxItems": 1000})
        if converted:
            return [
                identity,
                delete,
                find_user,
                ("DeactivateMFADevice", {"UserName": "bob", "SerialNumber": SERIAL}),
                delete,
            ], False
        return [identity, delete, find_user], True
    # purge_tags: tag "old" exists, tag "new" is asked for; tags are added before others are removed
    calls = [identity, ("ListMFADeviceTags", {"SerialNumber": SERIAL})]
    calls.append(("TagMFADevice", {"SerialNumber": SERIAL, "Tags": [{"Key": "new", "Value": "y"}]}))
    if converted:
        calls.append(("UntagMFADevice", {"SerialNumber": SERIAL, "TagKeys": ["old"]}))
    return calls, False


def assert_secrets_returned(result: dict, key, created: dict):
    """The created device's seed and QR code (as IAM answered) come back: in clear without a key, else only sealed with it."""
    secrets = dict(
        base32_string_seed=created["Base32StringSeed"].decode("ascii"),
        qr_code_png=base64.b64encode(created["QRCodePNG"]).decode("ascii"),
    )
    device = result["virtual_mfa_device"]
    if key is ps.NOT_GIVEN:
        assert SEALED_RESULT_KEY not in result and {name: device.get(name) for name in secrets} == secrets, result
        return
    assert not set(secrets) & set(device), f"secrets in clear next to the sealed ones: {sorted(device)}"
    assert unseal(key, result[SEALED_RESULT_KEY]) == dict(virtual_mfa_device=secrets)


@pytest.mark.parametrize("option", sorted(STRATEGIES))
def test_hostile_values(option):
    baseline, world = SETUPS[option]
    account = ps.EmulatedAccount()
    ps.Counter.figures.pop(f"{MODULE} {option}", None)

    @ps.PROPERTY_SETTINGS
    @given(value=STRATEGIES[option])
    def holds(value):
        args = dict(baseline, **{option: value})
        expected = expected_calls(option, value)
        outcome = ps.check_example(
            MODULE, option, iam_virtual_mfa_device.main, args, account, world, expected, secret=option == SEALING_KEY
        )
        if option == SEALING_KEY and expected is not None:
            assert_secrets_returned(outcome.result, sealing_key(value), account.created)

    with account.running():
        holds()
    row = ps.Counter.save(MODULE, option)
    assert row["examples"] >= 2000 and row["calls_on_rejected"] == 0, row
