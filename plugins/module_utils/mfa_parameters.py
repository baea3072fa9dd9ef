# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Local validation of MFA parameters against the IAM API model (API version 2010-05-08).

The botocore service model writes these patterns with ``\\w`` and ``\\d``, which IAM
means as ASCII; Python's ``\\w`` and ``\\d`` also accept other scripts' letters and
digits, so every rule here spells its ASCII characters out and matches the whole value.
Messages name the option and the rule, never the value: some values are secrets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ansible_collections.mfaops.aws.plugins.module_utils.inner_module import inner_ansible_module
from ansible_collections.mfaops.aws.plugins.module_utils.totp_codes import HAS_PYOTP
from ansible_collections.mfaops.aws.plugins.module_utils.totp_codes import SeedError
from ansible_collections.mfaops.aws.plugins.module_utils.totp_codes import check_seed
from ansible_collections.mfaops.aws.plugins.module_utils.totp_codes import consecutive_codes

from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common.text.converters import to_text


class InvalidParameterError(ValueError):
    """A parameter breaks an IAM API model rule; the message is safe to show."""


@dataclass(frozen=True)
class TextRule:
    """An IAM string shape: allowed characters and length bounds."""

    characters: str
    characters_description: str
    min_length: int
    max_length: int

    def describe(self) -> str:
        if self.min_length == self.max_length:
            length = f"exactly {self.min_length}"
        else:
            length = f"{self.min_length} to {self.max_length}"
        return f"{length} characters, each one of {self.characters_description}"

    def problem(self, value: str) -> str | None:
        """Say what is wrong with value, without quoting it, or return None."""
        if not self.min_length <= len(value) <= self.max_length:
            return f"is {len(value)} characters long"
        if re.fullmatch(f"[{self.characters}]*", value) is None:
            return "contains a character that is not allowed"
        return None


# existingUserNameType
USER_NAME = TextRule(r"A-Za-z0-9_+=,.@\-", "A-Z a-z 0-9 _ + = , . @ -", 1, 128)
# serialNumberType
SERIAL_NUMBER = TextRule(r"A-Za-z0-9_+=/:,.@\-", "A-Z a-z 0-9 _ + = / : , . @ -", 9, 256)
# authenticationCodeType
AUTHENTICATION_CODE = TextRule("0-9", "the ASCII digits 0-9", 6, 6)
# The options that carry a pair of consecutive codes: secrets (no_log), given together.
AUTHENTICATION_CODE_OPTIONS = ("authentication_code_1", "authentication_code_2")
# The option that carries a virtual device's base32 seed instead of the codes: a secret (no_log).
SEED_OPTION = "seed"
# Every secret option of iam_mfa_device and iam_mfa_device_resync.
SECRET_OPTIONS = AUTHENTICATION_CODE_OPTIONS + (SEED_OPTION,)

# The quoted code the advice on unquoted codes shows: YAML 1.1 reads 012345 unquoted as 5349.
QUOTED_CODE_EXAMPLE = '"012345"'


def check_text(option: str, value, rule: TextRule) -> str:
    """Return value when it satisfies rule, else raise InvalidParameterError naming option."""
    if not isinstance(value, str):
        raise InvalidParameterError(f"{option} must be a string of {rule.describe()}.")
    problem = rule.problem(value)
    if problem:
        raise InvalidParameterError(f"{option} {problem}; it must be {rule.describe()}.")
    return value


# What Ansible shows in place of a no_log value.
NO_LOG_MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def mask_secret_params(params: dict, options) -> None:
    """Replace secret options that are not plain strings in params by Ansible's no_log mask.

    Ansible's no_log masks a secret's string and number leaves in the result's invocation, but not
    the keys of a dictionary or other values inside it, so a wrong value of the wrong type would
    come back partly; and forget_rejected_secret_fragments() unregisters the leaves of such a value.
    Call this before failing on a rejected parameter.
    """
    for option in options:
        if params.get(option) is not None and not isinstance(params[option], str):
            params[option] = NO_LOG_MASK


def _is_six_digit_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 100000 <= value <= 999999


def check_secret_kind(option: str, value) -> None:
    """Raise InvalidParameterError when value cannot be the secret option holds, whatever its text.

    A secret is a string (what was typed), or for a code a six-digit integer (YAML's reading of an
    unquoted code). Anything else (lists, dictionaries, floats, booleans, other integers) is refused
    here, before Ansible's no_log would make each of its leaves ("1" of [1, 2]) a mask that garbles
    every output containing it. Action plugins call this on the task's arguments, before the module
    runs; the modules call it again for runs without them.
    """
    if value is None or isinstance(value, str):
        return
    if option in AUTHENTICATION_CODE_OPTIONS:
        check_authentication_code(option, value)  # six-digit integers pass; every other value is refused
    else:
        raise InvalidParameterError(f"{option} must be a string.")


