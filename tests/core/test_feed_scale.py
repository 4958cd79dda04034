"""Feeds at scale (issue 11): a lots table fetched like the others — compressed, capped at
the size its manifest declares, streamed to disk, with progress."""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import os
import pty
import select
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import httpserver as hs
import pytest
from feed_fixtures import LOTS_HEADER, LockHolder, bounded, lots_csv, write_lots_feed

import npl_tui.core.feed as feed_module
from npl_tui.core.cache import FeedCache
from npl_tui.core.feed import HttpFeedSource
from npl_tui.core.history import History
from npl_tui.core.lots import read_lots
from npl_tui.core.schema import LOTS
from npl_tui.core.snapshot import MANIFEST_NAME, DataError, Origin, read_snapshot_dir

LOTS_ROWS = 3000


@pytest.fixture
def cache(tmp_path: Path) -> FeedCache:
    return FeedCache(tmp_path / "cache")


@pytest.fixture
def lots_dir(srv_dir: Path) -> tuple[Path, bytes]:
    """The served directory with a gzip-compressed lots table of a few thousand rows."""
    stored = write_lots_feed(srv_dir, lots_csv(LOTS_ROWS))
    return srv_dir, stored


def staging_left(cache: FeedCache, url: str) -> list[Path]:
    incoming = cache.feed_dir(url) / "incoming"
    return sorted(incoming.iterdir()) if incoming.is_dir() else []


