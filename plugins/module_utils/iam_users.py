# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Listing IAM users by path, a thousand a call."""

from __future__ import annotations

from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import MFA_RETRY
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import MFAErrorHandler

# IAM's largest MaxItems: one call per 1,000 users.
MAX_PAGE_SIZE = 1000


@MFAErrorHandler.common_error_handler("list the IAM users", permission="iam:ListUsers")
@MFA_RETRY
def list_users(client, path_prefix: str = "/") -> list:
    """Every IAM user whose path starts with path_prefix (boto3 form), MAX_PAGE_SIZE a call."""
    paginator = client.get_paginator("list_users")
    pages = paginator.paginate(PathPrefix=path_prefix, PaginationConfig={"PageSize": MAX_PAGE_SIZE})
    return pages.build_full_result()["Users"]
