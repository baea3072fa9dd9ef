# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Parameter validation of EnableMFADevice and ResyncMFADevice, against IAM's API model."""

from __future__ import annotations

import string

import botocore.session
import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator import ValidationError
from ansible_collections.mfaops.aws.tests.iam_emulator import validation
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

HARDWARE_SERIAL = "GAHT12345678"
USER_NAME_ALPHABET = string.ascii_letters + string.digits + "_+=,.@-"
SERIAL_ALPHABET = USER_NAME_ALPHABET + "/:"
VALID = {
    "UserName": "bob",
    "SerialNumber": HARDWARE_SERIAL,
    "AuthenticationCode1": "123456",
    "AuthenticationCode2": "654321",
}


@pytest.fixture
def hardware_user(iam):
    """bob, with a hardware device: valid parameters pass validation and the call succeeds."""
    iam.create_user(UserName="bob")
    iam.enable_mfa_device(**VALID)
    return iam


@pytest.mark.parametrize("action", ["resync_mfa_device", "enable_mfa_device"])
@pytest.mark.parametrize(
    "parameter, value, member, constraint",
    [
        ("UserName", "", "userName", "length greater than or equal to 1"),
        ("UserName", "b" * 129, "userName", "length less than or equal to 128"),
        ("UserName", "bob smith", "userName", "regular expression pattern: [\\w+=,.@-]+"),
        ("UserName", "b\u00f6b", "userName", "regular expression pattern"),
        (
            "UserName",
            "\u0431\u043e\u0431",
            "userName",
            "regular expression pattern",
        ),  # Cyrillic letters: Python \w, not IAM's
        ("UserName", "bob\n", "userName", "regular expression pattern"),
        ("SerialNumber", "GAHT1234", "serialNumber", "length greater than or equal to 9"),
        ("SerialNumber", "G" * 257, "serialNumber", "length less than or equal to 256"),
        (
            "SerialNumber",
            "arn:aws:iam::123456789012:mfa/b\u00f6b",
            "serialNumber",
            "regular expression pattern: [\\w+=/:,.@-]+",
        ),
        ("SerialNumber", "GAHT 12345678", "serialNumber", "regular expression pattern"),
        ("AuthenticationCode1", "12345", "authenticationCode1", "length greater than or equal to 6"),
        ("AuthenticationCode1", "1234567", "authenticationCode1", "length less than or equal to 6"),
        ("AuthenticationCode1", "12345a", "authenticationCode1", "regular expression pattern: [\\d]+"),
        (
            "AuthenticationCode1",
            "\uff11\uff12\uff13\uff14\uff15\uff16",
            "authenticationCode1",
            "regular expression pattern",
        ),  # fullwidth digits
        (
            "AuthenticationCode2",
            "\u0661\u0662\u0663\u0664\u0665\u0666",
            "authenticationCode2",
            "regular expression pattern",
        ),  # Arabic-Indic digits
        ("AuthenticationCode2", " 12345", "authenticationCode2", "regular expression pattern"),
        ("AuthenticationCode2", "", "authenticationCode2", "length greater than or equal to 6"),
    ],
)
def test_each_broken_constraint_is_a_validation_error(
    hardware_user, client_error, action, parameter, value, member, constraint
):
    with pytest.raises(ClientError) as raised:
        getattr(hardware_user, action)(**dict(VALID, **{parameter: value}))

    code, status, message = client_error(raised)
    assert (code, status) == ("ValidationError", 400)
    # An empty value also fails the pattern: IAM lists each broken constraint.
    assert message.startswith("2 validation errors detected: " if value == "" else "1 validation error detected: ")
    assert f"at '{member}' failed to satisfy constraint: Member must " in message
    assert constraint in message


@pytest.mark.parametrize("action", ["resync_mfa_device", "enable_mfa_device"])
def test_codes_are_never_echoed_in_validation_messages(hardware_user, client_error, action):
    with pytest.raises(ClientError) as raised:
        getattr(hardware_user, action)(**dict(VALID, AuthenticationCode1="98765x", AuthenticationCode2="4321"))

    code, _status, message = client_error(raised)
    assert code == "ValidationError"
    assert message.startswith("2 validation errors detected: ")
    assert "Value at 'authenticationCode1'" in message and "Value at 'authenticationCode2'" in message
    assert "98765" not in message and "4321" not in message


def test_user_name_and_serial_are_quoted_in_messages_like_iam(hardware_user, client_error):
    with pytest.raises(ClientError) as raised:
        hardware_user.resync_mfa_device(**dict(VALID, UserName="bob smith"))
    assert "Value 'bob smith' at 'userName'" in client_error(raised)[2]


def test_a_missing_parameter_is_a_validation_error(hardware_user, client_error):
    parameters = dict(VALID)
    del parameters["SerialNumber"]
    with pytest.raises(ClientError) as raised:
        hardware_user.resync_mfa_device(**parameters)
    code, status, message = client_error(raised)
    assert (code, status) == ("ValidationError", 400)
    assert "Value null at 'serialNumber' failed to satisfy constraint: Member must not be null" in message


