# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The runbook targets' own account in the IAM emulator, and the emulator's test controls.

Usage: python runbook_account.py CONFIG COMMAND [ARGUMENT...]

CONFIG is integration_config.yml (the emulator's URL and credentials). Commands:

  assume ROLE_ARN       print shell assignments (for eval) of AWS_ACCESS_KEY_ID,
                        AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN from STS AssumeRole: moto
                        gives these credentials the role's account, so a target works in an
                        account of its own, whatever other targets left in the default one.
  orphan NAME...        create unassigned virtual MFA devices (serial numbers on stdout);
                        PATH/NAME (PATH such as /build/) creates one under that path
  user NAME [virtual [SEED_FILE]|hardware SERIAL]
                        create an IAM user, optionally with an enabled MFA device: a virtual
                        one named after the user (enabled with its TOTP codes; the seed leaves
                        this process only into SEED_FILE, mode 0600, when given) or a hardware
                        token with that serial number
  codes SEED_FILE       two consecutive codes of the seed, on one line (never printed by a test)
  enable-hardware NAME SERIAL   enable a hardware token for an existing user
  console NAME...       give these existing users a console password
  devices               every virtual device of the account: SERIAL USER_NAME-or-"-"
  user-devices NAME     the user's MFA devices' serial numbers
  fault ACTION CODE [COUNT]   the next COUNT calls of ACTION answer CODE (fault switch)
  clear-calls | calls   clear the call log | print the actions called since, one a line

The account commands use the credentials in the environment (AWS_ACCESS_KEY_ID...), as
the runbooks do.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shlex
import sys
import urllib.request

import boto3
import pyotp


def read_config(path: str) -> dict:
    config = {}
    with open(path, encoding="utf-8") as config_file:
        for line in config_file:
            match = re.match(r'^(\w+): "(.*)"$', line.strip())
            if match:
                config[match.group(1)] = match.group(2)
    return config


def client(config: dict, service: str, own_credentials: bool = False):
    credentials = {}
    if own_credentials:
        credentials = dict(aws_access_key_id=config["aws_access_key"], aws_secret_access_key=config["aws_secret_key"])
    return boto3.client(
        service, endpoint_url=config["aws_endpoint_url"], region_name=config["aws_region"], **credentials
    )


def control(config: dict, path: str, method: str = "GET", body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        config["emulator_control_url"] + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # only the emulator on 127.0.0.1
        return json.load(answer)


def assume(config: dict, role_arn: str) -> None:
    answer = client(config, "sts", own_credentials=True).assume_role(
        RoleArn=role_arn, RoleSessionName="mfaops-runbook-test"
    )
    credentials = answer["Credentials"]
    for variable, key in (
        ("AWS_ACCESS_KEY_ID", "AccessKeyId"),
        ("AWS_SECRET_ACCESS_KEY", "SecretAccessKey"),
        ("AWS_SESSION_TOKEN", "SessionToken"),
    ):
        print(f"{variable}={shlex.quote(credentials[key])}")


def enable_hardware(iam, name: str, serial: str) -> None:
    """A hardware token has no seed the emulator knows: it takes any well-formed codes."""
    iam.enable_mfa_device(
        UserName=name, SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="654321"
    )


def two_codes(seed: str) -> list[str]:
    totp = pyotp.TOTP(seed)
    step = totp.timecode(datetime.datetime.now())
    return [totp.generate_otp(step), totp.generate_otp(step + 1)]


def create_user(iam, name: str, kind: str | None = None, serial: str | None = None) -> None:
    iam.create_user(UserName=name)
    if kind == "virtual":
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]
        seed = device["Base32StringSeed"]
        seed = seed.decode() if isinstance(seed, bytes) else seed
        codes = two_codes(seed)
        if serial:  # the seed file
            with open(
                os.open(serial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="ascii"
            ) as seed_file:
                seed_file.write(seed)
        iam.enable_mfa_device(
            UserName=name,
            SerialNumber=device["SerialNumber"],
            AuthenticationCode1=codes[0],
            AuthenticationCode2=codes[1],
        )
        print(device["SerialNumber"])
    elif kind == "hardware":
        enable_hardware(iam, name, serial)
        print(serial)


def main(arguments: list[str]) -> int:
    config = read_config(arguments[0])
    command, rest = arguments[1], arguments[2:]
    iam = client(config, "iam")
    if command == "assume":
        assume(config, rest[0])
    elif command == "orphan":
        for name in rest:
            path, _slash, name = name.rpartition("/")
            print(
                iam.create_virtual_mfa_device(Path=path + "/" if path else "/", VirtualMFADeviceName=name)[
                    "VirtualMFADevice"
                ]["SerialNumber"]
            )
    elif command == "user":
        create_user(iam, *rest)
    elif command == "enable-hardware":
        enable_hardware(iam, *rest)
    elif command == "codes":
        with open(rest[0], encoding="ascii") as seed_file:
            print(" ".join(two_codes(seed_file.read().strip())))
    elif command == "console":
        for name in rest:
            iam.create_login_profile(UserName=name, Password="Mfaops-test-Passw0rd!")
    elif command == "devices":
        for page in iam.get_paginator("list_virtual_mfa_devices").paginate():
            for device in page["VirtualMFADevices"]:
                print(device["SerialNumber"], device.get("User", {}).get("UserName", "-"))
    elif command == "user-devices":
        for device in iam.list_mfa_devices(UserName=rest[0])["MFADevices"]:
            print(device["SerialNumber"])
    elif command == "fault":
        control(
            config,
            "/faults",
            "POST",
            {"action": rest[0], "error_code": rest[1], "count": int(rest[2]) if len(rest) > 2 else 1},
        )
    elif command == "clear-calls":
        control(config, "/calls", "DELETE")
    elif command == "calls":
        for call in control(config, "/calls")["calls"]:
            print(call["action"])
    else:
        print(f"unknown command {command}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
