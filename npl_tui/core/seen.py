"""What the user has seen, per feed, so that "new" and "revised" survive restarts.

A *state* records, for each table and each row (by the table's natural key,
:attr:`npl_tui.core.schema.TableSpec.key`), the figures the user last saw: the values
of the table's tracked columns (:data:`TRACKED`), with that row's ``as_of`` and
``source`` then. :func:`changes` compares a snapshot with it:

- a row whose key was never seen is **new**;
- a row whose tracked figures differ from the seen ones is **revised**, with each
  figure's old and new value and both as-of dates and sources.

Nothing becomes seen by itself: only :func:`mark_seen` (rows shown on screen, or
marked read) and :func:`mark_all_seen` record it. A row published while the monitor
was closed is therefore new at the next start, and stays new until marked. The first
time a feed (or a table) is met there is nothing to compare with: :func:`ensure_baseline`
takes everything present as seen, so a desk is not flooded on its first start.

**On disk.** One JSON file per feed, ``<state dir>/seen/<sha256(feed)[:16]>.json``,
where the feed is its URL (secrets redacted, as the cache keys it) or the snapshot
directory's resolved path (:func:`feed_identity`); the state dir is
``platformdirs.user_state_dir("npl-tui")`` unless a *root* is given. Writes are atomic
(temporary file, then replace). A file that cannot be read or is not a state file is
renamed ``<name>.corrupt-<UTC time>`` and a one-line notice is returned: that feed
starts afresh (a new baseline), the other feeds' files are untouched. Two monitors on
one feed share its file; the last to save wins.

**Size.** The shipped snapshot has ~950 rows: each is stored value by value (a few
hundred bytes each, ~300 KB in all), so a revision shows the old figures. A table of
more than :data:`DIGEST_ROWS` rows (a future ``lots`` table of a million loans) is not:
each row is kept as two 64-bit digests, one of its key and one of its tracked values,
its as-of and its source, in two sorted arrays (16 bytes a row: ~16 MB for a million,
base64 in the file, binary-searched in memory). Such a table still shows which rows
are new and which were revised, but not the old values (:attr:`Change.old_known` is
False). The digest is BLAKE2b: a collision (about one in 10^19 per pair) could at worst
hide one revision. Comparing costs ~10 µs a row in pure Python (a million rows: seconds,
in a worker thread); the shipped tables take a few milliseconds.

Pure data and file I/O: no Textual. Blocking: call from a thread in async code.
"""

from __future__ import annotations

import base64
import bisect
import datetime as dt
import hashlib
import json
import sys
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .schema import TABLES, TableSpec
from .snapshot import Row, Snapshot, Table
from .text import clean_text

__all__ = [
    "DIGEST_ROWS",
    "TRACKED",
    "Change",
    "Changes",
    "Revision",
    "SeenState",
    "changes",
    "ensure_baseline",
    "feed_identity",
    "load_state",
    "mark_all_seen",
    "mark_seen",
    "save_state",
    "state_path",
]

FORMAT = 1
#: A table with more rows than this is remembered by digests, not values.
DIGEST_ROWS = 20_000

#: The figures of each table whose revision the user is told about. Text (titles,
#: notes, a citation added to ``source``) is not a revision of the market.
TRACKED: dict[str, tuple[str, ...]] = {
    "ratios": ("value", "qualifier"),
    "provinces": ("value", "qualifier", "rank"),
    "discount_rates": ("value_pct", "qualifier", "sample_size", "suspect"),
    "announcements": (
        "date", "status", "principal_yi", "interest_yi", "amount_yi", "amount_kind", "total_yi",
        "starting_price_yi", "deal_price_yi", "borrowers", "loans", "overdue_days", "signed_date", "auction_date",
    ),
}
_NOT_FIGURES = {"id", "as_of", "source", "note", "title"}
_SEP = "\x1f"


def tracked_columns(spec: TableSpec) -> tuple[str, ...]:
    """The tracked columns of a table (for a table not in :data:`TRACKED`: every
    column that is neither its key nor text about the row)."""
    if spec.name in TRACKED:
        return TRACKED[spec.name]
    return tuple(c for c in spec.column_names if c not in spec.key and c not in _NOT_FIGURES)


