#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iam_mfa_audit_info
version_added: 0.2.0
short_description: Audit the MFA of every IAM user and of the root user of an AWS account
description:
  - Answers, for a whole account, the questions of AWS Security Hub's controls IAM.5 (console users
    without MFA, CIS 1.10), IAM.19 (users without MFA), IAM.9 (root user without MFA) and IAM.6
    (root user without hardware MFA), and lists the virtual MFA devices no user has.
  - Reads IAM's credential report (C(GenerateCredentialReport), C(GetCredentialReport)), which
    gives every user's console password and MFA status at once, and reconciles it with a fresh
    listing of the virtual MFA devices (C(ListVirtualMFADevices), 1,000 a call) and
    C(GetAccountSummary).
  - Calls C(ListMFADevices) only for a user whose report says MFA is active but who has no virtual
    device now, to tell a hardware token from a FIDO security key (or find the MFA gone). So the
    number of calls does not grow with the users whose MFA is virtual or absent; see O(all_devices).
  - IAM regenerates the credential report at most every 4 hours, so the report can be up to
    4 hours old. The module returns its generation time. What the reconciliation cannot see in
    a report that old - a user created since without a virtual device, a user deleted since
    without MFA, a console password added or removed since, a hardware or FIDO device enabled
    since for a user who had no MFA - is as the report says.
  - Read-only. Never returns a seed or a QR code.
author:
  - mfaops.aws contributors (@mfaops)
options:
  all_devices:
    description:
      - List the devices (C(ListMFADevices)) of every user with MFA, not only of those without a
        virtual device.
      - By default, a user with a virtual device is shown with that device only. A user can have
        up to eight MFA devices of any kinds; one with a virtual device and a hardware or FIDO
        device shows only the virtual one, and RV(users[].mfa_devices) cannot show the others.
      - V(true) costs one more IAM call per user with a virtual device (about 5,000 calls, and
        minutes, for 5,000 such users).
    type: bool
    default: false
  user_names:
    description:
      - Audit only these users. A name IAM does not know is left out of RV(users) with a warning.
      - Costs no extra call; the account-wide parts of the answer (RV(account),
        RV(unassigned_virtual_mfa_devices)) are the same.
    type: list
    elements: str
  path_prefix:
    description:
      - Audit only the users whose path starts with this, for example V(/engineering/).
      - The credential report has no path, so this lists the users (C(ListUsers), one call per
        1,000 users, permission C(iam:ListUsers)); a user created since the report is then
        included too, with RV(users[].console_access) V(null).
    type: str
  report_timeout:
    description:
      - Seconds to wait, at most, while IAM generates the credential report (polling
        C(GenerateCredentialReport) every 0.5 to 5 seconds). The module fails if it is not ready
        by then.
    type: int
    default: 120
attributes:
  check_mode:
    support: full
    details:
      - The module only reads (C(GenerateCredentialReport) changes nothing a user can see but the
        report), so it runs the same in check mode.
  diff_mode:
    support: none
