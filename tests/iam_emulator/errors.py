# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""IAM errors, and their rendering exactly as IAM's query API returns them.

The classes derive from moto's IAMException, so moto's request handling catches
them like its own. The rendering replaces moto's for IAM because moto's differs
from IAM in ways botocore passes on to callers: it repeats the message in an
extra lowercase <message> element, labels ServiceFailure as a Sender fault, and
answers codes the API model does not declare (AccessDenied) with HTTP 400.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from moto.iam.exceptions import IAMException

from .iam_model import error_kind

IAM_XML_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/"

# moto's response pipeline (BaseResponse._enrich_response) replaces whatever is
# inside <RequestId> with the request id it also sends as x-amzn-requestid.
REQUEST_ID_PLACEHOLDER = "request-id"

# Characters XML 1.0 cannot carry; they can reach a message through an echoed user name.
_NOT_XML_CHARACTERS = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class IAMEmulatorError(IAMException):
    """An IAM error answer: code, message, HTTP status (by default the one IAM uses for the code)."""

    code = "ServiceFailure"
    message = "Request processing has failed due to some unknown error, exception or failure."

    def __init__(self, message: str | None = None, *, code: str | None = None, status: int | None = None):
        if code is not None:
            self.code = code
        super().__init__(self.message if message is None else message)
        kind = error_kind(self.code)
        self.http_status = kind.http_status if status is None else status
        self.sender_fault = kind.sender_fault


class InvalidAuthenticationCode(IAMEmulatorError):
    code = "InvalidAuthenticationCode"
    message = "Authentication code for device is not valid."


class NoSuchEntity(IAMEmulatorError):
    code = "NoSuchEntity"
    message = "The request was rejected because it referenced a resource entity that does not exist."


class LimitExceeded(IAMEmulatorError):
    code = "LimitExceeded"
    message = "The request was rejected because it attempted to create resources beyond the current AWS account limits."


class ConcurrentModification(IAMEmulatorError):
    code = "ConcurrentModification"
    message = "The request was rejected because multiple requests to change this object were submitted simultaneously."


class ServiceFailure(IAMEmulatorError):
    code = "ServiceFailure"
    message = "Request processing has failed due to some unknown error, exception or failure."


class ValidationError(IAMEmulatorError):
    code = "ValidationError"
    message = "1 validation error detected."


class AccessDenied(IAMEmulatorError):
    code = "AccessDenied"
    message = "User is not authorized to perform this action."


class Throttling(IAMEmulatorError):
    code = "Throttling"
    message = "Rate exceeded"


class DeleteConflict(IAMEmulatorError):
    code = "DeleteConflict"
    message = (
        "The request was rejected because it attempted to delete a resource that has attached subordinate entities."
    )


class EntityAlreadyExists(IAMEmulatorError):
    code = "EntityAlreadyExists"
    message = "The request was rejected because it attempted to create a resource that already exists."


class InvalidInput(IAMEmulatorError):
    code = "InvalidInput"
    message = "The request was rejected because an invalid or out-of-range value was supplied for an input parameter."


class InvalidAction(IAMEmulatorError):
    code = "InvalidAction"
    message = "The action or operation requested is invalid. Verify that the action is typed correctly."

    @classmethod
    def for_action(cls, action: str) -> InvalidAction:
        return cls(f"Could not find operation {action} for version 2010-05-08")


class ActionNotImplemented(IAMEmulatorError):
    """An IAM action (or a part of one) that moto and the emulator do not implement: the emulator's own code, HTTP 501."""

    code = "NotImplemented"
    message = "The action is not implemented by the IAM emulator"

    @classmethod
    def for_action(cls, action: str, detail: str | None = None) -> ActionNotImplemented:
        if detail:
            return cls(f"The {action} action is not fully implemented by the IAM emulator: {detail}")
        return cls(f"The {action} action is not implemented by the IAM emulator")


ERROR_CLASSES = {
    error_class.code: error_class
    for error_class in (
        InvalidAuthenticationCode,
        NoSuchEntity,
        LimitExceeded,
        ConcurrentModification,
        ServiceFailure,
        ValidationError,
        AccessDenied,
        Throttling,
        DeleteConflict,
        EntityAlreadyExists,
        InvalidInput,
        InvalidAction,
        ActionNotImplemented,
    )
}


def make_error(code: str, message: str | None = None, status: int | None = None) -> IAMEmulatorError:
    """The error for a code: its own class when there is one, else a generic error carrying the code."""
    error_class = ERROR_CLASSES.get(code)
    if error_class is not None:
        return error_class(message, status=status)
    return IAMEmulatorError(
        f"{code} (fault injected by the IAM emulator)" if message is None else message, code=code, status=status
    )


def _xml_text(text: str) -> str:
    return escape(_NOT_XML_CHARACTERS.sub("\ufffd", text))


def render_error(error: Exception) -> tuple[int, dict[str, str], str]:
    """(HTTP status, headers, body) of an IAM error answer, for this emulator's errors and moto's own IAM errors alike."""
    code = str(getattr(error, "code", "ServiceFailure"))
    message = str(getattr(error, "message", error))
    kind = error_kind(code)
    status = int(getattr(error, "http_status", kind.http_status))
    sender_fault = bool(getattr(error, "sender_fault", kind.sender_fault))
    body = (
        f'<ErrorResponse xmlns="{IAM_XML_NAMESPACE}">'
        f"<Error><Type>{'Sender' if sender_fault else 'Receiver'}</Type><Code>{_xml_text(code)}</Code><Message>{_xml_text(message)}</Message></Error>"
        f"<RequestId>{REQUEST_ID_PLACEHOLDER}</RequestId>"
        "</ErrorResponse>"
    )
    return status, {"Content-Type": "text/xml"}, body
