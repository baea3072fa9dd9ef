# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Identity-policy evaluation as IAM does it, for the actions of MFA devices: pure functions, no moto.

- resource_arn(): the resource IAM authorizes an action on. From the Service
  Authorization Reference's table for IAM: ResyncMFADevice, ListMFADevices,
  EnableMFADevice and DeactivateMFADevice (and the user's own actions listed in
  USER_ACTIONS) on the user, arn:PARTITION:iam::ACCOUNT:user/PATH/NAME, with the
  caller's own user when UserName is left out; CreateVirtualMFADevice,
  DeleteVirtualMFADevice, TagMFADevice, UntagMFADevice and ListMFADeviceTags on the
  device, arn:PARTITION:iam::ACCOUNT:mfa/PATH/NAME (its serial number);
  ListVirtualMFADevices on "*" only. Any other action: None (not resolved).
- decision(): what a set of identity policies says about an action on a resource:
  an explicit Deny in any statement wins, else an Allow in any statement allows,
  else the request is implicitly denied. Action and NotAction match
  case-insensitively with * and ?; Resource and NotResource match case-sensitively,
  * and ? staying within an ARN segment (between colons) except that a * ending a
  segment may run past its colons, as IAM's documentation says.
- Policy variables (${aws:username}, ${aws:userid}, ${aws:PrincipalAccount},
  ${aws:PrincipalArn}, ${aws:PrincipalType}; names case-insensitive; ${*}, ${?} and
  ${$} for the literal characters; ${key, 'default'}) are substituted in Resource and
  NotResource of a document whose Version is 2012-10-17 only: with 2008-10-17, or no
  Version, "${aws:username}" is plain text. A substituted value is matched literally.
  A resource entry whose variable has no value (and no default) matches nothing.
- Condition is not evaluated: a statement that has one raises UnsupportedPolicy
  rather than being silently ignored or applied.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any
from typing import Callable
from typing import Iterable
from typing import Mapping

POLICY_VARIABLES_VERSION = "2012-10-17"

# Authorized on the user resource (UserName, or the caller when it is left out).
USER_ACTIONS = frozenset(
    {
        "ResyncMFADevice",
        "ListMFADevices",
        "EnableMFADevice",
        "DeactivateMFADevice",
        "GetUser",
        "ListAccessKeys",
        "CreateAccessKey",
        "UpdateAccessKey",
        "DeleteAccessKey",
        "ListUserPolicies",
        "ListAttachedUserPolicies",
        "ListGroupsForUser",
        "ListUserTags",
    }
)
# Authorized on the virtual MFA device resource (its serial number is its ARN).
MFA_ACTIONS = frozenset({"DeleteVirtualMFADevice", "TagMFADevice", "UntagMFADevice", "ListMFADeviceTags"})
CREATE_MFA_ACTION = "CreateVirtualMFADevice"
# Authorized on "*" only (no resource-level permissions).
ALL_RESOURCE_ACTIONS = frozenset({"ListVirtualMFADevices"})


class UnsupportedPolicy(Exception):
    """A policy uses an element the emulator does not evaluate (Condition)."""


class Decision(Enum):
    ALLOW = "allow"
    EXPLICIT_DENY = "explicit deny"
    IMPLICIT_DENY = "implicit deny"


@dataclass(frozen=True)
class Caller:
    """An IAM user calling with one of its access keys."""

    account_id: str
    partition: str
    name: str
    path: str
    user_id: str

    @property
    def arn(self) -> str:
        return user_arn(self.partition, self.account_id, self.path, self.name)

    def variables(self) -> dict[str, str]:
        """Policy variables with a value for this caller, by lowercased name."""
        return {
            "aws:username": self.name,
            "aws:userid": self.user_id,
            "aws:principalaccount": self.account_id,
            "aws:principalarn": self.arn,
            "aws:principaltype": "User",
        }


def user_arn(partition: str, account_id: str, path: str, name: str) -> str:
    return f"arn:{partition}:iam::{account_id}:user{path or '/'}{name}"


def resource_arn(
    action: str, parameters: Mapping[str, str], caller: Caller, user_path: Callable[[str], str | None]
) -> str | None:
    """The ARN IAM authorizes action on ("*" for actions without resource-level permissions); None when the emulator does not know it.

    user_path(name) is the path of an existing user, or None: a user that does not exist
    is named with the path "/".
    """
    if action in USER_ACTIONS:
        name = parameters.get("UserName") or caller.name
        return user_arn(caller.partition, caller.account_id, user_path(name) or "/", name)
    if action in MFA_ACTIONS:
        return parameters.get("SerialNumber") or None
    if action == CREATE_MFA_ACTION:
        path = parameters.get("Path") or "/"
        return f"arn:{caller.partition}:iam::{caller.account_id}:mfa{path}{parameters.get('VirtualMFADeviceName', '')}"
    if action in ALL_RESOURCE_ACTIONS:
        return "*"
    return None


