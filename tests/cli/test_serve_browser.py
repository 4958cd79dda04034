"""`npl-tui serve` in a real browser: Debian's headless Chromium, driven by selenium.

The page is textual-serve's: an xterm.js terminal drawn on a canvas, so the screen's
text is not in the DOM. The test reads it from the terminal's own buffer: a script
installed before the page's scripts run notes each xterm.js Terminal as it is made
(the public Terminal assigns ``this._core`` in its constructor), and
``buffer.active.getLine(y).translateToString()`` gives each row as a person sees it.

Skipped, with the reason in the summary, only where Chromium or its driver is not
installed (.ci/run installs both with apt-get when missing).
"""

from __future__ import annotations

import csv
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
ARTIFACTS = REPO / "tests" / "artifacts"  # git-ignored: screenshots to look at after a run

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,800"]

#: Runs before the page's own scripts: keeps every object that gets a ``_core`` (the
#: xterm.js Terminal among them) in window.__terminals.
CAPTURE_TERMINALS = """
Object.defineProperty(Object.prototype, '_core', {
  configurable: true,
  set(value) {
    Object.defineProperty(this, '_core', {value: value, writable: true, configurable: true, enumerable: true});
    (window.__terminals = window.__terminals || []).push(this);
  },
});
"""

SCREEN_TEXT = """
const terms = (window.__terminals || []).filter(t => t.buffer && t.buffer.active && t.rows);
if (!terms.length) return '';
const term = terms[0], buffer = term.buffer.active, rows = [];
for (let y = 0; y < term.rows; y++) {
  const line = buffer.getLine(buffer.viewportY + y);
  rows.push(line ? line.translateToString(true) : '');
}
return rows.join('\\n');
"""

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()),
    reason=f"BROWSER TEST NOT RUN: {CHROMIUM} or {CHROMEDRIVER} missing — install them with "
    "`apt-get install -y chromium chromium-driver` (.ci/run does, when apt can)",
)


def latest_ratio() -> tuple[str, str]:
    """The newest all-bank NPL ratio in the shipped data, as the dashboard prints it."""
    with (DATA / "ratios.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["bank_type"] == "all" and r["metric"] == "npl_ratio_pct"]
    newest = max(rows, key=lambda r: r["period"])
    return f"{float(newest['value']):.2f}%", newest["period"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, check, timeout: float):  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.25)


@pytest.fixture
def served(tmp_path):
    """`npl-tui serve` on a free loopback port, with the shipped snapshot."""
    port = free_port()
    log_file = tmp_path / "serve.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "npl_tui", "serve", "--port", str(port), "--snapshot", str(DATA), "--log-file", str(log_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"

    def up() -> bool:
        if proc.poll() is not None:
            raise AssertionError(f"npl-tui serve exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    try:
        wait_for("npl-tui serve to answer", up, 30)
        yield url, proc, log_file
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="npl-tui-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CAPTURE_TERMINALS})
        yield driver
    finally:
        driver.quit()  # a second quit (after the test's own) does nothing
        shutil.rmtree(profile, ignore_errors=True)


def descendants(pid: int) -> list[int]:
    """The processes started under *pid*, at any depth (from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def screen(driver) -> str:  # type: ignore[no-untyped-def]
    return driver.execute_script(SCREEN_TEXT) or ""


def test_the_served_monitor_shows_the_ratio_and_drills_into_a_province(served, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url, proc, log_file = served
    ratio, period = latest_ratio()
    browser.get(url)
    page = browser.page_source
    assert "<div>npl-tui</div>" in page and "npl_tui" not in page  # named, not by its command (which may hold a feed's token)

    text = wait_for(f"the dashboard to show {ratio} {period}", lambda: (t := screen(browser)) and ratio in t and period in t and t, 90)
    assert "NPL ratio" in text and "Provinces" in text
    assert f"snapshot {DATA}" in text  # the status line: --snapshot reached the served monitor
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "serve-dashboard.png"))

    # The first province of the ranking: "1 Guangdong ████ 5,781亿" (name read, not assumed).
    first = next(line for line in text.splitlines() if "│ 1 " in line).split("│ 1 ", 1)[1]
    province = re.split("[\u2580-\u259f]", first, maxsplit=1)[0].strip()  # up to its bar
    assert province and province[0].isupper(), text

    keys = browser.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
    keys.send_keys("2")  # focus the provinces ranking
    time.sleep(0.5)
    keys.send_keys(Keys.ENTER)  # open the focused province
    crumb = f"China › {province}"
    text = wait_for(f"the province screen ({crumb})", lambda: (t := screen(browser)) and crumb in t and t, 60)
    assert "Announcements" in text or "announcements" in text
    shot = ARTIFACTS / "serve-province.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    print(f"\nscreenshots: {ARTIFACTS / 'serve-dashboard.png'} {shot}")

    monitors = descendants(proc.pid)
    assert monitors, "no monitor process under npl-tui serve"
    browser.quit()  # the tab goes: its session closes and its monitor process ends
    wait_for("the session to close in the log", lambda: "session closed" in log_file.read_text("utf-8"), 30)
    wait_for("the monitor process to end", lambda: not descendants(proc.pid), 30)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=20) == 0
    stderr = proc.stderr.read() if proc.stderr else ""
    assert stderr == "", stderr  # loopback: no warning, and no error
    log = log_file.read_text("utf-8")
    assert "serve: listening on 127.0.0.1" in log and "session opened for 127.0.0.1" in log
