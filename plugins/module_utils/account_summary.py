# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The account's IAM summary (GetAccountSummary): entity counts, quotas, and whether the root user has MFA."""

from __future__ import annotations

from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import MFA_RETRY
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import MFAErrorHandler


@MFAErrorHandler.common_error_handler("get the account summary", permission="iam:GetAccountSummary")
@MFA_RETRY
def get_account_summary(client) -> dict:
    """IAM's SummaryMap (boto3 form), for example {"AccountMFAEnabled": 1, "Users": 12, ...}."""
    return client.get_account_summary()["SummaryMap"]


def root_mfa_enabled(summary: dict) -> bool:
    """Whether the root user has an MFA device, as the summary's AccountMFAEnabled (1 or 0) says."""
    return summary.get("AccountMFAEnabled") == 1
