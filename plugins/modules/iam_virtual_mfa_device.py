#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iam_virtual_mfa_device
version_added: 0.1.0
short_description: Create, tag and delete IAM virtual MFA devices
description:
  - Creates or deletes an AWS IAM virtual MFA device, and manages its tags
    (IAM API actions C(CreateVirtualMFADevice), C(DeleteVirtualMFADevice), C(TagMFADevice)
    and C(UntagMFADevice)).
  - The device is found by listing the account's virtual MFA devices (C(ListVirtualMFADevices),
    to the last page) and matching the path and name in their serial numbers,
    C(arn:aws:iam::ACCOUNT:mfa/PATH/NAME).
  - When the module creates a device it returns the device's seed and QR code, which IAM
    shows only then. Keep them secret (see the notes and RV(virtual_mfa_device.base32_string_seed)).
  - A new device is not assigned to anyone; enable it for a user with M(mfaops.aws.iam_mfa_device).
  - Options are checked locally against the IAM API rules before any AWS call.
author:
  - mfaops.aws contributors (@mfaops)
requirements:
  - cryptography >= 3.3, where the module runs and on the controller
options:
  name:
    description:
      - Name of the virtual MFA device; the last part of its serial number.
      - 1 to 226 characters from V(A-Z), V(a-z), V(0-9) and V(_+=,.@-).
    required: true
    type: str
  path:
    description:
      - Path of the virtual MFA device; the part of its serial number between C(mfa) and O(name).
      - Either V(/) alone, or 3 to 512 printable ASCII characters without spaces (V(!) to V(~))
        that begin and end with V(/), for example V(/automation/).
      - The device is identified by O(path) and O(name) together; a device with the same name
        at another path is a different device.
    required: false
    type: str
    default: /
  state:
    description:
      - V(present) creates the device when it does not exist, and updates its tags.
      - V(absent) deletes the device. A device that is still assigned to a user is only
        deleted with O(force=true).
    required: false
    type: str
    choices: [present, absent]
    default: present
  force:
    description:
      - With O(state=absent), deactivate the device for the user it is assigned to
        (C(DeactivateMFADevice)) and then delete it.
      - Without it, deleting an assigned device fails, naming the user.
      - A device assigned to the account's root user is never deactivated by this module.
      - Ignored with O(state=present).
    required: false
    type: bool
    default: false
  _result_sealing_key:
    description:
      - Internal; do not set. This collection's action plugin sets it to a new one-time key
        for each run, replacing any value given in the task.
      - With it the module returns the seed and QR code of a device it creates sealed with
        that key, and the action plugin opens them on the controller. ansible-core's
        C(ANSIBLE_DEBUG) trace prints a module's raw output, so they never appear there.
    required: false
    type: raw
attributes:
  check_mode:
    support: full
    details:
      - Makes no change. Lists the devices, and the tags of an existing device, to predict the result.
      - In check mode the seed and QR code of a device that would be created do not exist,
        so RV(virtual_mfa_device) is not returned then.
  diff_mode:
    support: full
    details:
      - The diff shows the device's name, path, the user it is assigned to and its tags (for a
        deletion, without the tags), never its seed or QR code.
  platform:
    platforms: all
  action_group:
    support: full
    membership:
      - mfaops.aws.aws
notes:
  - "The seed and the QR code are secrets: anyone holding them can compute the device's codes.
    Set C(no_log: true) on the task that creates a device so that they are not displayed or
    logged, store them right away (for example in a vault or a secrets manager), and do not
    print the registered result. Ansible's C(no_log) censors what is displayed, not the
    registered variable."
  - IAM returns the seed and QR code only when the device is created; a later run of this
    module, or M(mfaops.aws.iam_virtual_mfa_device_info), never returns them. If they are lost,
    delete the device and create it again.
  - IAM allows at most 50 tags on a device. Tag keys are 1 to 128 and values 0 to 256 characters,
    made of Unicode letters, numbers and spaces and C(_.:/=+-@); O(tags) is checked against these rules
    before any AWS call.
  - IAM permissions needed are C(iam:ListVirtualMFADevices), C(iam:ListMFADeviceTags) and,
    for changes, C(iam:CreateVirtualMFADevice), C(iam:TagMFADevice), C(iam:UntagMFADevice),
    C(iam:DeleteVirtualMFADevice) and, with O(force=true), C(iam:DeactivateMFADevice).