def _plain(value: object) -> object:
    """A cell as JSON keeps it: dates as ISO text; the rest as parsed."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _row_keys(table: Table) -> Iterator[tuple[str, Row]]:
    """(natural key, row) for each row. A key repeated in the table (the parser does not
    forbid it) is told apart by the row's id."""
    taken: set[str] = set()
    columns = table.spec.key
    for row in table.rows:
        key = _SEP.join("" if row.get(c) is None else str(_plain(row.get(c))) for c in columns)
        if key in taken:
            key = f"{key}{_SEP}#{row.get('id', '')}"
        taken.add(key)
        yield key, row


def _values(row: Row, columns: tuple[str, ...]) -> list[object]:
    return [_plain(row.get(c)) for c in columns]


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def _row_digest(row: Row, columns: tuple[str, ...]) -> int:
    """A digest of a row's tracked values, as-of and source (``repr`` of numbers, dates
    and text is stable across Python versions, and cheaper than JSON)."""
    return _digest(repr((*map(row.get, columns), row.get("as_of"), row.get("source"))))


# --------------------------------------------------------------------------- records


@dataclass
class _Values:
    """A table remembered value by value: key -> [tracked values, as_of, source]."""

    rows: dict[str, list[Any]] = field(default_factory=dict)

    def put(self, key: str, row: Row, columns: tuple[str, ...]) -> None:
        self.rows[key] = [_values(row, columns), _plain(row.get("as_of")), row.get("source")]

    def to_json(self) -> dict[str, Any]:
        return {"rows": self.rows}


@dataclass
class _Digests:
    """A big table remembered by digests: sorted key digests, their value digests."""

    keys: array = field(default_factory=lambda: array("Q"))
    values: array = field(default_factory=lambda: array("Q"))

    @classmethod
    def of(cls, pairs: Iterable[tuple[int, int]]) -> _Digests:
        ordered = sorted(dict(pairs).items())
        return cls(array("Q", (k for k, _ in ordered)), array("Q", (v for _, v in ordered)))

    def get(self, key_digest: int) -> int | None:
        i = bisect.bisect_left(self.keys, key_digest)
        return self.values[i] if i < len(self.keys) and self.keys[i] == key_digest else None

    def put(self, key: str, row: Row, columns: tuple[str, ...]) -> None:
        kd, vd = _digest(key), _row_digest(row, columns)
        i = bisect.bisect_left(self.keys, kd)
        if i < len(self.keys) and self.keys[i] == kd:
            self.values[i] = vd
        else:
            self.keys.insert(i, kd)
            self.values.insert(i, vd)

    def to_json(self) -> dict[str, Any]:
        keys, values = array("Q", self.keys), array("Q", self.values)
        if sys.byteorder == "big":  # the file is little-endian everywhere
            keys.byteswap()
            values.byteswap()
        return {"digests": base64.b64encode(keys.tobytes() + values.tobytes()).decode("ascii"), "count": len(keys)}

    @classmethod
    def from_json(cls, text: str, count: int) -> _Digests:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
        if len(raw) != 16 * count:
            raise ValueError("digest length does not match its count")
        keys, values = array("Q"), array("Q")
        keys.frombytes(raw[: 8 * count])
        values.frombytes(raw[8 * count :])
        if sys.byteorder == "big":
            keys.byteswap()
            values.byteswap()
        if any(keys[i] >= keys[i + 1] for i in range(len(keys) - 1)):
            raise ValueError("digests are not sorted")
        return cls(keys, values)


def _record_table(table: Table) -> _Values | _Digests:
    columns = tracked_columns(table.spec)
    if len(table) > DIGEST_ROWS:
        return _Digests.of((_digest(k), _row_digest(r, columns)) for k, r in _row_keys(table))
    record = _Values()
    for key, row in _row_keys(table):
        record.put(key, row, columns)
    return record


# --------------------------------------------------------------------------- state


@dataclass
class SeenState:
    """What one feed's user has seen. Change it only through this module's functions."""

    feed: str
    path: Path
    tables: dict[str, _Values | _Digests] = field(default_factory=dict)
    #: True when there are changes not yet saved.
    dirty: bool = False

    def knows(self, table: str) -> bool:
        """Whether *table* has a baseline (False: everything in it would be taken as seen)."""
        return table in self.tables


def feed_identity(feed: str | Path) -> str:
    """What a state file is keyed by: a feed URL with its secrets redacted, or a
    snapshot directory's resolved path."""
    text = str(feed)
    if "://" in text:
        from .cache import redact_url

        return redact_url(text)
    return str(Path(text).expanduser().resolve())


