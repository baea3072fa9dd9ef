# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""IAM emulator: moto's IAM, extended to behave as IAM does for MFA devices.

moto (5.2.5) has no ResyncMFADevice, its EnableMFADevice accepts any codes, it has no
MFA device tags, and it lets an assigned virtual device be deleted. install() patches
moto's IAMBackend and IamResponse classes so that:

- ResyncMFADevice exists. For a virtual device (CreateVirtualMFADevice, whose seed
  moto knows) it accepts only two consecutive TOTP codes (SHA-1, 6 digits, 30 s):
  code 1 of some step t within a window of now (default 30 steps either way;
  $IAM_EMULATOR_CODE_WINDOW_STEPS or set_code_window_steps()) and code 2 of step
  t + 1. Other codes: InvalidAuthenticationCode (403). Other serial numbers (hardware
  devices) accept any well-formed codes. Unknown user, or a device that is not the
  user's: NoSuchEntity (404).
- EnableMFADevice checks codes the same way before doing what moto does.
- DeleteVirtualMFADevice of a device still assigned to a user: DeleteConflict (409,
  "MFA device is still in use."); unknown device: NoSuchEntity (404). DeleteUser of
  a user with an MFA device: DeleteConflict (409), as in IAM.
- Virtual MFA device tags: TagMFADevice, UntagMFADevice, ListMFADeviceTags (sorted by
  key) and Tags on CreateVirtualMFADevice (returned in its answer). Keys are case
  sensitive; at most 50 tags a device (LimitExceeded, 409); a repeated key or an
  aws: prefix is InvalidInput (400); a serial number that is not a virtual device's
  is NoSuchEntity. ListVirtualMFADevices leaves tags out, as IAM documents.
- ListVirtualMFADevices lists in serial number order, filtered by AssignmentStatus
  (Assigned, Unassigned, Any: the default), paged by Marker/MaxItems (default 100 as in
  IAM, or set_default_max_items() / POST /_emulator/settings for tests,
  IsTruncated and Marker only while more follow), and never shows a seed again.
- ListServiceSpecificCredentials (which amazon.aws.iam_user calls to delete a user)
  answers an empty list: moto keeps no such credentials. Unknown user: NoSuchEntity.
- Parameters of these actions are validated as IAM's API model says: ASCII-only names
  and serial numbers, Unicode letters, numbers and separators in tags, lengths, list
  sizes, enums and ranges: ValidationError (400) listing each, never echoing a code.
- Every request is answered in IAM's XML, never with an HTML error page: an action IAM
  does not have is InvalidAction (400); an IAM action the emulator does not implement
  is NotImplemented (501, Type Receiver, "The X action is not implemented by the IAM
  emulator"); an unexpected exception is ServiceFailure (500), its traceback printed
  on standard error.
- Every IAM error is answered as IAM answers it: <ErrorResponse><Error><Type>
  <Code><Message></Error><RequestId></ErrorResponse>, with IAM's HTTP status.
- Every IAM call is logged (authentication codes and passwords redacted), and a
  fault switch can answer the next N calls of any action with an error.

In-process, with moto's mock_aws::

    from moto import mock_aws
    from ansible_collections.mfaops.aws.tests.iam_emulator import install, inject_fault, recorded_calls

    with mock_aws():
        install()
        ...  # boto3.client("iam", region_name="us-east-1")

moto's resets (mock_aws starting or stopping, /moto-api/reset) also clear the
faults and the call log, so that nothing leaks from one test into the next.

As a server (boto3: endpoint_url=URL, region us-east-1, any credentials; account
123456789012)::

    PYTHONPATH=tests python -m iam_emulator --host 127.0.0.1 --port 0 --ready-file PATH [--quiet]

binds a loopback address only (port 0: a free port), writes its URL
(http://127.0.0.1:PORT) to PATH once it answers, prints it, and stops cleanly on
SIGTERM or SIGINT. In a test: ``with EmulatorServer() as server: server.url``.

The server's control endpoints (JSON in and out) for tests in other processes:

- POST   /_emulator/faults  {"action": "ResyncMFADevice", "error_code": "Throttling",
  "count": 2, "status": 400, "message": "..."} (count defaults to 1, status to
  IAM's for the code; message optional) -> 201 {"fault": {...}}; 400 {"error": ...}
- GET    /_emulator/faults  -> {"faults": [pending faults]}
- DELETE /_emulator/faults  -> {"cleared": calls the dropped faults would have answered}
- GET    /_emulator/calls   -> {"calls": [{"action": ..., "parameters": {...}, "status": ...}]}
- DELETE /_emulator/calls   -> {"cleared": number of calls forgotten}
- POST   /_emulator/settings {"default_max_items": 3} -> {"settings": {...}}: page size of
  List actions called without MaxItems (1 to 1000; null: IAM's 100); 400 {"error": ...}
- GET    /_emulator/settings -> {"settings": {"default_max_items": ..., "code_window_steps": ...}}
- POST   /_emulator/reset   -> {"reset": true}: clears moto's IAM state, faults and calls,
  and sets default_max_items back to 100
- POST   /_emulator/authorization {"enforce": true} -> {"authorization": {"enforce": true}}:
  authorize each IAM request by the signing user's identity policies (policy_enforcement.py;
  off by default and after every reset; in-process: set_iam_policy_enforcement()); GET reads it
- GET    /_emulator/health  -> {"status": "ok"}
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
