"""A snapshot published over HTTP(S): conditional, bounded, verified, then cached.

A feed is a directory URL holding ``manifest.json`` and the table files it lists
(the same layout as a snapshot directory). :class:`HttpFeedSource` implements the
:class:`~npl_tui.core.sources.Source` protocol:

* the manifest is fetched with ``If-None-Match``/``If-Modified-Since`` from the
  cache; a 304 costs one small request and no parsing;
* a table whose SHA-256 equals the cached copy's is reused, not downloaded;
* everything is verified with :func:`build_snapshot` before the cache is touched,
  so a bad publish can never replace good cached data;
* every failure is a :class:`DataError` whose one-line message names the URL.

Limits: an overall deadline for the whole load, a read timeout, a cap on the decoded
bytes of every body (a gzip bomb stops at the cap, decompression is bounded chunk by
chunk), redirects followed by hand (at most ``max_redirects``, never https -> http).

Caps and sizes. The manifest is read up to :data:`MANIFEST_MAX_BYTES`. A table file is
read up to the size (``bytes``) its manifest declares — the manifest having been
checked first, and with trust keys, only once its signature verifies — and a body that
passes that size is refused at once, before anything is parsed or cached, in one line
naming the URL, the declared and the received sizes. A row table whose entry declares
no size (format 1.2 and older) shares the fixed ``max_bytes`` of one load (32 MiB by
default). A columnar table (``lots``) must declare its size. The size is that of the
file as stored: a ``lots.csv.gz`` is stored, hashed and capped compressed, as served;
an HTTP ``Content-Encoding`` on top is decoded first (and bounded the same way).

Big files never pass through memory: a columnar table is streamed into a staging
directory of the cache (:meth:`FeedCache.stage`), hashed on the way, checked against the
manifest (size, SHA-256), then committed with the rest of the copy (hard-linked into the
new snapshot directory). The snapshot returned says where its files are
(:attr:`Snapshot.files_dir`): the cache's copy, or the staging directory while the cache
cannot take it. An optional progress callback (:data:`ProgressCallback`) hears how each
table's download goes, at most ten times a second.

Prints nothing, imports no Textual. Logs (``npl_tui.core.feed``) every request it
makes — URL (redacted), status, bytes, time — and every refused publication.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import email.utils
import hashlib
import logging
import os
import shutil
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from .cache import (
    CachedFeed,
    FeedCache,
    StagedFile,
    link_or_copy,
    redact_url,
    sha256_file,
)
from .schema import TABLES
from .signing import (  # cryptography itself loads only to verify
    PublicKey,
    verify_manifest,
)
from .snapshot import (
    MANIFEST_NAME,
    MAX_ROW_TABLE_BYTES,
    DataError,
    Manifest,
    Origin,
    Problem,
    Snapshot,
    TableEntry,
    build_snapshot,
    parse_manifest,
    sha256_hex,
)
from .text import clean_text, one_line

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_REDIRECTS",
    "DEFAULT_READ_TIMEOUT",
    "MANIFEST_MAX_BYTES",
    "FeedError",
    "HttpFeedSource",
    "ProgressCallback",
    "normalise_feed_url",
]

DEFAULT_DEADLINE = 30.0
DEFAULT_READ_TIMEOUT = 10.0
#: The most one load reads of row tables whose manifest entry declares no size (all of
#: them together); a table that declares its size is capped at that size instead.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
#: The most a manifest may be (it lists a handful of tables; a signature adds 200 bytes).
MANIFEST_MAX_BYTES = 1024 * 1024

#: ``progress(table, received, expected)``: *table* is a table name of the manifest,
#: *received* the bytes of its file received so far (decoded, as the file is stored),
#: *expected* its size when known (the manifest's ``bytes``, else Content-Length) or
#: None. Called from the event loop, at most about ten times a second, and once more
#: when a file that was reported ends; it must return quickly and never raise.
ProgressCallback = Callable[[str, int, int | None], None]
_PROGRESS_INTERVAL = 0.1

_REDIRECTS = {301, 302, 303, 307, 308}
_DECOMPRESS_STEP = 256 * 1024  # at most this many decoded bytes per decompress() call
_USER_AGENT = "npl-tui (+https://github.com/npl-tui)"
_TOUCH_LOCK_TIMEOUT = 1.0  # recording a 304 is optional: never wait long for the cache lock
#: A verified snapshot goes on screen whether or not the cache takes it, so a commit
#: waits only this long for another process's lock; the copy is held and offered again.
_COMMIT_LOCK_TIMEOUT = 2.0
_LOCK_MARGIN = 0.25  # give up on the cache lock this long before the load's deadline

log = logging.getLogger(__name__)


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MiB"
    if n >= 1024:
        return f"{n / 1024:g} KiB"
    return f"{n} bytes"


def normalise_feed_url(url: str) -> str:
    """The feed's base directory URL, ending in '/'. Raises DataError for non-HTTP(S)."""
    text = url.strip()
    try:
        parsed = httpx.URL(text)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise DataError(Problem(text or repr(url), f"is not a valid URL: {one_line(exc)}")) from None
    if parsed.scheme not in ("http", "https"):
        scheme = f"{parsed.scheme}://" if parsed.scheme else "no scheme"
        raise DataError(Problem(text, f"feed URLs must be http:// or https:// ({scheme} is not supported; for a local directory use --snapshot)"))
    if not parsed.host:
        raise DataError(Problem(text, "feed URL has no host"))
    if parsed.fragment:
        parsed = parsed.copy_with(fragment=None)
    path = parsed.path or "/"
    if path.endswith("/" + MANIFEST_NAME):
        path = path[: -len(MANIFEST_NAME)]
    if not path.endswith("/"):
        path += "/"
    return str(parsed.copy_with(path=path))