def slowly(path: Path, pieces: int = 8, pause: float = 0.06, length: bool = True) -> hs.Behaviour:
    """Serve the file at *path* in *pieces*, pausing between them (a slow link)."""

    def behaviour(h) -> None:  # type: ignore[no-untyped-def]
        data = path.read_bytes()
        h.send_response(200)
        if length:
            h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        step = -(-len(data) // pieces)
        for i in range(0, len(data), step):
            h.wfile.write(data[i : i + step])
            h.wfile.flush()
            time.sleep(pause)

    return behaviour


def endless(prefix: bytes, limit: int = 64 * 1024 * 1024) -> hs.Behaviour:
    """200 without Content-Length: *prefix*, then filler up to *limit* bytes (a body that
    keeps growing); the bytes actually sent are counted in ``sent``."""
    sent = [0]

    def behaviour(h) -> None:  # type: ignore[no-untyped-def]
        h.send_response(200)
        h.end_headers()
        h.wfile.write(prefix)
        sent[0] += len(prefix)
        filler = b"x" * 65536
        while sent[0] < limit:
            h.wfile.write(filler)
            sent[0] += len(filler)

    behaviour.sent = sent  # type: ignore[attr-defined]
    return behaviour


def stream_file(path: Path) -> hs.Behaviour:
    """Serve a big file a chunk at a time (never read whole into this process's memory)."""

    def behaviour(h) -> None:  # type: ignore[no-untyped-def]
        h.send_response(200)
        h.send_header("Content-Length", str(path.stat().st_size))
        h.end_headers()
        with open(path, "rb") as fh:
            while chunk := fh.read(256 * 1024):
                h.wfile.write(chunk)

    return behaviour


# --------------------------------------------------------------------------- the fixture itself


def test_the_hand_written_lots_file_has_the_schema_columns():
    header = LOTS_HEADER.strip().split(",")
    assert header == list(LOTS.column_names)
    body = lots_csv(5).decode("utf-8").splitlines()
    assert len(body) == 6 and all(len(line.split(",")) == len(header) for line in body)


# --------------------------------------------------------------------------- fetched and cached


async def test_a_gzip_compressed_lots_feed_is_fetched_streamed_and_cached(lots_dir, server, cache):
    srv, stored = lots_dir
    src = HttpFeedSource(server.base, cache, deadline=10.0)
    try:
        snap = await bounded(src.load())
        assert snap is not None and "lots" in snap.manifest.tables and "lots" not in snap.tables
        live = cache.current_dir(server.base)
        assert live is not None and snap.files_dir == live
        # stored and hashed as served: the compressed bytes, not their contents
        kept = (snap.files_dir / "lots.csv.gz").read_bytes()
        assert kept == stored and hashlib.sha256(kept).hexdigest() == snap.manifest.tables["lots"].sha256
        assert gzip.decompress(kept).count(b"\n") == LOTS_ROWS + 1
        # and the reader of columns reads it from there, all of it valid
        assert snap.lots_file() == snap.files_dir / "lots.csv.gz"
        assert read_lots(snap.lots_file(), snap.lots_entry).n == LOTS_ROWS
        assert cache.meta(server.base)["files"]["lots.csv.gz"]["sha256"] == snap.manifest.tables["lots"].sha256
        assert staging_left(cache, server.base) == []  # the staging dir went with the commit
        assert "lots" in src.last_changes

        # unchanged: one conditional request, nothing downloaded
        server.clear()
        assert await bounded(src.load()) is None
        assert server.paths() == ["/manifest.json"]

        # a new publication that leaves the lots alone: the cached file is reused, not fetched
        write_lots_feed(srv, lots_csv(LOTS_ROWS), ratio=2.5, generated_at="2025-02-28T00:00:00Z")
        server.clear()
        newer = await bounded(src.load())
        assert newer is not None and "/lots.csv.gz" not in server.paths() and "/ratios.csv" in server.paths()
        assert newer.files_dir == cache.current_dir(server.base) != live
        assert (newer.files_dir / "lots.csv.gz").read_bytes() == stored
        assert src.last_changes == ["ratios"]
        assert staging_left(cache, server.base) == []
    finally:
        await src.aclose()

    # a fresh process told "not modified" gets the cache's copy, and where its files are
    fresh = HttpFeedSource(server.base, cache, deadline=10.0)
    try:
        again = await bounded(fresh.load())
        assert again is not None and again.files_dir == cache.current_dir(server.base)
    finally:
        await fresh.aclose()


async def test_content_encoding_on_top_of_a_gz_file_is_decoded_first(lots_dir, server, cache):
    _srv, stored = lots_dir
    server.route("/lots.csv.gz", hs.gzipped(stored))  # a server that compresses everything
    src = HttpFeedSource(server.base, cache, deadline=10.0)
    try:
        snap = await bounded(src.load())
        assert snap is not None and (snap.files_dir / "lots.csv.gz").read_bytes() == stored
    finally:
        await src.aclose()


def test_a_snapshot_directory_says_where_its_files_are(lots_dir):
    srv, _stored = lots_dir
    snap = read_snapshot_dir(srv, Origin("snapshot", str(srv)))
    assert snap.files_dir == srv and (snap.files_dir / snap.manifest.tables["lots"].file).is_file()


async def test_a_copy_the_cache_cannot_take_reads_its_files_from_staging(lots_dir, server, cache):
    src = HttpFeedSource(server.base, cache, deadline=10.0)
    try:
        (cache.feed_dir(server.base)).mkdir(parents=True)
        with LockHolder(cache, server.base):
            snap = await bounded(src.load())
            assert snap is not None and src.cache_error is not None and "lock busy" in src.cache_error
            assert snap.files_dir is not None and snap.files_dir.parent.name == "incoming"
            held = snap.files_dir / "lots.csv.gz"
            assert held.read_bytes() == lots_dir[1]
        # the next check commits it; the staging dir stays while that snapshot is the one shown
        assert await bounded(src.load()) is None and src.cache_error is None
        assert cache.current_dir(server.base) is not None
        assert held.is_file()
    finally:
        await src.aclose()
    assert staging_left(cache, server.base) == []  # closing the source tidies it


# --------------------------------------------------------------------------- sizes and caps


async def good_first(server, cache) -> tuple[HttpFeedSource, str]:
    src = HttpFeedSource(server.base, cache, deadline=10.0, read_timeout=5.0)
    snap = await bounded(src.load())
    assert snap is not None
    return src, snap.fingerprint


def assert_refused_and_kept(info, cache, server, fingerprint, url: str) -> str:
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"GET {url}:")
    assert cache.load_current(server.base).fingerprint == fingerprint  # the last good data stays
    assert staging_left(cache, server.base) == []
    return message


