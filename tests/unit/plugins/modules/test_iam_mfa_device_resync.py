# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import http.server
import json
import socket
import threading

import pytest
from ansible_collections.mfaops.aws.plugins.modules.iam_mfa_device_resync import main
from ansible_collections.mfaops.aws.tests.iam_emulator import inject_fault
from ansible_collections.mfaops.aws.tests.iam_emulator.fido_keys import register_fido_security_key

HARDWARE_SERIAL = "GAHT12345678"
# Distinctive codes, so that a leak is found by searching the output.
CODE_1 = "418203"
CODE_2 = "739516"


@pytest.fixture
def hardware_device(iam):
    """A user with an enabled hardware device: the emulator accepts any well-formed codes for it."""
    iam.create_user(UserName="bob")
    iam.enable_mfa_device(
        UserName="bob", SerialNumber=HARDWARE_SERIAL, AuthenticationCode1="000000", AuthenticationCode2="000001"
    )
    return HARDWARE_SERIAL


def resync_args(**overrides) -> dict:
    args = dict(
        user_name="bob", serial_number=HARDWARE_SERIAL, authentication_code_1=CODE_1, authentication_code_2=CODE_2
    )
    args.update(overrides)
    return {name: value for name, value in args.items() if value is not None}


def operations(api_calls) -> list:
    return [name for name, _params in api_calls]


class TestValidation:
    @pytest.mark.parametrize(
        "option, value, expected",
        [
            ("user_name", "", "user_name is 0 characters long"),
            ("user_name", "a" * 129, "user_name is 129 characters long"),
            ("user_name", "bob smith", "user_name contains a character"),
            ("user_name", "bøb", "user_name contains a character"),
            ("user_name", "bob\n", "user_name contains a character"),
            ("serial_number", "GAHT1234", "serial_number is 8 characters long"),
            ("serial_number", "G" * 257, "serial_number is 257 characters long"),
            ("serial_number", "arn:aws:iam::123456789012:mfa/b\u00f6b", "serial_number contains a character"),
            ("authentication_code_1", "12345", "authentication_code_1 is 5 characters long"),
            ("authentication_code_1", "1234567", "authentication_code_1 is 7 characters long"),
            ("authentication_code_2", "12345a", "authentication_code_2 contains a character"),
            (
                "authentication_code_2",
                "\uff11\uff12\uff13\uff14\uff15\uff16",
                "authentication_code_2 contains a character",
            ),
            (
                "authentication_code_1",
                "\u0661\u0662\u0663\u0664\u0665\u0666",
                "authentication_code_1 contains a character",
            ),
            ("authentication_code_1", " 12345", "authentication_code_1 contains a character"),
            ("authentication_code_1", ["123456"], "authentication_code_1 must be a string"),
            ("authentication_code_2", 12345.0, "authentication_code_2 must be a string"),
            ("authentication_code_2", True, "authentication_code_2 must be a string"),
        ],
    )
    def test_bad_value_fails_naming_option_and_rule_without_api_call(
        self, iam, api_calls, run_module, option, value, expected
    ):
        run = run_module(main, resync_args(**{option: value}))

        assert run.failed
        assert run.result["msg"].startswith(expected)
        assert "must be" in run.result["msg"]
        assert api_calls == []
        assert "exception" not in run.result

    def test_code_values_are_not_echoed_in_validation_messages(self, iam, api_calls, run_module):
        run = run_module(main, resync_args(authentication_code_1="98765x"))

        assert run.failed
        assert "98765" not in run.stdout

    @pytest.mark.parametrize("value", [5349, 99999, 1000000, 0, -123456])
    def test_integer_that_is_not_six_digits_asks_to_quote(self, iam, api_calls, run_module, value):
        run = run_module(main, resync_args(authentication_code_1=value))

        assert run.failed
        assert "authentication_code_1" in run.result["msg"]
        assert "Quote the code" in run.result["msg"]
        assert api_calls == []

    def test_six_digit_integer_is_accepted_as_its_digits(self, hardware_device, api_calls, run_module):
        run = run_module(main, resync_args(authentication_code_1=418203, authentication_code_2=739516))

        assert not run.failed, run.result
        assert api_calls == [
            (
                "ResyncMFADevice",
                {
                    "UserName": "bob",
                    "SerialNumber": HARDWARE_SERIAL,
                    "AuthenticationCode1": "418203",
                    "AuthenticationCode2": "739516",
                },
            )
        ]


