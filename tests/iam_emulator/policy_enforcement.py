# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Enforcing the calling user's identity policies, switched on at run time (off by default and after every reset).

Off, the emulator answers any credentials as the account (what tests need to set up
users, policies and access keys). On (set_iam_policy_enforcement(True), or POST
/_emulator/authorization {"enforce": true}), every IAM request is first:

- authenticated: its SigV4 Authorization header must name an Active access key of an
  IAM user of the account (else InvalidClientTokenId, 403; no header:
  MissingAuthenticationToken, 403) and be signed with its secret key (moto's signature
  check; else SignatureDoesNotMatch, 403);
- authorized: the user's inline and attached policies, and those of its groups, are
  evaluated (authorization.py) for iam:ACTION on the resource IAM would authorize
  (authorization.resource_arn). Denied: AccessDenied (403) with IAM's message, "User:
  arn:aws:iam::123456789012:user/alice is not authorized to perform:
  iam:ResyncMFADevice on resource: arn:aws:iam::123456789012:user/bob because no
  identity-based policy allows the iam:ResyncMFADevice action". An action whose
  resource the emulator does not resolve, or a policy with a Condition:
  NotImplemented (501), never a guess.

Why not moto's own enforcement (settings.INITIAL_NO_AUTH_ACTION_COUNT, which it reads at
each request and so could be changed at run time): moto 5.2.5 authorizes every IAM
action but role actions on resource "*" and substitutes no policy variables, so a policy
scoped to users (arn:aws:iam::*:user/${aws:username}) always denies. This check runs
instead, before moto's handler (IamResponse.moto_call_action, wrapped by install()), after
the call is logged and a pending fault had its chance to answer; the call log shows the
403. Root credentials and temporary (STS) credentials are not emulated.
"""

from __future__ import annotations

import json
from typing import Any
from typing import Callable
from typing import Iterator
from urllib.parse import urlparse

from moto.core.exceptions import SignatureDoesNotMatchError
from moto.iam.access_control import IAMRequest
from moto.iam.responses import IamResponse
from werkzeug.wrappers import Request
from werkzeug.wrappers import Response

from .authorization import Caller
from .authorization import Decision
from .authorization import UnsupportedPolicy
from .authorization import decision
from .authorization import denial_message
from .authorization import resource_arn
from .errors import AccessDenied
from .errors import ActionNotImplemented
from .errors import IAMEmulatorError
from .errors import make_error
from .state import installed_state

CONTROL_PATH = "/_emulator/authorization"


# --- the switch


def set_iam_policy_enforcement(enforce: bool) -> None:
    """Enforce the calling user's identity policies (True) or answer any credentials (False). reset() switches it off."""
    if not isinstance(enforce, bool):
        raise ValueError(f"enforce must be true or false, not {enforce!r}")
    from .patching import install  # pylint: disable=import-outside-toplevel  # patching imports this module

    install().enforce_iam_policies = enforce


def iam_policy_enforcement() -> bool:
    state = installed_state()
    return bool(state is not None and state.enforce_iam_policies)


# --- authentication


def _unauthenticated(code: str, message: str) -> IAMEmulatorError:
    return make_error(code, message, 403)


def _authorization_header(response: Any) -> str:
    return response.headers.get("Authorization") or ""


def authenticated_caller(response: Any) -> Caller:
    """The IAM user whose access key signed the request (IamResponse after setup_class); IAMEmulatorError otherwise."""
    header = _authorization_header(response)
    if "Credential=" not in header:
        raise _unauthenticated("MissingAuthenticationToken", "Request is missing Authentication Token")
    access_key_id = header.partition("Credential=")[2].partition("/")[0]
    backend = response.backend
    user = backend.get_user_from_access_key_id(access_key_id)
    key = (
        next((key for key in user.access_keys if key.access_key_id == access_key_id), None)
        if user is not None
        else None
    )
    if key is None or key.status != "Active" or "X-Amz-Security-Token" in response.headers:
        raise _unauthenticated("InvalidClientTokenId", "The security token included in the request is invalid.")
    path = response.raw_path
    query = urlparse(response.uri).query
    signed = IAMRequest(
        account_id=response.current_account,
        method=response.method,
        path=f"{path}?{query}" if query else path,
        data=response.data,
        body=response.raw_body,
        headers=response.headers,
        action=response._get_action(),
    )  # pylint: disable=protected-access
    try:
        signed.check_signature()
    except SignatureDoesNotMatchError as error:
        raise _unauthenticated(
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        ) from error
    return Caller(
        account_id=response.current_account,
        partition=response.partition,
        name=user.name,
        path=user.path,
        user_id=user.id,
    )


# --- authorization


def identity_policies(backend: Any, user_name: str) -> Iterator[str]:
    """The policy documents that apply to the user: inline and attached, its own and its groups'."""
    user = backend.get_user(user_name)
    holders = [user] + list(backend.get_groups_for_user(user_name))
    for holder in holders:
        yield from holder.policies.values()
        for policy in holder.managed_policies.values():
            yield from (
                version.document for version in policy.versions if version.version_id == policy.default_version_id
            )


def _user_path(backend: Any) -> Callable[[str], str | None]:
    def path(name: str) -> str | None:
        user = backend.users.get(name)
        return None if user is None else user.path

    return path


def refusal(response: Any) -> IAMEmulatorError | None:
    """Why the request must be refused (IAM's error), or None when the caller's policies allow it."""
    caller = authenticated_caller(response)
    action = response._get_action()  # pylint: disable=protected-access
    resource = resource_arn(action, response.call_parameters(), caller, _user_path(response.backend))
    if resource is None:
        return ActionNotImplemented(
            f"The IAM emulator does not know the resource IAM authorizes {action} on, so it cannot enforce policies for it; "
            "add it to authorization.resource_arn or switch enforcement off"
        )
    try:
        verdict = decision(
            identity_policies(response.backend, caller.name), f"iam:{action}", resource, caller.variables()
        )
    except UnsupportedPolicy as error:
        return ActionNotImplemented(f"The IAM emulator cannot enforce the policies of {caller.arn}: {error}")
    if verdict is Decision.ALLOW:
        return None
    return AccessDenied(denial_message(caller, f"iam:{action}", resource, verdict))


def install_enforcement() -> None:
    """Wrap IamResponse.moto_call_action (moto's call_action, kept by install()) with the check; called once by install()."""
    moto_call_action = IamResponse.moto_call_action

    def call_action(self: Any) -> Any:
        if iam_policy_enforcement():
            try:
                error = refusal(self)
            except IAMEmulatorError as raised:
                error = raised
            if error is not None:
                return self.error_answer(error)
        return moto_call_action(self)

    IamResponse.moto_call_action = call_action


# --- the control endpoint: GET and POST /_emulator/authorization


def _json(payload: Any, status: int = 200) -> Response:
    return Response(json.dumps(payload) + "\n", status=status, mimetype="application/json")


def _current() -> Response:
    return _json({"authorization": {"enforce": iam_policy_enforcement()}})


def _change(request: Request) -> Response:
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict) or set(body) != {"enforce"} or not isinstance(body["enforce"], bool):
        return _json({"error": 'the body must be {"enforce": true} or {"enforce": false}'}, 400)
    set_iam_policy_enforcement(body["enforce"])
    return _current()


AUTHORIZATION_ROUTES: dict[tuple[str, str], Callable[[Request], Response]] = {
    (CONTROL_PATH, "GET"): lambda request: _current(),
    (CONTROL_PATH, "POST"): _change,
}