@pytest.mark.parametrize("announced", [True, False], ids=["content-length", "unsized"])
async def test_a_lots_body_larger_than_declared_is_refused_before_parsing(lots_dir, server, cache, monkeypatch, announced):
    srv, stored = lots_dir
    src, fingerprint = await good_first(server, cache)
    try:
        declared = 20_000
        write_lots_feed(srv, lots_csv(LOTS_ROWS, start=1), generated_at="2025-02-28T00:00:00Z", declare=declared)
        grown = endless(stored[:1000]) if not announced else hs.body(stored + b"\0" * 50_000)
        server.route("/lots.csv.gz", grown)
        monkeypatch.setattr(feed_module, "build_snapshot", _refuse_parsing)
        with pytest.raises(DataError) as info:
            await bounded(src.load())
        message = assert_refused_and_kept(info, cache, server, fingerprint, server.url("lots.csv.gz"))
        assert "larger than the manifest declares" in message and f"{declared:,} bytes declared" in message
        if announced:
            assert f"announces {len(stored) + 50_000:,}" in message
        else:
            received = int(message.split("declared, ")[1].split(" received")[0].replace(",", ""))
            assert declared < received <= declared + 256 * 1024  # stopped as soon as it passed
            assert "refused before parsing" in message
    finally:
        await src.aclose()


