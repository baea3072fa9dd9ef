# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""FIDO security keys and passkeys for the tests: a user can have one only through the console in IAM, so tests
register one here, in process or with POST /_emulator/fido_keys.

A key is kept as moto keeps every device a user has (the user's mfa_devices), with a serial number shaped as IAM's,
arn:aws:iam::ACCOUNT:u2f/user/USER/NAME-ID: ListMFADevices lists it and DeactivateMFADevice removes it, as in IAM.
"""

from __future__ import annotations

import json
import random
import re
import string
from typing import Callable

from moto.core import DEFAULT_ACCOUNT_ID
from moto.iam.models import MFADevice
from moto.iam.models import iam_backends
from werkzeug.wrappers import Request
from werkzeug.wrappers import Response

from .patching import install

CONTROL_PATH = "/_emulator/fido_keys"
_KEY_NAME = re.compile(r"[A-Za-z0-9_+=,.@-]{1,64}")


def register_fido_security_key(user_name: str, name: str = "security-key", account_id: str = DEFAULT_ACCOUNT_ID) -> str:
    """Give IAM user user_name a FIDO security key, as the console would; returns its serial number.

    NoSuchEntity (moto's) for an unknown user; ValueError for a name that is not 1-64 of [A-Za-z0-9_+=,.@-].
    """
    install()
    if not isinstance(name, str) or _KEY_NAME.fullmatch(name) is None:
        raise ValueError("name must be 1 to 64 characters from A-Z a-z 0-9 _ + = , . @ -")
    backend = iam_backends[account_id]["aws"]
    with backend.iam_state_lock:
        user = backend.get_user(user_name)
        key_id = "".join(random.choice(string.ascii_uppercase + string.digits) for _position in range(26))
        serial_number = f"arn:aws:iam::{account_id}:u2f/user/{user.name}/{name}-{key_id}"
        # A FIDO key has no codes; moto's device record wants two.
        user.mfa_devices[serial_number] = MFADevice(serial_number, "", "")
    return serial_number


def _json(payload: dict, status: int) -> Response:
    return Response(json.dumps(payload) + "\n", status=status, mimetype="application/json")


def _register(request: Request) -> Response:
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("user_name"), str) or set(body) - {"user_name", "name"}:
        return _json(
            {
                "error": 'the body must be a JSON object such as {"user_name": "alice", "name": "yubikey"} (name optional)'
            },
            400,
        )
    try:
        serial_number = register_fido_security_key(body["user_name"], body.get("name", "security-key"))
    except ValueError as error:
        return _json({"error": str(error)}, 400)
    except Exception as error:  # pylint: disable=broad-exception-caught  # moto's NoSuchEntity for an unknown user
        return _json({"error": f"no such IAM user ({type(error).__name__})"}, 404)
    return _json({"serial_number": serial_number}, 201)


# POST /_emulator/fido_keys {"user_name": "alice", "name": "yubikey"} -> 201 {"serial_number": "arn:aws:iam::...:u2f/..."}
FIDO_KEY_ROUTES: dict[tuple[str, str], Callable[[Request], Response]] = {(CONTROL_PATH, "POST"): _register}
