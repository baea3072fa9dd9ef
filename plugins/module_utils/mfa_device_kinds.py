# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What kind of MFA device a serial number names, and whose a listed virtual device is.

IAM gives no device type. Its serial numbers tell: a virtual device's is its ARN,
arn:PARTITION:iam::ACCOUNT:mfa/PATH/NAME; a FIDO security key's is
arn:PARTITION:iam::ACCOUNT:u2f/...; a hardware TOTP token's is the serial printed on
it (GAHT12345678), not an ARN.
"""

from __future__ import annotations

VIRTUAL = "virtual"
HARDWARE = "hardware"
FIDO = "fido"
DEVICE_KINDS = (VIRTUAL, HARDWARE, FIDO)


def _arn_resource(serial_number: str) -> str | None:
    """The resource part of an IAM ARN (mfa/..., u2f/...), or None when serial_number is not an IAM ARN."""
    parts = serial_number.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "iam":
        return None
    return parts[5]


def mfa_device_kind(serial_number: str) -> str:
    """VIRTUAL, FIDO or HARDWARE, from the serial number's form."""
    resource = _arn_resource(serial_number)
    if resource is not None and resource.startswith("u2f/"):
        return FIDO
    if resource is not None and resource.startswith("mfa/"):
        return VIRTUAL
    return HARDWARE


def is_root_arn(arn: str | None) -> bool:
    """Whether arn is an account's root user (arn:PARTITION:iam::ACCOUNT:root), as IAM lists the root's virtual device's User."""
    return bool(arn) and _arn_resource(arn) == "root"


def account_id_of_arn(arn: str) -> str | None:
    parts = arn.split(":", 5)
    return parts[4] if len(parts) == 6 else None
