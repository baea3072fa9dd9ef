# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""patch_module_args for every supported ansible-core (2.17 and later), with the invocation in results.

ansible-core 2.21 adds ``invocation`` to a module's result only when the task asks for it
(``_ansible_inject_invocation``, which its action plugins set from INJECT_INVOCATION); the tests
ask for it, so that they can check that secrets show masked there. Older cores always add it
and would refuse the unknown internal argument.
"""

from __future__ import annotations

import contextlib
import json
from unittest import mock

from ansible.module_utils import basic
from ansible.module_utils.common.parameters import PASS_VARS

try:
    from ansible.module_utils.testing import patch_module_args as _core_patch_module_args
except ImportError:  # ansible-core before 2.19 has no testing helper: AnsibleModule reads basic._ANSIBLE_ARGS.

    @contextlib.contextmanager
    def _core_patch_module_args(args: dict | None = None):
        serialized = json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}).encode()
        with mock.patch.object(basic, "_ANSIBLE_ARGS", serialized):
            yield


INVOCATION_ON_REQUEST = "inject_invocation" in PASS_VARS


@contextlib.contextmanager
def patch_module_args(args: dict | None = None):
    """Expose args to the AnsibleModule instances created within this context."""
    args = dict(args or {})
    if INVOCATION_ON_REQUEST:
        args.setdefault("_ansible_inject_invocation", True)
    with _core_patch_module_args(args):
        yield