def _short(text: object, limit: int = 100) -> str:
    line = one_line(text)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _printable(url: str, limit: int = 300) -> str:
    """*url* for a one-line message: escaped if it holds control characters, cut if huge."""
    text = url if url.isprintable() else ascii(url)[1:-1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _protocol_error(exc: httpx.RemoteProtocolError) -> str:
    """A RemoteProtocolError in words: a cut-off body is not a malformed response."""
    reason = one_line(exc)
    lowered = reason.lower()
    if "complete message body" in lowered or "incomplete" in lowered:  # h11's wording for a short body
        return f"the server closed the connection early, body truncated ({_short(reason)})"
    if "without sending a response" in lowered or "disconnected" in lowered:
        return f"the server closed the connection without a response ({_short(reason)})"
    return f"protocol error: {_short(reason) or type(exc).__name__}"


class _Fail(Exception):
    """Internal: a one-line failure about one URL (turned into DataError)."""


class _Over(_Fail):
    """Internal: a body passed its budget; *produced* bytes came out of the last chunk."""

    def __init__(self, produced: int) -> None:
        super().__init__("__over__")
        self.produced = produced


class _Decoder:
    """Bounded Content-Encoding decoding: never inflates more than the budget allows."""

    def __init__(self, encoding: str) -> None:
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip() and c.strip().lower() != "identity"]
        if len(codings) > 1:
            raise _Fail(f"unsupported Content-Encoding {encoding!r}")
        self.coding = codings[0] if codings else ""
        self._obj: zlib._Decompress | None = None
        if self.coding in ("gzip", "x-gzip"):
            self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.coding == "deflate":
            self._obj = None  # zlib-wrapped or raw: decided on the first bytes
        elif self.coding:
            raise _Fail(f"unsupported Content-Encoding {encoding!r}")
        self._pending = b""  # deflate: bytes before the format is known; gzip: after a member
        self._ignore_rest = False

    def feed(self, data: bytes, budget: int) -> list[bytes]:
        """Decode *data*; raise _Fail('__over__') as soon as output exceeds *budget*.

        A gzip body may hold several members back to back (RFC 1952); each one is
        decoded in turn and all of them count against the same *budget*. Bytes after
        the last member that do not start another member are ignored.
        """
        if not self.coding:
            if len(data) > budget:
                raise _Over(len(data))
            return [data]
        if self._obj is None:
            self._pending += data
            if len(self._pending) < 2:
                return []
            data, self._pending = self._pending, b""
            zlib_header = (data[0] & 0x0F) == 8 and ((data[0] << 8) | data[1]) % 31 == 0
            self._obj = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        out: list[bytes] = []
        produced = 0
        capped = False  # the last call filled its output: more may be pending inside zlib
        try:
            while data or (capped and not self._obj.eof):
                if self._obj.eof:  # a further gzip member, or trailing bytes
                    if self._ignore_rest or self.coding == "deflate":
                        self._ignore_rest = True
                        break
                    data, self._pending = self._pending + data, b""
                    if len(data) < 2:  # cannot tell yet: keep for the next chunk
                        self._pending = data
                        break
                    if not data.startswith(b"\x1f\x8b"):
                        self._ignore_rest = True  # trailing junk/padding, as gzip(1) tolerates
                        break
                    self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
                chunk = self._obj.decompress(data, _DECOMPRESS_STEP)
                capped = len(chunk) >= _DECOMPRESS_STEP
                produced += len(chunk)
                if produced > budget:
                    raise _Over(produced)
                if chunk:
                    out.append(chunk)
                # At the end of a member CPython may leave the rest of the input in both
                # unused_data and unconsumed_tail: take it from exactly one of them.
                data = self._obj.unused_data if self._obj.eof else self._obj.unconsumed_tail
        except zlib.error as exc:
            raise _Fail(f"body is not valid {self.coding} data ({one_line(exc)})") from None
        return out

    def finish(self) -> bytes:
        if not self.coding:
            return b""
        if self._obj is None:
            raise _Fail(f"body is not valid {self.coding} data (too short)")
        if not self._obj.eof:
            # the HTTP body itself was complete (a cut connection fails earlier)
            raise _Fail(f"body is not valid {self.coding} data (the compressed stream does not end)")
        if self._pending and not self._ignore_rest and self._pending.startswith(b"\x1f"):
            raise _Fail(f"body is not valid {self.coding} data (a further gzip member is cut short)")
        return b""


@dataclass
class _Fetched:
    status: int  # 200 or 304
    body: bytes  # empty when streamed to a file
    validators: dict[str, str]
    size: int = 0  # bytes of the (decoded) body
    staged: StagedFile | None = None  # the file it was streamed to, hashed


@dataclass(frozen=True)
class _Target:
    """What a GET is for: a table (None: the manifest), the size the manifest declares
    for its file (the cap, when known) and, for a big file, the file to stream it to."""

    table: str | None = None
    declared: int | None = None
    path: Path | None = None


_MANIFEST = _Target()


class _FileSink:
    """A body streamed to a file and hashed on the way (never held whole in memory)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[bytes] | None = open(path, "wb")  # noqa: SIM115 - closed by finish() or abort()
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, chunk: bytes) -> None:
        assert self._fh is not None
        self._fh.write(chunk)
        self._hash.update(chunk)
        self.size += len(chunk)

    def finish(self) -> StagedFile:
        """Flush it to disk (blocking: call from a thread)."""
        assert self._fh is not None
        fh, self._fh = self._fh, None
        try:
            fh.flush()
            os.fsync(fh.fileno())
        finally:
            fh.close()
        return StagedFile(self.path, self._hash.hexdigest(), self.size)

    def abort(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        with contextlib.suppress(OSError):
            self.path.unlink()


def _matches(path: Path, sha256: str, size: int | None) -> bool:
    """Whether the file at *path* has *size* bytes (when given) and that SHA-256."""
    try:
        if size is not None and path.stat().st_size != size:
            return False
        return sha256_file(path) == sha256
    except OSError:
        return False


class FeedError(DataError):
    """A failed load; ``retry_after`` is the server's Retry-After in seconds, if it sent one."""

    def __init__(self, problems: list[Problem] | Problem | str, retry_after: float | None = None) -> None:
        super().__init__(problems)
        self.retry_after = retry_after


