# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    # Every module of the collection. The retry policy is MFA_RETRY in plugins/module_utils/mfa_devices.py;
    # the action group is in meta/runtime.yml; the failure result is amazon.aws's fail_json_aws.
    # Its attributes complete ansible.builtin.action_common_attributes, which each module lists after it.
    DOCUMENTATION = r"""
options: {}
attributes:
  platform:
    platforms: all
  action_group:
    support: full
    membership:
      - mfaops.aws.aws
notes:
  - API calls are retried with jittered backoff on throttling, C(ConcurrentModification) and
    C(ServiceFailure), at most ten attempts and 31 seconds of waiting in all (random waits of
    at most 1, 2 and then 4 seconds). Other errors, such as rejected codes, C(NoSuchEntity),
    C(LimitExceeded) and C(EntityTemporarilyUnmodifiable), are never retried.
  - The module group C(group/mfaops.aws.aws) extends C(group/amazon.aws.aws), so one
    C(module_defaults) entry sets credentials for both collections.
  - When AWS answers a call with an error, the failure result has, besides C(msg), the keys C(error) and
    C(response_metadata), as every amazon.aws module's. C(error.code) is the IAM error code, for example
    C(InvalidAuthenticationCode), C(NoSuchEntity), C(EntityAlreadyExists), C(DeleteConflict) or
    C(AccessDenied), and C(error.message) the message IAM returned. C(response_metadata.http_status_code)
    is the HTTP status of the failed call, for example C(403) for rejected codes or a denied call and
    C(409) for C(DeleteConflict), and C(response_metadata.request_id) the AWS request ID, useful when
    contacting AWS support.
"""

    # The modules that take two consecutive codes (authentication_code_1 and authentication_code_2) or a seed:
    # the options they share (each module adds whether serial_number is required), and notes on the codes.
    CODES = r"""
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
    type: str
  authentication_code_1:
    description:
      - A code shown by the device, exactly six digits, as a string.
      - Quote it in YAML (see the notes).
      - A value that is not a string or a six-digit integer (a list, for example) is refused before it
        is used anywhere, so that no part of it becomes a no_log mask.
    required: false
    type: raw
  authentication_code_2:
    description:
      - The code the device shows next, right after O(authentication_code_1); exactly six digits.
      - Given together with O(authentication_code_1), and quoted in YAML as that one.
    required: false
    type: raw
notes:
  - The two codes must be consecutive and are valid for a short time only. Read them from the
    device just before running the task. For a virtual device whose seed you hold, give O(seed)
    rather than computing codes with the P(mfaops.aws.totp#lookup) lookup.
  - Quote codes in YAML. An unquoted code with a leading zero, such as C(012345), is read by YAML
    as an octal integer; the module detects this and fails asking you to quote it.
"""
