# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The emulator's own state, next to moto's: pending faults, the call log, settings.

There is one EmulatorState per process, kept on moto's IAMBackend class by
install(). Keeping it there, rather than in a module variable, matters because
this package is imported under two names (iam_emulator by the server,
ansible_collections.mfaops.aws.tests.iam_emulator by unit tests): two module
copies would otherwise hold two states while only one copy's patches run.
"""

from __future__ import annotations

from moto.iam.models import IAMBackend

from .call_log import CallLog
from .faults import FaultSwitch

STATE_ATTRIBUTE = "iam_emulator_state"


class EmulatorState:  # pylint: disable=too-few-public-methods
    def __init__(self) -> None:
        self.faults = FaultSwitch()
        self.calls = CallLog()
        # Steps either side of now a code pair may start at; None: $IAM_EMULATOR_CODE_WINDOW_STEPS or 30.
        self.code_window_steps: int | None = None
        # Page size of List actions called without MaxItems; None: IAM's 100. Back to None on control.reset().
        self.default_max_items: int | None = None
        # Most items a List page holds whatever MaxItems says; None: MaxItems. Back to None on control.reset().
        self.max_items_limit: int | None = None
        # GenerateCredentialReport calls answered INPROGRESS after the one that starts a report (credential_report.py).
        self.credential_report_generation_polls = 0
        # Whether IAM requests are authorized by the caller's identity policies (policy_enforcement.py). Off on every reset.
        self.enforce_iam_policies = False

    def clear(self) -> None:
        """Forget faults and calls (not settings), switch policy enforcement off: done whenever moto resets its state."""
        self.enforce_iam_policies = False
        self.faults.clear()
        self.calls.clear()


def installed_state() -> EmulatorState | None:
    return IAMBackend.__dict__.get(STATE_ATTRIBUTE)
