# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Warnings that reach the user once, without a deprecation notice."""

from __future__ import annotations


def warn(module, message: str) -> None:
    """Warn through the AnsibleModule under an AnsibleAWSModule.

    AnsibleAWSModule.warn() (amazon.aws 10.x) also hands its warnings to
    exit_json(warnings=...), which ansible-core 2.19 reports as deprecated.
    """
    getattr(module, "_module", module).warn(message)
