"""Issue 8's faults, each reproduced against the real loopback server and fixed:
a stale mirror, a 304 that freezes the cache, escapes in a reason phrase, redirects to
another host, Retry-After, cache writes that fail, secrets in the URL, the parsed-table
cache that grew forever."""

from __future__ import annotations

import email.utils
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpserver as hs
import pytest
from feed_fixtures import ROWS, bounded, table_bytes, write_snapshot_dir

from npl_tui.core.cache import FeedCache, redact_url
from npl_tui.core.feed import FeedError, HttpFeedSource
from npl_tui.core.loader import Loader
from npl_tui.core.parsed_cache import KEEP_PER_TABLE, ParsedCache
from npl_tui.core.schema import TABLES
from npl_tui.core.snapshot import MANIFEST_NAME, DataError, make_manifest

DATA = Path(__file__).resolve().parents[2] / "data"
ESC = "\x1b"


def cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "npl_tui", *args], capture_output=True, text=True, timeout=60, env={**os.environ, **env}, check=False)


@pytest.fixture
def cache(tmp_path: Path) -> FeedCache:
    return FeedCache(tmp_path / "cache")


def publish(path: Path, *, ratio: float = 1.5, generated_at: str | None = "2025-01-31T00:00:00Z", drop_announcements: bool = False) -> None:
    """Write a snapshot into *path*; *generated_at* None leaves it out of the manifest."""
    tables = table_bytes(ratio)
    rows = dict(ROWS)
    if drop_announcements:
        tables["announcements"] = tables["announcements"].split(b"\n", 1)[0] + b"\n"
        rows["announcements"] = 0
    for name, data in tables.items():
        (path / TABLES[name].filename).write_bytes(data)
    manifest = make_manifest(tables, rows, generated_at or "", title="test feed")
    if generated_at is None:
        doc = json.loads(manifest)
        del doc["generated_at"]
        manifest = json.dumps(doc).encode()
    (path / MANIFEST_NAME).write_bytes(manifest)


# --------------------------------------------------------------------------- 1. a stale mirror


def test_an_older_feed_is_refused_in_one_line_and_the_newer_copy_kept(tmp_path):
    """Before: `fetch` of an older publication said "updated" and 14 rows were gone."""
    root = shutil.copytree(DATA, tmp_path / "feed")
    with hs.FeedServer(root) as server:
        first = cli("fetch", server.base)
        assert first.returncode == 0 and "fetched" in first.stdout
        newer_rows = len((root / "announcements.csv").read_text("utf-8").splitlines())
        # An old mirror: 14 fewer announcements, generated a year earlier.
        lines = (root / "announcements.csv").read_text("utf-8").splitlines(keepends=True)
        (root / "announcements.csv").write_text("".join(lines[:-14]), "utf-8")
        assert cli("build", str(root)).returncode == 0
        doc = json.loads((root / MANIFEST_NAME).read_text("utf-8"))
        newer_generated = json.loads((DATA / MANIFEST_NAME).read_text("utf-8"))["generated_at"]
        doc["generated_at"] = "2020-01-01T00:00:00Z"
        (root / MANIFEST_NAME).write_text(json.dumps(doc), "utf-8")

        stale = cli("fetch", server.base)
        assert stale.returncode == 1, stale.stdout
        assert stale.stderr.count("\n") == 1 and "Traceback" not in stale.stderr
        assert f"feed is older than the cached copy: generated 2020-01-01T00:00:00Z < {newer_generated}" in stale.stderr
        assert "kept the last good copy" in stale.stderr and server.base in stale.stderr
        exported = cli("export", "announcements")
        assert exported.returncode == 0 and len(exported.stdout.splitlines()) == newer_rows


