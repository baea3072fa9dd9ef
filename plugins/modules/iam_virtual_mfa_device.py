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
  - The device is found directly by its serial number, C(arn:aws:iam::ACCOUNT:mfa/PATH/NAME), whatever
    the number of devices in the account. The account ID comes from STS C(GetCallerIdentity), which needs
    no permission; C(ListMFADeviceTags) then reads the device's tags, or says that it does not exist.
  - Deleting calls C(DeleteVirtualMFADevice) right away. Only when IAM refuses because the device is
    assigned (C(DeleteConflict)) does the module look for its user, among the account's assigned devices
    (C(ListVirtualMFADevices), 1,000 a call), to deactivate it (O(force=true)) or to name the user.
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
      - When another run deactivates or deletes the device first (C(NoSuchEntity)), that is no failure;
        RV(ignore:changed) says whether this run changed anything.
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
  _async_task:
    description:
      - Internal; do not set. This collection's action plugin sets it to whether the task runs with C(async),
        replacing any value given in the task.
      - An async task's result is written to a job file on the managed host, so a run that would create
        a device (and return its seed) fails instead, before creating it. Runs that find the device,
        change its tags or delete it work with C(async).
    required: false
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    details:
      - Makes no change. Reads the device's tags to predict the result. With O(state=absent) it also looks
        for the device's user among the assigned devices (C(ListVirtualMFADevices)), to predict whether
        the deletion would be refused or need a deactivation.
      - In check mode the seed and QR code of a device that would be created do not exist,
        so RV(virtual_mfa_device) is not returned then.
  diff_mode:
    support: full
    details:
      - The diff (C(before) and C(after)) shows the device's name, path and tags (for a deletion, without the
        tags, but with the user it was assigned to, if any), never its seed or QR code; nothing for a device
        that is absent.
      - For a device this run creates, the diff also shows C(user_name), V(null).
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
    made of Unicode letters, numbers and spaces and C(_.:/=+-@), and keys may not begin with C(aws:);
    O(tags) is checked against these rules before any AWS call, and the 50-tag limit also on the
    tags the device would have with O(purge_tags=false), before any change.
  - Tags are added before others are removed, so a failure never leaves the device with fewer tags than
    both the old and the new set. If the removal fails after the additions were made, the task fails
    with RV(ignore:changed=true).
  - O(path) and O(name) together make the serial number, which IAM allows at most 256 characters of
    V(A-Z), V(a-z), V(0-9) and V(_+=/:,.@-). IAM creates a device whose serial number breaks this, but no
    call can read, tag or delete it again, so the module refuses such a pair before any AWS call
    (O(path) and O(name) together at most 227 characters, and no other characters in O(path)).
  - IAM permissions needed are C(iam:ListMFADeviceTags) and, for changes, C(iam:CreateVirtualMFADevice),
    C(iam:TagMFADevice), C(iam:UntagMFADevice) and C(iam:DeleteVirtualMFADevice). Deleting an assigned
    device, and check mode with O(state=absent), also need C(iam:ListVirtualMFADevices); with
    O(force=true) also C(iam:DeactivateMFADevice). STS C(GetCallerIdentity) needs no permission; it
    goes to O(endpoint_url) when that is set, as every amazon.aws client does.
  - The module refuses to create a device in a task with C(async), because ansible would leave the
    seed in clear text in the async job file on the managed host.
seealso:
  - module: mfaops.aws.iam_mfa_device
  - module: mfaops.aws.iam_virtual_mfa_device_info
extends_documentation_fragment: [
  mfaops.aws.common,
  amazon.aws.common.modules, amazon.aws.region.modules, amazon.aws.tags, amazon.aws.boto3,
  ansible.builtin.action_common_attributes, ansible.builtin.action_common_attributes.actiongroups]
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

