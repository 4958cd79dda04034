"""A snapshot directory that ingest reads, changes and writes back whole or not at all.

The directory a data person publishes (``manifest.json`` plus one CSV per table) is
often served as it is by a static web server, so it is changed in place — never
swapped for another directory, whose old inode a server started inside it would keep
serving. A write is made safe in three steps:

1. every changed table and the new manifest are written beside their final names as
   ``NAME.ingest-new`` and synced to disk;
2. the manifest's ``.ingest-new`` file is written last: its presence is the commit;
3. the tables are renamed over the old ones, the manifest last.

A monitor that fetches in the middle of step 3 sees a table whose SHA-256 does not
match the manifest it read, refuses it and keeps its last good data; a crash in step 3
is rolled forward by the next ``open`` (the commit file is there), a crash before it is
rolled back (stray ``.ingest-new`` tables are removed). A file lock keeps two ingests
from interleaving. No Textual.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections.abc import Mapping
from pathlib import Path

from filelock import FileLock, Timeout

from ..core.schema import TABLES
from ..core.signing import SigningKey
from ..core.snapshot import (
    MANIFEST_NAME,
    DataError,
    Origin,
    make_manifest,
    parse_table,
    read_snapshot_dir,
)
from .records import IngestError

__all__ = ["DEFAULT_TITLE", "NEW_SUFFIX", "SnapshotDir", "publish_manifest", "read_rows", "table_bytes"]

NEW_SUFFIX = ".ingest-new"
LOCK_NAME = ".npl-tui-ingest.lock"
DEFAULT_TITLE = "npl-tui feed"


def table_bytes(name: str, rows: list[dict[str, str]]) -> bytes:
    """A table's CSV as the build script writes it: the schema's columns in order,
    ``\\n`` line ends, minimal quoting, UTF-8 without BOM."""
    cols = TABLES[name].column_names
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    for row in rows:
        writer.writerow([row.get(c) or "" for c in cols])
    return buf.getvalue().encode("utf-8")


def read_rows(raw: bytes) -> list[dict[str, str]]:
    """A table's rows as CSV strings (what the file says, not parsed values), so that
    rewriting an unchanged row gives back the same bytes."""
    text = raw.decode("utf-8-sig")
    return [{k: (v or "") for k, v in r.items() if k is not None} for r in csv.DictReader(io.StringIO(text, newline=""))]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def publish_manifest(staged: Path, final: Path) -> None:
    """Rename *staged* over *final* so that web servers see a new version.

    Servers derive Last-Modified (and nginx its ETag) from the file's modification time
    in whole seconds, so a manifest rewritten within the same second as the one before
    it, at the same size, would be answered 304 to a desk that already fetched the
    first: that desk would miss the publication until the next one. The new manifest's
    time is therefore moved past the old one's second when it would not be."""
    try:
        before = int(final.stat().st_mtime)
    except FileNotFoundError:
        before = None
    os.replace(staged, final)
    if before is not None and int(final.stat().st_mtime) <= before:
        later = before + 1
        os.utime(final, (later, later))


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


