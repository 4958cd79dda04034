"""A cache of parsed tables, keyed by the SHA-256 of the bytes they were parsed from.

Parsing the shipped snapshot's CSV (type conversion, cleaning, range checks) takes
~40 ms, a tenth of npl-tui's start-up, and gives the same rows every time for the
same bytes. So a table, once parsed, is stored under
``<cache dir>/parsed/<table>-<sha256 of the CSV>-<parser id>.marshal`` and the next
start reads it back in ~2 ms.

Nothing is trusted more than before: the CSV bytes are still read and checked
against the manifest's SHA-256 on every start, and the cache is only consulted for
bytes that passed. The parser id is a hash of the parsing code and the schema, so a
new version of npl-tui never reads rows an older one parsed. A cache file that is
missing, unreadable or not what was written is ignored and rewritten. The format is
``marshal`` (plain data: no code is ever loaded from the cache); dates are stored as
ISO strings and restored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .paths import cache_root

__all__ = ["ParsedCache", "parser_id"]

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
            data = marshal.loads(self._path(table, sha256).read_bytes())
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