# Take both codes in one query, templated once by set_fact: a query in the task's vars: would be
# templated at each use, and the two uses can fall on each side of a 30-second step.
- name: Take two consecutive codes from the seed
  ansible.builtin.set_fact:
    build_bot_codes: "{{ query('mfaops.aws.totp', new_device.virtual_mfa_device.base32_string_seed, count=2) }}"
  when: new_device.virtual_mfa_device.base32_string_seed is defined
  no_log: true

- name: Enable the device for the user with those two codes
  mfaops.aws.iam_mfa_device:
    user_name: build-bot
    serial_number: "{{ new_device.virtual_mfa_device.serial_number }}"
    authentication_code_1: "{{ build_bot_codes[0] }}"
    authentication_code_2: "{{ build_bot_codes[1] }}"
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
    - With O(state=absent), when the deletion is refused because the device is assigned, its
      C(serial_number) and C(user_name).
  returned: when O(state=present), or when an assigned device is not deleted
  type: dict
  contains:
    serial_number:
      description: Serial number (ARN) of the device; use it as O(mfaops.aws.iam_mfa_device#module:serial_number).
      type: str
      returned: always
      sample: arn:aws:iam::123456789012:mfa/automation/build-bot
    enable_date:
      description:
        - V(null), since a device this run created is not assigned yet.
        - Not returned for a device that existed before the run (since version 0.2.0), because IAM has no call that
          reads one virtual device's user without listing the account's devices. Use
          M(mfaops.aws.iam_virtual_mfa_device_info) or M(mfaops.aws.iam_mfa_device) for the assignment.
      type: str
      returned: when the device was created by this run
      sample: null
    user:
      description:
        - V(null), since a device this run created is not assigned yet.
        - Not returned for a device that existed before the run (since version 0.2.0), as RV(virtual_mfa_device.enable_date).
        - The user of an assigned device is listed, in the same form, in
          RV(mfaops.aws.iam_virtual_mfa_device_info#module:virtual_mfa_devices[].user).
      type: dict
      returned: when the device was created by this run
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
"""

from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import caller_account
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import create_virtual_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import deactivate_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import delete_virtual_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import find_assigned_virtual_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import iam_client
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import list_mfa_device_tags
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import list_virtual_mfa_devices
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import normalize_virtual_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import serial_number_resource
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import sts_client
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import tag_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import untag_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import virtual_mfa_device_secrets
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import MFAIAMError
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import fail_with_iam_error
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import is_iam_error_code
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import on_iam_failure
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import VIRTUAL_MFA_DEVICE_NAME
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import InvalidParameterError
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import check_path
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import check_serial_number_parts
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import check_tag_count_after_merge
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import check_tags
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import check_text
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import fail_on_rejected_parameter
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import mask_secret_params
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import virtual_mfa_device_serial_number
from ansible_collections.mfaops.aws.plugins.module_utils.module_results import exit_with
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import SEALED_RESULT_KEY
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import SEALING_KEY_OPTION
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import SealError
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import SealingUnavailable
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import check_sealing_key
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import seal

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

# Set by this collection's action plugin when the task runs with async.
ASYNC_OPTION = "_async_task"

# LimitExceeded, by the action that got it: each call's own limit (mfa_errors' default is about resyncs).
TAG_ADVICE = {
    "LimitExceeded": "IAM refused because the device would have more than 50 tags. Give fewer tags, or set purge_tags: true.",
    "NoSuchEntity": "The device was deleted while this task ran. Run the task again to create it.",
}
CREATE_LIMIT_ADVICE = {
    "LimitExceeded": (
        "IAM refused because the account has as many MFA devices as its quota allows (IAM's 'MFA devices in use' quota). "
        "Delete virtual MFA devices no one uses (mfaops.aws.iam_virtual_mfa_device_info with assignment_status: Unassigned "
        "lists them), or ask AWS for a higher quota."
    ),
}
# Deleting and deactivating: IAM documents LimitExceeded for both without saying which limit.
# (NoSuchEntity from either is no failure: another run got there first.)
REMOVAL_ADVICE = {
    "LimitExceeded": "IAM refused because one of its limits was exceeded; IAM's message below says which. Wait a few minutes, then run again.",
    # Only after the device was found unassigned or deactivated: someone enabled it while this task ran.
    "DeleteConflict": "IAM reports that the device is assigned to a user again: it was enabled while this task ran. Run the task again.",
}
ADVICE_BY_PERMISSION = {
    "iam:CreateVirtualMFADevice": CREATE_LIMIT_ADVICE,
    "iam:TagMFADevice": TAG_ADVICE,
    "iam:UntagMFADevice": TAG_ADVICE,
    "iam:DeactivateMFADevice": REMOVAL_ADVICE,
    "iam:DeleteVirtualMFADevice": REMOVAL_ADVICE,
}


def read_request(module) -> dict:
    """The validated parameters; InvalidParameterError or SealError, before any AWS call, when one breaks a rule."""
    params = module.params
    request = dict(
        name=check_text("name", params["name"], VIRTUAL_MFA_DEVICE_NAME),
        path=check_path("path", params["path"]),
        tags=check_tags("tags", params["tags"]),
        purge_tags=params["purge_tags"],
        force=params["force"],
        sealing_key=check_sealing_key(params[SEALING_KEY_OPTION]),
        async_task=bool(params[ASYNC_OPTION]),
    )
    check_serial_number_parts(request["path"], request["name"])
    return request


def device_serial_number(module, request: dict) -> str:
    """The serial number of the device at request's path and name: arn:PARTITION:iam::ACCOUNT:mfa/PATH/NAME.

    The account comes from STS GetCallerIdentity, which any credentials may call: no IAM call, and
    no listing of the account's devices, is needed to name the device.
    """
    with on_iam_failure("Could not learn the account ID of the credentials in use"):
        partition, account_id = caller_account(sts_client(module))
    check_serial_number_parts(request["path"], request["name"], partition, account_id)
    return virtual_mfa_device_serial_number(partition, account_id, request["path"], request["name"])


def read_tags(client, serial_number: str):
    """The device's tags, or None when it does not exist (ListMFADeviceTags answers NoSuchEntity)."""
    try:
        with on_iam_failure(f"Could not list the tags of virtual MFA device {serial_number}"):
            return list_mfa_device_tags(client, serial_number)
    except MFAIAMError as error:
        if not is_iam_error_code(error, "NoSuchEntity"):
            raise
        return None


def find_owner(client, serial_number: str):
    """The user the device is assigned to (boto3 form), or None. Pages through the assigned devices: only
    check mode and a deletion IAM refused (DeleteConflict) need it, since no IAM call names one device's user."""
    with on_iam_failure(f"Could not find the user virtual MFA device {serial_number} is assigned to"):
        device = find_assigned_virtual_mfa_device(client, serial_number)
    return (device or {}).get("User")


def describe_owner(user: dict) -> str:
    if user.get("UserName"):
        return f"IAM user {user['UserName']}"
    return f"{user.get('Arn') or 'an unnamed principal'}"


def is_root_user(user: dict) -> bool:
    return str(user.get("Arn", "")).endswith(":root")


def device_state(request: dict, tags=None, **assignment) -> dict:
    """What diff mode shows of a device: never its seed or QR code."""
    state = dict(name=request["name"], path=request["path"], **assignment)
    if tags is not None:
        state["tags"] = tags
    return state


def same_name_elsewhere(client, request: dict) -> list:
    """Serial numbers of devices with request's name at another path (lists the account: only after IAM refused a creation)."""
    try:
        devices = list_virtual_mfa_devices(client)
    except MFAIAMError:
        return []  # only to improve a failure's message
    found = []
    for device in devices:
        resource = serial_number_resource(device["SerialNumber"]) or ""
        if resource.rsplit("/", 1)[-1] == request["name"] and resource != request["path"] + request["name"]:
            found.append(device["SerialNumber"])
    return found


def refuse_creation_in_async(module, serial_number: str) -> None:
    module.fail_json(
        msg=f"Virtual MFA device {serial_number} does not exist, and this task runs with async, so it was not created: ansible "
        "writes an async task's result to a job file on the managed host, where the new device's seed would stay in clear "
        "text. Create the device in a task without async (keep no_log: true on it)."
    )


def create(client, request: dict) -> dict:
    """Create the device; returns the result keys that describe it, its seed and QR code included."""
    try:
        with on_iam_failure(f"Could not create virtual MFA device {request['name']} at path {request['path']}"):
            created = create_virtual_mfa_device(client, request["name"], request["path"], request["tags"])
    except MFAIAMError as error:
        if is_iam_error_code(error, "EntityAlreadyExists"):
            elsewhere = same_name_elsewhere(client, request)
            if elsewhere:
                error.summary += (
                    f": IAM reports that it exists, and a device with the same name exists at another path ({', '.join(elsewhere)}); "
                    "set path to that device's path, or choose another name"
                )
            else:
                error.summary += (
                    ": IAM reports that it exists although it did not a moment ago (it may have been created meanwhile); "
                    "IAM never shows its seed again, so if no one holds the seed, delete it (state: absent) and run the task again"
                )
        raise
    device = normalize_virtual_mfa_device(created)
    device["tags"] = dict(request["tags"] or {})
    secrets = virtual_mfa_device_secrets(created)
    if request["sealing_key"]:
        # For the action plugin, which opens them after ansible-core's debug trace of this output.
        return {
            "virtual_mfa_device": device,
            SEALED_RESULT_KEY: seal(request["sealing_key"], dict(virtual_mfa_device=secrets)),
        }
    device.update(secrets)
    return dict(virtual_mfa_device=device)


def update_tags(module, client, serial_number: str, current: dict, request: dict) -> tuple:
    """Bring the device's tags to the request; returns (changed, tags after).

    Tags are added before others are removed, so a failure never leaves the device with fewer
    tags than both the old and the new set. A removal that fails after the additions were made
    reports changed: true with the failure.
    """
    if request["tags"] is None:
        return False, current
    to_set, to_unset = compare_aws_tags(current, request["tags"], purge_tags=request["purge_tags"])
    if not to_set and not to_unset:
        return False, current
    check_tag_count_after_merge("tags", current, to_set, to_unset)
    if not module.check_mode:
        summary = f"Could not update the tags of virtual MFA device {serial_number}"
        if to_set:
            with on_iam_failure(summary + "; none were changed"):
                tag_mfa_device(client, serial_number, to_set)
        if to_unset:
            done = (
                f"; the tags given were set ({len(to_set)} added or updated), but {len(to_unset)} to remove are still there"
                if to_set
                else ""
            )
            with on_iam_failure(summary + done, changed=bool(to_set)):
                untag_mfa_device(client, serial_number, to_unset)
    after = {key: value for key, value in current.items() if key not in to_unset}
    after.update(to_set)
    return True, after


def ensure_present(module, client, request: dict) -> None:
    serial_number = device_serial_number(module, request)
    tags_before = read_tags(client, serial_number)
    if tags_before is None:
        after = device_state(request, dict(request["tags"] or {}), user_name=None)
        if module.check_mode:
            exit_with(module, True, {}, after)
        elif request["async_task"]:
            refuse_creation_in_async(module, serial_number)
        else:
            exit_with(module, True, {}, after, **create(client, request))
        return

    changed, tags_after = update_tags(module, client, serial_number, tags_before, request)
    exit_with(
        module,
        changed,
        device_state(request, tags_before),
        device_state(request, tags_after),
        virtual_mfa_device=dict(serial_number=serial_number, tags=tags_after),
    )


def refuse_assigned(module, request: dict, serial_number: str, user: dict) -> None:
    """Fail when the device is assigned and force does not allow deactivating it."""
    owner = describe_owner(user)
    device = dict(serial_number=serial_number, user_name=user.get("UserName"))
    if is_root_user(user):
        module.fail_json(
            msg=f"Virtual MFA device {serial_number} is assigned to the account's root user ({owner}); only the root user "
            "can deactivate it, so it cannot be deleted here, even with force: true.",
            virtual_mfa_device=device,
        )
    if not request["force"]:
        module.fail_json(
            msg=f"Virtual MFA device {serial_number} is assigned to {owner}, so it cannot be deleted. Deactivate it first "
            f"with mfaops.aws.iam_mfa_device (user_name: {user.get('UserName')}, serial_number: {serial_number}, state: absent), "
            "or set force: true to deactivate it and then delete it.",
            virtual_mfa_device=device,
        )


def deactivate(client, serial_number: str, user_name: str) -> bool:
    """Deactivate the device for user_name; False when it was no longer enabled for them (another run got there first)."""
    try:
        with on_iam_failure(f"Could not deactivate virtual MFA device {serial_number} for user {user_name}"):
            deactivate_mfa_device(client, user_name, serial_number)
        return True
    except MFAIAMError as error:
        if not is_iam_error_code(error, "NoSuchEntity"):
            raise
        return False


def delete(client, serial_number: str, conflict_fails: bool = False, **result):
    """Delete the device: True when deleted, False when it did not exist (NoSuchEntity: another run got there first),
    None when IAM refused because it is assigned (DeleteConflict), unless conflict_fails."""
    try:
        with on_iam_failure(f"Could not delete virtual MFA device {serial_number}", **result):
            delete_virtual_mfa_device(client, serial_number)
        return True
    except MFAIAMError as error:
        if is_iam_error_code(error, "NoSuchEntity"):
            return False
        if is_iam_error_code(error, "DeleteConflict") and not conflict_fails:
            return None
        raise


def ensure_absent(module, client, request: dict) -> None:
    """Delete the device, with DeleteVirtualMFADevice first: it refuses an assigned device (DeleteConflict),
    and only then is its user looked up, to deactivate it (force) or name the user in the failure."""
    serial_number = device_serial_number(module, request)
    if module.check_mode:
        if read_tags(client, serial_number) is None:
            exit_with(module, False, {}, {})
            return
        user = find_owner(client, serial_number)
        if user:
            refuse_assigned(module, request, serial_number, user)
        exit_with(module, True, device_state(request, user_name=(user or {}).get("UserName")), {})
        return

    deleted = delete(client, serial_number)
    if deleted is not None:
        exit_with(module, deleted, device_state(request, user_name=None) if deleted else {}, {})
        return
    user = find_owner(client, serial_number)
    if not user:
        # Deactivated by another run since the refusal: deleting is all that is left.
        deleted = delete(client, serial_number, conflict_fails=True)
        exit_with(module, deleted, device_state(request) if deleted else {}, {})
        return
    refuse_assigned(module, request, serial_number, user)
    user_name = user["UserName"]
    deactivated = deactivate(client, serial_number, user_name)
    deleted = delete(client, serial_number, conflict_fails=True, changed=deactivated)
    exit_with(module, deactivated or deleted, device_state(request, user_name=user_name), {})


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
            _async_task=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    try:
        request = read_request(module)
        client = iam_client(module)
        if module.params["state"] == "present":
            ensure_present(module, client, request)
        else:
            ensure_absent(module, client, request)
    except InvalidParameterError as error:
        fail_on_rejected_parameter(module, error, secret_options=())
    except SealError as error:
        mask_secret_params(module.params, [SEALING_KEY_OPTION])
        module.fail_json(msg=f"{SEALING_KEY_OPTION} is set by this collection's action plugin; {error}.")
    except SealingUnavailable as error:
        # Never the secrets in clear instead: fail before the device is created.
        module.fail_json(msg=str(error))
    except MFAIAMError as error:
        fail_with_iam_error(module, error, ADVICE_BY_PERMISSION)


if __name__ == "__main__":
    main()
