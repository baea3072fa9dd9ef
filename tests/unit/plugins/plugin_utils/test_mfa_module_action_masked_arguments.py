# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import copy
import json

from ansible_collections.mfaops.aws.plugins.plugin_utils.mfa_module_action import AWS_SECRET_OPTIONS
from ansible_collections.mfaops.aws.plugins.plugin_utils.mfa_module_action import MaskedArguments

from ansible_collections.amazon.aws.plugins.module_utils.modules import aws_argument_spec

ARGUMENTS = {
    "user_name": "alice",
    "authentication_code_1": "271828",
    "nested": {"authentication_code_1": "kept"},
    "codes": ["161803"],
}


def masked() -> MaskedArguments:
    return MaskedArguments(ARGUMENTS, {"authentication_code_1", "codes"})


def test_printed_forms_mask_the_secret_options_whole():
    for printed in (repr(masked()), str(masked()), f"{masked()}", f"{masked()}"):
        assert "271828" not in printed and "161803" not in printed
        assert "'authentication_code_1': 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'" in printed
        assert "'codes': 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'" in printed
        assert "'user_name': 'alice'" in printed


def test_the_values_themselves_are_unchanged():
    arguments = masked()

    assert dict(arguments) == ARGUMENTS
    assert json.loads(json.dumps(arguments)) == ARGUMENTS


def test_keys_added_later_are_masked_too():
    arguments = masked()
    arguments["codes"] = "zq-added"
    arguments["_ansible_check_mode"] = False

    assert "zq-added" not in str(arguments) and "'_ansible_check_mode': False" in str(arguments)


def test_copies_keep_masking():
    for arguments in (copy.copy(masked()), copy.deepcopy(masked())):
        assert "271828" not in str(arguments) and arguments == ARGUMENTS


def test_every_no_log_option_of_amazon_aws_is_masked():
    """AWS_SECRET_OPTIONS is listed by hand: it must cover the installed amazon.aws's no_log options and aliases."""
    secret_names = set()
    for name, spec in aws_argument_spec().items():
        if spec.get("no_log"):
            secret_names.add(name)
            secret_names.update(spec.get("aliases", []))

    assert secret_names and secret_names <= AWS_SECRET_OPTIONS, sorted(secret_names - AWS_SECRET_OPTIONS)
