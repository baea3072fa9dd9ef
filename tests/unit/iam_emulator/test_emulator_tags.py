# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Virtual MFA device tags: TagMFADevice, UntagMFADevice, ListMFADeviceTags and Tags on CreateVirtualMFADevice."""

from __future__ import annotations

import string

import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator import validation
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

UNKNOWN_SERIAL = "arn:aws:iam::123456789012:mfa/nobody"
# What Java's \p{L}, \p{Z} and \p{N} match among ASCII characters, plus the pattern's symbols.
ASCII_TAG_CHARACTERS = string.ascii_letters + string.digits + " _.:/=+-@"


def tag_list(tags: dict) -> list:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def tags_of(iam, serial_number: str) -> dict:
    return {tag["Key"]: tag["Value"] for tag in iam.list_mfa_device_tags(SerialNumber=serial_number)["Tags"]}


@pytest.fixture
def device(iam):
    """The serial number of an untagged virtual device."""
    return iam.create_virtual_mfa_device(VirtualMFADeviceName="bot")["VirtualMFADevice"]["SerialNumber"]


def test_tags_given_at_creation_are_returned_and_listed_sorted_by_key(iam):
    created = iam.create_virtual_mfa_device(
        VirtualMFADeviceName="bot", Tags=tag_list({"team": "ops", "Env": "prod", "cost": ""})
    )
    device = created["VirtualMFADevice"]

    assert device["Tags"] == tag_list({"team": "ops", "Env": "prod", "cost": ""})
    assert device["Base32StringSeed"]  # the tags do not push out the seed
    listed = iam.list_mfa_device_tags(SerialNumber=device["SerialNumber"])
    assert listed["Tags"] == tag_list({"Env": "prod", "cost": "", "team": "ops"})
    assert listed["IsTruncated"] is False and "Marker" not in listed


def test_a_device_created_without_tags_has_none(iam, device):
    assert iam.list_mfa_device_tags(SerialNumber=device)["Tags"] == []
    created = iam.create_virtual_mfa_device(VirtualMFADeviceName="other")["VirtualMFADevice"]
    assert "Tags" not in created


def test_tagging_adds_tags_and_replaces_values(iam, device):
    iam.tag_mfa_device(SerialNumber=device, Tags=tag_list({"team": "ops", "env": "dev"}))
    iam.tag_mfa_device(SerialNumber=device, Tags=tag_list({"env": "prod", "owner": "alice"}))
    assert tags_of(iam, device) == {"team": "ops", "env": "prod", "owner": "alice"}


def test_keys_are_case_sensitive_for_virtual_mfa_devices(iam, device):
    # Unlike users' and roles' tags, where Env would replace env.
    iam.tag_mfa_device(SerialNumber=device, Tags=tag_list({"env": "dev"}))
    iam.tag_mfa_device(SerialNumber=device, Tags=tag_list({"Env": "prod"}))
    assert tags_of(iam, device) == {"env": "dev", "Env": "prod"}


def test_untagging_removes_the_keys_and_ignores_keys_the_device_lacks(iam, device):
    iam.tag_mfa_device(SerialNumber=device, Tags=tag_list({"team": "ops", "env": "dev", "Env": "x"}))
    iam.untag_mfa_device(SerialNumber=device, TagKeys=["env", "absent"])
    assert tags_of(iam, device) == {"team": "ops", "Env": "x"}


@pytest.mark.parametrize(
    "call",
    [
        lambda iam, serial: iam.tag_mfa_device(SerialNumber=serial, Tags=tag_list({"team": "ops"})),
        lambda iam, serial: iam.untag_mfa_device(SerialNumber=serial, TagKeys=["team"]),
        lambda iam, serial: iam.list_mfa_device_tags(SerialNumber=serial),
    ],
    ids=["tag", "untag", "list"],
)
@pytest.mark.parametrize("serial", [UNKNOWN_SERIAL, "GAHT12345678"], ids=["unknown-virtual", "hardware"])
def test_a_device_that_is_not_a_virtual_device_is_no_such_entity(iam, client_error, call, serial):
    with pytest.raises(ClientError) as raised:
        call(iam, serial)
    assert client_error(raised) == ("NoSuchEntity", 404, f"VirtualMFADevice with serial number {serial} doesn't exist.")


