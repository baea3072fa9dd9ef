# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Users with enabled hardware tokens for throttled.yml, made and removed straight through boto3 (fast: not the subject).

    python throttled_account.py setup RUN_ID USERS PYTHON > inventory   # one host line per user, with its token's serial and seed
    python throttled_account.py reset                                   # the emulator forgets everything, rate limits included

Each token's seed is registered with the emulator (POST /_emulator/hardware_tokens), so the
emulator checks its codes as IAM checks a hardware token's.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.request

import boto3
import pyotp
import yaml

DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the emulator is on 127.0.0.1: never a proxy


def config() -> dict:
    with open("../../integration_config.yml", encoding="utf-8") as config_file:
        return yaml.safe_load(config_file)


def control(path: str, body: dict | None = None, method: str = "POST") -> dict:
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(
        f"{config()['emulator_control_url']}/{path}",
        data=data,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    with DIRECT.open(request, timeout=30) as answer:
        return json.load(answer)


def setup(run_id: str, users: int, python: str) -> None:
    settings = config()
    iam = boto3.client(
        "iam",
        endpoint_url=settings["aws_endpoint_url"],
        region_name=settings["aws_region"],
        aws_access_key_id=settings["aws_access_key"],
        aws_secret_access_key=settings["aws_secret_key"],
    )
    print("[users]")
    for number in range(1, users + 1):
        user_name, serial_number, seed = (
            f"throttled-{run_id}-{number:02d}",
            f"GAHT{run_id[-4:]}{number:04d}",
            pyotp.random_base32(),
        )
        control("hardware_tokens", {"serial_number": serial_number, "seed": seed})
        iam.create_user(UserName=user_name)
        totp, now = pyotp.TOTP(seed), time.time()
        iam.enable_mfa_device(
            UserName=user_name,
            SerialNumber=serial_number,
            AuthenticationCode1=totp.at(now),
            AuthenticationCode2=totp.at(now + totp.interval),
        )
        print(
            f"user{number:02d} ansible_connection=local ansible_python_interpreter={python} user_name={user_name} "
            f"serial_number={serial_number} token_seed={seed}"
        )


def main() -> None:
    if sys.argv[1:2] == ["setup"]:
        setup(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1:2] == ["reset"]:
        control("reset")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
