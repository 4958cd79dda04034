"""A cache of parsed tables, keyed by the SHA-256 of the bytes they were parsed from.

Parsing the shipped snapshot's CSV (type conversion, cleaning, range checks) is a
tenth of npl-tui's start-up, and gives the same rows every time for the same bytes.
So a table, once parsed, is stored under
``<cache dir>/parsed/<table>-<sha256 of the CSV>-<parser id>.marshal`` and the next
start reads it back in a fraction of that time (measured: docs/benchmarks.md).

Nothing is trusted more than before: the CSV bytes are still read and checked
against the manifest's SHA-256 on every start, and the cache is only consulted for
bytes that passed. The parser id is a hash of the parsing code and the schema, so a
new version of npl-tui never reads rows an older one parsed. A cache file that is
missing, unreadable or not what was written is ignored and rewritten. The format is
``marshal`` (plain data: no code is ever loaded from the cache); dates are stored as
ISO strings and restored.

The directory stays small: a file read is marked as used (its mtime), and each write
keeps only the :data:`KEEP_PER_TABLE` most recently used files of its table (the
shipped snapshot's, a feed's current and previous versions...) and removes the rest,
together with files an interrupted write left behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .paths import cache_root

__all__ = ["KEEP_PER_TABLE", "ParsedCache", "parser_id"]

#: Parsed files kept per table, most recently used first (every table of a snapshot is
#: ~10-400 KiB parsed; several feeds and the shipped snapshot fit comfortably).
KEEP_PER_TABLE = 8
#: A temporary file older than this is a leftover of an interrupted write.
_STALE_TMP_SECONDS = 3600.0

_PARSER_ID: str | None = None


def parser_id() -> str:
    """A hash of the code that turns CSV bytes into rows (snapshot.py, schema.py, text.py)."""
    global _PARSER_ID
    if _PARSER_ID is None:
        here = Path(__file__).parent
        digest = hashlib.sha256()
        for name in ("snapshot.py", "schema.py", "text.py"):
            digest.update((here / name).read_bytes())
        _PARSER_ID = digest.hexdigest()[:16]
    return _PARSER_ID


class ParsedCache:
    """Parsed rows of tables, on disk under *root*. Every failure is a cache miss."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def default(cls) -> ParsedCache:
        return cls(cache_root() / "parsed")

    def _path(self, table: str, sha256: str) -> Path:
        return self.root / f"{table}-{sha256}-{parser_id()}.marshal"

    def get(self, table: str, sha256: str, columns: Sequence[str], date_columns: Sequence[str], rows: int) -> tuple[MappingProxyType[str, Any], ...] | None:
        """The rows stored for these bytes, or None (never an exception)."""
        try:
            path = self._path(table, sha256)
            data = marshal.loads(path.read_bytes())
            if not (isinstance(data, list) and len(data) == rows):
                return None
            names = set(columns)
            out = []
            for record in data:
                if not isinstance(record, dict) or record.keys() != names:
                    return None
                for name in date_columns:
                    value = record[name]
                    if value is not None:
                        record[name] = dt.date.fromisoformat(value)
                out.append(MappingProxyType(record))
            self._used(path)
            return tuple(out)
        except Exception:  # noqa: BLE001 - missing, truncated, foreign: parse again
            return None

    def put(self, table: str, sha256: str, rows: Sequence[Any], date_columns: Sequence[str]) -> None:
        """Store *rows* (best effort: a read-only or full disk just means no cache)."""
        try:
            records = []
            for row in rows:
                record = dict(row)
                for name in date_columns:
                    if record.get(name) is not None:
                        record[name] = record[name].isoformat()
                records.append(record)
            payload = marshal.dumps(records)
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(payload)
                os.replace(tmp, self._path(table, sha256))
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except Exception:  # noqa: BLE001 - caching is an optimisation, never an error
            return
        self.trim(table)

    @staticmethod
    def _used(path: Path) -> None:
        try:
            os.utime(path)
        except OSError:  # a read-only cache still serves reads
            pass

    def trim(self, table: str, keep: int = KEEP_PER_TABLE) -> None:
        """Keep the *keep* most recently used files of *table*; remove the rest and
        stale temporary files (best effort, never an error)."""
        try:
            entries = list(os.scandir(self.root))
        except OSError:
            return
        mine: list[tuple[float, str]] = []
        now = time.time()
        for entry in entries:
            try:
                if entry.name.startswith(".tmp-"):
                    if now - entry.stat().st_mtime > _STALE_TMP_SECONDS:
                        os.unlink(entry.path)
                elif entry.name.startswith(f"{table}-") and entry.name.endswith(".marshal"):
                    mine.append((entry.stat().st_mtime, entry.path))
            except OSError:
                continue
        mine.sort(reverse=True)
        for _mtime, path in mine[keep:]:
            try:
                os.unlink(path)
            except OSError:
                pass

