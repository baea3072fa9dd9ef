# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Hostile and wrong input for iam_virtual_mfa_device_info: at least 2,000 generated values (docs/reliability.md)."""

from __future__ import annotations

from ansible_collections.mfaops.aws.plugins.modules import iam_virtual_mfa_device_info
from ansible_collections.mfaops.aws.tests.unit.plugins import property_support as ps
from hypothesis import given
from hypothesis import strategies as st

pytestmark = ps.requires_oracle_ansible_core

MODULE = "iam_virtual_mfa_device_info"
OPTION = "assignment_status"
STATUSES = ("Assigned", "Unassigned", "Any")  # assignmentStatusType


def expected_calls(value):
    converted = ps.ansible_choice(value, STATUSES)
    if converted is ps.REJECTED:
        return None
    status = "Any" if converted is ps.NOT_GIVEN else converted
    return [("ListVirtualMFADevices", {"AssignmentStatus": status})], False


def test_hostile_values():
    account = ps.EmulatedAccount()
    ps.Counter.figures.pop(f"{MODULE} {OPTION}", None)

    @ps.PROPERTY_SETTINGS
    @given(value=ps.hostile(st.sampled_from(STATUSES + ("assigned", "ANY", " Any", "Any\n", "None", "All", ""))))
    def holds(value):
        ps.check_example(
            MODULE, OPTION, iam_virtual_mfa_device_info.main, {OPTION: value}, account, {}, expected_calls(value)
        )

    with account.running():
        holds()
    row = ps.Counter.save(MODULE, OPTION)
    assert row["examples"] >= 2000 and row["calls_on_rejected"] == 0, row
