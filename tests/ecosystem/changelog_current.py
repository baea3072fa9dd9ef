"""Warn when CHANGELOG.rst is older than the changelog fragments.

Run by `make changelog-lint` (mk/ecosystem.mk), after antsibull-changelog lint.

Usage: python tests/ecosystem/changelog_current.py

Every fragment in changelogs/fragments/ should be recorded in the current release of
changelogs/changelog.yaml; `make changelog` regenerates it and CHANGELOG.rst.  This
only warns (exit status 0): fragments are added by everyone, the changelog is
regenerated at release time.
"""

from __future__ import annotations

import os

import yaml


def main() -> int:
    with open(os.path.join("changelogs", "changelog.yaml"), encoding="utf-8") as changelog_file:
        changelog = yaml.safe_load(changelog_file)
    recorded = set()
    for release in (changelog.get("releases") or {}).values():
        recorded.update(release.get("fragments") or [])
    fragments_dir = os.path.join("changelogs", "fragments")
    fragments = {name for name in os.listdir(fragments_dir) if name.endswith((".yml", ".yaml"))}
    missing = sorted(fragments - recorded)
    if missing:
        print("WARNING: CHANGELOG.rst does not include {} yet; run `make changelog`".format(", ".join(missing)))
    else:
        print(f"CHANGELOG.rst includes all {len(fragments)} fragments")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
