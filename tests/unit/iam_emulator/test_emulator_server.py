# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The emulator as a server on a loopback port: boto3 through endpoint_url, control endpoints, start and stop."""

from __future__ import annotations

import importlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import ansible_collections.mfaops.aws.tests.iam_emulator as emulator_package
import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator import REDACTED
from ansible_collections.mfaops.aws.tests.iam_emulator import EmulatorServer
from ansible_collections.mfaops.aws.tests.iam_emulator import install
from ansible_collections.mfaops.aws.tests.iam_emulator.__main__ import main as cli_main
from ansible_collections.mfaops.aws.tests.iam_emulator.server import loopback_host
from ansible_collections.mfaops.aws.tests.unit.iam_emulator.conftest import BOTO3_SESSION
from ansible_collections.mfaops.aws.tests.unit.iam_emulator.conftest import CLIENT_CONFIG
from ansible_collections.mfaops.aws.tests.unit.iam_emulator.control_client import DIRECT
from ansible_collections.mfaops.aws.tests.unit.iam_emulator.control_client import control
from botocore.exceptions import ClientError
from moto.iam.models import IAMBackend

TESTS_DIRECTORY = Path(emulator_package.__file__).resolve().parent.parent
URL = re.compile(r"http://127\.0\.0\.1:[0-9]+")


@pytest.fixture
def iam(server_iam):
    """A boto3 client on the shared server (conftest's), which starts each test empty."""
    return server_iam


def test_server_is_on_a_free_loopback_port(server):
    assert URL.fullmatch(server.url)
    assert server.port > 0 and server.running


def test_boto3_enables_and_resyncs_a_virtual_device(iam, new_virtual_device, client_error):
    alice = new_virtual_device(iam, "alice")
    response = iam.resync_mfa_device(**alice.parameters(alice.codes(-10)))
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["ResponseMetadata"]["RequestId"] == response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"]

    with pytest.raises(ClientError) as raised:
        iam.resync_mfa_device(**alice.parameters(tuple(reversed(alice.codes(-1)))))
    assert client_error(raised) == ("InvalidAuthenticationCode", 403, "Authentication code for device is not valid.")
    with pytest.raises(ClientError) as raised:
        iam.resync_mfa_device(**dict(alice.parameters(alice.codes(-1)), UserName="mallory"))
    assert client_error(raised)[:2] == ("NoSuchEntity", 404)
    with pytest.raises(ClientError) as raised:
        iam.resync_mfa_device(**alice.parameters(("\uff11\uff12\uff13\uff14\uff15\uff16", "123456")))
    assert client_error(raised)[:2] == ("ValidationError", 400)


def test_account_is_the_default_whatever_the_credentials(iam):
    user = iam.create_user(UserName="alice")["User"]
    assert user["Arn"] == "arn:aws:iam::123456789012:user/alice"


def test_sts_caller_identity_is_answered_on_the_same_endpoint_and_not_logged_as_iam(server, iam):
    # amazon.aws gives every client the task's endpoint_url: iam_virtual_mfa_device's STS call reaches the emulator too.
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    control(server, "DELETE", "calls")
    sts = BOTO3_SESSION.client(
        "sts",
        region_name="us-east-1",
        endpoint_url=server.url,
        config=CLIENT_CONFIG,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )

    identity = sts.get_caller_identity()

    assert identity["Account"] == "123456789012"
    assert identity["Arn"] == "arn:aws:iam::123456789012:user/alice"
    assert control(server, "GET", "calls")[1]["calls"] == []


