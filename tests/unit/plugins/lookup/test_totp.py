# -*- coding: utf-8 -*-
# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests for the mfaops.aws.totp lookup plugin."""

from __future__ import annotations

import base64
import binascii
import hashlib
import sys

import pytest
from ansible_collections.mfaops.aws.plugins.lookup import totp as totp_module
from ansible_collections.mfaops.aws.plugins.lookup.totp import LookupModule
from ansible_collections.mfaops.aws.plugins.module_utils import totp_codes
from ansible_collections.mfaops.aws.tests.unit.plugins.hidden_imports import load_without

from ansible.errors import AnsibleError
from ansible.plugins.loader import lookup_loader
from ansible.utils.display import Display

try:
    import pyotp
except ImportError as exc:  # fail loudly: a skipped run would hide that nothing was tested
    raise ImportError("The mfaops.aws.totp unit tests need pyotp; list it in tests/unit/requirements.txt.") from exc


def b32(raw):
    return base64.b32encode(raw).decode("ascii")


# RFC 6238 appendix B: the SHA-1 key is the ASCII string "12345678901234567890"; the SHA-256 and
# SHA-512 keys are the same digits repeated to 32 and 64 bytes (as in the RFC's reference code).
RFC_KEYS = {
    "sha1": b"12345678901234567890",
    "sha256": b"12345678901234567890123456789012",
    "sha512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
RFC_SEEDS = {algorithm: b32(key) for algorithm, key in RFC_KEYS.items()}
SEED = RFC_SEEDS["sha1"]  # GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ

# RFC 6238 appendix B, table of test vectors: (time, algorithm, eight digit TOTP).
RFC_VECTORS = [
    (59, "sha1", "94287082"),
    (59, "sha256", "46119246"),
    (59, "sha512", "90693936"),
    (1111111109, "sha1", "07081804"),
    (1111111109, "sha256", "68084774"),
    (1111111109, "sha512", "25091201"),
    (1111111111, "sha1", "14050471"),
    (1111111111, "sha256", "67062674"),
    (1111111111, "sha512", "99943326"),
    (1234567890, "sha1", "89005924"),
    (1234567890, "sha256", "91819424"),
    (1234567890, "sha512", "93441116"),
    (2000000000, "sha1", "69279037"),
    (2000000000, "sha256", "90698825"),
    (2000000000, "sha512", "38618901"),
    (20000000000, "sha1", "65353130"),
    (20000000000, "sha256", "77737706"),
    (20000000000, "sha512", "47863826"),
]

# A moment near the end of a 30 s period: 1111111109 is in time step 37037036, which ends at 1111111110.
NEAR_BOUNDARY = 1111111109
# A moment in the middle of a period.
MID_PERIOD = 1700000015


class FakeClock:  # pylint: disable=too-few-public-methods
    """Stands in for the time module inside the plugin; counts the readings."""

    def __init__(self, *readings):
        self._readings = list(readings)
        self.calls = 0

    def time(self):
        value = self._readings[min(self.calls, len(self._readings) - 1)]
        self.calls += 1
        return value


@pytest.fixture
def clock(monkeypatch):
    def set_clock(*readings):
        fake = FakeClock(*readings)
        monkeypatch.setattr(totp_module, "time", fake)
        return fake

    return set_clock


@pytest.fixture
def lookup():
    plugin = lookup_loader.get("mfaops.aws.totp")
    assert plugin is not None, "ansible could not load mfaops.aws.totp; is the collection on the collections path?"
    # The plugin must come from the module that the tests patch.
    assert sys.modules[type(plugin).__module__] is totp_module
    assert isinstance(plugin, LookupModule)
    return plugin


def pyotp_code(seed, when, digits=6, digest=hashlib.sha1, interval=30):
    """The code that pyotp's own TOTP class gives, as an independent reference."""
    return pyotp.TOTP(seed, digits=digits, digest=digest, interval=interval).at(when)


def assert_secret_free(message, *secrets):
    """No secret, nor any 5 character piece of it (ignoring case and spaces), may be in message."""
    text = message.upper().replace(" ", "")
    for secret in secrets:
        piece_source = "".join(str(secret).upper().split()).rstrip("=")
        if not piece_source:
            continue  # an empty or blank seed has nothing to leak
        assert piece_source not in text
        for start in range(len(piece_source) - 4):
            assert piece_source[start : start + 5] not in text, "part of the seed appears in the error message"


def assert_not_chained(error):
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__


# --- correct codes -------------------------------------------------------------------------------


@pytest.mark.parametrize("when, algorithm, expected", RFC_VECTORS)
def test_rfc6238_vectors(lookup, clock, when, algorithm, expected):
    clock(when)
    assert lookup.run([RFC_SEEDS[algorithm]], variables={}, digits=8, algorithm=algorithm) == [expected]


@pytest.mark.parametrize("when, algorithm, expected", RFC_VECTORS)
def test_six_digits_are_the_last_six_of_the_rfc_value(lookup, clock, when, algorithm, expected):
    # Truncation is code mod 10**digits, so the six digit code is the last six of the eight digit one.
    clock(when)
    assert lookup.run([RFC_SEEDS[algorithm]], variables={}, algorithm=algorithm) == [expected[-6:]]


def test_defaults_are_those_of_an_aws_virtual_mfa_device(lookup, clock):
    clock(MID_PERIOD)
    result = lookup.run([SEED], variables={})
    assert result == [pyotp_code(SEED, MID_PERIOD)]
    assert result == [pyotp.TOTP(SEED).at(MID_PERIOD)]  # pyotp's defaults: SHA-1, 6 digits, 30 s


def test_leading_zero_is_kept(lookup, clock):
    # RFC 6238 gives 07081804 at 1111111109 for SHA-1, so the six digit code there is 081804.
    clock(NEAR_BOUNDARY)
    (code,) = lookup.run([SEED], variables={})
    assert isinstance(code, str)
    assert code == "081804"
    (code8,) = lookup.run([SEED], variables={}, digits=8)
    assert code8 == "07081804"


@pytest.mark.parametrize("when", [MID_PERIOD, NEAR_BOUNDARY, 59, 1234567890])
def test_two_consecutive_codes_match_pyotp(lookup, clock, when):
    clock(when)
    codes = lookup.run([SEED], variables={}, count=2)
    assert codes == [pyotp_code(SEED, when), pyotp_code(SEED, when + 30)]
    assert codes[0] != codes[1]
    assert all(isinstance(code, str) and len(code) == 6 and code.isdigit() for code in codes)


def test_two_codes_across_a_period_boundary_are_consecutive(lookup, clock):
    # 1111111109 is the last second of its step; the RFC gives the next step's value at 1111111111.
    clock(NEAR_BOUNDARY)
    assert lookup.run([SEED], variables={}, count=2, digits=8) == ["07081804", "14050471"]


def test_count_gives_that_many_consecutive_codes(lookup, clock):
    clock(MID_PERIOD)
    codes = lookup.run([SEED], variables={}, count=10)
    assert codes == [pyotp_code(SEED, MID_PERIOD + 30 * step) for step in range(10)]


def test_clock_is_read_once_per_call(lookup, clock):
    # Were the clock read again for the second code or the second seed, it would be in a later period.
    fake = clock(NEAR_BOUNDARY, NEAR_BOUNDARY + 31, NEAR_BOUNDARY + 62)
    codes = lookup.run([SEED, SEED], variables={}, count=2)
    assert fake.calls == 1
    expected = [pyotp_code(SEED, NEAR_BOUNDARY), pyotp_code(SEED, NEAR_BOUNDARY + 30)]
    assert codes == expected + expected


def test_fractional_time_uses_the_current_step(lookup, clock):
    clock(NEAR_BOUNDARY + 0.999)
    assert lookup.run([SEED], variables={}, digits=8) == ["07081804"]


@pytest.mark.parametrize("offset", [1, 2, -1, -5])
def test_offset_moves_by_whole_periods(lookup, clock, offset):
    clock(MID_PERIOD)
    assert lookup.run([SEED], variables={}, offset=offset) == [pyotp_code(SEED, MID_PERIOD + 30 * offset)]


def test_offset_one_is_the_second_of_two_codes(lookup, clock):
    clock(MID_PERIOD)
    two = lookup.run([SEED], variables={}, count=2)
    next_one = lookup.run([SEED], variables={}, offset=1)
    assert next_one == two[1:]


def test_offset_with_count(lookup, clock):
    clock(MID_PERIOD)
    assert lookup.run([SEED], variables={}, offset=-1, count=3) == [
        pyotp_code(SEED, MID_PERIOD - 30),
        pyotp_code(SEED, MID_PERIOD),
        pyotp_code(SEED, MID_PERIOD + 30),
    ]


def test_period(lookup, clock):
    clock(MID_PERIOD)
    codes = lookup.run([SEED], variables={}, period=60, count=2)
    assert codes == [pyotp_code(SEED, MID_PERIOD, interval=60), pyotp_code(SEED, MID_PERIOD + 60, interval=60)]


def test_rfc_vector_with_period_and_offset(lookup, clock):
    # 59 s with a 10 s period is step 5; offset -4 reaches step 1, the step of the RFC's 59 s vector at 30 s.
    clock(59)
    assert lookup.run([SEED], variables={}, period=10, offset=-4, digits=8) == ["94287082"]


@pytest.mark.parametrize("digits", [6, 7, 8])
def test_digits(lookup, clock, digits):
    clock(1234567890)
    (code,) = lookup.run([SEED], variables={}, digits=digits)
    assert code == "89005924"[-digits:]


def test_options_given_as_strings_are_accepted(lookup, clock):
    # Jinja2 and YAML may hand over numbers as strings.
    clock(NEAR_BOUNDARY)
    assert lookup.run([SEED], variables={}, count="2", digits="8", offset="0", period="30") == ["07081804", "14050471"]


@pytest.mark.parametrize("algorithm", ["SHA256", "Sha256", " sha256 "])
def test_algorithm_case_is_ignored(lookup, clock, algorithm):
    clock(59)
    assert lookup.run([RFC_SEEDS["sha256"]], variables={}, digits=8, algorithm=algorithm) == ["46119246"]


# --- seed formats --------------------------------------------------------------------------------


def spaced(seed, group=4):
    return " ".join(seed[start : start + group] for start in range(0, len(seed), group))


@pytest.mark.parametrize(
    "form",
    [
        SEED,
        SEED.lower(),
        spaced(SEED),
        spaced(SEED.lower()),
        "  " + spaced(SEED, 8) + "\n",
        spaced(SEED).replace(" ", "\u00a0"),  # no-break spaces
        SEED[:16].lower() + SEED[16:],
        SEED + "========",
    ],
)
def test_seed_forms_give_the_same_codes(lookup, clock, form):
    clock(NEAR_BOUNDARY)
    assert lookup.run([form], variables={}, digits=8) == ["07081804"]


def test_unpadded_seed(lookup, clock):
    padded = RFC_SEEDS["sha256"]
    assert padded.endswith("====")  # 32 bytes need padding in base32
    unpadded = padded.rstrip("=")
    clock(59)
    for form in (padded, unpadded, unpadded.lower(), spaced(unpadded)):
        assert lookup.run([form], variables={}, digits=8, algorithm="sha256") == ["46119246"]


def test_aws_length_seed(lookup, clock):
    # AWS virtual MFA devices have 40 byte keys, shown as 64 base32 characters.
    seed = b32(bytes(range(40)))
    assert len(seed) == 64
    clock(MID_PERIOD)
    assert lookup.run([spaced(seed.lower())], variables={}, count=2) == [
        pyotp_code(seed, MID_PERIOD),
        pyotp_code(seed, MID_PERIOD + 30),
    ]


def test_several_seeds_give_their_codes_in_order(lookup, clock):
    other = b32(b"another seed of 20 b")
    clock(MID_PERIOD)
    expected = [
        pyotp_code(SEED, MID_PERIOD),
        pyotp_code(SEED, MID_PERIOD + 30),
        pyotp_code(other, MID_PERIOD),
        pyotp_code(other, MID_PERIOD + 30),
    ]
    assert lookup.run([SEED, other], variables={}, count=2) == expected
    # query('mfaops.aws.totp', [seed1, seed2]) hands the list over as one term.
    assert lookup.run([[SEED, other]], variables={}, count=2) == expected
    assert lookup.run([other, SEED], variables={}, count=2) == expected[2:] + expected[:2]


# --- bad seeds -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "seed, problem",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("====", "empty"),
        ("GEZDGNBVGY3TQOJQ1EZDGNBVGY3TQOJQ", "base32"),  # 1 is not a base32 digit
        ("GEZDGNBVGY3TQOJQ0EZDGNBVGY3TQOJQ", "base32"),
        ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ8", "base32"),
        ("GEZDGNBV-GY3TQOJQ-GEZDGNBV-GY3TQOJQ", "base32"),
        ("GEZDGNBVGY3TQOJQ=GEZDGNBVGY3TQOJQ", "base32"),
        ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQG", "base32"),  # 33 characters: no whole number of bytes
        ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQO", "base32"),  # 30 characters
        ("otpauth://totp/AWS:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "base32"),
        ("GEZDGNBVGY3TQOJQ\u00c9EZDGNBVGY3TQOJQ", "base32"),
        # Letters that str.upper() turns into ASCII base32 letters are still not base32.
        ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQO\u00df", "base32"),  # sharp s, upper-cased 'SS'
        ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ\u0131", "base32"),  # dotless i, upper-cased 'I'
        ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQO\ufb00", "base32"),  # ligature ff, upper-cased 'FF'
    ],
)
def test_bad_seed_error_names_the_problem_but_not_the_seed(lookup, clock, seed, problem):
    clock(MID_PERIOD)
    with pytest.raises(AnsibleError) as caught:
        lookup.run([seed], variables={})
    message = str(caught.value)
    assert problem in message
    assert "term 1" in message
    assert_secret_free(message, seed)
    assert_secret_free(repr(caught.value), seed)
    assert_not_chained(caught.value)


