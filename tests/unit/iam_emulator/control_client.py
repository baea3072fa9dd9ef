# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Requests to the emulator server's control endpoints (/_emulator/...), for the tests."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

# Never through a proxy: every request here is for this machine.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def control(server, method: str, path: str, body=None, raw: bytes | None = None) -> tuple[int, dict, dict]:
    """(HTTP status, JSON answer, headers) of a control endpoint request; raw, if given, is sent instead of body."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode("utf-8"))
    request = urllib.request.Request(
        f"{server.url}/_emulator/{path}", data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with DIRECT.open(request, timeout=10) as response:
            return response.status, json.load(response), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error), dict(error.headers)


def control_answer(server, method: str, path: str, body=None) -> tuple[int, dict]:
    """(HTTP status, JSON answer) of a control endpoint request."""
    return control(server, method, path, body)[:2]
