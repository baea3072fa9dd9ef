#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iam_mfa_device
version_added: 0.1.0
short_description: Enable or deactivate an IAM user's MFA device
description:
  - Enables an MFA device for an AWS IAM user with two consecutive codes from the device
    (IAM API action C(EnableMFADevice)), or deactivates it (C(DeactivateMFADevice)).
  - The module first lists the user's MFA devices (C(ListMFADevices)); when the device is
    already enabled for the user, nothing changes and no codes are needed.
  - Enabling takes three API calls, C(ListMFADevices), C(EnableMFADevice) and C(ListMFADevices)
    again for IAM's enable date, which C(EnableMFADevice) does not return. When IAM refuses
    because the device is enabled for another user (C(EntityAlreadyExists)), the module lists the
    account's assigned virtual devices (C(ListVirtualMFADevices)) and fails naming that user.
    Check mode, and a run without codes, list them first, since no C(EnableMFADevice) answer
    will tell. For a hardware device IAM's refusal to enable it is the signal.
  - Options and codes are checked locally against the IAM API rules before any AWS call, and
    the codes never appear in the results or in messages.
  - Create virtual MFA devices with M(mfaops.aws.iam_virtual_mfa_device).
author:
  - mfaops.aws contributors (@mfaops)
options:
  user_name:
    description:
      - Name of the IAM user.
      - 1 to 128 characters from V(A-Z), V(a-z), V(0-9) and V(_+=,.@-).
    required: true
    type: str
  serial_number:
    description:
      - Serial number of the MFA device; for a virtual device this is its ARN,
        for example V(arn:aws:iam::123456789012:mfa/alice).
      - 9 to 256 characters from V(A-Z), V(a-z), V(0-9) and V(_+=/:,.@-).
    required: true
    type: str
  state:
    description:
      - V(present) enables the device for the user, unless it is enabled for the user already.
      - V(absent) deactivates the device for the user, if it is enabled for that user.
        A virtual device stays in the account; delete it with M(mfaops.aws.iam_virtual_mfa_device).
    required: false
    type: str
    choices: [present, absent]
    default: present
  authentication_code_1:
    description:
      - A code shown by the device, exactly six digits.
      - Required with O(state=present) when the device is not enabled for the user yet;
        not needed when it is, and not used with O(state=absent).
      - Quote it in YAML (see the notes).
    required: false
    type: raw
  authentication_code_2:
    description:
      - The code the device shows next, right after O(authentication_code_1); exactly six digits.
      - Given together with O(authentication_code_1), and quoted in YAML as that one.
    required: false
    type: raw
attributes:
  check_mode:
    support: full
    details:
      - Makes no change. Lists the user's MFA devices (and, for a virtual device that is not the
        user's, the account's assigned virtual devices) and fails where a real run would fail
        for those reasons, or for missing codes.
      - The codes are validated locally but not sent, so rejected codes are only found in a real run.
  diff_mode:
    support: full
    details:
      - The diff shows the user and serial number when the device is enabled for the user, and
        nothing when it is not.
  platform:
    platforms: all
  action_group:
    support: full
    membership:
      - mfaops.aws.aws
notes:
  - IAM permissions needed are C(iam:ListMFADevices), C(iam:EnableMFADevice) and
    C(iam:DeactivateMFADevice), plus C(iam:ListVirtualMFADevices) to name the user a device is
    enabled for (check mode, no codes, or after IAM refused). Without C(iam:ListVirtualMFADevices)
    the module warns and lets IAM refuse a device that another user has.
  - With O(state=absent) and a user that does not exist, the device cannot be enabled for that
    user, so the module warns and reports no change.
seealso:
  - module: mfaops.aws.iam_virtual_mfa_device
  - module: mfaops.aws.iam_mfa_device_resync
  - module: amazon.aws.iam_mfa_device_info
extends_documentation_fragment:
  - mfaops.aws.common.codes
  - mfaops.aws.common
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
"""

EXAMPLES = r"""
- name: Enable Alice's new virtual MFA device with two consecutive codes read from it
  mfaops.aws.iam_mfa_device:
    user_name: alice
    serial_number: arn:aws:iam::123456789012:mfa/alice
    authentication_code_1: "012345"
    authentication_code_2: "678901"

- name: Make sure a device is enabled; no codes are needed when it already is
  mfaops.aws.iam_mfa_device:
    user_name: alice
    serial_number: arn:aws:iam::123456789012:mfa/alice
  register: alice_mfa

- name: Enable a robot's virtual device with codes computed from its seed
  mfaops.aws.iam_mfa_device:
    user_name: build-bot
    serial_number: "{{ build_bot_serial }}"
    authentication_code_1: "{{ codes[0] }}"
    authentication_code_2: "{{ codes[1] }}"
  vars:
    codes: "{{ query('mfaops.aws.totp', build_bot_mfa_seed, count=2) }}"
  no_log: true

- name: Enable a hardware token
  mfaops.aws.iam_mfa_device:
    user_name: bob
    serial_number: GAHT12345678
    authentication_code_1: "{{ code_1 }}"
    authentication_code_2: "{{ code_2 }}"

