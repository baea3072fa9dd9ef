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
    come back partly. Call this before failing on a rejected parameter.
    """
    for option in options:
        if params.get(option) is not None and not isinstance(params[option], str):
            params[option] = NO_LOG_MASK


def check_authentication_code(option: str, value) -> str:
    """Return a six-digit code as a string, catching YAML's unquoted integers.

    YAML 1.1 reads ``012345`` as the octal integer 5349, so an integer reaching
    us is only trusted when it is a plain six-digit number that lost nothing.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if 100000 <= value <= 999999:
            return str(value)
        raise InvalidParameterError(
            f"{option} reached the module as an integer that is not six digits, so YAML has changed it "
            f"(a leading zero makes an unquoted number octal). Quote the code, for example {option}: \"012345\"."
        )
    return check_text(option, value, AUTHENTICATION_CODE)


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
            raise InvalidParameterError(f"{option}: the value of tag number {position} must be a string, number or boolean.")
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


def check_serial_number_parts(path: str, name: str, partition: str = "aws", account_id: str = "0" * ACCOUNT_ID_LENGTH) -> None:
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
