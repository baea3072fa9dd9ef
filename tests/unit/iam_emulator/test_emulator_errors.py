# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Error answers: IAM's XML, IAM's HTTP statuses, as botocore reads them."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator import IAMEmulatorError
from ansible_collections.mfaops.aws.tests.iam_emulator import InvalidAuthenticationCode
from ansible_collections.mfaops.aws.tests.iam_emulator import errors
from ansible_collections.mfaops.aws.tests.iam_emulator import inject_fault
from botocore.exceptions import ClientError

NAMESPACE = "{https://iam.amazonaws.com/doc/2010-05-08/}"

# IAM's status and fault side for each code (the API model's, and AWS's common errors).
IAM_ERRORS = [
    ("InvalidAuthenticationCode", 403, "Sender"),
    ("NoSuchEntity", 404, "Sender"),
    ("LimitExceeded", 409, "Sender"),
    ("ConcurrentModification", 409, "Sender"),
    ("ServiceFailure", 500, "Receiver"),
    ("ValidationError", 400, "Sender"),
    ("AccessDenied", 403, "Sender"),
    (
        "ExpiredToken",
        403,
        "Sender",
    ),  # AWS's common errors (ExpiredTokenException): 403; STS's 400 is a web identity token's
    ("Throttling", 400, "Sender"),
    ("DeleteConflict", 409, "Sender"),
    ("EntityAlreadyExists", 409, "Sender"),
    ("InvalidInput", 400, "Sender"),
    ("InvalidAction", 400, "Sender"),
    ("NotImplemented", 501, "Receiver"),  # the emulator's own, for what it lacks
]


@pytest.mark.parametrize("code, status, fault_side", IAM_ERRORS)
def test_error_document_is_iams(code, status, fault_side):
    answer_status, headers, body = errors.render_error(errors.make_error(code, "Something & <else>"))

    assert answer_status == status
    assert headers["Content-Type"] == "text/xml"
    root = ElementTree.fromstring(body)
    assert root.tag == f"{NAMESPACE}ErrorResponse"
    assert [child.tag for child in root] == [f"{NAMESPACE}Error", f"{NAMESPACE}RequestId"]
    error = root.find(f"{NAMESPACE}Error")
    assert [(child.tag, child.text) for child in error] == [
        (f"{NAMESPACE}Type", fault_side),
        (f"{NAMESPACE}Code", code),
        (f"{NAMESPACE}Message", "Something & <else>"),
    ]


@pytest.mark.parametrize("code, status, fault_side", IAM_ERRORS)
def test_botocore_reads_code_status_type_and_request_id(iam, code, status, fault_side):
    inject_fault("ListUsers", code)
    with pytest.raises(ClientError) as raised:
        iam.list_users()

    response = raised.value.response
    assert response["Error"]["Code"] == code
    assert response["Error"]["Type"] == fault_side
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status
    request_id = response["ResponseMetadata"]["RequestId"]
    assert request_id and request_id != errors.REQUEST_ID_PLACEHOLDER
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"] == request_id


def test_each_request_gets_its_own_request_id(iam):
    inject_fault("ListUsers", "Throttling", count=2)
    request_ids = set()
    for _repeat in range(2):
        with pytest.raises(ClientError) as raised:
            iam.list_users()
        request_ids.add(raised.value.response["ResponseMetadata"]["RequestId"])
    request_ids.add(iam.list_users()["ResponseMetadata"]["RequestId"])
    assert len(request_ids) == 3


def test_moto_errors_are_rendered_as_iam_renders_them(iam):
    iam.create_user(UserName="alice")
    with pytest.raises(ClientError) as raised:
        iam.create_user(UserName="alice")
    error = raised.value.response["Error"]
    assert (error["Code"], raised.value.response["ResponseMetadata"]["HTTPStatusCode"]) == ("EntityAlreadyExists", 409)
    # moto's own serializer adds a lowercase <message> copy, which IAM does not send.
    assert set(error) == {"Type", "Code", "Message"}


def test_characters_xml_cannot_carry_do_not_break_the_document():
    _status, _headers, body = errors.render_error(IAMEmulatorError("user \x00\x1b name", code="NoSuchEntity"))
    message = ElementTree.fromstring(body).find(f"{NAMESPACE}Error/{NAMESPACE}Message").text
    assert message == "user \ufffd\ufffd name"


def test_error_classes_carry_iams_defaults():
    error = InvalidAuthenticationCode()
    assert (error.code, error.http_status, error.sender_fault) == ("InvalidAuthenticationCode", 403, True)
    assert error.message == "Authentication code for device is not valid."
    assert errors.make_error("Throttling", status=429).http_status == 429
    unknown = errors.make_error("SomethingNew")
    assert (unknown.code, unknown.http_status) == ("SomethingNew", 400)
