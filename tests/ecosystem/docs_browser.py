"""Check the built module page of iam_mfa_device_resync in headless Chromium.

Run by `make docs-browser` (mk/ecosystem.mk), a check of the ecosystem stage.

Usage: python tests/ecosystem/docs_browser.py HTML_DIR SCREENSHOT_DIR

Needs `chromium` on PATH (Debian's chromium package) and
`ansible-doc` with mfaops.aws and amazon.aws on ANSIBLE_COLLECTIONS_PATH.  Loads the
page from the file system in a fresh, empty profile with background networking off,
checks that the rendered DOM shows the module's title and every option that
ansible-doc lists (the module's own and those of its amazon.aws doc fragments), that
the page loads nothing from the network, and saves a screenshot,
SCREENSHOT_DIR/iam_mfa_device_resync.png.  Without chromium it says so and exits with
SKIPPED_STATUS, which tests/utils/run_check.py records as a skipped check.
"""

from __future__ import annotations

import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile

# The exit status that tests/utils/run_check.py records as skipped (automake's convention).
SKIPPED_STATUS = 77
INSTALL_CHROMIUM = "install Chromium to run it (Debian and Ubuntu: apt-get install chromium)"
MODULE = "mfaops.aws.iam_mfa_device_resync"
PAGE = "collections/mfaops/aws/iam_mfa_device_resync_module.html"
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
    "--window-size=1280,2400",
]


class ResourceCollector(html.parser.HTMLParser):
    """Collect the URLs a page loads (scripts, stylesheets, images, frames)."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "img", "iframe") and attributes.get("src"):
            self.loaded.append(attributes["src"])
        if tag == "link" and attributes.get("href") and "stylesheet" in (attributes.get("rel") or ""):
            self.loaded.append(attributes["href"])


def chromium(profile: str, *args: str) -> subprocess.CompletedProcess:
    """Run headless Chromium with a fresh profile."""
    command = ["chromium", *CHROMIUM_FLAGS, "--user-data-dir=" + profile, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def main() -> int:
    html_dir, screenshot_dir = sys.argv[1], sys.argv[2]
    if shutil.which("chromium") is None:
        print("SKIPPED: the docs page check needs chromium, which is not on PATH; " + INSTALL_CHROMIUM)
        return SKIPPED_STATUS
    page = os.path.abspath(os.path.join(html_dir, PAGE))
    url = "file://" + page
    failures = []

    doc = json.loads(
        subprocess.run(["ansible-doc", "--json", MODULE], capture_output=True, text=True, check=True).stdout
    )
    options = sorted(doc[MODULE]["doc"]["options"])

    with open(page, encoding="utf-8") as page_file:
        collector = ResourceCollector()
        collector.feed(page_file.read())
    remote = [resource for resource in collector.loaded if resource.startswith(("http:", "https:", "//"))]
    if remote:
        failures.append("the page loads resources from the network: {}".format(", ".join(remote)))

    with tempfile.TemporaryDirectory(prefix="docs-chromium-") as profile:
        dumped = chromium(profile, "--dump-dom", url)
    dom = dumped.stdout
    if dumped.returncode != 0 or "<body" not in dom:
        failures.append(f"chromium --dump-dom failed (status {dumped.returncode}): {dumped.stderr[-2000:]}")
    else:
        if "iam_mfa_device_resync module" not in dom:
            failures.append('the rendered page has no title "iam_mfa_device_resync module"')
        for option in options:
            # antsibull-docs gives every option an anchor and shows its name
            if f"parameter-{option}" not in dom or f">{option}<" not in dom:
                failures.append(f"option {option} is not shown on the rendered page")
        print(f"rendered DOM: {len(dom)} characters; {len(options)} options checked: {', '.join(options)}")

    os.makedirs(screenshot_dir, exist_ok=True)
    screenshot = os.path.join(screenshot_dir, "iam_mfa_device_resync.png")
    if os.path.exists(screenshot):
        os.remove(screenshot)
    with tempfile.TemporaryDirectory(prefix="docs-chromium-") as profile:
        shot = chromium(profile, "--screenshot=" + os.path.abspath(screenshot), url)
    if shot.returncode != 0 or not os.path.isfile(screenshot) or os.path.getsize(screenshot) < 10000:
        failures.append(f"no screenshot (status {shot.returncode}): {shot.stderr[-2000:]}")
    else:
        print(f"screenshot: {screenshot} ({os.path.getsize(screenshot)} bytes)")

    for failure in failures:
        print("FAILED: " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
