# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import base64
import datetime
import time

import botocore.client
import pyotp
import pytest
from ansible_collections.mfaops.aws.plugins.modules.iam_virtual_mfa_device_info import main
from ansible_collections.mfaops.aws.tests.iam_emulator import inject_fault

ACCOUNT = "123456789012"


def operations(api_calls) -> list:
    return [name for name, _params in api_calls]


@pytest.fixture
def devices(iam):
    """Three virtual devices: alice-phone enabled for alice, spare-1 and spare-2 unassigned. Returns their seeds by serial number."""
    seeds = {}
    for name in ("alice-phone", "spare-1", "spare-2"):
        created = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]
        seed = created["Base32StringSeed"]
        seeds[created["SerialNumber"]] = seed.decode() if isinstance(seed, bytes) else seed
    iam.create_user(UserName="alice")
    alice_serial = f"arn:aws:iam::{ACCOUNT}:mfa/alice-phone"
    totp = pyotp.TOTP(seeds[alice_serial])
    now = time.time()
    iam.enable_mfa_device(
        UserName="alice",
        SerialNumber=alice_serial,
        AuthenticationCode1=totp.at(now),
        AuthenticationCode2=totp.at(now + 30),
    )
    return seeds


def by_serial(result: dict) -> dict:
    return {device["serial_number"]: device for device in result["virtual_mfa_devices"]}


class TestListing:
    def test_empty_account_lists_nothing(self, iam, api_calls, run_module):
        run = run_module(main, {})

        assert not run.failed, run.result
        assert run.result["changed"] is False
        assert run.result["virtual_mfa_devices"] == []
        assert api_calls == [("ListVirtualMFADevices", {"AssignmentStatus": "Any"})]

    def test_lists_every_device_with_its_user(self, iam, devices, api_calls, run_module):
        run = run_module(main, {})

        listed = by_serial(run.result)
        assert sorted(listed) == sorted(devices)
        alice_phone = listed[f"arn:aws:iam::{ACCOUNT}:mfa/alice-phone"]
        assert alice_phone["user"]["user_name"] == "alice"
        assert alice_phone["user"]["arn"] == f"arn:aws:iam::{ACCOUNT}:user/alice"
        assert datetime.datetime.fromisoformat(alice_phone["enable_date"])
        spare = listed[f"arn:aws:iam::{ACCOUNT}:mfa/spare-1"]
        assert spare["user"] is None and spare["enable_date"] is None
        assert set(spare) == {"serial_number", "enable_date", "user"}

    @pytest.mark.parametrize(
        "status, expected",
        [
            ("Assigned", ["alice-phone"]),
            ("Unassigned", ["spare-1", "spare-2"]),
            ("Any", ["alice-phone", "spare-1", "spare-2"]),
        ],
    )
    def test_assignment_status_is_passed_to_iam(self, iam, devices, api_calls, run_module, status, expected):
        run = run_module(main, dict(assignment_status=status))

        assert api_calls == [("ListVirtualMFADevices", {"AssignmentStatus": status})]
        assert sorted(by_serial(run.result)) == [f"arn:aws:iam::{ACCOUNT}:mfa/{name}" for name in expected]

    def test_unknown_assignment_status_fails_without_api_call(self, iam, api_calls, run_module):
        run = run_module(main, dict(assignment_status="assigned"))

        assert run.failed
        assert "assignment_status" in run.result["msg"]
        assert api_calls == []

    def test_every_page_is_followed(self, iam, api_calls, run_module):
        for number in range(230):
            iam.create_virtual_mfa_device(VirtualMFADeviceName=f"device-{number:03d}")
        api_calls.clear()

        run = run_module(main, {})

        assert len(run.result["virtual_mfa_devices"]) == 230
        assert len(set(by_serial(run.result))) == 230
        lists = [params for name, params in api_calls if name == "ListVirtualMFADevices"]
        assert len(lists) == 3
        assert "Marker" not in lists[0] and all("Marker" in params for params in lists[1:])

    def test_check_mode_lists_the_same(self, iam, devices, api_calls, run_module):
        run = run_module(main, {}, check_mode=True)

        assert run.result["changed"] is False
        assert sorted(by_serial(run.result)) == sorted(devices)
        assert operations(api_calls) == ["ListVirtualMFADevices"]


