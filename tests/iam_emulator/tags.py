# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""IAM's rules for the tags of a virtual MFA device, beyond the API model's per-value constraints.

- At most 50 tags on a device: a request that would leave more is LimitExceeded
  (a single request of more than 50 tags is already a ValidationError, see validation.py).
  Replacing the value of a tag the device has does not count as a new tag.
- Keys are case sensitive for virtual MFA devices (unlike for users and roles):
  Env and env are two tags.
- A request may not name a key twice, and keys starting with aws: (in any case) are
  reserved for AWS: both InvalidInput.
"""

from __future__ import annotations

from collections.abc import Mapping

from .errors import InvalidInput
from .errors import LimitExceeded

MAX_TAGS_PER_RESOURCE = 50
RESERVED_KEY_PREFIX = "aws:"


def checked_new_tags(tags: list[dict]) -> list[dict]:
    """The tags of a request, once they pass IAM's rules; InvalidInput otherwise."""
    seen = set()
    for tag in tags:
        key = tag["Key"]
        if key in seen:
            raise InvalidInput(f"Duplicate tag keys found: {key}. Tag keys of a virtual MFA device are case sensitive.")
        if key.lower().startswith(RESERVED_KEY_PREFIX):
            raise InvalidInput(
                f"The tag key {key} is not allowed: keys starting with {RESERVED_KEY_PREFIX} are reserved for AWS."
            )
        seen.add(key)
    return tags


def check_tag_count(current: Mapping[str, str], new_tags: list[dict], resource: str) -> None:
    """LimitExceeded when adding new_tags would leave the resource with more than 50 tags."""
    keys = set(current) | {tag["Key"] for tag in new_tags}
    if len(keys) > MAX_TAGS_PER_RESOURCE:
        raise LimitExceeded(
            f"Cannot add the tags: {resource} would have {len(keys)} tags, and a resource can have at most {MAX_TAGS_PER_RESOURCE}."
        )
