#!/usr/bin/env bash
# moto's own IAM test suite (tests/test_iam of the installed moto version's sdist) with the
# IAM emulator installed. Nothing of moto is kept in this repository: its sdist is fetched
# from the package index into a scratch directory. See docs/iam_emulator.md.
# Run by `make moto-suite` (mk/moto_suite.mk).
#
# Usage: tests/iam_emulator/moto_suite/run.sh [PYTEST ARG...]
# Environment: MOTO_SUITE_DIR  scratch directory (default /tmp/moto-suite)
#              MOTO_SUITE_VENV virtual environment to create or reuse (default $MOTO_SUITE_DIR/venv)
#              PYTHON          interpreter for a new venv (default python3.13)
#              MOTO_VERSION    moto version whose suite runs (default 5.2.5, the version the emulator patches)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tests_dir=$(cd "$here/../.." && pwd)
scratch=${MOTO_SUITE_DIR:-/tmp/moto-suite}
venv=${MOTO_SUITE_VENV:-$scratch/venv}
version=${MOTO_VERSION:-5.2.5}

mkdir -p "$scratch"
if [[ ! -x $venv/bin/python ]]; then
    "${PYTHON:-python3.13}" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q "moto[server]==$version" "boto3==1.44.5" pytest pyotp freezegun
if [[ ! -d $scratch/moto-$version/tests/test_iam ]]; then
    "$venv/bin/python" -m pip download -q --no-deps --no-binary :all: "moto==$version" -d "$scratch"
    tar -xzf "$scratch/moto-$version.tar.gz" -C "$scratch"
fi

# Only moto's tests directory is on the path: moto itself is the installed package.
suite=$scratch/suite-$version
rm -rf "$suite" && mkdir -p "$suite"
cp -a "$scratch/moto-$version/tests" "$suite/tests"
cp "$scratch/moto-$version/pyproject.toml" "$suite/"
cd "$suite"
PYTHONPATH="$tests_dir:$suite" exec "$venv/bin/python" -m pytest -p iam_emulator.moto_suite.plugin -p no:cacheprovider \
    --color=no -rfEx tests/test_iam "$@"
