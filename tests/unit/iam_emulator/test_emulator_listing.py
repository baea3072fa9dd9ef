# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ListVirtualMFADevices: what each entry shows, the AssignmentStatus filter, and Marker/MaxItems paging."""

from __future__ import annotations

import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator import ValidationError
from ansible_collections.mfaops.aws.tests.iam_emulator.paging import page
from ansible_collections.mfaops.aws.tests.iam_emulator.paging import paged_result
from botocore.exceptions import ClientError


def serial(name: str) -> str:
    return f"arn:aws:iam::123456789012:mfa/{name}"


def all_pages(iam, **request) -> list:
    """Every page's serial numbers, following markers until the listing is not truncated."""
    pages = []
    while True:
        answer = iam.list_virtual_mfa_devices(**request)
        pages.append([device["SerialNumber"] for device in answer["VirtualMFADevices"]])
        if not answer["IsTruncated"]:
            assert "Marker" not in answer
            return pages
        request["Marker"] = answer["Marker"]


@pytest.fixture
def devices(iam, new_virtual_device):
    """Five devices, made out of order: carol and alice assigned, the others not."""
    for name, assigned in [("erin", False), ("carol", True), ("alice", True), ("dave", False), ("bob", False)]:
        new_virtual_device(iam, name, enable=assigned)


@pytest.mark.usefixtures("devices")
def test_devices_are_listed_in_serial_number_order_whatever_the_creation_order(iam):
    assert all_pages(iam) == [[serial(name) for name in ("alice", "bob", "carol", "dave", "erin")]]


@pytest.mark.usefixtures("devices")
@pytest.mark.parametrize(
    "status, names",
    [
        ("Assigned", ["alice", "carol"]),
        ("Unassigned", ["bob", "dave", "erin"]),
        ("Any", ["alice", "bob", "carol", "dave", "erin"]),
    ],
)
def test_the_assignment_status_filters_the_devices(iam, status, names):
    assert all_pages(iam, AssignmentStatus=status) == [[serial(name) for name in names]]


@pytest.mark.usefixtures("devices")
@pytest.mark.parametrize("max_items, sizes", [(1, [1, 1, 1, 1, 1]), (2, [2, 2, 1]), (4, [4, 1]), (5, [5]), (100, [5])])
def test_pages_hold_max_items_and_the_last_is_not_truncated(iam, max_items, sizes):
    # 5 devices in pages of 5: one page, not truncated (moto 5.2.5 says truncated, then answers an empty page).
    pages = all_pages(iam, MaxItems=max_items)
    assert [len(page_serials) for page_serials in pages] == sizes
    assert sum(pages, []) == [serial(name) for name in ("alice", "bob", "carol", "dave", "erin")]


@pytest.mark.usefixtures("devices")
def test_paging_and_filtering_combine(iam):
    assert all_pages(iam, AssignmentStatus="Unassigned", MaxItems=2) == [
        [serial("bob"), serial("dave")],
        [serial("erin")],
    ]


@pytest.mark.usefixtures("devices")
def test_boto3s_paginator_gets_every_device(iam):
    paginator = iam.get_paginator("list_virtual_mfa_devices")
    listed = paginator.paginate(PaginationConfig={"PageSize": 2}).build_full_result()["VirtualMFADevices"]
    assert [device["SerialNumber"] for device in listed] == [
        serial(name) for name in ("alice", "bob", "carol", "dave", "erin")
    ]


def test_entries_never_show_the_seed_and_show_the_user_once_assigned(iam, new_virtual_device):
    new_virtual_device(iam, "alice")
    new_virtual_device(iam, "bob", enable=False)
    alice, bob = iam.list_virtual_mfa_devices()["VirtualMFADevices"]

    assert set(alice) == {"SerialNumber", "User", "EnableDate"}
    assert (alice["User"]["UserName"], alice["User"]["Arn"]) == ("alice", "arn:aws:iam::123456789012:user/alice")
    assert set(bob) == {"SerialNumber"}  # IAM shows the seed and QR code only when it creates the device


