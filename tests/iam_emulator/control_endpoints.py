# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The server's /_emulator/ JSON endpoints, for tests and benchmarks in other processes.

IAM requests always go to "/", so the /_emulator/ prefix cannot shadow one.
"""

from __future__ import annotations

import json
from typing import Any
from typing import Callable
from typing import Iterable

from werkzeug.wrappers import Request
from werkzeug.wrappers import Response

from . import control
from .fido_keys import FIDO_KEY_ROUTES
from .mfa_codes import checked_window_steps
from .paging import checked_default_max_items
from .policy_enforcement import AUTHORIZATION_ROUTES
from .rate_limits import checked_rate_limits

PREFIX = "/_emulator"
FAULT_FIELDS = frozenset({"action", "error_code", "count", "status", "message"})
SETTING_FIELDS = frozenset(
    {"default_max_items", "code_window_steps", "rate_limits", "credential_report_generation_polls", "max_items_limit"}
)
HARDWARE_TOKEN_FIELDS = frozenset({"serial_number", "seed"})


def _json(payload: Any, status: int = 200, headers: dict | None = None) -> Response:
    return Response(json.dumps(payload) + "\n", status=status, mimetype="application/json", headers=headers)


def _add_fault(request: Request) -> Response:
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        return _json(
            {
                "error": 'the body must be a JSON object such as {"action": "ResyncMFADevice", "error_code": "Throttling"}'
            },
            400,
        )
    unknown = sorted(set(body) - FAULT_FIELDS)
    if unknown:
        return _json(
            {"error": f"unknown field(s) {', '.join(unknown)}; the fields are {', '.join(sorted(FAULT_FIELDS))}"}, 400
        )
    if "action" not in body or "error_code" not in body:
        return _json({"error": "action and error_code are required"}, 400)
    try:
        fault = control.inject_fault(
            body["action"], body["error_code"], body.get("count", 1), body.get("status"), body.get("message")
        )
    except ValueError as error:
        return _json({"error": str(error)}, 400)
    return _json({"fault": fault}, 201)


# Each setting's checker (raising ValueError) and setter; every setting given is checked before any is changed.
SETTERS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], None]]] = {
    "default_max_items": (
        lambda value: value is None or checked_default_max_items(value),
        control.set_default_max_items,
    ),
    "code_window_steps": (lambda value: value is None or checked_window_steps(value), control.set_code_window_steps),
    "rate_limits": (checked_rate_limits, control.set_rate_limits),
    "credential_report_generation_polls": (
        control.checked_generation_polls,
        control.set_credential_report_generation_polls,
    ),
    "max_items_limit": (
        lambda value: value is None or checked_default_max_items(value, "max_items_limit"),
        control.set_max_items_limit,
    ),
}


def _change_settings(request: Request) -> Response:
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict) or not body:
        return _json(
            {"error": 'the body must be a JSON object such as {"default_max_items": 3} (null: IAM\'s default)'}, 400
        )
    unknown = sorted(set(body) - SETTING_FIELDS)
    if unknown:
        return _json(
            {"error": f"unknown setting(s) {', '.join(unknown)}; the settings are {', '.join(sorted(SETTING_FIELDS))}"},
            400,
        )
    try:
        for name, value in body.items():
            SETTERS[name][0](value)
        for name, value in body.items():
            SETTERS[name][1](value)
    except ValueError as error:
        return _json({"error": str(error)}, 400)
    return _json({"settings": control.settings()})


def _control_call(request: Request, field: str, example: str, answer_key: str, call: Callable[[Any], dict]) -> Response:
    """Answer {answer_key: call(body[field])} for a JSON body holding field alone; 400 for another body or a ValueError."""
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict) or set(body) != {field}:
        return _json({"error": f"the body must be a JSON object with the one field {field}, such as {example}"}, 400)
    try:
        return _json({answer_key: call(body[field])})
    except ValueError as error:
        return _json({"error": str(error)}, 400)


def _age_credential_report(request: Request) -> Response:
    return _control_call(
        request, "age_seconds", '{"age_seconds": 14400}', "credential_report", control.age_credential_report
    )


def _set_root_mfa(request: Request) -> Response:
    return _control_call(
        request,
        "device",
        '{"device": "virtual"} ("hardware", or null for none)',
        "root_mfa",
        control.set_root_mfa_device,
    )


def _register_hardware_token(request: Request) -> Response:
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict) or set(body) != HARDWARE_TOKEN_FIELDS:
        return _json(
            {"error": 'the body must be a JSON object {"serial_number": "GAHT12345678", "seed": "BASE32SEED..."}'}, 400
        )
    try:
        control.register_hardware_token(body["serial_number"], body["seed"])
    except ValueError as error:
        return _json({"error": str(error)}, 400)
    return _json({"hardware_token": {"serial_number": body["serial_number"]}}, 201)  # never the seed


def _reset(request: Request) -> Response:  # pylint: disable=unused-argument
    control.reset()
    return _json({"reset": True})


# (path, method) -> handler. Every answer is a JSON object.
ROUTES: dict[tuple[str, str], Callable[[Request], Response]] = {
    (f"{PREFIX}/health", "GET"): lambda request: _json({"status": "ok"}),
    (f"{PREFIX}/faults", "POST"): _add_fault,
    (f"{PREFIX}/faults", "GET"): lambda request: _json({"faults": control.pending_faults()}),
    (f"{PREFIX}/faults", "DELETE"): lambda request: _json({"cleared": control.clear_faults()}),
    (f"{PREFIX}/calls", "GET"): lambda request: _json({"calls": control.recorded_calls()}),
    (f"{PREFIX}/calls", "DELETE"): lambda request: _json({"cleared": control.clear_calls()}),
    (f"{PREFIX}/settings", "GET"): lambda request: _json({"settings": control.settings()}),
    (f"{PREFIX}/settings", "POST"): _change_settings,
    (f"{PREFIX}/reset", "POST"): _reset,
    (f"{PREFIX}/credential_report", "POST"): _age_credential_report,
    (f"{PREFIX}/root_mfa", "POST"): _set_root_mfa,
    (f"{PREFIX}/hardware_tokens", "POST"): _register_hardware_token,
    (f"{PREFIX}/hardware_tokens", "GET"): lambda request: _json({"hardware_tokens": control.hardware_tokens()}),
    (f"{PREFIX}/hardware_tokens", "DELETE"): lambda request: _json({"cleared": control.clear_hardware_tokens()}),
    (f"{PREFIX}/throttled", "GET"): lambda request: _json({"throttled": control.throttled_calls()}),
}
ROUTES.update(AUTHORIZATION_ROUTES)  # GET/POST /_emulator/authorization: policy enforcement (policy_enforcement.py)
ROUTES.update(FIDO_KEY_ROUTES)  # POST /_emulator/fido_keys: give a user a FIDO security key (fido_keys.py)


def _answer(request: Request) -> Response:
    path = request.path.rstrip("/")
    handler = ROUTES.get((path, request.method))
    if handler is not None:
        return handler(request)
    allowed = sorted(method for route_path, method in ROUTES if route_path == path)
    if allowed:
        return _json({"error": f"{request.method} is not allowed on {path}"}, 405, {"Allow": ", ".join(allowed)})
    return _json({"error": f"no control endpoint {path}; see the iam_emulator package documentation"}, 404)


class ControlEndpoints:  # pylint: disable=too-few-public-methods
    """WSGI application: /_emulator/... answered here, every other request passed to moto's application."""

    def __init__(self, moto_application: Callable[..., Iterable[bytes]]) -> None:
        self._moto_application = moto_application

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == PREFIX or path.startswith(PREFIX + "/"):
            return _answer(Request(environ))(environ, start_response)
        return self._moto_application(environ, start_response)
