# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""State and rules install() adds to moto's IAM backend: MFA devices, and service-specific credentials.

install() copies these methods onto moto.iam.models.IAMBackend (offered upstream,
they would be IAMBackend's own). Only virtual devices made by CreateVirtualMFADevice
have a seed the backend knows; any other serial number (a hardware device such as
GAHT12345678) accepts any well-formed codes, as there is nothing to check them against.
Virtual devices' tags are kept in moto's tagger under the serial number, which is the
device's ARN.
"""

from __future__ import annotations

import threading
from typing import Callable

from moto.iam.models import IAMBackend
from moto.iam.models import VirtualMfaDevice
from moto.utilities.utils import get_partition

from .credential_report import CREDENTIAL_REPORT_PATCHES
from .errors import DeleteConflict
from .errors import EntityAlreadyExists
from .errors import InvalidAuthenticationCode
from .errors import LimitExceeded
from .errors import NoSuchEntity
from .errors import ValidationError
from .hardware_tokens import VIRTUAL_DEVICE_ARN
from .mfa_codes import code_window_steps
from .mfa_codes import codes_are_consecutive
from .paging import page
from .root_mfa import ROOT_MFA_PATCHES
from .state import installed_state
from .tags import check_tag_count
from .tags import checked_new_tags
from .validation import INVALID_PATH_MESSAGE
from .validation import PATH
from .validation import SERIAL_NUMBER
from .validation import validation_message

# IAM's quota of MFA devices (of every kind) per user: EnableMFADevice beyond it is LimitExceeded.
MAX_MFA_DEVICES_PER_USER = 8


class MFADeviceBackend(IAMBackend):
    """Never instantiated: a place for the methods install() adds to IAMBackend."""

    # moto's server answers requests in threads and its backend takes no lock: every IAM
    # request's handler runs under this one (dispatch.py), so no two change the state at once.
    # The MFA overrides take it too (it is re-entrant), for callers that skip the dispatch.
    iam_state_lock = threading.RLock()

    # Set by install() to moto's own methods, which the overrides below run after their checks, under the lock.
    moto_enable_mfa_device: Callable[..., None]
    moto_deactivate_mfa_device: Callable[..., None]
    moto_create_virtual_mfa_device: Callable[..., VirtualMfaDevice]
    moto_delete_virtual_mfa_device: Callable[..., None]
    moto_delete_user: Callable[..., None]

    def mfa_device_seed(self, serial_number: str) -> str | None:
        """The seed of a virtual device, or of a hardware token a test registered (hardware_tokens.py); None when unknown."""
        device = self.virtual_mfa_devices.get(serial_number)
        if device is not None:
            return device.base32_string_seed
        state = installed_state()
        return state.hardware_tokens.seed(serial_number) if state is not None else None

    def check_mfa_codes(self, serial_number: str, authentication_code_1: str, authentication_code_2: str) -> None:
        seed = self.mfa_device_seed(serial_number)
        if seed is None:
            return  # no seed known for this serial number: nothing to check the codes against
        state = installed_state()
        window_steps = code_window_steps(state.code_window_steps if state is not None else None)
        if not codes_are_consecutive(seed, authentication_code_1, authentication_code_2, window_steps):
            raise InvalidAuthenticationCode()

    def mfa_device_owner(self, serial_number: str) -> str | None:
        """The name of the user the device is enabled for, or None."""
        for user in self.users.values():
            if serial_number in user.mfa_devices:
                return user.name
        return None

    def enable_mfa_device(
        self, user_name: str, serial_number: str, authentication_code_1: str, authentication_code_2: str
    ) -> None:
        with self.iam_state_lock:
            user = self.get_user(user_name)  # NoSuchEntity first, as IAM answers for an unknown user whatever the codes
            if VIRTUAL_DEVICE_ARN.fullmatch(serial_number):
                self.get_virtual_mfa_device(
                    serial_number
                )  # a virtual device's ARN names one that exists (moto enables any)
            # A device enabled for another user is in use: IAM refuses it (moto would enable it for both users).
            # The user's own device falls through to moto's EntityAlreadyExists after the code check.
            owner = self.mfa_device_owner(serial_number)
            if owner is not None and owner != user_name:
                raise EntityAlreadyExists("MFA Device is already in use.")
            if serial_number not in user.mfa_devices and len(user.mfa_devices) >= MAX_MFA_DEVICES_PER_USER:
                raise LimitExceeded(f"Cannot exceed quota for MFADevicesPerUser: {MAX_MFA_DEVICES_PER_USER}.")
            self.check_mfa_codes(serial_number, authentication_code_1, authentication_code_2)
            self.moto_enable_mfa_device(user_name, serial_number, authentication_code_1, authentication_code_2)

    def deactivate_mfa_device(self, user_name: str, serial_number: str) -> None:
        with self.iam_state_lock:
            self.moto_deactivate_mfa_device(user_name, serial_number)

    def resync_mfa_device(
        self, user_name: str, serial_number: str, authentication_code_1: str, authentication_code_2: str
    ) -> None:
        """Check that the device is the user's and the codes are two consecutive ones; IAM keeps no state a caller can see."""
        with self.iam_state_lock:
            user = self.get_user(user_name)
            if serial_number not in user.mfa_devices:
                raise NoSuchEntity(f"MFA Device with serial number {serial_number} does not exist.")
            self.check_mfa_codes(serial_number, authentication_code_1, authentication_code_2)

    def get_virtual_mfa_device(self, serial_number: str) -> VirtualMfaDevice:
        device = self.virtual_mfa_devices.get(serial_number)
        if device is None:
            raise NoSuchEntity(f"VirtualMFADevice with serial number {serial_number} doesn't exist.")
        return device

    def create_virtual_mfa_device(
        self, device_name: str, path: str, tags: list[dict] | None = None
    ) -> VirtualMfaDevice:
        """moto's device, with its tags; a tag breaking IAM's rules creates nothing."""
        checked = checked_new_tags(tags or [])
        if not PATH.matches_service_pattern(path):
            raise ValidationError(INVALID_PATH_MESSAGE)
        self.check_new_serial_number(
            f"arn:{get_partition(self.region_name)}:iam::{self.account_id}:mfa{path}{device_name}"
        )
        with self.iam_state_lock:
            device = self.moto_create_virtual_mfa_device(device_name, path)
            if checked:
                self.tagger.tag_resource(device.serial_number, checked)
            return device

    @staticmethod
    def check_new_serial_number(serial_number: str) -> None:
        """A new device's serial number (its ARN) must fit serialNumberType: at most 256 characters of [\\w+=/:,.@-].

        The name (no maximum length in the model) and the path (at most 512 characters, any of ! to ~) can each be
        valid while the serial number they make is not. That device's serial number would break the shape of the
        answer (VirtualMFADevice.SerialNumber) and of every call that names a device, so no call could read, enable or
        delete it again: the pair is refused, which is the API model's contract (the message is the emulator's).
        """
        violations = SERIAL_NUMBER.violations(serial_number)
        if violations:
            raise ValidationError(validation_message(violations))

    def delete_virtual_mfa_device(self, serial_number: str) -> None:
        # IAM refuses to delete a device a user still has: it must be deactivated first.
        with self.iam_state_lock:
            device = self.get_virtual_mfa_device(serial_number)
            if device.user is not None:
                raise DeleteConflict("MFA device is still in use.")
            self.moto_delete_virtual_mfa_device(serial_number)
            self.tagger.delete_all_tags_for_resource(serial_number)

    def delete_user(self, user_name: str) -> None:
        # Without this, a deleted user's virtual device would stay assigned, and so undeletable, for ever.
        with self.iam_state_lock:
            if self.get_user(user_name).mfa_devices:
                raise DeleteConflict("Cannot delete entity, must delete MFA device first.")
            self.moto_delete_user(user_name)

    def list_virtual_mfa_devices(
        self, assignment_status: str | None, marker: str | None, max_items: int | None
    ) -> tuple[list[VirtualMfaDevice], str | None]:
        """One page of the devices with that status (Assigned, Unassigned, or Any: None), in serial number order."""
        with self.iam_state_lock:
            devices = sorted(self.virtual_mfa_devices.values(), key=lambda device: device.serial_number)
        if assignment_status in ("Assigned", "Unassigned"):
            wanted = assignment_status == "Assigned"
            devices = [device for device in devices if (device.user is not None) == wanted]
        return page(devices, marker, max_items)

    def tag_mfa_device(self, serial_number: str, tags: list[dict]) -> None:
        """Add tags to a virtual device, replacing the values of keys it has; nothing changes if any rule is broken."""
        checked = checked_new_tags(tags)
        with self.iam_state_lock:
            self.get_virtual_mfa_device(serial_number)
            check_tag_count(
                self.tagger.get_tag_dict_for_resource(serial_number), checked, f"MFA device {serial_number}"
            )
            self.tagger.tag_resource(serial_number, checked)

    def untag_mfa_device(self, serial_number: str, tag_keys: list[str]) -> None:
        """Remove tags from a virtual device; keys it does not have are ignored, as IAM ignores them."""
        with self.iam_state_lock:
            self.get_virtual_mfa_device(serial_number)
            self.tagger.untag_resource_using_names(serial_number, tag_keys)

    def list_mfa_device_tags(
        self, serial_number: str, marker: str | None, max_items: int | None
    ) -> tuple[list[dict], str | None]:
        """One page of a virtual device's tags, sorted by key as IAM sorts them."""
        with self.iam_state_lock:
            self.get_virtual_mfa_device(serial_number)
            tags = sorted(self.tagger.list_tags_for_resource(serial_number)["Tags"], key=lambda tag: tag["Key"])
        return page(tags, marker, max_items)

    def virtual_mfa_device_tags(self, serial_number: str) -> list[dict]:
        return self.tagger.list_tags_for_resource(serial_number)["Tags"]


class ServiceSpecificCredentialBackend(IAMBackend):
    """Never instantiated: service-specific credentials (CodeCommit, Keyspaces...), which moto does not keep.

    So every user has none; what IAM checks before listing them is checked all the same.
    """

    def list_service_specific_credentials(  # pylint: disable=unused-argument
        self, user_name: str | None, service_name: str | None, marker: str | None, max_items: int | None
    ) -> tuple[list, str | None]:
        """One page of a user's credentials (for one service, if named): none. An unknown user is NoSuchEntity."""
        if user_name is not None:
            self.get_user(user_name)
        return page([], marker, max_items)


# What install() adds to IAMBackend, per source class, and the moto methods it keeps under another name first.
BACKEND_PATCHES = (
    (
        (
            MFADeviceBackend,
            (
                "iam_state_lock",
                "mfa_device_seed",
                "check_mfa_codes",
                "mfa_device_owner",
                "enable_mfa_device",
                "deactivate_mfa_device",
                "resync_mfa_device",
                "get_virtual_mfa_device",
                "check_new_serial_number",
                "create_virtual_mfa_device",
                "delete_virtual_mfa_device",
                "delete_user",
                "list_virtual_mfa_devices",
                "tag_mfa_device",
                "untag_mfa_device",
                "list_mfa_device_tags",
                "virtual_mfa_device_tags",
            ),
            {
                "enable_mfa_device": "moto_enable_mfa_device",
                "deactivate_mfa_device": "moto_deactivate_mfa_device",
                "create_virtual_mfa_device": "moto_create_virtual_mfa_device",
                "delete_virtual_mfa_device": "moto_delete_virtual_mfa_device",
                "delete_user": "moto_delete_user",
            },
        ),
        (ServiceSpecificCredentialBackend, ("list_service_specific_credentials",), {}),
    )
    + CREDENTIAL_REPORT_PATCHES
    + ROOT_MFA_PATCHES
)
