"""FeedCache: layout, corrupt caches, newest(), and crash/concurrency guarantees."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from feed_fixtures import snapshot_files

from npl_tui.core import cache as cache_mod
from npl_tui.core.cache import FeedCache
from npl_tui.core.paths import cache_root
from npl_tui.core.snapshot import Origin, build_snapshot

REPO = Path(__file__).resolve().parents[2]
URL = "http://feed.example/npl/"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX symlinks and signals")


def fingerprint(ratio: float) -> str:
    manifest, files = snapshot_files(ratio)
    return build_snapshot(manifest, files, Origin("test", "")).fingerprint


def commit(cache: FeedCache, ratio: float, url: str = URL, etag: str = '"e"') -> Path:
    manifest, files = snapshot_files(ratio)
    return cache.commit(url, manifest, files, {"manifest.json": {"etag": etag, "last_modified": "Fri, 31 Jan 2025 00:00:00 GMT"}})


def test_construction_touches_no_disk(tmp_path, monkeypatch):
    FeedCache(tmp_path / "c")
    assert not (tmp_path / "c").exists()
    cache = FeedCache()
    assert cache.root == cache_root() / "feeds"
    assert str(cache.root).startswith(os.environ["XDG_CACHE_HOME"])  # sealed by conftest
    assert cache.load_current(URL) is None and cache.newest() is None and cache.meta(URL) == {}


def test_commit_layout_and_read_back(tmp_path):
    cache = FeedCache(tmp_path)
    path = commit(cache, 1.5)
    feed = tmp_path / FeedCache.key(URL)
    assert len(FeedCache.key(URL)) == 16 and path.parent == feed / "snapshots"
    assert (feed / "current").is_symlink() and not os.path.isabs(os.readlink(feed / "current"))
    assert cache.current_dir(URL) == path.resolve()
    assert sorted(p.name for p in path.iterdir()) == ["announcements.csv", "discount_rates.csv", "manifest.json", "provinces.csv", "ratios.csv"]
    meta = cache.meta(URL)
    assert meta["url"] == URL and meta["snapshot"] == path.name and meta["fetched_at"].endswith("Z")
    assert meta["files"]["manifest.json"]["etag"] == '"e"' and len(meta["files"]["ratios.csv"]["sha256"]) == 64
    snap = cache.load_current(URL)
    assert snap.origin.kind == "cache" and snap.origin.location == URL and snap.origin.fetched_at is not None
    assert snap.fingerprint == fingerprint(1.5)
    info = cache.cached(URL)
    assert info.validators["manifest.json"]["etag"] == '"e"'


def test_gc_keeps_current_and_previous(tmp_path):
    cache = FeedCache(tmp_path)
    first = commit(cache, 1.0)
    second = commit(cache, 2.0)
    assert first.exists()  # a reader that resolved the old current can still read it
    third = commit(cache, 3.0)
    names = sorted(p.name for p in (tmp_path / FeedCache.key(URL) / "snapshots").iterdir())
    assert names == sorted([second.name, third.name])
    assert cache.previous_dir(URL) == second
    assert cache.load_current(URL).fingerprint == fingerprint(3.0)


def test_same_content_is_not_rewritten(tmp_path):
    cache = FeedCache(tmp_path)
    first = commit(cache, 1.0)
    again = commit(cache, 1.0, etag='"f"')
    assert again == first and cache.meta(URL)["files"]["manifest.json"]["etag"] == '"f"'


def test_a_slower_load_never_moves_the_cache_backwards(tmp_path):
    import datetime as dt

    cache = FeedCache(tmp_path)
    t0 = dt.datetime(2025, 2, 1, tzinfo=dt.timezone.utc)
    slow_started = t0  # a load that began first...
    fast = snapshot_files(2.0)
    cache.commit(URL, *fast, fetched_at=t0 + dt.timedelta(seconds=5), started_at=t0 + dt.timedelta(seconds=1))
    newer = cache.current_dir(URL)
    # ...and commits an older snapshot after another process committed a newer one
    kept = cache.commit(URL, *snapshot_files(1.0), fetched_at=t0 + dt.timedelta(seconds=9), started_at=slow_started)
    assert kept == newer == cache.current_dir(URL)
    assert cache.load_current(URL).fingerprint == fingerprint(2.0)
    assert cache.meta(URL)["fetched_at"].startswith("2025-02-01T00:00:05")
    # a load that began after that fetch does replace it
    cache.commit(URL, *snapshot_files(3.0), fetched_at=t0 + dt.timedelta(seconds=12), started_at=t0 + dt.timedelta(seconds=10))
    assert cache.load_current(URL).fingerprint == fingerprint(3.0)
    # and the same content as the live one only refreshes meta (the rule is about differing data)
    cache.commit(URL, *snapshot_files(3.0), fetched_at=t0 + dt.timedelta(seconds=14), started_at=t0)
    assert cache.meta(URL)["fetched_at"].startswith("2025-02-01T00:00:14")


def test_leftover_temp_dirs_are_collected(tmp_path):
    cache = FeedCache(tmp_path)
    commit(cache, 1.0)
    snaps = tmp_path / FeedCache.key(URL) / "snapshots"
    (snaps / ".tmp-crashed").mkdir()
    (snaps / ".tmp-crashed" / "ratios.csv").write_bytes(b"half")
    (tmp_path / FeedCache.key(URL) / ".tmp-current-1-2").symlink_to("snapshots/nowhere")
    commit(cache, 2.0)
    assert not (snaps / ".tmp-crashed").exists()
    assert not (tmp_path / FeedCache.key(URL) / ".tmp-current-1-2").is_symlink()


@pytest.mark.parametrize(
    "damage",
    ["meta-garbage", "meta-other-url", "manifest-garbage", "table-changed", "table-missing", "dangling-current", "current-not-link"],
)
def test_corrupt_cache_never_crashes(tmp_path, damage):
    cache = FeedCache(tmp_path)
    path = commit(cache, 1.5)
    feed = tmp_path / FeedCache.key(URL)
    readable = False
    if damage == "meta-garbage":
        (feed / "meta.json").write_bytes(b"\x00{not json")
        readable = True
    elif damage == "meta-other-url":
        (feed / "meta.json").write_text(json.dumps({"url": "http://other/"}))
        readable = True
    elif damage == "manifest-garbage":
        (path / "manifest.json").write_text("<html>")
    elif damage == "table-changed":
        (path / "ratios.csv").write_text("id\n")
    elif damage == "table-missing":
        (path / "provinces.csv").unlink()
    elif damage == "dangling-current":
        (feed / "current").unlink()
        (feed / "current").symlink_to("snapshots/gone")
    elif damage == "current-not-link":
        (feed / "current").unlink()
        (feed / "current").write_text("x")
    snap = cache.load_current(URL)
    if readable:
        assert snap is not None and snap.fingerprint == fingerprint(1.5)
        assert cache.meta(URL) == {}
        assert cache.cached(URL).validators == {}  # no validators we cannot trust
    else:
        assert snap is None
    cache.newest()  # must not raise
    commit(cache, 2.0)  # and the cache heals on the next good fetch
    assert cache.load_current(URL).fingerprint == fingerprint(2.0)


def test_newest_picks_most_recent_good_feed(tmp_path):
    cache = FeedCache(tmp_path)
    commit(cache, 1.0, url="http://a.example/")
    time.sleep(0.01)
    commit(cache, 2.0, url="http://b.example/")
    url, path, fetched = cache.newest()
    assert url == "http://b.example/" and path == cache.current_dir(url) and fetched is not None
    time.sleep(0.01)
    cache.touch_checked("http://a.example/", {"manifest.json": {"etag": '"new"'}})
    assert cache.newest()[0] == "http://a.example/"
    assert cache.meta("http://a.example/")["files"]["manifest.json"]["etag"] == '"new"'
    # a damaged newest feed is skipped, not fatal
    (cache.current_dir("http://a.example/") / "ratios.csv").write_text("broken")
    assert cache.newest()[0] == "http://b.example/"


def test_touch_checked_without_cache_is_harmless(tmp_path):
    cache = FeedCache(tmp_path)
    cache.touch_checked(URL, {"manifest.json": {"etag": '"x"'}})
    assert not tmp_path.joinpath(FeedCache.key(URL)).exists()


def test_step_hook_sees_every_step(tmp_path, monkeypatch):
    steps: list[str] = []
    monkeypatch.setattr(cache_mod, "_step_hook", steps.append)
    commit(FeedCache(tmp_path), 1.0)
    assert steps[0] == "locked" and steps[-1] == "done"
    assert {"tmp-created", "file-written", "dir-synced", "renamed", "symlink-created", "swapped", "meta", "meta-written"} <= set(steps)


# --------------------------------------------------------------------------- crashes

_WORKER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {tests!r})
    from pathlib import Path
    from feed_fixtures import snapshot_files
    from npl_tui.core import cache as cache_mod
    from npl_tui.core.cache import FeedCache

    target = {target!r}
    def hook(step):
        if step == target:
            print(step, flush=True)
            time.sleep(60)  # the parent kills us here
    cache_mod._step_hook = hook if target else None
    cache = FeedCache(Path({root!r}))
    print("ready", flush=True)
    ratio = {ratio!r}
    for i in range({count!r}):
        manifest, files = snapshot_files(ratio + i)
        cache.commit({url!r}, manifest, files, {{"manifest.json": {{"etag": '"w%d"' % i}}}})
    print("finished", flush=True)
    """
)


