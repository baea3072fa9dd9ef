# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""IAM's credential report: asking for it, waiting while IAM generates it, and reading its CSV.

IAM keeps one report per account. GenerateCredentialReport starts a new one only when
there is none or the last one is more than 4 hours old (STARTED, then INPROGRESS while it
runs, COMPLETE when done); GetCredentialReport returns the CSV and its generation time,
or fails with ReportNotPresent, ReportExpired (410) or ReportInProgress (404).
"""

from __future__ import annotations

import csv
import io
import time

from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import MFA_RETRY
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import MFAErrorHandler
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import error_code

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.amazon.aws.plugins.module_utils.botocore import normalize_boto3_result
from ansible_collections.amazon.aws.plugins.module_utils.iam import AnsibleIAMError

ROOT_ROW_NAME = "<root_account>"
REPORT_DONE = "COMPLETE"
# GetCredentialReport errors after which a new report is asked for.
REGENERATE_ERROR_CODES = frozenset(("ReportNotPresent", "ReportExpired"))
REPORT_IN_PROGRESS = "ReportInProgress"
# Seconds between two polls of a report being generated: short first (small accounts take a
# second or two), then at most MAX_POLL_DELAY.
FIRST_POLL_DELAY = 0.5
MAX_POLL_DELAY = 5.0


class CredentialReportTimeout(Exception):
    """IAM was still generating the report when the time allowed ran out."""


@MFAErrorHandler.common_error_handler("generate the credential report", permission="iam:GenerateCredentialReport")
@MFA_RETRY
def generate_credential_report(client) -> str:
    """Ask IAM for a report; the generation state it answers (STARTED, INPROGRESS or COMPLETE)."""
    return client.generate_credential_report()["State"]


@MFAErrorHandler.common_error_handler("get the credential report", permission="iam:GetCredentialReport")
@MFA_RETRY
def get_credential_report(client) -> dict:
    """The report (boto3 form: Content bytes, ReportFormat, GeneratedTime)."""
    return client.get_credential_report()


def _poll_delays(timeout: float):
    """Delays (seconds) between polls, doubling from FIRST_POLL_DELAY up to MAX_POLL_DELAY, adding up to at most timeout."""
    delay, waited = FIRST_POLL_DELAY, 0.0
    while waited + delay <= timeout:
        yield delay
        waited += delay
        delay = min(delay * 2, MAX_POLL_DELAY)


def wait_for_credential_report(client, timeout: float) -> dict:
    """A complete, unexpired report: generated if need be, polled while IAM generates it, for at most timeout seconds.

    Raises CredentialReportTimeout when IAM is still generating it after timeout seconds,
    AnsibleIAMError for any other failure.
    """
    delays = _poll_delays(timeout)
    state = generate_credential_report(client)
    while True:
        if state == REPORT_DONE:
            try:
                return get_credential_report(client)
            except AnsibleIAMError as error:
                code = error_code(error.exception)
                if code not in REGENERATE_ERROR_CODES and code != REPORT_IN_PROGRESS:
                    raise
                # Expired or gone between the two calls: ask again (IAM then starts a new one).
        delay = next(delays, None)
        if delay is None:
            raise CredentialReportTimeout(f"IAM was still generating the credential report after {timeout:g} seconds")
        time.sleep(delay)
        state = generate_credential_report(client)


def parse_credential_report(report: dict) -> dict:
    """The report's rows by user name (the root's under ROOT_ROW_NAME) and its generation time (ISO 8601).

    Each row keeps IAM's columns, with password_enabled and mfa_active as booleans
    (password_enabled is "not_supported" for the root: False here).
    """
    rows = {}
    for row in csv.DictReader(io.StringIO(to_text(report["Content"]))):
        row["password_enabled"] = row.get("password_enabled") == "true"
        row["mfa_active"] = row.get("mfa_active") == "true"
        rows[row["user"]] = row
    return dict(generated_time=normalize_boto3_result(report.get("GeneratedTime")), rows=rows)
