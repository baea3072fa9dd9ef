# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""iam_mfa_audit_info against the emulator in-process: every user kind, every finding, the report's states, the call budget."""

from __future__ import annotations

import collections
import hashlib
import time

import pyotp
import pytest
from ansible_collections.mfaops.aws.plugins.modules.iam_mfa_audit_info import main
from ansible_collections.mfaops.aws.tests.iam_emulator import age_credential_report
from ansible_collections.mfaops.aws.tests.iam_emulator import clear_calls
from ansible_collections.mfaops.aws.tests.iam_emulator import inject_fault
from ansible_collections.mfaops.aws.tests.iam_emulator import recorded_calls
from ansible_collections.mfaops.aws.tests.iam_emulator import set_credential_report_generation_polls
from ansible_collections.mfaops.aws.tests.iam_emulator import set_root_mfa_device

ACCOUNT = "123456789012"
NO_MFA = {"id": "IAM.19", "text": "No MFA device"}
CONSOLE_NO_MFA = {"id": "IAM.5", "text": "Console password without MFA"}


@pytest.fixture(autouse=True)
def poll_sleeps(monkeypatch):
    """Seconds the module waited for the report, recorded instead of slept."""
    sleeps = []
    monkeypatch.setattr(
        "ansible_collections.mfaops.aws.plugins.module_utils.credential_report.time.sleep", sleeps.append
    )
    return sleeps


@pytest.fixture
def generation_polls():
    """set_credential_report_generation_polls for one test (a setting, which outlives mock_aws)."""
    yield set_credential_report_generation_polls
    set_credential_report_generation_polls(0)


@pytest.fixture
def audit(run_module):
    """Run the module with args, its IAM calls alone in the emulator's call log afterwards."""

    def run(args: dict | None = None, check_mode: bool = False):
        clear_calls()
        return run_module(main, args or {}, check_mode=check_mode)

    return run


class Account:
    """Builds users of each kind with boto3 on the emulator; remembers the seeds it saw."""

    def __init__(self, iam):
        self.iam = iam
        self.seeds = []

    def user(self, name: str, console: bool = False, path: str = "/") -> str:
        self.iam.create_user(UserName=name, Path=path)
        if console:
            self.iam.create_login_profile(UserName=name, Password="Correct-Horse-1")
        return name

    def virtual(self, name: str, device_name: str | None = None) -> str:
        created = self.iam.create_virtual_mfa_device(VirtualMFADeviceName=device_name or name)["VirtualMFADevice"]
        seed = created["Base32StringSeed"].decode("ascii")
        self.seeds.append(seed)
        totp = pyotp.TOTP(seed)
        start = time.time() - totp.interval
        self.iam.enable_mfa_device(
            UserName=name,
            SerialNumber=created["SerialNumber"],
            AuthenticationCode1=totp.at(start),
            AuthenticationCode2=totp.at(start + totp.interval),
        )
        return created["SerialNumber"]

    def hardware(self, name: str) -> str:
        serial_number = "GAHT" + hashlib.sha256(name.encode()).hexdigest()[:8].upper()
        self.iam.enable_mfa_device(
            UserName=name, SerialNumber=serial_number, AuthenticationCode1="123456", AuthenticationCode2="654321"
        )
        return serial_number

    def fido(self, name: str) -> str:
        serial_number = f"arn:aws:iam::{ACCOUNT}:u2f/user/{name}/key-{name}"
        self.iam.enable_mfa_device(
            UserName=name, SerialNumber=serial_number, AuthenticationCode1="123456", AuthenticationCode2="654321"
        )
        return serial_number

    def spare(self, name: str) -> str:
        return self.iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]["SerialNumber"]


@pytest.fixture
def account(iam):
    return Account(iam)


@pytest.fixture
def kinds(account):
    """One user of each kind, and an unassigned device; returns their serial numbers."""
    account.user("alice", console=True)
    account.user("bob", console=True)
    account.user("carol")
    account.user("dave", console=True)
    account.user("erin")
    serials = dict(
        alice=account.virtual("alice"),
        dave=account.hardware("dave"),
        erin=account.fido("erin"),
        spare=account.spare("spare"),
    )
    return serials