def _worker(root: Path, *, target: str = "", ratio: float = 10.0, count: int = 1) -> subprocess.Popen:
    code = _WORKER.format(tests=str(REPO / "tests"), target=target, root=str(root), ratio=ratio, count=count, url=URL)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)


def _wait_for_line(proc: subprocess.Popen, wanted: str, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"worker exited before {wanted!r} (rc={proc.wait()})")
        if line.strip() == wanted:
            return
    raise AssertionError(f"no {wanted!r} within {timeout} s")


STEPS = ["locked", "tmp-created", "file-written", "dir-synced", "renamed", "symlink-created", "swapped", "meta", "meta-written", "done"]


@pytest.mark.parametrize("step", STEPS)
def test_kill_9_during_commit_leaves_a_good_snapshot(tmp_path, step):
    cache = FeedCache(tmp_path)
    commit(cache, 1.5)
    old = fingerprint(1.5)
    new = fingerprint(10.0)
    proc = _worker(tmp_path, target=step)
    try:
        _wait_for_line(proc, step)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
    snap = cache.load_current(URL)
    assert snap is not None and snap.fingerprint in (old, new)
    if STEPS.index(step) < STEPS.index("swapped"):
        assert snap.fingerprint == old
    if step in ("swapped", "meta"):
        # current is new but meta.json still describes the old snapshot: its validators
        # must not be used for the new one (that could make a 304 freeze stale data)
        assert snap.fingerprint == new and cache.cached(URL).validators == {}
    if STEPS.index(step) >= STEPS.index("meta-written"):
        assert cache.cached(URL).validators["manifest.json"]["etag"] == '"w0"'
    assert cache.newest()[0] == URL
    # the lock died with the process: the next commit proceeds and tidies up
    commit(cache, 2.0)
    assert cache.load_current(URL).fingerprint == fingerprint(2.0)
    snaps = tmp_path / FeedCache.key(URL) / "snapshots"
    assert not any(p.name.startswith(".") for p in snaps.iterdir())
    assert not any(p.name.startswith(".tmp") for p in (tmp_path / FeedCache.key(URL)).iterdir())