class _Retry(_Fail):
    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class _Copy:
    """A verified copy of the feed this source can build on: the cache's live snapshot
    (on disk), or the last one fetched when the cache could not take it (in memory)."""

    manifest_raw: bytes
    manifest: Manifest
    #: file name -> {"etag", "last_modified", "sha256"}, recorded from 200 responses only
    validators: Mapping[str, Mapping[str, str]]
    fetched_at: dt.datetime | None
    path: Path | None = None  # on disk
    files: Mapping[str, bytes] | None = None  # in memory
    committed: bool = True  # False: not (yet) in the cache
    #: Big files of an in-memory copy, verified, in *staging* (a dir of FeedCache.stage).
    staged: Mapping[str, StagedFile] | None = None
    staging: Path | None = None

    @classmethod
    def of(cls, cached: CachedFeed) -> _Copy:
        return cls(cached.manifest_raw, cached.manifest, cached.validators, cached.fetched_at, path=cached.path)

    def read(self, name: str) -> bytes | None:
        if self.files is not None:
            return self.files.get(name)
        if self.path is None:
            return None
        try:
            return (self.path / name).read_bytes()
        except OSError:
            return None

    def read_verified(self, name: str, sha256: str) -> bytes | None:
        data = self.read(name)
        return data if data is not None and sha256_hex(data) == sha256 else None

    def file_path(self, name: str) -> Path | None:
        """Where file *name* of this copy is on disk, if it is (a big file's path)."""
        if self.staged is not None and name in self.staged:
            return self.staged[name].path
        return self.path / name if self.path is not None else None


def _etag_opaque(tag: str) -> str:
    """An entity tag without its weakness mark: W/"x" and "x" name the same bytes here."""
    tag = tag.strip()
    return tag[2:] if tag[:2] in ("W/", "w/") else tag


def _retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Retry-After (seconds or an HTTP date) in seconds from *now*; None if absent or bad."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(min(int(text[:9]), 10**8))
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())


