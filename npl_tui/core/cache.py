"""An on-disk cache of fetched feeds that never exposes a half-written snapshot.

Layout, one directory per feed URL::

    <root>/<sha256(url)[:16]>/
        snapshots/<name>/      complete snapshot dirs (manifest.json + table files)
        snapshots/.tmp-*/      a commit in progress (or a crashed one, collected later)
        incoming/<pid>-*/      big table files being downloaded, or verified and not yet
                               committed (see ``stage``)
        current -> snapshots/<name>   the live snapshot (a relative symlink)
        meta.json              url (credentials redacted), fetched_at, checked_at, validators, sha256 per file
        lock                   a filelock held for the whole of a commit

A commit writes a new snapshot dir under a temporary name, fsyncs it, renames it to
its final name and only then swaps ``current`` with ``os.replace`` (atomic on POSIX).
A crash at any moment therefore leaves ``current`` pointing at a complete snapshot:
the previous one or the new one. A slow load never replaces a snapshot another
process fetched after that load began (see ``commit(started_at=...)``). ``meta.json`` records which snapshot its validators
belong to; validators for any other snapshot are ignored, so a crash between the swap
and the meta write can only cost one unconditional re-fetch, never stale data.

Readers take no lock. Garbage collection keeps the current and the previous snapshot,
so a reader that resolved ``current`` just before a commit can still finish reading.
A snapshot directory is never rewritten in place: a commit writes a new directory and
moves ``current``; an old one is only ever removed whole, two commits later. A reader
that has a file of it open (the ``lots`` file of the snapshot on screen, read through
``Snapshot.files_dir``) is safe on Linux and other POSIX systems even then: removing a
directory entry does not touch an open file, whose data stays readable until it is
closed.

Big table files (the columnar ``lots``) never pass through memory: the feed reader
streams them into a private directory under ``incoming/`` (``stage``), hashing them on
the way, and a commit hard-links them into the new snapshot directory (a copy where
links are impossible) with the rest of the copy, atomically as above.
Nothing here touches the disk at import or construction time. Blocking: call from a
thread in async code.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_plus

from .atomic import fsync_dir, write_atomic
from .paths import cache_root
from .snapshot import (
    MANIFEST_NAME,
    DataError,
    Manifest,
    Origin,
    Snapshot,
    parse_manifest,
    parse_time,
    read_snapshot_dir,
    sha256_file,
    sha256_hex,
)

if TYPE_CHECKING:
    from .history import History

__all__ = ["LOCK_TIMEOUT", "CachedFeed", "FeedCache", "StagedFile", "link_or_copy", "redact_url", "sha256_file"]

#: Seconds a commit waits, by default, for another process's commit to the same feed.
#: Callers with a deadline pass their own ``timeout`` (0 = try once).
LOCK_TIMEOUT = 60.0

_TMP_PREFIX = ".tmp-"
_META = "meta.json"
_CURRENT = "current"
_LOCK = "lock"
_INCOMING = "incoming"
#: A staging directory untouched this long is a leftover of a process that died (a live
#: download writes to it constantly; a verified copy waits in it at most until the next
#: check commits it).
_STALE_STAGING_SECONDS = 24 * 3600.0
#: meta.json's "validators" version. Version 2: validators are only ever recorded from
#: a 200 response, for the bytes it carried. Earlier versions also took them from a
#: 304, which a server that answers 304 to *either* If-None-Match or If-Modified-Since
#: could pair with bytes they do not describe, freezing the cache for good; their
#: validators are ignored (one unconditional fetch) rather than trusted.
_VALIDATORS_VERSION = 2
#: How often a wait for the lock checks whether it was cancelled (seconds).
_LOCK_POLL = 0.05

log = logging.getLogger(__name__)

#: Test hook: called with a step name between the steps of a commit (crash tests).
_step_hook: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if _step_hook is not None:
        _step_hook(name)


#: Query parameters whose values are secrets (tokens, keys, signatures...): never shown or stored.
_SECRET_PARAM = re.compile(r"token|secret|pass|pwd|key|sig|auth|cred|session|ticket", re.IGNORECASE)


def _redact_query(query: str) -> str:
    parts = []
    for part in query.split("&"):
        name, eq, value = part.partition("=")
        if eq and value and _SECRET_PARAM.search(unquote_plus(name)):
            part = f"{name}=***"
        parts.append(part)
    return "&".join(parts)


def redact_url(url: str) -> str:
    """*url* with its secrets replaced by ``***``: the password (or a lone user name,
    often a token) and the values of query parameters named like secrets.

    ``http://user:secret@host/`` -> ``http://user:***@host/``;
    ``https://host/npl/?token=abc&v=2`` -> ``https://host/npl/?token=***&v=2``. The cache
    stores and keys feeds by this form, so a secret in a feed URL never reaches the disk
    or the screen.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    rest, hash_, fragment = rest.partition("#")
    rest, qmark, query = rest.partition("?")
    if qmark:
        query = _redact_query(query)
    end = min((i for i in (rest.find("/"),) if i >= 0), default=len(rest))
    userinfo, at, hostport = rest[:end].rpartition("@")
    if at:
        user, colon, _secret = userinfo.partition(":")
        rest = f"{user + ':***' if colon else '***'}@{hostport}{rest[end:]}"
    return f"{scheme}://{rest}{qmark}{query}{hash_}{fragment}"