class SnapshotDir:
    """One snapshot directory, locked for the life of the object (use ``with``)."""

    def __init__(self, path: Path, *, lock_timeout: float = 30.0, sign: SigningKey | None = None) -> None:
        self.path = path
        self.created = False
        self._sign = sign
        self._lock: FileLock | None = None
        self._lock_timeout = lock_timeout
        self._raw: dict[str, bytes] = {}
        self._title = DEFAULT_TITLE

    # -- opening ------------------------------------------------------------------

    def __enter__(self) -> SnapshotDir:  # noqa: PYI034 - typing.Self needs Python 3.11
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> None:
        path = self.path
        if path.exists() and not path.is_dir():
            raise IngestError(f"{path}: not a directory")
        if not path.exists():
            try:
                path.mkdir(parents=True)
            except OSError as exc:
                raise IngestError(f"{path}: cannot create the snapshot directory: {exc.strerror or exc}") from None
            self.created = True
        self._lock = FileLock(str(path / LOCK_NAME))
        try:
            self._lock.acquire(timeout=self._lock_timeout)
        except Timeout:
            raise IngestError(f"{path}: another ingest holds {LOCK_NAME}; try again when it is done") from None
        self._recover()
        if self.created or not (path / MANIFEST_NAME).exists():
            if any(p.name.endswith(".csv") for p in path.iterdir()):
                raise IngestError(f"{path}: has CSV files but no {MANIFEST_NAME}: run `npl-tui build {path}` first, or ingest into a new directory")
            self.created = True
            self._raw = {name: table_bytes(name, []) for name in TABLES}
            return
        try:
            snapshot = read_snapshot_dir(path, Origin("snapshot", str(path)))
        except DataError as exc:
            raise IngestError(f"{path}: is not a valid snapshot, so nothing was changed: {exc}") from None
        self._title = snapshot.manifest.title or DEFAULT_TITLE
        if self._sign is None and "signature" in json.loads((path / MANIFEST_NAME).read_bytes()):
            raise IngestError(
                f"{path / MANIFEST_NAME}: is signed, so nothing was changed: pass --sign KEYFILE "
                "(an unsigned manifest would be refused by every desk that runs with --trust)"
            )
        for name, entry in snapshot.manifest.tables.items():
            self._raw[name] = (path / entry.file).read_bytes()
        for name in TABLES:  # a table a reader of this version knows but the manifest lacks
            self._raw.setdefault(name, table_bytes(name, []))

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _recover(self) -> None:
        """Finish (or undo) a write that a crash interrupted."""
        commit = self.path / (MANIFEST_NAME + NEW_SUFFIX)
        pending = [p for p in self.path.iterdir() if p.name.endswith(NEW_SUFFIX) and p != commit]
        if commit.exists():
            for p in pending:
                os.replace(p, p.with_name(p.name[: -len(NEW_SUFFIX)]))
            os.replace(commit, self.path / MANIFEST_NAME)
        else:
            for p in pending:
                p.unlink()

    # -- reading and writing ------------------------------------------------------

    def rows(self, name: str) -> list[dict[str, str]]:
        return read_rows(self._raw[name])

    def write(self, changed: Mapping[str, list[dict[str, str]]]) -> bool:
        """Replace the given tables (all rows) and rebuild the manifest. Returns False
        and writes nothing when every table comes out byte-identical. Raises
        IngestError, with nothing written, if a new table does not validate."""
        new_raw = dict(self._raw)
        for name, rows in changed.items():
            new_raw[name] = table_bytes(name, rows)
        if new_raw == self._raw and not self.created:
            return False
        counts: dict[str, int] = {}
        for name, raw in new_raw.items():
            try:
                counts[name] = len(parse_table(TABLES[name], raw, TABLES[name].filename))
            except DataError as exc:  # a bug in a row builder, never the user's data on disk
                raise IngestError(f"{self.path}: the new {name} table does not validate, nothing was written: {exc}") from None
        manifest = make_manifest(new_raw, counts, _now(), self._title, sign=self._sign)
        files = [name for name in TABLES if new_raw[name] != self._raw.get(name) or self.created]
        for name in files:
            _write_synced(self.path / (TABLES[name].filename + NEW_SUFFIX), new_raw[name])
        _write_synced(self.path / (MANIFEST_NAME + NEW_SUFFIX), manifest)  # the commit point
        for name in files:
            os.replace(self.path / (TABLES[name].filename + NEW_SUFFIX), self.path / TABLES[name].filename)
        publish_manifest(self.path / (MANIFEST_NAME + NEW_SUFFIX), self.path / MANIFEST_NAME)
        self._raw = new_raw
        self.created = False
        return True

    @property
    def manifest(self) -> dict[str, object]:
        return json.loads((self.path / MANIFEST_NAME).read_text("utf-8"))
