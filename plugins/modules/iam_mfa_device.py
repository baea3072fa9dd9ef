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
    again for IAM's enable date, which C(EnableMFADevice) does not return. Deactivating takes two,
    C(ListMFADevices) and C(DeactivateMFADevice). The number of calls does not grow with the
    number of users or devices in the account.
  - A virtual device can be enabled for one user only. IAM has no call that names the user of a
    virtual device without listing every device of the account, so the module asks only where one
    call tells. When the device is named after another user (C(arn:aws:iam::ACCOUNT:mfa/bob)), it
    lists that user's devices, in check mode, in a run without codes, and after IAM refused with
    C(EntityAlreadyExists), and fails naming that user. Otherwise IAM's C(EntityAlreadyExists)
    is the signal, and check mode cannot foresee it.
  - FIDO security keys and passkeys (serial numbers C(arn:aws:iam::ACCOUNT:u2f/...)) are enabled only
    in the AWS Management Console, as IAM's API cannot enable them. With O(state=present) the module
    reports a key that is enabled already and fails, saying so, for one that is not, without trying.
    With O(state=absent) it deactivates them as any other device.
  - When another run has just done the same change, the module reports success with C(changed=false).
    That is a deactivation that IAM answers with C(NoSuchEntity) after a fresh C(ListMFADevices) confirms the
    device is no longer the user's (or the user no longer exists), and an enabling that IAM answers with
    C(EntityAlreadyExists) when the device is now listed for the user.
  - Options and codes are checked locally against the IAM API rules before any AWS call, and
    the codes never appear in the results or in messages.
  - Create virtual MFA devices with M(mfaops.aws.iam_virtual_mfa_device).
author:
  - mfaops.aws contributors (@mfaops)
options:
  serial_number:
    required: true
  state:
    description:
      - V(present) enables the device for the user, unless it is enabled for the user already.
        Enabling needs the two codes (O(authentication_code_1) and O(authentication_code_2)) or O(seed);
        they are not needed when the device is enabled for the user already, and not used with V(absent).
      - V(absent) deactivates the device for the user, if it is enabled for that user.
        A virtual device stays in the account; delete it with M(mfaops.aws.iam_virtual_mfa_device).
    required: false
    type: str
    choices: [present, absent]
    default: present
attributes:
  check_mode:
    support: full
    details:
      - Makes no change. Lists the user's MFA devices (and, for a virtual device named after another
        user, that user's devices) and fails where a real run would fail for those reasons, for a FIDO
        security key that is not enabled, or for missing codes.
      - A virtual device enabled for a user it is not named after is not found in check mode; the real run
        fails with IAM's C(EntityAlreadyExists).
      - The codes are validated locally but not sent, so rejected codes are only found in a real run.
  diff_mode:
    support: full
    details:
      - The diff (C(before) and C(after)) shows the user and serial number when the device is enabled
        for the user, and nothing when it is not.
notes:
  - IAM permissions needed are C(iam:ListMFADevices), C(iam:EnableMFADevice) and
    C(iam:DeactivateMFADevice), on the user resource. C(iam:ListMFADevices) on the user a virtual
    device is named after lets the module name that user; without it the module warns and lets IAM refuse.
  - C(EntityTemporarilyUnmodifiable) is not retried, because IAM holds the user unmodifiable for several
    minutes (for example after a user of that name was deleted and created again), longer than retries and
    codes last.
  - With O(state=absent) and a user that does not exist, the device cannot be enabled for that
    user, so the module warns and reports no change.
seealso:
  - module: mfaops.aws.iam_virtual_mfa_device
  - module: mfaops.aws.iam_mfa_device_resync
  - module: amazon.aws.iam_mfa_device_info
extends_documentation_fragment: [
  mfaops.aws.common.codes, mfaops.aws.common, mfaops.aws.seed,
  amazon.aws.common.modules, amazon.aws.region.modules, amazon.aws.boto3,
  ansible.builtin.action_common_attributes, ansible.builtin.action_common_attributes.actiongroups]
"""

EXAMPLES = r"""
- name: Enable Alice's new virtual MFA device with two consecutive codes read from it
  mfaops.aws.iam_mfa_device:
    user_name: alice
    serial_number: arn:aws:iam::123456789012:mfa/alice
    authentication_code_1: "482915"
    authentication_code_2: "730264"

- name: Make sure a device is enabled; no codes are needed when it already is
  mfaops.aws.iam_mfa_device:
    user_name: alice
    serial_number: arn:aws:iam::123456789012:mfa/alice
  register: alice_mfa

- name: Create a robot's virtual device
  mfaops.aws.iam_virtual_mfa_device:
    name: build-bot
  register: build_bot_device
  no_log: true  # the result holds the seed

- name: Enable it with its seed; the module computes the two codes when it calls IAM
  mfaops.aws.iam_mfa_device:
    user_name: build-bot
    serial_number: "{{ build_bot_device.virtual_mfa_device.serial_number }}"
    seed: "{{ build_bot_device.virtual_mfa_device.base32_string_seed }}"

