# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The seed option of the modules that take two consecutive codes (iam_mfa_device, iam_mfa_device_resync)."""


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    DOCUMENTATION = r"""
options:
  seed:
    description:
      - The base32 seed of a virtual MFA device (IAM's C(Base32StringSeed), which
        M(mfaops.aws.iam_virtual_mfa_device) returns once), instead of the two codes.
      - The module computes the code of the current 30-second step and the next one (HMAC-SHA-1, six
        digits, as an AWS virtual MFA device shows them) from the clock of the host it runs on, right
        before it calls IAM. No templating, queueing or fork wait can then make the codes stale or split.
      - This is the way for devices whose seed automation holds; keep the seed in Ansible Vault or
        another secret store. It is checked before any AWS call and never shown, not even in part.
      - Letters may be in any case; spaces and trailing V(=) padding are ignored.
      - Needs the Python library pyotp where the module runs, and a clock there that is right (NTP).
      - Mutually exclusive with O(authentication_code_1) and O(authentication_code_2).
    required: false
    type: raw
    version_added: 0.2.0
requirements:
  - pyotp (Python library, where the module runs), only for O(seed)
"""
