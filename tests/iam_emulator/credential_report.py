# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The credential report as IAM keeps it: a CSV snapshot taken when it was generated, with generation states.

moto 5.2.5 renders the report from the live state at each GetCredentialReport, leaves
out the <root_account> row, answers a fixed GeneratedTime from 2015, never expires it,
and marks a user without a password as "not_supported" where IAM says "N/A". Here:

- GenerateCredentialReport with no report, or one at least 4 hours old (IAM's limit,
  REPORT_MAX_AGE), takes a snapshot of the account and answers STARTED; the next
  generation_polls calls answer INPROGRESS (a setting, 0 by default), then COMPLETE.
  A report younger than 4 hours is not regenerated: COMPLETE, as IAM answers.
- GetCredentialReport: ReportNotPresent (410) before any generation, ReportInProgress
  (404) while generating, ReportExpired (410) once the report is 4 hours old;
  otherwise the snapshot (text/csv) and its GeneratedTime.
- The snapshot's first row is <root_account> (mfa_active: whether the root user has an
  MFA device, root_mfa.py), then every user in creation order; password_enabled is
  whether the user has a login profile (CreateLoginProfile), mfa_active whether it has
  an MFA device enabled, as IAM reports them.
- age_credential_report() moves the generation time back, for tests of stale and
  expired reports.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from moto.iam.models import IAMBackend
from moto.iam.models import User
from moto.utilities.utils import get_partition

from .errors import IAMEmulatorError
from .state import installed_state

REPORT_MAX_AGE = datetime.timedelta(hours=4)
COLUMNS = (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,"
    "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,"
    "access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated"
).split(",")
ROOT_ROW_NAME = "<root_account>"
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S+00:00"
_PASSWORD_COLUMNS = ("password_last_used", "password_last_changed", "password_next_rotation")


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


@dataclass
class CredentialReport:
    generated_time: datetime.datetime
    content: str
    polls_left: int  # GenerateCredentialReport calls still answered INPROGRESS

    def expired(self) -> bool:
        return _now() - self.generated_time >= REPORT_MAX_AGE


def user_row(user: User) -> dict[str, str]:
    """The user's row: moto's rendering, with IAM's N/A for the password columns of a user without a password.

    moto writes the name and ARN unquoted, and both may hold a comma (user names and paths allow one):
    they are taken from the user, and only the rest of moto's line, dates and flags, is split.
    """
    line = user.to_csv()
    named = f"{user.name},{user.arn},"
    if not line.startswith(named):
        raise ValueError(f"moto's credential report line for {user.name} does not begin with the name and ARN")
    row = dict(zip(COLUMNS, [user.name, user.arn, *next(csv.reader([line[len(named) :]]))]))
    for key in ("access_key_1", "access_key_2"):
        if row[f"{key}_last_used_date"] == "N/A":  # IAM has no region or service for a key never used
            row.update({f"{key}_last_used_region": "N/A", f"{key}_last_used_service": "N/A"})
    if not user.password:
        row.update({column: "N/A" for column in _PASSWORD_COLUMNS})
    else:
        row["password_next_rotation"] = "N/A"  # no password policy with an expiry in the emulator
    return row


def root_row(account_id: str, partition: str, created: datetime.datetime, mfa_active: bool) -> dict[str, str]:
    row = {column: "N/A" for column in COLUMNS}
    row.update(
        user=ROOT_ROW_NAME,
        arn=f"arn:{partition}:iam::{account_id}:root",
        user_creation_time=created.strftime(_DATE_FORMAT),
        password_enabled="not_supported",
        password_last_used="no_information",
        password_last_changed="not_supported",
        password_next_rotation="not_supported",
        mfa_active=str(mfa_active).lower(),
        access_key_1_active="false",
        access_key_2_active="false",
        cert_1_active="false",
        cert_2_active="false",
    )
    return row


def render_report(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


class CredentialReportBackend(IAMBackend):
    """Never instantiated: the methods install() adds to IAMBackend (replacing moto's report_generated,
    generate_report and get_credential_report)."""

    def current_credential_report(self) -> CredentialReport | None:
        return self.__dict__.get("emulator_credential_report")

    def credential_report_snapshot(self) -> str:
        with self.iam_state_lock:
            created = min((user.create_date for user in self.users.values()), default=_now())
            rows = [root_row(self.account_id, get_partition(self.region_name), created, self.root_mfa_enabled())]
            rows.extend(user_row(user) for user in self.users.values())
        return render_report(rows)

    def generate_credential_report(self) -> str:
        """Start a generation unless a report younger than 4 hours exists; the state IAM answers."""
        with self.iam_state_lock:
            report = self.current_credential_report()
            if report is not None and not report.expired():
                if report.polls_left > 0:
                    report.polls_left -= 1
                    return "INPROGRESS"
                return "COMPLETE"
            state = installed_state()
            polls = state.credential_report_generation_polls if state is not None else 0
            self.__dict__["emulator_credential_report"] = CredentialReport(
                _now(), self.credential_report_snapshot(), polls
            )
            return "STARTED"

    def get_credential_report(self) -> CredentialReport:
        report = self.current_credential_report()
        if report is None:
            raise IAMEmulatorError(
                "Credential report not present. Call GenerateCredentialReport first.", code="ReportNotPresent"
            )
        if report.polls_left > 0:
            raise IAMEmulatorError("Credential report is still being generated.", code="ReportInProgress")
        if report.expired():
            raise IAMEmulatorError(
                "Credential report has expired. Call GenerateCredentialReport for a new one.", code="ReportExpired"
            )
        return report

    def age_credential_report(self, seconds: int) -> CredentialReport:
        """Move the report's generation time seconds back (4 hours or more: expired); NoSuchEntity-like ValueError without one."""
        with self.iam_state_lock:
            report = self.current_credential_report()
            if report is None:
                raise ValueError("there is no credential report to age: call GenerateCredentialReport first")
            report.generated_time -= datetime.timedelta(seconds=seconds)
            report.polls_left = 0
            return report


CREDENTIAL_REPORT_PATCHES = (
    (
        CredentialReportBackend,
        (
            "current_credential_report",
            "credential_report_snapshot",
            "generate_credential_report",
            "get_credential_report",
            "age_credential_report",
        ),
        {},
    ),
)