seealso:
  - module: mfaops.aws.iam_mfa_device
  - module: mfaops.aws.iam_virtual_mfa_device_info
extends_documentation_fragment:
  - mfaops.aws.common
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
"""

EXAMPLES = r"""
- name: Create a virtual MFA device for a build robot, keeping its seed out of the output
  mfaops.aws.iam_virtual_mfa_device:
    name: build-bot
    path: /automation/
    tags:
      team: platform
  register: new_device
  no_log: true

- name: Store the seed of the new device right away
  community.hashi_vault.vault_write:
    path: secret/mfa/build-bot
    data:
      seed: "{{ new_device.virtual_mfa_device.base32_string_seed }}"
  when: new_device.virtual_mfa_device.base32_string_seed is defined
  no_log: true

- name: Enable the device for the user with two consecutive codes computed from the seed
  mfaops.aws.iam_mfa_device:
    user_name: build-bot
    serial_number: "{{ new_device.virtual_mfa_device.serial_number }}"
    authentication_code_1: "{{ codes[0] }}"
    authentication_code_2: "{{ codes[1] }}"
  vars:
    codes: "{{ query('mfaops.aws.totp', new_device.virtual_mfa_device.base32_string_seed, count=2) }}"
  when: new_device.virtual_mfa_device.base32_string_seed is defined
  no_log: true

- name: Replace the device's tags
  mfaops.aws.iam_virtual_mfa_device:
    name: build-bot
    path: /automation/
    tags:
      team: security
    purge_tags: true

- name: Delete the device, failing if it is still assigned to a user
  mfaops.aws.iam_virtual_mfa_device:
    name: build-bot
    path: /automation/
    state: absent

- name: Deactivate the device for whoever has it, then delete it
  mfaops.aws.iam_virtual_mfa_device:
    name: build-bot
    path: /automation/
    state: absent
    force: true