@pytest.mark.parametrize(
    "seed, type_name",
    [
        (None, "not null"),
        (123456, "not an integer"),
        (1.5, "not a number with a fractional part"),
        (True, "not a boolean"),
        (b"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "not bytes"),
        ({"seed": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}, "not a dictionary"),
    ],
)
def test_seed_that_is_not_a_string(lookup, clock, seed, type_name):
    clock(MID_PERIOD)
    with pytest.raises(AnsibleError) as caught:
        lookup.run([seed], variables={})
    message = str(caught.value)
    assert "must be a base32 string" in message
    assert type_name in message
    assert_secret_free(message, SEED, "123456")
    assert_not_chained(caught.value)


def tagged(value):
    """value as Ansible hands it to a plugin after templating: a tagged subclass (_AnsibleTaggedInt...), where the core has them."""
    try:
        from ansible._internal._datatag._tags import Origin
        from ansible.module_utils._internal._datatag import AnsibleTagHelper
    except ImportError:  # ansible-core before 2.19 has no tagged types
        return value
    return AnsibleTagHelper.tag(value, [Origin(path="/playbook.yml", line_num=3)])


@pytest.mark.parametrize(
    "value, words", [(8.0, "a number with a fractional part"), (True, "a boolean"), ([2], "a list")]
)
def test_bad_option_of_a_tagged_type_is_told_in_the_users_words(lookup, clock, value, words):
    clock(MID_PERIOD)
    with pytest.raises(AnsibleError) as caught:
        lookup.run([SEED], variables={}, digits=tagged(value))
    message = str(caught.value)
    assert f"got {words}" in message
    assert "_Ansible" not in message and "Tagged" not in message and "float" not in message


@pytest.mark.parametrize("value, words", [(123456, "an integer"), (1.5, "a number with a fractional part")])
def test_seed_of_a_tagged_type_is_told_in_the_users_words(lookup, clock, value, words):
    clock(MID_PERIOD)
    with pytest.raises(AnsibleError) as caught:
        lookup.run([tagged(value)], variables={})
    message = str(caught.value)
    assert f"not {words}" in message
    assert "_Ansible" not in message and "Tagged" not in message


def test_bad_second_seed_is_named_by_position(lookup, clock):
    clock(MID_PERIOD)
    with pytest.raises(AnsibleError) as caught:
        lookup.run([SEED, "GEZD GNBV 1890 QOJQ"], variables={})
    message = str(caught.value)
    assert "term 2" in message
    assert_secret_free(message, SEED, "GEZD GNBV 1890 QOJQ")


def test_short_seed(lookup, clock):
    # An 80 bit key: recent pyotp versions refuse keys under 112 bits, older ones accept them.
    seed = "JBSWY3DPEHPK3PXP"
    clock(MID_PERIOD)
    try:
        expected = pyotp_code(seed, MID_PERIOD)
    except ValueError:
        with pytest.raises(AnsibleError) as caught:
            lookup.run([seed], variables={})
        message = str(caught.value)
        assert "too short" in message
        assert "80 bits" in message
        assert_secret_free(message, seed)
        assert_not_chained(caught.value)
    else:
        assert lookup.run([seed], variables={}) == [expected]


def test_pyotp_error_text_is_not_passed_on(lookup, clock, monkeypatch):
    # Should pyotp ever put the seed into its exception, it must not reach the user.
    class LeakyHOTP:  # pylint: disable=too-few-public-methods
        """A pyotp.HOTP whose error quotes the secret."""

        def __init__(self, secret, **kwargs):
            raise ValueError(f"cannot use secret {secret}")

    monkeypatch.setattr(totp_codes.pyotp, "HOTP", LeakyHOTP)
    clock(MID_PERIOD)
    with pytest.raises(AnsibleError) as caught:
        lookup.run([SEED], variables={})
    assert "rejected by pyotp" in str(caught.value)
    assert_secret_free(str(caught.value), SEED)
    assert_not_chained(caught.value)


def test_decoder_error_text_is_not_passed_on(lookup, clock, monkeypatch):
    # The checks before decoding should catch every bad seed; should the decoder still object, its text stays out.
    def leaky_b32decode(text, *args, **kwargs):
        raise binascii.Error(f"bad base32 {text}")

    monkeypatch.setattr(totp_codes.base64, "b32decode", leaky_b32decode)
    clock(MID_PERIOD)
    with pytest.raises(AnsibleError) as caught:
        lookup.run([SEED], variables={})
    assert "not valid base32" in str(caught.value)
    assert_secret_free(str(caught.value), SEED)
    assert_not_chained(caught.value)


def test_no_seed(lookup, clock):
    clock(MID_PERIOD)
    with pytest.raises(AnsibleError, match="at least one seed"):
        lookup.run([], variables={})


# --- bad options ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options, option, rule",
    [
        ({"count": 0}, "count", "from 1 to 10"),
        ({"count": 11}, "count", "from 1 to 10"),
        ({"count": -2}, "count", "from 1 to 10"),
        ({"count": "two"}, "count", "from 1 to 10"),
        ({"count": 1.5}, "count", "from 1 to 10"),
        ({"count": True}, "count", "from 1 to 10"),
        ({"count": None}, "count", "from 1 to 10"),
        ({"count": [2]}, "count", "from 1 to 10"),
        ({"digits": 5}, "digits", "from 6 to 8"),
        ({"digits": 9}, "digits", "from 6 to 8"),
        ({"digits": 10}, "digits", "from 6 to 8"),
        ({"period": 0}, "period", "1 or more"),
        ({"period": -30}, "period", "1 or more"),
        ({"period": "30s"}, "period", "1 or more"),
        ({"offset": "next"}, "offset", "an integer"),
        ({"offset": False}, "offset", "an integer"),
        ({"offset": 0.5}, "offset", "an integer"),
        ({"algorithm": "md5"}, "algorithm", "sha1, sha256, sha512"),
        ({"algorithm": "sha-1"}, "algorithm", "sha1, sha256, sha512"),
        ({"algorithm": 1}, "algorithm", "sha1, sha256, sha512"),
        ({"seed": SEED}, "seed", "supported options are count, offset, digits, period, algorithm"),
        ({"cuont": 2}, "cuont", "supported options are count, offset, digits, period, algorithm"),
    ],
)
def test_bad_option_names_the_option_and_the_rule(lookup, clock, options, option, rule):
    clock(MID_PERIOD)
    with pytest.raises(AnsibleError) as caught:
        lookup.run([SEED], variables={}, **options)
    message = str(caught.value)
    assert f"'{option}'" in message or f" {option};" in message
    assert rule in message
    assert_secret_free(message, SEED)


