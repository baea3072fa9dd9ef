# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The emulator's credential report, root MFA device and AccountMFAEnabled, through boto3 calls to its IAM."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator import age_credential_report
from ansible_collections.mfaops.aws.tests.iam_emulator import set_credential_report_generation_polls
from ansible_collections.mfaops.aws.tests.iam_emulator import set_max_items_limit
from ansible_collections.mfaops.aws.tests.iam_emulator import set_root_mfa_device
from ansible_collections.mfaops.aws.tests.unit.iam_emulator.control_client import control_answer
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
IAM_COLUMNS = (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,"
    "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,"
    "access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated"
).split(",")


@pytest.fixture
def generation_polls():
    yield set_credential_report_generation_polls
    set_credential_report_generation_polls(0)


def report_rows(iam) -> tuple[list[str], list[dict]]:
    content = iam.get_credential_report()["Content"].decode("utf-8")
    reader = csv.DictReader(io.StringIO(content))
    return reader.fieldnames, list(reader)


def generated(iam) -> None:
    """Generate a report and wait (the emulator: the next call) until it is complete."""
    assert iam.generate_credential_report()["State"] == "STARTED"
    assert iam.generate_credential_report()["State"] == "COMPLETE"


class TestGeneration:
    def test_no_report_before_one_is_generated(self, iam, client_error):
        with pytest.raises(ClientError) as raised:
            iam.get_credential_report()
        assert client_error(raised)[:2] == ("ReportNotPresent", 410)

    def test_started_then_complete(self, iam):
        answer = iam.generate_credential_report()
        assert answer["State"] == "STARTED" and answer["Description"]
        assert iam.generate_credential_report()["State"] == "COMPLETE"
        report = iam.get_credential_report()
        assert report["ReportFormat"] == "text/csv"
        assert abs(report["GeneratedTime"] - datetime.datetime.now(datetime.timezone.utc)) < datetime.timedelta(
            minutes=1
        )

    def test_in_progress_for_the_polls_set(self, iam, client_error, generation_polls):
        generation_polls(2)

        assert iam.generate_credential_report()["State"] == "STARTED"
        with pytest.raises(ClientError) as raised:
            iam.get_credential_report()
        assert client_error(raised)[:2] == ("ReportInProgress", 404)
        assert [iam.generate_credential_report()["State"] for _call in range(3)] == [
            "INPROGRESS",
            "INPROGRESS",
            "COMPLETE",
        ]
        assert iam.get_credential_report()["Content"]

    def test_a_report_under_4_hours_old_is_not_generated_again(self, iam):
        generated(iam)
        iam.create_user(UserName="late")
        aged = age_credential_report(3 * 3600 + 3500)

        assert aged["expired"] is False
        assert iam.generate_credential_report()["State"] == "COMPLETE"
        assert "late" not in [row["user"] for row in report_rows(iam)[1]]  # a snapshot, as IAM's
        assert iam.get_credential_report()["GeneratedTime"].isoformat() == aged["generated_time"]

    def test_a_report_4_hours_old_expires_and_is_generated_again(self, iam, client_error):
        generated(iam)
        iam.create_user(UserName="late")
        assert age_credential_report(4 * 3600)["expired"] is True

        with pytest.raises(ClientError) as raised:
            iam.get_credential_report()
        assert client_error(raised)[:2] == ("ReportExpired", 410)
        generated(iam)
        assert "late" in [row["user"] for row in report_rows(iam)[1]]

    def test_aging_without_a_report_is_refused(self, iam):
        with pytest.raises(ValueError, match="no credential report"):
            age_credential_report(60)


class TestContent:
    def test_iams_columns_root_row_first(self, iam):
        iam.create_user(UserName="alice")
        generated(iam)

        columns, rows = report_rows(iam)

        assert columns == IAM_COLUMNS
        assert [row["user"] for row in rows] == ["<root_account>", "alice"]
        root = rows[0]
        assert root["arn"] == f"arn:aws:iam::{ACCOUNT}:root"
        assert root["password_enabled"] == "not_supported" and root["mfa_active"] == "false"

    def test_a_name_and_path_with_commas_stay_whole(self, iam):
        # IAM user names and paths may hold a comma: the CSV must quote them, not split them.
        iam.create_user(UserName="a,b", Path="/x,y/")
        iam.create_login_profile(UserName="a,b", Password="Correct-Horse-1")
        generated(iam)

        rows = {row["user"]: row for row in report_rows(iam)[1]}

        assert rows["a,b"]["arn"] == f"arn:aws:iam::{ACCOUNT}:user/x,y/a,b"
        assert rows["a,b"]["password_enabled"] == "true"

    def test_password_and_mfa_follow_the_emulators_state(self, iam, new_virtual_device):
        iam.create_user(UserName="console")
        iam.create_login_profile(UserName="console", Password="Correct-Horse-1")
        iam.create_user(UserName="plain")
        new_virtual_device(iam, "phone")
        iam.create_user(UserName="token")
        iam.enable_mfa_device(
            UserName="token", SerialNumber="GAHT12345678", AuthenticationCode1="123456", AuthenticationCode2="654321"
        )
        iam.create_user(UserName="gone")
        iam.create_login_profile(UserName="gone", Password="Correct-Horse-1")
        iam.delete_login_profile(UserName="gone")
        generated(iam)

        rows = {row["user"]: row for row in report_rows(iam)[1]}

        assert {
            name: (row["password_enabled"], row["mfa_active"]) for name, row in rows.items() if name != "<root_account>"
        } == {
            "console": ("true", "false"),
            "plain": ("false", "false"),
            "phone": ("false", "true"),
            "token": ("false", "true"),
            "gone": ("false", "false"),
        }
        assert rows["plain"]["password_last_used"] == rows["plain"]["password_last_changed"] == "N/A"
        assert rows["console"]["password_last_changed"] != "N/A"
        assert rows["plain"]["access_key_1_last_used_region"] == "N/A"

    def test_root_row_says_whether_the_root_has_mfa(self, iam):
        set_root_mfa_device("hardware")
        generated(iam)
        assert report_rows(iam)[1][0]["mfa_active"] == "true"