def _is_timeout(exc: BaseException) -> bool:
    return type(exc).__name__ == "Timeout" and type(exc).__module__.startswith("filelock")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _atomic_write(path: Path, data: bytes) -> None:
    write_atomic(path, data, prefix=f"{_TMP_PREFIX}{path.name}-")


def link_or_copy(source: Path, target: Path) -> None:
    """*target* becomes the same file as *source*: a hard link, a copy where a link is
    impossible (another file system, a file system without links)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
        with open(target, "rb+") as fh:
            os.fsync(fh.fileno())


@dataclass(frozen=True)
class StagedFile:
    """A verified table file on disk, waiting to be committed (see ``FeedCache.stage``)."""

    path: Path
    sha256: str
    size: int


@dataclass(frozen=True)
class CachedFeed:
    """What the cache holds for one feed: the live snapshot dir and what we know about it."""

    url: str
    path: Path  # resolved snapshots/<name>
    manifest_raw: bytes
    manifest: Manifest
    #: file -> {"etag", "last_modified", "sha256"} as recorded at fetch time; empty if unknown
    validators: Mapping[str, Mapping[str, str]]
    fetched_at: dt.datetime | None
    checked_at: dt.datetime | None

    def read_file(self, name: str, sha256: str) -> bytes | None:
        """A table file's bytes if present and matching *sha256*, else None."""
        try:
            data = (self.path / name).read_bytes()
        except OSError:
            return None
        return data if sha256_hex(data) == sha256 else None


