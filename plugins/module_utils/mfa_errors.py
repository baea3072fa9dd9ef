# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Errors of IAM MFA calls: how they are caught, and plain-words failure messages on top of amazon.aws's fail_json_aws."""

from __future__ import annotations

import contextlib
import functools

try:
    import botocore.exceptions
    import botocore.parsers
except ImportError:
    pass  # Modules are responsible for handling this.

from ansible_collections.amazon.aws.plugins.module_utils.iam import AnsibleIAMError
from ansible_collections.amazon.aws.plugins.module_utils.iam import IAMErrorHandler


def _unparsed_answer_error(exception) -> Exception:
    """A ResponseParserError for an answer botocore read only in part (KeyError from its parser)."""
    return botocore.parsers.ResponseParserError(f"The answer lacks the element {exception} that IAM's answers have.")


def reject_answers_not_from_iam(client) -> None:
    """Make client raise ResponseParserError for a successful answer that did not come from IAM.

    IAM puts a request ID in every answer. botocore accepts any well-formed XML with a
    2xx status as success of an action without output (ResyncMFADevice, EnableMFADevice,
    ...): a proxy or captive portal answering 200 with an XHTML page would otherwise
    count as a resync that never happened.
    """

    def check_answer(http_response, parsed, model, **kwargs):  # pylint: disable=unused-argument
        if http_response is None or not 200 <= http_response.status_code < 300:
            return
        if not (parsed or {}).get("ResponseMetadata", {}).get("RequestId"):
            raise botocore.parsers.ResponseParserError(
                f"The answer to {model.name} (HTTP {http_response.status_code}) carries no request ID, so it did not come from IAM."
            )

    client.meta.events.register("after-call.iam", check_answer, unique_id="mfaops-reject-answers-not-from-iam")


class MFAIAMError(AnsibleIAMError):
    """An AnsibleIAMError that carries what fail_with_iam_error reports: the IAM permission of the
    failed call (from MFAErrorHandler), and the summary and more result keys (from on_iam_failure)."""

    def __init__(self, message=None, exception=None, permission=None, **kwargs):
        super().__init__(message=message, exception=exception, **kwargs)
        self.permission = permission
        self.summary = None
        self.result = {}


class MFAErrorHandler(IAMErrorHandler):
    """IAMErrorHandler that also catches an answer botocore cannot parse, and names the IAM permission of the call.

    botocore raises ResponseParserError, which is neither a ClientError nor a
    BotoCoreError, when an endpoint answers with something other than IAM's XML,
    and KeyError when the XML is well formed but not IAM's (an HTML page);
    uncaught, either would end the module with a traceback.
    """

    _CUSTOM_EXCEPTION = MFAIAMError

    @classmethod
    def common_error_handler(cls, description, permission=None):
        handle_aws_errors = super().common_error_handler(description)

        def wrapper(func):
            handled = handle_aws_errors(func)

            @functools.wraps(func)
            def handler(*args, **kwargs):
                try:
                    return handled(*args, **kwargs)
                except MFAIAMError as e:
                    if e.permission is None:  # the innermost wrapped call is the one that failed
                        e.permission = permission
                    raise
                except botocore.parsers.ResponseParserError as e:
                    raise MFAIAMError(f"Failed to {description}", e, permission) from e
                except KeyError as e:
                    # From botocore's parser or a missing result element: either way not IAM's answer.
                    raise MFAIAMError(f"Failed to {description}", _unparsed_answer_error(e), permission) from e

            return handler

        return wrapper


@contextlib.contextmanager
def on_iam_failure(summary: str, **result):
    """Within it, a failed IAM call is reported as summary, with more result keys (changed=True when part of a
    change was made). The innermost summary holds: it names the call that failed."""
    try:
        yield
    except MFAIAMError as error:
        if error.summary is None:
            error.summary = summary
            error.result = result
        raise


def is_iam_error_code(error, *codes) -> bool:
    """Whether error (an AnsibleIAMError) came with one of these IAM error codes."""
    code = error_code(error.exception)
    return code is not None and code in codes


CREDENTIAL_ERROR_CODES = frozenset(
    (
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidClientTokenId",
        "SignatureDoesNotMatch",
        "UnrecognizedClientException",
        "InvalidAccessKeyId",
        "AuthFailure",
    )
)

# What to do next, by IAM error code, whatever the action; {permission} is the IAM action that was called.
# Advice that holds only for some actions belongs in ADVICE_BY_ACTION instead.
ADVICE_BY_ERROR_CODE = {
    "InvalidAuthenticationCode": (
        "IAM rejected the authentication codes. Wait until the device shows a new code, "
        "note it and the one that follows it, and run again with those two consecutive codes."
    ),
    "NoSuchEntity": "IAM does not know the user, or the MFA device is not assigned to that user. Check user_name and serial_number.",
    "LimitExceeded": "IAM refused because a limit was exceeded; IAM's message, after Details, names it.",
    "ConcurrentModification": "Another change to this user's MFA devices was in progress and retries did not outlast it. Run again in a minute.",
    "ServiceFailure": "IAM failed internally and retries did not help. Run again later; check the AWS Health Dashboard if it persists.",
    "Throttling": "IAM throttled the requests and retries did not outlast it. Run again later, with fewer parallel tasks.",
    "ValidationError": "IAM rejected a parameter. Check the option values against the module documentation.",
    "AccessDenied": (
        "The credentials in use are not allowed {permission} on this resource. "
        "Grant it (see the IAM policies guide, docs/docsite/rst/iam_policies.rst) or use other credentials."
    ),
}

