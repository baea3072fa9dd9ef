# -*- coding: utf-8 -*-
# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Lookup plugin mfaops.aws.totp: TOTP codes (RFC 6238) from base32 seeds; see DOCUMENTATION."""

from __future__ import annotations

DOCUMENTATION = r"""
name: totp
author:
  - mfaops.aws contributors (@mfaops)
version_added: 0.1.0
short_description: Compute TOTP codes from a base32 seed, as an AWS IAM virtual MFA device shows them
description:
  - Computes time-based one-time passwords (TOTP, RFC 6238) from the base32 seed of a virtual MFA device.
  - With the defaults (HMAC-SHA-1, six digits, 30 second period) the codes are the ones an AWS IAM virtual MFA device, or an
    authenticator app holding the same seed, shows at that moment.
  - For each seed it returns O(count) consecutive codes. The first one belongs to the time step that is O(offset) periods away from
    the current one, and each following code to the next time step. Use O(count=2) to get the two consecutive codes that resynchronizing
    an MFA device needs.
  - When several seeds are given, the codes are returned as one flat list in the order of the seeds; the O(count) codes of the first
    seed come first, then the O(count) codes of the second seed, and so on.
  - The clock is read once per lookup call, so all codes of one call belong to the same instant, even when the call
    happens to cross the boundary between two periods.
  - Codes are returned as strings, so leading zeros are kept.
  - Like all lookups, this runs on the Ansible controller and uses the controller's clock.
options:
  _terms:
    description:
      - One or more base32 seeds (the secret keys of the MFA devices).
      - Letters may be upper or lower case. Spaces, as authenticator apps show them to make the seed readable, and trailing V(=)
        padding are optional and ignored.
      - The seed never appears in error messages.
    type: list
    elements: str
    required: true
  count:
    description:
      - Number of consecutive codes to return for each seed.
      - Must be between V(1) and V(10).
    type: int
    default: 1
  offset:
    description:
      - Number of periods, relative to the current one, of the time step that the first code belongs to.
      - V(0) is the code shown now, V(1) the next one, V(-1) the previous one.
      - May be negative, but not so far that the time step would be before the Unix epoch.
    type: int
    default: 0
  digits:
    description:
      - Number of digits of each code.
      - Must be between V(6) and V(8). AWS virtual MFA devices use V(6).
    type: int
    default: 6
  period:
    description:
      - Length of one time step in seconds.
      - Must be V(1) or more. AWS virtual MFA devices use V(30).
    type: int
    default: 30
  algorithm:
    description:
      - Hash algorithm of the HMAC. AWS virtual MFA devices use V(sha1).
      - Upper case spellings such as V(SHA1) are accepted too.
    type: str
    choices:
      - sha1
      - sha256
      - sha512
    default: sha1
requirements:
  - pyotp (Python library, on the Ansible controller)
notes:
  - TOTP codes depend on the time. The codes are computed from the clock of the Ansible controller, so keep that clock synchronized
    (for example with NTP); a controller clock that is off by more than a period gives codes that AWS rejects.
  - Get all the codes that one task needs from a single lookup call (for example O(count=2)) and store them with
    M(ansible.builtin.set_fact) before the task. Ansible templates a task's C(vars) each time they are used, so codes computed
    there by two references come from two lookup calls, which can fall into different periods.
  - A code is only valid for about one period. Use the codes right after the lookup runs, and do not store them for later.
  - To enable or resync a device whose seed you hold, give the seed to the module instead (O(mfaops.aws.iam_mfa_device#module:seed),
    O(mfaops.aws.iam_mfa_device_resync#module:seed)). The module then computes the two codes right before it calls IAM.
  - "The codes, and the seed even more so, are secrets. Set C(no_log: true) on every task that computes, receives or passes on a code,
    and keep the seed in Ansible Vault or another secret store."
  - This lookup never logs or displays the seed or the codes.
seealso:
  - name: RFC 6238 - TOTP Time-Based One-Time Password Algorithm
    description: The algorithm this lookup implements.
    link: https://www.rfc-editor.org/rfc/rfc6238
"""