def by_name(result: dict) -> dict:
    return {user["user_name"]: user for user in result["users"]}


def actions() -> list:
    return [call["action"] for call in recorded_calls()]


def list_mfa_devices_users() -> list:
    return sorted(call["parameters"]["UserName"] for call in recorded_calls() if call["action"] == "ListMFADevices")


class TestUsers:
    def test_every_user_kind_and_finding(self, iam, kinds, audit):
        run = audit({})

        assert not run.failed, run.result
        assert run.result["changed"] is False
        users = by_name(run.result)
        assert sorted(users) == ["alice", "bob", "carol", "dave", "erin"]
        alice = users["alice"]
        assert alice["arn"] == f"arn:aws:iam::{ACCOUNT}:user/alice"
        assert alice["console_access"] is True and alice["mfa_active"] is True and alice["findings"] == []
        assert [(d["serial_number"], d["type"]) for d in alice["mfa_devices"]] == [(kinds["alice"], "virtual")]
        assert alice["mfa_devices"][0]["enable_date"]
        assert users["bob"] == {
            "user_name": "bob",
            "arn": f"arn:aws:iam::{ACCOUNT}:user/bob",
            "console_access": True,
            "mfa_active": False,
            "mfa_devices": [],
            "findings": [CONSOLE_NO_MFA, NO_MFA],
        }
        assert users["carol"]["console_access"] is False and users["carol"]["findings"] == [NO_MFA]
        assert [(d["serial_number"], d["type"]) for d in users["dave"]["mfa_devices"]] == [(kinds["dave"], "hardware")]
        assert [(d["serial_number"], d["type"]) for d in users["erin"]["mfa_devices"]] == [(kinds["erin"], "fido")]
        assert users["dave"]["findings"] == users["erin"]["findings"] == []
        assert run.result["unassigned_virtual_mfa_devices"] == [{"serial_number": kinds["spare"], "tags": None}]
        assert run.result["summary"] == {
            "users": 5,
            "console_users": 3,
            "mfa_active": 3,
            "virtual": 1,
            "hardware": 1,
            "fido": 1,
            "unassigned_virtual_mfa_devices": 1,
            "findings": {"IAM.5": 1, "IAM.19": 2, "IAM.9": 1, "IAM.6": 1},
        }
        assert run.result["credential_report"]["generated_time"]

    def test_only_users_without_a_virtual_device_are_listed(self, iam, kinds, audit):
        audit({})

        # bob and carol have no MFA in the report: nothing to list. alice's device is in ListVirtualMFADevices.
        assert list_mfa_devices_users() == ["dave", "erin"]

    def test_check_mode_answers_the_same(self, iam, kinds, audit):
        real = audit({})
        checked = audit({}, check_mode=True)

        assert not checked.failed and checked.result["changed"] is False
        assert checked.result["users"] == real.result["users"]
        assert checked.result["summary"] == real.result["summary"]

    def test_never_a_seed_or_qr_code(self, iam, account, kinds, audit):
        run = audit({"all_devices": True})

        assert account.seeds and not any(seed in run.stdout for seed in account.seeds)
        assert "base32_string_seed" not in run.stdout and "qr_code_png" not in run.stdout


class TestAccount:
    @pytest.mark.parametrize(
        "device, enabled, virtual, findings",
        [
            (
                None,
                False,
                False,
                [
                    {"id": "IAM.9", "text": "Root user without MFA"},
                    {"id": "IAM.6", "text": "Root user without hardware MFA"},
                ],
            ),
            ("virtual", True, True, [{"id": "IAM.6", "text": "Root user MFA is virtual, not hardware"}]),
            ("hardware", True, False, []),
        ],
    )
    def test_root_mfa_findings(self, iam, audit, device, enabled, virtual, findings):
        set_root_mfa_device(device)

        run = audit({})

        assert run.result["account"] == {
            "account_id": ACCOUNT,
            "root_mfa_enabled": enabled,
            "root_mfa_virtual": virtual,
            "findings": findings,
        }
        assert run.result["unassigned_virtual_mfa_devices"] == []  # the root's device is assigned
        assert run.result["users"] == []
        assert run.result["summary"]["findings"]["IAM.9"] == int(not enabled)
        assert run.result["summary"]["findings"]["IAM.6"] == int(bool(findings))


