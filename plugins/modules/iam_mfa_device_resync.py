#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iam_mfa_device_resync
version_added: 0.1.0
short_description: Resynchronize an IAM user's MFA device whose clock has drifted
description:
  - Resynchronizes an MFA device assigned to an IAM user with AWS, using two consecutive
    codes from the device (IAM API action C(ResyncMFADevice)).
  - Use it when a device's codes are rejected because its clock has drifted from AWS's.
  - The codes are checked locally against the IAM API rules before any AWS call, and they
    never appear in the results or in messages.
  - When O(serial_number) is omitted the module lists the user's MFA devices and resyncs
    the only one that shows codes; with no such device or several it fails and lists what it found.
  - FIDO security keys and passkeys (serial numbers C(arn:aws:iam::ACCOUNT:u2f/...)) have no
    codes and no clock to drift, so IAM cannot resync them. Serial discovery leaves them out, and
    a FIDO serial number given in O(serial_number) is refused before any AWS call.
  - Give the two codes, O(authentication_code_1) and O(authentication_code_2), or, for a virtual device
    whose seed your automation holds, O(seed) instead; the module then computes the two consecutive codes
    itself, right before it calls IAM.
author:
  - mfaops.aws contributors (@mfaops)
attributes:
  check_mode:
    support: full
    details:
      - Makes no change. Lists the user's MFA devices to confirm the user exists and
        the device is assigned to that user, fails where a real run would fail for those
        reasons, and otherwise reports a change (C(changed=true)).
      - The codes are validated locally but not sent, so rejected codes are only found in a real run.
      - If listing is denied, the module warns and predicts a change.
  diff_mode:
    support: none
notes:
  - IAM permissions needed are C(iam:ResyncMFADevice), plus C(iam:ListMFADevices) for check mode
    and when O(serial_number) is omitted.
extends_documentation_fragment: [
  mfaops.aws.common.codes, mfaops.aws.common, mfaops.aws.seed,
  amazon.aws.common.modules, amazon.aws.region.modules, amazon.aws.boto3,
  ansible.builtin.action_common_attributes, ansible.builtin.action_common_attributes.actiongroups]
"""

EXAMPLES = r"""
- name: Resync Alice's MFA device with two consecutive codes read from it
  mfaops.aws.iam_mfa_device_resync:
    user_name: alice
    serial_number: arn:aws:iam::123456789012:mfa/alice
    authentication_code_1: "482915"
    authentication_code_2: "730264"

- name: Check, without changing anything, that Alice's only device can be resynced
  mfaops.aws.iam_mfa_device_resync:
    user_name: alice
    authentication_code_1: "482915"
    authentication_code_2: "730264"
  check_mode: true

- name: Resync the only MFA device of a user that shows codes, finding its serial number
  mfaops.aws.iam_mfa_device_resync:
    user_name: alice
    authentication_code_1: "{{ code_1 }}"
    authentication_code_2: "{{ code_2 }}"
  register: resync

- name: Resync a virtual device whose seed automation holds; the module computes the codes when it calls IAM
  mfaops.aws.iam_mfa_device_resync:
    user_name: build-bot
    serial_number: arn:aws:iam::123456789012:mfa/build-bot
    seed: "{{ vault_build_bot_mfa_seed }}"

# Codes from the totp lookup instead: both from one query, templated once by set_fact.
# Never compute them in the task's vars, which Ansible templates again at each use.
- name: Take two consecutive codes
  ansible.builtin.set_fact:
    build_bot_codes: "{{ query('mfaops.aws.totp', vault_build_bot_mfa_seed, count=2) }}"
  no_log: true

- name: Resync with those codes
  mfaops.aws.iam_mfa_device_resync:
    user_name: build-bot
    authentication_code_1: "{{ build_bot_codes[0] }}"
    authentication_code_2: "{{ build_bot_codes[1] }}"

# A play that asks a helpdesk operator for the codes without echoing them
- name: Resync an MFA device
  hosts: localhost
  gather_facts: false
  vars_prompt:
    - name: user_name
      prompt: IAM user name
      private: false
    - name: code_1
      prompt: First code shown by the device
      private: true
    - name: code_2
      prompt: The next code shown by the device
      private: true
  tasks:
    - name: Resync the user's MFA device
      mfaops.aws.iam_mfa_device_resync:
        user_name: "{{ user_name }}"
        authentication_code_1: "{{ code_1 }}"
        authentication_code_2: "{{ code_2 }}"

# Credentials and endpoint set once for this collection and amazon.aws
- name: Resync with shared connection settings
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/mfaops.aws.aws:
      profile: helpdesk
      region: us-east-1
  tasks:
    - name: Look at the user's devices with amazon.aws
      amazon.aws.iam_mfa_device_info:
        user_name: alice
    - name: Resync the device
      mfaops.aws.iam_mfa_device_resync:
        user_name: alice
        authentication_code_1: "{{ code_1 }}"
        authentication_code_2: "{{ code_2 }}"
"""

RETURN = r"""
user_name:
  description: Name of the IAM user whose device was resynchronized.
  returned: success
  type: str
  sample: alice
serial_number:
  description: Serial number of the device that was resynchronized, given or discovered.
  returned: success
  type: str
  sample: arn:aws:iam::123456789012:mfa/alice
