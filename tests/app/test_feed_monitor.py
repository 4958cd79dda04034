"""The monitor on a real loopback feed, as issue 8 found it failing: Retry-After and
backoff, a cache lock held by another process (quit, and the cached copy on screen
at once), cache write errors, and a status line that always answers "is it alive?"."""

from __future__ import annotations

import asyncio
import datetime as dt
import fcntl
import os
import pty
import random
import re
import struct
import subprocess
import sys
import termios
import threading
import time

import httpserver as hs
from feed_fixtures import LockHolder, write_snapshot_dir
from pilot_helpers import settle
from textual.geometry import Region

from npl_tui.app import MAX_RETRY_AFTER_SECONDS, NplApp
from npl_tui.cli import cached_copy, make_fallback
from npl_tui.core.cache import FeedCache
from npl_tui.core.feed import HttpFeedSource
from npl_tui.core.sources import StaticSource
from npl_tui.widgets.status_line import StatusLine

CHECKED = re.compile(r"checked \d\d:\d\d:\d\d ✓")


def status(app: NplApp) -> str:
    """The status line as on screen: its whole region (padding included), one line."""
    line = app.screen.query_one(StatusLine)
    strips = line.render_lines(Region(0, 0, line.region.width, 1))
    return "".join(segment.text for segment in strips[0]).strip()


async def wait_for(pilot, condition, seconds: float = 10.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out"
        await pilot.pause(0.05)


# --------------------------------------------------------------------------- 5. backoff


async def test_retry_after_is_honoured_with_spread_and_reset_on_success(server, tmp_path):
    """Before: with Retry-After: 3600 and --refresh 1 the next requests came at +2, +4,
    +8, +10 s, the same for every desk."""
    server.route("manifest.json", hs.retry_after(503, "3600"))
    app = NplApp(HttpFeedSource(server.base, FeedCache(tmp_path / "c"), deadline=5), refresh_seconds=1, rng=random.Random(7))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await wait_for(pilot, lambda: app.loads_finished >= 1 and app.feed.liveness.next_at is not None)
        assert app.market.error is not None and "retry after 1 h" in app.market.error
        wait = (app.feed.liveness.next_at - app.clock()).total_seconds()
        assert 3600 - 1 <= wait <= 3600 * 1.1 + 1  # never sooner than asked, spread a little
        assert server.paths() == ["/manifest.json"]  # and nothing in between
        server.route("manifest.json", None)  # the server is back; a refresh by hand
        await pilot.press("r")
        await wait_for(pilot, lambda: app.market.error is None and app.snapshot is not None and not app.loading)
        assert app.failures == 0
        wait = (app.feed.liveness.next_at - app.clock()).total_seconds()
        assert 0 < wait <= 1.01  # reset to the interval


def test_failed_checks_are_spread_so_desks_do_not_retry_in_lock_step():
    apps = [NplApp(StaticSource(), refresh_seconds=300, rng=random.Random(seed)) for seed in range(100)]
    for app in apps:
        app.failures = 2
    delays = [app._spread(app.next_delay(failed=True), None) for app in apps]
    assert len({round(d, 3) for d in delays}) > 90  # a hundred desks, a hundred moments
    assert all(600 <= d <= 1200 for d in delays)  # nominal 1200 s: drawn from [d/2, d], never past it
    asked = [app._spread(app.next_delay(failed=True, retry_after=3600), 3600) for app in apps]
    assert all(3600 <= d <= 3960 for d in asked) and len({round(d, 3) for d in asked}) > 90
    huge = apps[0].next_delay(failed=True, retry_after=10**8)
    assert huge == MAX_RETRY_AFTER_SECONDS  # capped: a desk never waits a day on a server's word


# --------------------------------------------------------------------------- 6. a held cache lock


def slow(behaviour_seconds: float):
    def behaviour(h):
        time.sleep(behaviour_seconds)
        hs.serve_file(h, h.server.feed.root)

    return behaviour


async def test_a_held_lock_shows_the_cached_copy_at_once_and_the_new_data_soon(server, srv_dir, tmp_path, monkeypatch):
    """Before: the monitor sat on "loading…" for the whole deadline."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    from npl_tui.cli import main

    assert await asyncio.to_thread(main, ["fetch", server.base]) == 0
    write_snapshot_dir(srv_dir, ratio=2.5, generated_at="2025-02-01T00:00:00Z")
    server.route("manifest.json", slow(1.0))
    cache = FeedCache()
    with LockHolder(cache, server.base):
        app = NplApp(
            HttpFeedSource(server.base, cache),
            initial=cached_copy(server.base),
            fallback=make_fallback(server.base),
            refresh_seconds=300,
        )
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.snapshot is not None and app.snapshot.ratios.rows[0]["value"] == 1.5  # the cached copy, at once
            assert app.snapshot.origin.kind == "cache" and app.snapshot.origin.location == server.base
            assert "checking…" in status(app)
            started = time.monotonic()
            await wait_for(pilot, lambda: app.snapshot.ratios.rows[0]["value"] == 2.5)
            assert time.monotonic() - started < 5  # not the 30 s deadline
            await settle(app, pilot)
            line = status(app)
            assert "warning: not saved to the cache: another process is" in line, line
            assert CHECKED.search(line)


def _run_in_pty(args: list[str], env: dict[str, str], quit_after: float) -> tuple[float, bytes]:
    """Run the monitor on an 80x24 pseudo-terminal, press q after *quit_after* s;
    return (seconds from q to exit, output)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, start_new_session=True)
    os.close(slave)
    out = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            out.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        time.sleep(quit_after)
        os.write(master, b"q")
        pressed = time.monotonic()
        proc.wait(timeout=60)
        took = time.monotonic() - pressed
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(timeout=5)
        os.close(master)
    return took, bytes(out)