class FeedCache:
    """Fetched feed snapshots on disk, safe against crashes and concurrent processes.

    Each new snapshot committed is also kept in *history* (:mod:`.history`): by
    default the user's (``<cache>/history``) for the default *root*, and none for a
    cache elsewhere (a scratch cache of ``npl-tui validate``, a test's) unless given.
    """

    def __init__(self, root: Path | None = None, history: History | None = None) -> None:
        self._root = Path(root) if root is not None else None
        self._history = history
        self._default_history = root is None and history is None

    @property
    def history(self) -> History | None:
        """Where committed snapshots are kept as history (None: nowhere)."""
        if self._history is None and self._default_history:
            from .history import History

            self._history = History()
        return self._history

    @property
    def root(self) -> Path:
        if self._root is None:
            self._root = cache_root() / "feeds"
        return self._root

    # ------------------------------------------------------------------ paths

    @staticmethod
    def key(url: str) -> str:
        """The feed's directory name: a hash of the URL with its credentials redacted."""
        return hashlib.sha256(redact_url(url).encode("utf-8")).hexdigest()[:16]

    def feed_dir(self, url: str) -> Path:
        return self.root / self.key(url)

    def current_dir(self, url: str) -> Path | None:
        """The live snapshot dir of *url*, resolved, or None if there is none."""
        return self._resolve_current(self.feed_dir(url))

    @staticmethod
    def _resolve_current(feed_dir: Path) -> Path | None:
        link = feed_dir / _CURRENT
        try:
            target = os.readlink(link)
        except OSError:
            return None
        path = (feed_dir / target).resolve()
        return path if path.is_dir() else None

    def previous_dir(self, url: str) -> Path | None:
        """The snapshot that was live before the last commit, if still kept."""
        name = self.meta(url).get("previous")
        if not isinstance(name, str) or not name or "/" in name or name.startswith("."):
            return None
        path = self.feed_dir(url) / "snapshots" / name
        return path if path.is_dir() else None

    def stage(self, url: str) -> Path:
        """A new private directory, in the cache of *url*, to download big files into.

        On the cache's file system, so that a commit takes its files by hard link
        (``commit(staged=...)``). The caller removes it with :meth:`discard` once its
        files are committed or given up; a leftover is removed by a later commit after
        a day untouched.
        """
        incoming = self.feed_dir(url) / _INCOMING
        incoming.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=incoming))

    def discard(self, staging: Path) -> None:
        """Remove a directory made by :meth:`stage` (never raises)."""
        shutil.rmtree(staging, ignore_errors=True)

    # ------------------------------------------------------------------ reading

    def meta(self, url: str) -> dict[str, Any]:
        """meta.json of *url* as a dict; empty when missing, corrupt or for another URL."""
        return self._read_meta(self.feed_dir(url), url)

    @staticmethod
    def _read_meta(feed_dir: Path, url: str | None = None) -> dict[str, Any]:
        try:
            doc = json.loads((feed_dir / _META).read_bytes().decode("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(doc, dict) or not isinstance(doc.get("url"), str):
            return {}
        if url is not None and doc["url"] != redact_url(url):
            return {}
        return doc

    def cached(self, url: str) -> CachedFeed | None:
        """The live snapshot's manifest and validators, without parsing the tables.

        Validators are only returned when meta.json describes this very snapshot.
        None when there is no usable cached manifest.
        """
        path = self.current_dir(url)
        if path is None:
            return None
        try:
            manifest_raw = (path / MANIFEST_NAME).read_bytes()
            manifest = parse_manifest(manifest_raw, str(path / MANIFEST_NAME))
        except (OSError, DataError):
            return None
        meta = self.meta(url)
        validators: dict[str, dict[str, str]] = {}
        fetched_at = checked_at = None
        if meta.get("snapshot") == path.name:
            fetched_at = parse_time(meta.get("fetched_at"))
            checked_at = parse_time(meta.get("checked_at")) or fetched_at
            files = meta.get("files")
            if isinstance(files, dict) and meta.get("validators") == _VALIDATORS_VERSION:
                for name, info in files.items():
                    if isinstance(name, str) and isinstance(info, dict):
                        validators[name] = {k: v for k, v in info.items() if k in ("etag", "last_modified", "sha256") and isinstance(v, str)}
        if fetched_at is None:
            fetched_at = self._dir_time(path)
        return CachedFeed(url, path, manifest_raw, manifest, validators, fetched_at, checked_at or fetched_at)

    @staticmethod
    def _dir_time(path: Path) -> dt.datetime | None:
        try:
            return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
        except OSError:
            return None

    def load_current(self, url: str) -> Snapshot | None:
        """The live snapshot of *url*, verified, or None (absent or corrupt: never raises)."""
        for _attempt in range(3):  # a concurrent commit+GC may remove a dir we just resolved
            info = self.cached(url)
            if info is None:
                return None
            try:
                return read_snapshot_dir(info.path, Origin("cache", url, info.fetched_at))
            except (DataError, OSError):
                if self.current_dir(url) == info.path:
                    return None  # genuinely corrupt, not a race
        return None

    def newest(self) -> tuple[str, Path, dt.datetime | None] | None:
        """(url, snapshot dir, fetched_at) of the most recently fetched or confirmed feed
        whose live snapshot verifies; None if there is none."""
        try:
            dirs = [d for d in self.root.iterdir() if d.is_dir() and not d.name.startswith(".")]
        except OSError:
            return None
        found: list[tuple[dt.datetime, str]] = []
        epoch = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
        for feed_dir in dirs:
            meta = self._read_meta(feed_dir)
            url = meta.get("url")
            if not url or self.key(url) != feed_dir.name:
                continue
            when = parse_time(meta.get("checked_at")) or parse_time(meta.get("fetched_at")) or epoch
            found.append((when, url))
        for _when, url in sorted(found, reverse=True):
            snapshot = self.load_current(url)
            if snapshot is not None:
                path = self.current_dir(url)
                if path is not None:
                    return url, path, snapshot.origin.fetched_at
        return None

    # ------------------------------------------------------------------ writing

    def _lock(self, feed_dir: Path, timeout: float | None = None):
        from filelock import FileLock

        # never negative: filelock reads a negative timeout as "wait forever"
        return FileLock(str(feed_dir / _LOCK), timeout=LOCK_TIMEOUT if timeout is None else max(0.0, timeout))

    @contextlib.contextmanager
    def _locked(self, feed_dir: Path, timeout: float | None = None, cancel: threading.Event | None = None) -> Iterator[None]:
        """Hold the feed's lock, waiting at most *timeout* seconds for it.

        The wait runs in a worker thread that cancelling a load cannot stop; *cancel*
        (set when the monitor quits) ends it at the next poll (``_LOCK_POLL``) instead
        of at the timeout.
        Raises ``filelock.Timeout`` when the lock was not had.
        """
        lock = self._lock(feed_dir, timeout)
        limit = LOCK_TIMEOUT if timeout is None else max(0.0, timeout)
        end = time.monotonic() + limit
        while True:
            try:
                lock.acquire(timeout=max(0.0, min(_LOCK_POLL, end - time.monotonic())))
                break
            except Exception as exc:
                if not _is_timeout(exc) or time.monotonic() >= end or (cancel is not None and cancel.is_set()):
                    raise
        try:
            yield
        finally:
            lock.release()

    def commit(
        self,
        url: str,
        manifest_raw: bytes,
        files: Mapping[str, bytes],
        validators: Mapping[str, Mapping[str, str]] | None = None,
        fetched_at: dt.datetime | None = None,
        *,
        timeout: float | None = None,
        started_at: dt.datetime | None = None,
        cancel: threading.Event | None = None,
        staged: Mapping[str, StagedFile] | None = None,
    ) -> Path:
        """Store a verified snapshot as the live one for *url*; return its directory.

        *files* maps file names (as in the manifest) to bytes, *staged* file names to
        verified files on disk (big tables, in a directory from :meth:`stage`: linked,
        not read; they stay where they are too); *validators* maps file
        names (and ``manifest.json``) to ``{"etag": ..., "last_modified": ...}``. The
        caller verifies the snapshot first (``build_snapshot``); this only stores it.
        Waits at most *timeout* seconds (default :data:`LOCK_TIMEOUT`) for another
        process's commit. Raises ``filelock.Timeout`` or ``OSError`` on failure
        (nothing live changes).

        The cache never moves backwards: with *started_at* (when the caller's load
        began), if the live snapshot differs and meta.json says it was fetched after
        *started_at*, another process committed newer data meanwhile; it is kept and
        returned, and nothing is written. Likewise a manifest generated before the live
        one's ``generated_at`` never replaces it. *cancel* ends a wait for the lock early.
        """
        validators = validators or {}
        staged = staged or {}
        fetched_at = fetched_at or _now()
        feed_dir = self.feed_dir(url)
        snapshots = feed_dir / "snapshots"
        snapshots.mkdir(parents=True, exist_ok=True)
        with self._locked(feed_dir, timeout, cancel):
            _step("locked")
            previous = self._resolve_current(feed_dir)
            same = previous is not None and self._same_content(previous, manifest_raw, files, staged)
            if previous is not None and not same and started_at is not None:
                live = self._read_meta(feed_dir, url)
                live_at = parse_time(live.get("fetched_at")) if live.get("snapshot") == previous.name else None
                if live_at is not None and live_at > started_at:
                    _step("kept-newer")
                    log.info("cache: %s: kept %s, fetched by another process meanwhile", redact_url(url), previous)
                    return previous
            if previous is not None and not same and self._live_is_newer(previous, manifest_raw):
                _step("kept-newer")
                log.info("cache: %s: kept %s, generated after the copy offered", redact_url(url), previous)
                return previous
            if same and previous is not None:
                final = previous  # nothing new: keep the live dir, just refresh meta
                previous_name = self._read_meta(feed_dir, url).get("previous")
                previous = snapshots / previous_name if isinstance(previous_name, str) and previous_name else None
            else:
                final = self._write_snapshot(snapshots, manifest_raw, files, staged)
                self._swap_current(feed_dir, final)
            names = {
                MANIFEST_NAME: sha256_hex(manifest_raw),
                **{n: sha256_hex(b) for n, b in files.items()},
                **{n: f.sha256 for n, f in staged.items()},
            }
            meta = {
                "url": redact_url(url),
                "snapshot": final.name,
                "previous": previous.name if previous is not None and previous != final else "",
                "fetched_at": _iso(fetched_at),
                "checked_at": _iso(fetched_at),
                "validators": _VALIDATORS_VERSION,
                "files": {
                    name: {"sha256": digest, **{k: v for k, v in dict(validators.get(name, {})).items() if k in ("etag", "last_modified") and v}}
                    for name, digest in names.items()
                },
            }
            _step("meta")
            _atomic_write(feed_dir / _META, (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
            _step("meta-written")
            self._collect(snapshots, keep={final.name, previous.name if previous is not None else ""})
            _step("done")
        if same:
            log.info("cache: %s: %s confirmed, unchanged", redact_url(url), final)
        else:
            size = len(manifest_raw) + sum(len(b) for b in files.values()) + sum(f.size for f in staged.values())
            log.info("cache: %s: wrote %s (%d files, %d bytes)", redact_url(url), final, len(files) + len(staged) + 1, size)
        history = self.history if not same else None
        if history is not None:
            history.record(final, feed=url, seen_at=fetched_at)  # never raises: notices collect in history
        return final

    @staticmethod
    def _live_is_newer(live: Path, manifest_raw: bytes) -> bool:
        """Whether the live snapshot's manifest was generated after *manifest_raw*'s."""
        try:
            mine = parse_manifest(manifest_raw).generated
            theirs = parse_manifest((live / MANIFEST_NAME).read_bytes()).generated
        except (OSError, DataError):
            return False
        return mine is not None and theirs is not None and theirs > mine

    @staticmethod
    def _same_content(path: Path, manifest_raw: bytes, files: Mapping[str, bytes], staged: Mapping[str, StagedFile]) -> bool:
        try:
            if (path / MANIFEST_NAME).read_bytes() != manifest_raw:
                return False
            if not all(sha256_hex((path / name).read_bytes()) == sha256_hex(data) for name, data in files.items()):
                return False
            return all(
                os.path.samefile(path / name, f.path) or ((path / name).stat().st_size == f.size and sha256_file(path / name) == f.sha256)
                for name, f in staged.items()
            )
        except OSError:
            return False

    @staticmethod
    def _write_snapshot(snapshots: Path, manifest_raw: bytes, files: Mapping[str, bytes], staged: Mapping[str, StagedFile]) -> Path:
        for name in (*files, *staged):
            if not name or "/" in name or "\\" in name or name.startswith(".") or name == MANIFEST_NAME:
                raise ValueError(f"bad snapshot file name {name!r}")
        tmp = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX, dir=snapshots))
        try:
            _step("tmp-created")
            for name, data in files.items():
                _write_file(tmp / name, data)
                _step("file-written")
            for name, f in staged.items():
                link_or_copy(f.path, tmp / name)  # fsynced when it was downloaded
                _step("file-linked")
            _write_file(tmp / MANIFEST_NAME, manifest_raw)
            fsync_dir(tmp)
            _step("dir-synced")
            final = snapshots / f"{time.time_ns():020d}-{sha256_hex(manifest_raw)[:12]}"
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        fsync_dir(snapshots)
        _step("renamed")
        return final

    @staticmethod
    def _swap_current(feed_dir: Path, final: Path) -> None:
        link = feed_dir / _CURRENT
        tmp_link = feed_dir / f"{_TMP_PREFIX}current-{os.getpid()}-{time.time_ns()}"
        os.symlink(os.path.join("snapshots", final.name), tmp_link)
        _step("symlink-created")
        try:
            os.replace(tmp_link, link)
        except BaseException:
            try:
                os.unlink(tmp_link)
            except OSError:
                pass
            raise
        fsync_dir(feed_dir)
        _step("swapped")

    @staticmethod
    def _collect(snapshots: Path, keep: set[str]) -> None:
        """Remove old snapshot dirs and temp leftovers (called under the feed lock)."""
        try:
            entries = list(snapshots.iterdir())
        except OSError:
            return
        for entry in entries:
            if entry.name in keep:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                try:
                    entry.unlink()
                except OSError:
                    pass
        # stray temp symlinks / meta temp files from crashed commits
        feed_dir = snapshots.parent
        FeedCache._collect_staging(feed_dir / _INCOMING)
        try:
            for entry in feed_dir.iterdir():
                if entry.name.startswith(_TMP_PREFIX):
                    try:
                        entry.unlink()
                    except OSError:
                        pass
        except OSError:
            pass

    @staticmethod
    def _collect_staging(incoming: Path) -> None:
        """Remove staging directories left by processes that died (untouched for a day)."""
        try:
            entries = list(incoming.iterdir())
        except OSError:
            return
        cutoff = time.time() - _STALE_STAGING_SECONDS
        for entry in entries:
            try:
                touched = max([entry.stat().st_mtime, *(f.stat().st_mtime for f in entry.iterdir())])
            except OSError:
                continue
            if touched < cutoff:
                shutil.rmtree(entry, ignore_errors=True)

    def touch_checked(
        self,
        url: str,
        validators: Mapping[str, Mapping[str, str]] | None = None,
        checked_at: dt.datetime | None = None,
        *,
        timeout: float | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        """Record that the server confirmed the live snapshot (a 304), atomically.

        *validators* replace the stored ones: pass only validators that came with the
        live snapshot's very bytes (a 200), never a 304's (see _VALIDATORS_VERSION).
        Does nothing if meta.json does not describe the live snapshot. Waits at most
        *timeout* seconds for the lock; raises ``filelock.Timeout`` or ``OSError``.
        """
        feed_dir = self.feed_dir(url)
        if not feed_dir.is_dir():
            return
        with self._locked(feed_dir, timeout, cancel):
            meta = self._read_meta(feed_dir, url)
            current = self._resolve_current(feed_dir)
            if not meta or current is None or meta.get("snapshot") != current.name:
                return
            meta["checked_at"] = _iso(checked_at or _now())
            files = meta["files"] if isinstance(meta.get("files"), dict) else {}
            for name, new in (validators or {}).items():
                info = files.get(name)
                if isinstance(info, dict):
                    info.update({k: v for k, v in new.items() if k in ("etag", "last_modified") and v})
            meta["files"] = files
            _atomic_write(feed_dir / _META, (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
