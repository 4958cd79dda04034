"""The monitor on a real HTTP feed (127.0.0.1): a changed figure appears without a
restart, and a feed that is down at start still shows the last good copy."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from httpserver import FeedServer
from pilot_helpers import Clock, plain, settle
from textual.widgets import Static

from npl_tui.app import NplApp
from npl_tui.cli import main, make_fallback
from npl_tui.core.cache import FeedCache
from npl_tui.core.feed import HttpFeedSource
from npl_tui.widgets.status_line import StatusLine

DATA = Path(__file__).resolve().parents[2] / "data"
LATEST = "ratio-2025Q4-all-npl_ratio_pct,2025Q4,2025-12-31,all,npl_ratio_pct,"


def set_latest_ratio(feed: Path, old: str, new: str) -> None:
    path = feed / "ratios.csv"
    text = path.read_text("utf-8")
    assert LATEST + old + "," in text
    path.write_text(text.replace(LATEST + old + ",", LATEST + new + ",", 1), "utf-8")
    assert main(["build", str(feed)]) == 0


def headline(app: NplApp) -> str:
    return plain(app.screen.query_one("#ratio-headline", Static))


async def test_a_changed_figure_in_the_feed_appears_on_refresh(tmp_path, capsys):
    root = shutil.copytree(DATA, tmp_path / "feed")
    with FeedServer(root) as server:
        app = NplApp(HttpFeedSource(server.base, FeedCache(tmp_path / "cache")), refresh_seconds=3600, clock=Clock())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            assert headline(app) == "1.50%  2025Q4"
            assert server.base in plain(app.screen.query_one(StatusLine))

            set_latest_ratio(root, "1.5", "1.57")
            server.clear()
            await pilot.press("r")
            await settle(app, pilot)
            assert headline(app) == "1.57%  2025Q4"
            # Only the manifest and the one changed table crossed the wire.
            assert sorted(server.paths()) == ["/manifest.json", "/ratios.csv"]

            server.clear()
            await pilot.press("r")  # nothing changed: 304, nothing re-fetched or redrawn
            await settle(app, pilot)
            assert server.paths() == ["/manifest.json"] and headline(app) == "1.57%  2025Q4"


async def test_feed_down_at_start_shows_the_cached_copy_beside_the_error(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    root = shutil.copytree(DATA, tmp_path / "feed")
    set_latest_ratio(root, "1.5", "1.61")
    with FeedServer(root) as server:
        url = server.base
        assert await asyncio.to_thread(main, ["fetch", url]) == 0  # the user's cache now holds the 1.61 copy
    # The server is gone now.
    app = NplApp(HttpFeedSource(url, FeedCache(), deadline=5), fallback=make_fallback(url), refresh_seconds=3600, clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert headline(app) == "1.61%  2025Q4"
        status = plain(app.screen.query_one(StatusLine))
        assert "cannot connect" in status and "cache" in status