def test_fifty_tags_fit_and_a_fifty_first_is_limit_exceeded(iam, device, client_error):
    fifty = {f"key{number:02}": "v" for number in range(50)}
    iam.tag_mfa_device(SerialNumber=device, Tags=tag_list(fifty))

    with pytest.raises(ClientError) as raised:
        iam.tag_mfa_device(SerialNumber=device, Tags=tag_list({"key00": "changed", "one-more": "v"}))
    code, status, message = client_error(raised)
    assert (code, status) == ("LimitExceeded", 409)
    assert "50" in message
    assert tags_of(iam, device) == fifty  # the whole request failed: key00 kept its value

    # Changing values of keys the device has adds no tag, so it is allowed at the limit.
    iam.tag_mfa_device(SerialNumber=device, Tags=tag_list({"key00": "changed"}))
    assert tags_of(iam, device)["key00"] == "changed"


def test_more_than_fifty_tags_in_one_request_is_a_validation_error(iam, device, client_error):
    with pytest.raises(ClientError) as raised:
        iam.tag_mfa_device(SerialNumber=device, Tags=tag_list({f"key{number}": "v" for number in range(51)}))
    code, status, message = client_error(raised)
    assert (code, status) == ("ValidationError", 400)
    assert message.startswith("1 validation error detected: Value '[{Key: key0,Value: v}, ")
    assert message.endswith("at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50")
    assert tags_of(iam, device) == {}


def test_more_than_fifty_tags_at_creation_creates_nothing(iam, client_error):
    with pytest.raises(ClientError) as raised:
        iam.create_virtual_mfa_device(
            VirtualMFADeviceName="bot", Tags=tag_list({f"key{number}": "v" for number in range(51)})
        )
    assert client_error(raised)[:2] == ("ValidationError", 400)
    assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []


@pytest.mark.parametrize(
    "key, value",
    [
        ("Straße", "Größe"),
        ("東京", "営業部"),
        ("\u0661\u0662\u0663", "\u00bd"),  # Arabic-Indic digits; a vulgar fraction (category No)
        ("cost center", "a\u00a0b\u2028c"),  # space, no-break space, line separator: all \p{Z}
        ("a_b.c:d/e=f+g-h@i", "_.:/=+-@"),
        ("k" * 128, "v" * 256),
    ],
)
def test_unicode_letters_numbers_and_separators_are_allowed(iam, device, key, value):
    iam.tag_mfa_device(SerialNumber=device, Tags=[{"Key": key, "Value": value}])
    assert tags_of(iam, device) == {key: value}


@pytest.mark.parametrize(
    "key, value, member, constraint",
    [
        ("bad!", "v", "tags.1.member.key", "satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+"),
        (
            "tab\there",
            "v",
            "tags.1.member.key",
            "satisfy regular expression pattern",
        ),  # a control character is no separator
        ("emoji\U0001f600", "v", "tags.1.member.key", "satisfy regular expression pattern"),  # a symbol, not a letter
        ("k", "#hash", "tags.1.member.value", "satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*"),
        ("k" * 129, "v", "tags.1.member.key", "have length less than or equal to 128"),
        ("k", "v" * 257, "tags.1.member.value", "have length less than or equal to 256"),
    ],
)
def test_a_broken_tag_constraint_is_a_validation_error_and_changes_nothing(
    iam, device, client_error, key, value, member, constraint
):
    with pytest.raises(ClientError) as raised:
        iam.tag_mfa_device(SerialNumber=device, Tags=[{"Key": key, "Value": value}])
    code, status, message = client_error(raised)
    assert (code, status) == ("ValidationError", 400)
    assert message.startswith("1 validation error detected: ")
    assert f"at '{member}' failed to satisfy constraint: Member must {constraint}" in message
    assert tags_of(iam, device) == {}


def test_every_broken_constraint_is_listed_with_its_position(iam, client_error):
    with pytest.raises(ClientError) as raised:
        iam.create_virtual_mfa_device(
            VirtualMFADeviceName="bot", Tags=[{"Key": "ok", "Value": "v"}, {"Key": "", "Value": "!"}]
        )
    code, _status, message = client_error(raised)
    assert code == "ValidationError"
    assert message.startswith("3 validation errors detected: ")
    assert (
        "Value '' at 'tags.2.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1"
        in message
    )
    assert (
        "Value '' at 'tags.2.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern"
        in message
    )
    assert "Value '!' at 'tags.2.member.value'" in message
    assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []


def test_a_tag_without_a_value_is_a_validation_error(iam, device, client_error):
    with pytest.raises(ClientError) as raised:
        iam.tag_mfa_device(SerialNumber=device, Tags=[{"Key": "team"}])
    assert (
        "Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null"
        in client_error(raised)[2]
    )


