# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Runs the iam_virtual_mfa_device module; see plugin_utils/mfa_module_action.py."""

from ansible_collections.mfaops.aws.plugins.plugin_utils.mfa_module_action import MFAModuleAction


class ActionModule(MFAModuleAction):
    # Its result holds the new device's seed and QR code.
    SEALS_RESULT = True

    def internal_module_args(self) -> dict:
        # ansible writes an async task's result to a job file on the managed host (mode 0644, in clear text):
        # the module refuses to create a device, whose seed the result would hold, when told it runs so.
        return {"_async_task": bool(self._task.async_val)}