def _refuse_parsing(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise AssertionError("parsed a publication whose body was too large")


async def test_a_row_table_larger_than_declared_is_refused_before_parsing(lots_dir, server, cache, monkeypatch):
    srv, _stored = lots_dir
    src, fingerprint = await good_first(server, cache)
    try:
        write_lots_feed(srv, lots_csv(LOTS_ROWS), ratio=2.5, generated_at="2025-02-28T00:00:00Z")
        declared = (srv / "ratios.csv").stat().st_size
        server.route("/ratios.csv", endless((srv / "ratios.csv").read_bytes()))
        monkeypatch.setattr(feed_module, "build_snapshot", _refuse_parsing)
        with pytest.raises(DataError) as info:
            await bounded(src.load())
        message = assert_refused_and_kept(info, cache, server, fingerprint, server.url("ratios.csv"))
        assert f"{declared:,} bytes declared" in message and "received so far" in message
    finally:
        await src.aclose()


async def test_lots_without_a_declared_size_is_refused(srv_dir, server, cache):
    src, fingerprint = await good_first(server, cache)
    try:
        write_lots_feed(srv_dir, lots_csv(LOTS_ROWS), generated_at="2025-02-28T00:00:00Z", declare=None)
        assert "bytes" not in json.loads((srv_dir / MANIFEST_NAME).read_text("utf-8"))["tables"]["lots"]
        server.clear()
        with pytest.raises(DataError) as info:
            await bounded(src.load())
        message = str(info.value)
        assert message == (
            f"{server.url(MANIFEST_NAME)}: table 'lots' (lots.csv.gz): the manifest must declare its size in bytes "
            '("bytes"), the most a reader downloads of it'
        )
        assert server.paths() == ["/manifest.json"]  # refused before any table was asked for
        assert cache.load_current(server.base).fingerprint == fingerprint
    finally:
        await src.aclose()


async def test_lots_with_a_bad_row_are_refused_and_the_cache_keeps_the_last_good_copy(lots_dir, server, cache):
    srv, _stored = lots_dir
    src, fingerprint = await good_first(server, cache)
    try:
        bad = lots_csv(LOTS_ROWS, start=1).split(b"\n")
        bad[2501] = bad[2501].replace(b",property,", b",spaceship,")
        write_lots_feed(srv, b"\n".join(bad), generated_at="2025-02-28T00:00:00Z")
        with pytest.raises(DataError) as info:
            await bounded(src.load())
        assert str(info.value).startswith(f"{server.base.rstrip('/')}/lots.csv.gz row 2501 column asset_type: 'spaceship' is not one of")
        assert cache.load_current(server.base).fingerprint == fingerprint
        assert staging_left(cache, server.base) == []
    finally:
        await src.aclose()


async def test_a_lots_file_that_does_not_match_its_manifest_is_refused(lots_dir, server, cache):
    srv, stored = lots_dir
    src, fingerprint = await good_first(server, cache)
    try:
        write_lots_feed(srv, lots_csv(LOTS_ROWS, start=1), generated_at="2025-02-28T00:00:00Z")
        other = bytearray((srv / "lots.csv.gz").read_bytes())
        other[-20] ^= 0xFF  # same size, other bytes
        (srv / "lots.csv.gz").write_bytes(bytes(other))
        with pytest.raises(DataError, match=r"lots\.csv\.gz: SHA-256 .* does not match the manifest's") as info:
            await bounded(src.load())
        assert "\n" not in str(info.value) and server.base in str(info.value)
        server.route("/lots.csv.gz", hs.body(stored[:-10]))  # shorter than declared
        with pytest.raises(DataError, match=r"lots\.csv\.gz: is [\d,]+ bytes, the manifest declares [\d,]+$"):
            await bounded(src.load())
        assert cache.load_current(server.base).fingerprint == fingerprint
        assert staging_left(cache, server.base) == []
    finally:
        await src.aclose()


async def test_a_declared_file_over_32_mib_is_accepted_and_never_held_in_memory(srv_dir, server, tmp_path, monkeypatch):
    # an uncompressed lots.csv just over the fixed 32 MiB limit of undeclared tables
    checked = []

    async def rows_checked(self, manifest, staged, changed):  # (reading the rows into columns is measured elsewhere)
        checked.append(changed)

    monkeypatch.setattr(HttpFeedSource, "_check_lots", rows_checked)
    big = srv_dir / "lots.csv"
    rows, data_size, digest = _write_big_lots(big, 33 * 1024 * 1024)
    assert data_size > feed_module.DEFAULT_MAX_BYTES
    _write_manifest_for(srv_dir, "lots.csv", rows, digest, data_size)
    server.route("/lots.csv", stream_file(big))
    kept = History(tmp_path / "history")
    src = HttpFeedSource(server.base, FeedCache(tmp_path / "cache", history=kept), deadline=30.0)
    tracemalloc.start()
    try:
        snap = await bounded(src.load(), 60)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        await src.aclose()
    assert snap is not None and (snap.files_dir / "lots.csv").stat().st_size == data_size
    assert peak < 8 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB: the body was held in memory"
    assert checked == [True]
    # the history keeps it too (hashed a chunk at a time, linked, never read whole)
    (entry,) = kept.entries()
    assert (entry.path / "lots.csv").stat().st_size == data_size and not kept.notices


def _write_big_lots(path: Path, at_least: int) -> tuple[int, int, str]:
    """A valid lots.csv of at least *at_least* bytes; (rows, size, SHA-256)."""
    rows = 0
    digest = hashlib.sha256(LOTS_HEADER.encode())
    with open(path, "wb") as fh:
        fh.write(LOTS_HEADER.encode())
        while fh.tell() <= at_least:
            block = lots_csv(5000, start=rows).split(b"\n", 1)[1]
            fh.write(block)
            digest.update(block)
            rows += 5000
        size = fh.tell()
    return rows, size, digest.hexdigest()


def _write_manifest_for(path: Path, file: str, rows: int, sha256: str, size: int) -> None:
    from feed_fixtures import ROWS, table_bytes

    from npl_tui.core.snapshot import TableEntry, make_manifest

    manifest = make_manifest(table_bytes(), ROWS, "2025-01-31T00:00:00Z", files={"lots": TableEntry(file, rows, sha256, size)})
    (path / MANIFEST_NAME).write_bytes(manifest)


async def test_with_trust_sizes_count_only_once_the_signature_verifies(srv_dir, server, cache, tmp_path):
    from npl_tui.core.signing import generate_keypair, load_public_key, load_signing_key

    key_file = tmp_path / "feed.key"
    generate_keypair(key_file)
    stored = write_lots_feed(srv_dir, lots_csv(100), sign=load_signing_key(key_file))
    trust = [load_public_key(tmp_path / "feed.key.pub")]
    src = HttpFeedSource(server.base, cache, deadline=10.0, trust=trust)
    try:
        snap = await bounded(src.load())
        assert snap is not None and (snap.files_dir / "lots.csv.gz").read_bytes() == stored
        # someone on the path raises the declared size to push a bigger body through
        doc = json.loads((srv_dir / MANIFEST_NAME).read_text("utf-8"))
        doc["tables"]["lots"]["bytes"] = 10**12
        (srv_dir / MANIFEST_NAME).write_text(json.dumps(doc), "utf-8")
        server.clear()
        with pytest.raises(DataError, match="signature does not verify"):
            await bounded(src.load())
        assert server.paths() == ["/manifest.json"]
    finally:
        await src.aclose()


# --------------------------------------------------------------------------- progress


async def test_progress_is_reported_at_most_ten_times_a_second(lots_dir, server, cache):
    srv, stored = lots_dir
    server.route("/lots.csv.gz", slowly(srv / "lots.csv.gz", pieces=10, pause=0.05))
    calls: list[tuple[float, str, int, int | None]] = []
    src = HttpFeedSource(server.base, cache, deadline=10.0, progress=lambda *a: calls.append((time.monotonic(), *a)))
    try:
        assert await bounded(src.load()) is not None
    finally:
        await src.aclose()
    lots = [(t, got, expected) for t, name, got, expected in calls if name == "lots"]
    assert len(lots) >= 3, calls
    assert all(expected == len(stored) for _t, _got, expected in lots)
    assert [got for _t, got, _e in lots] == sorted(got for _t, got, _e in lots)
    assert lots[-1][1] == len(stored)  # ends at 100%
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(calls[:-1])]  # the last call (the end) is not throttled
    assert all(gap >= 0.09 for gap in gaps), gaps
    assert {name for _t, name, _g, _e in calls} <= {"lots", "ratios", "announcements", "provinces", "discount_rates"}


