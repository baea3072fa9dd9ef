# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The AnsibleModule under an AnsibleAWSModule."""

from __future__ import annotations


def inner_ansible_module(module):
    """The AnsibleModule that an AnsibleAWSModule wraps (module itself when it is one).

    amazon.aws 10 and later hand unknown attributes (argument_spec, no_log_values, ...) on to it;
    amazon.aws 9 does not, so code that needs them asks for the AnsibleModule itself.
    """
    return getattr(module, "_module", module)