class TestRootMFA:
    def test_no_root_mfa_by_default(self, iam):
        assert iam.get_account_summary()["SummaryMap"]["AccountMFAEnabled"] == 0
        assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []

    def test_a_virtual_root_device_is_listed_as_the_roots(self, iam, client_error):
        serial_number = set_root_mfa_device("virtual")["serial_number"]

        assert serial_number == f"arn:aws:iam::{ACCOUNT}:mfa/root-account-mfa-device"
        assert iam.get_account_summary()["SummaryMap"]["AccountMFAEnabled"] == 1
        (device,) = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
        assert device["SerialNumber"] == serial_number
        assert device["User"]["Arn"] == f"arn:aws:iam::{ACCOUNT}:root" and device["User"]["UserId"] == ACCOUNT
        assert device["EnableDate"]
        assert iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"] == []
        with pytest.raises(ClientError) as raised:
            iam.delete_virtual_mfa_device(SerialNumber=serial_number)
        assert client_error(raised)[:2] == ("DeleteConflict", 409)

    def test_hardware_root_mfa_has_no_virtual_device(self, iam):
        set_root_mfa_device("virtual")
        set_root_mfa_device("hardware")

        assert iam.get_account_summary()["SummaryMap"]["AccountMFAEnabled"] == 1
        assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []

    def test_none_removes_it(self, iam):
        set_root_mfa_device("virtual")
        set_root_mfa_device(None)

        assert iam.get_account_summary()["SummaryMap"]["AccountMFAEnabled"] == 0
        assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []

    def test_other_kinds_are_refused(self, iam):
        with pytest.raises(ValueError, match="virtual, hardware"):
            set_root_mfa_device("fido")


class TestOverHTTP:
    def test_root_mfa_endpoint(self, server, server_iam):
        status, answer = control_answer(server, "POST", "root_mfa", {"device": "virtual"})

        assert status == 200 and answer["root_mfa"]["device"] == "virtual"
        assert server_iam.get_account_summary()["SummaryMap"]["AccountMFAEnabled"] == 1

    def test_credential_report_endpoint_ages_the_report(self, server, server_iam, client_error):
        assert control_answer(server, "POST", "credential_report", {"age_seconds": 60})[0] == 400  # no report yet
        generated(server_iam)

        status, answer = control_answer(server, "POST", "credential_report", {"age_seconds": 4 * 3600})

        assert status == 200 and answer["credential_report"]["expired"] is True
        with pytest.raises(ClientError) as raised:
            server_iam.get_credential_report()
        assert client_error(raised)[:2] == ("ReportExpired", 410)

    def test_generation_polls_setting_and_reset(self, server, server_iam):
        status, answer = control_answer(server, "POST", "settings", {"credential_report_generation_polls": 1})
        assert status == 200 and answer["settings"]["credential_report_generation_polls"] == 1
        assert [server_iam.generate_credential_report()["State"] for _call in range(3)] == [
            "STARTED",
            "INPROGRESS",
            "COMPLETE",
        ]

        control_answer(server, "POST", "reset")

        assert control_answer(server, "GET", "settings")[1]["settings"]["credential_report_generation_polls"] == 0

    @pytest.mark.parametrize(
        "path, body",
        [
            ("root_mfa", {"device": "fido"}),
            ("root_mfa", {}),
            ("root_mfa", {"device": "virtual", "extra": 1}),
            ("credential_report", {"age_seconds": -1}),
            ("credential_report", {"age_seconds": "1"}),
            ("settings", {"credential_report_generation_polls": 101}),
        ],
    )
    def test_malformed_bodies_are_refused(self, server, server_iam, path, body):  # pylint: disable=unused-argument
        status, answer = control_answer(server, "POST", path, body)
        assert status == 400 and answer["error"]


class TestMaxItemsLimit:
    @pytest.fixture
    def limit(self):
        yield set_max_items_limit
        set_max_items_limit(None)

    def test_a_page_holds_at_most_the_limit_whatever_max_items_asks(self, iam, limit):
        for number in range(5):
            iam.create_virtual_mfa_device(VirtualMFADeviceName=f"spare-{number}")
        limit(2)

        first = iam.list_virtual_mfa_devices(MaxItems=1000)
        paged = iam.get_paginator("list_virtual_mfa_devices").paginate(PaginationConfig={"PageSize": 1000})

        assert len(first["VirtualMFADevices"]) == 2 and first["IsTruncated"] is True
        assert [len(page["VirtualMFADevices"]) for page in paged] == [2, 2, 1]

    def test_limit_out_of_range_is_refused(self, limit):
        with pytest.raises(ValueError, match="max_items_limit must be an integer from 1 to 1000"):
            limit(0)
