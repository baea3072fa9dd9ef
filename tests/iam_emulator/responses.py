# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Request handlers install() adds to moto's IamResponse: parameters read and validated as IAM's
API model says, the backend called, and results shaped as IAM shapes them.

MFA devices: ResyncMFADevice and the MFA device tag actions, which moto lacks;
EnableMFADevice, CreateVirtualMFADevice, DeleteVirtualMFADevice and
ListVirtualMFADevices, which moto has but answers unlike IAM. Service-specific
credentials: ListServiceSpecificCredentials, which amazon.aws.iam_user calls to
delete a user.

install() copies these methods onto moto.iam.responses.IamResponse. moto builds a
response object per request and looks the action's method up on its class, so the
copies serve both mock_aws (in-process) and moto's server.
"""

from __future__ import annotations

from typing import Any
from typing import Callable

from moto.core.responses import ActionResult
from moto.core.responses import EmptyResult
from moto.iam.models import VirtualMfaDevice
from moto.iam.responses import IamResponse

from .paging import paged_result
from .validation import ACTION_PARAMETERS
from .validation import validate_parameters


class ValidatingResponse(IamResponse):
    """Never instantiated: the parameter reading the handlers below share."""

    def validated_parameters(self) -> dict[str, Any]:
        """The action's parameters, once they satisfy IAM's API model (ValidationError listing each one that does not)."""
        constraints = ACTION_PARAMETERS[self._get_action()]
        values = {name: self._get_param(name) for name in constraints}
        validate_parameters(values, constraints)
        return values


class MFADeviceResponse(ValidatingResponse):
    """Never instantiated: a place for the methods install() adds to IamResponse."""

    # Set by install() to moto's own method, which the override below delegates to.
    moto_enable_mfa_device: Callable[..., Any]

    def resync_mfa_device(self) -> ActionResult:
        values = self.validated_parameters()
        self.backend.resync_mfa_device(
            values["UserName"], values["SerialNumber"], values["AuthenticationCode1"], values["AuthenticationCode2"]
        )
        return EmptyResult()

    def enable_mfa_device(self) -> ActionResult:
        self.validated_parameters()
        return self.moto_enable_mfa_device()

    def create_virtual_mfa_device(self) -> ActionResult:
        values = self.validated_parameters()
        device = self.backend.create_virtual_mfa_device(
            values["VirtualMFADeviceName"], values["Path"] or "/", values["Tags"]
        )
        # The one answer that carries the seed, as IAM never shows it again.
        created = {
            "SerialNumber": device.serial_number,
            "Base32StringSeed": device.base32_string_seed,
            "QRCodePNG": device.qr_code_png,
        }
        device_tags = self.backend.virtual_mfa_device_tags(device.serial_number)
        if device_tags:
            created["Tags"] = device_tags
        return ActionResult({"VirtualMFADevice": created})

    def delete_virtual_mfa_device(self) -> ActionResult:
        self.backend.delete_virtual_mfa_device(self.validated_parameters()["SerialNumber"])
        return EmptyResult()

    def list_virtual_mfa_devices(self) -> ActionResult:
        values = self.validated_parameters()
        devices, marker = self.backend.list_virtual_mfa_devices(
            values["AssignmentStatus"], values["Marker"], values["MaxItems"]
        )
        return ActionResult(
            paged_result("VirtualMFADevices", [listed_virtual_mfa_device(device) for device in devices], marker)
        )

    def tag_mfa_device(self) -> ActionResult:
        values = self.validated_parameters()
        self.backend.tag_mfa_device(values["SerialNumber"], values["Tags"])
        return EmptyResult()

    def untag_mfa_device(self) -> ActionResult:
        values = self.validated_parameters()
        self.backend.untag_mfa_device(values["SerialNumber"], values["TagKeys"])
        return EmptyResult()

    def list_mfa_device_tags(self) -> ActionResult:
        values = self.validated_parameters()
        tags, marker = self.backend.list_mfa_device_tags(values["SerialNumber"], values["Marker"], values["MaxItems"])
        return ActionResult(paged_result("Tags", tags, marker))


def listed_virtual_mfa_device(device: VirtualMfaDevice) -> dict:
    """A device as ListVirtualMFADevices shows it: never the seed or QR code, and no tags (IAM's documentation
    says this listing leaves them out: ListMFADeviceTags gives them); the user and date once assigned."""
    listed: dict[str, Any] = {"SerialNumber": device.serial_number}
    if device.user is not None:
        listed["User"] = device.user
        listed["EnableDate"] = device.enable_date
    return listed


class AccountReportResponse(IamResponse):
    """Never instantiated: the credential report handlers install() puts in place of moto's (credential_report.py)."""

    def generate_credential_report(self) -> ActionResult:
        state = self.backend.generate_credential_report()
        result = {"State": state}
        if state == "STARTED":
            result["Description"] = "No report exists. Starting a new report generation task"
        return ActionResult(result)

    def get_credential_report(self) -> ActionResult:
        report = self.backend.get_credential_report()
        return ActionResult(
            {"Content": report.content, "ReportFormat": "text/csv", "GeneratedTime": report.generated_time}
        )


class ServiceSpecificCredentialResponse(ValidatingResponse):
    """Never instantiated: a place for the methods install() adds to IamResponse."""

    def list_service_specific_credentials(self) -> ActionResult:
        values = self.validated_parameters()
        credentials, marker = self.backend.list_service_specific_credentials(
            values["UserName"], self._get_param("ServiceName"), values["Marker"], values["MaxItems"]
        )
        return ActionResult(paged_result("ServiceSpecificCredentials", credentials, marker))


# What install() adds to IamResponse, per source class, and the moto methods it keeps under another name first.
RESPONSE_PATCHES = (
    (ValidatingResponse, ("validated_parameters",), {}),
    (
        MFADeviceResponse,
        (
            "resync_mfa_device",
            "enable_mfa_device",
            "create_virtual_mfa_device",
            "delete_virtual_mfa_device",
            "list_virtual_mfa_devices",
            "tag_mfa_device",
            "untag_mfa_device",
            "list_mfa_device_tags",
        ),
        {"enable_mfa_device": "moto_enable_mfa_device"},
    ),
    (AccountReportResponse, ("generate_credential_report", "get_credential_report"), {}),
    (ServiceSpecificCredentialResponse, ("list_service_specific_credentials",), {}),
)
