# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    # Every module of the collection. The retry policy is MFA_RETRY in plugins/module_utils/mfa_devices.py;
    # the action group is in meta/runtime.yml.
    DOCUMENTATION = r"""
options: {}
notes:
  - API calls are retried with jittered backoff on throttling, C(ConcurrentModification) and
    C(ServiceFailure), at most ten attempts and 31 seconds of waiting in all (random waits of
    at most 1, 2 and then 4 seconds). Other errors, such as rejected codes, C(NoSuchEntity),
    C(LimitExceeded) and C(EntityTemporarilyUnmodifiable), are never retried.
  - The module group C(group/mfaops.aws.aws) extends C(group/amazon.aws.aws), so one
    C(module_defaults) entry sets credentials for both collections.
"""

    # The modules that take two consecutive codes (authentication_code_1 and authentication_code_2) or a seed.
    CODES = r"""
options: {}
notes:
  - The two codes must be consecutive and are valid for a short time only. Read them from the
    device just before running the task. For a virtual device whose seed you hold, give O(seed)
    rather than computing codes with the P(mfaops.aws.totp#lookup) lookup.
  - Quote codes in YAML. An unquoted code with a leading zero, such as C(012345), is read by YAML
    as an octal integer; the module detects this and fails asking you to quote it.
"""