async def test_the_monitor_keeps_the_newer_copy_and_takes_a_newer_one_after(server, srv_dir, cache):
    publish(srv_dir, generated_at="2025-02-01T00:00:00Z")
    src = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        loader = Loader(src)
        good = await bounded(loader.refresh())
        assert good.error is None
        publish(srv_dir, ratio=9.9, generated_at="2025-01-01T00:00:00Z", drop_announcements=True)
        server.clear()
        refused = await bounded(loader.refresh())
        assert refused.error is not None and "feed is older than the cached copy: generated 2025-01-01T00:00:00Z < 2025-02-01T00:00:00Z" in refused.error
        assert refused.snapshot is good.snapshot
        assert server.paths() == ["/manifest.json"]  # refused before any table was fetched
        assert cache.load_current(server.base).fingerprint == good.snapshot.fingerprint
        publish(srv_dir, ratio=2.5, generated_at="2025-03-01T00:00:00Z")  # the publisher moves on
        newer = await bounded(loader.refresh())
        assert newer.error is None and newer.changed and newer.snapshot.ratios.rows[0]["value"] == 2.5
    finally:
        await src.aclose()


async def test_a_fresh_process_compares_with_the_cache(server, srv_dir, cache):
    publish(srv_dir, generated_at="2025-02-01T00:00:00Z")
    first = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        await bounded(first.load())
    finally:
        await first.aclose()
    publish(srv_dir, ratio=9.9, generated_at="2025-01-31T23:59:59Z")
    fresh = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        with pytest.raises(DataError, match="feed is older than the cached copy"):
            await bounded(fresh.load())
    finally:
        await fresh.aclose()


async def test_without_generation_times_the_newest_fact_decides(server, srv_dir, cache):
    publish(srv_dir, generated_at=None)
    src = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        assert await bounded(src.load()) is not None
        publish(srv_dir, generated_at=None, drop_announcements=True)  # newest fact 2025-01-15 -> 2024-12-31
        with pytest.raises(DataError, match=r"feed is older than the cached copy: newest fact 2024-12-31 < 2025-01-15"):
            await bounded(src.load())
    finally:
        await src.aclose()


def test_a_manifest_with_an_unreadable_generation_time_is_refused(srv_dir, server):
    doc = json.loads((srv_dir / MANIFEST_NAME).read_text("utf-8"))
    doc["generated_at"] = "yesterday"
    (srv_dir / MANIFEST_NAME).write_text(json.dumps(doc), "utf-8")
    out = cli("validate", server.base)
    assert out.returncode == 1 and "generated_at must be an ISO 8601 time" in out.stderr and out.stdout == ""


def test_the_cache_itself_never_takes_an_older_manifest(tmp_path):
    cache = FeedCache(tmp_path)
    url = "http://feed.example/npl/"
    newer = make_manifest(table_bytes(2.0), ROWS, "2025-02-01T00:00:00Z")
    older = make_manifest(table_bytes(1.0), ROWS, "2025-01-01T00:00:00Z")
    files = lambda ratio: {TABLES[n].filename: b for n, b in table_bytes(ratio).items()}
    cache.commit(url, newer, files(2.0))
    cache.commit(url, older, files(1.0))  # e.g. a slower process that fetched an old mirror
    assert cache.load_current(url).ratios.rows[0]["value"] == 2.0


# --------------------------------------------------------------------------- 2. a 304 that freezes the cache


async def test_a_304_on_either_validator_cannot_freeze_the_cache(server, srv_dir, cache):
    """Before: v2 published with v1's mtime, `fetch` said "not modified" and stored v2's
    ETag against v1's bytes; from then on it never updated."""
    for name in ("manifest.json", "ratios.csv"):
        server.route(name, hs.lenient_conditional())
    src = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        assert (await bounded(src.load())).ratios.rows[0]["value"] == 1.5
        mtimes = {p.name: p.stat().st_mtime for p in srv_dir.iterdir()}
        publish(srv_dir, ratio=2.5, generated_at="2025-02-01T00:00:00Z")
        for p in srv_dir.iterdir():
            os.utime(p, (mtimes[p.name], mtimes[p.name]))  # same modification times (rsync -t, same second)
        server.clear()
        updated = await bounded(src.load())
        assert updated is not None and updated.ratios.rows[0]["value"] == 2.5
        assert all("if-modified-since" not in headers for _path, headers in server.requests)
        assert await bounded(src.load()) is None  # and then it is current
    finally:
        await src.aclose()