class TestResync:
    def test_real_run_with_serial_makes_exactly_one_call(self, hardware_device, api_calls, run_module):
        run = run_module(main, resync_args())

        assert run.result["changed"] is True
        assert run.result["user_name"] == "bob"
        assert run.result["serial_number"] == HARDWARE_SERIAL
        assert operations(api_calls) == ["ResyncMFADevice"]

    def test_codes_never_appear_in_the_result(self, hardware_device, run_module):
        run = run_module(main, resync_args())

        assert CODE_1 not in run.stdout
        assert CODE_2 not in run.stdout

    def test_virtual_device_accepts_two_consecutive_codes_from_a_drifted_clock(
        self, enabled_virtual_device, api_calls, run_module
    ):
        device = enabled_virtual_device("carol")
        code_1, code_2 = device.consecutive_codes(drift_steps=-8)
        api_calls.clear()

        run = run_module(
            main,
            dict(
                user_name="carol",
                serial_number=device.serial_number,
                authentication_code_1=code_1,
                authentication_code_2=code_2,
            ),
        )

        assert not run.failed, run.result
        assert run.result["changed"] is True
        assert operations(api_calls) == ["ResyncMFADevice"]

    def test_rejected_codes_fail_once_with_structured_error_and_advice(
        self, enabled_virtual_device, api_calls, retry_sleeps, run_module
    ):
        device = enabled_virtual_device("carol")
        code_1, code_2 = device.consecutive_codes()
        api_calls.clear()

        run = run_module(
            main,
            dict(
                user_name="carol",
                serial_number=device.serial_number,
                authentication_code_1=code_2,
                authentication_code_2=code_1,
            ),
        )

        assert run.failed
        assert run.result["error"]["code"] == "InvalidAuthenticationCode"
        assert run.result["response_metadata"]["http_status_code"] == 403
        assert run.result["response_metadata"]["request_id"]
        assert "two consecutive codes" in run.result["msg"]
        assert f"Could not resync MFA device {device.serial_number} of user carol" in run.result["msg"]
        assert operations(api_calls) == ["ResyncMFADevice"]
        assert retry_sleeps == []
        assert code_1 not in run.stdout and code_2 not in run.stdout

    def test_unknown_user_fails_with_no_such_entity_without_retry(self, iam, api_calls, run_module):
        run = run_module(main, resync_args(user_name="nobody"))

        assert run.failed
        assert run.result["error"]["code"] == "NoSuchEntity"
        assert run.result["response_metadata"]["http_status_code"] == 404
        assert "Check user_name and serial_number" in run.result["msg"]
        assert operations(api_calls) == ["ResyncMFADevice"]

    def test_device_of_another_user_fails_with_no_such_entity(self, hardware_device, iam, api_calls, run_module):
        iam.create_user(UserName="dave")
        api_calls.clear()

        run = run_module(main, resync_args(user_name="dave"))

        assert run.failed
        assert run.result["error"]["code"] == "NoSuchEntity"
        assert operations(api_calls) == ["ResyncMFADevice"]


