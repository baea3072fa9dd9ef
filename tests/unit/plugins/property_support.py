# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Shared pieces of the property-based ("hostile and wrong input") tests.

- EmulatedAccount: the account each example runs against, in the IAM emulator in-process
  (moto's mock_aws plus tests/iam_emulator's install()), reset and rebuilt before every
  example; every API call the module makes is recorded as (operation, parameters). Nothing
  leaves the process.
- run_module: builds the account, runs a module's main() once, the way Ansible does (arguments as JSON),
  and says how it ended: a JSON result on stdout, or an exception (a traceback).
- Strategies of hostile values, and oracles written from the IAM API model and
  Ansible's documented type conversion, not from the modules' code.
- Counter: examples, valid and rejected per option, and API calls made for rejected
  input, written to a JSON file when PROPERTY_STATS_FILE is set (see docs/reliability.md).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import time
import unicodedata
from unittest import mock

import boto3
import boto3.session
import botocore.client
import pyotp
import pytest
from ansible_collections.mfaops.aws.plugins.module_utils.mfa_parameters import QUOTED_CODE_EXAMPLE
from ansible_collections.mfaops.aws.tests.iam_emulator import install
from ansible_collections.mfaops.aws.tests.iam_emulator import reset
from ansible_collections.mfaops.aws.tests.unit.plugins.module_args import patch_module_args
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st
from moto import mock_aws

from ansible.module_utils.ansible_release import __version__ as ansible_core_version
from ansible.module_utils.common.parameters import remove_values

# The validity oracles below model ansible-core 2.19's argument conversion (for example
# None for a required str option becomes ""); older cores convert differently.
ORACLE_ANSIBLE_CORE = (2, 19)
requires_oracle_ansible_core = pytest.mark.skipif(
    tuple(int(part) for part in ansible_core_version.split(".")[:2]) < ORACLE_ANSIBLE_CORE,
    reason="the validity oracles model ansible-core 2.19's argument conversion",
)

CONNECTION = {"access_key": "AKIAIOSFODNN7EXAMPLE", "secret_key": "testing-secret", "region": "us-east-1"}

# Reproducible in CI: the same examples on every run, no example database on disk.
PROPERTY_SETTINGS = settings(
    max_examples=2000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)

# ---------------------------------------------------------------------------------------------
# The account: the IAM emulator in-process
# ---------------------------------------------------------------------------------------------

# The emulator's account (moto's default), which STS GetCallerIdentity names.
ACCOUNT_ID = "123456789012"
# Serial numbers without runs of digits, so that a six-digit code cannot appear in a result by accident.
HARDWARE_SERIAL = "GAKTALICEMFA"
# Well-formed codes: the emulator takes any for a hardware token whose seed no test registered.
HARDWARE_CODES = ("135791", "246802")


