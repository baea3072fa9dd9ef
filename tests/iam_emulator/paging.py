# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Marker and MaxItems paging, as IAM's List actions page their results.

A page holds at most MaxItems items (by default 100, as in IAM, or what
set_default_max_items() chose, so that tests can page through a handful of items). When more follow, the answer
has IsTruncated true and a Marker; the next call passes that Marker back to get the
next page. The backend hands the pager its items in a stable order, so a caller
paging through sees every item once.

The marker is the position of the page's first item, with a check that the emulator
made it. IAM's markers are opaque, so callers only ever pass back what they were
given; one the emulator never made ("100", "abc") is refused as IAM refuses it:
ValidationError, "Invalid Marker.", as moto answers. A marker the emulator made that
is now past the end (items were deleted between calls) gives an empty last page.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from typing import TypeVar

from .errors import ValidationError
from .state import installed_state

DEFAULT_MAX_ITEMS = 100

Item = TypeVar("Item")


# Not a secret: the check only tells the emulator's markers from made-up ones, in every process and package copy alike.
_MARKER_KEY = b"mfaops.aws IAM emulator marker"


def _marker(position: int) -> str:
    check = hmac.new(_MARKER_KEY, str(position).encode("ascii"), hashlib.sha256).hexdigest()[:16]
    return f"{position}.{check}"


def _start(marker: str | None) -> int:
    if marker is None:
        return 0
    position = marker.partition(".")[0]
    if not (position.isascii() and position.isdigit()) or not hmac.compare_digest(
        marker.encode("utf-8"), _marker(int(position)).encode("ascii")
    ):
        raise ValidationError("Invalid Marker.")
    return int(position)


def checked_default_max_items(max_items: int, setting: str = "default_max_items") -> int:
    """max_items if it can be a default page size (an int from 1 to 1000, as IAM's MaxItems), else ValueError naming the setting."""
    if isinstance(max_items, bool) or not isinstance(max_items, int) or not 1 <= max_items <= 1000:
        raise ValueError(f"{setting} must be an integer from 1 to 1000, not {max_items!r}")
    return max_items


def default_max_items() -> int:
    """The page size of a List call without MaxItems: the emulator's setting, else IAM's 100."""
    state = installed_state()
    setting = state.default_max_items if state is not None else None
    return DEFAULT_MAX_ITEMS if setting is None else setting


def max_items_limit() -> int | None:
    """The most items a page holds whatever MaxItems asks (the emulator's setting; None: no limit)."""
    state = installed_state()
    return state.max_items_limit if state is not None else None


def page(items: Sequence[Item], marker: str | None, max_items: int | None) -> tuple[list[Item], str | None]:
    """The page of items the marker points at, and the marker of the next page (None on the last page).

    IAM documents that a page may hold fewer items than MaxItems while more follow; the
    max_items_limit setting makes the emulator do so, for tests of callers that ask for 1000.
    """
    size = default_max_items() if max_items is None else max_items
    limit = max_items_limit()
    if limit is not None:
        size = min(size, limit)
    start = _start(marker)
    end = start + size
    next_marker = _marker(end) if end < len(items) else None
    return list(items[start:end]), next_marker


def paged_result(member: str, items: list, next_marker: str | None) -> dict:
    """A List action's result: the items under their member name, IsTruncated, and Marker when truncated."""
    result = {member: items, "IsTruncated": next_marker is not None}
    if next_marker is not None:
        result["Marker"] = next_marker
    return result