def no_log_leaves(value) -> set:
    """The texts Ansible's no_log registers as masks for value: its string and number leaves."""
    if isinstance(value, (str, bytes)):
        return {to_text(value)} if value else set()
    if isinstance(value, dict):
        return set().union(*(no_log_leaves(item) for item in value.values()))
    if isinstance(value, (list, tuple, set, frozenset)):
        return set().union(*(no_log_leaves(item) for item in value))
    if value is None or isinstance(value, bool):
        return set()
    return {to_text(value)}


def forget_rejected_secret_fragments(module, options) -> None:
    """Unregister the masks Ansible made of the leaves of options' values that cannot be secrets.

    Ansible registers every leaf of a no_log value as a mask before any check, so a code given as
    [1, 2] masks every "1" of the output (us-east-********). Leaves that another no_log option's
    value also has (an AWS secret key) stay masks. Call before failing on a rejected parameter.
    """
    params = module.params
    fragments = set()
    for option in options:
        value = params.get(option)
        a_code_as_number = option in AUTHENTICATION_CODE_OPTIONS and _is_six_digit_integer(value)
        if value is None or isinstance(value, str) or a_code_as_number:
            continue
        fragments |= no_log_leaves(value)
    ansible_module = inner_ansible_module(module)
    kept = set()
    for name, spec in ansible_module.argument_spec.items():
        if spec.get("no_log") and name not in options:
            kept |= no_log_leaves(params.get(name))
    ansible_module.no_log_values.difference_update(fragments - kept)


def check_authentication_code(option: str, value) -> str:
    """Return a six-digit code as a string, catching YAML's unquoted integers.

    YAML 1.1 reads ``012345`` as the octal integer 5349, so an integer reaching
    us is only trusted when it is a plain six-digit number that lost nothing.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if _is_six_digit_integer(value):
            return str(value)
        raise InvalidParameterError(
            f"{option} reached the module as an integer that is not six digits, so YAML has changed it "
            f"(a leading zero makes an unquoted number octal). Quote the code, for example {option}: {QUOTED_CODE_EXAMPLE}."
        )
    return check_text(option, value, AUTHENTICATION_CODE)


def read_codes_or_seed(params: dict, required: bool) -> dict:
    """authentication_code_1, authentication_code_2 and seed from params, checked: a pair of codes, or a seed, or
    (unless required) neither. InvalidParameterError naming the option otherwise; the seed is checked without a clock.

    Ansible's required_together, mutually_exclusive and required_one_of count an option given as null as given:
    the rules are checked again here on the values.
    """
    secrets = dict.fromkeys(SECRET_OPTIONS)
    for option in AUTHENTICATION_CODE_OPTIONS:
        if params.get(option) is not None:
            secrets[option] = check_authentication_code(option, params[option])
    if params.get(SEED_OPTION) is not None:
        seed = params[SEED_OPTION]
        check_secret_kind(SEED_OPTION, seed)
        try:
            check_seed(seed)
        except SeedError as error:
            raise InvalidParameterError(f"{SEED_OPTION} {error}. The seed itself is not shown.") from None
        secrets[SEED_OPTION] = seed
    given_codes = [option for option in AUTHENTICATION_CODE_OPTIONS if secrets[option] is not None]
    if secrets[SEED_OPTION] is not None and given_codes:
        raise InvalidParameterError(
            f"{SEED_OPTION} and {given_codes[0]} are mutually exclusive: give the seed, or the two codes."
        )
    if len(given_codes) == 1:
        missing = [option for option in AUTHENTICATION_CODE_OPTIONS if option not in given_codes][0]
        raise InvalidParameterError(
            f"{missing} is null; authentication_code_1 and authentication_code_2 must be given together."
        )
    if required and secrets[SEED_OPTION] is None and not given_codes:
        raise InvalidParameterError(
            f"authentication_code_1 and authentication_code_2 (two consecutive codes from the device), or {SEED_OPTION}, "
            "must be given; none was."
        )
    return secrets


def read_secrets(module, required: bool) -> dict:
    """read_codes_or_seed() on the module's parameters, first failing clearly when seed is given but pyotp is missing."""
    for option in SECRET_OPTIONS:
        check_secret_kind(option, module.params.get(option))
    if module.params.get(SEED_OPTION) is not None and not HAS_PYOTP:
        module.fail_json(msg=missing_required_lib("pyotp", reason=f"to compute the codes from {SEED_OPTION}"))
    return read_codes_or_seed(module.params, required)