notes:
  - "IAM permissions needed: C(iam:GenerateCredentialReport), C(iam:GetCredentialReport),
    C(iam:ListVirtualMFADevices) and C(iam:GetAccountSummary) on V(*); C(iam:ListMFADevices) on
    the users (V(arn:aws:iam::ACCOUNT:user/*)); C(iam:ListUsers) on V(*) with O(path_prefix) only."
  - "IAM calls: about 5 (a report generation, polled until IAM has it; the report; the account
    summary; one C(ListVirtualMFADevices) per 1,000 virtual devices), plus one C(ListMFADevices)
    per user whose MFA is only hardware or FIDO (every MFA user with O(all_devices)), plus one
    C(ListUsers) per 1,000 users with O(path_prefix)."
  - A user missing from the report but holding a virtual device (created since) is included, with
    RV(users[].console_access) V(null).
seealso:
  - module: mfaops.aws.iam_virtual_mfa_device_info
  - module: amazon.aws.iam_mfa_device_info
  - name: Getting credential reports for your AWS account
    description: IAM's credential report and its 4-hour regeneration rule.
    link: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
  - name: Security Hub controls for IAM
    description: The IAM.5, IAM.6, IAM.9 and IAM.19 controls.
    link: https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html
extends_documentation_fragment: [
  mfaops.aws.common,
  amazon.aws.common.modules, amazon.aws.region.modules, amazon.aws.boto3,
  ansible.builtin.action_common_attributes, ansible.builtin.action_common_attributes.actiongroups]
"""

EXAMPLES = r"""
- name: Audit the MFA of the account
  mfaops.aws.iam_mfa_audit_info:
  register: audit

- name: Console users without MFA (Security Hub IAM.5, CIS 1.10)
  ansible.builtin.debug:
    msg: "{{ audit.users | selectattr('findings', 'contains', {'id': 'IAM.5', 'text': 'Console password without MFA'})
             | map(attribute='user_name') | list }}"

- name: Fail when the root user has no hardware MFA (IAM.6)
  ansible.builtin.assert:
    that: audit.account.findings | selectattr('id', 'equalto', 'IAM.6') | list == []

- name: Audit one team, with every device of each user
  mfaops.aws.iam_mfa_audit_info:
    path_prefix: /engineering/
    all_devices: true
  register: engineering

- name: Virtual devices left unassigned (they block a new enrolment under the same name)
  ansible.builtin.debug:
    msg: "{{ audit.unassigned_virtual_mfa_devices | map(attribute='serial_number') | list }}"
"""

RETURN = r"""
users:
  description: The audited IAM users, by user name. Never holds seeds or QR codes.
  returned: success
  type: list
  elements: dict
  contains:
    user_name:
      description: Name of the user.
      type: str
      sample: alice
    arn:
      description: ARN of the user.
      type: str
      sample: arn:aws:iam::123456789012:user/alice
    console_access:
      description:
        - Whether the user has a console password (the report's C(password_enabled)).
        - V(null) for a user created since the report was generated.
      type: bool
      sample: true
    mfa_active:
      description: Whether the user has an MFA device enabled.
      type: bool
      sample: true
    mfa_devices:
      description:
        - The user's MFA devices, as far as read (see O(all_devices)). Empty when MFA is not active.
      type: list
      elements: dict
      contains:
        serial_number:
          description: The device's serial number (an ARN for virtual and FIDO devices).
          type: str
          sample: arn:aws:iam::123456789012:mfa/alice
        type:
          description: V(virtual), V(hardware) (a TOTP token) or V(fido) (a security key).
          type: str
          sample: virtual
        enable_date:
          description: When the device was enabled for the user.
          type: str
          sample: "2026-11-01T09:30:00+00:00"
    findings:
      description:
        - "The controls the user fails: C(IAM.19) (no MFA) and C(IAM.5) (console password and no MFA)."
      type: list
      elements: dict
      contains:
        id:
          description: The Security Hub control ID.
          type: str
          sample: IAM.5
        text:
          description: What is wrong.
          type: str
          sample: Console password without MFA
  sample:
    - user_name: alice
      arn: arn:aws:iam::123456789012:user/alice
      console_access: true
      mfa_active: false
      mfa_devices: []
      findings:
        - {id: IAM.5, text: Console password without MFA}
        - {id: IAM.19, text: No MFA device}
unassigned_virtual_mfa_devices:
  description: The virtual MFA devices no user (nor the root user) has enabled.
  returned: success
  type: list
  elements: dict
  contains:
    serial_number:
      description: Serial number (ARN) of the device.
      type: str
      sample: arn:aws:iam::123456789012:mfa/spare
    tags:
      description:
        - The device's tags, when IAM's listing gave them; V(null) when it did not (IAM's
          C(ListVirtualMFADevices) documents them as left out; C(ListMFADeviceTags) reads them).
      type: dict
      sample: null
account:
  description: The root user and the account-level findings.
  returned: success
  type: dict
  contains:
    account_id:
      description: The account ID.
      type: str
      sample: "123456789012"
    root_mfa_enabled:
      description: Whether the root user has MFA (C(GetAccountSummary)'s C(AccountMFAEnabled)).
      type: bool
      sample: true
    root_mfa_virtual:
      description: Whether the root user has a virtual MFA device (listed with user ARN C(arn:...:root)).
      type: bool
      sample: false
    findings:
      description: C(IAM.9) (no root MFA) and C(IAM.6) (no hardware root MFA), as in RV(users[].findings).
      type: list
      elements: dict
      sample: [{id: IAM.6, text: Root user MFA is virtual, not hardware}]
summary:
  description: Counts for a dashboard, over the audited users.
  returned: success
  type: dict
  contains:
    users:
      description: Users audited.
      type: int
    console_users:
      description: Users with a console password.
      type: int
    mfa_active:
      description: Users with MFA.
      type: int
    virtual:
      description: Users with a virtual device.
      type: int
    hardware:
      description: Users with a hardware TOTP token (as far as read, see O(all_devices)).
      type: int
    fido:
      description: Users with a FIDO security key (as far as read, see O(all_devices)).
      type: int
    unassigned_virtual_mfa_devices:
      description: Virtual devices nobody has.
      type: int
    findings:
      description: How many users (or, for IAM.6 and IAM.9, whether the account) fail each control.
      type: dict
      sample: {IAM.5: 3, IAM.19: 7, IAM.6: 1, IAM.9: 0}
  sample:
    users: 120
    console_users: 80
    mfa_active: 63
    virtual: 60
    hardware: 3
    fido: 0
    unassigned_virtual_mfa_devices: 2
    findings: {IAM.5: 20, IAM.19: 57, IAM.6: 1, IAM.9: 0}
credential_report:
  description: The credential report the audit read.
  returned: success
  type: dict
  contains:
    generated_time:
      description: When IAM generated it (it may be up to 4 hours old).
      type: str
      sample: "2026-12-02T13:00:00+00:00"
"""

from ansible_collections.mfaops.aws.plugins.module_utils.account_summary import get_account_summary
from ansible_collections.mfaops.aws.plugins.module_utils.account_summary import root_mfa_enabled
from ansible_collections.mfaops.aws.plugins.module_utils.credential_report import ROOT_ROW_NAME
from ansible_collections.mfaops.aws.plugins.module_utils.credential_report import CredentialReportTimeout
from ansible_collections.mfaops.aws.plugins.module_utils.credential_report import parse_credential_report
from ansible_collections.mfaops.aws.plugins.module_utils.credential_report import wait_for_credential_report
from ansible_collections.mfaops.aws.plugins.module_utils.iam_users import MAX_PAGE_SIZE
from ansible_collections.mfaops.aws.plugins.module_utils.iam_users import list_users
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_device_kinds import DEVICE_KINDS
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_device_kinds import account_id_of_arn
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_device_kinds import is_root_arn
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_device_kinds import mfa_device_kind
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import iam_client
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import list_virtual_mfa_devices
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_devices import user_mfa_devices
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import MFAIAMError
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_errors import fail_with_iam_error
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import PATH
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import USER_NAME
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import InvalidParameterError
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import check_text
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import fail_on_rejected_parameter
from ansible_collections.mfaops.aws.plugins.module_utils.module_warnings import warn

from ansible_collections.amazon.aws.plugins.module_utils.botocore import normalize_boto3_result
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

# Security Hub's controls the audit checks: for each user, then for the account.
USER_CONTROLS = ("IAM.5", "IAM.19")
ACCOUNT_CONTROLS = ("IAM.9", "IAM.6")
# NoSuchEntity from listing a user's devices: the user was deleted after the report.
USER_GONE = "NoSuchEntity"


def finding(control: str, text: str) -> dict:
    return dict(id=control, text=text)


def read_request(module) -> dict:
    """The validated options; InvalidParameterError, before any AWS call, when one breaks an IAM rule."""
    params = module.params
    user_names = None
    if params["user_names"] is not None:
        user_names = {check_text("user_names", name, USER_NAME) for name in params["user_names"]}
    path_prefix = params["path_prefix"]
    if path_prefix is not None:
        check_text("path_prefix", path_prefix, PATH)
        if not path_prefix.startswith("/"):
            raise InvalidParameterError("path_prefix must begin with /.")
    if params["report_timeout"] < 0:
        raise InvalidParameterError("report_timeout must be 0 or more seconds.")
    return dict(
        user_names=user_names,
        path_prefix=path_prefix,
        all_devices=params["all_devices"],
        report_timeout=params["report_timeout"],
    )


def listed_device(device: dict) -> dict:
    """A device (boto3, from either listing) as the module returns it."""
    return dict(
        serial_number=device["SerialNumber"],
        type=mfa_device_kind(device["SerialNumber"]),
        enable_date=normalize_boto3_result(device.get("EnableDate")),
    )


def virtual_devices_by_owner(devices: list) -> tuple:
    """(assigned devices by user name, the root's devices, unassigned devices), from ListVirtualMFADevices."""
    by_user, root, unassigned = {}, [], []
    for device in devices:
        owner = device.get("User")
        if not owner:
            unassigned.append(device)
        elif is_root_arn(owner.get("Arn")):
            root.append(device)
        else:
            by_user.setdefault(owner.get("UserName"), []).append(dict(device, Arn=owner.get("Arn")))
    return by_user, root, unassigned


def audited_users(request: dict, rows: dict, virtual_by_user: dict, listed_users) -> dict:
    """{user name: (ARN, report row or None)} of the users to audit."""
    if listed_users is not None:
        # ListUsers is the fresh truth for the path: who exists now, with their ARN.
        candidates = {user["UserName"]: (user["Arn"], rows.get(user["UserName"])) for user in listed_users}
    else:
        candidates = {name: (row["arn"], row) for name, row in rows.items() if name != ROOT_ROW_NAME}
        for name, devices in virtual_by_user.items():
            candidates.setdefault(name, (devices[0]["Arn"], None))  # created since the report
    if request["user_names"] is not None:
        candidates = {name: value for name, value in candidates.items() if name in request["user_names"]}
    return candidates


def audit_user(client, request: dict, name: str, arn: str, row, virtual: list):
    """One user's entry, listing the user's devices only when the report and the virtual devices cannot tell; None if gone."""
    report_mfa = row["mfa_active"] if row is not None else None
    must_list = (request["all_devices"] and (report_mfa or virtual)) or (not virtual and report_mfa is not False)
    listed = user_mfa_devices(client, name, tolerated_code=USER_GONE) if must_list else virtual
    if listed is None:
        return None
    devices = [listed_device(device) for device in listed]
    console_access = row["password_enabled"] if row is not None else None
    mfa_active = bool(devices)
    findings = []
    if console_access and not mfa_active:
        findings.append(finding("IAM.5", "Console password without MFA"))
    if not mfa_active:
        findings.append(finding("IAM.19", "No MFA device"))
    return dict(
        user_name=name,
        arn=arn,
        console_access=console_access,
        mfa_active=mfa_active,
        mfa_devices=devices,
        findings=findings,
    )


def account_entry(rows: dict, summary: dict, root_devices: list, any_arn) -> dict:
    root_row = rows.get(ROOT_ROW_NAME)
    arn = root_row["arn"] if root_row is not None else any_arn
    enabled = root_mfa_enabled(summary)
    virtual = bool(root_devices)
    findings = []
    if not enabled:
        findings.append(finding("IAM.9", "Root user without MFA"))
        findings.append(finding("IAM.6", "Root user without hardware MFA"))
    elif virtual:
        findings.append(finding("IAM.6", "Root user MFA is virtual, not hardware"))
    return dict(
        account_id=account_id_of_arn(arn) if arn else None,
        root_mfa_enabled=enabled,
        root_mfa_virtual=virtual,
        findings=findings,
    )


def summarize(users: list, unassigned: list, account: dict) -> dict:
    kinds = {
        kind: sum(1 for user in users if any(device["type"] == kind for device in user["mfa_devices"]))
        for kind in DEVICE_KINDS
    }
    findings = {
        control: sum(1 for user in users if any(f["id"] == control for f in user["findings"]))
        for control in USER_CONTROLS
    }
    findings.update(
        {control: int(any(f["id"] == control for f in account["findings"])) for control in ACCOUNT_CONTROLS}
    )
    return dict(
        users=len(users),
        console_users=sum(1 for user in users if user["console_access"]),
        mfa_active=sum(1 for user in users if user["mfa_active"]),
        unassigned_virtual_mfa_devices=len(unassigned),
        findings=findings,
        **kinds,
    )


def audit(client, request: dict) -> dict:
    """The whole audit; AnsibleIAMError or CredentialReportTimeout on failure."""
    report = parse_credential_report(wait_for_credential_report(client, request["report_timeout"]))
    virtual_by_user, root_devices, unassigned = virtual_devices_by_owner(
        list_virtual_mfa_devices(client, "Any", page_size=MAX_PAGE_SIZE)
    )
    summary = get_account_summary(client)
    listed_users = list_users(client, request["path_prefix"]) if request["path_prefix"] is not None else None

    users = []
    for name, (arn, row) in sorted(audited_users(request, report["rows"], virtual_by_user, listed_users).items()):
        entry = audit_user(client, request, name, arn, row, virtual_by_user.get(name, []))
        if entry is not None:
            users.append(entry)
    any_arn = users[0]["arn"] if users else None
    account = account_entry(report["rows"], summary, root_devices, any_arn)
    unassigned_devices = [
        dict(
            serial_number=device["SerialNumber"],
            tags=boto3_tag_list_to_ansible_dict(device["Tags"]) if "Tags" in device else None,
        )
        for device in unassigned
    ]
    return dict(
        users=users,
        unassigned_virtual_mfa_devices=unassigned_devices,
        account=account,
        summary=summarize(users, unassigned_devices, account),
        credential_report=dict(generated_time=report["generated_time"]),
    )


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            all_devices=dict(type="bool", default=False),
            user_names=dict(type="list", elements="str"),
            path_prefix=dict(type="str"),
            report_timeout=dict(type="int", default=120),
        ),
        supports_check_mode=True,
    )
    try:
        request = read_request(module)
        client = iam_client(module)
        result = audit(client, request)
    except InvalidParameterError as error:
        fail_on_rejected_parameter(module, error, secret_options=())
    except CredentialReportTimeout as error:
        module.fail_json(msg=f"{error}. Run again later, or raise report_timeout.")
    except MFAIAMError as error:
        # One summary for every call: which one failed is in error.message.
        error.summary = f"Could not audit the account's MFA ({error.message})"
        fail_with_iam_error(module, error)
    missing = sorted((request["user_names"] or set()) - {user["user_name"] for user in result["users"]})
    if missing:
        warn(module, f"IAM does not know these user_names, which are left out: {', '.join(missing)}")
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
