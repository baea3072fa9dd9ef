# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""TOTP pair checking (mfa_codes), at fixed instants so window edges are exact."""

from __future__ import annotations

import base64

import pyotp
import pytest
from ansible_collections.mfaops.aws.tests.iam_emulator import mfa_codes
from moto.iam.models import VirtualMfaDevice

SEED = pyotp.random_base32()
NOW = 1_700_000_015.0  # halfway through a step
STEP = int(NOW // 30)
TOTP = pyotp.TOTP(SEED)  # pyotp's defaults are IAM's: SHA-1, 6 digits, 30 s


def pair(first_step: int) -> tuple[str, str]:
    return TOTP.at(first_step * 30), TOTP.at((first_step + 1) * 30)


@pytest.mark.parametrize("offset", [-30, -10, -1, 0, 1, 10, 30])
def test_consecutive_codes_starting_within_the_window_are_accepted(offset):
    assert mfa_codes.matching_step(SEED, *pair(STEP + offset), window_steps=30, now=NOW) == STEP + offset
    assert mfa_codes.codes_are_consecutive(SEED, *pair(STEP + offset), window_steps=30, now=NOW)


@pytest.mark.parametrize("offset", [-32, -31, 31, 40, -2880])
def test_consecutive_codes_starting_outside_the_window_are_rejected(offset):
    assert mfa_codes.matching_step(SEED, *pair(STEP + offset), window_steps=30, now=NOW) is None


def test_reversed_codes_are_rejected():
    code_1, code_2 = pair(STEP)
    assert not mfa_codes.codes_are_consecutive(SEED, code_2, code_1, window_steps=30, now=NOW)


def test_codes_two_steps_apart_are_rejected():
    assert not mfa_codes.codes_are_consecutive(
        SEED, TOTP.at(STEP * 30), TOTP.at((STEP + 2) * 30), window_steps=30, now=NOW
    )


def test_the_same_code_twice_is_rejected():
    code = TOTP.at(NOW)
    assert not mfa_codes.codes_are_consecutive(SEED, code, code, window_steps=30, now=NOW)


def test_another_seeds_codes_are_rejected():
    other = pyotp.TOTP(pyotp.random_base32())
    assert not mfa_codes.codes_are_consecutive(SEED, other.at(NOW), other.at(NOW + 30), window_steps=30, now=NOW)


def test_a_window_of_zero_accepts_only_the_pair_starting_now():
    assert mfa_codes.codes_are_consecutive(SEED, *pair(STEP), window_steps=0, now=NOW)
    assert not mfa_codes.codes_are_consecutive(SEED, *pair(STEP - 1), window_steps=0, now=NOW)


def test_non_ascii_codes_are_rejected_without_error():
    assert not mfa_codes.codes_are_consecutive(
        SEED, "\uff11\uff12\uff13\uff14\uff15\uff16", TOTP.at(NOW), window_steps=30, now=NOW
    )


def test_window_comes_from_override_then_environment_then_default(monkeypatch):
    monkeypatch.delenv(mfa_codes.CODE_WINDOW_ENV_VAR, raising=False)
    assert mfa_codes.code_window_steps() == mfa_codes.DEFAULT_CODE_WINDOW_STEPS == 30
    monkeypatch.setenv(mfa_codes.CODE_WINDOW_ENV_VAR, " 4 ")
    assert mfa_codes.code_window_steps() == 4
    assert mfa_codes.code_window_steps(override=7) == 7


@pytest.mark.parametrize("raw", ["abc", "-1", "2881", "1.5", "0x10"])
def test_a_bad_window_in_the_environment_is_refused(monkeypatch, raw):
    monkeypatch.setenv(mfa_codes.CODE_WINDOW_ENV_VAR, raw)
    with pytest.raises(ValueError, match=mfa_codes.CODE_WINDOW_ENV_VAR):
        mfa_codes.code_window_steps()


@pytest.mark.parametrize("steps", [-1, 2881, True, 1.0, "3"])
def test_a_bad_window_override_is_refused(steps):
    with pytest.raises(ValueError):
        mfa_codes.code_window_steps(override=steps)


def test_moto_virtual_device_seeds_are_valid_base32_for_pyotp():
    # If this fails, moto changed its seeds and virtual devices need seeds of the emulator's own.
    for _repeat in range(20):
        seed = VirtualMfaDevice("123456789012", "us-east-1", "/alice").base32_string_seed
        assert len(base64.b32decode(seed)) == 40
        assert mfa_codes.device_totp(seed).now().isdigit()
