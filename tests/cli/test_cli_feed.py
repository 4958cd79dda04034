"""`npl-tui fetch`, `validate URL` and `export` against a real feed on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from httpserver import FeedServer, html_page

DATA = Path(__file__).resolve().parents[2] / "data"
LATEST = "ratio-2025Q4-all-npl_ratio_pct"


def cli(*args: str) -> subprocess.CompletedProcess:
    # A separate process, as a user runs it; XDG_CACHE_HOME is sealed by conftest.
    return subprocess.run([sys.executable, "-m", "npl_tui", *args], capture_output=True, text=True, timeout=60, check=False)


def latest_ratio() -> str:
    out = cli("export", "ratios")
    assert out.returncode == 0, out.stderr
    return next(r["value"] for r in csv.DictReader(io.StringIO(out.stdout)) if r["id"] == LATEST)


def change_figure(feed: Path, old: str, new: str) -> None:
    path = feed / "ratios.csv"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith(LATEST + ","):
            assert f",{old}," in line
            lines[i] = line.replace(f",{old},", f",{new},", 1)
    path.write_text("".join(lines), "utf-8")


@pytest.fixture
def feed(tmp_path):
    root = shutil.copytree(DATA, tmp_path / "feed")
    with FeedServer(root) as server:
        yield root, server


def test_fetch_verifies_caches_and_reports_a_changed_figure(feed):
    root, server = feed
    url = server.base
    assert latest_ratio() == "1.50"  # nothing cached yet: the shipped snapshot

    first = cli("fetch", url)
    assert first.returncode == 0, first.stderr
    assert "fetched" in first.stdout and "ratios: 132 rows" in first.stdout

    again = cli("fetch", url)
    assert again.returncode == 0 and "not modified" in again.stdout

    change_figure(root, "1.5", "1.53")
    assert cli("build", str(root)).returncode == 0
    changed = cli("fetch", url)
    assert changed.returncode == 0, changed.stderr
    assert "ratios: +0 added, -0 removed, 1 changed" in changed.stdout
    assert f"{LATEST}: value 1.5 -> 1.53" in changed.stdout
    assert latest_ratio() == "1.53"  # plain npl-tui / export now use the newest good data

    # A broken publication (the new manifest's hash does not match the bytes served):
    # refused, last good kept.
    change_figure(root, "1.53", "9.99")
    assert cli("build", str(root)).returncode == 0
    change_figure(root, "9.99", "9.98")
    broken = cli("fetch", url)
    assert broken.returncode == 1
    assert broken.stderr.count("\n") == 1 and "Traceback" not in broken.stderr
    assert "ratios.csv" in broken.stderr and "SHA-256" in broken.stderr and "kept the last good copy" in broken.stderr
    assert latest_ratio() == "1.53"


def test_fetch_refuses_an_html_page_and_keeps_the_last_good_copy(feed):
    _root, server = feed
    assert cli("fetch", server.base).returncode == 0
    server.route("/manifest.json", html_page())
    out = cli("fetch", server.base)
    assert out.returncode == 1 and "HTML" in out.stderr and server.base in out.stderr
    assert latest_ratio() == "1.50"


def test_fetch_with_no_server_is_one_line(tmp_path):
    with FeedServer(tmp_path) as server:
        url = server.base
    out = cli("fetch", url, "--deadline", "5")
    assert out.returncode == 1
    assert len(out.stderr.strip().splitlines()) == 1 and "no earlier copy" in out.stderr


def test_validate_url_lists_problems_and_does_not_touch_the_cache(feed, tmp_path):
    root, server = feed
    ok = cli("validate", server.base)
    assert ok.returncode == 0 and "valid" in ok.stdout
    (root / "provinces.csv").write_text("id,year\n1,2025\n", "utf-8")
    assert cli("build", str(root)).returncode == 1  # build refuses to bless broken tables
    bad = cli("validate", server.base)
    assert bad.returncode == 1
    assert "provinces.csv" in bad.stderr and "SHA-256" in bad.stderr and bad.stdout == ""
    assert latest_ratio() == "1.50"  # validate fetched nothing into the user's cache


def test_fetch_without_a_trailing_slash_uses_the_same_cache(feed):
    _root, server = feed
    bare = server.base.rstrip("/")
    assert "fetched" in cli("fetch", bare).stdout
    assert "not modified" in cli("fetch", bare).stdout
    assert "not modified" in cli("fetch", bare + "/").stdout