class TestBudget:
    def test_120_users_cost_one_call_per_user_whose_mfa_is_only_not_virtual(self, iam, account, audit):
        """60 virtual, 3 hardware, 2 FIDO, 55 without MFA (half with a console password), and two spare devices."""
        names = [account.user(f"fleet-{number:03d}", console=number % 2 == 0) for number in range(120)]
        for name in names[:60]:
            account.virtual(name)
        hardware = [account.hardware(name) and name for name in names[60:63]]
        fido = [account.fido(name) and name for name in names[63:65]]
        account.spare("fleet-spare-1")
        account.spare("fleet-spare-2")
        iam.create_user(UserName="someone-elses")  # another test's user: the audit stays right about ours

        run = audit({})

        assert not run.failed, run.result
        calls = collections.Counter(actions())
        assert list_mfa_devices_users() == sorted(hardware + fido)
        # A report generation polled once, the report, one virtual device listing, the account summary.
        assert calls == {
            "GenerateCredentialReport": 2,
            "GetCredentialReport": 1,
            "ListVirtualMFADevices": 1,
            "GetAccountSummary": 1,
            "ListMFADevices": 5,
        }
        ours = [user for user in run.result["users"] if user["user_name"].startswith("fleet-")]
        assert len(ours) == 120
        kinds = collections.Counter(device["type"] for user in ours for device in user["mfa_devices"])
        assert kinds == {"virtual": 60, "hardware": 3, "fido": 2}
        no_mfa = [user for user in ours if not user["mfa_active"]]
        assert len(no_mfa) == 55 and all(NO_MFA in user["findings"] for user in no_mfa)
        assert (
            sum(CONSOLE_NO_MFA in user["findings"] for user in ours)
            == sum(user["console_access"] for user in no_mfa)
            == 27
        )

    def test_many_devices_are_listed_a_thousand_a_call(self, iam, account, audit):
        for number in range(3):
            account.spare(f"many-{number}")
        audit({})

        listings = [call["parameters"] for call in recorded_calls() if call["action"] == "ListVirtualMFADevices"]
        assert listings == [{"AssignmentStatus": "Any", "MaxItems": "1000"}]

    def test_all_devices_lists_every_mfa_user_and_finds_a_second_kind(self, iam, account, kinds, audit):
        account.hardware("alice")  # alice: virtual and hardware

        default = by_name(audit({}).result)["alice"]
        assert [d["type"] for d in default["mfa_devices"]] == ["virtual"]

        run = audit({"all_devices": True})

        assert sorted(d["type"] for d in by_name(run.result)["alice"]["mfa_devices"]) == ["hardware", "virtual"]
        assert list_mfa_devices_users() == ["alice", "dave", "erin"]