def test_faults_set_over_http_answer_boto3_calls(server, iam, client_error):
    status, answer, _headers = control(
        server, "POST", "faults", {"action": "ListUsers", "error_code": "Throttling", "count": 2}
    )
    assert status == 201
    assert answer == {
        "fault": {"action": "ListUsers", "error_code": "Throttling", "remaining": 2, "status": 400, "message": None}
    }
    assert control(server, "GET", "faults")[1] == {"faults": [answer["fault"]]}

    for _repeat in range(2):
        with pytest.raises(ClientError) as raised:
            iam.list_users()
        assert client_error(raised) == ("Throttling", 400, "Rate exceeded")
    assert iam.list_users()["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_fault_status_and_message_can_be_chosen_over_http(server, iam, client_error):
    body = {"action": "GetUser", "error_code": "ServiceFailure", "status": 503, "message": "Try later"}
    assert control(server, "POST", "faults", body)[0] == 201
    with pytest.raises(ClientError) as raised:
        iam.get_user(UserName="alice")
    assert client_error(raised) == ("ServiceFailure", 503, "Try later")


def test_pending_faults_can_be_cleared_over_http(server, iam):
    control(server, "POST", "faults", {"action": "ListUsers", "error_code": "Throttling", "count": 3})
    assert control(server, "DELETE", "faults")[:2] == (200, {"cleared": 3})
    assert iam.list_users()["Users"] == []


def test_calls_over_http_are_logged_with_codes_redacted(server, iam, new_virtual_device):
    alice = new_virtual_device(iam, "alice")
    codes = alice.codes(-1)
    control(server, "DELETE", "calls")
    iam.resync_mfa_device(**alice.parameters(codes))

    status, answer, _headers = control(server, "GET", "calls")
    assert status == 200
    assert answer == {
        "calls": [
            {
                "action": "ResyncMFADevice",
                "parameters": {
                    "UserName": "alice",
                    "SerialNumber": alice.serial_number,
                    "AuthenticationCode1": REDACTED,
                    "AuthenticationCode2": REDACTED,
                },
                "status": 200,
            }
        ]
    }
    assert control(server, "DELETE", "calls")[:2] == (200, {"cleared": 1})
    assert control(server, "GET", "calls")[1] == {"calls": []}


def test_reset_over_http_forgets_users_faults_and_calls(server, iam):
    iam.create_user(UserName="alice")
    control(server, "POST", "faults", {"action": "GetUser", "error_code": "Throttling"})
    assert control(server, "POST", "reset")[:2] == (200, {"reset": True})
    assert iam.list_users()["Users"] == []
    assert control(server, "GET", "faults")[1] == {"faults": []}
    assert [call["action"] for call in control(server, "GET", "calls")[1]["calls"]] == ["ListUsers"]


@pytest.mark.parametrize(
    "body, raw, complaint",
    [
        (None, b"not json", "JSON object"),
        ([1, 2], None, "JSON object"),
        ({"action": "ListUsers"}, None, "required"),
        ({"action": "ListUsers", "error_code": "Throttling", "times": 2}, None, "times"),
        ({"action": "NoSuchAction", "error_code": "Throttling"}, None, "action"),
        ({"action": "ListUsers", "error_code": "Throttling", "count": "2"}, None, "count"),
    ],
)
@pytest.mark.usefixtures("iam")  # for its reset
def test_malformed_fault_requests_are_refused(server, body, raw, complaint):
    status, answer, _headers = control(server, "POST", "faults", body, raw)
    assert status == 400
    assert complaint in answer["error"]
    assert control(server, "GET", "faults")[1] == {"faults": []}


def test_unknown_control_paths_and_methods_are_refused(server):
    assert control(server, "GET", "nothing-here")[0] == 404
    status, _answer, headers = control(server, "PUT", "calls")
    assert status == 405
    assert headers["Allow"] == "DELETE, GET"


def test_concurrent_requests_are_all_answered_and_logged(server, iam, new_virtual_device, new_iam_client):
    devices = [new_virtual_device(iam, f"user{number}") for number in range(4)]
    control(server, "DELETE", "calls")
    statuses = []

    def resync_repeatedly(device):
        client = new_iam_client(server.url)
        for _repeat in range(10):
            statuses.append(
                client.resync_mfa_device(**device.parameters(device.codes(-1)))["ResponseMetadata"]["HTTPStatusCode"]
            )

    threads = [threading.Thread(target=resync_repeatedly, args=(device,)) for device in devices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * 40
    assert len(control(server, "GET", "calls")[1]["calls"]) == 40


def test_each_request_is_handled_holding_the_state_lock(server, iam, monkeypatch):
    """moto's backend takes no lock: a handler must run under iam_state_lock, which no other thread can take meanwhile."""
    real_create_user = IAMBackend.create_user
    taken_by_another_thread = []

    def create_user_probing_the_lock(backend, *args, **kwargs):
        def probe():
            taken = backend.iam_state_lock.acquire(blocking=False)
            if taken:
                backend.iam_state_lock.release()
            taken_by_another_thread.append(taken)

        prober = threading.Thread(target=probe)
        prober.start()
        prober.join()
        return real_create_user(backend, *args, **kwargs)

    monkeypatch.setattr(IAMBackend, "create_user", create_user_probing_the_lock)

    iam.create_user(UserName="locked-alice")

    assert taken_by_another_thread == [False]


def test_server_stops_even_when_the_body_raises():
    emulator = EmulatorServer()
    with pytest.raises(RuntimeError, match="test body failed"):
        with emulator:
            url = emulator.url
            with DIRECT.open(f"{url}/_emulator/health", timeout=5) as response:
                assert response.status == 200
            raise RuntimeError("test body failed")

    assert not emulator.running
    with pytest.raises(OSError):
        DIRECT.open(f"{url}/_emulator/health", timeout=5)
    emulator.stop()  # stopping again does nothing


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "192.168.0.1", "example.com", "::", ""])
def test_hosts_other_than_loopback_are_refused(host):
    with pytest.raises(ValueError, match="loopback"):
        EmulatorServer(host=host)


