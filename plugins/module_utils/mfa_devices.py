# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""IAM MFA device API calls: one function per API interaction.

Each function takes the client it needs and raises MFAIAMError (an AnsibleIAMError
that names the IAM permission of the call) on failure; modules turn that into a structured failure.
"""

from __future__ import annotations

import base64

from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import MFAErrorHandler
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import MFAIAMError
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import is_iam_error_code
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import on_iam_failure
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import reject_answers_not_from_iam

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.amazon.aws.plugins.module_utils.botocore import normalize_boto3_result
from ansible_collections.amazon.aws.plugins.module_utils.iam import normalize_iam_user
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.transformation import boto3_resource_to_ansible_dict

# Throttling is retried by AWSRetry already; IAM also asks callers to retry these.
RETRIED_ERROR_CODES = ["ConcurrentModification", "ServiceFailure"]

# Ten attempts in all (AWSRetry counts the first), with jittered waits of at most 1, 2 and
# then 4 seconds (31 s in all): short waits, because a resync races a 30-second code window,
# and many of them, because 20 parallel resyncs against IAM's rate limit need up to 8 attempts
# (docs/reliability.md, "Throttled load"; five attempts within 15 s failed 94 runs in 100 there).
MFA_RETRY = AWSRetry.jittered_backoff(
    retries=10, delay=1, backoff=2.0, max_delay=4, catch_extra_error_codes=RETRIED_ERROR_CODES
)

# botocore retries on its own unless told not to; one retry layer keeps the
# number of calls and the total time predictable.
IAM_CLIENT_CONFIG = {
    "retries": {"mode": "legacy", "max_attempts": 0},
    "connect_timeout": 10,
    "read_timeout": 30,
    # IAM is global: botocore falls back to this region only when none is configured
    # anywhere, and signs as it does for the aws partition, so endpoint_url works without one.
    "region_name": "us-east-1",
}


def iam_client(module):
    """An IAM client whose calls retry through MFA_RETRY when given aws_retry=True.

    The region fallback lives in the client config rather than in a check of
    module.region, which would build one more boto3 session just to read it.
    """
    client = module.client("iam", retry_decorator=MFA_RETRY, config=IAM_CLIENT_CONFIG)
    reject_answers_not_from_iam(client)
    return client


@MFAErrorHandler.common_error_handler("list the MFA devices of the user", permission="iam:ListMFADevices")
@MFA_RETRY
def list_user_mfa_devices(client, user_name: str) -> list:
    """The user's MFA devices (boto3 form); NoSuchEntity is raised for an unknown user."""
    paginator = client.get_paginator("list_mfa_devices")
    return paginator.paginate(UserName=user_name).build_full_result()["MFADevices"]


def user_mfa_devices(client, user_name: str, tolerated_code: str | None = None) -> list | None:
    """The user's MFA devices (boto3 form), or None when listing fails with the IAM error code tolerated_code."""
    try:
        with on_iam_failure(f"Could not list the MFA devices of user {user_name}"):
            return list_user_mfa_devices(client, user_name)
    except MFAIAMError as error:
        if tolerated_code is None or not is_iam_error_code(error, tolerated_code):
            raise
        return None


def _proof_parameters(user_name: str, serial_number: str, codes: tuple) -> dict:
    """The parameters of a call that proves the user holds the device with two consecutive codes."""
    code_1, code_2 = codes
    return dict(UserName=user_name, SerialNumber=serial_number, AuthenticationCode1=code_1, AuthenticationCode2=code_2)


@MFAErrorHandler.common_error_handler("resync the MFA device", permission="iam:ResyncMFADevice")
def resync_mfa_device(client, user_name: str, serial_number: str, codes: tuple) -> None:
    client.resync_mfa_device(aws_retry=True, **_proof_parameters(user_name, serial_number, codes))


# Virtual MFA devices: IAM returns the seed and the QR code only when it creates a device.
SECRET_DEVICE_KEYS = ("Base32StringSeed", "QRCodePNG")


@MFAErrorHandler.common_error_handler("list the virtual MFA devices", permission="iam:ListVirtualMFADevices")
@MFA_RETRY
def list_virtual_mfa_devices(client, assignment_status: str = "Any", page_size: int | None = None) -> list:
    """Every virtual MFA device of the account with that assignment status, following Marker to the end (boto3 form).

    page_size is the MaxItems of each call (IAM: 1 to 1000, 100 when not given).
    """
    paginator = client.get_paginator("list_virtual_mfa_devices")
    pagination = {"PaginationConfig": {"PageSize": page_size}} if page_size else {}
    return paginator.paginate(AssignmentStatus=assignment_status, **pagination).build_full_result()["VirtualMFADevices"]


# A page as large as IAM allows: a search of the assigned devices costs one call per 1,000 of them.
LARGEST_PAGE = 1000


@MFAErrorHandler.common_error_handler("list the assigned virtual MFA devices", permission="iam:ListVirtualMFADevices")
@MFA_RETRY
def find_assigned_virtual_mfa_device(client, serial_number: str) -> dict | None:
    """The assigned virtual MFA device with that serial number (boto3 form, with its User), or None when it is not assigned.

    IAM has no call that names the user of one virtual device, so this pages through the assigned
    devices, 1,000 a call, and stops at the device.
    """
    paginator = client.get_paginator("list_virtual_mfa_devices")
    for page in paginator.paginate(AssignmentStatus="Assigned", PaginationConfig={"PageSize": LARGEST_PAGE}):
        for device in page["VirtualMFADevices"]:
            if device["SerialNumber"] == serial_number:
                return device
    return None