# Codes from the totp lookup instead: both from one query, templated once by set_fact.
# Never compute them in the task's vars, which Ansible templates again at each use.
- name: Take two consecutive codes of a device whose seed is in the vault
  ansible.builtin.set_fact:
    build_bot_codes: "{{ query('mfaops.aws.totp', vault_build_bot_mfa_seed, count=2) }}"
  no_log: true

- name: Enable it with those codes
  mfaops.aws.iam_mfa_device:
    user_name: build-bot
    serial_number: "{{ build_bot_serial }}"
    authentication_code_1: "{{ build_bot_codes[0] }}"
    authentication_code_2: "{{ build_bot_codes[1] }}"

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

- name: Deactivate a lost FIDO security key (keys are enabled only in the console)
  mfaops.aws.iam_mfa_device:
    user_name: alice
    serial_number: arn:aws:iam::123456789012:u2f/user/alice/yubikey-EXAMPLEKEYID
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
  description:
    - The user a virtual MFA device is enabled for, when that is another user than O(user_name)
      and the device is named after that user.
  returned: failure because the device is enabled for another user
  type: str
  sample: bob
"""

from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import deactivate_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import enable_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import iam_client
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import list_user_mfa_devices
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import normalize_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import serial_number_resource
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import user_mfa_devices
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import MFAIAMError
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import fail_with_iam_error
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import is_iam_error_code
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import on_iam_failure
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import AUTHENTICATION_CODE_OPTIONS
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import SEED_OPTION
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import SERIAL_NUMBER
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import USER_NAME
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import InvalidParameterError
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import authentication_codes
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import check_text
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import fail_on_rejected_parameter
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import is_fido_security_key
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import read_secrets
from ansible_collections.mfaops.aws.plugins.module_utils.module_results import exit_with
from ansible_collections.mfaops.aws.plugins.module_utils.module_warnings import warn

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule


def read_request(module) -> tuple:
    """The validated parameters and secrets; InvalidParameterError, before any AWS call, when one breaks an IAM rule."""
    params = module.params
    secrets = read_secrets(module, required=False)
    request = dict(
        user_name=check_text("user_name", params["user_name"], USER_NAME),
        serial_number=check_text("serial_number", params["serial_number"], SERIAL_NUMBER),
    )
    return request, secrets


def find_user_device(devices: list, serial_number: str):
    for device in devices or []:
        if device["SerialNumber"] == serial_number:
            return device
    return None


def listed_device(client, request: dict):
    """The device as listed for the user (boto3 form), or None when it is not enabled for the user."""
    return find_user_device(user_mfa_devices(client, request["user_name"]), request["serial_number"])


def named_after_user(serial_number: str):
    """The user name a virtual device's name would be, were it named after its user (arn:...:mfa/PATH/NAME -> NAME)."""
    resource = serial_number_resource(serial_number)
    if resource is None:
        return None
    name = resource.rsplit("/", 1)[-1]
    return name if USER_NAME.problem(name) is None else None


def other_owner(module, client, request: dict):
    """The other user a virtual device is enabled for, when the device is named after that user; else None.

    IAM has no call that names the user of a virtual device short of listing every assigned virtual device of the
    account (ListVirtualMFADevices, one call per 100 devices; GetMFADevice takes only FIDO serial numbers). Devices are
    usually named after their user, so one ListMFADevices of that user tells, at any account size; any other device
    is left to EnableMFADevice, which refuses it with EntityAlreadyExists.
    """
    candidate = named_after_user(request["serial_number"])
    if candidate is None or candidate == request["user_name"]:
        return None
    try:
        devices = list_user_mfa_devices(client, candidate)
    except MFAIAMError as error:
        if is_iam_error_code(error, "AccessDenied"):
            warn(
                module,
                f"Listing the MFA devices of user {candidate} was denied, so the module could not check whether "
                f"device {request['serial_number']} is enabled for that user.",
            )
        return None  # NoSuchEntity: no such user; anything else: EnableMFADevice will tell
    return candidate if find_user_device(devices, request["serial_number"]) is not None else None


def refuse_other_owner(module, client, request: dict) -> None:
    """Fail, naming the user, when a virtual device is enabled for another user named as the device."""
    owner = other_owner(module, client, request)
    if owner is None:
        return
    module.fail_json(
        msg=f"MFA device {request['serial_number']} is enabled for IAM user {owner}, not for user {request['user_name']}. "
        "A device can be enabled for one user only: deactivate it for that user first "
        "(mfaops.aws.iam_mfa_device with state: absent), or use another device.",
        owner_user_name=owner,
    )


def require_codes(module, request: dict, secrets: dict) -> None:
    if secrets["authentication_code_1"] is None and secrets[SEED_OPTION] is None:
        module.fail_json(
            msg=f"MFA device {request['serial_number']} is not enabled for user {request['user_name']}, and enabling it needs "
            "two consecutive codes from the device: set authentication_code_1 and authentication_code_2, or seed."
        )


def refuse_fido_security_key(module, request: dict) -> None:
    module.fail_json(
        msg=f"MFA device {request['serial_number']} is a FIDO security key or passkey, which is not enabled for user "
        f"{request['user_name']}. IAM's API cannot enable FIDO security keys: the user registers them in the AWS Management "
        "Console (or their own sign-in). This module can only deactivate them (state: absent)."
    )


