# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures for the IAM emulator's tests: boto3 clients on the emulator, and users with MFA devices."""

from __future__ import annotations

import time
from dataclasses import dataclass

import boto3
import pyotp
import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator import EmulatorServer
from ansible_collections.mfaops.aws.tests.iam_emulator import install
from ansible_collections.mfaops.aws.tests.iam_emulator import reset
from ansible_collections.mfaops.aws.tests.iam_emulator import set_code_window_steps
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import settings
from moto import mock_aws

# The same examples on every run, so that CI is reproducible; per-test settings add to this profile.
settings.register_profile("mfaops-emulator", derandomize=True, database=None)
settings.load_profile("mfaops-emulator")

# No client-side retries (a fault must reach the test as it was answered) and no client-side
# parameter checks (botocore checks minimum lengths; the emulator must check everything itself).
CLIENT_CONFIG = Config(retries={"total_max_attempts": 1}, parameter_validation=False)


# One session for every client: a new session reads botocore's data files again (a tenth of a second).
BOTO3_SESSION = boto3.session.Session()


def iam_client(endpoint_url: str | None = None):
    """Any credentials do: the emulator answers every account-less request as account 123456789012."""
    return BOTO3_SESSION.client(
        "iam",
        region_name="us-east-1",
        endpoint_url=endpoint_url,
        config=CLIENT_CONFIG,
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="dummy-secret",
    )


def error_of(raised: pytest.ExceptionInfo) -> tuple[str, int, str]:
    """(error code, HTTP status, message) of a ClientError, checking that IAM's request id came with it."""
    assert isinstance(raised.value, ClientError)
    response = raised.value.response
    assert response["ResponseMetadata"]["RequestId"]
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Message"]


@dataclass
class VirtualDevice:
    user_name: str
    serial_number: str
    totp: pyotp.TOTP

    def codes(self, first_step_offset: int = 0) -> tuple[str, str]:
        """Two consecutive codes, the first of the step first_step_offset steps from now (a device clock that far off)."""
        start = time.time() + first_step_offset * self.totp.interval
        return self.totp.at(start), self.totp.at(start + self.totp.interval)

    def parameters(self, codes: tuple[str, str]) -> dict[str, str]:
        return {
            "UserName": self.user_name,
            "SerialNumber": self.serial_number,
            "AuthenticationCode1": codes[0],
            "AuthenticationCode2": codes[1],
        }


def create_virtual_device(iam, user_name: str, enable: bool = True) -> VirtualDevice:
    """A user (created if need be) with a virtual device; enabled for the user unless enable is False."""
    if user_name not in [user["UserName"] for user in iam.list_users()["Users"]]:
        iam.create_user(UserName=user_name)
    created = iam.create_virtual_mfa_device(VirtualMFADeviceName=user_name)["VirtualMFADevice"]
    device = VirtualDevice(user_name, created["SerialNumber"], pyotp.TOTP(created["Base32StringSeed"].decode("ascii")))
    if enable:
        iam.enable_mfa_device(**device.parameters(device.codes(-1)))
    return device


def _load_iam_models() -> None:
    """Make moto, botocore and the emulator load their IAM models and code now, once.

    ansible-test runs each test in a child process forked from the one that imported
    this file: what is loaded here, every child has; what a test loads, it loads again.
    """
    with mock_aws():
        install()
        iam_client().list_users()


_load_iam_models()


@pytest.fixture
def new_iam_client():
    """iam_client(endpoint_url=None): a boto3 IAM client without retries or client-side parameter checks."""
    return iam_client


@pytest.fixture
def client_error():
    """client_error(raised) -> (code, HTTP status, message) of a pytest.raises(ClientError) result."""
    return error_of


@pytest.fixture
def new_virtual_device():
    """new_virtual_device(iam, user_name, enable=True) -> VirtualDevice, whose codes the test can compute."""
    return create_virtual_device


@pytest.fixture
def iam():
    """A boto3 IAM client on the emulator in-process (moto's mock_aws), fresh for each test."""
    with mock_aws():
        install()
        yield iam_client()


@pytest.fixture(scope="session")
def server():
    """The emulator as a server on a loopback port, shared by the tests that talk HTTP to it (each resets it first)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_PROXY", "127.0.0.1,localhost")  # never through a proxy: every request is for this machine
        patch.setenv("no_proxy", "127.0.0.1,localhost")
        with EmulatorServer() as running:
            yield running


@pytest.fixture
def server_iam(server):
    """A boto3 IAM client on the shared server, which starts the test empty."""
    reset()
    return iam_client(server.url)


@pytest.fixture
def code_window():
    """Set the emulator's code window (in steps) for one test: code_window(2)."""
    yield set_code_window_steps
    set_code_window_steps(None)
