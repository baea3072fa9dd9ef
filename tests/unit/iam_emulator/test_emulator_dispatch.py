# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every request answered in IAM's XML: unknown actions, actions the emulator lacks, requests it cannot read, and its own failures."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from xml.etree import ElementTree

import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator import inject_fault
from ansible_collections.mfaops.aws.tests.iam_emulator import recorded_calls
from botocore.exceptions import ClientError
from moto.iam.models import IAMBackend
from moto.iam.responses import IamResponse

NAMESPACE = "{https://iam.amazonaws.com/doc/2010-05-08/}"
# An IAM action moto 5.2.5 has no handler for; if moto gains one, pick another.
UNIMPLEMENTED = ("CreateServiceSpecificCredential", {"UserName": "alice", "ServiceName": "codecommit.amazonaws.com"})
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
SIGNED = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0"


def raw_request(url: str, parameters: dict) -> tuple[int, str, ElementTree.Element]:
    """(HTTP status, content type, parsed XML body) of a form-encoded IAM request sent without botocore."""
    body = urllib.parse.urlencode(dict(parameters, Version="2010-05-08")).encode("utf-8")
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Authorization": SIGNED}
    request = urllib.request.Request(f"{url}/", data=body, method="POST", headers=headers)
    try:
        with DIRECT.open(request, timeout=10) as response:
            status, content_type, text = response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        status, content_type, text = error.code, error.headers["Content-Type"], error.read()
    return status, content_type, ElementTree.fromstring(text)  # fails on werkzeug's HTML error page


def error_fields(root: ElementTree.Element) -> tuple[str, str, str]:
    assert root.tag == f"{NAMESPACE}ErrorResponse"
    assert root.find(f"{NAMESPACE}RequestId").text
    error = root.find(f"{NAMESPACE}Error")
    return tuple(error.find(f"{NAMESPACE}{field}").text for field in ("Type", "Code", "Message"))


def test_an_action_the_emulator_lacks_is_not_implemented_501(iam):
    action, parameters = UNIMPLEMENTED
    with pytest.raises(ClientError) as raised:
        iam.create_service_specific_credential(**parameters)

    response = raised.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert response["Error"] == {
        "Type": "Receiver",
        "Code": "NotImplemented",
        "Message": f"The {action} action is not implemented by the IAM emulator",
    }
    assert recorded_calls()[-1] == {"action": action, "parameters": parameters, "status": 501}


def test_a_fault_still_answers_before_an_action_the_emulator_lacks(iam, client_error):
    inject_fault(UNIMPLEMENTED[0], "Throttling")
    with pytest.raises(ClientError) as raised:
        iam.create_service_specific_credential(**UNIMPLEMENTED[1])
    assert client_error(raised)[:2] == ("Throttling", 400)


def test_a_handler_moto_implements_in_part_is_not_implemented_with_its_reason(iam, monkeypatch, client_error):
    def partly(self):
        raise NotImplementedError("filtering by path is not supported")

    monkeypatch.setattr(IamResponse, "list_users", partly)
    with pytest.raises(ClientError) as raised:
        iam.list_users()
    assert client_error(raised) == (
        "NotImplemented",
        501,
        "The ListUsers action is not fully implemented by the IAM emulator: filtering by path is not supported",
    )


def test_an_unexpected_exception_is_service_failure_with_its_traceback_on_stderr(iam, monkeypatch, capsys):
    def broken(self, *args, **kwargs):
        raise RuntimeError("backend bug")

    monkeypatch.setattr(IAMBackend, "list_users", broken)
    with pytest.raises(ClientError) as raised:
        iam.list_users()

    response = raised.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert (response["Error"]["Type"], response["Error"]["Code"]) == ("Receiver", "ServiceFailure")
    assert "ListUsers" in response["Error"]["Message"] and "RuntimeError" in response["Error"]["Message"]
    assert "backend bug" not in response["Error"]["Message"]  # details go to the developer, not the client
    stderr = capsys.readouterr().err
    assert "IAM emulator: RuntimeError while handling ListUsers" in stderr
    assert "Traceback (most recent call last)" in stderr and "RuntimeError: backend bug" in stderr
    assert recorded_calls()[-1]["status"] == 500


def test_the_emulator_keeps_answering_after_a_failure(iam, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(IAMBackend, "list_users", lambda self, *args, **kwargs: 1 / 0)
        with pytest.raises(ClientError):
            iam.list_users()
    iam.create_user(UserName="alice")
    assert [user["UserName"] for user in iam.list_users()["Users"]] == ["alice"]


def test_the_server_answers_an_action_it_lacks_in_xml(server, server_iam):
    action, parameters = UNIMPLEMENTED
    status, content_type, root = raw_request(server.url, dict(parameters, Action=action))
    assert (status, content_type) == (501, "text/xml")
    assert error_fields(root) == (
        "Receiver",
        "NotImplemented",
        f"The {action} action is not implemented by the IAM emulator",
    )


def test_the_server_answers_an_action_iam_does_not_have_as_invalid_action(server, server_iam):
    status, content_type, root = raw_request(server.url, {"Action": "ListUnicorns"})
    assert (status, content_type) == (400, "text/xml")
    assert error_fields(root) == (
        "Sender",
        "InvalidAction",
        "Could not find operation ListUnicorns for version 2010-05-08",
    )
    assert recorded_calls()[-1] == {"action": "ListUnicorns", "parameters": {}, "status": 400}


def test_the_server_answers_a_parameter_of_the_wrong_type_as_a_validation_error(server, server_iam):
    status, content_type, root = raw_request(server.url, {"Action": "ListVirtualMFADevices", "MaxItems": "ten"})
    assert (status, content_type) == (400, "text/xml")
    fault_side, code, message = error_fields(root)
    assert (fault_side, code) == ("Sender", "ValidationError")
    assert "ListVirtualMFADevices" in message


def test_the_server_answers_its_own_failure_in_xml_and_logs_the_traceback(server, server_iam, monkeypatch, capsys):
    monkeypatch.setattr(IAMBackend, "list_users", lambda self, *args, **kwargs: {}["missing"])
    status, content_type, root = raw_request(server.url, {"Action": "ListUsers"})
    assert (status, content_type) == (500, "text/xml")
    assert error_fields(root)[:2] == ("Receiver", "ServiceFailure")
    assert "KeyError: 'missing'" in capsys.readouterr().err


def test_the_server_answers_a_failure_while_reading_the_request_in_xml(server, server_iam, monkeypatch, capsys):
    def unreadable(self, request):
        raise LookupError("could not read")

    monkeypatch.setattr(IamResponse, "moto_parse_parameters", unreadable)
    status, content_type, root = raw_request(server.url, {"Action": "ListUsers"})
    assert (status, content_type) == (500, "text/xml")
    assert error_fields(root)[:2] == ("Receiver", "ServiceFailure")
    assert "LookupError: could not read" in capsys.readouterr().err
    assert recorded_calls()[-1] == {"action": "ListUsers", "parameters": {}, "status": 500}