"""

RETURN = r"""
virtual_mfa_device:
  description:
    - The virtual MFA device.
    - Not returned in check mode when the device would be created.
  returned: when O(state=present)
  type: dict
  contains:
    serial_number:
      description: Serial number (ARN) of the device; use it as O(mfaops.aws.iam_mfa_device#module:serial_number).
      type: str
      returned: always
      sample: arn:aws:iam::123456789012:mfa/automation/build-bot
    enable_date:
      description: When the device was enabled for its user; V(null) when it is not assigned.
      type: str
      returned: always
      sample: "2026-11-01T09:30:00+00:00"
    user:
      description: The IAM user the device is assigned to; V(null) when it is not assigned.
      type: dict
      returned: always
      contains:
        user_name:
          description: Name of the user.
          type: str
          sample: build-bot
        arn:
          description: ARN of the user.
          type: str
          sample: arn:aws:iam::123456789012:user/build-bot
        user_id:
          description: Unique ID of the user.
          type: str
          sample: AIDACKCEVSQ6C2EXAMPLE
        path:
          description: Path of the user.
          type: str
          sample: /
        create_date:
          description: When the user was created.
          type: str
          sample: "2026-10-01T08:00:00+00:00"
      sample:
        user_name: build-bot
        arn: arn:aws:iam::123456789012:user/build-bot
        user_id: AIDACKCEVSQ6C2EXAMPLE
        path: /
        create_date: "2026-10-01T08:00:00+00:00"
        tags: {}
    tags:
      description: The device's tags, after any change.
      type: dict
      returned: always
      sample:
        team: platform
    base32_string_seed:
      description:
        - B(Secret.) The device's seed, base32 text; configure an authenticator app with it, or compute
          codes with the P(mfaops.aws.totp#lookup) lookup.
        - Returned only by the run that creates the device; IAM never shows it again.
        - "Set C(no_log: true) on the task and do not print or store the registered result in clear text."
      type: str
      returned: when the device was created by this run
      sample: JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP
    qr_code_png:
      description:
        - B(Secret.) A PNG image of a QR code holding the seed, base64 encoded; it encodes the same secret
          as RV(virtual_mfa_device.base32_string_seed).
        - Returned only by the run that creates the device; IAM never shows it again.
        - Decode it with the P(ansible.builtin.b64decode#filter) filter, or write it with
          M(ansible.builtin.copy) and O(ansible.builtin.copy#module:decrypt=false) after decoding.
      type: str
      returned: when the device was created by this run
      sample: iVBORw0KGgoAAAANSUhEUgAA...
diff:
  description: The device before and after, as name, path, assigned user and tags; empty when absent.
  returned: in diff mode
  type: dict
  contains:
    before:
      description: The device before the run.
      type: dict
    after:
      description: The device after the run.
      type: dict
  sample:
    before: {}
    after:
      name: build-bot
      path: /automation/
      user_name: null
      tags:
        team: platform
error:
  description: The error IAM returned, when a call failed.
  returned: failure of an AWS call
  type: dict
  contains:
    code:
      description: The IAM error code, for example V(DeleteConflict) or V(EntityAlreadyExists).
      type: str
      sample: DeleteConflict
    message:
      description: The message IAM returned.
      type: str
      sample: VirtualMFADevice is in use and cannot be deleted.
response_metadata:
  description: Metadata of the failed AWS call.
  returned: failure of an AWS call
  type: dict
  contains:
    http_status_code:
      description: The HTTP status of the failed call, for example V(409) for C(DeleteConflict).
      type: int
      sample: 409
    request_id:
      description: The AWS request ID, useful when contacting AWS support.
      type: str
      sample: 3c9f1b9e-7d1a-4c5e-9a55-0d4b8f1e2a77
"""

from ansible_collections.amazon.aws.plugins.module_utils.iam import AnsibleIAMError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import create_virtual_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import deactivate_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import delete_virtual_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import find_virtual_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import iam_client
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import list_mfa_device_tags
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import list_virtual_mfa_devices
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import normalize_virtual_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import serial_number_resource
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import tag_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import untag_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import virtual_mfa_device_secrets
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import error_code
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import fail_with_iam_error
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import VIRTUAL_MFA_DEVICE_NAME
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import InvalidParameterError
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import check_path
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import check_tags
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import check_text
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import mask_secret_params
from ansible_collections.mfaops.aws.plugins.module_utils.module_warnings import warn
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import SEALING_KEY_OPTION
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import SEALED_RESULT_KEY
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import SealError
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import SealingUnavailable
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import check_sealing_key
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import seal


def read_request(module) -> dict:
    """The validated parameters; fails the module, before any AWS call, when one breaks an IAM rule."""
    params = module.params
    try:
        return dict(
            name=check_text("name", params["name"], VIRTUAL_MFA_DEVICE_NAME),
            path=check_path("path", params["path"]),
            tags=check_tags("tags", params["tags"]),
            purge_tags=params["purge_tags"],
            force=params["force"],
            sealing_key=check_sealing_key(params[SEALING_KEY_OPTION]),
        )
    except InvalidParameterError as error:
        module.fail_json(msg=str(error))
    except SealError as error:
        mask_secret_params(params, [SEALING_KEY_OPTION])
        module.fail_json(msg=f"{SEALING_KEY_OPTION} is set by this collection's action plugin; {error}.")
    except SealingUnavailable as error:
        # Never the secrets in clear instead: fail before the device is created.
        module.fail_json(msg=str(error))


def find_device(module, client, request: dict):
    """The account's virtual MFA devices (boto3 form) and the one at request's path and name, or None."""
    try:
        devices = list_virtual_mfa_devices(client)
    except AnsibleIAMError as error:
        fail_with_iam_error(module, error, "Could not list the virtual MFA devices", "iam:ListVirtualMFADevices")
    return devices, find_virtual_mfa_device(devices, request["name"], request["path"])


def read_tags(module, client, serial_number: str) -> dict:
    try:
        return list_mfa_device_tags(client, serial_number)
    except AnsibleIAMError as error:
        fail_with_iam_error(module, error, f"Could not list the tags of virtual MFA device {serial_number}", "iam:ListMFADeviceTags")


def assigned_user_name(device):
    user = (device or {}).get("User")
    return user.get("UserName") if user else None


def describe_owner(user: dict) -> str:
    if user.get("UserName"):
        return f"IAM user {user['UserName']}"
    return f"{user.get('Arn') or 'an unnamed principal'}"


def is_root_user(user: dict) -> bool:
    return str(user.get("Arn", "")).endswith(":root")


def diff_state(request: dict, device, tags) -> dict:
    """What diff mode shows of a device: never its seed or QR code."""
    if device is None:
        return {}
    return dict(name=request["name"], path=request["path"], user_name=assigned_user_name(device), tags=tags or {})


def exit_with(module, changed: bool, before: dict, after: dict, **result) -> None:
    if module._diff:
        result["diff"] = dict(before=before, after=after)
    module.exit_json(changed=changed, **result)


def same_name_elsewhere(devices: list, request: dict) -> list:
    """Serial numbers of devices with request's name at another path."""
    found = []
    for device in devices:
        resource = serial_number_resource(device["SerialNumber"]) or ""
        if resource.rsplit("/", 1)[-1] == request["name"] and resource != request["path"] + request["name"]:
            found.append(device["SerialNumber"])
    return found


def create(module, client, request: dict, devices: list) -> dict:
    """Create the device; returns the result keys that describe it, its seed and QR code included."""
    try:
        created = create_virtual_mfa_device(client, request["name"], request["path"], request["tags"])
    except AnsibleIAMError as error:
        summary = f"Could not create virtual MFA device {request['name']} at path {request['path']}"
        if error_code(error.exception) == "EntityAlreadyExists":
            elsewhere = same_name_elsewhere(devices, request)
            if elsewhere:
                summary += (
                    f": IAM reports that it exists, and a device with the same name exists at another path ({', '.join(elsewhere)}); "
                    "set path to that device's path, or choose another name"
                )
            else:
                summary += (
                    ": IAM reports that it exists although it was not listed (it may have been created meanwhile); "
                    "IAM never shows its seed again, so if no one holds the seed, delete it (state: absent) and run the task again"
                )
        fail_with_iam_error(module, error, summary, "iam:CreateVirtualMFADevice")
    device = normalize_virtual_mfa_device(created)
    device["tags"] = dict(request["tags"] or {})
    secrets = virtual_mfa_device_secrets(created)
    if request["sealing_key"]:
        # For the action plugin, which opens them after ansible-core's debug trace of this output.
        return {"virtual_mfa_device": device, SEALED_RESULT_KEY: seal(request["sealing_key"], dict(virtual_mfa_device=secrets))}
    device.update(secrets)
    return dict(virtual_mfa_device=device)


def update_tags(module, client, serial_number: str, current: dict, request: dict) -> tuple:
    """Bring the device's tags to the request; returns (changed, tags after)."""
    if request["tags"] is None:
        return False, current
    to_set, to_unset = compare_aws_tags(current, request["tags"], purge_tags=request["purge_tags"])
    if not to_set and not to_unset:
        return False, current
    if not module.check_mode:
        summary = f"Could not update the tags of virtual MFA device {serial_number}"
        if to_unset:
            try:
                untag_mfa_device(client, serial_number, to_unset)
            except AnsibleIAMError as error:
                fail_with_iam_error(module, error, summary, "iam:UntagMFADevice")
        if to_set:
            try:
                tag_mfa_device(client, serial_number, to_set)
            except AnsibleIAMError as error:
                fail_with_iam_error(module, error, summary, "iam:TagMFADevice")
    after = {key: value for key, value in current.items() if key not in to_unset}
    after.update(to_set)
    return True, after


def ensure_present(module, client, request: dict) -> None:
    devices, device = find_device(module, client, request)
    if device is None:
        after = dict(name=request["name"], path=request["path"], user_name=None, tags=dict(request["tags"] or {}))
        if module.check_mode:
            exit_with(module, True, {}, after)
        else:
            exit_with(module, True, {}, after, **create(module, client, request, devices))
        return

    serial_number = device["SerialNumber"]
    tags_before = read_tags(module, client, serial_number)
    changed, tags_after = update_tags(module, client, serial_number, tags_before, request)
    result = normalize_virtual_mfa_device(device)
    result["tags"] = tags_after
    exit_with(
        module, changed, diff_state(request, device, tags_before), diff_state(request, device, tags_after), virtual_mfa_device=result
    )


def refuse_assigned(module, request: dict, device: dict) -> None:
    """Fail when the device is assigned and force does not allow deactivating it."""
    user = device.get("User")
    if not user:
        return
    serial_number = device["SerialNumber"]
    owner = describe_owner(user)
    if is_root_user(user):
        module.fail_json(
            msg=f"Virtual MFA device {serial_number} is assigned to the account's root user ({owner}); only the root user "
            "can deactivate it, so it cannot be deleted here, even with force: true.",
            virtual_mfa_device=normalize_virtual_mfa_device(device),
        )
    if not request["force"]:
        module.fail_json(
            msg=f"Virtual MFA device {serial_number} is assigned to {owner}, so it cannot be deleted. Deactivate it first "
            f"with mfaops.aws.iam_mfa_device (user_name: {user.get('UserName')}, serial_number: {serial_number}, state: absent), "
            "or set force: true to deactivate it and then delete it.",
            virtual_mfa_device=normalize_virtual_mfa_device(device),
        )


def deactivate_and_delete(module, client, device: dict) -> None:
    serial_number = device["SerialNumber"]
    user_name = assigned_user_name(device)
    if user_name:
        try:
            deactivate_mfa_device(client, user_name, serial_number)
        except AnsibleIAMError as error:
            if error_code(error.exception) == "NoSuchEntity":
                # Deactivated meanwhile, or the user is gone: deleting the device is still the goal.
                warn(module, f"Virtual MFA device {serial_number} was no longer enabled for user {user_name} when deactivating it.")
            else:
                fail_with_iam_error(
                    module, error, f"Could not deactivate virtual MFA device {serial_number} for user {user_name}", "iam:DeactivateMFADevice"
                )
    try:
        delete_virtual_mfa_device(client, serial_number)
    except AnsibleIAMError as error:
        summary = f"Could not delete virtual MFA device {serial_number}"
        if error_code(error.exception) == "DeleteConflict":
            summary += (
                ": it is assigned to a user (it may have been enabled while this task ran); deactivate it with "
                "mfaops.aws.iam_mfa_device and state: absent, or set force: true"
            )
        fail_with_iam_error(module, error, summary, "iam:DeleteVirtualMFADevice")


def ensure_absent(module, client, request: dict) -> None:
    _devices, device = find_device(module, client, request)
    if device is None:
        exit_with(module, False, {}, {})
        return
    refuse_assigned(module, request, device)
    before = dict(name=request["name"], path=request["path"], user_name=assigned_user_name(device))
    if not module.check_mode:
        deactivate_and_delete(module, client, device)
    exit_with(module, True, before, {})


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            path=dict(type="str", default="/"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            force=dict(type="bool", default=False),
            tags=dict(type="dict", aliases=["resource_tags"]),
            purge_tags=dict(type="bool", default=True),
            _result_sealing_key=dict(type="raw", no_log=True),
        ),
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