mfa_devices:
  description:
    - The user's MFA devices, FIDO security keys included, when O(serial_number) was omitted and the user
      has no device that shows codes, or several.
    - Returned with the failure, so that the right O(serial_number) can be chosen.
  returned: failure to choose a device
  type: list
  elements: dict
  contains:
    serial_number:
      description: Serial number of the device.
      type: str
      sample: arn:aws:iam::123456789012:mfa/alice
    user_name:
      description: The user the device is assigned to.
      type: str
      sample: alice
    enable_date:
      description: When the device was enabled for the user.
      type: str
      sample: "2026-11-01T09:30:00+00:00"
"""

from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import iam_client
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import resync_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import user_mfa_devices
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import MFAIAMError
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import fail_with_iam_error
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import on_iam_failure
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import AUTHENTICATION_CODE_OPTIONS
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import SEED_OPTION
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import SERIAL_NUMBER
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import USER_NAME
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import InvalidParameterError
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import authentication_codes
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import check_text
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import check_totp_serial_number
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import fail_on_rejected_parameter
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import is_fido_security_key
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import read_secrets
from ansible_collections.mfaops.aws.plugins.module_utils.module_warnings import warn

from ansible_collections.amazon.aws.plugins.module_utils.iam import normalize_iam_mfa_devices
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

# Listing a user's devices names no device, so NoSuchEntity can only mean the user.
ADVICE_BY_PERMISSION = {"iam:ListMFADevices": {"NoSuchEntity": "IAM does not know this user. Check user_name."}}


def read_request(module) -> tuple:
    """The validated parameters and secrets; InvalidParameterError, before any AWS call, when one breaks an IAM rule."""
    params = module.params
    secrets = read_secrets(module, required=True)
    request = dict(user_name=check_text("user_name", params["user_name"], USER_NAME), serial_number=None)
    if params["serial_number"] is not None:
        serial_number = check_text("serial_number", params["serial_number"], SERIAL_NUMBER)
        request["serial_number"] = check_totp_serial_number("serial_number", serial_number)
    return request, secrets


def only_device_serial(module, user_name: str, devices: list) -> str:
    """The serial number of the user's only device that shows codes; fails listing the devices when there is not exactly one.

    FIDO security keys and passkeys have no clock to drift and cannot be resynced, so they do not count.
    """
    totp_devices = [device for device in devices if not is_fido_security_key(device["SerialNumber"])]
    if len(totp_devices) == 1:
        return totp_devices[0]["SerialNumber"]
    found = normalize_iam_mfa_devices(devices)
    if not devices:
        module.fail_json(msg=f"User {user_name} has no MFA device, so there is nothing to resync.", mfa_devices=found)
    if not totp_devices:
        keys = ", ".join(device["serial_number"] for device in found)
        module.fail_json(
            msg=f"User {user_name} has only FIDO security keys or passkeys ({keys}). They have no codes and no clock "
            "to drift, so IAM cannot resync them: there is nothing to resync.",
            mfa_devices=found,
        )
    serials = ", ".join(device["SerialNumber"] for device in totp_devices)
    module.fail_json(
        msg=f"User {user_name} has {len(totp_devices)} MFA devices that show codes ({serials}); set serial_number to the one to resync.",
        mfa_devices=found,
    )


def confirm_assignment(module, user_name: str, serial_number: str, devices: list) -> None:
    if all(device["SerialNumber"] != serial_number for device in devices):
        assigned = ", ".join(device["SerialNumber"] for device in devices) or "none"
        module.fail_json(
            msg=f"MFA device {serial_number} is not assigned to user {user_name} (the user's devices: {assigned}).",
            mfa_devices=normalize_iam_mfa_devices(devices),
        )


def resync(module, request: dict, secrets: dict) -> None:
    user_name = request["user_name"]
    client = iam_client(module)

    if request["serial_number"] is None:
        devices = user_mfa_devices(client, user_name)
        request["serial_number"] = only_device_serial(module, user_name, devices)
    elif module.check_mode:
        devices = user_mfa_devices(client, user_name, tolerated_code="AccessDenied")
        if devices is None:
            warn(
                module,
                f"Listing the MFA devices of user {user_name} was denied, so check mode could not confirm that the "
                f"device is assigned to that user; predicting a change.",
            )
        else:
            confirm_assignment(module, user_name, request["serial_number"], devices)

    if not module.check_mode:
        # With seed, the codes are computed here, right before the call: nothing can make them stale or split.
        codes = authentication_codes(module, secrets)
        with on_iam_failure(f"Could not resync MFA device {request['serial_number']} of user {user_name}"):
            resync_mfa_device(client, user_name, request["serial_number"], codes)

    module.exit_json(changed=True, user_name=user_name, serial_number=request["serial_number"])


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            user_name=dict(type="str", required=True),
            serial_number=dict(type="str"),
            authentication_code_1=dict(type="raw", no_log=True),
            authentication_code_2=dict(type="raw", no_log=True),
            seed=dict(type="raw", no_log=True),
        ),
        required_together=[AUTHENTICATION_CODE_OPTIONS],
        required_one_of=[("authentication_code_1", SEED_OPTION)],
        mutually_exclusive=[(option, SEED_OPTION) for option in AUTHENTICATION_CODE_OPTIONS],
        supports_check_mode=True,
    )
    try:
        request, secrets = read_request(module)
        resync(module, request, secrets)
    except InvalidParameterError as error:
        fail_on_rejected_parameter(module, error)
    except MFAIAMError as error:
        fail_with_iam_error(module, error, ADVICE_BY_PERMISSION)


if __name__ == "__main__":
    main()