def enable(module, client, request: dict, secrets: dict):
    """Enable the device; the device (boto3 form) when another run enabled it for the user first, else None."""
    codes = authentication_codes(module, secrets)
    try:
        with on_iam_failure(f"Could not enable MFA device {request['serial_number']} for user {request['user_name']}"):
            enable_mfa_device(client, request["user_name"], request["serial_number"], codes)
    except MFAIAMError as error:
        if not is_iam_error_code(error, "EntityAlreadyExists"):
            raise
        # Enabled for this user by another run since the listing: what this run wanted holds.
        device = listed_device(client, request)
        if device is not None:
            return device
        refuse_other_owner(module, client, request)
        error.summary += (
            ": IAM reports that the device is already in use, so it is enabled for another user; "
            "deactivate it for that user first (mfaops.aws.iam_mfa_device with state: absent), or use another device"
        )
        raise
    return None


def assignment(request: dict, enabled: bool) -> dict:
    """What diff mode shows."""
    if not enabled:
        return {}
    return dict(user_name=request["user_name"], serial_number=request["serial_number"])


def ensure_present(module, client, request: dict, secrets: dict) -> None:
    enabled = assignment(request, True)
    device = listed_device(client, request)
    if device is not None:
        exit_with(module, False, enabled, enabled, mfa_device=normalize_mfa_device(device))
        return
    if is_fido_security_key(request["serial_number"]):
        refuse_fido_security_key(module, request)

    predicted = dict(serial_number=request["serial_number"], user_name=request["user_name"], enable_date=None)
    has_codes = secrets["authentication_code_1"] is not None or secrets[SEED_OPTION] is not None
    if module.check_mode or not has_codes:
        # No EnableMFADevice answer will tell whether the device is another user's: ask IAM where one call can tell.
        refuse_other_owner(module, client, request)
    require_codes(module, request, secrets)
    if module.check_mode:
        exit_with(module, True, {}, enabled, mfa_device=predicted)
        return

    raced = enable(module, client, request, secrets)
    if raced is not None:
        exit_with(module, False, enabled, enabled, mfa_device=normalize_mfa_device(raced))
        return
    # EnableMFADevice answers nothing; IAM's enable date comes from listing again.
    device = listed_device(client, request)
    exit_with(module, True, {}, enabled, mfa_device=normalize_mfa_device(device) if device else predicted)


def deactivated_by_another_run(module, client, request: dict) -> bool:
    """After DeactivateMFADevice answered NoSuchEntity: whether a fresh read confirms the device is not the user's.

    NoSuchEntity means either that the user does not exist or that the device is not (or no longer) enabled for the
    user. Either way the read decides: a user who no longer exists has no device (a warning says so); a device that is
    still listed for the user means the error was something else, and the module fails with it.
    """
    try:
        devices = list_user_mfa_devices(client, request["user_name"])
    except MFAIAMError as error:
        if not is_iam_error_code(error, "NoSuchEntity"):
            return False
        warn(
            module,
            f"IAM user {request['user_name']} no longer exists, so MFA device {request['serial_number']} "
            "is not enabled for that user.",
        )
        return True
    return find_user_device(devices, request["serial_number"]) is None


def ensure_absent(module, client, request: dict) -> None:
    devices = user_mfa_devices(client, request["user_name"], tolerated_code="NoSuchEntity")
    if devices is None:
        warn(
            module,
            f"IAM user {request['user_name']} does not exist, so MFA device {request['serial_number']} is not enabled for that user.",
        )
    if find_user_device(devices, request["serial_number"]) is None:
        exit_with(module, False, {}, {})
        return
    if not module.check_mode:
        try:
            with on_iam_failure(
                f"Could not deactivate MFA device {request['serial_number']} for user {request['user_name']}"
            ):
                deactivate_mfa_device(client, request["user_name"], request["serial_number"])
        except MFAIAMError as error:
            if not (is_iam_error_code(error, "NoSuchEntity") and deactivated_by_another_run(module, client, request)):
                raise
            # Another run got there first: the device is not enabled for the user, and this run changed nothing.
            exit_with(module, False, {}, {})
            return
    exit_with(module, True, assignment(request, True), {})


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            user_name=dict(type="str", required=True),
            serial_number=dict(type="str", required=True),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            authentication_code_1=dict(type="raw", no_log=True),
            authentication_code_2=dict(type="raw", no_log=True),
            seed=dict(type="raw", no_log=True),
        ),
        required_together=[AUTHENTICATION_CODE_OPTIONS],
        mutually_exclusive=[(option, SEED_OPTION) for option in AUTHENTICATION_CODE_OPTIONS],
        supports_check_mode=True,
    )
    try:
        request, secrets = read_request(module)
        client = iam_client(module)
        if module.params["state"] == "present":
            ensure_present(module, client, request, secrets)
        else:
            ensure_absent(module, client, request)
    except InvalidParameterError as error:
        fail_on_rejected_parameter(module, error)
    except MFAIAMError as error:
        fail_with_iam_error(module, error)


if __name__ == "__main__":
    main()
