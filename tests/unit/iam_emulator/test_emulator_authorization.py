# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Identity-policy enforcement: resource resolution, policy variables, Allow and Deny, wildcards, and the switch."""

from __future__ import annotations

import json

import boto3
import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator import iam_policy_enforcement
from ansible_collections.mfaops.aws.tests.iam_emulator import recorded_calls
from ansible_collections.mfaops.aws.tests.iam_emulator import reset
from ansible_collections.mfaops.aws.tests.iam_emulator import set_iam_policy_enforcement
from ansible_collections.mfaops.aws.tests.iam_emulator.authorization import Caller
from ansible_collections.mfaops.aws.tests.iam_emulator.authorization import Decision
from ansible_collections.mfaops.aws.tests.iam_emulator.authorization import UnsupportedPolicy
from ansible_collections.mfaops.aws.tests.iam_emulator.authorization import action_matches
from ansible_collections.mfaops.aws.tests.iam_emulator.authorization import decision
from ansible_collections.mfaops.aws.tests.iam_emulator.authorization import resource_arn
from ansible_collections.mfaops.aws.tests.iam_emulator.authorization import resource_matches
from ansible_collections.mfaops.aws.tests.unit.iam_emulator.control_client import control_answer
from botocore.config import Config
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
ALICE = Caller(account_id=ACCOUNT, partition="aws", name="alice", path="/", user_id="AIDAALICE")
OWN_USER = "arn:aws:iam::*:user/${aws:username}"
OWN_DEVICE = "arn:aws:iam::*:mfa/${aws:username}"
SESSION = boto3.session.Session()
CLIENT_CONFIG = Config(retries={"total_max_attempts": 1})


def policy(*statements: dict, version: str | None = "2012-10-17") -> str:
    document: dict = {"Statement": list(statements)}
    if version is not None:
        document["Version"] = version
    return json.dumps(document)


def allow(action, resource) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def deny(action, resource) -> dict:
    return {"Effect": "Deny", "Action": action, "Resource": resource}


def verdict(
    documents, action="iam:ResyncMFADevice", resource=f"arn:aws:iam::{ACCOUNT}:user/alice", caller=ALICE
) -> Decision:
    return decision(documents, action, resource, caller.variables())


# --- resource resolution


def no_paths(name: str) -> str | None:  # pylint: disable=unused-argument
    return None


@pytest.mark.parametrize("action", ["ResyncMFADevice", "ListMFADevices", "EnableMFADevice", "DeactivateMFADevice"])
def test_user_scoped_mfa_actions_are_authorized_on_the_named_user(action):
    assert (
        resource_arn(action, {"UserName": "bob", "SerialNumber": "arn:aws:iam::123456789012:mfa/x"}, ALICE, no_paths)
        == f"arn:aws:iam::{ACCOUNT}:user/bob"
    )


def test_the_user_resource_has_the_users_path_and_defaults_to_the_caller():
    assert (
        resource_arn("ResyncMFADevice", {"UserName": "bob"}, ALICE, {"bob": "/staff/"}.get)
        == f"arn:aws:iam::{ACCOUNT}:user/staff/bob"
    )
    assert resource_arn("ListMFADevices", {}, ALICE, no_paths) == f"arn:aws:iam::{ACCOUNT}:user/alice"


def test_virtual_device_actions_are_authorized_on_the_device():
    serial = f"arn:aws:iam::{ACCOUNT}:mfa/team/bob"
    for action in ("DeleteVirtualMFADevice", "TagMFADevice", "UntagMFADevice", "ListMFADeviceTags"):
        assert resource_arn(action, {"SerialNumber": serial}, ALICE, no_paths) == serial
    assert (
        resource_arn("CreateVirtualMFADevice", {"VirtualMFADeviceName": "bob", "Path": "/team/"}, ALICE, no_paths)
        == serial
    )
    assert (
        resource_arn("CreateVirtualMFADevice", {"VirtualMFADeviceName": "bob"}, ALICE, no_paths)
        == f"arn:aws:iam::{ACCOUNT}:mfa/bob"
    )


