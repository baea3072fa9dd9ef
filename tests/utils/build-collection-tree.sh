#!/usr/bin/env bash
# Build the ansible_collections tree that ansible-test runs in.
# Called by tests/utils/run-ansible-test.sh (make sanity, units, integration) and
# tests/ecosystem/report-browser.sh.
#
# Usage: tests/utils/build-collection-tree.sh VENV BUILD_DIR
#
# ansible-test needs the collection at .../ansible_collections/mfaops/aws/ and
# resolves the real working directory, so a symlink to the repository does not
# work.  This script copies the repository's files (tracked, and untracked but
# not ignored) afresh into BUILD_DIR/collections/ansible_collections/mfaops/aws/
# and links the dependency collections installed in VENV beside it.
#
# Kept across rebuilds: the collection's tests/output/.tmp/delegation, the
# virtual environment that `ansible-test --venv` creates (slow to rebuild).
set -euo pipefail

if [[ $# -ne 2 || -z $1 || -z $2 ]]; then
    echo "usage: $0 VENV BUILD_DIR" >&2
    exit 2
fi

venv=$1
build_dir=$2
repo_root=$(git rev-parse --show-toplevel)
namespace=mfaops
name=aws
# Collections this one depends on (galaxy.yml), as namespace.name.
dependencies=(amazon.aws)

collections_root=$build_dir/collections/ansible_collections
collection_dir=$collections_root/$namespace/$name
kept_venv=$build_dir/kept-delegation-venv
delegation_dir=$collection_dir/tests/output/.tmp/delegation

site_packages=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')

rm -rf "$kept_venv"
if [[ -d $delegation_dir ]]; then
    mv "$delegation_dir" "$kept_venv"
fi
rm -rf "$collections_root"
mkdir -p "$collection_dir"

# List the files NUL-separated, drop ones deleted from the work tree, copy them with tar.
git -C "$repo_root" ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' path; do
        if [[ -e $repo_root/$path || -L $repo_root/$path ]]; then
            printf '%s\0' "$path"
        fi
    done \
    | tar -C "$repo_root" --null --files-from=- -cf - \
    | tar -C "$collection_dir" -xf -

# ansible-test lists the collection's files with git when it finds a .git directory
# in the collection or any parent.  Without a repository of its own the tree would
# be seen through this repository, whose .gitignore hides the whole build
# directory, and every test would be skipped ("All targets skipped").  Index the
# copied files (--force: also any that are tracked here despite .gitignore).
git -C "$collection_dir" init --quiet
git -C "$collection_dir" add --all --force

for dependency in "${dependencies[@]}"; do
    source_dir=$site_packages/ansible_collections/${dependency/.//}
    if [[ ! -d $source_dir ]]; then
        echo "$0: collection $dependency is not installed in $venv (expected $source_dir)" >&2
        exit 1
    fi
    mkdir -p "$collections_root/${dependency%%.*}"
    ln -s "$source_dir" "$collections_root/${dependency/.//}"
done

if [[ -d $kept_venv ]]; then
    mkdir -p "$(dirname "$delegation_dir")"
    mv "$kept_venv" "$delegation_dir"
fi

file_count=$(git -C "$collection_dir" ls-files | wc -l)
echo "Built collection tree: $collection_dir ($file_count files; dependencies: ${dependencies[*]})"
