# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The action plugin behind each mfaops.aws module: it runs the module as ansible-core's
normal action does, but keeps codes and seeds out of ansible-core's ANSIBLE_DEBUG trace.

- The arguments go to the module as MaskedArguments: with ANSIBLE_DEBUG set, ansible-core
  prints them with ``"%s" % module_args`` whatever no_log says, and their printed form
  shows secret options masked (the module still receives the values, since serializing a
  dict does not go through its repr).
- A module that returns secrets (SEALS_RESULT) gets a one-time key and returns them sealed;
  they are opened here, after the trace has printed the raw output.
"""

from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import NO_LOG_MASK
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import SEALED_RESULT_KEY
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import SEALING_KEY_OPTION
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import SealError
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import SealingUnavailable
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import new_sealing_key
from ansible_collections.mfaops.aws.plugins.module_utils.sealed_secrets import unseal

from ansible.plugins.action import ActionBase
from ansible.utils.vars import merge_hash

# The no_log options of amazon.aws's common AWS argument spec, and their aliases in the
# amazon.aws versions this collection supports; a unit test compares it with the
# installed amazon.aws. Listed rather than imported: importing amazon.aws's module
# utilities loads boto3, about half a second for every task.
AWS_SECRET_OPTIONS = frozenset(
    (
        "secret_key",
        "aws_secret_key",
        "aws_secret_access_key",
        "ec2_secret_key",
        "session_token",
        "aws_session_token",
        "security_token",
        "aws_security_token",
        "access_token",
        "ec2_security_token",
    )
)


class MaskedArguments(dict):
    """A dict of module arguments whose repr and str show secret_options' values masked."""

    def __init__(self, arguments, secret_options):
        super().__init__(arguments)
        self.secret_options = frozenset(secret_options)

    def __repr__(self):
        return repr({name: NO_LOG_MASK if name in self.secret_options else value for name, value in self.items()})

    __str__ = __repr__


class MFAModuleAction(ActionBase):
    _supports_check_mode = True
    _supports_async = True

    # The module's own no_log options.
    SECRET_OPTIONS = frozenset()
    # Whether the module returns secrets, sealed when it gets SEALING_KEY_OPTION.
    SEALS_RESULT = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # no longer has any effect

        wrap_async = self._task.async_val and not self._connection.has_native_async
        module_args = MaskedArguments(self._task.args, AWS_SECRET_OPTIONS | self.SECRET_OPTIONS | {SEALING_KEY_OPTION})
        sealing_key = None
        if self.SEALS_RESULT:
            # A key set in the task would be known to others: only a fresh one is ever used.
            module_args.pop(SEALING_KEY_OPTION, None)
            # An async result is read later by async_status, which could not open it: not sealed.
            if not self._task.async_val:
                try:
                    sealing_key = new_sealing_key()
                except SealingUnavailable as error:
                    # Never run the module unsealed instead: its secrets would be in the trace.
                    return merge_hash(result, dict(failed=True, msg=str(error)))
                module_args[SEALING_KEY_OPTION] = sealing_key

        # Options only the action plugin can set: a value given in the task is replaced.
        module_args.update(self.internal_module_args())

        module_result = self._execute_module(module_args=module_args, task_vars=task_vars, wrap_async=wrap_async)
        if sealing_key:
            open_sealed_result(module_result, sealing_key)
        result = merge_hash(result, module_result)

        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    def internal_module_args(self) -> dict:
        """Module options this plugin sets for the module, from what only it knows (the task's settings)."""
        return {}


def open_sealed_result(module_result: dict, sealing_key: str) -> None:
    """Merge the secrets the module sealed into its result, and drop the key from its invocation."""
    module_args = module_result.get("invocation", {}).get("module_args")
    if isinstance(module_args, dict):
        module_args.pop(SEALING_KEY_OPTION, None)
    sealed = module_result.pop(SEALED_RESULT_KEY, None)
    if sealed is None:
        return
    try:
        secrets = unseal(sealing_key, sealed)
    except SealError as error:
        msg = (
            f"The module returned secrets that could not be opened on the controller: {error}. "
            "The module and its action plugin may come from different versions of mfaops.aws; reinstall the collection."
        )
        if module_result.get("changed"):
            msg += " The change was made, but its secrets are lost: for a created virtual MFA device, delete it (state: absent) and create it again."
        module_result.update(failed=True, msg=msg)
        return
    module_result.update(merge_hash(module_result, secrets))