def sts_client(module):
    """An STS client with the IAM client's retries and settings (endpoint_url, as any amazon.aws client, included)."""
    return module.client("sts", retry_decorator=MFA_RETRY, config=IAM_CLIENT_CONFIG)


@MFAErrorHandler.common_error_handler(
    "get the account ID from STS GetCallerIdentity", permission="sts:GetCallerIdentity"
)
def caller_account(client) -> tuple:
    """(partition, account ID) of the credentials in use; STS GetCallerIdentity needs no permission."""
    identity = client.get_caller_identity(aws_retry=True)
    return identity["Arn"].split(":")[1], identity["Account"]


@MFAErrorHandler.common_error_handler("create the virtual MFA device", permission="iam:CreateVirtualMFADevice")
def create_virtual_mfa_device(client, name: str, path: str, tags: dict | None) -> dict:
    """Create a virtual MFA device; the answer (boto3 form) holds its seed and QR code, which IAM never shows again."""
    request = dict(VirtualMFADeviceName=name, Path=path)
    if tags:
        request["Tags"] = ansible_dict_to_boto3_tag_list(tags)
    return client.create_virtual_mfa_device(aws_retry=True, **request)["VirtualMFADevice"]


@MFAErrorHandler.common_error_handler("delete the virtual MFA device", permission="iam:DeleteVirtualMFADevice")
def delete_virtual_mfa_device(client, serial_number: str) -> None:
    client.delete_virtual_mfa_device(aws_retry=True, SerialNumber=serial_number)


@MFAErrorHandler.common_error_handler("list the tags of the MFA device", permission="iam:ListMFADeviceTags")
@MFA_RETRY
def list_mfa_device_tags(client, serial_number: str) -> dict:
    """The device's tags as an Ansible dict."""
    paginator = client.get_paginator("list_mfa_device_tags")
    return boto3_tag_list_to_ansible_dict(paginator.paginate(SerialNumber=serial_number).build_full_result()["Tags"])


@MFAErrorHandler.common_error_handler("tag the MFA device", permission="iam:TagMFADevice")
def tag_mfa_device(client, serial_number: str, tags: dict) -> None:
    client.tag_mfa_device(aws_retry=True, SerialNumber=serial_number, Tags=ansible_dict_to_boto3_tag_list(tags))


@MFAErrorHandler.common_error_handler("untag the MFA device", permission="iam:UntagMFADevice")
def untag_mfa_device(client, serial_number: str, tag_keys: list) -> None:
    client.untag_mfa_device(aws_retry=True, SerialNumber=serial_number, TagKeys=tag_keys)


@MFAErrorHandler.common_error_handler("enable the MFA device", permission="iam:EnableMFADevice")
def enable_mfa_device(client, user_name: str, serial_number: str, codes: tuple) -> None:
    client.enable_mfa_device(aws_retry=True, **_proof_parameters(user_name, serial_number, codes))


@MFAErrorHandler.common_error_handler("deactivate the MFA device", permission="iam:DeactivateMFADevice")
def deactivate_mfa_device(client, user_name: str, serial_number: str) -> None:
    client.deactivate_mfa_device(aws_retry=True, UserName=user_name, SerialNumber=serial_number)


def virtual_mfa_device_without_secrets(device: dict) -> dict:
    """A copy of a boto3 virtual MFA device without its seed and QR code, whatever the backend sent."""
    return {key: value for key, value in device.items() if key not in SECRET_DEVICE_KEYS}


def normalize_virtual_mfa_device(device: dict) -> dict:
    """A boto3 virtual MFA device in snake_case, never with its seed or QR code.

    serial_number, enable_date and user are always present (None when the device is not
    assigned); user is the assigned IAM user as amazon.aws's normalize_iam_user gives it.
    Device tags are not included: listing does not return them (see list_mfa_device_tags).
    """
    device = virtual_mfa_device_without_secrets(device)
    user = device.get("User")
    return dict(
        serial_number=device["SerialNumber"],
        enable_date=normalize_boto3_result(device.get("EnableDate")),
        user=normalize_iam_user(user) if user else None,
    )


def normalize_mfa_device(device: dict) -> dict:
    """A boto3 MFA device of a user (ListMFADevices) in snake_case: serial_number, user_name, enable_date."""
    return boto3_resource_to_ansible_dict(device, force_tags=False)


def virtual_mfa_device_secrets(device: dict) -> dict:
    """The seed (base32 text) and the QR code (a PNG, base64 encoded) of a device IAM has just created."""
    seed = device.get("Base32StringSeed")
    qr_code = device.get("QRCodePNG")
    return dict(
        base32_string_seed=to_text(seed) if seed is not None else None,
        qr_code_png=to_text(base64.b64encode(qr_code)) if qr_code is not None else None,
    )


def serial_number_resource(serial_number: str) -> str | None:
    """The path and name part of a virtual MFA device's serial number (arn:PARTITION:iam::ACCOUNT:mfa/PATH/NAME)."""
    parts = serial_number.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "iam" or not parts[5].startswith("mfa/"):
        return None
    path_start = len("mfa")  # str.removeprefix needs Python 3.9; modules may run on older targets
    return parts[5][path_start:]


def find_virtual_mfa_device(devices: list, name: str, path: str) -> dict | None:
    """The device among devices (boto3 form) whose serial number is arn:...:mfa<path><name>, or None."""
    wanted = path + name
    for device in devices:
        if serial_number_resource(device["SerialNumber"]) == wanted:
            return device
    return None