class HttpFeedSource:
    """A snapshot feed over HTTP(S). See the module docstring.

    *cache* defaults to the user cache (``FeedCache()``). *client* may be shared;
    it is then not closed by :meth:`aclose`. Redirects are always followed by hand.
    *trust*: public keys; when given, a manifest must be signed by one of them.
    *progress*: a :data:`ProgressCallback` told how each table's download goes (also
    settable later as the ``progress`` attribute).
    """

    def __init__(
        self,
        url: str,
        cache: FeedCache | None = None,
        *,
        client: httpx.AsyncClient | None = None,
        deadline: float = DEFAULT_DEADLINE,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = DEFAULT_MAX_REDIRECTS,
        trust: Sequence[PublicKey] = (),
        progress: ProgressCallback | None = None,
    ) -> None:
        full = normalise_feed_url(url)
        base = httpx.URL(full)
        #: Credentials in the URL are sent as Basic auth (to the feed's own origin only),
        #: never shown, logged or stored: ``url``/``label`` are redacted (``user:***@``,
        #: ``?token=***``).
        self._auth: httpx.BasicAuth | None = None
        if base.userinfo:
            self._auth = httpx.BasicAuth(base.username, base.password)
            base = base.copy_with(username=None, password=None)
        self.url = redact_url(full)
        self.label = self.url
        self._base = base  # what requests go to; child URLs keep its query (e.g. ?token=...)
        #: The base for naming files in messages: no query between the path and the name.
        self._where = str(self._base.copy_with(query=None))
        self.cache = cache if cache is not None else FeedCache()
        self.deadline = deadline
        self.read_timeout = read_timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.trust = tuple(trust)
        self.progress = progress
        #: The manifest of the load in progress once it is checked (signature included),
        #: e.g. to name a table's file in a progress display; None before.
        self.offered: Manifest | None = None
        self._client = client
        self._own_client = client is None
        #: Table names whose files changed in the last load that returned a snapshot
        #: (compared with the cache's previous live snapshot; all tables on a first fetch).
        self.last_changes: list[str] = []
        #: One line when the last verified snapshot could not be written to the cache
        #: (disk full, read-only, lock busy...); None once the cache holds it.
        self.cache_error: str | None = None
        #: Requests made by the last load (URLs), for diagnostics and tests.
        self.last_requests: list[str] = []
        self._returned: str | None = None  # fingerprint of the last snapshot we returned
        self._shown: Manifest | None = None  # its manifest (the newest this source accepted)
        self._held: _Copy | None = None  # verified, returned, not yet in the cache
        self._cancel = threading.Event()  # set by aclose(): cache-lock waits give up
        self._budget = 0
        self._progress_at = -1.0  # time.monotonic() of the last progress call
        self._progress_told: set[str] = set()  # tables reported in the current load
        self._returned_dir: Path | None = None  # files_dir of the snapshot last returned
        self._stagings: set[Path] = set()  # staging dirs this source made and still keeps
        self._deadline_at = 0.0  # time.monotonic() by which the current load must end
        self._started_at: dt.datetime | None = None  # wall clock at the start of the current load

    # ------------------------------------------------------------------ lifecycle

    def _get_client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                follow_redirects=False,
                timeout=self._timeout(),
                headers={"User-Agent": _USER_AGENT},
            )
        return self._client

    def _timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.read_timeout, connect=self.read_timeout, pool=self.read_timeout)

    async def aclose(self) -> None:
        """Close the client; files downloaded to a staging directory and not committed
        (the cache was busy or full) are removed."""
        self._cancel.set()
        for staging in self._stagings:
            self.cache.discard(staging)
        self._stagings.clear()
        client, self._client = self._client, None
        if client is not None and self._own_client:
            await client.aclose()
        if not self._own_client:
            self._client = client  # a borrowed client stays usable by its owner

    # ------------------------------------------------------------------ load

    async def load(self) -> Snapshot | None:
        self.last_requests = []
        self._budget = self.max_bytes
        self.offered = None
        self._progress_at = -1.0
        self._progress_told = set()
        self._deadline_at = time.monotonic() + self.deadline
        self._started_at = dt.datetime.now(dt.timezone.utc)
        try:
            if sys.version_info >= (3, 11):
                async with asyncio.timeout(self.deadline):
                    return await self._load()
            return await asyncio.wait_for(self._load(), self.deadline)
        except (TimeoutError, asyncio.TimeoutError):  # distinct classes on Python 3.10
            log.warning("%s: gave up after the %g s deadline", self.url, self.deadline)
            raise DataError(Problem(self.url, f"feed did not finish loading within the {self.deadline:g} s deadline")) from None

    async def _base_copy(self) -> _Copy | None:
        """What to build on: the cache's live copy (verified against --trust keys when
        given), or the copy held in memory when the cache has not got it yet."""
        cached = await asyncio.to_thread(self.cache.cached, self.url)
        disk = _Copy.of(cached) if cached is not None else None
        if disk is not None and self.trust and not self._signed(disk.manifest_raw):
            disk = None  # not one of ours: no 304 may confirm it, no date may outrank the feed
        held = self._held
        if held is None:
            return disk
        if disk is not None and disk.manifest_raw == held.manifest_raw:
            self._held = None  # another process (or our retry) put it in the cache
            return disk
        if disk is not None and _newer(disk.manifest, held.manifest):
            return disk
        return held

    def _signed(self, manifest_raw: bytes) -> bool:
        try:
            verify_manifest(manifest_raw, self.trust)
        except DataError:
            return False
        return True

    async def _load(self) -> Snapshot | None:
        base = await self._base_copy()
        manifest_url = self._child(MANIFEST_NAME)
        validators = dict(base.validators.get(MANIFEST_NAME, {})) if base is not None else {}
        fetched = await self._get(manifest_url, validators)
        if fetched.status == 304 and base is not None:  # only possible after a conditional GET
            snapshot = await self._confirmed(base)
            if snapshot is not None or self._returned is not None:
                return snapshot
            # the cache is unreadable although the server says it is current: fetch afresh
            fetched = await self._get(manifest_url, {})
        return await self._fetched_manifest(base, fetched)

    async def _confirmed(self, base: _Copy) -> Snapshot | None:
        """The server says the copy we built on is current (304)."""
        self.last_changes = []
        if not base.committed:
            await self._retry_commit(base)
        else:
            await self._touch(None)
        if self._returned == base.manifest.fingerprint:
            return None
        # a fresh process (or another process updated the cache): the cache is the data
        snapshot = await asyncio.to_thread(self.cache.load_current, self.url)
        if snapshot is None or snapshot.fingerprint != base.manifest.fingerprint:
            return None
        return self._accept(dataclasses.replace(snapshot, origin=Origin("feed", self.url, base.fetched_at)))

    def _accept(self, snapshot: Snapshot) -> Snapshot:
        self._returned = snapshot.fingerprint
        self._shown = snapshot.manifest
        self._returned_dir = snapshot.files_dir
        self._tidy_staging()
        return snapshot

    def _tidy_staging(self) -> None:
        """Remove the staging dirs nothing needs any more: kept are the held copy's (not
        yet in the cache) and the one the snapshot last returned reads its files from."""
        keep = {self._returned_dir, self._held.staging if self._held is not None else None}
        for staging in list(self._stagings):
            if staging not in keep:
                self._stagings.discard(staging)
                self.cache.discard(staging)

    def _check_order(self, manifest: Manifest, base: _Copy | None) -> None:
        """Refuse a manifest generated before the copy we hold (a stale mirror, an old
        publication served again): the newer copy stays."""
        for held in (base.manifest if base is not None else None, self._shown):
            if held is None or manifest.fingerprint == held.fingerprint:
                continue
            new, old = manifest.generated, held.generated
            if new is not None and old is not None and new < old:
                raise DataError(
                    Problem(self._where + MANIFEST_NAME, f"feed is older than the cached copy: generated {manifest.generated_at} < {held.generated_at}")
                )

    async def _check_as_of(self, snapshot: Snapshot, base: _Copy | None) -> None:
        """Without generation times to compare, the newest fact decides: a feed whose
        newest as-of date is before the cached copy's is refused."""
        if base is None or snapshot.fingerprint == base.manifest.fingerprint:
            return
        if snapshot.manifest.generated is not None and base.manifest.generated is not None:
            return  # _check_order has judged
        held = await asyncio.to_thread(self._parse_copy, base)
        if held is None:
            return
        new, old = snapshot.newest_as_of(), held.newest_as_of()
        if new is not None and old is not None and new < old:
            raise DataError(
                Problem(self._where + MANIFEST_NAME, f"feed is older than the cached copy: newest fact {new.isoformat()} < {old.isoformat()} (and no generated_at to compare)")
            )

    def _parse_copy(self, copy: _Copy) -> Snapshot | None:
        files = {e.file: copy.read(e.file) for n, e in copy.manifest.tables.items() if n in TABLES}  # row tables only
        try:
            return build_snapshot(copy.manifest_raw, {k: v for k, v in files.items() if v is not None}, Origin("cache", self.url))
        except DataError:
            return None

    async def _fetched_manifest(self, base: _Copy | None, fetched: _Fetched) -> Snapshot | None:
        manifest_raw = fetched.body
        where = self._where + MANIFEST_NAME
        with self._verifying():
            manifest = parse_manifest(manifest_raw, where)
            if self.trust:
                await asyncio.to_thread(verify_manifest, manifest_raw, self.trust, where)
            self._check_order(manifest, base)
        if base is not None and manifest_raw == base.manifest_raw and self._returned == manifest.fingerprint:
            # unchanged, the server just does not do conditional requests
            self.last_changes = []
            if not base.committed:
                await self._retry_commit(base)
            else:
                await self._touch({MANIFEST_NAME: fetched.validators})  # a 200's: they describe these bytes
            return None
        with self._verifying():
            self._check_sizes(manifest)
        self.offered = manifest
        staging: Path | None = None
        try:
            files: dict[str, bytes] = {}
            staged: dict[str, StagedFile] = {}
            file_validators: dict[str, dict[str, str]] = {MANIFEST_NAME: fetched.validators}
            changed: list[str] = []
            for name, entry in manifest.tables.items():
                old = base.manifest.tables.get(name) if base is not None else None
                if old is None or old.sha256 != entry.sha256:
                    changed.append(name)
                if name not in TABLES:  # columnar (lots): streamed to disk, never into memory
                    if staging is None:
                        staging = await self._stage()
                    staged[entry.file], file_validators[entry.file] = await self._fetch_big(name, entry, base, staging)
                    continue
                reuse = await asyncio.to_thread(base.read_verified, entry.file, entry.sha256) if base is not None else None
                if reuse is not None:
                    files[entry.file] = reuse
                    file_validators[entry.file] = dict(base.validators.get(entry.file, {})) if base is not None else {}
                    continue
                # Conditional only if the copy's file is exactly what its validators describe
                # (a damaged cached copy must not be "confirmed" by a 304).
                conditional: dict[str, str] = {}
                have: bytes | None = None
                known = base.validators.get(entry.file, {}) if base is not None else {}
                if base is not None and known.get("sha256") and (known.get("etag") or known.get("last_modified")):
                    have = await asyncio.to_thread(base.read, entry.file)
                    if have is not None and sha256_hex(have) == known["sha256"]:
                        conditional = dict(known)
                    else:
                        have = None
                got = await self._get(self._child(entry.file), conditional, _Target(name, entry.bytes))
                if got.status == 304 and have is not None:
                    files[entry.file] = have
                    file_validators[entry.file] = conditional  # ours, which describe these bytes
                else:
                    files[entry.file] = got.body
                    file_validators[entry.file] = got.validators
            now = dt.datetime.now(dt.timezone.utc)
            with self._verifying():
                self._check_staged(manifest, staged)
                snapshot = await asyncio.to_thread(build_snapshot, manifest_raw, files, Origin("feed", self.url, now), self._where)
                await self._check_as_of(snapshot, base)
                await self._check_lots(manifest, staged, "lots" in changed)
        except BaseException:
            if staging is not None:
                self._stagings.discard(staging)
                self.cache.discard(staging)  # a refused or cut-off download: nothing of it is kept
            raise
        digests = {**{n: sha256_hex(b) for n, b in files.items()}, **{n: f.sha256 for n, f in staged.items()}, MANIFEST_NAME: sha256_hex(manifest_raw)}
        copy = _Copy(
            manifest_raw,
            manifest,
            {n: {**v, "sha256": digests[n]} for n, v in file_validators.items()},
            now,
            files=files,
            committed=False,
            staged=staged,
            staging=staging,
        )
        final = await self._retry_commit(copy)
        if not copy.committed:
            self._held = copy  # what the next check builds on until the cache takes it
        snapshot = dataclasses.replace(snapshot, files_dir=self._files_dir(copy, final))
        if snapshot.fingerprint == self._returned:
            self.last_changes = []
            self._tidy_staging()
            return None  # same content as we last returned
        self.last_changes = changed
        return self._accept(snapshot)

    async def _check_lots(self, manifest: Manifest, staged: Mapping[str, StagedFile], changed: bool) -> None:
        """Read new lots through before they replace the cached ones: a lots file with a
        bad row is refused like any bad table (one line: its URL, row and column), and
        the cache keeps the last good copy. The columns read are cached
        (core/lots.py), so the monitor showing the copy next does not parse it again."""
        entry = manifest.tables.get("lots")
        if entry is None or not changed or entry.file not in staged:
            return
        from .lots import LotsCache, read_lots
        from .paths import cache_root

        where = f"{self._where.rstrip('/')}/{entry.file}" if self._where else entry.file
        await asyncio.to_thread(read_lots, staged[entry.file].path, entry, where=where, cache=LotsCache(cache_root() / "columns"),
                                synthetic="lots" in manifest.synthetic)

    def _files_dir(self, copy: _Copy, final: Path | None) -> Path | None:
        """Where the files of a copy just offered to the cache are: the cache's snapshot
        dir when it took this very copy (its manifest is ours), else the staging dir
        (the cache was busy or full, or kept a newer copy another process fetched)."""
        if final is not None:
            try:
                if (final / MANIFEST_NAME).read_bytes() == copy.manifest_raw:
                    return final
            except OSError:
                pass
        return copy.staging

    def _check_sizes(self, manifest: Manifest) -> None:
        """Before anything is downloaded: every columnar table declares its size (the
        most that will be read of it), and no row table declares more than a row table
        may hold in memory."""
        where = self._where + MANIFEST_NAME
        for name, entry in manifest.tables.items():
            if name not in TABLES and entry.bytes is None:
                raise DataError(
                    Problem(where, f"table {name!r} ({entry.file}): the manifest must declare its size in bytes (\"bytes\"), the most a reader downloads of it")
                )
            if name in TABLES and entry.bytes is not None and entry.bytes > MAX_ROW_TABLE_BYTES:
                raise DataError(
                    Problem(where, f"table {name!r} ({entry.file}) declares {_size(entry.bytes)}, more than the {_size(MAX_ROW_TABLE_BYTES)} a row table may be")
                )

    def _check_staged(self, manifest: Manifest, staged: Mapping[str, StagedFile]) -> None:
        """A big file is checked against its manifest entry (size, SHA-256) like a row
        table (whose rows the reader of columns checks when it reads them)."""
        problems: list[Problem] = []
        for name, entry in manifest.tables.items():
            got = staged.get(entry.file)
            if name in TABLES or got is None:
                continue
            where = self._where + entry.file
            if entry.bytes is not None and got.size != entry.bytes:
                problems.append(Problem(where, f"is {got.size:,} bytes, the manifest declares {entry.bytes:,}"))
            elif got.sha256 != entry.sha256:
                problems.append(Problem(where, f"SHA-256 {got.sha256[:12]}… does not match the manifest's {entry.sha256[:12]}…"))
        if problems:
            raise DataError(problems)

    async def _stage(self) -> Path:
        """A new staging dir in the cache for this load's big files."""
        try:
            staging = await asyncio.to_thread(self.cache.stage, self.url)
        except OSError as exc:
            raise DataError(Problem(self.url, self._cache_error("cannot download big tables into the cache", exc))) from None
        self._stagings.add(staging)
        return staging

    async def _fetch_big(self, name: str, entry: TableEntry, base: _Copy | None, staging: Path) -> tuple[StagedFile, dict[str, str]]:
        """A columnar table's file in *staging*: linked from the copy we build on when it
        is already there, else downloaded (conditionally when the copy's file is what its
        validators describe), streamed to disk and hashed. Returns it with its validators."""
        target = staging / entry.file
        source = base.file_path(entry.file) if base is not None else None
        try:
            if base is not None and source is not None and await asyncio.to_thread(_matches, source, entry.sha256, entry.bytes):
                await asyncio.to_thread(link_or_copy, source, target)
                return StagedFile(target, entry.sha256, entry.bytes or 0), dict(base.validators.get(entry.file, {}))
            conditional: dict[str, str] = {}
            known = base.validators.get(entry.file, {}) if base is not None else {}
            if (
                source is not None
                and known.get("sha256")
                and (known.get("etag") or known.get("last_modified"))
                and await asyncio.to_thread(_matches, source, known["sha256"], None)
            ):
                conditional = dict(known)
            await asyncio.to_thread(self._check_room, staging, entry)
        except OSError as exc:
            raise DataError(Problem(str(target), f"cannot be written: {_clean(exc.strerror or exc)}")) from None
        got = await self._get(self._child(entry.file), conditional, _Target(name, entry.bytes, target))
        if got.status == 304 and conditional and source is not None:
            try:
                await asyncio.to_thread(link_or_copy, source, target)
                size = target.stat().st_size
            except OSError as exc:
                raise DataError(Problem(str(target), f"cannot be written: {_clean(exc.strerror or exc)}")) from None
            return StagedFile(target, conditional["sha256"], size), conditional  # ours, which describe these bytes
        if got.staged is None:  # a 304 to an unconditional request is refused in _read
            raise DataError(Problem(self._where + entry.file, f"no body (HTTP {got.status})"))
        return got.staged, got.validators

    def _check_room(self, staging: Path, entry: TableEntry) -> None:
        """Refuse a download the disk cannot take, before it starts."""
        if entry.bytes is None:
            return
        free = shutil.disk_usage(staging).free
        if free < entry.bytes:
            raise DataError(
                Problem(self._where + entry.file, f"is {_size(entry.bytes)}, more than the {_size(free)} free in the cache ({self.cache.root})")
            )

    @contextlib.contextmanager
    def _verifying(self) -> Iterator[None]:
        """Log a publication refused by a check (schema, SHA-256, signature, order)."""
        try:
            yield
        except DataError as exc:
            log.error("%s: verification failed, publication refused (the last good copy stays): %s", self.url, exc)
            raise

    # ------------------------------------------------------------------ cache writes

    def _lock_timeout(self, cap: float | None = None) -> float:
        """How long a cache write may wait for the lock and still end within the deadline.

        The wait runs in a worker thread that cancelling the load cannot stop (and
        asyncio.run() waits for), so it must give up by itself before the deadline;
        aclose() also ends it at once.
        """
        left = self._deadline_at - time.monotonic() - _LOCK_MARGIN
        if cap is not None:
            left = min(left, cap)
        return max(0.0, left)

    async def _retry_commit(self, copy: _Copy) -> Path | None:
        """Put a verified copy in the cache. Waits for the lock only briefly: the data
        goes on screen either way, and a copy the cache could not take is held in
        memory (its big files in their staging dir) and offered again at the next
        check. Returns the cache's live dir after the commit, None when it failed."""
        validators = {n: {k: v for k, v in info.items() if k != "sha256"} for n, info in copy.validators.items()}
        try:
            final = await asyncio.to_thread(
                self.cache.commit,
                self.url,
                copy.manifest_raw,
                dict(copy.files or {}),
                validators,
                copy.fetched_at,
                timeout=self._lock_timeout(_COMMIT_LOCK_TIMEOUT),
                started_at=self._started_at,
                cancel=self._cancel,
                staged=dict(copy.staged or {}),
            )
        except Exception as exc:  # noqa: BLE001 - OSError (disk full, read-only), filelock.Timeout...
            # The data is verified: show it. The cache gets it at a later check.
            self.cache_error = self._cache_error("not saved to the cache", exc)
            log.warning("%s: %s", self.url, self.cache_error)
            return None
        self.cache_error = None
        copy.committed = True
        if self._held is copy:
            self._held = None
        return final

    async def _touch(self, validators: dict[str, dict[str, str]] | None) -> None:
        """Record a confirmation (304 or same manifest); optional, so failures only set cache_error."""
        try:
            await asyncio.to_thread(
                self.cache.touch_checked, self.url, validators, timeout=self._lock_timeout(_TOUCH_LOCK_TIMEOUT), cancel=self._cancel
            )
        except Exception as exc:  # noqa: BLE001 - OSError (read-only cache), filelock.Timeout...
            self.cache_error = self._cache_error("could not record the check in the cache", exc)
            log.warning("%s: %s", self.url, self.cache_error)
        else:
            self.cache_error = None

    def _cache_error(self, what: str, exc: Exception) -> str:
        """One line: what failed, why, then where (the reason first: a narrow status
        line cuts the end)."""
        if type(exc).__name__ == "Timeout" and type(exc).__module__.startswith("filelock"):
            reason = "another process is writing to it (lock busy)"
        elif isinstance(exc, OSError) and exc.strerror:
            reason = exc.strerror
        else:
            reason = _clean(exc)
        return f"{what}: {reason} ({self.cache.root})"

    # ------------------------------------------------------------------ HTTP

    def _child(self, name: str) -> httpx.URL:
        """The URL of file *name* of the feed: its path under the base, the base's query kept."""
        try:
            return self._base.copy_with(path=self._base.path + name)
        except httpx.InvalidURL as exc:
            raise DataError(Problem(f"GET {_printable(self._where + name)}", f"is not a valid URL: {_short(exc)}")) from None

    async def _get(self, url: httpx.URL | str, validators: Mapping[str, str], target: _Target = _MANIFEST) -> _Fetched:
        """GET *url*, conditionally when *validators* allow. A 304 is only believed when
        it names the entity tag we sent: one that names another (a server that answers
        304 when *either* validator matches) is asked again, unconditionally."""
        fetched = await self._get_once(url, validators, target)
        if fetched.status == 304:
            sent = validators.get("etag")
            got = fetched.validators.get("etag")
            if got is not None and (sent is None or _etag_opaque(got) != _etag_opaque(sent)):
                fetched = await self._get_once(url, {}, target)
        return fetched

    async def _get_once(self, url: httpx.URL | str, validators: Mapping[str, str], target: _Target) -> _Fetched:
        """GET *url* (conditionally), following redirects by hand, with the byte budget;
        logged: what was asked, what came back, how many bytes, how long it took."""
        started = time.monotonic()
        conditional = " (conditional)" if validators.get("etag") or validators.get("last_modified") else ""
        try:
            fetched = await self._request(url, validators, target)
        except DataError as exc:
            log.warning("%s%s (after %.3f s)", exc, conditional, time.monotonic() - started)
            raise
        log.info("GET %s%s -> %d, %d bytes, %.3f s", _shown_url(str(url)), conditional, fetched.status, fetched.size, time.monotonic() - started)
        return fetched

    async def _request(self, url: httpx.URL | str, validators: Mapping[str, str], wanted: _Target) -> _Fetched:
        headers = {"Accept-Encoding": "gzip, deflate"}
        if validators.get("etag"):
            # If-None-Match alone: a server that honours either header would otherwise
            # confirm an unchanged modification time for changed bytes (RFC 9110 13.1.3
            # has If-Modified-Since ignored when If-None-Match is sent).
            headers["If-None-Match"] = validators["etag"]
        elif validators.get("last_modified"):
            headers["If-Modified-Since"] = validators["last_modified"]
        client = self._get_client()
        shown = _shown_url(str(url))
        try:
            current = httpx.URL(url)  # a manifest's file name can make an invalid URL
            for _hop in range(self.max_redirects + 1):
                self.last_requests.append(str(current))
                request = client.build_request("GET", current, headers=headers, timeout=self._timeout())
                same_origin = (current.scheme, current.host, current.port) == (self._base.scheme, self._base.host, self._base.port)
                auth = self._auth if self._auth is not None and same_origin else httpx.USE_CLIENT_DEFAULT
                response = await client.send(request, stream=True, follow_redirects=False, auth=auth)
                try:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        target = current.join(response.headers["location"])
                        log.info("GET %s -> %d, redirected to %s", _shown_url(str(current)), response.status_code, _shown_url(str(target)))
                        self._check_redirect(current, target)
                        current = target
                        continue
                    conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
                    return await self._read(response, current if _hop else None, conditional, wanted)
                finally:
                    await response.aclose()
            raise _Fail(f"too many redirects (more than {self.max_redirects})")
        except httpx.InvalidURL as exc:
            raise DataError(Problem(f"GET {shown}", f"is not a valid URL: {_short(exc)}")) from None
        except _Retry as exc:
            raise FeedError(Problem(f"GET {shown}", str(exc)), exc.retry_after) from None
        except _Fail as exc:
            raise DataError(Problem(f"GET {shown}", str(exc))) from None
        except httpx.TimeoutException:
            raise DataError(Problem(f"GET {shown}", f"timed out (no data for {self.read_timeout:g} s)")) from None
        except httpx.ConnectError as exc:
            raise DataError(Problem(f"GET {shown}", f"cannot connect ({_clean(exc) or 'connection refused'})")) from None
        except httpx.RemoteProtocolError as exc:
            raise DataError(Problem(f"GET {shown}", _protocol_error(exc))) from None
        except httpx.HTTPError as exc:
            raise DataError(Problem(f"GET {shown}", f"{type(exc).__name__}: {_clean(exc)}")) from None
        except OSError as exc:
            raise DataError(Problem(f"GET {shown}", _clean(exc.strerror or exc))) from None

    def _check_redirect(self, current: httpx.URL, target: httpx.URL) -> None:
        """Follow a redirect only within the feed's own host: never to another host
        (127.0.0.1 -> localhost included: give --feed the final URL instead), never
        from https to http. http -> https on the same host is an upgrade and allowed."""
        if target.scheme not in ("http", "https"):
            raise _Fail(f"redirect to unsupported URL {_shown_url(str(target))}")
        if current.scheme == "https" and target.scheme == "http":
            raise _Fail(f"refusing redirect from https to http ({_shown_url(str(target))})")
        if (target.host or "").lower() != (self._base.host or "").lower():
            raise _Fail(
                f"refusing redirect to another host ({_shown_url(str(target))}); a feed is read from its own host only: use that URL if you trust it"
            )

    async def _read(self, response: httpx.Response, redirected: httpx.URL | None, conditional: bool, target: _Target) -> _Fetched:
        status = response.status_code
        validators = {}
        if response.headers.get("etag"):
            validators["etag"] = response.headers["etag"]
        if response.headers.get("last-modified"):
            validators["last_modified"] = response.headers["last-modified"]
        if status == 304 and conditional:
            return _Fetched(304, b"", validators)
        if status != 200:
            reason = _short(clean_text(response.reason_phrase or ""), 60)
            where = f" (redirected to {_shown_url(str(redirected))})" if redirected is not None else ""
            message = f"HTTP {status} {reason}".rstrip() + where
            retry = _retry_after(response.headers.get("retry-after"), dt.datetime.now(dt.timezone.utc))
            if retry is not None:
                raise _Retry(f"{message}; the server asks to retry after {_duration(retry)}", retry)
            raise _Fail(message)
        length = response.headers.get("content-length")
        announced = int(length) if length is not None and length.strip().isdigit() else None
        decoder = _Decoder(response.headers.get("content-encoding", ""))
        declared = target.declared
        if declared is not None:
            budget = declared
            if announced is not None and not decoder.coding and announced > declared:
                raise _Fail(self._declared_message(declared, announced, announced=True))
        else:
            budget = min(self.max_bytes, MANIFEST_MAX_BYTES) if target.table is None else self._budget
            if announced is not None and announced > budget:
                raise _Fail(self._over_message(target))
        expected = declared if declared is not None else (announced if not decoder.coding else None)
        sink = _FileSink(target.path) if target.path is not None else None
        parts: list[bytes] = []
        received = 0
        try:
            async for raw in response.aiter_raw():
                try:
                    out = decoder.feed(raw, budget - received)
                except _Over as over:
                    if declared is not None:
                        raise _Fail(self._declared_message(declared, received + over.produced)) from None
                    raise _Fail(self._over_message(target)) from None
                for chunk in out:
                    if sink is not None:
                        sink.write(chunk)
                    else:
                        parts.append(chunk)
                    received += len(chunk)
                if out:
                    self._report(target.table, received, expected)
            decoder.finish()
            staged = await asyncio.to_thread(sink.finish) if sink is not None else None
        except BaseException:
            if sink is not None:
                sink.abort()
            raise
        if target.table is not None and declared is None:
            self._budget -= received  # row tables that declare no size share one budget
        self._report(target.table, received, expected, done=True)
        return _Fetched(200, b"".join(parts), validators, received, staged)

    def _over_message(self, target: _Target) -> str:
        if target.table is None:
            return f"response is larger than the {_size(min(self.max_bytes, MANIFEST_MAX_BYTES))} limit for a manifest"
        return f"response is larger than the {_size(self.max_bytes)} limit for one load (the manifest declares no size for this file)"

    @staticmethod
    def _declared_message(declared: int, received: int, *, announced: bool = False) -> str:
        if announced:
            return f"body is larger than the manifest declares: {declared:,} bytes declared, the server announces {received:,} (Content-Length); refused before reading it"
        return f"body is larger than the manifest declares: {declared:,} bytes declared, {received:,} received so far; refused before parsing"

    def _report(self, table: str | None, received: int, expected: int | None, *, done: bool = False) -> None:
        """Tell the progress callback, at most every _PROGRESS_INTERVAL seconds, and
        always at the end of a file it was told about (so that it ends at 100%)."""
        if self.progress is None or table is None:
            return
        if not done and expected is not None and received >= expected:
            return  # the end of the file: told by the done call that follows
        now = time.monotonic()
        if not (done and table in self._progress_told) and self._progress_at >= 0 and now - self._progress_at < _PROGRESS_INTERVAL:
            return
        self._progress_at = now
        self._progress_told.add(table)
        try:
            self.progress(table, received, expected)
        except Exception as exc:  # noqa: BLE001 - a display must never fail a load
            log.warning("%s: progress display failed, turned off: %s", self.url, _clean(exc))
            self.progress = None


def _newer(a: Manifest, b: Manifest) -> bool:
    """Whether manifest *a* was generated after *b* (False when either has no time)."""
    ga, gb = a.generated, b.generated
    return ga is not None and gb is not None and ga > gb


def _clean(text: object) -> str:
    """Text from outside (an exception, a header) for a one-line message: controls gone."""
    return _short(clean_text(str(text)), 200)


def _shown_url(url: str) -> str:
    """A URL for a message: secrets redacted, controls escaped, cut if huge."""
    return _printable(redact_url(url))


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.3g} h"
    if seconds >= 60:
        return f"{seconds / 60:.3g} min"
    return f"{seconds:g} s"