def test_no_devices_is_an_empty_untruncated_listing(iam):
    answer = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")
    assert (answer["VirtualMFADevices"], answer["IsTruncated"]) == ([], False)


@pytest.mark.parametrize(
    "request_parameters, member, constraint",
    [
        (
            {"AssignmentStatus": "assigned"},
            "assignmentStatus",
            "Member must satisfy enum value set: [Assigned, Unassigned, Any]",
        ),
        ({"MaxItems": 0}, "maxItems", "Member must have value greater than or equal to 1"),
        ({"MaxItems": 1001}, "maxItems", "Member must have value less than or equal to 1000"),
        ({"Marker": ""}, "marker", "Member must have length greater than or equal to 1"),
        ({"Marker": "\u0100"}, "marker", "Member must satisfy regular expression pattern: [\\u0020-\\u00FF]+"),
    ],
)
def test_parameters_outside_the_model_are_validation_errors(iam, client_error, request_parameters, member, constraint):
    with pytest.raises(ClientError) as raised:
        iam.list_virtual_mfa_devices(**request_parameters)
    code, status, message = client_error(raised)
    assert (code, status) == ("ValidationError", 400)
    assert f"at '{member}' failed to satisfy constraint: {constraint}" in message


def test_a_marker_the_emulator_never_gave_is_refused(iam, new_virtual_device, client_error):
    new_virtual_device(iam, "alice", enable=False)
    with pytest.raises(ClientError) as raised:
        iam.list_virtual_mfa_devices(Marker="not-a-marker")
    assert client_error(raised) == ("ValidationError", 400, "Invalid Marker.")


@pytest.mark.parametrize("marker", ["100", "3", "1", "0"])
def test_a_position_the_emulator_never_gave_as_a_marker_is_refused(iam, new_virtual_device, client_error, marker):
    # moto answers "Invalid Marker." for a marker past the end, and IAM's markers are opaque: a bare number is not one.
    for name in ("alice", "bob"):
        new_virtual_device(iam, name, enable=False)
    with pytest.raises(ClientError) as raised:
        iam.list_virtual_mfa_devices(Marker=marker)
    assert client_error(raised) == ("ValidationError", 400, "Invalid Marker.")


def test_a_marker_past_the_end_after_deletions_gives_an_empty_last_page(iam, new_virtual_device):
    for name in ("alice", "bob", "carol"):
        new_virtual_device(iam, name, enable=False)
    marker = iam.list_virtual_mfa_devices(MaxItems=2)["Marker"]
    for name in ("alice", "bob", "carol"):
        iam.delete_virtual_mfa_device(SerialNumber=serial(name))
    answer = iam.list_virtual_mfa_devices(Marker=marker)
    assert (answer["VirtualMFADevices"], answer["IsTruncated"]) == ([], False)


@pytest.mark.parametrize(
    "count, max_items, expected_pages",
    [
        (0, None, [[]]),
        (3, None, [[0, 1, 2]]),
        (100, None, [list(range(100))]),
        (101, None, [list(range(100)), [100]]),
        (6, 3, [[0, 1, 2], [3, 4, 5]]),
        (7, 3, [[0, 1, 2], [3, 4, 5], [6]]),
    ],
)
def test_the_pager_walks_every_item_once(count, max_items, expected_pages):
    items = list(range(count))
    pages, marker = [], None
    while True:
        items_page, marker = page(items, marker, max_items)
        pages.append(items_page)
        if marker is None:
            break
    assert pages == expected_pages


@pytest.mark.parametrize(
    "marker", ["-1", "1.5", "abc", "\u0661", "1", "2"]
)  # "\u0661" is a digit to str.isdigit, not to IAM
def test_the_pager_refuses_markers_it_did_not_make(marker):
    with pytest.raises(ValidationError, match="Invalid Marker"):
        page([1, 2, 3], marker, 1)


def test_a_paged_result_names_a_marker_only_when_truncated():
    assert paged_result("Tags", [1], None) == {"Tags": [1], "IsTruncated": False}
    assert paged_result("Tags", [1], "1") == {"Tags": [1], "IsTruncated": True, "Marker": "1"}