async def test_a_304_naming_another_etag_is_asked_again(server, srv_dir, cache):
    src = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        await bounded(src.load())
        publish(srv_dir, ratio=2.5, generated_at="2025-02-01T00:00:00Z")
        server.route("manifest.json", hs.not_modified('"something-else"'))
        server.clear()
        snap = await bounded(src.load())
        assert snap is not None and snap.ratios.rows[0]["value"] == 2.5
        manifest_requests = [h for p, h in server.requests if p == "/manifest.json"]
        assert len(manifest_requests) == 2 and "if-none-match" not in manifest_requests[1]
        meta = cache.meta(server.base)
        assert meta["files"]["manifest.json"]["etag"] != '"something-else"'
    finally:
        await src.aclose()


def test_validators_recorded_by_older_versions_are_not_trusted(tmp_path):
    """A cache frozen by an earlier npl-tui (a 304's ETag stored against other bytes)
    heals: those validators are ignored once, the manifest is fetched in full."""
    cache = FeedCache(tmp_path)
    url = "http://feed.example/npl/"
    manifest = make_manifest(table_bytes(), ROWS, "2025-01-31T00:00:00Z")
    cache.commit(url, manifest, {TABLES[n].filename: b for n, b in table_bytes().items()}, {"manifest.json": {"etag": '"e"'}})
    assert cache.cached(url).validators["manifest.json"]["etag"] == '"e"'
    meta_path = cache.feed_dir(url) / "meta.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    del meta["validators"]
    meta_path.write_text(json.dumps(meta), "utf-8")
    assert cache.cached(url).validators == {}


# --------------------------------------------------------------------------- 3. escapes through the CLI


def test_a_reason_phrase_with_escapes_never_reaches_the_terminal(server, tmp_path):
    server.route("manifest.json", hs.status(500, "X \x1b]0;PWNED\x07"))
    for args in (("fetch", server.base), ("validate", server.base)):
        out = cli(*args)
        assert out.returncode == 1
        printed = out.stdout + out.stderr
        assert ESC not in printed and "\x07" not in printed
        assert "HTTP 500 X ]0;PWNED" in printed and printed.count("\n") == 1


def test_cli_output_strips_controls_from_what_a_feed_names(tmp_path, capsys):
    from npl_tui.cli import main

    bad = write_snapshot_dir(tmp_path / "bad\x1b[31mdir")
    (bad / "ratios.csv").write_text("nonsense", "utf-8")
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr()
    assert ESC not in out.out + out.err and "bad[31mdir" in out.err  # a problem: on stderr, cleaned


# --------------------------------------------------------------------------- 4. redirects to another host


async def test_a_redirect_to_another_host_is_refused(server, cache):
    """Before: 127.0.0.1 -> localhost was followed silently."""
    port = server.base.rsplit(":", 1)[1].rstrip("/")
    server.route("/npl/manifest.json", hs.redirect(f"http://localhost:{port}/manifest.json"))
    src = HttpFeedSource(server.url("npl/"), cache, deadline=5.0)
    try:
        with pytest.raises(DataError) as info:
            await bounded(src.load())
    finally:
        await src.aclose()
    message = str(info.value)
    assert "refusing redirect to another host" in message and f"localhost:{port}" in message and "\n" not in message
    assert server.paths() == ["/npl/manifest.json"]  # the other host was never asked


# --------------------------------------------------------------------------- 5. Retry-After


@pytest.mark.parametrize("code", [429, 503])
async def test_retry_after_is_read_from_the_server(code, server, cache):
    server.route("manifest.json", hs.retry_after(code, "3600"))
    src = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        result = await bounded(Loader(src).refresh())
    finally:
        await src.aclose()
    assert result.error is not None and f"HTTP {code}" in result.error and "retry after 1 h" in result.error
    assert result.retry_after == 3600


async def test_retry_after_as_a_date(server, cache):
    when = email.utils.formatdate(time.time() + 600, usegmt=True)
    server.route("manifest.json", hs.retry_after(503, when))
    src = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        with pytest.raises(FeedError) as info:
            await bounded(src.load())
    finally:
        await src.aclose()
    assert 590 <= info.value.retry_after <= 601


# --------------------------------------------------------------------------- 7. cache writes that fail


