# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""pytest plugin: moto's own test suite, run with the IAM emulator installed (run.sh; docs/iam_emulator.md).

install() patches moto's IAM classes before any of moto's tests is collected, so every
mock_aws and server test of moto talks to the emulator's IAM.
"""

from __future__ import annotations

import pytest

from iam_emulator import install


def pytest_configure(config: pytest.Config) -> None:  # pylint: disable=unused-argument
    install()
