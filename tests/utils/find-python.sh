#!/usr/bin/env bash
# Print the path of a Python interpreter for the Makefile's virtual environments.
# Called by the Makefile's venv target (unless PYTHON is given) and tests/ecosystem/matrix.sh.
#
# Usage: tests/utils/find-python.sh [VERSION...]   (default: 3.13 3.12 3.14, in that order of preference)
#
# For each VERSION, tries pythonVERSION on PATH, then pyenv's VERSION.x builds (newest
# first); a pyenv shim whose version is not selected fails to run and is passed over.
# Prints nothing and exits 1, with one line on standard error saying what to install,
# when none of the versions is found.
set -uo pipefail

versions=("$@")
[[ ${#versions[@]} -gt 0 ]] || versions=(3.13 3.12 3.14)
pyenv_root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")

works() {
    "$1" -c 'import ssl, sys, venv; print(sys.executable)' 2>/dev/null
}

for version in "${versions[@]}"; do
    candidates=()
    command -v "python$version" >/dev/null && candidates+=("$(command -v "python$version")")
    while IFS= read -r build; do
        candidates+=("$build/bin/python$version")
    done < <(find "$pyenv_root/versions" -mindepth 1 -maxdepth 1 -name "$version.*" 2>/dev/null | sort -rV)
    for candidate in "${candidates[@]}"; do
        # The interpreter's own path, not a shim's.
        if path=$(works "$candidate"); then
            echo "$path"
            exit 0
        fi
    done
done

echo "No Python ${versions[*]} found (tried python${versions[0]} on PATH and pyenv's builds): install" \
    "Python ${versions[0]} (for example 'pyenv install ${versions[0]}' or your system's python${versions[0]}" \
    "package) or name one with 'make PYTHON=/path/to/python${versions[0]}'." >&2
exit 1