def test_listing_virtual_devices_has_no_resource_and_unknown_actions_are_not_guessed():
    assert resource_arn("ListVirtualMFADevices", {}, ALICE, no_paths) == "*"
    assert resource_arn("ListUsers", {}, ALICE, no_paths) is None


# --- matching and variables


@pytest.mark.parametrize(
    "pattern, resource, matches",
    [
        (OWN_USER, "arn:aws:iam::123456789012:user/alice", True),
        (OWN_USER, "arn:aws:iam::123456789012:user/bob", False),
        (OWN_USER, "arn:aws:iam::123456789012:user/alice2", False),
        (OWN_USER, "arn:aws:iam::123456789012:user/staff/alice", False),  # the path is part of the resource
        ("arn:aws:iam::*:user/*", "arn:aws:iam::123456789012:user/staff/bob", True),  # * at a segment's end runs on
        ("arn:aws:iam::*:user/*", "arn:aws:iam::123456789012:mfa/bob", False),
        ("arn:aws:iam::12345678901?:user/alice", "arn:aws:iam::123456789012:user/alice", True),
        ("arn:aws:iam::1*2:user/alice", "arn:aws:iam::123456789012:user/alice", True),
        ("arn:aws:iam::*:user/alice", "arn:aws:iam::1:2:user/alice", True),  # ending the segment: may cross a colon
        ("arn:aws:iam::1*2:user/alice", "arn:aws:iam::1:2:user/alice", False),  # inside a segment: may not
        ("arn:aws:iam::*:user/Alice", "arn:aws:iam::123456789012:user/alice", False),  # resources are case-sensitive
        ("arn:aws:iam::*:user/${AWS:UserName}", "arn:aws:iam::123456789012:user/alice", True),  # variable names are not
        ("arn:aws:iam::*:user/${aws:nosuchkey}", "arn:aws:iam::123456789012:user/alice", False),
        ("arn:aws:iam::*:user/${aws:nosuchkey, 'alice'}", "arn:aws:iam::123456789012:user/alice", True),
        ("arn:aws:iam::*:user/a${*}", "arn:aws:iam::123456789012:user/a*", True),
        ("arn:aws:iam::*:user/a${*}", "arn:aws:iam::123456789012:user/alice", False),
        ("*", "arn:aws:iam::123456789012:user/alice", True),
        ("*", "*", True),
        ("arn:aws:iam::*:*", "*", False),  # an action without resource-level permissions needs Resource "*"
    ],
)
def test_resource_patterns(pattern, resource, matches):
    assert resource_matches(pattern, resource, ALICE.variables()) is matches


def test_a_substituted_value_is_matched_literally():
    caller = Caller(account_id=ACCOUNT, partition="aws", name="a.b", path="/", user_id="AIDA")
    assert resource_matches(OWN_USER, "arn:aws:iam::123456789012:user/a.b", caller.variables())
    assert not resource_matches(OWN_USER, "arn:aws:iam::123456789012:user/axb", caller.variables())


@pytest.mark.parametrize(
    "pattern, matches",
    [
        ("iam:ResyncMFADevice", True),
        ("IAM:resyncmfadevice", True),
        ("iam:Resync*", True),
        ("iam:*MFADevice", True),
        ("iam:?esyncMFADevice", True),
        ("*", True),
        ("iam:ResyncMFADevices", False),
        ("iam:ListMFADevices", False),
        ("sts:*", False),
    ],
)
def test_action_patterns(pattern, matches):
    assert action_matches(pattern, "iam:ResyncMFADevice") is matches


# --- decisions


def test_the_scoped_policy_allows_the_callers_own_user_only():
    documents = [policy(allow("iam:ResyncMFADevice", OWN_USER))]
    assert verdict(documents) is Decision.ALLOW
    assert verdict(documents, resource=f"arn:aws:iam::{ACCOUNT}:user/bob") is Decision.IMPLICIT_DENY
    assert verdict(documents, action="iam:ListMFADevices") is Decision.IMPLICIT_DENY


def test_without_version_2012_10_17_variables_are_plain_text():
    assert verdict([policy(allow("iam:ResyncMFADevice", OWN_USER), version="2008-10-17")]) is Decision.IMPLICIT_DENY
    assert verdict([policy(allow("iam:ResyncMFADevice", OWN_USER), version=None)]) is Decision.IMPLICIT_DENY


