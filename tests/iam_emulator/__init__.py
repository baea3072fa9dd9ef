# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""IAM emulator: moto's IAM (5.2.5), extended to behave as IAM does for MFA devices.

docs/iam_emulator.md is the manual: what differs from moto and why, the codes it accepts,
the test controls (faults, call log, settings, rate limits, hardware tokens, reset), the
server and its /_emulator/ endpoints, and moto's own IAM test suite run against it.

In-process, with moto's mock_aws::

    from moto import mock_aws
    from ansible_collections.mfaops.aws.tests.iam_emulator import install

    with mock_aws():
        install()
        ...  # boto3.client("iam", region_name="us-east-1")

As a server (account 123456789012, any credentials, loopback only)::

    PYTHONPATH=tests python -m iam_emulator --host 127.0.0.1 --port 0 --ready-file PATH [--quiet]

or ``with EmulatorServer() as server: server.url`` in a test.
"""

from __future__ import annotations

from .call_log import REDACTED
from .control import account_backend
from .control import age_credential_report
from .control import clear_calls
from .control import clear_faults
from .control import clear_hardware_tokens
from .control import hardware_tokens
from .control import inject_fault
from .control import pending_faults
from .control import recorded_calls
from .control import register_hardware_token
from .control import reset
from .control import set_code_window_steps
from .control import set_credential_report_generation_polls
from .control import set_default_max_items
from .control import set_max_items_limit
from .control import set_rate_limits
from .control import set_root_mfa_device
from .control import settings
from .control import throttled_calls
from .errors import AccessDenied
from .errors import ActionNotImplemented
from .errors import ConcurrentModification
from .errors import DeleteConflict
from .errors import EntityAlreadyExists
from .errors import IAMEmulatorError
from .errors import InvalidAction
from .errors import InvalidAuthenticationCode
from .errors import InvalidInput
from .errors import LimitExceeded
from .errors import NoSuchEntity
from .errors import ServiceFailure
from .errors import Throttling
from .errors import ValidationError
from .mfa_codes import CODE_WINDOW_ENV_VAR
from .mfa_codes import DEFAULT_CODE_WINDOW_STEPS
from .patching import install
from .policy_enforcement import iam_policy_enforcement
from .policy_enforcement import set_iam_policy_enforcement
from .server import EmulatorServer

__all__ = [
    "AccessDenied",
    "ActionNotImplemented",
    "CODE_WINDOW_ENV_VAR",
    "ConcurrentModification",
    "DEFAULT_CODE_WINDOW_STEPS",
    "DeleteConflict",
    "EmulatorServer",
    "EntityAlreadyExists",
    "IAMEmulatorError",
    "InvalidAction",
    "InvalidAuthenticationCode",
    "InvalidInput",
    "LimitExceeded",
    "NoSuchEntity",
    "REDACTED",
    "ServiceFailure",
    "Throttling",
    "ValidationError",
    "account_backend",
    "age_credential_report",
    "clear_calls",
    "clear_faults",
    "clear_hardware_tokens",
    "hardware_tokens",
    "iam_policy_enforcement",
    "inject_fault",
    "install",
    "pending_faults",
    "recorded_calls",
    "register_hardware_token",
    "reset",
    "set_code_window_steps",
    "set_credential_report_generation_polls",
    "set_default_max_items",
    "set_iam_policy_enforcement",
    "set_max_items_limit",
    "set_rate_limits",
    "set_root_mfa_device",
    "settings",
    "throttled_calls",
]
