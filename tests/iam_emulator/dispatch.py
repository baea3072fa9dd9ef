# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""How moto's IamResponse answers every IAM request once install() patches it: always as IAM would.

- Each call is logged, and a pending fault answers it before its handler runs; so does
  Throttling, for a call above its action's rate limit (rate_limits.py).
- Handlers run one at a time, under the backend's iam_state_lock: moto's state has no lock.
- An action IAM does not have is InvalidAction (400), as IAM answers it.
- An IAM action neither moto nor the emulator implements is NotImplemented (501, Type
  Receiver), naming the action: a test tool says plainly what it lacks.
- An exception nothing expected, in a handler or while reading the request, is
  ServiceFailure (500), with its traceback on standard error for the developer.
- Errors are rendered as IAM renders them (errors.py).

Without this, moto raises, and its server answers with werkzeug's HTML error page,
which botocore cannot read (it reports "invalid XML received" and retries).
"""

from __future__ import annotations

import sys
import traceback
from typing import Any
from typing import Callable

from moto.core.common_types import TYPE_RESPONSE
from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult
from moto.core.utils import camelcase_to_underscores
from moto.core.utils import method_names_from_class
from moto.iam.responses import IamResponse

from .errors import ActionNotImplemented
from .errors import InvalidAction
from .errors import ServiceFailure
from .errors import Throttling
from .errors import ValidationError
from .errors import make_error
from .errors import render_error
from .faults import Fault
from .iam_model import iam_action_names
from .state import installed_state

# Form fields every query API request has, which say nothing about the call itself.
_PROTOCOL_FIELDS = frozenset({"Action", "Version"})


def report_failure(action: str, error: BaseException) -> ServiceFailure:
    """Print the unexpected exception's traceback on standard error; return the ServiceFailure that answers the request."""
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    print(
        f"IAM emulator: {type(error).__name__} while handling {action or 'a request'}; answered ServiceFailure (HTTP 500)",
        "".join(lines),
        sep="\n",
        file=sys.stderr,
        flush=True,
    )
    return ServiceFailure(
        f"The IAM emulator failed while handling {action or 'the request'} ({type(error).__name__}); "
        "the traceback is on its standard error."
    )


class ActionDispatch(IamResponse):
    """Never instantiated: a place for the methods install() adds to IamResponse."""

    # Set by install() to moto's own methods, which the overrides below delegate to.
    moto_parse_parameters: Callable[..., None]
    moto_call_action: Callable[..., TYPE_RESPONSE]
    moto_serialized: Callable[..., TYPE_RESPONSE]

    def _dispatch(self, request: Any, full_url: str | None = None, headers: Any = None) -> TYPE_RESPONSE:
        """What moto's does (read the request with setup_class, answer it with call_action), answering a request moto cannot read too."""
        try:
            self.setup_class(request, full_url, headers)
        except Exception as error:  # pylint: disable=broad-exception-caught
            return self.answer_unread_request(error)
        return self.call_action()

    def parse_parameters(self, request: Any) -> None:
        # moto reads parameters as the action's model describes them: there is no model for an unknown action.
        action = self._get_action()
        if action not in iam_action_names():
            raise InvalidAction.for_action(action)
        try:
            self.moto_parse_parameters(request)
        except ValueError as error:  # a number or boolean that is not one
            raise ValidationError(
                f"1 validation error detected: a parameter of {action} is not of its type in IAM's API model ({error})"
            ) from error

    def requested_action(self) -> str:
        try:
            return self._get_action() or ""
        except Exception:  # pylint: disable=broad-exception-caught
            return ""  # the request was too broken to tell

    def call_parameters(self) -> dict[str, str]:
        # moto's querystring maps each form field to a list of values; IAM fields have one each.
        return {
            name: values[0] if isinstance(values, list) and values else values
            for name, values in getattr(self, "querystring", {}).items()
            if name not in _PROTOCOL_FIELDS
        }

    def answer_unread_request(self, error: Exception) -> TYPE_RESPONSE:
        action = self.requested_action()
        if not isinstance(error, ServiceException):
            error = report_failure(action, error)
        state = installed_state()
        entry = state.calls.record(action, self.call_parameters())
        answer = self.error_answer(error)
        state.calls.finish(entry, answer[0])
        return answer

    def call_action(self) -> TYPE_RESPONSE:
        """Log the call and answer with a pending fault if there is one, or Throttling above the action's rate limit; otherwise
        let moto's handler answer it."""
        state = installed_state()
        action = self._get_action()
        entry = state.calls.record(action, self.call_parameters())
        fault = state.faults.take(action)
        if fault is not None:
            answer = self.fault_answer(fault)
        elif not state.rate_limits.admit(action):
            answer = self.error_answer(Throttling())  # above the action's rate limit (rate_limits.py)
        else:
            answer = self.handler_answer(action)
        state.calls.finish(entry, answer[0])
        return answer

    def fault_answer(self, fault: Fault) -> TYPE_RESPONSE:
        return self.error_answer(make_error(fault.error_code, fault.message, fault.status))

    def handler_answer(self, action: str) -> TYPE_RESPONSE:
        if action and camelcase_to_underscores(action) not in method_names_from_class(type(self)):
            return self.error_answer(ActionNotImplemented.for_action(action))
        try:
            with self.backend.iam_state_lock:
                return self.moto_call_action()
        except NotImplementedError as error:  # a handler moto implements only in part
            return self.error_answer(ActionNotImplemented.for_action(action, str(error)))
        except Exception as error:  # pylint: disable=broad-exception-caught
            return self.error_answer(report_failure(action, error))

    def error_answer(self, error: ServiceException) -> TYPE_RESPONSE:
        # The same steps moto's call_action takes for an error a handler raises.
        status, headers, body = self.serialized(ActionResult(error))
        headers["status"] = status
        headers, body = self._enrich_response(headers, body)
        return status, headers, body

    def serialized(self, action_result: ActionResult) -> TYPE_RESPONSE:
        """Errors rendered as IAM renders them (see errors.py); results as moto serializes them."""
        if isinstance(action_result.result, ServiceException):
            status, headers, body = render_error(action_result.result)
            headers.update(getattr(self, "response_headers", {}))  # absent when the request could not be read
            return status, headers, body
        return self.moto_serialized(action_result)


# What install() adds to IamResponse, and the moto methods it keeps under another name first.
DISPATCH_PATCHES = (
    (
        ActionDispatch,
        (
            "_dispatch",
            "parse_parameters",
            "requested_action",
            "call_parameters",
            "answer_unread_request",
            "call_action",
            "fault_answer",
            "handler_answer",
            "error_answer",
            "serialized",
        ),
        {
            "parse_parameters": "moto_parse_parameters",
            "call_action": "moto_call_action",
            "serialized": "moto_serialized",
        },
    ),
)