def test_kill_9_at_random_moments(tmp_path):
    cache = FeedCache(tmp_path)
    commit(cache, 1.5)
    valid = {fingerprint(1.5)} | {fingerprint(100.0 + i) for i in range(1000)}
    rng = random.Random(1234)
    for _round in range(12):
        proc = _worker(tmp_path, ratio=100.0, count=1000)
        try:
            _wait_for_line(proc, "ready")
            time.sleep(rng.uniform(0.0, 0.08))
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
            proc.stdout.close()
        snap = cache.load_current(URL)
        assert snap is not None and snap.fingerprint in valid


def test_two_processes_committing_at_once(tmp_path):
    cache = FeedCache(tmp_path)
    procs = [_worker(tmp_path, ratio=100.0, count=25), _worker(tmp_path, ratio=200.0, count=25)]
    valid = {fingerprint(100.0 + i) for i in range(25)} | {fingerprint(200.0 + i) for i in range(25)}
    seen = 0
    try:
        for p in procs:
            _wait_for_line(p, "ready")
        end = time.monotonic() + 60
        while any(p.poll() is None for p in procs) and time.monotonic() < end:
            snap = cache.load_current(URL)  # readers take no lock and never see a broken snapshot
            if snap is not None:
                assert snap.fingerprint in valid
                seen += 1
        for p in procs:
            _wait_for_line(p, "finished")
            assert p.wait(timeout=10) == 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait(timeout=10)
            p.stdout.close()
    snap = cache.load_current(URL)
    assert snap is not None and snap.fingerprint in {fingerprint(124.0), fingerprint(224.0)}
    snaps = tmp_path / FeedCache.key(URL) / "snapshots"
    names = [p.name for p in snaps.iterdir()]
    assert len(names) == 2 and not any(n.startswith(".") for n in names)
    assert cache.meta(URL)["snapshot"] == cache.current_dir(URL).name
    assert seen > 0
