# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The action plugin of the modules that take authentication codes or a seed (iam_mfa_device, iam_mfa_device_resync).

Ansible makes every string and number leaf of a no_log option's value a mask before the module checks anything, so a
code given as [1, 2] would mask every "1" of the output ("us-east-********"), and a code given as the integer 12345
would garble the module's own hint. This action refuses such values on the controller, before the module runs and
before Ansible registers any mask: only the strings (and six-digit integers) meant as secrets ever become masks.
"""

from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import SECRET_OPTIONS
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import InvalidParameterError
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import check_secret_kind
from ansible_collections.mfaops.aws.plugins.plugin_utils.mfa_module_action import MFAModuleAction


def refused_secret_argument(module_args: dict):
    """Why a secret option of module_args cannot hold a secret (a message naming the option, never the value), or None."""
    for option in SECRET_OPTIONS:
        try:
            check_secret_kind(option, module_args.get(option))
        except InvalidParameterError as error:
            return str(error)
    return None


class MFASecretsModuleAction(MFAModuleAction):
    SECRET_OPTIONS = frozenset(SECRET_OPTIONS)

    def run(self, tmp=None, task_vars=None):
        refusal = refused_secret_argument(self._task.args)
        if refusal is not None:
            return dict(failed=True, changed=False, msg=refusal)
        return super().run(tmp, task_vars)