EXAMPLES = r"""
# vault_alice_mfa_seed holds the base32 seed of alice's virtual MFA device,
# kept in a vars file encrypted with ansible-vault.

# Compute both codes with one lookup call, so that they are consecutive even at a period boundary.
# Do not compute them in the resync task's own vars: Ansible templates a task variable each time it
# is used, so codes[0] and codes[1] would come from two lookup calls that can straddle a boundary.
- name: Compute two consecutive codes of alice's virtual MFA device
  ansible.builtin.set_fact:
    codes: "{{ query('mfaops.aws.totp', vault_alice_mfa_seed, count=2) }}"
  no_log: true

- name: Resynchronize alice's virtual MFA device
  mfaops.aws.iam_mfa_device_resync:
    user_name: alice
    serial_number: arn:aws:iam::123456789012:mfa/alice
    authentication_code_1: "{{ codes[0] }}"
    authentication_code_2: "{{ codes[1] }}"
  no_log: true

- name: Compute the code shown now
  ansible.builtin.set_fact:
    mfa_code: "{{ lookup('mfaops.aws.totp', vault_alice_mfa_seed) }}"
  no_log: true

- name: Compute the code of the next period, for a task that will run close to a period boundary
  ansible.builtin.set_fact:
    mfa_code: "{{ lookup('mfaops.aws.totp', vault_alice_mfa_seed, offset=1) }}"
  no_log: true

- name: Compute two codes for each of two seeds (alice's two codes come first, then bob's)
  ansible.builtin.set_fact:
    mfa_codes: "{{ query('mfaops.aws.totp', vault_alice_mfa_seed, vault_bob_mfa_seed, count=2) }}"
  no_log: true

- name: Compute an eight digit SHA-256 code with a 60 second period, for a non-AWS authenticator
  ansible.builtin.set_fact:
    other_code: "{{ lookup('mfaops.aws.totp', vault_other_seed, digits=8, period=60, algorithm='sha256') }}"
  no_log: true
"""

RETURN = r"""
_raw:
  description:
    - The codes, as strings of O(digits) digits with leading zeros kept.
    - O(count) consecutive codes for each seed, in the order of the seeds.
  type: list
  elements: str
"""

# DOCUMENTATION, EXAMPLES and RETURN come first, as Ansible's documentation tools expect.
# pylint: disable=wrong-import-position
import hashlib  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402

from ansible_collections.mfaops.aws.plugins.module_utils.totp_codes import HAS_PYOTP  # noqa: E402
from ansible_collections.mfaops.aws.plugins.module_utils.totp_codes import SeedError  # noqa: E402
from ansible_collections.mfaops.aws.plugins.module_utils.totp_codes import codes_at_steps  # noqa: E402
from ansible_collections.mfaops.aws.plugins.module_utils.totp_codes import describe_kind  # noqa: E402

from ansible.errors import AnsibleError  # noqa: E402
from ansible.plugins.lookup import LookupBase  # noqa: E402

# pylint: enable=wrong-import-position


_PLUGIN = "mfaops.aws.totp"

_ALGORITHMS = {
    "sha1": hashlib.sha1,
    "sha256": hashlib.sha256,
    "sha512": hashlib.sha512,
}

# name: (lowest, highest, rule as told to the user); None means unbounded.
_INTEGER_OPTIONS = {
    "count": (1, 10, "an integer from 1 to 10"),
    "offset": (None, None, "an integer (negative for earlier periods)"),
    "digits": (6, 8, "an integer from 6 to 8"),
    "period": (1, None, "an integer number of seconds, 1 or more"),
}

_KNOWN_OPTIONS = tuple(_INTEGER_OPTIONS) + ("algorithm",)

# RFC 4226 feeds the HMAC an 8-byte counter.
_COUNTER_LIMIT = 2**64


