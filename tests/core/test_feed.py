"""HttpFeedSource against a real HTTP server on 127.0.0.1 (and MockTransport for TLS cases)."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpserver as hs
import httpx
import pytest
from feed_fixtures import (
    DATA,
    LockHolder,
    bounded,
    copy_data_dir,
    rewrite_manifest,
    snapshot_files,
    write_snapshot_dir,
)

from npl_tui.core.cache import FeedCache
from npl_tui.core.feed import HttpFeedSource, _Decoder, _Fail, normalise_feed_url
from npl_tui.core.loader import Loader
from npl_tui.core.snapshot import DataError
from npl_tui.core.sources import Source

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
TABLE_FILES = ["/ratios.csv", "/announcements.csv", "/provinces.csv", "/discount_rates.csv"]




@pytest.fixture
def cache(tmp_path: Path) -> FeedCache:
    return FeedCache(tmp_path / "cache")


@pytest.fixture
async def source(server, cache):
    src = HttpFeedSource(server.base, cache, deadline=5.0, read_timeout=3.0)
    yield src
    await src.aclose()


# --------------------------------------------------------------------------- good paths


async def test_first_load_verifies_caches_and_reports_changes(source, server, cache):
    assert isinstance(source, Source)
    snap = await bounded(source.load())
    assert snap is not None
    assert snap.origin.kind == "feed" and snap.origin.location == server.base
    assert snap.origin.fetched_at is not None
    assert snap.ratios.rows[0]["value"] == 1.5
    assert sorted(server.paths()) == sorted(["/manifest.json", *TABLE_FILES])
    assert sorted(source.last_changes) == sorted(["ratios", "announcements", "provinces", "discount_rates"])
    cached = cache.load_current(server.base)
    assert cached is not None and cached.fingerprint == snap.fingerprint
    assert cached.origin.kind == "cache"
    meta = cache.meta(server.base)
    assert meta["url"] == server.base and meta["files"]["manifest.json"]["etag"].startswith('"')


async def test_not_modified_returns_none_without_table_requests(source, server):
    await bounded(source.load())
    server.clear()
    assert await bounded(source.load()) is None
    assert server.paths() == ["/manifest.json"]
    headers = server.requests[0][1]
    # If-None-Match alone: with both, a server that answers 304 when either matches
    # can confirm changed bytes whose modification time did not move (fault 2)
    assert "if-none-match" in headers and "if-modified-since" not in headers
    assert source.last_changes == []


async def test_fresh_process_gets_the_cache_when_server_says_not_modified(source, server, cache):
    first = await bounded(source.load())
    server.clear()
    fresh = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        snap = await bounded(fresh.load())
        assert snap is not None and snap.fingerprint == first.fingerprint
        assert snap.origin.kind == "feed"
        assert server.paths() == ["/manifest.json"]  # no table downloaded
        assert await bounded(fresh.load()) is None  # and then: unchanged
    finally:
        await fresh.aclose()


async def test_changed_figure_refetches_only_that_table(source, server, srv_dir):
    loader = Loader(source)
    first = await bounded(loader.refresh())
    assert first.changed
    write_snapshot_dir(srv_dir, ratio=2.25)  # same bytes for the other three tables
    server.clear()
    result = await bounded(loader.refresh())
    assert result.changed and result.error is None
    assert sorted(server.paths()) == ["/manifest.json", "/ratios.csv"]
    assert result.snapshot.ratios.rows[0]["value"] == 2.25
    assert source.last_changes == ["ratios"]
    assert source.cache.previous_dir(server.base) is not None  # old snapshot kept for diffs


async def test_server_without_conditional_support_costs_only_the_manifest(server, cache):
    await_once = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        await bounded(await_once.load())
        manifest = (server.root / "manifest.json").read_bytes()
        server.route("/manifest.json", hs.body(manifest, "application/json"))  # no ETag, no 304
        server.clear()
        assert await bounded(await_once.load()) is None
        assert server.paths() == ["/manifest.json"]
    finally:
        await await_once.aclose()


async def test_unwritable_cache_still_serves_verified_data(server, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache should be")
    src = HttpFeedSource(server.base, FeedCache(blocker / "cache"), deadline=5.0)
    try:
        snap = await bounded(src.load())
        assert snap is not None and snap.origin.kind == "feed"
        assert src.cache_error is not None and str(blocker) in src.cache_error and "\n" not in src.cache_error
        server.clear()
        assert await bounded(src.load()) is None  # the copy held in memory is confirmed by a 304...
        assert server.paths() == ["/manifest.json"]  # ...not downloaded again
        assert src.cache_error is not None  # and the cache is still said to be failing
    finally:
        await src.aclose()


async def test_cache_that_cannot_record_a_confirmation_still_serves_data(server, cache, monkeypatch):
    first_src = HttpFeedSource(server.base, cache, deadline=5.0)
    fresh = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        first = await bounded(first_src.load())

        def no_lock(self, feed_dir, *args, **kwargs):
            raise PermissionError(13, "Permission denied", str(feed_dir / "lock"))

        monkeypatch.setattr(FeedCache, "_lock", no_lock)
        assert await bounded(first_src.load()) is None  # 304, nothing new
        assert first_src.cache_error is not None and "Permission denied" in first_src.cache_error
        snap = await bounded(fresh.load())  # 304 in a fresh process: the cache is the data
        assert snap is not None and snap.fingerprint == first.fingerprint
        assert fresh.cache_error is not None and "\n" not in fresh.cache_error
        server.route("/manifest.json", hs.body((server.root / "manifest.json").read_bytes()))  # no 304
        assert await bounded(first_src.load()) is None  # same manifest again
        assert first_src.cache_error is not None and str(cache.root) in first_src.cache_error
    finally:
        await first_src.aclose()
        await fresh.aclose()


async def test_a_held_cache_lock_does_not_outlast_the_deadline(server, srv_dir, cache):
    first = HttpFeedSource(server.base, cache)
    try:
        await bounded(first.load())
    finally:
        await first.aclose()
    old = cache.load_current(server.base)
    with LockHolder(cache, server.base, seconds=30):
        fresh = HttpFeedSource(server.base, cache, deadline=2.0)
        try:
            started = time.monotonic()
            snap = await bounded(fresh.load())  # 304: recording it waits for the lock only briefly
            assert time.monotonic() - started < 1.8
            assert snap is not None and snap.fingerprint == old.fingerprint
            assert "lock busy" in fresh.cache_error and "\n" not in fresh.cache_error

            write_snapshot_dir(srv_dir, ratio=3.0)  # a new snapshot to commit
            started = time.monotonic()
            snap = await bounded(fresh.load())
            assert time.monotonic() - started < 2.5  # about the deadline, not the lock holder's time
            assert snap is not None and snap.ratios.rows[0]["value"] == 3.0  # verified data is shown
            assert "lock busy" in fresh.cache_error
        finally:
            await fresh.aclose()
    assert cache.load_current(server.base).fingerprint == old.fingerprint  # nothing half-written


async def test_gzip_encoded_manifest_is_decoded(server, cache):
    manifest = (server.root / "manifest.json").read_bytes()
    server.route("/manifest.json", hs.gzipped(manifest))
    src = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        snap = await bounded(src.load())
        assert snap is not None
    finally:
        await src.aclose()


async def test_damaged_cache_is_refetched_not_trusted(source, server, cache):
    first = await bounded(source.load())
    current = cache.current_dir(server.base)
    (current / "ratios.csv").write_bytes(b"garbage\n")
    assert cache.load_current(server.base) is None  # corrupt cache reads as absent
    fresh = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        snap = await bounded(fresh.load())
        assert snap is not None and snap.fingerprint == first.fingerprint
        assert cache.load_current(server.base).fingerprint == first.fingerprint
    finally:
        await fresh.aclose()


async def test_real_data_dir_if_present(tmp_path, cache):
    root = copy_data_dir(tmp_path / "data")
    if root is None:
        pytest.skip("data/ is not generated yet")
    with hs.FeedServer(root) as server:
        src = HttpFeedSource(server.base, cache, deadline=20.0)
        try:
            snap = await bounded(src.load(), 30)
            assert snap is not None and len(snap.announcements) > 0
            assert await bounded(src.load()) is None
        finally:
            await src.aclose()


async def test_lazy_client_is_closed(server, cache):
    src = HttpFeedSource(server.base, cache)
    assert src._client is None  # nothing created before the first load
    await bounded(src.load())
    client = src._client
    assert client is not None and not client.is_closed
    await src.aclose()
    assert client.is_closed


async def test_borrowed_client_is_left_open(server, cache):
    async with httpx.AsyncClient() as client:
        src = HttpFeedSource(server.base, cache, client=client)
        await bounded(src.load())
        await src.aclose()
        assert not client.is_closed


# --------------------------------------------------------------------------- faults


def _html(server, srv_dir):
    server.route("/manifest.json", hs.html_page())
    return "HTML"


def _manifest_404(server, srv_dir):
    server.route("/manifest.json", hs.status(404, "Not Found"))
    return f"GET {server.url('manifest.json')}: HTTP 404 Not Found"


def _manifest_500(server, srv_dir):
    server.route("/manifest.json", hs.status(500, "Internal Server Error"))
    return f"GET {server.url('manifest.json')}: HTTP 500 Internal Server Error"


def _table_404(server, srv_dir):
    write_snapshot_dir(srv_dir, ratio=3.0)
    server.route("/ratios.csv", hs.status(404, "Not Found"))
    return f"GET {server.url('ratios.csv')}: HTTP 404 Not Found"


def _truncated(server, srv_dir):
    manifest = (srv_dir / "manifest.json").read_bytes()
    server.route("/manifest.json", hs.truncated(manifest[:100], len(manifest) + 500))
    return "truncated"


def _truncated_table(server, srv_dir):
    write_snapshot_dir(srv_dir, ratio=3.0)
    data = (srv_dir / "ratios.csv").read_bytes()
    server.route("/ratios.csv", hs.truncated(data[:20], len(data)))
    return f"GET {server.url('ratios.csv')}: the server closed the connection early, body truncated"


def _hash_mismatch(server, srv_dir):
    write_snapshot_dir(srv_dir, ratio=3.0)  # manifest now lists the 3.0 file...
    _m, files = snapshot_files(ratio=4.0)
    (srv_dir / "ratios.csv").write_bytes(files["ratios.csv"])  # ...but serves another one
    return f"{server.url('ratios.csv')}: SHA-256"


def _major_version(server, srv_dir):
    rewrite_manifest(srv_dir, format_version="2.0")
    return "format_version 2.0 is not supported"


def _redirect_loop(server, srv_dir):
    server.route("/manifest.json", hs.redirect("/loop"))
    server.route("/loop", hs.redirect("/manifest.json"))
    return "too many redirects (more than 5)"


def _oversize(server, srv_dir):
    server.route("/manifest.json", hs.body(b"{" + b" " * 200_000 + b"}"))
    return "larger than the 64 KiB limit"


def _oversize_unsized(server, srv_dir):
    server.route("/manifest.json", hs.unsized(b"{" + b" " * 200_000 + b"}"))
    return "larger than the 64 KiB limit"


def _gzip_bomb(server, srv_dir):
    server.route("/manifest.json", hs.gzip_bomb(64 * 1024 * 1024))
    return "larger than the 64 KiB limit"


def _drip(server, srv_dir):
    server.route("/manifest.json", hs.drip(0.1))
    return "did not finish loading within the 1.5 s deadline"


def _drip_table(server, srv_dir):
    write_snapshot_dir(srv_dir, ratio=3.0)
    # announced at its true size: a bigger one is refused at once (the manifest declares it)
    server.route("/ratios.csv", hs.drip(0.1, length=(srv_dir / "ratios.csv").stat().st_size))
    return "did not finish loading within the 1.5 s deadline"


FAULTS = [
    _html,
    _manifest_404,
    _manifest_500,
    _table_404,
    _truncated,
    _truncated_table,
    _hash_mismatch,
    _major_version,
    _redirect_loop,
    _oversize,
    _oversize_unsized,
    _gzip_bomb,
    _drip,
    _drip_table,
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.__name__.strip("_") for f in FAULTS])
async def test_fault_keeps_last_good(fault, server, srv_dir, cache):
    src = HttpFeedSource(server.base, cache, deadline=1.5, read_timeout=5.0, max_bytes=64 * 1024)
    try:
        loader = Loader(src)
        good = await bounded(loader.refresh())
        assert good.error is None and good.snapshot is not None
        expected = fault(server, srv_dir)
        started = time.monotonic()
        with pytest.raises(DataError) as info:
            await bounded(src.load())
        assert time.monotonic() - started < 5  # the deadline holds, whatever the server does
        message = str(info.value)
        assert "\n" not in message
        assert expected in message
        assert server.base in message  # names the URL
        # the cache still holds the first good snapshot, and the loader keeps it
        assert cache.load_current(server.base).fingerprint == good.snapshot.fingerprint
        result = await bounded(loader.refresh())
        assert result.error is not None and "\n" not in result.error and server.base in result.error
        assert result.snapshot is good.snapshot and loader.last_good is good.snapshot
        # and a fresh process still starts from the good cache
        assert cache.newest()[0] == server.base
    finally:
        await src.aclose()


async def test_gzip_bomb_is_stopped_early(server, cache):
    server.route("/manifest.json", hs.gzip_bomb(64 * 1024 * 1024))
    src = HttpFeedSource(server.base, cache, deadline=10.0, max_bytes=1024 * 1024)
    try:
        started = time.monotonic()
        with pytest.raises(DataError, match="larger than the 1 MiB limit"):
            await bounded(src.load())
        assert time.monotonic() - started < 3  # did not inflate 64 MiB first
    finally:
        await src.aclose()


# --------------------------------------------------------------------------- Content-Encoding


MIB_MEMBER = gzip.compress(b"\0" * (1024 * 1024), compresslevel=9)  # ~1 KiB on the wire


def _decode_all(coding: str, data: bytes, budget: int, step: int | None = None) -> bytes:
    decoder = _Decoder(coding)
    out: list[bytes] = []
    step = step or len(data) or 1
    for i in range(0, len(data), step):
        chunk = decoder.feed(data[i : i + step], budget - sum(map(len, out)))
        out.extend(chunk)
    decoder.finish()
    return b"".join(out)


def test_gzip_members_ending_on_a_decode_step_are_not_decoded_twice():
    # Each member decodes to exactly 4 decode steps; the leftover input used to be
    # taken from both unused_data and unconsumed_tail, doubling it at every member.
    assert _decode_all("gzip", MIB_MEMBER * 8, 9 * 1024 * 1024) == b"\0" * (8 * 1024 * 1024)


def test_multi_member_gzip_bomb_stops_at_the_cap():
    started = time.monotonic()
    with pytest.raises(_Fail, match="__over__"):
        _decode_all("gzip", MIB_MEMBER * 100, 4 * 1024 * 1024, step=65536)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("step", [None, 1, 7])
def test_all_gzip_members_are_decoded(step):
    a, b = b"first half|" * 50, b"second half" * 50
    assert _decode_all("gzip", gzip.compress(a) + gzip.compress(b), 10**6, step) == a + b
    assert _decode_all("gzip", gzip.compress(a) + b"\0" * 8, 10**6, step) == a  # padding ignored


def test_a_cut_short_second_member_is_rejected():
    with pytest.raises(_Fail, match="not valid gzip data"):
        _decode_all("gzip", gzip.compress(b"abc") + gzip.compress(b"def")[:12], 10**6)


async def test_multi_member_gzip_bomb_is_a_one_line_size_error(server, cache):
    server.route("/manifest.json", hs.encoded(MIB_MEMBER * 100))
    src = HttpFeedSource(server.base, cache, deadline=10.0, max_bytes=1024 * 1024)
    try:
        started = time.monotonic()
        with pytest.raises(DataError, match="larger than the 1 MiB limit") as info:
            await bounded(src.load())
        assert "\n" not in str(info.value) and time.monotonic() - started < 3
    finally:
        await src.aclose()


async def test_garbage_gzip_is_called_invalid_not_truncated(server, cache):
    server.route("/manifest.json", hs.encoded(b"\x1f\x8b\x08\x00garbage"))
    src = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        with pytest.raises(DataError) as info:
            await bounded(src.load())
        message = str(info.value)
        assert "is not valid gzip data" in message and "truncated" not in message
        assert message.startswith(f"GET {server.url('manifest.json')}:")
    finally:
        await src.aclose()


@pytest.mark.parametrize(
    "response",
    [
        b"garbage " + b"x" * 5000 + b"\r\n\r\n",  # no status line
        b"HTTP/1.0 200 OK\r\nX-A: " + b"a" * 200_000 + b"\r\n\r\n",  # a huge header
    ],
    ids=["status-line", "huge-header"],
)
async def test_malformed_response_is_a_short_protocol_error(response, server, cache):
    server.route("/manifest.json", hs.raw(response))
    src = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        with pytest.raises(DataError) as info:
            await bounded(src.load())
        message = str(info.value)
        assert message.startswith(f"GET {server.url('manifest.json')}: protocol error: ")
        assert "truncated" not in message and "\n" not in message and len(message) < 250
    finally:
        await src.aclose()


async def test_connection_refused_is_one_line(cache):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    src = HttpFeedSource(f"http://127.0.0.1:{port}/feed", cache, deadline=5.0)
    try:
        with pytest.raises(DataError) as info:
            await bounded(src.load())
        message = str(info.value)
        assert message.startswith(f"GET http://127.0.0.1:{port}/feed/manifest.json: cannot connect")
        assert "\n" not in message
    finally:
        await src.aclose()


async def test_redirect_within_the_feed_is_followed(server, srv_dir, cache):
    server.route("/old/manifest.json", hs.redirect("/manifest.json", 301))
    src = HttpFeedSource(server.url("old/"), cache, deadline=5.0)
    try:
        server.route("/old/ratios.csv", hs.redirect("/ratios.csv"))
        server.route("/old/announcements.csv", hs.redirect("/announcements.csv"))
        server.route("/old/provinces.csv", hs.redirect("/provinces.csv"))
        server.route("/old/discount_rates.csv", hs.redirect("/discount_rates.csv"))
        snap = await bounded(src.load())
        assert snap is not None
    finally:
        await src.aclose()


# --------------------------------------------------------------------------- TLS redirect (MockTransport)


async def test_https_to_http_redirect_is_refused(cache):
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.scheme == "https":
            return httpx.Response(302, headers={"Location": "http://feed.example/npl/manifest.json"})
        return httpx.Response(200, content=b"{}")

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        src = HttpFeedSource("https://feed.example/npl", cache, client=client)
        with pytest.raises(DataError) as info:
            await bounded(src.load())
    message = str(info.value)
    assert message.startswith("GET https://feed.example/npl/manifest.json: refusing redirect from https to http")
    assert seen == ["https://feed.example/npl/manifest.json"]  # never fetched over http


async def test_https_redirect_to_https_is_followed(cache):
    manifest, files = snapshot_files()

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.startswith("/old/"):
            return httpx.Response(308, headers={"Location": f"https://feed.example/npl/{path.rsplit('/', 1)[-1]}"})
        name = path.rsplit("/", 1)[-1]
        data = manifest if name == "manifest.json" else files[name]
        return httpx.Response(200, stream=httpx.ByteStream(data))  # streamed like a real body

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        src = HttpFeedSource("https://feed.example/old/", cache, client=client)
        snap = await bounded(src.load())
    assert snap is not None and snap.origin.location == "https://feed.example/old/"


# --------------------------------------------------------------------------- URLs


async def test_an_invalid_child_url_names_it_on_one_line(cache):
    src = HttpFeedSource("http://127.0.0.1:9/feed/", cache, deadline=5.0)
    try:
        with pytest.raises(DataError) as info:
            await bounded(src._get("http://127.0.0.1:9/feed/ratios.csv\n", {}))
    finally:
        await src.aclose()
    assert str(info.value).startswith("GET http://127.0.0.1:9/feed/ratios.csv\\n: is not a valid URL")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("suffix", ["?token=abc", "manifest.json?token=abc"])
async def test_query_string_is_kept_on_every_request(suffix, server, cache):
    src = HttpFeedSource(server.base + suffix, cache, deadline=5.0)
    try:
        assert src.url == server.base + "?token=***"  # shown and stored without the secret
        snap = await bounded(src.load())
        assert snap is not None
        assert sorted(server.targets) == sorted(p + "?token=abc" for p in ["/manifest.json", *TABLE_FILES])
        assert src.last_requests[0] == server.url("manifest.json?token=abc")
    finally:
        await src.aclose()


async def test_messages_name_files_without_the_query(server, srv_dir, cache):
    _hash_mismatch(server, srv_dir)
    src = HttpFeedSource(server.base + "?token=abc", cache, deadline=5.0)
    try:
        with pytest.raises(DataError, match="ratios.csv: SHA-256") as info:
            await bounded(src.load())
        assert str(info.value).startswith(server.url("ratios.csv"))
    finally:
        await src.aclose()


async def test_credentials_are_sent_as_auth_and_never_shown_or_stored(server, cache, tmp_path):
    import base64

    url = server.base.replace("http://", "http://user:s3cret@")
    shown = server.base.replace("http://", "http://user:***@")
    src = HttpFeedSource(url, cache, deadline=5.0)
    try:
        snap = await bounded(src.load())
        assert snap is not None
        expected = "Basic " + base64.b64encode(b"user:s3cret").decode()
        assert [h.get("authorization") for _p, h in server.requests] == [expected] * 5
        assert src.label == src.url == shown and snap.origin.location == shown
        assert not any("s3cret" in r for r in src.last_requests)
        meta_text = (cache.feed_dir(url) / "meta.json").read_text("utf-8")
        assert "s3cret" not in meta_text and shown in meta_text
        assert cache.newest()[0] == shown and cache.load_current(url) is not None
        assert not any("s3cret" in str(p) for p in cache.root.rglob("*"))

        server.route("/manifest.json", hs.status(500, "Internal Server Error"))
        with pytest.raises(DataError) as info:
            await bounded(src.load())
        assert "s3cret" not in str(info.value)
        # a redirect to another origin does not carry the credentials along
        with hs.FeedServer(server.root) as other:
            server.route("/manifest.json", hs.redirect(other.url("manifest.json")))
            assert await bounded(src.load()) is None  # a 304 from there: nothing new
            assert other.requests and "authorization" not in other.requests[0][1]
    finally:
        await src.aclose()


@pytest.mark.parametrize("raw", ["x" * 100_000, "Atlantis" * 10])
def test_unknown_province_message_is_short(raw):
    from npl_tui.core.provinces import UnknownProvince, normalise_province

    with pytest.raises(UnknownProvince) as info:
        normalise_province(raw)
    message = str(info.value)
    assert len(message) < 120 and "\n" not in message and message.startswith(repr(raw[:40]))


async def test_a_huge_bad_cell_makes_a_short_error(server, srv_dir, cache):
    from feed_fixtures import ROWS, table_bytes

    from npl_tui.core.schema import TABLES
    from npl_tui.core.snapshot import make_manifest

    tables = table_bytes()
    tables["announcements"] = tables["announcements"].replace(b",330000,", b"," + b"x" * 100_000 + b",")
    for name, data in tables.items():
        (srv_dir / TABLES[name].filename).write_bytes(data)
    (srv_dir / "manifest.json").write_bytes(make_manifest(tables, ROWS, "2025-01-31T00:00:00Z"))
    src = HttpFeedSource(server.base, cache, deadline=5.0)
    try:
        with pytest.raises(DataError) as info:
            await bounded(src.load())
    finally:
        await src.aclose()
    message = str(info.value)
    assert "xxxx" in message and "\n" not in message and len(message) < 400, message[:500]


@pytest.mark.parametrize(
    "url, base",
    [
        ("http://h.example/feed", "http://h.example/feed/"),
        ("http://h.example/feed/", "http://h.example/feed/"),
        ("https://h.example/feed/manifest.json", "https://h.example/feed/"),
        ("https://h.example", "https://h.example/"),
        ("  http://h.example:8080/a/b  ", "http://h.example:8080/a/b/"),
    ],
)
def test_url_normalisation(url, base):
    assert normalise_feed_url(url) == base
    assert HttpFeedSource(url, FeedCache(Path("/nonexistent"))).label == base


@pytest.mark.parametrize("url", ["ftp://h.example/feed/", "file:///tmp/feed", "/tmp/feed", "h.example/feed", "http:///nohost"])
def test_non_http_urls_are_rejected(url):
    with pytest.raises(DataError) as info:
        HttpFeedSource(url)
    assert "\n" not in str(info.value)


def test_construction_touches_no_disk(tmp_path):
    root = tmp_path / "never"
    HttpFeedSource("http://h.example/feed", FeedCache(root))
    HttpFeedSource("http://h.example/feed")
    assert not root.exists()


def test_core_feed_imports_no_textual():
    code = "import sys, npl_tui.core.feed, npl_tui.core.cache; assert not any(m.split('.')[0] == 'textual' for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, timeout=60)


async def test_module_prints_nothing(source, server, srv_dir, capsys):
    await bounded(source.load())
    server.route("/manifest.json", hs.status(500))
    with pytest.raises(DataError):
        await bounded(source.load())
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


# --------------------------------------------------------------------------- two processes


def test_two_processes_fetching_at_once_leave_one_good_snapshot(tmp_path, srv_dir, server):
    root = tmp_path / "shared-cache"
    script = textwrap.dedent(
        f"""
        import asyncio, sys
        sys.path.insert(0, {str(TESTS)!r})
        from npl_tui.core.cache import FeedCache
        from npl_tui.core.feed import HttpFeedSource
        from npl_tui.core.snapshot import DataError

        async def main():
            for _ in range(15):
                src = HttpFeedSource({server.base!r}, FeedCache({str(root)!r}), deadline=10)
                try:
                    await src.load()
                except DataError:
                    pass  # the test rewrites the served files under the server's feet
                finally:
                    await src.aclose()

        asyncio.run(main())
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-c", script], env=env) for _ in range(2)]
    try:
        deadline = time.monotonic() + 30
        ratio = 1.5
        while any(p.poll() is None for p in procs) and time.monotonic() < deadline:
            ratio = 3.0 if ratio == 1.5 else 1.5
            write_snapshot_dir(srv_dir, ratio=ratio)
            time.sleep(0.05)
        for p in procs:
            assert p.wait(timeout=max(1, deadline - time.monotonic())) == 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    cache = FeedCache(root)
    snap = cache.load_current(server.base)
    assert snap is not None and snap.ratios.rows[0]["value"] in (1.5, 3.0)
    names = os.listdir(cache.feed_dir(server.base) / "snapshots")
    assert 1 <= len(names) <= 2 and not any(n.startswith(".") for n in names)


def test_data_dir_constant_points_at_repo():
    assert DATA == REPO / "data"
