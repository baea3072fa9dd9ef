"""Check the MFA audit report page (mfa_audit.html) in headless Chromium.

Run by tests/ecosystem/report-browser.sh (`make report-browser`).

Usage: python tests/ecosystem/report_browser.py REPORT_DIR SCREENSHOT

REPORT_DIR holds mfa_audit.html and mfa_audit.csv as the runbook mfaops.aws.mfa_audit_report
wrote them (tests/ecosystem/report-browser.sh makes them against the IAM emulator). The CSV
is the truth the page is checked against. Needs `chromium` on PATH. Loads the page from the
file system in a fresh, empty profile with background networking off and checks that:
- the page loads nothing (no script, stylesheet, image or frame with a source);
- the rendered DOM has the summary chart (svg#summary-chart) with one bar per account of the
  CSV, and the users table with one row per CSV row, non-compliant users first;
- the screenshot (SCREENSHOT, a PNG) shows the chart: pixels of its red (IAM.5) and green
  (MFA) bar colours, in the proportion of the CSV's users (rendered, not only in the DOM).
"""

from __future__ import annotations

import csv
import html.parser
import os
import struct
import subprocess
import sys
import tempfile
import zlib

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--window-size=1280,1400",
]
RED = (0xCF, 0x22, 0x2E)  # console password without MFA (IAM.5)
GREEN = (0x2D, 0xA4, 0x4E)  # MFA


class RenderedPage(html.parser.HTMLParser):
    """What the rendered DOM holds: loaded resources, chart bars, user rows."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []
        self.chart = False
        self.bars: list[str] = []
        self.rows: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "img", "iframe", "link", "object", "embed") and (
            attributes.get("src") or attributes.get("href")
        ):
            self.loaded.append(attributes.get("src") or attributes.get("href"))
        if tag == "svg" and attributes.get("id") == "summary-chart":
            self.chart = True
        if tag == "g" and "account-bar" in (attributes.get("class") or "").split():
            self.bars.append(attributes.get("data-account") or "")
        if tag == "tr" and "user" in (attributes.get("class") or "").split():
            self.rows.append((attributes.get("class") or "").split()[-1])


def chromium(profile: str, *args: str) -> subprocess.CompletedProcess:
    command = ["chromium", *CHROMIUM_FLAGS, "--user-data-dir=" + profile, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def png_pixels(path: str):
    """The (width, height, rows of RGB tuples) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        chunk = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        position += 12 + length
    width, height, depth, colour, _compression, _filter, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for row in range(height):
        kind = raw[row * (stride + 1)]
        line = bytearray(raw[row * (stride + 1) + 1 : (row + 1) * (stride + 1)])
        for index in range(stride):
            left = line[index - channels] if index >= channels else 0
            up = previous[index]
            up_left = previous[index - channels] if index >= channels else 0
            if kind == 1:
                line[index] = (line[index] + left) & 0xFF
            elif kind == 2:
                line[index] = (line[index] + up) & 0xFF
            elif kind == 3:
                line[index] = (line[index] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - up_left
                nearest = min(
                    (abs(estimate - left), 0, left), (abs(estimate - up), 1, up), (abs(estimate - up_left), 2, up_left)
                )[2]
                line[index] = (line[index] + nearest) & 0xFF
        rows.append([tuple(line[i : i + 3]) for i in range(0, stride, channels)])
        previous = line
    return width, height, rows


def main() -> int:
    report_dir, screenshot = sys.argv[1], sys.argv[2]
    page = os.path.abspath(os.path.join(report_dir, "mfa_audit.html"))
    with open(os.path.join(report_dir, "mfa_audit.csv"), encoding="utf-8", newline="") as handle:
        users = list(csv.DictReader(handle))
    accounts = sorted({user["account_id"] for user in users})
    noncompliant = sum(1 for user in users if user["findings"])
    failures = []

    with tempfile.TemporaryDirectory(prefix="report-chromium-") as profile:
        dumped = chromium(profile, "--dump-dom", "file://" + page)
    rendered = RenderedPage()
    if dumped.returncode != 0 or "<body" not in dumped.stdout:
        failures.append(f"chromium --dump-dom failed (status {dumped.returncode}): {dumped.stderr[-2000:]}")
    else:
        rendered.feed(dumped.stdout)
        if rendered.loaded:
            failures.append("the page loads resources: {}".format(", ".join(rendered.loaded)))
        if not rendered.chart:
            failures.append("the rendered page has no summary chart (svg#summary-chart)")
        if sorted(rendered.bars) != accounts:
            failures.append(f"the chart has bars for {sorted(rendered.bars)}, the CSV has accounts {accounts}")
        if len(rendered.rows) != len(users):
            failures.append(f"the table has {len(rendered.rows)} user rows, the CSV {len(users)}")
        if rendered.rows != ["noncompliant"] * noncompliant + ["compliant"] * (len(users) - noncompliant):
            failures.append(f"the table does not list the {noncompliant} non-compliant users first: {rendered.rows}")
        print(
            f"rendered DOM: chart bars for {rendered.bars}, {len(rendered.rows)} user rows ({noncompliant} non-compliant)"
        )

    os.makedirs(os.path.dirname(os.path.abspath(screenshot)), exist_ok=True)
    if os.path.exists(screenshot):
        os.remove(screenshot)
    with tempfile.TemporaryDirectory(prefix="report-chromium-") as profile:
        shot = chromium(profile, "--screenshot=" + os.path.abspath(screenshot), "file://" + page)
    if shot.returncode != 0 or not os.path.isfile(screenshot):
        failures.append(f"no screenshot (status {shot.returncode}): {shot.stderr[-2000:]}")
    else:
        _width, _height, rows = png_pixels(screenshot)
        counts = {RED: 0, GREEN: 0}
        for row in rows:
            for pixel in row:
                if pixel in counts:
                    counts[pixel] += 1
        console_without_mfa = sum(1 for user in users if "IAM.5" in user["findings"].split(";"))
        with_mfa = sum(1 for user in users if user["mfa_active"] == "true")
        for colour, users_shown, label in ((RED, console_without_mfa, "IAM.5"), (GREEN, with_mfa, "MFA")):
            if users_shown and counts[colour] < 200:
                failures.append(
                    f"the screenshot shows no {label} bar ({counts[colour]} pixels of #{bytes(colour).hex()})"
                )
        print(
            f"screenshot: {screenshot} ({os.path.getsize(screenshot)} bytes; "
            f"{counts[RED]} IAM.5 red, {counts[GREEN]} MFA green pixels)"
        )

    for failure in failures:
        print("FAILED: " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
