"""The snapshots the monitor has seen, kept so that the market can be shown as it stood.

Every verified snapshot committed to the feed cache (:meth:`FeedCache.commit`), and
any snapshot directory given to :meth:`History.record`, is kept once, by its content
(the manifest's fingerprint: the same tables from two feeds or on two days are one
entry). Layout, under the cache root (``<cache>/history`` by default)::

    <root>/<fingerprint>/          one entry: manifest.json, the table files, entry.json
    <root>/<fingerprint>.corrupt-<UTC time>/   an entry found damaged, set aside
    <root>/.tmp-*/                 an entry being written (or a crashed write)
    <root>/lock                    held while an entry is added or the oldest removed

``entry.json`` says when the monitor first had the snapshot, from which feeds
(URLs with secrets redacted, or directory paths), its ``generated_at`` and size.

**Bound.** At most :data:`MAX_ENTRIES` entries and :data:`MAX_BYTES` bytes: the
entries first seen longest ago go first (see ``docs/history.md``). Table files are
hard-linked from the feed cache when they can be (the cache never rewrites a file in
place), so an entry then costs the cache no extra disk until the cache drops it.

**Replay.** :meth:`History.as_of` answers "what did the monitor know on that day?":
the entry it had first seen latest on or before the day's end (local time). Each entry
also says when its publisher generated it. :func:`diff_entries` compares two of them
(or a date, an id, or a snapshot directory) row by row, as ``npl-tui fetch`` does.

A damaged entry is renamed aside with a one-line notice in :attr:`History.notices`;
the others are untouched. Blocking: call from a thread in async code. No Textual.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import fsync_dir, write_atomic
from .snapshot import (
    MANIFEST_NAME,
    DataError,
    Origin,
    Snapshot,
    parse_generated_at,
    parse_manifest,
    parse_time,
    read_snapshot_dir,
    sha256_hex,
)
from .text import clean_text

if TYPE_CHECKING:
    from .diff import TableDiff
    from .signing import PublicKey

__all__ = ["MAX_BYTES", "MAX_ENTRIES", "Entry", "History", "HistoryDiff", "HistoryError", "diff_entries", "load_past"]

#: How many distinct snapshots are kept at most.
MAX_ENTRIES = 30
#: How many bytes of snapshots are kept at most (hard links counted in full).
MAX_BYTES = 256 * 1024 * 1024
ENTRY_FILE = "entry.json"
FORMAT = 1
_TMP = ".tmp-"
_ID_RE = re.compile(r"[0-9a-f]{16}")
#: A temporary entry older than this is a crashed write, collected at the next record.
_STALE_TMP_SECONDS = 3600


class HistoryError(Exception):
    """A history request that cannot be met. ``str()`` is one line."""


@dataclass(frozen=True)
class Entry:
    """One snapshot in the history."""

    id: str  # the manifest's content fingerprint, 16 hex digits
    path: Path
    generated_at: str  # as the manifest gives it ("" when it gives none)
    seen_at: dt.datetime  # when the monitor first had it (from any feed), aware UTC
    feeds: tuple[tuple[str, dt.datetime], ...]  # (feed, when first had from it)
    title: str = ""
    size: int = 0

    @property
    def generated(self) -> dt.datetime | None:
        return parse_generated_at(self.generated_at)

    def seen_from(self, feed: str | None) -> dt.datetime | None:
        """When the monitor first had it from *feed* (any feed when None)."""
        if feed is None:
            return self.seen_at
        return next((when for name, when in self.feeds if name == feed), None)

    def describe(self) -> str:
        """One line: ``3f2a… seen 2026-11-01 09:30 UTC, generated 2026-10-31T18:00:00Z``."""
        seen = self.seen_at.strftime("%Y-%m-%d %H:%M UTC")
        return f"{self.id} seen {seen}, generated {self.generated_at or 'at an unknown time'}"


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def _identity(feed: str | Path) -> str:
    from .seen import feed_identity

    return feed_identity(feed)


class History:
    """The bounded store of seen snapshots (see the module's docstring).

    Nothing touches the disk at construction. *root* defaults to ``<cache>/history``.
    One-line notices about damaged entries collect in :attr:`notices`
    (:meth:`take_notices` empties it)."""

    def __init__(self, root: Path | None = None, *, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self._root = Path(root) if root is not None else None
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.notices: list[str] = []

    @property
    def root(self) -> Path:
        if self._root is None:
            from .paths import cache_root

            self._root = cache_root() / "history"
        return self._root

    def take_notices(self) -> list[str]:
        notices, self.notices = self.notices, []
        return notices

    @contextmanager
    def _locked(self) -> Iterator[None]:
        from filelock import FileLock

        self.root.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.root / "lock"), timeout=30):
            yield

    def _set_aside(self, path: Path, reason: str) -> None:
        target = path.with_name(f"{path.name}.corrupt-{_stamp()}")
        try:
            path.rename(target)
        except OSError as exc:
            self.notices.append(f"{path}: history entry damaged ({reason}) and could not be set aside ({exc.strerror or exc})")
            return
        self.notices.append(f"{path}: history entry damaged ({reason}); set aside as {target.name}")

    # ------------------------------------------------------------------ reading

    def _read_entry(self, path: Path) -> Entry | None:
        """The entry in *path*, or None (a damaged one is set aside)."""
        try:
            doc = json.loads((path / ENTRY_FILE).read_bytes().decode("utf-8"))
        except FileNotFoundError:
            if path.is_dir():
                self._set_aside(path, f"no {ENTRY_FILE}")
            return None
        except (OSError, ValueError) as exc:
            self._set_aside(path, f"{ENTRY_FILE} unreadable: {type(exc).__name__}")
            return None
        feeds = doc.get("feeds") if isinstance(doc, dict) else None
        seen = [(name, parse_time(when)) for name, when in feeds.items()] if isinstance(feeds, dict) else []
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("id") != path.name or not seen or any(w is None for _, w in seen):
            self._set_aside(path, f"{ENTRY_FILE} is not a format-{FORMAT} entry for this directory")
            return None
        # entry.json holds feed text (title, URLs): as untrusted as the feed itself
        when = tuple((clean_text(str(name)), w) for name, w in seen if w is not None)
        size = doc.get("bytes")
        return Entry(
            path.name,
            path,
            clean_text(str(doc.get("generated_at") or ""), 40),
            min(w for _, w in when),
            when,
            clean_text(str(doc.get("title") or ""), 200),
            size if isinstance(size, int) else 0,
        )

    def entries(self, feed: str | Path | None = None) -> list[Entry]:
        """Every entry (only those seen from *feed*, when given), first seen first."""
        try:
            paths = [p for p in self.root.iterdir() if _ID_RE.fullmatch(p.name) and p.is_dir()]
        except OSError:
            return []
        found = [e for e in map(self._read_entry, paths) if e is not None]
        name = _identity(feed) if feed is not None else None
        if name is not None:
            found = [e for e in found if e.seen_from(name) is not None]
        return sorted(found, key=lambda e: (e.seen_from(name) or e.seen_at, e.generated_at, e.id))

    def as_of(self, when: dt.date | dt.datetime | str, feed: str | Path | None = None) -> Entry | None:
        """The newest entry the monitor had on or before *when* (a day means its end,
        local time; only entries seen from *feed*, when given); None if none."""
        moment = _moment(when)
        name = _identity(feed) if feed is not None else None
        known = [e for e in self.entries(feed) if (e.seen_from(name) or e.seen_at) <= moment]
        return known[-1] if known else None

    def find(self, prefix: str) -> Entry:
        """The entry whose id starts with *prefix* (4 hex digits at least)."""
        prefix = prefix.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{4,16}", prefix):
            raise HistoryError(f"{prefix!r} is not a history entry id (4 to 16 hex digits)")
        matches = [e for e in self.entries() if e.id.startswith(prefix)]
        if not matches:
            raise HistoryError(f"no history entry {prefix} in {self.root}")
        if len(matches) > 1:
            raise HistoryError(f"history entry {prefix} is ambiguous: {', '.join(sorted(e.id for e in matches)[:4])}")
        return matches[0]

    def load(self, entry: Entry) -> Snapshot:
        """The entry's snapshot, verified, with origin kind ``"history"``. A damaged
        entry is set aside; raises :class:`HistoryError` (one line) then."""
        feed = entry.feeds[0][0] if entry.feeds else str(entry.path)
        origin = Origin("history", feed, entry.seen_at)
        try:
            return read_snapshot_dir(entry.path, origin)
        except DataError as exc:
            if not entry.path.exists():  # pruned by another monitor meanwhile
                raise HistoryError(f"history entry {entry.id} is no longer kept") from None
            self._set_aside(entry.path, str(exc)[:120])
            raise HistoryError(f"history entry {entry.id} is damaged and was set aside: {exc}") from None

    # ------------------------------------------------------------------ writing

    def record(self, source: Path | Mapping[str, bytes], *, feed: str | Path, seen_at: dt.datetime | None = None) -> Entry | None:
        """Keep the snapshot in *source* (a snapshot directory, or its files' bytes by
        name, ``manifest.json`` included), first had from *feed* at *seen_at* (now by
        default). A snapshot kept already only gains the feed. Returns its entry, or
        None when it could not be kept (a notice says why). Never raises."""
        seen_at = seen_at or dt.datetime.now(dt.timezone.utc)
        name = _identity(feed)
        where = str(source) if isinstance(source, Path) else name
        try:
            known = self._known(source, name)
            if known is not None:
                return known  # kept already, from this feed too: nothing to read or write
            files = self._files(source, where)
            with self._locked():
                entry = self._record(files, source if isinstance(source, Path) else None, name, seen_at)
                self._prune(keep=entry.id)
            return entry
        except (OSError, DataError, HistoryError) as exc:
            self.notices.append(f"{where}: not kept in history: {exc}")
        except Exception as exc:  # noqa: BLE001 - filelock's Timeout, and any surprise: history is never worth a crash
            self.notices.append(f"{where}: not kept in history: {type(exc).__name__}: {exc}")
        return None

    def _known(self, source: Path | Mapping[str, bytes], feed: str) -> Entry | None:
        """The entry of *source*'s manifest when it is kept and knows *feed*; else None."""
        try:
            raw = (source / MANIFEST_NAME).read_bytes() if isinstance(source, Path) else source[MANIFEST_NAME]
            path = self.root / parse_manifest(raw).fingerprint
        except (OSError, KeyError, DataError):
            return None  # _files says what is wrong
        if not (path / ENTRY_FILE).is_file():
            return None
        entry = self._read_entry(path)
        return entry if entry is not None and entry.seen_from(feed) is not None else None

    @staticmethod
    def _files(source: Path | Mapping[str, bytes], where: str) -> dict[str, bytes | Path]:
        """The manifest and table files, each checked against the manifest. A columnar
        table's file (``lots``, possibly hundreds of MB) in a directory is hashed a chunk
        at a time and given by its path, never read whole into memory."""
        from .cache import sha256_file
        from .schema import TABLES

        files: dict[str, bytes | Path]
        if isinstance(source, Path):
            manifest_raw = (source / MANIFEST_NAME).read_bytes()
            manifest = parse_manifest(manifest_raw, f"{where}/{MANIFEST_NAME}")
            files = {e.file: (source / e.file).read_bytes() if n in TABLES else source / e.file for n, e in manifest.tables.items()}
        else:
            manifest_raw = source[MANIFEST_NAME]
            manifest = parse_manifest(manifest_raw, MANIFEST_NAME)
            files = {e.file: source[e.file] for e in manifest.tables.values()}
        for entry in manifest.tables.values():
            data = files[entry.file]
            if (sha256_file(data) if isinstance(data, Path) else sha256_hex(data)) != entry.sha256:
                raise HistoryError(f"{entry.file} does not match its manifest")
        return {MANIFEST_NAME: manifest_raw, **files}

    def _record(self, files: dict[str, bytes | Path], origin_dir: Path | None, feed: str, seen_at: dt.datetime) -> Entry:
        manifest_raw = files[MANIFEST_NAME]
        assert isinstance(manifest_raw, bytes)
        manifest = parse_manifest(manifest_raw)
        final = self.root / manifest.fingerprint
        if final.is_dir():
            entry = self._read_entry(final)
            if entry is not None:
                if entry.seen_from(feed) is None:
                    entry = self._write_entry_file(final, manifest.generated_at, manifest.title, (*entry.feeds, (feed, seen_at)), entry.size)
                return entry
        self._collect_tmp()
        tmp = Path(tempfile.mkdtemp(prefix=_TMP, dir=self.root))
        try:
            size = 0
            for name, data in files.items():
                size += data.stat().st_size if isinstance(data, Path) else len(data)
                if origin_dir is not None and name != MANIFEST_NAME:
                    try:
                        os.link(origin_dir / name, tmp / name)
                        continue
                    except OSError:
                        pass  # another file system, or no hard links: copy
                if isinstance(data, Path):
                    shutil.copyfile(data, tmp / name)
                else:
                    (tmp / name).write_bytes(data)
            entry = self._write_entry_file(tmp, manifest.generated_at, manifest.title, ((feed, seen_at),), size, entry_id=manifest.fingerprint)
            fsync_dir(tmp)
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        fsync_dir(self.root)
        return Entry(entry.id, final, entry.generated_at, entry.seen_at, entry.feeds, entry.title, entry.size)

    @staticmethod
    def _write_entry_file(
        path: Path, generated_at: str, title: str, feeds: tuple[tuple[str, dt.datetime], ...], size: int, entry_id: str | None = None
    ) -> Entry:
        doc = {
            "format": FORMAT,
            "id": entry_id or path.name,
            "generated_at": generated_at,
            "title": title,
            "feeds": {name: _iso(when) for name, when in feeds},
            "bytes": size,
        }
        write_atomic(path / ENTRY_FILE, (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        return Entry(entry_id or path.name, path, generated_at, min(w for _, w in feeds), feeds, title, size)

    def _collect_tmp(self) -> None:
        now = time.time()
        for path in self.root.glob(f"{_TMP}*"):
            with suppress(OSError):
                if now - path.stat().st_mtime > _STALE_TMP_SECONDS:
                    shutil.rmtree(path, ignore_errors=True)

    def _prune(self, keep: str) -> None:
        """Drop the entries first seen longest ago until within both bounds."""
        entries = self.entries()
        total = sum(e.size for e in entries)
        for entry in entries:
            if len(entries) <= self.max_entries and total <= self.max_bytes:
                break
            if entry.id == keep:
                continue
            shutil.rmtree(entry.path, ignore_errors=True)
            entries = [e for e in entries if e.id != entry.id]
            total -= entry.size

    # ------------------------------------------------------------------ resolving

    def entry(self, spec: str, feed: str | Path | None = None) -> Entry:
        """The entry *spec* names: a date ``YYYY-MM-DD`` (what the monitor knew then,
        from *feed* when given) or an entry id (or a prefix of 4+ hex digits). Raises
        :class:`HistoryError`, one line."""
        text = spec.strip()
        if _DAY_RE.fullmatch(text):
            entry = self.as_of(text, feed)
            if entry is None:
                oldest = self.entries(feed)
                after = f" (the oldest is from {oldest[0].seen_at:%Y-%m-%d})" if oldest else " (the history is empty)"
                raise HistoryError(f"no snapshot in history on or before {text}{after}")
            return entry
        if re.fullmatch(r"[0-9a-fA-F]{4,16}", text):
            return self.find(text)
        raise HistoryError(f"{text!r} is not a date (YYYY-MM-DD) or a history entry id")

    def resolve(self, spec: str, feed: str | Path | None = None) -> tuple[str, Snapshot]:
        """(label, snapshot) for *spec*: a date ``YYYY-MM-DD`` (what the monitor knew
        then, from *feed* when given), a history entry id (or a prefix of 4+ hex
        digits), or a snapshot directory. Raises :class:`HistoryError` or
        :class:`DataError`, one line."""
        text = spec.strip()
        if "/" not in text and "\\" not in text and _DAY_RE.fullmatch(text):
            entry = self.entry(text, feed)
            return f"{text}: {entry.describe()}", self.load(entry)
        path = Path(text).expanduser()
        if path.is_dir():
            return str(path), read_snapshot_dir(path)
        if re.fullmatch(r"[0-9a-fA-F]{4,16}", text):
            entry = self.find(text)
            return entry.describe(), self.load(entry)
        raise HistoryError(f"{text!r} is not a date (YYYY-MM-DD), a history entry id or a snapshot directory")


_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def load_past(
    spec: str, *, feed: str | Path | None = None, trust: Sequence[PublicKey] = (), history: History | None = None
) -> tuple[Snapshot, list[str]]:
    """The snapshot *spec* names (see :meth:`History.entry`), verified, for the monitor
    to show as history: origin kind ``"history"``, first seen at ``fetched_at``, and
    for a date the day asked as ``day``. With *trust* (public keys), its manifest must
    be signed by one of them, as a feed's must. Also returns the history's one-line
    notices (damaged entries set aside). Raises :class:`HistoryError` or
    :class:`DataError`, one line."""
    history = history or History()
    entry = history.entry(spec, feed)
    snapshot = history.load(entry)
    if trust:
        from .signing import verify_manifest

        where = f"history entry {entry.id}"
        try:
            raw = (entry.path / MANIFEST_NAME).read_bytes()
        except OSError as exc:
            raise HistoryError(f"{where}: {MANIFEST_NAME} cannot be read: {exc.strerror or exc}") from None
        verify_manifest(raw, trust, where)
        if parse_manifest(raw).fingerprint != snapshot.fingerprint:
            raise HistoryError(f"{where}: changed while it was read; try again")
    day = dt.date.fromisoformat(spec.strip()) if _DAY_RE.fullmatch(spec.strip()) else None
    if day is not None:
        snapshot = replace(snapshot, origin=replace(snapshot.origin, day=day))
    return snapshot, history.take_notices()


def _moment(when: dt.date | dt.datetime | str) -> dt.datetime:
    """*when* as an aware time; a day is its last moment, local time."""
    if isinstance(when, str):
        text = when.strip()
        try:
            when = dt.date.fromisoformat(text) if _DAY_RE.fullmatch(text) else dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise HistoryError(f"{text!r} is not a date YYYY-MM-DD") from None
    if isinstance(when, dt.datetime):
        return when if when.tzinfo else when.astimezone()
    return dt.datetime.combine(when, dt.time.max).astimezone()


@dataclass(frozen=True)
class HistoryDiff:
    """Two snapshots compared: what changed from *a* to *b*."""

    a: str  # label of the older side
    b: str
    diffs: list[TableDiff]

    def lines(self, limit: int = 5) -> list[str]:
        """What ``npl-tui fetch`` prints for an update (:func:`describe_changes`)."""
        from .diff import describe_changes

        return describe_changes(self.diffs, limit)


def diff_entries(a: str, b: str, history: History | None = None, feed: str | Path | None = None) -> HistoryDiff:
    """Compare *a* with *b*, each a date, an entry id or a snapshot directory (see
    :meth:`History.resolve`). Raises :class:`HistoryError` or :class:`DataError`,
    one line, naming the side that could not be resolved."""
    from .diff import diff_snapshots

    history = history or History()
    sides = []
    for which, spec in (("A", a), ("B", b)):
        try:
            sides.append(history.resolve(spec, feed))
        except (HistoryError, DataError) as exc:
            raise HistoryError(f"{which} ({spec}): {exc}") from None
    (label_a, old), (label_b, new) = sides
    return HistoryDiff(label_a, label_b, diff_snapshots(old, new))
