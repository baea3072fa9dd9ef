# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Module arguments whose printed form hides their secrets.

With ANSIBLE_DEBUG set, ansible-core prints the arguments of every module it ran with
``"%s" % module_args``, whatever no_log says. Arguments held in MaskedArguments print
their secret options' values as Ansible's no_log mask; the module still receives them,
since serializing a dict does not go through its repr.
"""

from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import NO_LOG_MASK

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
