"""Install tests/utils/get_pip_offline.py where ansible-test looks for its cached get-pip script.

Called by tests/utils/run-ansible-test.sh before every ansible-test command.

Usage: <venv>/bin/python tests/utils/install_offline_get_pip.py PYTHON_VERSION

Run it with the interpreter that has ansible-test installed: the pip version
that ansible-test bootstraps (and so the cache file name) is read from it.
A cached script that is not this stand-in (a real get-pip.py) is left alone.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import types

MARKER = "Offline stand-in for the get-pip.py script that ansible-test downloads."
STAND_IN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "get_pip_offline.py")
CACHE_DIR = os.path.expanduser("~/.ansible/test/cache")


def bootstrap_pip_version(python_version: str) -> str:
    """Return the pip version that ansible-test bootstraps into virtual environments of the given Python."""
    # pylint: disable-next=import-outside-toplevel
    from ansible_test._internal.python_requirements import get_venv_packages

    return get_venv_packages(types.SimpleNamespace(version=python_version))["pip"]


def main() -> None:
    """Install the stand-in into ansible-test's cache."""
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} PYTHON_VERSION")

    pip_version = bootstrap_pip_version(sys.argv[1])
    cache_path = os.path.join(CACHE_DIR, "get_pip_{}.py".format(pip_version.replace(".", "_")))

    if os.path.exists(cache_path):
        with open(cache_path, encoding="utf-8", errors="replace") as cached:
            if MARKER not in cached.read():
                print(f"Keeping the get-pip script already cached at {cache_path}")
                return

    os.makedirs(CACHE_DIR, exist_ok=True)
    # Write a private temporary file, then rename it: concurrent runs never see half a script.
    descriptor, temp_path = tempfile.mkstemp(dir=CACHE_DIR, prefix=".get_pip_offline-", suffix=".py")
    os.close(descriptor)
    try:
        shutil.copyfile(STAND_IN, temp_path)
        os.chmod(temp_path, 0o644)
        os.replace(temp_path, cache_path)
    except BaseException:
        os.unlink(temp_path)
        raise
    print(f"Installed offline get-pip stand-in for pip {pip_version}: {cache_path}")


if __name__ == "__main__":
    main()