class TestSerialDiscovery:
    def test_only_device_is_found_and_resynced(self, hardware_device, api_calls, run_module):
        run = run_module(main, resync_args(serial_number=None))

        assert not run.failed, run.result
        assert run.result["serial_number"] == HARDWARE_SERIAL
        assert operations(api_calls) == ["ListMFADevices", "ResyncMFADevice"]
        assert api_calls[1][1]["SerialNumber"] == HARDWARE_SERIAL

    def test_user_without_device_fails_without_resync(self, iam, api_calls, run_module):
        iam.create_user(UserName="bob")
        api_calls.clear()

        run = run_module(main, resync_args(serial_number=None))

        assert run.failed
        assert "has no MFA device" in run.result["msg"]
        assert run.result["mfa_devices"] == []
        assert operations(api_calls) == ["ListMFADevices"]

    def test_user_with_several_devices_fails_listing_them(self, hardware_device, iam, api_calls, run_module):
        iam.enable_mfa_device(
            UserName="bob", SerialNumber="GAHT87654321", AuthenticationCode1="000000", AuthenticationCode2="000001"
        )
        api_calls.clear()

        run = run_module(main, resync_args(serial_number=None))

        assert run.failed
        assert "has 2 MFA devices" in run.result["msg"]
        assert HARDWARE_SERIAL in run.result["msg"] and "GAHT87654321" in run.result["msg"]
        assert sorted(device["serial_number"] for device in run.result["mfa_devices"]) == [
            "GAHT12345678",
            "GAHT87654321",
        ]
        assert operations(api_calls) == ["ListMFADevices"]

    def test_unknown_user_fails_with_no_such_entity(self, iam, api_calls, run_module):
        run = run_module(main, resync_args(user_name="nobody", serial_number=None))

        assert run.failed
        assert run.result["error"]["code"] == "NoSuchEntity"
        assert "Could not list the MFA devices of user nobody" in run.result["msg"]
        assert operations(api_calls) == ["ListMFADevices"]


class TestCheckMode:
    def test_assigned_device_predicts_change_with_one_read(self, hardware_device, api_calls, run_module):
        run = run_module(main, resync_args(), check_mode=True)

        assert not run.failed, run.result
        assert run.result["changed"] is True
        assert operations(api_calls) == ["ListMFADevices"]

    def test_discovery_in_check_mode_reads_once_and_writes_nothing(self, hardware_device, api_calls, run_module):
        run = run_module(main, resync_args(serial_number=None), check_mode=True)

        assert run.result["changed"] is True
        assert run.result["serial_number"] == HARDWARE_SERIAL
        assert operations(api_calls) == ["ListMFADevices"]

    def test_device_not_assigned_to_user_fails(self, hardware_device, api_calls, run_module):
        run = run_module(main, resync_args(serial_number="GAHT00000000"), check_mode=True)

        assert run.failed
        assert "GAHT00000000 is not assigned to user bob" in run.result["msg"]
        assert HARDWARE_SERIAL in run.result["msg"]
        assert operations(api_calls) == ["ListMFADevices"]

    def test_unknown_user_fails(self, iam, api_calls, run_module):
        run = run_module(main, resync_args(user_name="nobody"), check_mode=True)

        assert run.failed
        assert run.result["error"]["code"] == "NoSuchEntity"
        assert operations(api_calls) == ["ListMFADevices"]


class TestUnreachableEndpoint:
    def test_connection_refused_fails_clearly_and_quickly(self, api_calls, retry_sleeps, run_module):
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            closed_port = listener.getsockname()[1]

        run = run_module(main, resync_args(endpoint_url=f"http://127.0.0.1:{closed_port}"))

        assert run.failed
        assert "could not be reached" in run.result["msg"]
        assert "endpoint_url" in run.result["msg"]
        assert operations(api_calls) == ["ResyncMFADevice"]
        assert retry_sleeps == []


