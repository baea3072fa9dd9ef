# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures that run a module's main() in-process against the IAM emulator under moto's mock_aws."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from unittest import mock

import boto3
import botocore.client
import pyotp
import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator import install
from ansible_collections.mfaops.aws.tests.unit.plugins.module_args import patch_module_args
from moto import mock_aws

CONNECTION = {"access_key": "AKIAIOSFODNN7EXAMPLE", "secret_key": "testing-secret", "region": "us-east-1"}


@dataclass
class ModuleRun:
    result: dict
    stdout: str

    @property
    def failed(self) -> bool:
        return bool(self.result.get("failed"))


@pytest.fixture
def iam():
    """A boto3 IAM client on a fresh in-process emulator."""
    with mock.patch.dict(
        "os.environ", {"AWS_ACCESS_KEY_ID": CONNECTION["access_key"], "AWS_SECRET_ACCESS_KEY": CONNECTION["secret_key"]}
    ):
        with mock_aws():
            install()
            yield boto3.client("iam", region_name="us-east-1")


@pytest.fixture
def api_calls(monkeypatch):
    """Every AWS API call made after the fixture starts, as (operation name, parameters)."""
    calls = []
    real_make_api_call = botocore.client.BaseClient._make_api_call

    def recording_make_api_call(client, operation_name, api_params):
        calls.append((operation_name, dict(api_params)))
        return real_make_api_call(client, operation_name, api_params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", recording_make_api_call)
    return calls


@pytest.fixture
def retry_sleeps(monkeypatch):
    """Seconds AWSRetry slept, recorded instead of slept."""
    sleeps = []
    monkeypatch.setattr("ansible_collections.amazon.aws.plugins.module_utils.cloud.time.sleep", sleeps.append)
    return sleeps


@pytest.fixture
def run_module(capsys):
    """Run a module's main() with args (connection options added) and return its parsed result."""

    def run(main, args: dict, check_mode: bool = False) -> ModuleRun:
        module_args = dict(CONNECTION, **args)
        if check_mode:
            module_args["_ansible_check_mode"] = True
        capsys.readouterr()
        with patch_module_args(module_args):
            with pytest.raises(SystemExit):
                main()
        stdout = capsys.readouterr().out
        return ModuleRun(result=json.loads(stdout), stdout=stdout)

    return run


@dataclass
class VirtualDevice:
    user_name: str
    serial_number: str
    totp: pyotp.TOTP

    def consecutive_codes(self, drift_steps: int = 0) -> tuple[str, str]:
        """Two consecutive codes as a device whose clock is drift_steps periods off would show them."""
        start = time.time() + drift_steps * self.totp.interval
        return self.totp.at(start), self.totp.at(start + self.totp.interval)


@pytest.fixture
def enabled_virtual_device(iam):
    """A user with an enabled virtual MFA device whose seed the test knows."""

    def create(user_name: str = "alice") -> VirtualDevice:
        iam.create_user(UserName=user_name)
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName=user_name)["VirtualMFADevice"]
        totp = pyotp.TOTP(
            device["Base32StringSeed"].decode()
            if isinstance(device["Base32StringSeed"], bytes)
            else device["Base32StringSeed"]
        )
        created = VirtualDevice(user_name=user_name, serial_number=device["SerialNumber"], totp=totp)
        code_1, code_2 = created.consecutive_codes()
        iam.enable_mfa_device(
            UserName=user_name,
            SerialNumber=created.serial_number,
            AuthenticationCode1=code_1,
            AuthenticationCode2=code_2,
        )
        return created

    return create
