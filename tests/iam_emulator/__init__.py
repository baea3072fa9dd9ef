# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""IAM emulator: moto's IAM, extended to behave as IAM does for MFA devices.

install() patches moto's IAMBackend and IamResponse classes in place; `python -m
iam_emulator` serves it on a loopback port. What it does differently from moto, its test
controls (fault switch, call log, page size, reset, policy enforcement) and the server's
control endpoints are documented once, in docs/iam_emulator.md.
"""

from __future__ import annotations

from .call_log import REDACTED
from .control import (
    account_backend,
    age_credential_report,
    clear_calls,
    clear_faults,
    inject_fault,
    pending_faults,
    recorded_calls,
    reset,
    set_code_window_steps,
    set_credential_report_generation_polls,
    set_default_max_items,
    set_max_items_limit,
    set_root_mfa_device,
    settings,
)
from .errors import (
    AccessDenied,
    ActionNotImplemented,
    ConcurrentModification,
    DeleteConflict,
    EntityAlreadyExists,
    IAMEmulatorError,
    InvalidAction,
    InvalidAuthenticationCode,
    InvalidInput,
    LimitExceeded,
    NoSuchEntity,
    ServiceFailure,
    Throttling,
    ValidationError,
)
from .mfa_codes import CODE_WINDOW_ENV_VAR, DEFAULT_CODE_WINDOW_STEPS
from .patching import install
from .policy_enforcement import iam_policy_enforcement, set_iam_policy_enforcement
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
    "iam_policy_enforcement",
    "inject_fault",
    "install",
    "pending_faults",
    "recorded_calls",
    "reset",
    "set_code_window_steps",
    "set_credential_report_generation_polls",
    "set_default_max_items",
    "set_iam_policy_enforcement",
    "set_max_items_limit",
    "set_root_mfa_device",
    "settings",
]