# EntityTemporarilyUnmodifiable is not retried: IAM says the entity (for example a user name that was deleted and
# created again) is unmodifiable for several minutes, beyond the retry budget (31 seconds) and the life of the codes.
_TEMPORARILY_UNMODIFIABLE = (
    "IAM refused because the user is temporarily unmodifiable, for example because a user of that name was deleted "
    "and created again a short while ago. IAM clears this by itself: wait several minutes, then run again{codes}."
)

# What to do next, by IAM action (as in permission) and error code: advice that fits only that action.
# It comes before ADVICE_BY_ERROR_CODE. Add an action's entries here, or a module's own in its advice_by_permission.
ADVICE_BY_ACTION = {
    "iam:ResyncMFADevice": {
        "LimitExceeded": "IAM refused because of too many recent resync attempts for this user. Wait several minutes before trying again.",
    },
    "iam:EnableMFADevice": {
        "LimitExceeded": (
            "IAM refused because the user has the most MFA devices IAM allows a user (8, of any kind). "
            "Deactivate one the user no longer uses (mfaops.aws.iam_mfa_device with state: absent), then run again."
        ),
        "EntityTemporarilyUnmodifiable": _TEMPORARILY_UNMODIFIABLE.format(codes=" with two fresh consecutive codes"),
        "NoSuchEntity": (
            "IAM knows no MFA device of that serial number, or no longer the user. Check serial_number "
            "(create a virtual device with mfaops.aws.iam_virtual_mfa_device) and user_name."
        ),
    },
    "iam:DeactivateMFADevice": {
        "EntityTemporarilyUnmodifiable": _TEMPORARILY_UNMODIFIABLE.format(codes=""),
    },
}

CREDENTIAL_ADVICE = "The AWS credentials are expired or invalid. Refresh them (for example a new session token or SSO login) and run again."


def error_code(exception) -> str | None:
    try:
        return exception.response["Error"]["Code"]
    except (AttributeError, KeyError, TypeError):
        return None


def advice_for_error_code(code: str, permission: str, advice_by_code: dict | None = None) -> str:
    """What to do about IAM error code from calling permission: the call's own advice_by_code first,
    then the action's (ADVICE_BY_ACTION), then the code's (ADVICE_BY_ERROR_CODE)."""
    for advice in (advice_by_code or {}, ADVICE_BY_ACTION.get(permission, {}), ADVICE_BY_ERROR_CODE):
        if code in advice:
            return advice[code].format(permission=permission)
    return "IAM returned an error."


def advice_for_exception(exception, permission: str, advice_by_code: dict | None = None) -> str:
    """What a person should do next about exception, which came from calling permission.

    advice_by_code overrides the action's and the code's advice where a call knows better (a
    NoSuchEntity from listing a user's devices can only mean the user).
    """
    code = error_code(exception)
    if code in CREDENTIAL_ERROR_CODES:
        return CREDENTIAL_ADVICE
    if code is not None:
        return advice_for_error_code(code, permission, advice_by_code)
    if isinstance(exception, (botocore.exceptions.NoCredentialsError, botocore.exceptions.PartialCredentialsError)):
        return "No usable AWS credentials were found. Set access_key/secret_key, a profile, or the AWS_* environment variables."
    if isinstance(exception, (botocore.exceptions.ConnectionError, botocore.exceptions.HTTPClientError)):
        return "The IAM endpoint could not be reached or did not answer. Check endpoint_url, the network and any proxy, then run again."
    if isinstance(exception, botocore.parsers.ResponseParserError):
        return "The IAM endpoint answered with something that is not an IAM response. Check endpoint_url."
    return "The AWS SDK reported an error."


def fail_with_iam_error(module, error, advice_by_permission: dict | None = None) -> None:
    """Fail the module with amazon.aws's structured error and a message saying what to do next.

    error is an MFAIAMError raised by an MFAErrorHandler-wrapped call, which names the IAM permission
    of that call; its summary (from on_iam_failure) says what failed, its result holds more keys of the
    failure's result. advice_by_permission: the module's own advice, {permission: {error code: advice}}.
    """
    summary = error.summary or error.message
    exception = error.exception
    if exception is None:
        module.fail_json(msg=f"{summary}: {error.message}", **error.result)
    code = error_code(exception)
    headline = f"{summary} ({code})" if code else summary
    advice_by_code = (advice_by_permission or {}).get(error.permission)
    module.fail_json_aws(
        exception,
        msg=f"{headline}. {advice_for_exception(exception, error.permission, advice_by_code)} Details",
        **error.result,
    )