class EmulatedAccount:
    """The IAM account of one property test, in the IAM emulator in-process (moto's mock_aws plus install()).

    Before every example the emulator is reset and the account rebuilt from that example's world (see
    build()), so that each example starts from the same state and gets IAM's real answers: its validation,
    its errors, its serial numbers. Every call the module makes is recorded as (operation, parameters);
    the calls that build the account are not. created holds the last CreateVirtualMFADevice answer.
    """

    def __init__(self):
        self.calls = []
        self.created = None
        self._iam = None

    @contextlib.contextmanager
    def running(self):
        """The emulator, for the length of a test; boto3 sessions and clients built once (cached_boto3_sessions)."""
        with mock_aws():
            install()
            self._iam = boto3.client(
                "iam",
                region_name=CONNECTION["region"],
                aws_access_key_id=CONNECTION["access_key"],
                aws_secret_access_key=CONNECTION["secret_key"],
            )
            with cached_boto3_sessions():
                yield self

    def build(self, users=None, virtual_devices=()):
        """Reset the emulator, then make users ({name: [hardware serial numbers enabled for that user]}) and
        virtual_devices ([{"name":, "user": owner or None, "tags": {key: value}}], each enabled for its owner)."""
        reset()
        iam = self._iam
        for user_name, serial_numbers in (users or {}).items():
            iam.create_user(UserName=user_name)
            for serial in serial_numbers:
                iam.enable_mfa_device(
                    UserName=user_name,
                    SerialNumber=serial,
                    AuthenticationCode1=HARDWARE_CODES[0],
                    AuthenticationCode2=HARDWARE_CODES[1],
                )
        for device in virtual_devices:
            tags = [{"Key": key, "Value": value} for key, value in device.get("tags", {}).items()]
            made = iam.create_virtual_mfa_device(
                VirtualMFADeviceName=device["name"], **({"Tags": tags} if tags else {})
            )["VirtualMFADevice"]
            if device.get("user"):
                iam.create_user(UserName=device["user"])
                totp = pyotp.TOTP(made["Base32StringSeed"].decode("ascii"))
                now = time.time()
                iam.enable_mfa_device(
                    UserName=device["user"],
                    SerialNumber=made["SerialNumber"],
                    AuthenticationCode1=totp.at(now),
                    AuthenticationCode2=totp.at(now + totp.interval),
                )

    @contextlib.contextmanager
    def recorded(self):
        """Record every API call (and the created virtual device) while the module runs."""

        def recording_make_api_call(client, operation_name, api_params):
            self.calls.append((operation_name, dict(api_params)))
            answer = _REAL_MAKE_API_CALL(client, operation_name, api_params)
            if operation_name == "CreateVirtualMFADevice":
                self.created = answer["VirtualMFADevice"]
            return answer

        with mock.patch.object(botocore.client.BaseClient, "_make_api_call", recording_make_api_call):
            yield self


_REAL_MAKE_API_CALL = botocore.client.BaseClient._make_api_call


class _CachedSession:
    """Stands in for boto3.session.Session: one real session, and one real client per set of client arguments.

    Building a botocore client takes tens of milliseconds, mostly reading the IAM model; the modules'
    own code (iam_client, AnsibleAWSModule.client, the retry wrapper) still runs for every example.
    """

    _session = None
    _clients: dict = {}

    def __init__(self, profile_name=None, **_kwargs):
        if _CachedSession._session is None:
            _CachedSession._session = _REAL_SESSION()
        self.profile_name = profile_name

    def client(self, service_name, **kwargs):
        config = kwargs.pop("config", None)
        key = (service_name, json.dumps(kwargs, sort_keys=True, default=str))
        if key not in self._clients:
            self._clients[key] = self._session.client(service_name, config=config, **kwargs)
        return self._clients[key]


_REAL_SESSION = boto3.session.Session


@contextlib.contextmanager
def cached_boto3_sessions():
    with mock.patch("boto3.session.Session", _CachedSession):
        yield


# ---------------------------------------------------------------------------------------------
# Running a module
# ---------------------------------------------------------------------------------------------


class Outcome:
    def __init__(self, stdout: str, result, exception, calls: list):
        self.stdout = stdout
        self.result = result
        self.exception = exception
        self.calls = calls

    @property
    def failed(self) -> bool:
        return bool(self.result and self.result.get("failed"))

    @property
    def msg(self) -> str:
        return str((self.result or {}).get("msg", ""))


def run_module(main, args: dict, account: EmulatedAccount, world: dict) -> Outcome:
    """Build the account's world, then run main() with args (connection options added); a clean end is SystemExit
    with a JSON result on stdout."""
    account.build(**world)
    account.calls = []
    account.created = None
    stdout = io.StringIO()
    exception = None
    with patch_module_args(dict(CONNECTION, **args)), account.recorded(), contextlib.redirect_stdout(stdout):
        try:
            main()
        except SystemExit:
            pass
        except Exception as error:  # pylint: disable=broad-exception-caught
            exception = error
    text = stdout.getvalue()
    result = None
    if exception is None:
        try:
            result = json.loads(text)
        except ValueError as error:
            exception = error
    return Outcome(text, result, exception, list(account.calls))


# ---------------------------------------------------------------------------------------------
# Hostile values
# ---------------------------------------------------------------------------------------------

# Printable and control characters of every plane; no lone surrogates (module arguments arrive as UTF-8 JSON).
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))
CONTROL_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from(
    "\x7f\x85\u2028\u2029\ufeff\u200b"
)

