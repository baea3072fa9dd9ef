#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iam_virtual_mfa_device_info
version_added: 0.1.0
short_description: List the IAM virtual MFA devices of an AWS account
description:
  - Lists the virtual MFA devices of the account, with the user each one is assigned to
    (IAM API action C(ListVirtualMFADevices), following every page to the end).
  - Never returns a device's seed or QR code, whatever the endpoint sends; IAM shows those only
    when a device is created (see M(mfaops.aws.iam_virtual_mfa_device)).
  - Does not return the devices' tags, which listing does not give.
author:
  - mfaops.aws contributors (@mfaops)
options:
  assignment_status:
    description:
      - Which devices to list.
      - V(Assigned) lists the devices enabled for a user, V(Unassigned) the others, V(Any) all of them.
    required: false
    type: str
    choices: [Assigned, Unassigned, Any]
    default: Any
attributes:
  check_mode:
    support: full
    details:
      - The module only reads, so it runs the same in check mode.
  diff_mode:
    support: none
notes:
  - The IAM permission needed is C(iam:ListVirtualMFADevices).
seealso:
  - module: mfaops.aws.iam_virtual_mfa_device
  - module: amazon.aws.iam_mfa_device_info
extends_documentation_fragment: [
  mfaops.aws.common,
  amazon.aws.common.modules, amazon.aws.region.modules, amazon.aws.boto3,
  ansible.builtin.action_common_attributes, ansible.builtin.action_common_attributes.actiongroups]
"""

EXAMPLES = r"""
- name: List all the virtual MFA devices of the account
  mfaops.aws.iam_virtual_mfa_device_info:
  register: devices

- name: List the virtual MFA devices that no user has enabled
  mfaops.aws.iam_virtual_mfa_device_info:
    assignment_status: Unassigned
  register: unassigned

- name: Show who has each assigned device
  ansible.builtin.debug:
    msg: "{{ item.serial_number }} is enabled for {{ item.user.user_name }} since {{ item.enable_date }}"
  loop: "{{ devices.virtual_mfa_devices | selectattr('user') | list }}"
  loop_control:
    label: "{{ item.serial_number }}"

- name: Fail when a virtual MFA device lies around unassigned
  ansible.builtin.assert:
    that: unassigned.virtual_mfa_devices == []
    fail_msg: "Unassigned devices: {{ unassigned.virtual_mfa_devices | map(attribute='serial_number') | join(', ') }}"
"""

RETURN = r"""
virtual_mfa_devices:
  description:
    - The virtual MFA devices with the requested assignment status, in the order IAM lists them.
    - Never holds seeds or QR codes.
  returned: always
  type: list
  elements: dict
  contains:
    serial_number:
      description: Serial number (ARN) of the device.
      type: str
      sample: arn:aws:iam::123456789012:mfa/alice
    enable_date:
      description: When the device was enabled for its user; V(null) when it is not assigned.
      type: str
      sample: "2026-11-01T09:30:00+00:00"
    user:
      description: The IAM user the device is assigned to; V(null) when it is not assigned.
      type: dict
      contains:
        user_name:
          description: Name of the user.
          type: str
          sample: alice
        arn:
          description: ARN of the user.
          type: str
          sample: arn:aws:iam::123456789012:user/alice
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
    - serial_number: arn:aws:iam::123456789012:mfa/alice
      enable_date: "2026-11-01T09:30:00+00:00"
      user:
        user_name: alice
        arn: arn:aws:iam::123456789012:user/alice
        user_id: AIDACKCEVSQ6C2EXAMPLE
        path: /
        create_date: "2026-10-01T08:00:00+00:00"
        tags: {}
    - serial_number: arn:aws:iam::123456789012:mfa/spare
      enable_date: null
      user: null
"""

from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import iam_client
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import list_virtual_mfa_devices
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import normalize_virtual_mfa_device
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import virtual_mfa_device_without_secrets
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import MFAIAMError
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import fail_with_iam_error
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import on_iam_failure
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import ASSIGNMENT_STATUSES

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            assignment_status=dict(type="str", default="Any", choices=list(ASSIGNMENT_STATUSES)),
        ),
        supports_check_mode=True,
    )
    assignment_status = module.params["assignment_status"]
    client = iam_client(module)
    try:
        with on_iam_failure(f"Could not list the virtual MFA devices (assignment status {assignment_status})"):
            devices = list_virtual_mfa_devices(client, assignment_status)
    except MFAIAMError as error:
        fail_with_iam_error(module, error)
    # IAM sends seeds and QR codes only on creation; drop them here whatever the endpoint sent.
    devices = [virtual_mfa_device_without_secrets(device) for device in devices]
    module.exit_json(changed=False, virtual_mfa_devices=[normalize_virtual_mfa_device(device) for device in devices])


if __name__ == "__main__":
    main()