def test_quit_is_prompt_while_another_process_holds_the_cache_lock(server, srv_dir, tmp_path):
    """Before: quit took ~27 s (a thread waiting for the lock held the exit)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "TERM": "xterm-256color"}
    first = subprocess.run([sys.executable, "-m", "npl_tui", "fetch", server.base], env=env, capture_output=True, timeout=60, check=False)
    assert first.returncode == 0, first.stderr
    write_snapshot_dir(srv_dir, ratio=2.5, generated_at="2025-02-01T00:00:00Z")
    cache = FeedCache(tmp_path / "xdg" / "npl-tui" / "feeds")
    with LockHolder(cache, server.base):
        took, _out = _run_in_pty([sys.executable, "-m", "npl_tui", "--feed", server.base], env, quit_after=2.5)
    assert took < 5, f"quit took {took:.1f} s"


# --------------------------------------------------------------------------- 7 and 9. the status line


async def test_status_line_says_it_is_alive_at_80_columns(server, srv_dir, tmp_path):
    """Before: with 304s the line showed only the time of the last change; on an error at
    80 columns only the error was left."""
    app = NplApp(HttpFeedSource(server.base, FeedCache(tmp_path / "c"), deadline=3), refresh_seconds=300)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        line = status(app)
        assert CHECKED.search(line) and "✓ updated" in line and "next " in line, line
        server.clear()
        await pilot.press("r")
        await settle(app, pilot)
        await wait_for(pilot, lambda: "unchanged" in status(app))
        assert server.paths() == ["/manifest.json"]
        line = status(app)
        assert CHECKED.search(line) and "✓ unchanged" in line and "updated " in line and "next " in line, line
        checked = CHECKED.search(line).group(0)
        server.stop()  # the feed goes away
        await pilot.press("r")
        await wait_for(pilot, lambda: app.market.error is not None and not app.loading)
        await settle(app, pilot)
        line = status(app)
        assert "error: GET manifest.json: cannot connect" in line, line
        assert checked in line  # the last good check is still there, at 80 columns
        assert len(line) <= 78


async def test_a_cache_write_error_is_on_the_status_line(server, srv_dir, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache should be")
    app = NplApp(HttpFeedSource(server.base, FeedCache(blocker / "cache"), deadline=3), refresh_seconds=300)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await wait_for(pilot, lambda: app.snapshot is not None and not app.loading)
        await settle(app, pilot)
        line = status(app)
        assert "warning: not saved to the cache" in line and CHECKED.search(line), line
        assert app.screen.query_one(StatusLine).has_class("-warning")


async def test_a_cached_feed_is_named_by_its_url_not_its_directory(server, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    from npl_tui.cli import main, make_source

    url = server.base + "?token=s3cret"
    assert await asyncio.to_thread(main, ["fetch", url]) == 0
    source = make_source()
    app = NplApp(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        line = status(app)
    assert f"cache {server.base}?token=***" in line and "s3cret" not in line
    assert "feeds/" not in line and app.snapshot.origin.fetched_at is not None
    assert (dt.datetime.now(dt.timezone.utc) - app.snapshot.origin.fetched_at).total_seconds() < 120