- name: Deactivate Alice's device (the virtual device itself is kept)
  mfaops.aws.iam_mfa_device:
    user_name: alice
    serial_number: arn:aws:iam::123456789012:mfa/alice
    state: absent
"""

RETURN = r"""
mfa_device:
  description:
    - The MFA device enabled for the user.
  returned: when O(state=present)
  type: dict
  contains:
    serial_number:
      description: Serial number of the device.
      type: str
      sample: arn:aws:iam::123456789012:mfa/alice
    user_name:
      description: The user the device is enabled for.
      type: str
      sample: alice
    enable_date:
      description: When the device was enabled for the user; V(null) in check mode when it would be enabled.
      type: str
      sample: "2026-11-01T09:30:00+00:00"
owner_user_name:
  description: The user a virtual MFA device is enabled for, when that is another user than O(user_name).
  returned: failure because the device is enabled for another user
  type: str
  sample: bob
diff:
  description: The user and serial number before and after when the device is enabled for the user; empty when it is not.
  returned: in diff mode
  type: dict
  contains:
    before:
      description: The assignment before the run.
      type: dict
    after:
      description: The assignment after the run.
      type: dict
  sample:
    before: {}
    after:
      user_name: alice
      serial_number: arn:aws:iam::123456789012:mfa/alice
error:
  description: The error IAM returned, when a call failed.
  returned: failure of an AWS call
  type: dict
  contains:
    code:
      description: The IAM error code, for example V(InvalidAuthenticationCode) or V(EntityAlreadyExists).
      type: str
      sample: InvalidAuthenticationCode
    message:
      description: The message IAM returned.
      type: str
      sample: Authentication code for device is not valid.
response_metadata:
  description: Metadata of the failed AWS call.
  returned: failure of an AWS call
  type: dict
  contains:
    http_status_code:
      description: The HTTP status of the failed call, for example V(403) for rejected codes.
      type: int
      sample: 403
    request_id:
      description: The AWS request ID, useful when contacting AWS support.
      type: str
      sample: 3c9f1b9e-7d1a-4c5e-9a55-0d4b8f1e2a77
"""

from ansible_collections.amazon.aws.plugins.module_utils.iam import AnsibleIAMError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import deactivate_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import enable_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import iam_client
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import list_user_mfa_devices
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import list_virtual_mfa_devices
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import normalize_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import serial_number_resource
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import error_code
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import fail_with_iam_error
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import AUTHENTICATION_CODE_OPTIONS
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import SERIAL_NUMBER
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import USER_NAME
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import InvalidParameterError
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import check_authentication_code
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import check_text
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import mask_secret_params
from ansible_collections.mfaops.aws.plugins.module_utils.module_warnings import warn


def read_request(module) -> dict:
    """The validated parameters; fails the module, before any AWS call, when one breaks an IAM rule."""
    params = module.params
    try:
        request = dict(
            user_name=check_text("user_name", params["user_name"], USER_NAME),
            serial_number=check_text("serial_number", params["serial_number"], SERIAL_NUMBER),
            authentication_code_1=None,
            authentication_code_2=None,
        )
        for option in AUTHENTICATION_CODE_OPTIONS:
            if params[option] is not None:
                request[option] = check_authentication_code(option, params[option])
        # required_together counts an option given as null as given; one code without the other is no pair.
        if (request["authentication_code_1"] is None) != (request["authentication_code_2"] is None):
            missing = "authentication_code_1" if request["authentication_code_1"] is None else "authentication_code_2"
            raise InvalidParameterError(f"{missing} is null; authentication_code_1 and authentication_code_2 must be given together.")
    except InvalidParameterError as error:
        mask_secret_params(module.params, AUTHENTICATION_CODE_OPTIONS)
        module.fail_json(msg=str(error))
    return request


def list_user_devices(module, client, request: dict, missing_user_ok: bool):
    """The user's MFA devices (boto3 form); None for an unknown user when missing_user_ok is set."""
    user_name = request["user_name"]
    try:
        return list_user_mfa_devices(client, user_name)
    except AnsibleIAMError as error:
        if missing_user_ok and error_code(error.exception) == "NoSuchEntity":
            warn(module, f"IAM user {user_name} does not exist, so MFA device {request['serial_number']} is not enabled for that user.")
            return None
        fail_with_iam_error(module, error, f"Could not list the MFA devices of user {user_name}", "iam:ListMFADevices")


def find_user_device(devices: list, serial_number: str):
    for device in devices or []:
        if device["SerialNumber"] == serial_number:
            return device
    return None


