"""Shared fixtures. Every test is sealed from the machine: caches, config and logs go to tmp."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATA = REPO / "data"

# The tests sit in one folder per layer (core/, ingest/, app/, snapshots/, cli/,
# project/); the helpers they share (ui_fixtures, pilot_helpers, httpserver, ...) stay
# here and are imported by name, whatever the import mode.
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))


@pytest.fixture(autouse=True)
def _sealed_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))  # the log file (npl_tui.core.logs)
    monkeypatch.delenv("NO_COLOR", raising=False)
    # loopback traffic goes straight to the test servers, never via the machine's proxy
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture(scope="session")
def shipped_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def shipped_snapshot():
    from npl_tui.core.snapshot import Origin, read_snapshot_dir

    return read_snapshot_dir(DATA, Origin("shipped", str(DATA)))


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch):
    """Times on screen are local time: pin the zone so screen snapshots match everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def srv_dir(tmp_path: Path) -> Path:
    """A small valid snapshot directory to serve (feed_fixtures.write_snapshot_dir)."""
    from feed_fixtures import write_snapshot_dir

    return write_snapshot_dir(tmp_path / "srv")


@pytest.fixture
def server(srv_dir: Path):
    """The real loopback HTTP server (httpserver.FeedServer) serving *srv_dir*."""
    from httpserver import FeedServer

    with FeedServer(srv_dir) as s:
        yield s
