# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""How a module ends well: its result, with the diff in diff mode."""

from __future__ import annotations


def exit_with(module, changed: bool, before: dict, after: dict, **result) -> None:
    """Exit with changed and result, and, in diff mode, the diff from before to after (what diff mode shows)."""
    if module._diff:
        result["diff"] = dict(before=before, after=after)
    module.exit_json(changed=changed, **result)