# --- matching

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_DEFAULT = re.compile(r"^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$")
_LITERAL_VARIABLES = {"*": "*", "?": "?", "$": "$"}

# A pattern is a sequence of tokens: a literal character, or the wildcard "*" or "?".
_STAR = object()
_ONE = object()


def _tokens(pattern: str, variables: Mapping[str, str] | None) -> list | None:
    """The pattern's tokens, variables substituted (variables None: no substitution); None when a variable has no value."""
    tokens: list = []
    position = 0
    for found in _VARIABLE.finditer(pattern) if variables is not None else ():
        tokens.extend(_wildcard_tokens(pattern[position : found.start()]))
        value = _variable_value(found.group(1), variables)
        if value is None:
            return None
        tokens.extend(value)  # literal characters, even * or ?
        position = found.end()
    tokens.extend(_wildcard_tokens(pattern[position:]))
    return tokens


def _wildcard_tokens(text: str) -> list:
    return [_STAR if char == "*" else _ONE if char == "?" else char for char in text]


def _variable_value(inside: str, variables: Mapping[str, str]) -> str | None:
    if inside in _LITERAL_VARIABLES:
        return _LITERAL_VARIABLES[inside]
    default = _DEFAULT.match(inside)
    name, fallback = (default.group(1), default.group(2)) if default else (inside.strip(), None)
    value = variables.get(name.lower())
    return value if value is not None else fallback


def _arn_regex(tokens: list) -> re.Pattern:
    parts = []
    for index, token in enumerate(tokens):
        if token is _STAR:
            ends_segment = index + 1 == len(tokens) or tokens[index + 1] == ":"
            parts.append(".*" if ends_segment else "[^:]*")
        elif token is _ONE:
            parts.append("[^:]")
        else:
            parts.append(re.escape(token))
    return re.compile("".join(parts), re.DOTALL)


def resource_matches(pattern: str, resource: str, variables: Mapping[str, str] | None) -> bool:
    """Whether a Resource entry matches resource; variables None: the document's Version has no policy variables."""
    if resource == "*":  # an action without resource-level permissions: only Resource "*" names it
        return pattern == "*"
    tokens = _tokens(pattern, variables)
    return tokens is not None and _arn_regex(tokens).fullmatch(resource) is not None


def action_matches(pattern: str, action: str) -> bool:
    """Whether an Action entry ("iam:Resync*", "*") matches action ("iam:ResyncMFADevice"), case-insensitively."""
    regex = "".join(".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern)
    return re.fullmatch(regex, action, re.IGNORECASE | re.DOTALL) is not None


# --- evaluation


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def parsed(document: str | Mapping) -> dict:
    return json.loads(document) if isinstance(document, str) else dict(document)


def statement_applies(statement: Mapping, action: str, resource: str, variables: Mapping[str, str] | None) -> bool:
    if "Condition" in statement:
        raise UnsupportedPolicy(
            f"statement {statement.get('Sid', '(no Sid)')} has a Condition, which the IAM emulator does not evaluate"
        )
    if "Action" in statement:
        action_ok = any(action_matches(pattern, action) for pattern in _as_list(statement["Action"]))
    else:
        action_ok = not any(action_matches(pattern, action) for pattern in _as_list(statement.get("NotAction", [])))
    if not action_ok:
        return False
    if "Resource" in statement:
        return any(resource_matches(pattern, resource, variables) for pattern in _as_list(statement["Resource"]))
    return not any(
        resource_matches(pattern, resource, variables) for pattern in _as_list(statement.get("NotResource", []))
    )


def decision(
    documents: Iterable[str | Mapping], action: str, resource: str, caller_variables: Mapping[str, str]
) -> Decision:
    """What the identity policies (JSON text or parsed) say about action ("iam:X") on resource: explicit Deny wins over Allow."""
    allowed = False
    for document in documents:
        policy = parsed(document)
        variables = caller_variables if policy.get("Version") == POLICY_VARIABLES_VERSION else None
        for statement in _as_list(policy.get("Statement", [])):
            if not statement_applies(statement, action, resource, variables):
                continue
            if statement.get("Effect") == "Deny":
                return Decision.EXPLICIT_DENY
            allowed = allowed or statement.get("Effect") == "Allow"
    return Decision.ALLOW if allowed else Decision.IMPLICIT_DENY


def denial_message(caller: Caller, action: str, resource: str, verdict: Decision) -> str:
    """IAM's AccessDenied message for a user."""
    reason = (
        "with an explicit deny in an identity-based policy"
        if verdict is Decision.EXPLICIT_DENY
        else f"because no identity-based policy allows the {action} action"
    )
    return f"User: {caller.arn} is not authorized to perform: {action} on resource: {resource} {reason}"