def state_path(feed: str | Path, root: Path | None = None) -> Path:
    """The state file of *feed* (see the module's docstring)."""
    if root is None:
        from .paths import state_root

        root = state_root() / "seen"
    return Path(root) / (hashlib.sha256(feed_identity(feed).encode("utf-8")).hexdigest()[:16] + ".json")


def _stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def _set_aside(path: Path, reason: str) -> str:
    target = path.with_name(f"{path.name}.corrupt-{_stamp()}")
    try:
        path.rename(target)
    except OSError as exc:
        return f"{path}: seen-state unusable ({reason}) and could not be set aside ({exc.strerror or exc}); starting afresh"
    return f"{path}: seen-state unusable ({reason}); set aside as {target.name}; starting afresh: what is shown now counts as seen"


def _parse(doc: object, identity: str) -> dict[str, _Values | _Digests]:
    """The tables of a state document; raises ValueError or TypeError with a short reason."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f"not a format-{FORMAT} state file")
    if doc.get("feed") != identity:
        raise ValueError("it belongs to another feed")
    tables = doc.get("tables")
    if not isinstance(tables, dict):
        raise TypeError("no tables")
    out: dict[str, _Values | _Digests] = {}
    for name, record in tables.items():
        if not isinstance(record, dict):
            raise TypeError(f"table {name!r} is not an object")
        if "digests" in record:
            count = record.get("count")
            if not isinstance(record["digests"], str) or not isinstance(count, int) or count < 0:
                raise ValueError(f"table {name!r}: bad digests")
            out[name] = _Digests.from_json(record["digests"], count)
            continue
        rows = record.get("rows")
        if not isinstance(rows, dict) or not all(
            isinstance(v, list) and len(v) == 3 and isinstance(v[0], list) for v in rows.values()
        ):
            raise ValueError(f"table {name!r}: bad rows")
        out[name] = _Values(rows)
    return out


def load_state(feed: str | Path, root: Path | None = None) -> tuple[SeenState, str | None]:
    """The seen-state of *feed*, and a one-line notice when its file was unusable
    (and was set aside). A missing file is an empty state: see :func:`ensure_baseline`.
    Never raises."""
    identity = feed_identity(feed)
    path = state_path(identity, root)
    state = SeenState(identity, path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return state, None
    except OSError as exc:
        return state, _set_aside(path, f"cannot be read: {exc.strerror or exc}")
    try:
        state.tables = _parse(json.loads(raw.decode("utf-8")), identity)
    except (ValueError, TypeError, RecursionError) as exc:
        reason = "not JSON" if isinstance(exc, json.JSONDecodeError) else str(exc)[:80] or type(exc).__name__
        return state, _set_aside(path, reason)
    return state, None


def save_state(state: SeenState) -> str | None:
    """Write *state* if it changed; a one-line notice when it could not be written
    (the state is still good in memory: the next save tries again). Never raises."""
    if not state.dirty:
        return None
    from .atomic import write_atomic

    doc = {
        "format": FORMAT,
        "feed": state.feed,
        "saved_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "tables": {name: record.to_json() for name, record in state.tables.items()},
    }
    data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    try:
        state.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(state.path, data)
    except OSError as exc:
        return f"{state.path}: what was seen could not be saved ({exc.strerror or exc}); will retry"
    state.dirty = False
    return None


# --------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class Revision:
    """One tracked figure that changed: its old value (None when not kept) and new."""

    column: str
    old: object
    new: object


@dataclass(frozen=True)
class Change:
    """A row that is new, or whose figures were revised, since the user saw it."""

    table: str
    key: str  # the natural key (its parts joined by \\x1f)
    kind: str  # "new" | "revised"
    row: Row  # as it is now
    revisions: tuple[Revision, ...] = ()  # for "revised", when the old values are kept
    seen_as_of: str | None = None  # the as-of date and source of what was seen
    seen_source: str | None = None
    old_known: bool = True  # False for a revision in a table kept by digests

    @property
    def id(self) -> str:
        return str(self.row.get("id", ""))

    @property
    def as_of(self) -> str | None:
        value = _plain(self.row.get("as_of"))
        return value if isinstance(value, str) else None

    @property
    def source(self) -> str:
        return str(self.row.get("source") or "")


@dataclass(frozen=True)
class Changes:
    """The changes in *snapshot* since the user last saw it, by table in the format's
    order, rows in file order."""

    snapshot: Snapshot
    items: tuple[Change, ...] = ()

    def __iter__(self) -> Iterator[Change]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def by_table(self) -> dict[str, tuple[Change, ...]]:
        """Tables with changes -> their changes (tables without any are left out)."""
        out: dict[str, list[Change]] = {}
        for item in self.items:
            out.setdefault(item.table, []).append(item)
        return {name: tuple(items) for name, items in out.items()}

    def ids(self, table: str, kind: str | None = None) -> frozenset[str]:
        """Row ids of *table* that changed (only the *kind* given: "new" or "revised")."""
        return frozenset(c.id for c in self.items if c.table == table and (kind is None or c.kind == kind))

    def count(self, kind: str | None = None) -> int:
        return sum(1 for c in self.items if kind is None or c.kind == kind)


def _text(value: object) -> str | None:
    """Text read back from the state file, as untrusted as the feed it came from."""
    return clean_text(value) if isinstance(value, str) else None


def _from_disk(value: object) -> object:
    return clean_text(value) if isinstance(value, str) else value


def _table_changes(table: Table, record: _Values | _Digests) -> list[Change]:
    columns = tracked_columns(table.spec)
    out: list[Change] = []
    for key, row in _row_keys(table):
        if isinstance(record, _Digests):
            seen = record.get(_digest(key))
            if seen is None:
                out.append(Change(table.name, key, "new", row))
            elif seen != _row_digest(row, columns):
                # the digest covers as-of and source too: only figures count as a revision,
                # which a digest cannot tell apart; said by old_known=False
                out.append(Change(table.name, key, "revised", row, old_known=False))
            continue
        entry = record.rows.get(key)
        if entry is None:
            out.append(Change(table.name, key, "new", row))
            continue
        old, as_of, source = entry
        new = _values(row, columns)
        if old == new:
            continue
        revisions = tuple(
            Revision(c, _from_disk(old[i]) if i < len(old) else None, v)
            for i, (c, v) in enumerate(zip(columns, new))
            if i >= len(old) or old[i] != v
        )
        out.append(Change(table.name, key, "revised", row, revisions, _text(as_of), _text(source)))
    return out


def changes(snapshot: Snapshot, state: SeenState) -> Changes:
    """Rows of *snapshot* that are new or revised since *state* was recorded. A table
    the state has no baseline for contributes nothing (see :func:`ensure_baseline`).
    Pure: neither *state* nor the disk changes."""
    items: list[Change] = []
    ordered = [n for n in TABLES if n in snapshot.tables] + [n for n in snapshot.tables if n not in TABLES]
    for name in ordered:
        record = state.tables.get(name)
        if record is not None:
            items += _table_changes(snapshot.tables[name], record)
    return Changes(snapshot, tuple(items))


# --------------------------------------------------------------------------- marking


def ensure_baseline(state: SeenState, snapshot: Snapshot, *, save: bool = True) -> str | None:
    """Take every row of the tables *state* has never recorded as seen (all of them on
    a feed's first start) and save; a one-line notice if saving failed."""
    for name, table in snapshot.tables.items():
        if name not in state.tables:
            state.tables[name] = _record_table(table)
            state.dirty = True
    return save_state(state) if save else None


def mark_seen(state: SeenState, items: Iterable[Change | tuple[str, Row]], *, save: bool = True) -> str | None:
    """Record rows as seen as they are now: :class:`Change` items, or (table name,
    row) pairs. Rows of a table without a baseline are skipped (they are not shown
    as changes anyway). Saves unless *save* is False; returns a one-line notice if
    saving failed."""
    for item in items:
        name, row = (item.table, item.row) if isinstance(item, Change) else item
        spec, record = TABLES.get(name), state.tables.get(name)
        if spec is None or record is None:
            continue
        key = item.key if isinstance(item, Change) else next(_row_keys(Table(spec, (row,))))[0]
        record.put(key, row, tracked_columns(spec))
        state.dirty = True
    return save_state(state) if save else None


def mark_all_seen(state: SeenState, snapshot: Snapshot, tables: Iterable[str] | None = None, *, save: bool = True) -> str | None:
    """Record every row of *snapshot* (or of the *tables* named) as seen; rows no
    longer in the snapshot are forgotten. A one-line notice if saving failed."""
    names = set(tables) if tables is not None else set(snapshot.tables)
    for name in names:
        if name in snapshot.tables:
            state.tables[name] = _record_table(snapshot.tables[name])
            state.dirty = True
    return save_state(state) if save else None
