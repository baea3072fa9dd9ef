# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Request parameter constraints of the IAM API model, checked the way IAM checks them.

botocore only checks minimum lengths before sending, so IAM (and this emulator)
sees over-long values, wrong characters, over-long lists and, from clients that
skip botocore's checks, short values too. IAM lists every broken constraint of a
request in one ValidationError, naming members as its model does (tags.2.member.key).

The model's patterns are Java regular expressions, where \\w and \\d mean ASCII
only. Python's \\w and \\d also match other scripts' letters and digits
('１２３４５６' is six Python digits), so the patterns below spell the ASCII classes
out, and match the whole value. Tag patterns are the other way round: Java's
\\p{L}, \\p{Z} and \\p{N} are Unicode categories, which Python's re cannot
express, so tag text is checked against unicodedata's categories instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from typing import Protocol

from .errors import ValidationError


class Constraint(Protocol):  # pylint: disable=too-few-public-methods
    """What validate_parameters needs of a parameter's constraint."""

    def violations(self, value: Any) -> list[str]: ...


def _broken(shown: str, constraints: list[str]) -> list[str]:
    return [f"{shown} failed to satisfy constraint: {constraint}" for constraint in constraints]


@dataclass(frozen=True)
class StringConstraint:
    """One string parameter's constraints, as the API model states them."""

    member: str  # the name IAM uses in validation messages: userName, not UserName
    min_length: int
    max_length: int | None  # None: the model sets no maximum
    model_pattern: str  # as the model writes it; IAM quotes it in messages
    ascii_pattern: str | None = None  # the same pattern with its classes spelled out in ASCII
    secret: bool = False  # IAM never echoes a secret value in a message
    required: bool = True
    # IAM checks some patterns itself, after the model's other constraints, with its own message (pathType's): skipped here.
    pattern_checked_by_service: bool = False

    def matches_pattern(self, value: str) -> bool:
        if self.pattern_checked_by_service:
            return True
        return re.fullmatch(self.ascii_pattern or "", value) is not None  # the whole value, not a prefix

    def matches_service_pattern(self, value: str) -> bool:
        return re.fullmatch(self.ascii_pattern or "", value) is not None

    def violations(self, value: str | None, member: str | None = None) -> list[str]:
        member = member or self.member
        if value is None:
            return _broken(f"Value null at '{member}'", ["Member must not be null"]) if self.required else []
        broken = []
        if len(value) < self.min_length:
            broken.append(f"Member must have length greater than or equal to {self.min_length}")
        if self.max_length is not None and len(value) > self.max_length:
            broken.append(f"Member must have length less than or equal to {self.max_length}")
        if not self.matches_pattern(value):
            broken.append(f"Member must satisfy regular expression pattern: {self.model_pattern}")
        return _broken(f"Value at '{member}'" if self.secret else f"Value '{value}' at '{member}'", broken)


@dataclass(frozen=True)
class UnicodeClassConstraint(StringConstraint):
    """A string whose pattern is one class of Unicode categories and symbols, such as tagKeyType's."""

    categories: str = ""  # major general categories, as unicodedata's first letter: "LZN"
    symbols: str = ""  # characters allowed besides the categories

    def matches_pattern(self, value: str) -> bool:
        if not value:
            return self.model_pattern.endswith("*")  # '+' wants at least one character
        return all(
            character in self.symbols or unicodedata.category(character)[0] in self.categories for character in value
        )


@dataclass(frozen=True)
class IntegerConstraint:
    member: str
    minimum: int
    maximum: int
    required: bool = False

    def violations(self, value: int | None) -> list[str]:
        if value is None:
            return _broken(f"Value null at '{self.member}'", ["Member must not be null"]) if self.required else []
        broken = []
        if value < self.minimum:
            broken.append(f"Member must have value greater than or equal to {self.minimum}")
        if value > self.maximum:
            broken.append(f"Member must have value less than or equal to {self.maximum}")
        return _broken(f"Value '{value}' at '{self.member}'", broken)


@dataclass(frozen=True)
class EnumConstraint:
    member: str
    values: tuple[str, ...]
    required: bool = False

    def violations(self, value: str | None) -> list[str]:
        if value is None:
            return _broken(f"Value null at '{self.member}'", ["Member must not be null"]) if self.required else []
        if value in self.values:
            return []
        return _broken(
            f"Value '{value}' at '{self.member}'", [f"Member must satisfy enum value set: [{', '.join(self.values)}]"]
        )


@dataclass(frozen=True)
class TagListConstraint:
    """A list of {Key, Value} tags (tagListType): at most max_items, each key and value as tagKeyType and tagValueType say."""

    member: str
    max_items: int
    required: bool = True

    def violations(self, tags: list[dict] | None) -> list[str]:
        if tags is None:
            return _broken(f"Value null at '{self.member}'", ["Member must not be null"]) if self.required else []
        broken = []
        if len(tags) > self.max_items:
            # Rendered as AWS's Java SDK prints a list of tags.
            shown = ", ".join(f"{{Key: {tag.get('Key')},Value: {tag.get('Value')}}}" for tag in tags)
            broken = _broken(
                f"Value '[{shown}]' at '{self.member}'",
                [f"Member must have length less than or equal to {self.max_items}"],
            )
        for number, tag in enumerate(tags, start=1):
            broken += TAG_KEY.violations(tag.get("Key"), f"{self.member}.{number}.member.key")
            broken += TAG_VALUE.violations(tag.get("Value"), f"{self.member}.{number}.member.value")
        return broken


