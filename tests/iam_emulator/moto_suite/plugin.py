# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""pytest plugin: moto's own test suite, run with the IAM emulator installed (run.sh; docs/iam_emulator.md).

install() patches moto's IAM classes before any of moto's tests is collected, so every
mock_aws and server test of moto talks to the emulator's IAM. The moto tests that assert
what IAM does not do are marked strict xfail, each with the reason: the run passes while
exactly those fail, and any other failure, or one of those passing, fails it.
"""

from __future__ import annotations

import pytest

from iam_emulator import install

# moto test (node id under tests/test_iam/) -> why the emulator, like IAM, answers otherwise.
LESS_FAITHFUL_THAN_IAM = {
    "test_iam.py::test_enable_virtual_mfa_device": (
        "enables a virtual device with the made-up codes 234567 and 987654: IAM checks codes against the seed (InvalidAuthenticationCode)"
    ),
    "test_iam.py::test_list_virtual_mfa_devices": (
        "asserts the marker is the string '1': IAM's markers are opaque, and the emulator's carry a check so a made-up one is refused"
    ),
    "test_iam.py::test_create_virtual_mfa_device_errors": (
        'expects moto\'s unformatted message \'Value "{}" at "path"\' for a 513-character path; IAM names the value'
    ),
}


def pytest_configure(config: pytest.Config) -> None:  # pylint: disable=unused-argument
    install()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        reason = LESS_FAITHFUL_THAN_IAM.get(item.nodeid.partition("tests/test_iam/")[2])
        if reason is not None:
            item.add_marker(pytest.mark.xfail(reason=f"moto is less faithful than IAM: {reason}", strict=True))
