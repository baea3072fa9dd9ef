# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Warnings that reach the user once, without a deprecation notice."""

from __future__ import annotations

from ansible_collections.mfaops.aws.plugins.module_utils.inner_module import inner_ansible_module


def warn(module, message: str) -> None:
    """Warn through the AnsibleModule under an AnsibleAWSModule.

    AnsibleAWSModule.warn() also keeps its warnings and, on ansible-core 2.19 and later,
    hands them to exit_json(warnings=...) and fail_json(warnings=...), which ansible-core
    (2.19 to 2.21 at least) reports as deprecated ("Passing `warnings` to `exit_json` or
    `fail_json` is deprecated", removal in 2.23). That came with amazon.aws pull request
    ansible-collections/amazon.aws#2705 ("avoid duplicate warnings in results") and is in
    amazon.aws 9.5.2, 10.1.2 and later, and every 11.x release up to 11.4.0; no upstream
    issue reports it yet. Earlier releases only forward warn() to the AnsibleModule, as
    this does. Drop this helper when the supported amazon.aws releases no longer re-send.
    """
    inner_ansible_module(module).warn(message)
