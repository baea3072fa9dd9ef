# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Check the runbook's report files against what the accounts hold.

Usage: python check_report.py REPORT_DIR EXPECTED_JSON

EXPECTED_JSON: {"ACCOUNT_ID": {"USER_NAME": {"console": bool, "types": [...], "findings": [...]}}}
for every account the report must show (and no other). Checks mfa_audit.csv with the csv
module (header, one row per user, values, quoting) and mfa_audit.html with html.parser
(self-contained, the chart's bar per account, one table row per user, non-compliant users
first, every name escaped). Prints what it checked; exits 1 with the differences.
"""

from __future__ import annotations

import csv
import html.parser
import json
import os
import sys

REQUIRED_COLUMNS = ["account_id", "user_name", "console_access", "mfa_active", "mfa_device_types", "findings"]


class Page(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []
        self.tags: list[str] = []
        self.bars: list[str] = []
        self.rows: list[tuple[str, str]] = []  # (class, data-user)
        self.user_cells: list[str] = []
        self._in_bold_of_row = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append(tag)
        for name in ("src", "href"):
            if attributes.get(name):
                self.loaded.append(attributes[name])
        if tag == "g" and "account-bar" in (attributes.get("class") or ""):
            self.bars.append(attributes.get("data-account") or "")
        if tag == "tr" and "user" in (attributes.get("class") or "").split():
            self.rows.append((attributes["class"], attributes.get("data-user") or ""))
        self._in_bold_of_row = tag == "b" and bool(self.rows)

    def handle_data(self, data):
        if self._in_bold_of_row:
            self.user_cells.append(data)
            self._in_bold_of_row = False


def main(report_dir: str, expected_file: str) -> int:
    with open(expected_file, encoding="utf-8") as handle:
        expected = json.load(handle)
    failures = []
    expected_rows = {(account, user): facts for account, users in expected.items() for user, facts in users.items()}

    with open(os.path.join(report_dir, "mfa_audit.csv"), encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
        if missing:
            failures.append(f"CSV header {reader.fieldnames} lacks {missing}")
        rows = list(reader)
    seen = {}
    for row in rows:
        key = (
            row["account_id"],
            row["user_name"].removeprefix("'")
            if row["user_name"][:2] in ("'=", "'+", "'-", "'@")
            else row["user_name"],
        )
        seen[key] = row
        facts = expected_rows.get(key)
        if facts is None:
            failures.append(f"CSV has an unexpected row {key}")
            continue
        if row["user_name"][:1] in "=+-@":
            failures.append(f"CSV cell {row['user_name']!r} begins with a formula character")
        wanted = {
            "console_access": "true" if facts["console"] else "false",
            "mfa_active": "true" if facts["types"] else "false",
            "mfa_device_types": ";".join(sorted(facts["types"])),
            "findings": ";".join(facts["findings"]),
        }
        got = {
            name: (";".join(sorted(row[name].split(";"))) if name == "mfa_device_types" and row[name] else row[name])
            for name in wanted
        }
        if got != wanted:
            failures.append(f"CSV row {key}: {got} != {wanted}")
    for key in expected_rows.keys() - seen.keys():
        failures.append(f"CSV lacks the row of {key}")
    print(f"CSV: {len(rows)} rows checked against {len(expected_rows)} users")

    with open(os.path.join(report_dir, "mfa_audit.html"), encoding="utf-8") as handle:
        text = handle.read()
    page = Page()
    page.feed(text)
    remote = [url for url in page.loaded if not url.startswith("#")]
    if remote or "script" in page.tags or "link" in page.tags or "@import" in text or "url(" in text:
        failures.append(
            f"the page is not self-contained: {remote} {[tag for tag in page.tags if tag in ('script', 'link')]}"
        )
    if "svg" not in page.tags or sorted(page.bars) != sorted(expected):
        failures.append(f"the chart shows accounts {page.bars}, not {sorted(expected)}")
    if len(page.rows) != len(expected_rows):
        failures.append(f"the table has {len(page.rows)} user rows, not {len(expected_rows)}")
    kinds = [row_class.split()[1] for row_class, _user in page.rows]
    if kinds != sorted(kinds, key=lambda kind: kind != "noncompliant"):
        failures.append(f"non-compliant users are not first: {kinds}")
    wanted_kinds = sorted("noncompliant" if facts["findings"] else "compliant" for facts in expected_rows.values())
    if sorted(kinds) != wanted_kinds:
        failures.append(f"row kinds {sorted(kinds)} != {wanted_kinds}")
    names = {user for _account, user in expected_rows}
    if set(page.user_cells) != names:
        failures.append(f"the table shows users {sorted(page.user_cells)}, not {sorted(names)}")
    print(f"HTML: {len(page.rows)} user rows, chart bars for {page.bars}")

    for failure in failures:
        print("FAILED: " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
