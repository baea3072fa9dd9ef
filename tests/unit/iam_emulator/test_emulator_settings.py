# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The default page size of List actions: set_default_max_items() in-process, /_emulator/settings over HTTP, undone by reset."""

from __future__ import annotations

import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator import reset
from ansible_collections.mfaops.aws.tests.iam_emulator import set_default_max_items
from ansible_collections.mfaops.aws.tests.iam_emulator import settings
from ansible_collections.mfaops.aws.tests.iam_emulator.paging import DEFAULT_MAX_ITEMS
from ansible_collections.mfaops.aws.tests.iam_emulator.paging import page
from ansible_collections.mfaops.aws.tests.unit.iam_emulator.control_client import control_answer


@pytest.fixture
def default_max_items():
    """set_default_max_items for one test; IAM's default again afterwards."""
    yield set_default_max_items
    set_default_max_items(None)


def page_sizes(iam, **request) -> list[int]:
    """The size of each page of ListVirtualMFADevices, following markers to the end."""
    sizes = []
    while True:
        answer = iam.list_virtual_mfa_devices(**request)
        sizes.append(len(answer["VirtualMFADevices"]))
        if not answer["IsTruncated"]:
            return sizes
        request["Marker"] = answer["Marker"]


def create_devices(iam, count: int) -> None:
    for number in range(count):
        iam.create_virtual_mfa_device(VirtualMFADeviceName=f"device-{number}")


def test_without_the_setting_a_page_holds_iams_100(iam):
    create_devices(iam, 101)
    assert DEFAULT_MAX_ITEMS == 100
    assert page_sizes(iam) == [100, 1]
    assert settings()["default_max_items"] == 100


def test_the_setting_is_the_page_size_when_no_max_items_is_given(iam, default_max_items):
    create_devices(iam, 7)
    default_max_items(3)
    assert settings()["default_max_items"] == 3
    assert page_sizes(iam) == [3, 3, 1]
    assert page_sizes(iam, MaxItems=5) == [5, 2]  # the caller's MaxItems wins
    assert page_sizes(iam, AssignmentStatus="Unassigned") == [3, 3, 1]


def test_the_setting_pages_device_tags_too(iam, default_max_items):
    iam.create_virtual_mfa_device(
        VirtualMFADeviceName="tagged", Tags=[{"Key": f"k{number}", "Value": "v"} for number in range(5)]
    )
    serial = iam.list_virtual_mfa_devices()["VirtualMFADevices"][0]["SerialNumber"]
    default_max_items(2)
    answer = iam.list_mfa_device_tags(SerialNumber=serial)
    assert [tag["Key"] for tag in answer["Tags"]] == ["k0", "k1"]
    assert answer["IsTruncated"] is True


def test_none_restores_iams_default(iam, default_max_items):
    create_devices(iam, 4)
    default_max_items(1)
    default_max_items(None)
    assert page_sizes(iam) == [4]


@pytest.mark.usefixtures("iam")
def test_reset_restores_iams_default(default_max_items):
    default_max_items(2)
    reset()
    assert settings()["default_max_items"] == 100
    assert page(list(range(150)), None, None)[0] == list(range(100))


@pytest.mark.parametrize("value", [0, 1001, -1, "3", 2.5, True])
@pytest.mark.usefixtures("iam")
def test_page_sizes_iam_would_not_accept_are_refused(default_max_items, value):
    default_max_items(4)
    with pytest.raises(ValueError, match="from 1 to 1000"):
        default_max_items(value)
    assert settings()["default_max_items"] == 4


def test_the_setting_over_http_pages_boto3_calls_until_reset(server, server_iam):
    create_devices(server_iam, 5)
    status, answer = control_answer(server, "POST", "settings", {"default_max_items": 2})
    assert status == 200
    assert answer["settings"]["default_max_items"] == 2
    assert control_answer(server, "GET", "settings")[1]["settings"]["default_max_items"] == 2
    assert page_sizes(server_iam) == [2, 2, 1]

    assert control_answer(server, "POST", "reset") == (200, {"reset": True})
    assert control_answer(server, "GET", "settings")[1]["settings"]["default_max_items"] == 100
    create_devices(server_iam, 3)
    assert page_sizes(server_iam) == [3]


def test_null_over_http_restores_iams_default(server, server_iam):
    create_devices(server_iam, 3)
    control_answer(server, "POST", "settings", {"default_max_items": 1})
    assert (
        control_answer(server, "POST", "settings", {"default_max_items": None})[1]["settings"]["default_max_items"]
        == 100
    )
    assert page_sizes(server_iam) == [3]


@pytest.mark.parametrize(
    "body, complaint",
    [
        ({}, "JSON object"),
        ([3], "JSON object"),
        ({"default_max_items": 0}, "from 1 to 1000"),
        ({"default_max_items": "3"}, "from 1 to 1000"),
        ({"page_size": 3}, "page_size"),
    ],
)
def test_malformed_settings_are_refused_and_change_nothing(server, server_iam, body, complaint):  # pylint: disable=unused-argument
    status, answer = control_answer(server, "POST", "settings", body)
    assert status == 400
    assert complaint in answer["error"]
    assert control_answer(server, "GET", "settings")[1]["settings"]["default_max_items"] == 100
