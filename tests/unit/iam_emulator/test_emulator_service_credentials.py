# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ListServiceSpecificCredentials, which moto lacks and amazon.aws.iam_user calls to delete a user."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError


def test_a_users_credentials_are_an_empty_untruncated_list(iam):
    iam.create_user(UserName="alice")
    answer = iam.list_service_specific_credentials(UserName="alice")
    assert (answer["ServiceSpecificCredentials"], answer["IsTruncated"]) == ([], False)
    assert "Marker" not in answer


def test_filters_and_paging_are_accepted(iam):
    iam.create_user(UserName="alice")
    answer = iam.list_service_specific_credentials(
        UserName="alice", ServiceName="codecommit.amazonaws.com", MaxItems=10
    )
    assert answer["ServiceSpecificCredentials"] == []


def test_without_a_user_name_the_callers_credentials_are_listed(iam):
    assert iam.list_service_specific_credentials()["ServiceSpecificCredentials"] == []


def test_an_unknown_user_is_no_such_entity(iam, client_error):
    with pytest.raises(ClientError) as raised:
        iam.list_service_specific_credentials(UserName="mallory")
    assert client_error(raised) == ("NoSuchEntity", 404, "The user with name mallory cannot be found.")


@pytest.mark.parametrize(
    "parameters, complaint",
    [
        (
            {"UserName": "a" * 65},
            "Value '"
            + "a" * 65
            + "' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64",
        ),
        (
            {"UserName": "alice smith"},
            "at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
        ),
        (
            {"MaxItems": 0},
            "at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
        ),
    ],
)
def test_parameters_outside_the_model_are_validation_errors(iam, client_error, parameters, complaint):
    with pytest.raises(ClientError) as raised:
        iam.list_service_specific_credentials(**parameters)
    code, status, message = client_error(raised)
    assert (code, status) == ("ValidationError", 400)
    assert complaint in message


def test_over_http_the_answer_is_iams_xml(server_iam):
    server_iam.create_user(UserName="alice")
    answer = server_iam.list_service_specific_credentials(UserName="alice")
    assert answer["ResponseMetadata"]["HTTPHeaders"]["content-type"] == "text/xml"
    assert answer["ServiceSpecificCredentials"] == []