def test_offset_before_the_epoch(lookup, clock):
    clock(59)  # step 1
    assert lookup.run([SEED], variables={}, offset=-1, digits=8) == [pyotp.HOTP(SEED, digits=8).at(0)]
    with pytest.raises(AnsibleError, match="'offset'.*before the Unix epoch"):
        lookup.run([SEED], variables={}, offset=-2)


def test_offset_past_the_largest_step(lookup, clock):
    clock(MID_PERIOD)
    with pytest.raises(AnsibleError, match="'offset'"):
        lookup.run([SEED], variables={}, offset=2**64)


# --- secrecy and requirements --------------------------------------------------------------------


def test_nothing_is_displayed(lookup, clock, monkeypatch, capsys):
    shown = []
    for method in ("display", "v", "vv", "vvv", "vvvv", "vvvvv", "vvvvvv", "debug", "verbose", "warning", "deprecated"):
        monkeypatch.setattr(Display, method, lambda self, *args, **kwargs: shown.append((args, kwargs)))
    clock(MID_PERIOD)
    codes = lookup.run([SEED], variables={}, count=2)
    with pytest.raises(AnsibleError):
        lookup.run(["GEZD GNBV 1890 QOJQ"], variables={})
    assert not shown
    captured = capsys.readouterr()
    for secret in [SEED] + codes:
        assert secret not in captured.out
        assert secret not in captured.err


def load_plugin_without_pyotp(monkeypatch):
    return load_without(monkeypatch, totp_module, "pyotp", through=(totp_codes,))


def test_module_imports_without_pyotp(monkeypatch):
    module = load_plugin_without_pyotp(monkeypatch)
    assert module.HAS_PYOTP is False


def test_missing_pyotp_gives_a_clear_error(monkeypatch):
    module = load_plugin_without_pyotp(monkeypatch)
    with pytest.raises(AnsibleError) as caught:
        module.LookupModule().run([SEED], variables={})
    message = str(caught.value)
    assert "pyotp" in message
    assert "pip install pyotp" in message
    assert_secret_free(message, SEED)
