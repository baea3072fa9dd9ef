# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The root user's MFA device, which no IAM API call can enable, and what IAM shows of it.

IAM enables the root user's MFA from the console only, so tests set it through the
emulator (set_root_mfa_device(), POST /_emulator/root_mfa):

- "virtual": a virtual device arn:PARTITION:iam::ACCOUNT:mfa/root-account-mfa-device,
  assigned to the root user: ListVirtualMFADevices lists it with User.Arn
  arn:PARTITION:iam::ACCOUNT:root (UserId the account ID), as IAM does.
  DeleteVirtualMFADevice refuses it (DeleteConflict) while it is assigned.
- "hardware": the root user has MFA, and no virtual device shows it.
- None: the root user has no MFA (the default, and after every reset).

GetAccountSummary's AccountMFAEnabled (moto: always 0) is 1 while the root user has
either, and the credential report's <root_account> row says mfa_active true.
"""

from __future__ import annotations

from moto.core.utils import utcnow
from moto.iam.models import AccountSummary
from moto.iam.models import IAMBackend
from moto.iam.models import VirtualMfaDevice
from moto.utilities.utils import get_partition

ROOT_DEVICE_NAME = "root-account-mfa-device"
ROOT_MFA_KINDS = ("virtual", "hardware")


def checked_root_mfa_kind(kind: str | None) -> str | None:
    if kind is not None and kind not in ROOT_MFA_KINDS:
        raise ValueError(f"device must be one of {', '.join(ROOT_MFA_KINDS)}, or null for none, not {kind!r}")
    return kind


class RootMFABackend(IAMBackend):
    """Never instantiated: the methods install() adds to IAMBackend."""

    moto_get_account_summary: object

    def root_mfa_kind(self) -> str | None:
        return self.__dict__.get("emulator_root_mfa_kind")

    def root_mfa_enabled(self) -> bool:
        return self.root_mfa_kind() is not None

    def root_virtual_mfa_serial_number(self) -> str:
        return f"arn:{get_partition(self.region_name)}:iam::{self.account_id}:mfa/{ROOT_DEVICE_NAME}"

    def set_root_mfa_device(self, kind: str | None) -> dict:
        """Give the root user a virtual or hardware MFA device, or none; returns {"device", "serial_number"}."""
        kind = checked_root_mfa_kind(kind)
        serial_number = self.root_virtual_mfa_serial_number()
        with self.iam_state_lock:
            self.virtual_mfa_devices.pop(serial_number, None)
            if kind == "virtual":
                device = VirtualMfaDevice(self.account_id, self.region_name, "/" + ROOT_DEVICE_NAME)
                device.enable_date = utcnow()
                # What IAM lists as the User of the root's device; the ARN is how callers tell it is the root's.
                device.user = {
                    "Path": "/",
                    "UserId": self.account_id,
                    "Arn": f"arn:{get_partition(self.region_name)}:iam::{self.account_id}:root",
                    "CreateDate": device.enable_date,
                }
                self.virtual_mfa_devices[serial_number] = device
            self.__dict__["emulator_root_mfa_kind"] = kind
        return {"device": kind, "serial_number": serial_number if kind == "virtual" else None}

    def get_account_summary(self) -> AccountSummary:
        summary = self.moto_get_account_summary()
        summary._account_mfa_enabled = 1 if self.root_mfa_enabled() else 0  # pylint: disable=protected-access
        return summary


ROOT_MFA_PATCHES = (
    (
        RootMFABackend,
        (
            "root_mfa_kind",
            "root_mfa_enabled",
            "root_virtual_mfa_serial_number",
            "set_root_mfa_device",
            "get_account_summary",
        ),
        {"get_account_summary": "moto_get_account_summary"},
    ),
)