class TestRetries:
    @pytest.mark.parametrize("error_code", ["Throttling", "ConcurrentModification"])
    def test_two_retryable_errors_then_success_take_three_calls(
        self, hardware_device, api_calls, retry_sleeps, run_module, error_code
    ):
        inject_fault("ResyncMFADevice", error_code, count=2)

        run = run_module(main, resync_args())

        assert not run.failed, run.result
        assert run.result["changed"] is True
        assert operations(api_calls) == ["ResyncMFADevice"] * 3
        assert len(retry_sleeps) == 2

    def test_one_service_failure_is_retried(self, hardware_device, api_calls, retry_sleeps, run_module):
        inject_fault("ResyncMFADevice", "ServiceFailure", count=1)

        run = run_module(main, resync_args())

        assert not run.failed, run.result
        assert operations(api_calls) == ["ResyncMFADevice"] * 2

    def test_persistent_service_failure_gives_up_within_bounded_waiting(
        self, hardware_device, api_calls, retry_sleeps, run_module
    ):
        inject_fault("ResyncMFADevice", "ServiceFailure", count=100)

        run = run_module(main, resync_args())

        assert run.failed
        assert run.result["error"]["code"] == "ServiceFailure"
        assert run.result["response_metadata"]["http_status_code"] == 500
        assert "Run again later" in run.result["msg"]
        assert operations(api_calls) == ["ResyncMFADevice"] * 10
        assert len(retry_sleeps) == 9
        assert sum(retry_sleeps) <= 1 + 2 + 4 * 7

    @pytest.mark.parametrize(
        "error_code, status, advice",
        [
            ("LimitExceeded", 409, "Wait several minutes"),
            ("ValidationError", 400, "IAM rejected a parameter"),
            ("AccessDenied", 403, "not allowed iam:ResyncMFADevice"),
            ("InvalidAuthenticationCode", 403, "two consecutive codes"),
            ("NoSuchEntity", 404, "Check user_name and serial_number"),
            ("ExpiredToken", 403, "expired or invalid"),
            ("InvalidClientTokenId", 403, "expired or invalid"),
        ],
    )
    def test_non_retryable_error_fails_after_one_call(
        self, hardware_device, api_calls, retry_sleeps, run_module, error_code, status, advice
    ):
        inject_fault("ResyncMFADevice", error_code, count=1, status=status)

        run = run_module(main, resync_args())

        assert run.failed
        assert run.result["error"]["code"] == error_code
        assert run.result["response_metadata"]["http_status_code"] == status
        assert run.result["response_metadata"]["request_id"]
        assert advice in run.result["msg"]
        assert operations(api_calls) == ["ResyncMFADevice"]
        assert retry_sleeps == []
        assert CODE_1 not in run.stdout and CODE_2 not in run.stdout


class TestListingDenied:
    def test_check_mode_warns_and_predicts_change(self, hardware_device, api_calls, run_module):
        inject_fault("ListMFADevices", "AccessDenied", count=1)

        run = run_module(main, resync_args(), check_mode=True)

        assert not run.failed, run.result
        assert run.result["changed"] is True
        assert "was denied" in json.dumps(run.result["warnings"])
        assert "deprecations" not in run.result
        assert operations(api_calls) == ["ListMFADevices"]

    def test_discovery_fails_naming_the_permission(self, hardware_device, api_calls, run_module):
        inject_fault("ListMFADevices", "AccessDenied", count=1)

        run = run_module(main, resync_args(serial_number=None))

        assert run.failed
        assert run.result["error"]["code"] == "AccessDenied"
        assert "iam:ListMFADevices" in run.result["msg"]
        assert operations(api_calls) == ["ListMFADevices"]


class GarbageHandler(http.server.BaseHTTPRequestHandler):
    """Answers every request with a 200 that is not IAM's XML."""

    def do_POST(self):  # pylint: disable=invalid-name
        body = b"<!doctype html><title>captive portal</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass


@pytest.fixture
def garbage_endpoint():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), GarbageHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class TestUnparsableAnswer:
    def test_answer_that_is_not_iam_xml_fails_clearly(self, garbage_endpoint, api_calls, run_module):
        run = run_module(main, resync_args(endpoint_url=garbage_endpoint))

        assert run.failed
        assert "not an IAM response" in run.result["msg"]
        assert run.result["msg"].startswith(f"Could not resync MFA device {HARDWARE_SERIAL} of user bob")
        assert operations(api_calls) == ["ResyncMFADevice"]


