# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fault switch and the call log, in-process."""

from __future__ import annotations

import threading

import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator import REDACTED
from ansible_collections.mfaops.aws.tests.iam_emulator import clear_calls
from ansible_collections.mfaops.aws.tests.iam_emulator import clear_faults
from ansible_collections.mfaops.aws.tests.iam_emulator import inject_fault
from ansible_collections.mfaops.aws.tests.iam_emulator import install
from ansible_collections.mfaops.aws.tests.iam_emulator import pending_faults
from ansible_collections.mfaops.aws.tests.iam_emulator import recorded_calls
from ansible_collections.mfaops.aws.tests.iam_emulator import reset
from ansible_collections.mfaops.aws.tests.iam_emulator.faults import FaultSwitch
from ansible_collections.mfaops.aws.tests.iam_emulator.faults import new_fault
from botocore.exceptions import ClientError
from moto import mock_aws


def resync_call(iam, device, codes):
    return iam.resync_mfa_device(**device.parameters(codes))


def test_n_faults_then_the_real_answer(iam, new_virtual_device, client_error):
    alice = new_virtual_device(iam, "alice")
    inject_fault("ResyncMFADevice", "Throttling", count=2)

    for _repeat in range(2):
        with pytest.raises(ClientError) as raised:
            resync_call(iam, alice, alice.codes(-1))
        assert client_error(raised) == ("Throttling", 400, "Rate exceeded")
    assert resync_call(iam, alice, alice.codes(-1))["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert pending_faults() == []


def test_a_fault_answers_before_the_handler_runs(iam, client_error):
    inject_fault("CreateUser", "LimitExceeded")
    with pytest.raises(ClientError) as raised:
        iam.create_user(UserName="alice")
    assert client_error(raised)[:2] == ("LimitExceeded", 409)
    assert iam.list_users()["Users"] == []  # the faulted call created nothing


@pytest.mark.parametrize(
    "action, call",
    [
        ("ListUsers", lambda iam: iam.list_users()),
        ("GetUser", lambda iam: iam.get_user(UserName="alice")),
        ("ListMFADevices", lambda iam: iam.list_mfa_devices(UserName="alice")),
        (
            "EnableMFADevice",
            lambda iam: iam.enable_mfa_device(
                UserName="alice",
                SerialNumber="GAHT12345678",
                AuthenticationCode1="123456",
                AuthenticationCode2="654321",
            ),
        ),
    ],
)
def test_any_action_can_be_faulted_and_only_that_action(iam, client_error, action, call):
    iam.create_user(UserName="alice")
    inject_fault(action, "ServiceFailure")

    iam.list_roles()  # another action is not affected
    with pytest.raises(ClientError) as raised:
        call(iam)
    assert client_error(raised)[:2] == ("ServiceFailure", 500)
    call(iam)


def test_status_and_message_can_be_chosen(iam, client_error):
    inject_fault("ListUsers", "Throttling", status=429, message="Slow down")
    with pytest.raises(ClientError) as raised:
        iam.list_users()
    assert client_error(raised) == ("Throttling", 429, "Slow down")


def test_faults_for_one_action_answer_in_the_order_they_were_set(iam, client_error):
    inject_fault("ListUsers", "Throttling", count=2)
    inject_fault("ListUsers", "ServiceFailure")
    answers = []
    for _repeat in range(3):
        with pytest.raises(ClientError) as raised:
            iam.list_users()
        answers.append(client_error(raised)[:2])
    assert answers == [("Throttling", 400), ("Throttling", 400), ("ServiceFailure", 500)]


def test_pending_faults_show_what_remains_and_can_be_cleared(iam):
    inject_fault("ListUsers", "Throttling", count=3)
    with pytest.raises(ClientError):
        iam.list_users()
    assert pending_faults() == [
        {"action": "ListUsers", "error_code": "Throttling", "remaining": 2, "status": 400, "message": None}
    ]
    assert clear_faults() == 2
    assert iam.list_users()["Users"] == []


@pytest.mark.parametrize(
    "arguments, complaint",
    [
        ({"action": "ResyncMfaDevice", "error_code": "Throttling"}, "action"),
        ({"action": "ListUsers", "error_code": "Throttling!"}, "error_code"),
        ({"action": "ListUsers", "error_code": "Throttling", "count": 0}, "count"),
        ({"action": "ListUsers", "error_code": "Throttling", "count": True}, "count"),
        ({"action": "ListUsers", "error_code": "Throttling", "status": 200}, "status"),
        ({"action": "ListUsers", "error_code": "Throttling", "message": "x" * 1025}, "message"),
    ],
)
def test_a_malformed_fault_is_refused(arguments, complaint):
    with pytest.raises(ValueError, match=complaint):
        inject_fault(**arguments)
    assert pending_faults() == []


def test_every_call_is_logged_with_codes_redacted(iam, new_virtual_device):
    alice = new_virtual_device(iam, "alice")
    codes = alice.codes(-1)
    clear_calls()
    inject_fault("ResyncMFADevice", "Throttling")
    for _repeat in range(2):
        try:
            resync_call(iam, alice, codes)
        except ClientError:
            pass

    calls = recorded_calls()
    expected_parameters = {
        "UserName": "alice",
        "SerialNumber": alice.serial_number,
        "AuthenticationCode1": REDACTED,
        "AuthenticationCode2": REDACTED,
    }
    assert calls == [
        {"action": "ResyncMFADevice", "parameters": expected_parameters, "status": 400},
        {"action": "ResyncMFADevice", "parameters": expected_parameters, "status": 200},
    ]
    assert codes[0] not in repr(calls) and codes[1] not in repr(calls)


def test_the_log_has_calls_of_all_actions_in_order(iam):
    clear_calls()
    iam.create_user(UserName="alice")
    with pytest.raises(ClientError):
        iam.get_user(UserName="bob")
    iam.create_login_profile(UserName="alice", Password="Secret-Passw0rd")

    assert [(call["action"], call["status"]) for call in recorded_calls()] == [
        ("CreateUser", 200),
        ("GetUser", 404),
        ("CreateLoginProfile", 200),
    ]
    assert recorded_calls()[2]["parameters"]["Password"] == REDACTED
    assert clear_calls() == 3
    assert recorded_calls() == []


def test_moto_resets_clear_faults_and_calls():
    with mock_aws():
        install()
        inject_fault("ListUsers", "Throttling")
    assert pending_faults() == [] and recorded_calls() == []


def test_reset_forgets_iam_state_faults_and_calls(iam):
    iam.create_user(UserName="alice")
    inject_fault("ListUsers", "Throttling")
    reset()
    assert pending_faults() == [] and recorded_calls() == []
    assert iam.list_users()["Users"] == []


def test_install_is_idempotent():
    assert install() is install()


def test_the_fault_switch_hands_out_exactly_count_faults_across_threads():
    switch = FaultSwitch()
    switch.add(new_fault("ListUsers", "Throttling", count=50))
    taken = []

    def take_many():
        for _repeat in range(25):
            taken.append(switch.take("ListUsers"))

    threads = [threading.Thread(target=take_many) for _repeat in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    faults = [fault for fault in taken if fault is not None]
    assert len(taken) == 200 and len(faults) == 50
    assert sorted(fault.remaining for fault in faults) == list(range(50))
    assert switch.pending() == []
