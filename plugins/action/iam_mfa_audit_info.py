# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Runs the iam_mfa_audit_info module; see plugin_utils/mfa_module_action.py."""

from ansible_collections.mfaops.aws.plugins.plugin_utils.mfa_module_action import MFAModuleAction


class ActionModule(MFAModuleAction):
    """Masks only the AWS credential options; the module has no secret of its own."""