class TestFidoSecurityKeys:
    def test_discovery_resyncs_the_virtual_device_beside_a_fido_key(
        self, enabled_virtual_device, api_calls, run_module
    ):
        device = enabled_virtual_device("alice")
        register_fido_security_key("alice", "yubikey")
        code_1, code_2 = device.consecutive_codes()
        api_calls.clear()

        run = run_module(main, dict(user_name="alice", authentication_code_1=code_1, authentication_code_2=code_2))

        assert not run.failed, run.result
        assert run.result["serial_number"] == device.serial_number
        assert operations(api_calls) == ["ListMFADevices", "ResyncMFADevice"]
        assert api_calls[1][1]["SerialNumber"] == device.serial_number

    def test_user_whose_only_device_is_a_fido_key_fails_saying_so(self, iam, api_calls, run_module):
        iam.create_user(UserName="alice")
        serial = register_fido_security_key("alice", "yubikey")
        api_calls.clear()

        run = run_module(main, dict(user_name="alice", authentication_code_1=CODE_1, authentication_code_2=CODE_2))

        assert run.failed
        assert "only FIDO security keys" in run.result["msg"] and serial in run.result["msg"]
        assert [device["serial_number"] for device in run.result["mfa_devices"]] == [serial]
        assert operations(api_calls) == ["ListMFADevices"]

    def test_fido_serial_number_is_refused_before_any_call(self, iam, api_calls, run_module):
        run = run_module(
            main, resync_args(serial_number="arn:aws:iam::123456789012:u2f/user/bob/yubikey-ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        )

        assert run.failed
        assert run.result["msg"].startswith("serial_number is the serial number of a FIDO security key")
        assert api_calls == []


class TestAdviceThatFitsTheCall:
    def test_limit_on_resync_is_about_too_many_attempts(self, hardware_device, api_calls, run_module):
        inject_fault("ResyncMFADevice", "LimitExceeded")

        run = run_module(main, resync_args())

        assert run.failed
        assert "too many recent resync attempts" in run.result["msg"]


class TestSeed:
    def test_device_is_resynced_with_codes_computed_from_its_seed(self, enabled_virtual_device, api_calls, run_module):
        device = enabled_virtual_device("alice")
        api_calls.clear()

        run = run_module(main, dict(user_name="alice", seed=device.totp.secret))

        assert not run.failed, run.result
        assert run.result["changed"] is True
        assert operations(api_calls) == ["ListMFADevices", "ResyncMFADevice"]
        sent = api_calls[1][1]
        assert device.totp.verify(sent["AuthenticationCode1"], valid_window=1)
        for secret in (device.totp.secret, sent["AuthenticationCode1"], sent["AuthenticationCode2"]):
            assert secret not in run.stdout

    def test_seed_in_lower_case_with_spaces_is_accepted(self, enabled_virtual_device, api_calls, run_module):
        device = enabled_virtual_device("alice")
        spaced = " ".join(device.totp.secret[i : i + 4] for i in range(0, len(device.totp.secret), 4)).lower()

        run = run_module(main, dict(user_name="alice", serial_number=device.serial_number, seed=spaced))

        assert not run.failed, run.result

    def test_check_mode_computes_nothing_and_writes_nothing(self, enabled_virtual_device, api_calls, run_module):
        device = enabled_virtual_device("alice")
        api_calls.clear()

        run = run_module(
            main, dict(user_name="alice", serial_number=device.serial_number, seed=device.totp.secret), check_mode=True
        )

        assert run.result["changed"] is True
        assert operations(api_calls) == ["ListMFADevices"]

    @pytest.mark.parametrize("seed", ["JBSWY3DPEHPK3PX1", ["JBSWY3DPEHPK3PXP"], "ß" * 16])
    def test_bad_seed_fails_before_any_call(self, iam, api_calls, run_module, seed):
        run = run_module(main, dict(user_name="bob", seed=seed))

        assert run.failed
        assert run.result["msg"].startswith("seed ")
        assert api_calls == []

    def test_neither_codes_nor_seed_fails_naming_both(self, iam, api_calls, run_module):
        run = run_module(main, dict(user_name="bob"))

        assert run.failed
        assert "authentication_code_1" in run.result["msg"] and "seed" in run.result["msg"]
        assert api_calls == []

    def test_seed_and_codes_are_mutually_exclusive(self, iam, api_calls, run_module):
        run = run_module(main, resync_args(seed="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"))

        assert run.failed
        assert "mutually exclusive" in run.result["msg"] and "seed" in run.result["msg"]
        assert api_calls == []


class TestMasksOfRejectedValues:
    def test_a_list_code_does_not_garble_the_output(self, iam, api_calls, run_module):
        run = run_module(main, resync_args(authentication_code_1=[1, 2]))

        assert run.failed
        assert "********" not in run.result["msg"]
        assert run.result["invocation"]["module_args"]["region"] == "us-east-1"
        assert run.result["invocation"]["module_args"]["authentication_code_1"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"

    def test_an_integer_code_leaves_the_hint_whole(self, iam, api_calls, run_module):
        run = run_module(main, resync_args(authentication_code_1=12345))

        assert run.failed
        assert 'for example authentication_code_1: "012345"' in run.result["msg"]
