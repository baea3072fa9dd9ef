# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""iam_client() builds no boto3 session that the run does not use (docs/performance.md)."""

from __future__ import annotations

import boto3
import pytest
from ansible_collections.mfaops.aws.plugins.modules.iam_mfa_device_resync import main


@pytest.fixture
def sessions(monkeypatch):
    """Every boto3 session built after the fixture starts, as its profile name."""
    built = []
    real_init = boto3.session.Session.__init__

    def recording_init(session, *args, **kwargs):
        built.append(kwargs.get("profile_name"))
        real_init(session, *args, **kwargs)

    monkeypatch.setattr(boto3.session.Session, "__init__", recording_init)
    return built


def test_region_from_a_config_file_is_read_once(
    iam, enabled_virtual_device, sessions, api_calls, run_module, monkeypatch, tmp_path
):
    device = enabled_virtual_device()
    config = tmp_path / "config"
    config.write_text("[default]\nregion = us-east-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    for variable in ("AWS_REGION", "AWS_DEFAULT_REGION", "EC2_REGION"):
        monkeypatch.delenv(variable, raising=False)
    code_1, code_2 = device.consecutive_codes()
    sessions.clear()
    api_calls.clear()

    run = run_module(
        main,
        dict(
            user_name=device.user_name,
            serial_number=device.serial_number,
            authentication_code_1=code_1,
            authentication_code_2=code_2,
            region=None,
        ),
    )

    assert not run.failed, run.result
    # One session reads the region from the config file, one builds the client: as amazon.aws's
    # module.client() alone does. Reading module.region first made it three.
    assert len(sessions) == 2
    assert [name for name, _params in api_calls] == ["ResyncMFADevice"]
