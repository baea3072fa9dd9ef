# -*- coding: utf-8 -*-
# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Hostile and wrong input for the mfaops.aws.totp lookup: at least 2,000 generated values per term or option.

Either the value is valid and the lookup returns codes of the right shape, or it raises AnsibleError
naming the option (or the term's position), never another exception and never the seed.
"""

from __future__ import annotations

import base64
import re

import pytest
from ansible_collections.mfaops.aws.tests.unit.plugins import property_support as ps
from hypothesis import given
from hypothesis import strategies as st

from ansible.errors import AnsibleError
from ansible.plugins.loader import lookup_loader

PLUGIN = "totp"
SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # 20 bytes
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
KEYS = st.binary(min_size=1, max_size=48).map(lambda raw: base64.b32encode(raw).decode("ascii"))
SEEDS = ps.hostile(
    KEYS,
    KEYS.map(lambda seed: seed.lower().rstrip("=")),
    KEYS.map(lambda seed: " ".join(seed[i : i + 4] for i in range(0, len(seed), 4))),
    ps.near_valid_text(BASE32 + BASE32.lower() + "= 018", 1, 60),
)
INTEGERS = st.one_of(
    st.integers(min_value=-20, max_value=20),
    st.integers(),
    st.sampled_from(["7", " 8 ", "+1", "-1", "1.0", "six", "", "\u0667"]),
)
STRATEGIES = {
    "seed": SEEDS,
    "count": ps.hostile(INTEGERS),
    "offset": ps.hostile(INTEGERS, st.integers(min_value=-(2**70), max_value=2**70)),
    "digits": ps.hostile(INTEGERS),
    "period": ps.hostile(INTEGERS),
    "algorithm": ps.hostile(st.sampled_from(["sha1", "SHA256", " sha512 ", "md5", "sha-1", "", "sha1\x00"])),
}
RANGES = {"count": (1, 10), "offset": (None, None), "digits": (6, 8), "period": (1, None)}


def option_value(name: str, value):
    """The option's value as the documentation allows it, or REJECTED."""
    if name == "algorithm":
        return (
            value.strip().lower()
            if isinstance(value, str) and value.strip().lower() in ("sha1", "sha256", "sha512")
            else ps.REJECTED
        )
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9]+\s*", value, flags=re.ASCII):
        number = int(value)
    else:
        return ps.REJECTED
    low, high = RANGES[name]
    if (low is not None and number < low) or (high is not None and number > high):
        return ps.REJECTED
    return number


def seed_ok(value):
    """True for a valid base32 seed (spaces and '=' padding ignored); None when pyotp may still refuse it as too short."""
    if not isinstance(value, str):
        return False
    seed = re.sub(r"\s+", "", value).rstrip("=")
    if not seed or not seed.isascii() or re.fullmatch("[A-Z2-7]+", seed.upper()) is None or len(seed) % 8 in (1, 3, 6):
        return False
    return True if len(seed) * 5 // 8 >= 14 else None


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_hostile_values(name):
    lookup = lookup_loader.get("mfaops.aws.totp")
    ps.Counter.figures.pop(f"{PLUGIN} {name}", None)

    @ps.PROPERTY_SETTINGS
    @given(value=STRATEGIES[name])
    def holds(value):
        terms, options = ([value], {}) if name == "seed" else ([SEED], {name: value})
        valid = seed_ok(value) if name == "seed" else option_value(name, value) is not ps.REJECTED
        error = codes = None
        try:
            codes = lookup.run(terms, variables={}, **options)
        except AnsibleError as raised:
            error = raised
        # any other exception propagates: a traceback fails the property
        ps.Counter.count(PLUGIN, name, bool(valid), ps.Outcome("", None, None, []))
        if name == "seed" and isinstance(value, list):
            # query('mfaops.aws.totp', [seed1, seed2]) flattens a list of seeds into terms
            if error is not None:
                text = str(error)
                assert "term" in text, text
                for leaf in ps.leaves(value):
                    assert len(leaf) < 4 or leaf not in text, "a seed is in the error"
            return
        if name == "seed":
            if error is not None:
                text = str(error)
                assert "term 1" in text, text
                for form in {value, re.sub(r"\s+", "", value).rstrip("=")} if isinstance(value, str) else ():
                    assert len(form) < 4 or form not in text, "the seed is in the error"
                assert valid is not True, f"valid seed refused: {text}"
                assert valid is False or "too short" in text, text
            else:
                assert valid is not False, "invalid seed accepted"
                assert len(codes) == 1 and re.fullmatch("[0-9]{6}", codes[0])
            return
        if valid:
            # a huge offset can still reach before the epoch or past the last time step
            assert error is None or (name == "offset" and "'offset'" in str(error)), str(error)
            if error is None:
                count = option_value("count", value) if name == "count" else 1
                digits = option_value("digits", value) if name == "digits" else 6
                assert len(codes) == count and all(re.fullmatch(f"[0-9]{{{digits}}}", code) for code in codes)
        else:
            assert error is not None, f"{name}={value!r} accepted"
            assert f"'{name}'" in str(error), str(error)
            assert SEED not in str(error)

    holds()
    row = ps.Counter.save(PLUGIN, name)
    assert row["examples"] >= 2000, row