async def test_a_failing_progress_display_does_not_fail_the_load(lots_dir, server, cache):
    def broken(*args):  # type: ignore[no-untyped-def]
        raise RuntimeError("terminal gone")

    src = HttpFeedSource(server.base, cache, deadline=10.0, progress=broken)
    try:
        assert await bounded(src.load()) is not None and src.progress is None
    finally:
        await src.aclose()


def _fetch(url: str, tty: bool, cache_home: Path) -> tuple[int, str, str]:
    """`npl-tui fetch URL` in a child process with its own cache, standard error on a
    terminal or a pipe."""
    args = [sys.executable, "-m", "npl_tui", "fetch", url]
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    if not tty:
        done = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False, env=env)
        return done.returncode, done.stdout, done.stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    err = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed it
                break
            if not chunk:
                break
            err += chunk
        elif proc.poll() is not None:
            break
    out = proc.stdout.read().decode() if proc.stdout else ""
    code = proc.wait(timeout=10)
    os.close(master)
    return code, out, err.decode()


def test_fetch_shows_progress_on_a_terminal_and_nothing_extra_otherwise(lots_dir, server, tmp_path):
    srv, stored = lots_dir
    server.route("/lots.csv.gz", slowly(srv / "lots.csv.gz", pieces=10, pause=0.05))
    code, out, err = _fetch(server.base, True, tmp_path / "tty-cache")
    assert code == 0 and out.startswith(f"{server.base}: fetched (")
    total = f"{len(stored) / 1e6:.1f}"
    assert "\r" in err and f"/ {total} MB  " in err and "%" in err
    assert f"lots.csv.gz  {total} / {total} MB  100%" in err
    assert err.endswith("\r") and err.rstrip("\r ").count("\n") == 0  # one line, erased at the end
    code, out2, err2 = _fetch(server.base, False, tmp_path / "pipe-cache")  # the same download, to a pipe
    assert code == 0 and err2 == "" and out2 == out