# Characters next to the allowed ones: ASCII punctuation and space, other scripts' letters and digits that
# Python's \w and \d accept, letters whose upper or lower case is ASCII, and invisible ones.
TRICKY_CHARACTER = st.sampled_from(
    " \t\n\x00!\"#$%&'()*;<>?[\\]^`{|}~/:é\u00df\u0131\u017f\u212a\u0660\u0661\uff11\u00b2\u00a0\u200b\u0430\u03b1\U0001d7ce"
)


def near_valid_text(alphabet: str, min_size: int, max_size: int):
    """Strings of an option's own alphabet around its length bounds, sometimes with one foreign character."""
    base = st.text(alphabet=alphabet, min_size=max(0, min_size - 2), max_size=max_size + 3)
    return base | st.builds(
        lambda text, position, bad: text[:position] + bad + text[position:],
        base,
        st.integers(min_value=0, max_value=max_size),
        TRICKY_CHARACTER | ANY_CHARACTER | CONTROL_CHARACTER,
    )


def scalars():
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=-1, max_value=10_000_000),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(ANY_CHARACTER, max_size=40),
        st.text(ANY_CHARACTER | CONTROL_CHARACTER, max_size=20),
        st.text(ANY_CHARACTER, min_size=500, max_size=3000),
    )


def containers():
    return st.recursive(
        scalars(),
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(st.text(ANY_CHARACTER, max_size=10), children, max_size=4)
        ),
        max_leaves=8,
    )


def arn(name_strategy):
    return st.builds(lambda name: f"arn:aws:iam::ACCOUNT:mfa/{name}", name_strategy)


def hostile(*specific):
    """Arbitrary values of any JSON type, mixed with the option's own near-valid values."""
    return st.one_of(containers(), *specific)


# ---------------------------------------------------------------------------------------------
# Oracles: the IAM API model (2010-05-08) and Ansible's argument conversion
# ---------------------------------------------------------------------------------------------

NOT_GIVEN = object()  # Ansible gets None and treats the option as not set.
REJECTED = object()

USER_NAME_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+=,.@-"
SERIAL_ALPHABET = USER_NAME_ALPHABET + "/:"
BOOLEANS_TRUE = {"y", "yes", "on", "1", "true", "t"}
BOOLEANS_FALSE = {"n", "no", "off", "0", "false", "f"}


def ansible_str(value):
    """A type: str option as Ansible converts it: strings as they are, other scalars (and containers) as their text."""
    if value is None:
        return NOT_GIVEN
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


def ansible_bool(value):
    """A type: bool option as Ansible converts it (yes/no/on/off/true/false/1/0/y/n/t/f, 1, 0)."""
    if value is None:
        return REJECTED  # ansible-core 2.19 refuses a null for a bool option with a default
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.lower().strip()
        if text in BOOLEANS_TRUE:
            return True
        if text in BOOLEANS_FALSE:
            return False
        return REJECTED
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    return REJECTED


def ansible_choice(value, choices):
    """A type: str option with choices and a default: since ansible-core 2.19 a null is converted to "", which no choice is."""
    text = "" if value is None else ansible_str(value)
    return text if text in choices else REJECTED


def iam_text(value, alphabet: str, min_length: int, max_length: int):
    if value is NOT_GIVEN or value is REJECTED:
        return value
    if not min_length <= len(value) <= max_length or any(character not in alphabet for character in value):
        return REJECTED
    return value


def user_name(value):
    """existingUserNameType: 1 to 128 of [A-Za-z0-9_+=,.@-] (ASCII)."""
    return iam_text(ansible_str(value), USER_NAME_ALPHABET, 1, 128)


def serial_number(value):
    """serialNumberType: 9 to 256 of [A-Za-z0-9_+=/:,.@-] (ASCII)."""
    return iam_text(ansible_str(value), SERIAL_ALPHABET, 9, 256)


def virtual_device_name(value):
    """virtualMFADeviceName [A-Za-z0-9_+=,.@-]+, at most 226 so that the serial number stays within 256."""
    return iam_text(ansible_str(value), USER_NAME_ALPHABET, 1, 226)


