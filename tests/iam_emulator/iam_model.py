# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What botocore's IAM API model (2010-05-08) says about actions and errors.

The model is the contract boto3 clients are built from, so the emulator takes
action names and error HTTP statuses from it instead of keeping its own copy.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import botocore.session
from botocore.model import ServiceModel


class ErrorKind(NamedTuple):
    """How IAM answers an error code: HTTP status, and whether the caller is at fault (Type Sender) or IAM is (Type Receiver)."""

    http_status: int
    sender_fault: bool


# Codes IAM returns that the model does not declare (AWS's "common errors" for query APIs).
COMMON_ERRORS: dict[str, ErrorKind] = {
    "AccessDenied": ErrorKind(403, True),
    # An expired session token: IAM's query API answers ExpiredToken, which AWS's common errors page lists (as
    # ExpiredTokenException) with HTTP 403. STS's model has its own ExpiredTokenException at 400: that is the web
    # identity token of AssumeRoleWithWebIdentity, not the credentials signing an IAM request.
    "ExpiredToken": ErrorKind(403, True),
    "ExpiredTokenException": ErrorKind(403, True),
    "IncompleteSignature": ErrorKind(400, True),
    "InternalFailure": ErrorKind(500, False),
    "InvalidAction": ErrorKind(400, True),
    "InvalidClientTokenId": ErrorKind(403, True),
    "MissingParameter": ErrorKind(400, True),
    "OptInRequired": ErrorKind(403, True),
    "RequestExpired": ErrorKind(400, True),
    "ServiceUnavailable": ErrorKind(503, False),
    "SignatureDoesNotMatch": ErrorKind(403, True),
    "Throttling": ErrorKind(400, True),
    "ValidationError": ErrorKind(400, True),
}

# The emulator's own code for an IAM action it cannot answer: IAM never sends it, and
# 501 with the fault on the server's side is what it is, so no client retries or blames its request.
EMULATOR_ERRORS: dict[str, ErrorKind] = {
    "NotImplemented": ErrorKind(501, False),
}


@lru_cache(maxsize=None)
def iam_service_model() -> ServiceModel:
    # Loading the model takes a noticeable fraction of a second: do it once.
    return botocore.session.get_session().get_service_model("iam")


@lru_cache(maxsize=None)
def iam_action_names() -> frozenset[str]:
    return frozenset(iam_service_model().operation_names)


@lru_cache(maxsize=None)
def _modelled_errors() -> dict[str, ErrorKind]:
    errors = {}
    for shape in list(iam_service_model().error_shapes):
        error = shape.metadata.get("error", {})
        code = error.get("code", shape.name)
        # The model marks client errors with senderFault; ServiceFailure (500) has none.
        errors[code] = ErrorKind(int(error.get("httpStatusCode", 400)), bool(error.get("senderFault", False)))
    return errors


def error_kind(code: str) -> ErrorKind:
    """The status and fault side IAM uses for an error code; an unknown code is treated as a client error (400, Sender)."""
    known = _modelled_errors().get(code) or COMMON_ERRORS.get(code) or EMULATOR_ERRORS.get(code)
    return known if known is not None else ErrorKind(400, True)
