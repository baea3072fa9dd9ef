"""Offline stand-in for the get-pip.py script that ansible-test downloads.

ansible-test bootstraps pip into the virtual environments it creates by running
``~/.ansible/test/cache/get_pip_<version>.py`` and downloads that script from the
internet when it is missing.  tests/utils/install_offline_get_pip.py installs this
file under that name instead, so no download is needed.

It is run by ansible-test through runpy with arguments such as::

    --disable-pip-version-check pip==24.2 --no-setuptools --no-wheel

It installs the pip bundled with Python (ensurepip) and then lets that pip
install the requested packages from the configured package index.
"""

from __future__ import annotations

import ensurepip
import os
import subprocess
import sys

# get-pip.py options that pip itself does not know.
GET_PIP_ONLY_OPTIONS = ("--no-setuptools", "--no-wheel")


def run_pip(*args: str) -> None:
    """Run pip from the current interpreter and exit if it fails."""
    command = [sys.executable, "-m", "pip"] + list(args)
    result = subprocess.run(command, check=False)

    if result.returncode != 0:
        sys.exit(result.returncode)


def main() -> None:
    """Bootstrap pip from ensurepip, then install what get-pip.py was asked for."""
    arguments = sys.argv[1:]
    pip_arguments = [arg for arg in arguments if arg not in GET_PIP_ONLY_OPTIONS]

    # ensurepip deletes every PIP_* variable and points PIP_CONFIG_FILE at os.devnull
    # in this process; keep a copy so that the real install sees the pip configuration.
    saved_environment = dict(os.environ)

    try:
        ensurepip.bootstrap(upgrade=True)
    finally:
        os.environ.clear()
        os.environ.update(saved_environment)

    # On Python < 3.12 ensurepip also installs setuptools, which get-pip.py leaves out when asked to.
    if "--no-setuptools" in arguments:
        run_pip("uninstall", "--yes", "--quiet", "--disable-pip-version-check", "setuptools")

    if pip_arguments:
        run_pip("install", *pip_arguments)


if __name__ == "__main__":
    main()
