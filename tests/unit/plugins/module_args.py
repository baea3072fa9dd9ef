# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""patch_module_args for every supported ansible-core (2.17 and later)."""

from __future__ import annotations

import contextlib
import json
from unittest import mock

try:
    from ansible.module_utils.testing import patch_module_args  # noqa: F401 pylint: disable=unused-import
except ImportError:  # ansible-core before 2.19 has no testing helper: AnsibleModule reads basic._ANSIBLE_ARGS.
    from ansible.module_utils import basic

    @contextlib.contextmanager
    def patch_module_args(args: dict | None = None):
        """Expose args to the AnsibleModule instances created within this context."""
        serialized = json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}).encode()
        with mock.patch.object(basic, "_ANSIBLE_ARGS", serialized):
            yield