def iam_path(value):
    """pathType: / alone, or / + printable ASCII without space + /, at most 512."""
    text = "" if value is None else ansible_str(value)  # a null becomes "" (option with a default, ansible-core 2.19)
    if text == "/" or (re.fullmatch("/[!-~]+/", text) and len(text) <= 512):
        return text
    return REJECTED


def iam_refuses_path(path: str) -> bool:
    """Whether IAM itself refuses a path that pathType's pattern allows: one with an empty segment ("//").

    IAM answers it ValidationError, "The specified value for path is invalid. It must begin and end with /
    and contain only alphanumeric characters and/or / characters." (moto's test_create_virtual_mfa_device_errors,
    docs/iam_emulator.md); the module sends it, and fails on IAM's answer.
    """
    return "//" in path


def authentication_code(value):
    """authenticationCodeType: exactly six ASCII digits; an unquoted YAML integer only when it is 100000 to 999999."""
    if value is None:
        return NOT_GIVEN
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if 100000 <= value <= 999999 else REJECTED
    if isinstance(value, str) and re.fullmatch("[0-9]{6}", value, flags=re.ASCII) and len(value) == 6:
        return value
    return REJECTED


def _tag_text_ok(text: str, min_length: int, max_length: int) -> bool:
    return min_length <= len(text) <= max_length and all(
        character in "_.:/=+-@" or unicodedata.category(character)[0] in "LZN" for character in text
    )


def _tag_value_text(value):
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)  # numbers as Python writes them: 1.5, 1e+16, inf, nan


def tags(value):
    """tagListType: at most 50 tags, keys 1-128 and values 0-256 of [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]; a type: dict option."""
    from ansible.module_utils.common.validation import check_type_dict  # Ansible's own str -> dict conversion

    if value is None:
        return NOT_GIVEN
    try:
        value = check_type_dict(value)
    except (TypeError, ValueError):
        return REJECTED
    if not isinstance(value, dict) or len(value) > 50:
        return REJECTED
    checked = {}
    for key, tag_value in value.items():
        if not isinstance(key, str) or tag_value is None or isinstance(tag_value, (dict, list)):
            return REJECTED
        if key.lower().startswith("aws:"):  # reserved for AWS
            return REJECTED
        text = _tag_value_text(tag_value)
        if not _tag_text_ok(key, 1, 128) or not _tag_text_ok(text, 0, 256):
            return REJECTED
        checked[key] = text
    return checked


# ---------------------------------------------------------------------------------------------
# Checks and counting
# ---------------------------------------------------------------------------------------------


def no_log_masked(option: str, secret) -> set:
    """The forms the option's name may take in a message once Ansible's no_log has masked a secret value in it.

    Ansible replaces every occurrence of a no_log value in the whole result with ********, so a
    one-character code masks that character in the option name too; that is Ansible's doing.
    """
    forms = {option}
    for leaf in leaves(secret):
        if leaf and leaf in option:
            forms.add(option.replace(leaf, "********"))
    masked = option
    for leaf in sorted(leaves(secret), key=len, reverse=True):
        if leaf:
            masked = masked.replace(leaf, "********")
    forms.add(masked)
    return forms