def test_an_explicit_deny_wins_whatever_the_order():
    allowing = policy(allow("iam:*", "*"))
    denying = policy(deny("iam:Resync*", OWN_USER))
    assert verdict([allowing, denying]) is Decision.EXPLICIT_DENY
    assert verdict([denying, allowing]) is Decision.EXPLICIT_DENY
    assert verdict([denying, allowing], resource=f"arn:aws:iam::{ACCOUNT}:user/bob") is Decision.ALLOW


def test_not_action_and_not_resource():
    everything_but_resync = policy({"Effect": "Allow", "NotAction": "iam:ResyncMFADevice", "Resource": "*"})
    assert verdict([everything_but_resync]) is Decision.IMPLICIT_DENY
    assert verdict([everything_but_resync], action="iam:ListMFADevices") is Decision.ALLOW
    all_but_own = policy({"Effect": "Allow", "Action": "iam:ResyncMFADevice", "NotResource": OWN_USER})
    assert verdict([all_but_own]) is Decision.IMPLICIT_DENY
    assert verdict([all_but_own], resource=f"arn:aws:iam::{ACCOUNT}:user/bob") is Decision.ALLOW


def test_no_policy_is_an_implicit_deny_and_a_condition_is_refused_not_ignored():
    assert verdict([]) is Decision.IMPLICIT_DENY
    with pytest.raises(UnsupportedPolicy):
        verdict([policy({**allow("iam:*", "*"), "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}})])


# --- enforcement in the emulator


def signing_as(iam, user_name: str, secret: str | None = None, endpoint_url: str | None = None):
    """A client signing with a new access key of user_name (with another secret if secret is given)."""
    key = iam.create_access_key(UserName=user_name)["AccessKey"]
    return SESSION.client(
        "iam",
        region_name="us-east-1",
        endpoint_url=endpoint_url,
        config=CLIENT_CONFIG,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=secret or key["SecretAccessKey"],
    )


RESYNC_AND_LIST_OWN = policy(allow(["iam:ResyncMFADevice", "iam:ListMFADevices"], OWN_USER))


@pytest.fixture
def enforcing():
    yield set_iam_policy_enforcement
    set_iam_policy_enforcement(False)


def test_a_user_resyncs_their_own_device_and_is_refused_anothers(iam, new_virtual_device, client_error, enforcing):
    own = new_virtual_device(iam, "alice")
    other = new_virtual_device(iam, "bob")
    iam.put_user_policy(UserName="alice", PolicyName="own", PolicyDocument=RESYNC_AND_LIST_OWN)
    alice = signing_as(iam, "alice")
    enforcing(True)
    assert alice.list_mfa_devices(UserName="alice")["MFADevices"][0]["SerialNumber"] == own.serial_number
    alice.resync_mfa_device(**own.parameters(own.codes()))
    with pytest.raises(ClientError) as raised:
        alice.resync_mfa_device(**other.parameters(other.codes()))
    assert client_error(raised) == (
        "AccessDenied",
        403,
        "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:ResyncMFADevice on resource: "
        "arn:aws:iam::123456789012:user/bob because no identity-based policy allows the iam:ResyncMFADevice action",
    )
    assert recorded_calls()[-1]["status"] == 403
    with pytest.raises(ClientError) as raised:
        alice.list_mfa_devices(UserName="bob")
    assert client_error(raised)[:2] == ("AccessDenied", 403)
    assert "iam:ListMFADevices on resource: arn:aws:iam::123456789012:user/bob because" in client_error(raised)[2]


def test_an_attached_managed_policy_and_an_explicit_deny(iam, new_virtual_device, client_error, enforcing):
    own = new_virtual_device(iam, "carol")
    allowing = iam.create_policy(
        PolicyName="resync-any", PolicyDocument=policy(allow("iam:*MFADevice*", "arn:aws:iam::*:user/*"))
    )
    iam.attach_user_policy(UserName="carol", PolicyArn=allowing["Policy"]["Arn"])
    carol = signing_as(iam, "carol")
    enforcing(True)
    carol.resync_mfa_device(**own.parameters(own.codes()))
    enforcing(False)
    iam.put_user_policy(
        UserName="carol", PolicyName="no-resync", PolicyDocument=policy(deny("iam:ResyncMFADevice", OWN_USER))
    )
    enforcing(True)
    with pytest.raises(ClientError) as raised:
        carol.resync_mfa_device(**own.parameters(own.codes()))
    code, status, message = client_error(raised)
    assert (code, status) == ("AccessDenied", 403)
    assert message.endswith(
        "on resource: arn:aws:iam::123456789012:user/carol with an explicit deny in an identity-based policy"
    )
    assert carol.list_mfa_devices(UserName="carol")["MFADevices"]


def test_a_groups_policy_applies_to_its_members(iam, new_virtual_device, enforcing):
    own = new_virtual_device(iam, "gina")
    iam.create_group(GroupName="self-service")
    iam.add_user_to_group(GroupName="self-service", UserName="gina")
    iam.put_group_policy(GroupName="self-service", PolicyName="own", PolicyDocument=RESYNC_AND_LIST_OWN)
    gina = signing_as(iam, "gina")
    enforcing(True)
    gina.resync_mfa_device(**own.parameters(own.codes()))


def test_device_actions_are_scoped_by_the_device(iam, new_virtual_device, client_error, enforcing):
    own = new_virtual_device(iam, "dave", enable=False)
    other = new_virtual_device(iam, "erin", enable=False)
    iam.put_user_policy(
        UserName="dave", PolicyName="own-device", PolicyDocument=policy(allow("iam:TagMFADevice", OWN_DEVICE))
    )
    dave = signing_as(iam, "dave")
    enforcing(True)
    dave.tag_mfa_device(SerialNumber=own.serial_number, Tags=[{"Key": "team", "Value": "ops"}])
    with pytest.raises(ClientError) as raised:
        dave.tag_mfa_device(SerialNumber=other.serial_number, Tags=[{"Key": "team", "Value": "ops"}])
    assert client_error(raised)[:2] == ("AccessDenied", 403)
    assert "on resource: arn:aws:iam::123456789012:mfa/erin because" in client_error(raised)[2]


def test_callers_must_be_users_of_the_account_signing_with_their_secret(iam, client_error, enforcing):
    iam.create_user(UserName="frank")
    iam.put_user_policy(UserName="frank", PolicyName="all", PolicyDocument=policy(allow("*", "*")))
    wrong_secret = signing_as(iam, "frank", secret="not-the-secret")
    enforcing(True)
    with pytest.raises(ClientError) as raised:
        iam.list_mfa_devices()  # the test's own credentials: no user of the account
    assert client_error(raised)[:2] == ("InvalidClientTokenId", 403)
    with pytest.raises(ClientError) as raised:
        wrong_secret.list_mfa_devices()
    assert client_error(raised)[:2] == ("SignatureDoesNotMatch", 403)


def test_the_switch_is_off_by_default_and_after_reset(iam, enforcing):
    assert not iam_policy_enforcement()
    enforcing(True)
    assert iam_policy_enforcement()
    reset()
    assert not iam_policy_enforcement()
    assert iam.list_users()["Users"] == []  # unrestricted again
    with pytest.raises(ValueError):
        enforcing("yes")


def test_the_switch_over_http(server, server_iam, client_error):
    assert control_answer(server, "GET", "authorization") == (200, {"authorization": {"enforce": False}})
    assert control_answer(server, "POST", "authorization", {"enforce": True}) == (
        200,
        {"authorization": {"enforce": True}},
    )
    with pytest.raises(ClientError) as raised:
        server_iam.list_mfa_devices()
    assert client_error(raised)[:2] == ("InvalidClientTokenId", 403)
    assert control_answer(server, "POST", "authorization", {"enforce": "yes"})[0] == 400
    assert control_answer(server, "POST", "authorization", {"enforce": True, "other": 1})[0] == 400
    reset()
    assert control_answer(server, "GET", "authorization") == (200, {"authorization": {"enforce": False}})
    assert server_iam.list_users()["Users"] == []