def _integer(name, value):
    """Return value as an int when it is one (or a string of one), else raise naming option and rule."""
    rule = _INTEGER_OPTIONS[name][2]
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9]+\s*", value):
        return int(value)
    if isinstance(value, str):
        raise AnsibleError(f"{_PLUGIN}: option '{name}' must be {rule}; got a string that is not a whole number.")
    raise AnsibleError(f"{_PLUGIN}: option '{name}' must be {rule}; got {describe_kind(value)}.")


def _algorithm(value):
    """Return the algorithm name in lower case, or raise naming the option and the choices."""
    if isinstance(value, str) and value.strip().lower() in _ALGORITHMS:
        return value.strip().lower()
    raise AnsibleError(f"{_PLUGIN}: option 'algorithm' must be one of {', '.join(_ALGORITHMS)}.")


def _check_range(name, value):
    low, high, rule = _INTEGER_OPTIONS[name]
    if (low is not None and value < low) or (high is not None and value > high):
        raise AnsibleError(f"{_PLUGIN}: option '{name}' must be {rule}; got {value}.")
    return value


def _codes_for_seed(term, position, steps, digits, digest):
    """Return the codes of one seed for the given time steps, or raise an error that names the term by position only."""
    try:
        return codes_at_steps(term, steps, digits=digits, digest=digest)
    except SeedError as error:
        # The message never contains any part of the seed.
        raise AnsibleError(
            f"{_PLUGIN}: the seed given as term {position} {error}. The seed itself is not shown."
        ) from None


class LookupModule(LookupBase):
    """Return TOTP codes (RFC 6238) for base32 seeds; see DOCUMENTATION."""

    def _read_options(self, variables, kwargs):
        """Check the options given to the lookup, then set and return them as a dict."""
        unknown = sorted(str(name) for name in kwargs if name not in _KNOWN_OPTIONS)
        if unknown:
            raise AnsibleError(
                f"{_PLUGIN}: unsupported option(s) {', '.join(unknown)}; the supported options are {', '.join(_KNOWN_OPTIONS)}. "
                "Pass seeds as positional terms."
            )

        direct = {}
        for name, value in kwargs.items():
            direct[name] = _algorithm(value) if name == "algorithm" else _integer(name, value)
        self.set_options(var_options=variables, direct=direct)

        options = {name: _check_range(name, self.get_option(name)) for name in _INTEGER_OPTIONS}
        options["algorithm"] = _algorithm(self.get_option("algorithm"))
        return options

    def run(self, terms, variables=None, **kwargs):
        if not HAS_PYOTP:
            raise AnsibleError(
                f"{_PLUGIN}: this lookup needs the Python library pyotp on the Ansible controller. "
                "Install it with 'pip install pyotp' into the Python environment that runs Ansible."
            )

        options = self._read_options(variables, kwargs)
        count, offset, period = options["count"], options["offset"], options["period"]

        if isinstance(terms, str):
            terms = [terms]
        # query('mfaops.aws.totp', [seed1, seed2]) passes the list as one term.
        terms = self._flatten(terms or [])
        if not terms:
            raise AnsibleError(f"{_PLUGIN}: give at least one seed as a term.")

        # One reading of the clock for the whole call, so that all codes belong to the same instant.
        first_step = int(time.time()) // period + offset
        if first_step < 0:
            raise AnsibleError(
                f"{_PLUGIN}: option 'offset' ({offset}) reaches back before the Unix epoch for period {period}."
            )
        if first_step + count > _COUNTER_LIMIT:
            raise AnsibleError(
                f"{_PLUGIN}: option 'offset' ({offset}) reaches past the largest time step that TOTP can encode."
            )
        steps = range(first_step, first_step + count)

        codes = []
        for position, term in enumerate(terms, start=1):
            codes.extend(_codes_for_seed(term, position, steps, options["digits"], _ALGORITHMS[options["algorithm"]]))
        return codes