def leaves(value) -> set:
    """The texts of a value's string and number leaves, which Ansible masks as no_log values."""
    if isinstance(value, dict):
        return set().union(*(leaves(item) for item in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(leaves(item) for item in value)) if value else set()
    if value is None or isinstance(value, bool):
        return set()
    return {str(value)}


# ansible-core logs a module's arguments that are not no_log to syslog before the module's own
# code runs. On Python 3.12 and later syslog refuses a NUL character, so ansible-core fails the task
# itself, with this message, before the module can name the option (the module makes no call).
CORE_SYSLOG_NUL_REFUSAL = "Failed to log to syslog (embedded null character)."
CORE_REFUSES_NUL_ARGUMENTS = sys.version_info >= (3, 12)


def refused_by_core_before_module(outcome: Outcome, value) -> bool:
    """Whether ansible-core refused value itself, as it does for a NUL character (see above)."""
    return (
        CORE_REFUSES_NUL_ARGUMENTS
        and isinstance(value, str)
        and "\x00" in value
        and outcome.msg.startswith(CORE_SYSLOG_NUL_REFUSAL)
    )


def assert_clean_failure(outcome: Outcome, option: str, secret=None, value=None):
    """A rejection: fail_json naming the option (or ansible-core's own refusal of a NUL), no AWS call."""
    assert outcome.exception is None, f"traceback: {outcome.exception!r}"
    assert outcome.failed, f"accepted: {outcome.stdout[:500]}"
    assert outcome.calls == [], f"API calls made for rejected input: {outcome.calls}"
    if secret is None and refused_by_core_before_module(outcome, value):
        return
    names = no_log_masked(option, secret) if secret is not None else {option}
    assert any(name in outcome.msg for name in names), f"message does not name {option}: {outcome.msg!r}"


NO_LOG_MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def assert_not_echoed(outcome: Outcome, option: str, value):
    """A code must not come back, in whole or in part.

    The invocation Ansible adds must show the option masked (or null when it was null). The rest of
    the result must contain neither the JSON-quoted value nor, for four characters or more, its text
    (shorter texts match ordinary words by accident).
    """
    if outcome.result is None:
        return
    result = dict(outcome.result)
    shown = result.pop("invocation", {}).get("module_args", {}).get(option)
    if value is None or value == "":
        assert shown == value, f"invocation shows {shown!r} for {value!r}"
    else:
        # Ansible masks the code's own leaves everywhere, the mask that replaced a rejected code included.
        masked_mask = remove_values(NO_LOG_MASK, {leaf for leaf in leaves(value) if leaf})
        assert shown in (NO_LOG_MASK, masked_mask), f"invocation shows the code as {json.dumps(shown)[:200]}"
    # The advice on unquoted codes quotes a fixed example, which is not the code: "1234" is in "012345".
    rest = json.dumps(result).replace(json.dumps(QUOTED_CODE_EXAMPLE)[1:-1], "")
    if value is None or isinstance(value, bool):
        return
    quoted = json.dumps(value)
    assert len(quoted) < 4 or quoted not in rest, f"code echoed back as {quoted[:200]}"
    text = json.dumps(str(value))[1:-1]
    assert len(text) < 4 or text not in rest, "code echoed back in the text"


class Counter:
    """Examples per (module, option): total, valid, rejected, and API calls made for rejected input."""

    figures: dict = {}

    @classmethod
    def count(cls, module: str, option: str, valid: bool, outcome: Outcome) -> None:
        row = cls.figures.setdefault(
            f"{module} {option}", {"examples": 0, "valid": 0, "rejected": 0, "calls_on_rejected": 0}
        )
        row["examples"] += 1
        row["valid" if valid else "rejected"] += 1
        if not valid:
            row["calls_on_rejected"] += len(outcome.calls)

    @classmethod
    def save(cls, module: str, option: str) -> dict:
        row = cls.figures.get(f"{module} {option}")
        path = os.environ.get("PROPERTY_STATS_FILE")
        if path and row:
            with open(path, "a", encoding="utf-8") as stats:
                stats.write(json.dumps(dict(module=module, option=option, **row)) + "\n")
        return row


def check_example(
    module: str, option: str, main, args: dict, account: EmulatedAccount, world: dict, expected, secret=False
):
    """Run one example from world (EmulatedAccount.build) and hold the property; expected is None for a rejection, else
    (calls, fails)."""
    value = args[option]
    outcome = run_module(main, args, account, world)
    Counter.count(module, option, expected is not None, outcome)
    assert outcome.exception is None, f"traceback: {outcome.exception!r}"
    if secret:
        assert_not_echoed(outcome, option, value)
    if expected is None:
        assert_clean_failure(outcome, option, value if secret else None, value=value)
        return outcome
    calls, fails = expected
    assert outcome.calls == calls, f"valid input: expected {calls}, made {outcome.calls}; result {outcome.stdout[:400]}"
    assert outcome.failed == fails, f"valid input: failed={outcome.failed}, expected {fails}: {outcome.msg[:400]}"
    return outcome