def other_owner(module, client, request: dict):
    """The user, other than request's user, that a virtual device is enabled for (boto3 form), or None.

    Only virtual devices (serial numbers arn:...:mfa/...) can be looked up; if listing is denied
    the module warns and lets EnableMFADevice decide.
    """
    serial_number = request["serial_number"]
    if serial_number_resource(serial_number) is None:
        return None
    try:
        assigned = list_virtual_mfa_devices(client, "Assigned")
    except AnsibleIAMError as error:
        if error_code(error.exception) == "AccessDenied":
            warn(
                module,
                "Listing the virtual MFA devices was denied, so the module could not check whether "
                f"device {serial_number} is enabled for another user."
            )
            return None
        fail_with_iam_error(module, error, "Could not list the assigned virtual MFA devices", "iam:ListVirtualMFADevices")
    for device in assigned:
        user = device.get("User") or {}
        if device["SerialNumber"] == serial_number and user.get("UserName") != request["user_name"]:
            return user
    return None


def describe_user(user: dict) -> str:
    if user.get("UserName"):
        return f"IAM user {user['UserName']}"
    return str(user.get("Arn") or "another principal")


def refuse_other_owner(module, client, request: dict) -> None:
    """Fail, naming the user, when a virtual device is enabled for another user than request's."""
    owner = other_owner(module, client, request)
    if owner is None:
        return
    module.fail_json(
        msg=f"MFA device {request['serial_number']} is enabled for {describe_user(owner)}, not for user {request['user_name']}. "
        "A device can be enabled for one user only: deactivate it for that user first "
        "(mfaops.aws.iam_mfa_device with state: absent), or use another device.",
        owner_user_name=owner.get("UserName"),
    )


def require_codes(module, request: dict) -> None:
    # required_together makes the two codes come as a pair.
    if request["authentication_code_1"] is None:
        module.fail_json(
            msg=f"MFA device {request['serial_number']} is not enabled for user {request['user_name']}, and enabling it needs "
            "two consecutive codes from the device: set authentication_code_1 and authentication_code_2."
        )


def enable(module, client, request: dict) -> None:
    try:
        enable_mfa_device(client, **request)
    except AnsibleIAMError as error:
        summary = f"Could not enable MFA device {request['serial_number']} for user {request['user_name']}"
        if error_code(error.exception) == "EntityAlreadyExists":
            # Only now is it worth a listing: to name the user the device is enabled for.
            refuse_other_owner(module, client, request)
            summary += (
                ": IAM reports that the device is already in use, so it is enabled for another user; "
                "deactivate it for that user first (mfaops.aws.iam_mfa_device with state: absent), or use another device"
            )
        fail_with_iam_error(module, error, summary, "iam:EnableMFADevice")


def assignment(request: dict, enabled: bool) -> dict:
    """What diff mode shows."""
    if not enabled:
        return {}
    return dict(user_name=request["user_name"], serial_number=request["serial_number"])


def exit_with(module, request: dict, changed: bool, enabled_before: bool, enabled_after: bool, **result) -> None:
    if module._diff:
        result["diff"] = dict(before=assignment(request, enabled_before), after=assignment(request, enabled_after))
    module.exit_json(changed=changed, **result)


def ensure_present(module, client, request: dict) -> None:
    device = find_user_device(list_user_devices(module, client, request, missing_user_ok=False), request["serial_number"])
    if device is not None:
        exit_with(module, request, False, True, True, mfa_device=normalize_mfa_device(device))
        return

    predicted = dict(serial_number=request["serial_number"], user_name=request["user_name"], enable_date=None)
    if module.check_mode or request["authentication_code_1"] is None:
        # No EnableMFADevice answer will tell whether the device is another user's: ask IAM.
        # A real run with codes skips this listing and learns it from EntityAlreadyExists.
        refuse_other_owner(module, client, request)
    require_codes(module, request)
    if module.check_mode:
        exit_with(module, request, True, False, True, mfa_device=predicted)
        return

    enable(module, client, request)
    # EnableMFADevice answers nothing; IAM's enable date comes from listing again.
    device = find_user_device(list_user_devices(module, client, request, missing_user_ok=False), request["serial_number"])
    exit_with(module, request, True, False, True, mfa_device=normalize_mfa_device(device) if device else predicted)


def ensure_absent(module, client, request: dict) -> None:
    device = find_user_device(list_user_devices(module, client, request, missing_user_ok=True), request["serial_number"])
    if device is None:
        exit_with(module, request, False, False, False)
        return
    if not module.check_mode:
        try:
            deactivate_mfa_device(client, request["user_name"], request["serial_number"])
        except AnsibleIAMError as error:
            fail_with_iam_error(
                module,
                error,
                f"Could not deactivate MFA device {request['serial_number']} for user {request['user_name']}",
                "iam:DeactivateMFADevice",
            )
    exit_with(module, request, True, True, False)


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            user_name=dict(type="str", required=True),
            serial_number=dict(type="str", required=True),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            authentication_code_1=dict(type="raw", no_log=True),
            authentication_code_2=dict(type="raw", no_log=True),
        ),
        required_together=[AUTHENTICATION_CODE_OPTIONS],
        supports_check_mode=True,
    )
    request = read_request(module)
    client = iam_client(module)
    if module.params["state"] == "present":
        ensure_present(module, client, request)
    else:
        ensure_absent(module, client, request)


if __name__ == "__main__":
    main()