async def test_a_cache_that_cannot_be_written_is_said_and_nothing_is_downloaded_twice(server, srv_dir, tmp_path):
    """Before: the status line said fetched, and the changed table was downloaded again
    on every refresh."""
    root = tmp_path / "cache-root"
    cache = FeedCache(root)
    src = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        loader = Loader(src)
        assert (await bounded(loader.refresh())).warning is None
        root.chmod(0o500)  # read-only (root ignores modes: also make writes fail)
        failing = pytest.MonkeyPatch()
        failing.setattr("npl_tui.core.cache._write_file", _disk_full)
        try:
            publish(srv_dir, ratio=2.5, generated_at="2025-02-01T00:00:00Z")
            changed = await bounded(loader.refresh())
            assert changed.changed and changed.snapshot.ratios.rows[0]["value"] == 2.5
            assert changed.warning is not None and "not saved to the cache" in changed.warning and "No space left" in changed.warning
            server.clear()
            again = await bounded(loader.refresh())
            assert not again.changed and again.warning is not None
            assert server.paths() == ["/manifest.json"]  # the changed table is not downloaded again
        finally:
            failing.undo()
            root.chmod(0o700)
        healed = await bounded(loader.refresh())  # the disk has room again: the held copy goes in
        assert healed.warning is None
        assert cache.load_current(server.base).ratios.rows[0]["value"] == 2.5
    finally:
        await src.aclose()


def _disk_full(path, data):
    raise OSError(28, "No space left on device", str(path))


# --------------------------------------------------------------------------- 9. secrets in the URL


async def test_a_token_in_the_url_is_sent_but_never_shown_or_stored(server, cache):
    src = HttpFeedSource(server.base + "?token=s3cret&v=2", cache, deadline=5.0)
    try:
        snap = await bounded(src.load())
        assert snap.origin.location == server.base + "?token=***&v=2" and src.label == src.url
        assert all(t.endswith("?token=s3cret&v=2") for t in server.targets)
        server.route("ratios.csv", hs.status(500))
        write_snapshot_dir(server.root, ratio=2.0)
        with pytest.raises(DataError) as info:
            await bounded(src.load())
        assert "s3cret" not in str(info.value) and "token=***" in str(info.value)
    finally:
        await src.aclose()
    stored = b"".join(p.read_bytes() for p in cache.root.rglob("*") if p.is_file())
    assert b"s3cret" not in stored


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://h/npl/?token=abc", "https://h/npl/?token=***"),
        ("https://h/npl/?access_token=abc&region=cn", "https://h/npl/?access_token=***&region=cn"),
        ("https://h/npl/?X-Amz-Signature=abc&X-Amz-Credential=k", "https://h/npl/?X-Amz-Signature=***&X-Amz-Credential=***"),
        ("https://u:pw@h/npl/?apikey=1", "https://u:***@h/npl/?apikey=***"),
        ("https://h/npl/?feed=bank-a", "https://h/npl/?feed=bank-a"),
    ],
)
def test_secret_query_parameters_are_redacted(url, shown):
    assert redact_url(url) == shown


# --------------------------------------------------------------------------- 10. the parsed-table cache


def test_the_parsed_table_cache_is_trimmed(tmp_path):
    """Before: parsed/ kept a file for every table version ever seen."""
    parsed = ParsedCache(tmp_path / "parsed")
    for i in range(30):
        parsed.put("ratios", f"{i:064x}", [{"id": str(i)}], [])
        time.sleep(0.002)
    files = sorted(p.name for p in (tmp_path / "parsed").iterdir())
    assert len(files) == KEEP_PER_TABLE
    assert all(f.startswith("ratios-") for f in files)
    assert parsed.get("ratios", f"{29:064x}", ["id"], [], 1) is not None  # the newest are kept


def test_a_table_read_stays_while_new_ones_come(tmp_path):
    parsed = ParsedCache(tmp_path / "parsed")
    parsed.put("ratios", "0" * 64, [{"id": "kept"}], [])
    for i in range(1, 3 * KEEP_PER_TABLE):
        time.sleep(0.002)
        assert parsed.get("ratios", "0" * 64, ["id"], [], 1) is not None  # in use: marked as used
        parsed.put("ratios", f"{i:064x}", [{"id": str(i)}], [])
    assert parsed.get("ratios", "0" * 64, ["id"], [], 1) is not None
    assert parsed.get("ratios", f"{1:064x}", ["id"], [], 1) is None  # an old unused one went