def test_missing_tags_are_a_validation_error(iam, device, client_error):
    with pytest.raises(ClientError) as raised:
        iam.tag_mfa_device(SerialNumber=device)
    message = "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null"
    assert client_error(raised) == ("ValidationError", 400, message)


@pytest.mark.parametrize(
    "tags",
    [
        [{"Key": "team", "Value": "a"}, {"Key": "team", "Value": "b"}],
        [{"Key": "aws:team", "Value": "a"}],
        [{"Key": "AWS:team", "Value": "a"}],
    ],
    ids=["duplicate-key", "reserved-prefix", "reserved-prefix-any-case"],
)
def test_duplicate_and_reserved_keys_are_invalid_input(iam, device, client_error, tags):
    with pytest.raises(ClientError) as raised:
        iam.tag_mfa_device(SerialNumber=device, Tags=tags)
    assert client_error(raised)[:2] == ("InvalidInput", 400)
    with pytest.raises(ClientError) as raised:
        iam.create_virtual_mfa_device(VirtualMFADeviceName="other", Tags=tags)
    assert client_error(raised)[:2] == ("InvalidInput", 400)
    assert tags_of(iam, device) == {}
    assert len(iam.list_virtual_mfa_devices()["VirtualMFADevices"]) == 1


def test_untag_keys_are_validated_with_their_positions(iam, device, client_error):
    with pytest.raises(ClientError) as raised:
        iam.untag_mfa_device(SerialNumber=device, TagKeys=["fine", "bad!"])
    assert client_error(raised)[:2] == ("ValidationError", 400)
    assert "Value 'bad!' at 'tagKeys.2.member' failed to satisfy constraint" in client_error(raised)[2]
    with pytest.raises(ClientError) as raised:
        iam.untag_mfa_device(SerialNumber=device, TagKeys=[f"k{number}" for number in range(51)])
    assert (
        "at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to 50"
        in client_error(raised)[2]
    )


def test_tags_are_paged_by_marker_and_max_items(iam, device):
    tags = {f"key{number:02}": str(number) for number in range(12)}
    iam.tag_mfa_device(SerialNumber=device, Tags=tag_list(dict(reversed(list(tags.items())))))

    pages = []
    request = {"SerialNumber": device, "MaxItems": 5}
    while True:
        answer = iam.list_mfa_device_tags(**request)
        pages.append([tag["Key"] for tag in answer["Tags"]])
        if not answer["IsTruncated"]:
            assert "Marker" not in answer
            break
        request["Marker"] = answer["Marker"]
    assert [len(page) for page in pages] == [5, 5, 2]
    assert sum(pages, []) == sorted(tags)

    everything = iam.get_paginator("list_mfa_device_tags").paginate(
        SerialNumber=device, PaginationConfig={"PageSize": 7}
    )
    assert everything.build_full_result()["Tags"] == tag_list(tags)


def test_listing_virtual_devices_leaves_tags_out_as_iam_does(iam):
    iam.create_virtual_mfa_device(VirtualMFADeviceName="bot", Tags=tag_list({"team": "ops"}))
    (listed,) = iam.list_virtual_mfa_devices()["VirtualMFADevices"]
    assert "Tags" not in listed


@settings(max_examples=300, deadline=None)
@given(st.characters(max_codepoint=127))
def test_an_ascii_character_is_allowed_in_a_key_exactly_when_javas_unicode_classes_allow_it(character):
    assert (validation.TAG_KEY.violations(character) == []) == (character in ASCII_TAG_CHARACTERS)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.characters(categories=["Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No", "Zs", "Zl", "Zp"]),
        min_size=1,
        max_size=128,
    )
)
def test_any_key_of_unicode_letters_numbers_and_separators_is_allowed(key):
    assert validation.TAG_KEY.violations(key) == []


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.characters(categories=["Cc", "Cf", "Sm", "So", "Sc", "Sk", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Mn"]),
        min_size=1,
        max_size=20,
    )
)
def test_any_key_of_symbols_controls_or_marks_is_refused_unless_it_is_a_listed_symbol(key):
    assert (validation.TAG_KEY.violations(key) == []) == all(character in "_.:/=+-@" for character in key)


def test_an_empty_value_is_allowed_and_an_empty_key_breaks_two_constraints():
    assert validation.TAG_VALUE.violations("") == []
    assert len(validation.TAG_KEY.violations("")) == 2