class TestNoSecrets:
    def test_seeds_the_endpoint_sends_are_not_returned(self, iam, devices, run_module):
        run = run_module(main, {})

        for device in run.result["virtual_mfa_devices"]:
            assert "base32_string_seed" not in device and "qr_code_png" not in device
        for seed in devices.values():
            assert seed not in run.stdout

    def test_secrets_in_a_stubbed_response_are_stripped(self, monkeypatch, run_module):
        seed = "JBSWY3DPEHPK3PXPQZ7VK2LMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTU"
        png = b"\x89PNG\r\n\x1a\nqr-code-bytes-of-the-test"
        stubbed_calls = []

        def stubbed_make_api_call(client, operation_name, api_params):
            stubbed_calls.append((operation_name, dict(api_params)))
            assert operation_name == "ListVirtualMFADevices"
            return {
                "VirtualMFADevices": [
                    {
                        "SerialNumber": f"arn:aws:iam::{ACCOUNT}:mfa/stubbed",
                        "Base32StringSeed": seed.encode(),
                        "QRCodePNG": png,
                        "EnableDate": datetime.datetime(2026, 11, 1, 9, 30, tzinfo=datetime.timezone.utc),
                        "User": {
                            "Path": "/",
                            "UserName": "alice",
                            "UserId": "AIDACKCEVSQ6C2EXAMPLE",
                            "Arn": f"arn:aws:iam::{ACCOUNT}:user/alice",
                            "CreateDate": datetime.datetime(2026, 10, 1, 8, 0, tzinfo=datetime.timezone.utc),
                        },
                    }
                ],
                "IsTruncated": False,
            }

        monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", stubbed_make_api_call)

        run = run_module(main, {})

        assert not run.failed, run.result
        assert stubbed_calls == [("ListVirtualMFADevices", {"AssignmentStatus": "Any"})]
        assert run.result["virtual_mfa_devices"] == [
            {
                "serial_number": f"arn:aws:iam::{ACCOUNT}:mfa/stubbed",
                "enable_date": "2026-11-01T09:30:00+00:00",
                "user": {
                    "path": "/",
                    "user_name": "alice",
                    "user_id": "AIDACKCEVSQ6C2EXAMPLE",
                    "arn": f"arn:aws:iam::{ACCOUNT}:user/alice",
                    "create_date": "2026-10-01T08:00:00+00:00",
                    "tags": {},
                },
            }
        ]
        assert seed not in run.stdout
        assert base64.b64encode(png).decode() not in run.stdout
        assert "qr-code-bytes" not in run.stdout


class TestFailures:
    def test_denied_listing_fails_with_structured_error(self, iam, api_calls, run_module):
        inject_fault("ListVirtualMFADevices", "AccessDenied")

        run = run_module(main, {})

        assert run.failed
        assert run.result["error"]["code"] == "AccessDenied"
        assert run.result["response_metadata"]["http_status_code"] == 403
        assert "iam:ListVirtualMFADevices" in run.result["msg"]
        assert operations(api_calls) == ["ListVirtualMFADevices"]

    def test_throttled_listing_is_retried(self, iam, devices, api_calls, retry_sleeps, run_module):
        inject_fault("ListVirtualMFADevices", "Throttling", count=2)

        run = run_module(main, {})

        assert not run.failed, run.result
        assert len(run.result["virtual_mfa_devices"]) == 3
        assert operations(api_calls) == ["ListVirtualMFADevices"] * 3
        assert len(retry_sleeps) == 2