@pytest.mark.parametrize(
    "parameter, length", [("UserName", 1), ("UserName", 128), ("SerialNumber", 9), ("SerialNumber", 256)]
)
def test_lengths_at_the_bounds_pass_validation(hardware_user, client_error, parameter, length):
    # Valid, but naming no existing user or device: the answer is NoSuchEntity, from past validation.
    with pytest.raises(ClientError) as raised:
        hardware_user.resync_mfa_device(**dict(VALID, **{parameter: "b" * length}))
    assert client_error(raised)[:2] == ("NoSuchEntity", 404)


def test_validation_error_is_the_exported_class():
    with pytest.raises(ValidationError) as raised:
        validation.validate_parameters(dict(VALID, UserName=""), validation.MFA_DEVICE_PARAMETERS)
    assert raised.value.http_status == 400


@pytest.mark.parametrize(
    "model_member, constraint",
    [
        ("UserName", validation.USER_NAME),
        ("SerialNumber", validation.SERIAL_NUMBER),
        ("AuthenticationCode1", validation.AUTHENTICATION_CODE_1),
        ("AuthenticationCode2", validation.AUTHENTICATION_CODE_2),
    ],
)
@pytest.mark.parametrize("operation", ["ResyncMFADevice", "EnableMFADevice"])
def test_constraints_are_the_api_models(operation, model_member, constraint):
    shape = (
        botocore.session.get_session()
        .get_service_model("iam")
        .operation_model(operation)
        .input_shape.members[model_member]
    )
    assert (shape.metadata["min"], shape.metadata["max"], shape.metadata["pattern"]) == (
        constraint.min_length,
        constraint.max_length,
        constraint.model_pattern,
    )
    # The ASCII spelling is the model's pattern with Java's ASCII-only \w and \d written out.
    spelled_out = shape.metadata["pattern"].replace("\\w", "A-Za-z0-9_").replace("[\\d]", "[0-9]")
    assert constraint.ascii_pattern == spelled_out


def model_constraints(shape) -> dict:
    """What the API model says a member must be, in the terms the emulator's constraints use."""
    said = {name: shape.metadata.get(name) for name in ("min", "max", "pattern")}
    said["enum"] = getattr(shape, "enum", None) or None
    if shape.type_name == "list":
        member = shape.member
        if member.type_name == "structure":
            said["member"] = {name: model_constraints(part) for name, part in member.members.items()}
        else:
            said["member"] = model_constraints(member)
    return said


def emulator_constraints(constraint) -> dict:
    if isinstance(constraint, validation.TagListConstraint):
        tag = {"Key": emulator_constraints(validation.TAG_KEY), "Value": emulator_constraints(validation.TAG_VALUE)}
        return {"min": None, "max": constraint.max_items, "pattern": None, "enum": None, "member": tag}
    if isinstance(constraint, validation.TagKeyListConstraint):
        return {
            "min": None,
            "max": constraint.max_items,
            "pattern": None,
            "enum": None,
            "member": emulator_constraints(validation.TAG_KEY),
        }
    if isinstance(constraint, validation.IntegerConstraint):
        return {"min": constraint.minimum, "max": constraint.maximum, "pattern": None, "enum": None}
    if isinstance(constraint, validation.EnumConstraint):
        return {"min": None, "max": None, "pattern": None, "enum": list(constraint.values)}
    return {
        "min": constraint.min_length,
        "max": constraint.max_length,
        "pattern": constraint.model_pattern,
        "enum": None,
    }


@pytest.mark.parametrize(
    "operation, member",
    [(operation, member) for operation, constraints in validation.ACTION_PARAMETERS.items() for member in constraints],
)
def test_every_checked_parameter_is_constrained_as_the_model_says(operation, member):
    operation_model = botocore.session.get_session().get_service_model("iam").operation_model(operation)
    shape = operation_model.input_shape.members[member]
    constraint = validation.ACTION_PARAMETERS[operation][member]

    assert emulator_constraints(constraint) == model_constraints(shape)
    assert getattr(constraint, "required", False) == (member in operation_model.input_shape.required_members)
    # Members are named in messages as the model's wire names are, with a lower-case first letter.
    assert constraint.member == member[0].lower() + member[1:]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=USER_NAME_ALPHABET, min_size=1, max_size=128))
def test_any_user_name_of_allowed_ascii_characters_passes(name):
    assert validation.USER_NAME.violations(name) == []


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=USER_NAME_ALPHABET, max_size=20),
    st.characters().filter(lambda character: character not in USER_NAME_ALPHABET),
    st.text(alphabet=USER_NAME_ALPHABET, max_size=20),
)
def test_any_other_character_in_a_user_name_fails(before, other, after):
    violations = validation.USER_NAME.violations(before + other + after)
    assert any("regular expression pattern" in violation for violation in violations)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=SERIAL_ALPHABET, min_size=9, max_size=256))
def test_any_serial_of_allowed_ascii_characters_passes(serial):
    assert validation.SERIAL_NUMBER.violations(serial) == []


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=6, max_size=6))
def test_a_code_passes_exactly_when_it_is_six_ascii_digits(code):
    violations = validation.AUTHENTICATION_CODE_1.violations(code)
    six_ascii_digits = all(character in "0123456789" for character in code)
    assert (violations == []) == six_ascii_digits
    if not six_ascii_digits:
        # The message does not depend on the code, so it cannot quote it. (A substring check
        # would fail on codes such as "failed", a word of the fixed message itself.)
        assert violations == validation.AUTHENTICATION_CODE_1.violations("abcdef")
