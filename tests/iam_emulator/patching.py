# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""install(): teach moto's IAM the emulator's actions and rules by patching its classes in place.

Patching the classes, rather than registering subclasses, is what reaches every
moto entry point at once: mock_aws and the server both look IAM handlers up on
IamResponse and keep backends as IAMBackend instances, however they were made.
"""

from __future__ import annotations

from moto.core.base_backend import BackendDict
from moto.core.base_backend import backend_lock
from moto.iam.models import IAMBackend
from moto.iam.responses import IamResponse

from .dispatch import DISPATCH_PATCHES
from .models import BACKEND_PATCHES
from .policy_enforcement import install_enforcement
from .responses import RESPONSE_PATCHES
from .state import STATE_ATTRIBUTE
from .state import EmulatorState
from .state import installed_state


def _patch(target: type, patches: tuple) -> None:
    """Copy each source class's listed attributes onto target, first keeping the moto methods they replace under their new names."""
    for _source, _attributes, kept in patches:
        for name, kept_name in kept.items():
            setattr(target, kept_name, getattr(target, name))
    for source, attributes, _kept in patches:
        for name in attributes:
            setattr(target, name, source.__dict__[name])


def _clear_state_on_moto_reset() -> None:
    # mock_aws resets moto when it starts and stops, and so does moto's /moto-api/reset:
    # faults and calls of one test must not leak into the next any more than users do.
    moto_reset = BackendDict.reset

    def reset(cls: type) -> None:  # pylint: disable=unused-argument
        moto_reset()
        state = installed_state()
        if state is not None:
            state.clear()

    BackendDict.reset = classmethod(reset)


def install() -> EmulatorState:
    """Patch moto's IAM with the emulator (once per process, whatever name this package was imported by); returns its state."""
    with backend_lock:  # moto's own lock for its backends: no second install can interleave
        state = installed_state()
        if state is not None:
            return state
        state = EmulatorState()
        setattr(IAMBackend, STATE_ATTRIBUTE, state)  # first, so a patched method never finds it missing
        _patch(IAMBackend, BACKEND_PATCHES)
        _patch(IamResponse, DISPATCH_PATCHES + RESPONSE_PATCHES)
        install_enforcement()  # wraps moto_call_action, which _patch has just set
        _clear_state_on_moto_reset()
        return state