@dataclass(frozen=True)
class TagKeyListConstraint:
    """A list of tag keys (tagKeyListType): at most max_items, each as tagKeyType says."""

    member: str
    max_items: int
    required: bool = True

    def violations(self, keys: list[str] | None) -> list[str]:
        if keys is None:
            return _broken(f"Value null at '{self.member}'", ["Member must not be null"]) if self.required else []
        broken = []
        if len(keys) > self.max_items:
            broken = _broken(
                f"Value '[{', '.join(keys)}]' at '{self.member}'",
                [f"Member must have length less than or equal to {self.max_items}"],
            )
        for number, key in enumerate(keys, start=1):
            broken += TAG_KEY.violations(key, f"{self.member}.{number}.member")
        return broken


# existingUserNameType, serialNumberType and authenticationCodeType in iam-2010-05-08.
USER_NAME = StringConstraint("userName", 1, 128, r"[\w+=,.@-]+", r"[A-Za-z0-9_+=,.@-]+")
SERIAL_NUMBER = StringConstraint("serialNumber", 9, 256, r"[\w+=/:,.@-]+", r"[A-Za-z0-9_+=/:,.@-]+")
AUTHENTICATION_CODE_1 = StringConstraint("authenticationCode1", 6, 6, r"[\d]+", r"[0-9]+", secret=True)
AUTHENTICATION_CODE_2 = StringConstraint("authenticationCode2", 6, 6, r"[\d]+", r"[0-9]+", secret=True)
# userNameType: the shorter name type of the actions that only read a user's credentials.
OPTIONAL_USER_NAME = StringConstraint("userName", 1, 64, r"[\w+=,.@-]+", r"[A-Za-z0-9_+=,.@-]+", required=False)

# virtualMFADeviceName (no maximum length in the model) and pathType; the serial number they make is held to
# serialNumberType's 256 characters by the backend (MFADeviceBackend.check_new_serial_number).
VIRTUAL_MFA_DEVICE_NAME = StringConstraint("virtualMFADeviceName", 1, None, r"[\w+=,.@-]+", r"[A-Za-z0-9_+=,.@-]+")
# IAM answers a path breaking pathType's pattern with its own message (INVALID_PATH_MESSAGE), not the model's.
PATH = StringConstraint(
    "path",
    1,
    512,
    r"(\u002F)|(\u002F[\u0021-\u007E]+\u002F)",
    r"(/)|(/[\x21-\x7E]+/)",
    required=False,
    pattern_checked_by_service=True,
)
INVALID_PATH_MESSAGE = "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters."

# tagKeyType and tagValueType; tagListType and tagKeyListType hold at most 50.
TAG_KEY = UnicodeClassConstraint("key", 1, 128, r"[\p{L}\p{Z}\p{N}_.:/=+\-@]+", categories="LZN", symbols="_.:/=+-@")
TAG_VALUE = UnicodeClassConstraint(
    "value", 0, 256, r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*", categories="LZN", symbols="_.:/=+-@"
)
TAGS = TagListConstraint("tags", 50)
OPTIONAL_TAGS = TagListConstraint("tags", 50, required=False)
TAG_KEYS = TagKeyListConstraint("tagKeys", 50)

# markerType, maxItemsType and assignmentStatusType: the paging and filtering parameters of List actions.
MARKER = StringConstraint("marker", 1, 320, r"[\u0020-\u00FF]+", r"[\u0020-\u00FF]+", required=False)
MAX_ITEMS = IntegerConstraint("maxItems", 1, 1000)
ASSIGNMENT_STATUS = EnumConstraint("assignmentStatus", ("Assigned", "Unassigned", "Any"))

# The parameters of EnableMFADevice and ResyncMFADevice, which share their shapes.
MFA_DEVICE_PARAMETERS = {
    "UserName": USER_NAME,
    "SerialNumber": SERIAL_NUMBER,
    "AuthenticationCode1": AUTHENTICATION_CODE_1,
    "AuthenticationCode2": AUTHENTICATION_CODE_2,
}

# The parameters of the other actions the emulator checks, by action (and in the model's order, which messages follow).
ACTION_PARAMETERS: dict[str, dict[str, Constraint]] = {
    "EnableMFADevice": MFA_DEVICE_PARAMETERS,
    "ResyncMFADevice": MFA_DEVICE_PARAMETERS,
    "CreateVirtualMFADevice": {"Path": PATH, "VirtualMFADeviceName": VIRTUAL_MFA_DEVICE_NAME, "Tags": OPTIONAL_TAGS},
    "DeleteVirtualMFADevice": {"SerialNumber": SERIAL_NUMBER},
    "ListVirtualMFADevices": {"AssignmentStatus": ASSIGNMENT_STATUS, "Marker": MARKER, "MaxItems": MAX_ITEMS},
    "TagMFADevice": {"SerialNumber": SERIAL_NUMBER, "Tags": TAGS},
    "UntagMFADevice": {"SerialNumber": SERIAL_NUMBER, "TagKeys": TAG_KEYS},
    "ListMFADeviceTags": {"SerialNumber": SERIAL_NUMBER, "Marker": MARKER, "MaxItems": MAX_ITEMS},
    "ListServiceSpecificCredentials": {"UserName": OPTIONAL_USER_NAME, "Marker": MARKER, "MaxItems": MAX_ITEMS},
}


def validation_message(violations: list[str]) -> str:
    count = len(violations)
    return f"{count} validation error{'' if count == 1 else 's'} detected: {'; '.join(violations)}"


def validate_parameters(values: Mapping[str, Any], constraints: Mapping[str, Constraint]) -> None:
    """Raise ValidationError listing every constraint the values break, in parameter order."""
    violations = [
        violation for name, constraint in constraints.items() for violation in constraint.violations(values.get(name))
    ]
    if violations:
        raise ValidationError(validation_message(violations))