def fail_on_rejected_parameter(module, error: InvalidParameterError, secret_options=SECRET_OPTIONS) -> None:
    """Fail naming what error says, showing no part of a secret option's value, and keeping only real secrets as masks."""
    forget_rejected_secret_fragments(module, secret_options)
    mask_secret_params(module.params, secret_options)
    module.fail_json(msg=str(error))


def authentication_codes(module, secrets: dict) -> tuple:
    """The two codes to send now: the given ones, or the seed's two consecutive codes computed at this moment.

    Computed codes become no_log masks too, in case an endpoint ever echoes them.
    """
    if secrets[SEED_OPTION] is None:
        return secrets["authentication_code_1"], secrets["authentication_code_2"]
    codes = consecutive_codes(secrets[SEED_OPTION])
    inner_ansible_module(module).no_log_values.update(codes)
    return codes


def is_fido_security_key(serial_number: str) -> bool:
    """Whether serial_number is a FIDO security key's or passkey's (arn:PARTITION:iam::ACCOUNT:u2f/...).

    Such a device has no clock and no codes: IAM cannot resync it, and only the console enables it.
    """
    parts = serial_number.split(":", 5)
    return len(parts) == 6 and parts[0] == "arn" and parts[2] == "iam" and parts[5].startswith("u2f/")


def check_totp_serial_number(option: str, value: str) -> str:
    """Return value unless it is a FIDO security key's serial number, which has no codes to resync or enable with."""
    if is_fido_security_key(value):
        raise InvalidParameterError(
            f"{option} is the serial number of a FIDO security key or passkey (arn:...:u2f/...), which has no codes: "
            "IAM cannot resync it, and it is enabled only in the AWS Management Console."
        )
    return value


# virtualMFADeviceName: the model gives [\w+=,.@-]+ with a minimum length of 1 and no maximum;
# the device's serial number (serialNumberType, at most 256 characters) is
# arn:aws:iam::<12-digit account>:mfa/<name>, which leaves at most 226 characters for the name.
VIRTUAL_MFA_DEVICE_NAME = TextRule(r"A-Za-z0-9_+=,.@\-", "A-Z a-z 0-9 _ + = , . @ -", 1, 226)
# pathType: (\u002F)|(\u002F[\u0021-\u007E]+\u002F), 1 to 512 characters: a slash alone,
# or printable ASCII other than space between a leading and a trailing slash.
PATH = TextRule(r"!-~", "the printable ASCII characters ! to ~ (no spaces)", 1, 512)
PATH_SHAPE = "either / alone or a value that begins and ends with / and has at least one character between them"
# assignmentStatusType
ASSIGNMENT_STATUSES = ("Assigned", "Unassigned", "Any")
# tagListType, tagKeyType and tagValueType: at most 50 tags; keys of 1 to 128 and values of
# 0 to 256 characters from [\p{L}\p{Z}\p{N}_.:/=+\-@]. Unlike \w above, \p{L} (letters),
# \p{Z} (separators) and \p{N} (numbers) are Unicode categories, so tags may use any script.
MAX_TAGS = 50
TAG_KEY_LENGTHS = (1, 128)
TAG_VALUE_LENGTHS = (0, 256)
TAG_PUNCTUATION = "_.:/=+-@"
TAG_CHARACTERS_DESCRIPTION = "Unicode letters, numbers and spaces, and _ . : / = + - @"
# Tag keys that begin with aws: (in any case) are AWS's: IAM answers InvalidInput.
RESERVED_TAG_KEY_PREFIX = "aws:"


def check_path(option: str, value) -> str:
    """Return an IAM path (pathType) when valid, else raise InvalidParameterError naming option."""
    path = check_text(option, value, PATH)
    if path != "/" and (len(path) < 3 or not path.startswith("/") or not path.endswith("/")):
        raise InvalidParameterError(f"{option} has the wrong shape; it must be {PATH_SHAPE}.")
    return path


def _tag_text_problem(text: str, lengths: tuple) -> str | None:
    min_length, max_length = lengths
    if not min_length <= len(text) <= max_length:
        return f"is {len(text)} characters long; it must be {min_length} to {max_length} characters"
    for character in text:
        if character not in TAG_PUNCTUATION and unicodedata.category(character)[0] not in "LZN":
            return f"contains a character that is not allowed; it may hold only {TAG_CHARACTERS_DESCRIPTION}"
    return None