class TestReport:
    def test_a_stale_report_is_reconciled_with_the_fresh_virtual_devices(self, iam, account, kinds, audit):
        audit({})  # makes the report
        generated = age_credential_report(3600)["generated_time"]
        account.virtual("bob")  # bob enabled MFA after the report
        iam.deactivate_mfa_device(UserName="dave", SerialNumber=kinds["dave"])  # dave lost his token
        account.user("frank", console=True)
        account.virtual("frank")  # frank was created after the report
        account.user("gina")  # gina too, without MFA: the report cannot show her

        run = audit({})

        assert run.result["credential_report"]["generated_time"] == generated  # IAM keeps a report under 4 hours old
        users = by_name(run.result)
        assert users["bob"]["mfa_active"] is True and users["bob"]["findings"] == []
        assert users["dave"]["mfa_active"] is False and users["dave"]["findings"] == [CONSOLE_NO_MFA, NO_MFA]
        assert users["frank"]["mfa_active"] is True and users["frank"]["console_access"] is None
        assert "gina" not in users
        assert collections.Counter(actions())["GenerateCredentialReport"] == 1  # COMPLETE at once: no new report

    def test_a_user_deleted_since_the_report_is_left_out(self, iam, account, kinds, audit):
        audit({})
        iam.deactivate_mfa_device(UserName="erin", SerialNumber=kinds["erin"])
        iam.delete_user(UserName="erin")

        run = audit({})

        assert "erin" not in by_name(run.result)
        assert "erin" in list_mfa_devices_users()

    def test_an_expired_report_is_generated_again(self, iam, account, kinds, audit):
        audit({})
        age_credential_report(4 * 3600)
        account.virtual("bob")

        run = audit({})

        assert by_name(run.result)["bob"]["mfa_active"] is True
        assert actions().count("GenerateCredentialReport") == 2  # STARTED, then COMPLETE

    @pytest.mark.parametrize("code", ["ReportExpired", "ReportNotPresent", "ReportInProgress"])
    def test_a_report_gone_between_the_calls_is_asked_for_again(self, iam, kinds, audit, code):
        inject_fault("GetCredentialReport", code)

        run = audit({})

        assert not run.failed, run.result
        assert actions()[:5] == [
            "GenerateCredentialReport",
            "GenerateCredentialReport",
            "GetCredentialReport",
            "GenerateCredentialReport",
            "GetCredentialReport",
        ]

    def test_generation_is_polled_within_the_bound(self, iam, kinds, audit, poll_sleeps, generation_polls):
        generation_polls(3)

        run = audit({})

        assert not run.failed, run.result
        assert actions().count("GenerateCredentialReport") == 5  # STARTED, 3 INPROGRESS, COMPLETE
        assert poll_sleeps == [0.5, 1.0, 2.0, 4.0]

    def test_a_report_never_ready_fails_after_report_timeout(self, iam, kinds, audit, poll_sleeps, generation_polls):
        generation_polls(100)

        run = audit({"report_timeout": 10})

        assert run.failed
        assert "still generating the credential report after 10 seconds" in run.result["msg"]
        assert sum(poll_sleeps) <= 10
        assert "GetCredentialReport" not in actions()


class TestOptions:
    def test_user_names_cost_no_call(self, iam, kinds, audit):
        run = audit({"user_names": ["bob", "dave", "nobody"]})

        assert sorted(by_name(run.result)) == ["bob", "dave"]
        assert list_mfa_devices_users() == ["dave"]
        assert "ListUsers" not in actions()
        assert "nobody" in str(run.result["warnings"])

    def test_path_prefix_lists_the_users_of_the_path(self, iam, account, audit):
        account.user("eng-1", console=True, path="/engineering/")
        account.user("eng-2", path="/engineering/")
        account.virtual("eng-2")
        account.user("ops-1", console=True, path="/ops/")
        audit({})
        account.user("eng-3", path="/engineering/")  # after the report

        run = audit({"path_prefix": "/engineering/"})

        users = by_name(run.result)
        assert sorted(users) == ["eng-1", "eng-2", "eng-3"]
        assert users["eng-1"]["findings"] == [CONSOLE_NO_MFA, NO_MFA]
        assert users["eng-3"]["console_access"] is None and users["eng-3"]["findings"] == [NO_MFA]
        assert [call["parameters"] for call in recorded_calls() if call["action"] == "ListUsers"][-1] == {
            "PathPrefix": "/engineering/",
            "MaxItems": "1000",
        }
        assert list_mfa_devices_users() == ["eng-3"]  # not in the report: its devices are unknown

    @pytest.mark.parametrize(
        "args, complaint",
        [
            ({"user_names": ["bad name"]}, "user_names contains a character"),
            ({"user_names": ["x" * 129]}, "user_names is 129 characters"),
            ({"path_prefix": "engineering/"}, "path_prefix must begin with /"),
            ({"path_prefix": "/caf\u00e9/"}, "path_prefix contains a character"),
            ({"report_timeout": -1}, "report_timeout must be 0 or more"),
        ],
    )
    def test_bad_options_fail_before_any_call(self, iam, audit, args, complaint):
        run = audit(args)

        assert run.failed and complaint in run.result["msg"]
        assert recorded_calls() == []

    def test_a_denied_report_fails_naming_the_permission(self, iam, kinds, audit):
        inject_fault("GenerateCredentialReport", "AccessDenied")

        run = audit({})

        assert run.failed
        assert "iam:GenerateCredentialReport" in run.result["msg"]
        assert run.result["error"]["code"] == "AccessDenied"