@pytest.mark.parametrize(
    "host, address",
    [
        ("127.0.0.1", "127.0.0.1"),
        ("127.0.0.2", "127.0.0.2"),
        ("localhost", "127.0.0.1"),
        ("::1", "::1"),
        ("[::1]", "::1"),
    ],
)
def test_loopback_hosts_are_accepted(host, address):
    assert loopback_host(host) == address


def test_both_import_names_share_one_emulator(monkeypatch):
    monkeypatch.syspath_prepend(str(TESTS_DIRECTORY))
    for name in [name for name in sys.modules if name == "iam_emulator" or name.startswith("iam_emulator.")]:
        monkeypatch.delitem(sys.modules, name)
    try:
        server_name_package = importlib.import_module("iam_emulator")
        assert server_name_package is not emulator_package
        assert server_name_package.install() is install()
    finally:
        for name in [name for name in sys.modules if name == "iam_emulator" or name.startswith("iam_emulator.")]:
            del sys.modules[name]


def start_cli(tmp_path: Path, *arguments: str) -> subprocess.Popen:
    environment = dict(
        os.environ, PYTHONPATH=str(TESTS_DIRECTORY), NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost"
    )
    return subprocess.Popen(
        [sys.executable, "-m", "iam_emulator", *arguments],
        cwd=tmp_path,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_cli_writes_its_url_when_ready_and_stops_cleanly_on_a_signal(tmp_path, new_iam_client, stop_signal):
    ready_file = tmp_path / "ready"
    process = start_cli(tmp_path, "--host", "127.0.0.1", "--port", "0", "--ready-file", str(ready_file), "--quiet")
    try:
        deadline = time.monotonic() + 30
        while not (ready_file.exists() and ready_file.read_text(encoding="utf-8").strip()):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "no ready file"
            time.sleep(0.05)
        url = ready_file.read_text(encoding="utf-8").strip()
        assert URL.fullmatch(url)
        assert new_iam_client(url).list_users()["ResponseMetadata"]["HTTPStatusCode"] == 200

        process.send_signal(stop_signal)
        stdout, stderr = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert stdout.strip() == url
    assert "stopping" in stderr


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10"])
def test_cli_refuses_a_host_that_is_not_loopback(capsys, host):
    with pytest.raises(SystemExit) as raised:
        cli_main(["--host", host, "--port", "0"])
    assert raised.value.code == 2
    assert "loopback" in capsys.readouterr().err