def check_tags(option: str, tags) -> dict | None:
    """Return tags as a dict of strings (values converted as amazon.aws sends them), or None when unset.

    Raises InvalidParameterError naming option and the position of the bad tag, never a key or value.
    """
    if tags is None:
        return None
    if not isinstance(tags, dict):
        raise InvalidParameterError(f"{option} must be a dictionary of tag keys and values.")
    if len(tags) > MAX_TAGS:
        raise InvalidParameterError(f"{option} has {len(tags)} tags; IAM allows at most {MAX_TAGS}.")
    checked = {}
    for position, (key, value) in enumerate(tags.items(), start=1):
        if not isinstance(key, str):
            raise InvalidParameterError(f"{option}: the key of tag number {position} must be a string.")
        if value is None or isinstance(value, (dict, list)):
            raise InvalidParameterError(
                f"{option}: the value of tag number {position} must be a string, number or boolean."
            )
        text = to_text(value)
        problem = _tag_text_problem(key, TAG_KEY_LENGTHS)
        if problem:
            raise InvalidParameterError(f"{option}: the key of tag number {position} {problem}.")
        if key.lower().startswith(RESERVED_TAG_KEY_PREFIX):
            raise InvalidParameterError(
                f"{option}: the key of tag number {position} begins with {RESERVED_TAG_KEY_PREFIX}, which IAM reserves for AWS (in any case)."
            )
        problem = _tag_text_problem(text, TAG_VALUE_LENGTHS)
        if problem:
            raise InvalidParameterError(f"{option}: the value of tag number {position} {problem}.")
        checked[key] = text
    return checked


def check_tag_count_after_merge(option: str, current: dict, to_set: dict, to_unset: list) -> None:
    """InvalidParameterError when the tags a device would have after the change are more than IAM allows.

    With purge_tags: false the given tags come on top of the device's own, so a valid option can
    still break the limit once merged; IAM would refuse the TagMFADevice call (LimitExceeded).
    """
    after = (set(current) - set(to_unset)) | set(to_set)
    if len(after) > MAX_TAGS:
        added = len(after) - len(set(current) - set(to_unset))
        raise InvalidParameterError(
            f"{option} would leave the device with {len(after)} tags ({len(after) - added} it keeps and {added} new); "
            f"IAM allows at most {MAX_TAGS}. Give fewer tags, or set purge_tags: true to drop the tags not given."
        )


# A virtual MFA device's serial number is arn:PARTITION:iam::ACCOUNT:mfa + path + name, and every call that
# names the device takes it as a serialNumberType: at most 256 characters of [\w+=/:,.@-]. pathType allows
# more characters (! to ~) and virtualMFADeviceName has no maximum of its own, so IAM creates devices that
# no later call can name (every one answers ValidationError): these rules span the two options.
SERIAL_NUMBER_MAX_LENGTH = 256
ACCOUNT_ID_LENGTH = 12


def virtual_mfa_device_serial_number(partition: str, account_id: str, path: str, name: str) -> str:
    return f"arn:{partition}:iam::{account_id}:mfa{path}{name}"


def check_serial_number_parts(
    path: str, name: str, partition: str = "aws", account_id: str = "0" * ACCOUNT_ID_LENGTH
) -> None:
    """InvalidParameterError when path and name (each valid alone) make a serial number that IAM's calls refuse.

    Without partition and account ID it checks with the aws partition and a 12-digit account, before any call.
    """
    serial_number = virtual_mfa_device_serial_number(partition, account_id, path, name)
    if len(serial_number) > SERIAL_NUMBER_MAX_LENGTH:
        room = SERIAL_NUMBER_MAX_LENGTH - len(virtual_mfa_device_serial_number(partition, account_id, "", ""))
        raise InvalidParameterError(
            f"path and name together are {len(path) + len(name)} characters long; they may be at most {room}, because the "
            f"device's serial number arn:{partition}:iam::ACCOUNT:mfa<path><name> may be at most {SERIAL_NUMBER_MAX_LENGTH} "
            "characters. IAM would create such a device, but no call could read, tag or delete it again."
        )
    if re.fullmatch(f"[{SERIAL_NUMBER.characters}]*", path) is None:
        raise InvalidParameterError(
            "path contains a character that IAM allows in a path but not in a serial number: with name it makes the device's serial number "
            f"arn:{partition}:iam::ACCOUNT:mfa<path><name>, which may hold only {SERIAL_NUMBER.characters_description}. "
            "IAM would create such a device, but no call could read, tag or delete it again."
        )
