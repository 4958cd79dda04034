"""Snapshots: a manifest plus one CSV per table, parsed and verified into immutable data.

The parsing here is plain Python (``csv``), not pandas: a snapshot is a few thousand
rows, and importing pandas alone would double the time until the first figure is on
screen (measured: docs/benchmarks.md). pandas is used where it earns its import: exports and
analysis (:meth:`Table.to_frame`) and the dataset build script.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .provinces import UnknownProvince, normalise_province
from .schema import (
    FORMAT_VERSION,
    NATIONAL_CODE,
    OPTIONAL_TABLE_NAMES,
    TABLE_NAMES,
    TABLES,
    Column,
    TableSpec,
)
from .text import clean_text

if TYPE_CHECKING:
    from .parsed_cache import ParsedCache
    from .signing import SigningKey

__all__ = [
    "MANIFEST_NAME",
    "MAX_PROBLEMS",
    "DataError",
    "Manifest",
    "Origin",
    "Problem",
    "Snapshot",
    "Table",
    "TableEntry",
    "build_snapshot",
    "convert_cell",
    "make_manifest",
    "parse_generated_at",
    "parse_manifest",
    "parse_table",
    "parse_time",
    "read_snapshot_dir",
    "sha256_file",
    "sha256_hex",
    "show_cell",
]

MANIFEST_NAME = "manifest.json"
MAX_PROBLEMS = 50
_FILE_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,100}")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DATETIME_RE = re.compile(r"(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?", re.ASCII)
_NATIONAL = {"100000", "全国", "china", "national"}
_INT_RE = re.compile(r"[+-]?\d{1,18}", re.ASCII)
_FLOAT_RE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_CITY_RE = re.compile(r"\d{6}", re.ASCII)
_PERIOD_RE = re.compile(r"(\d{4})(?:Q([1-4])|-(0[1-9]|1[0-2]))?", re.ASCII)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    where: str  # file name or URL
    message: str
    row: int | None = None  # 1-based data row (the header is row 0)
    column: str | None = None

    def __str__(self) -> str:
        loc = self.where
        if self.row is not None:
            loc += f" row {self.row}"
        if self.column:
            loc += f" column {self.column}"
        loc = loc.strip()
        return f"{loc}: {self.message}" if loc else self.message


class DataError(Exception):
    """Input that cannot be used. ``str()`` is one line; ``problems`` has them all."""

    def __init__(self, problems: list[Problem] | Problem | str, where: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(where, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems
        first = str(problems[0]) if problems else "invalid data"
        more = len(problems) - 1
        super().__init__(first + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""))


@dataclass(frozen=True)
class TableEntry:
    file: str
    rows: int
    sha256: str
    #: The file's size in bytes as stored (compressed, for a ``.gz`` file); None when the
    #: manifest does not say (format 1.2 and older). A feed reader takes it as the most it
    #: will read of that file.
    bytes: int | None = None

    @property
    def compressed(self) -> bool:
        return self.file.endswith(".gz")


@dataclass(frozen=True)
class Manifest:
    format_version: str
    generated_at: str
    tables: Mapping[str, TableEntry]
    title: str = ""
    #: The tables whose rows are synthetic (made by a generator, not published): shown
    #: as such wherever they appear.
    synthetic: tuple[str, ...] = ()

    @property
    def generated(self) -> dt.datetime | None:
        """``generated_at`` as an aware UTC time; None when the manifest has none."""
        return parse_generated_at(self.generated_at)

    @property
    def fingerprint(self) -> str:
        """A short identity of the content: changes iff some table's bytes change."""
        joined = "".join(f"{n}:{e.sha256};" for n, e in sorted(self.tables.items()))
        return hashlib.sha256(joined.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Origin:
    """Where a snapshot came from, for the status line."""

    kind: str  # "shipped" | "snapshot" | "feed" | "cache" | "history" (a past snapshot, core/history.py)
    location: str  # directory path or feed URL
    fetched_at: dt.datetime | None = None  # when the bytes were fetched (feeds and caches); history: first seen
    day: dt.date | None = None  # history: the day asked for (``--as-of DATE``), shown in the history mark


Row = Mapping[str, Any]


@dataclass(frozen=True)
class Table:
    """A parsed table: typed, cleaned, read-only rows in file order."""

    spec: TableSpec
    rows: tuple[Row, ...]

    @property
    def name(self) -> str:
        return self.spec.name

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def to_frame(self) -> Any:
        """The table as a pandas DataFrame (imports pandas on first use)."""
        import pandas as pd

        return pd.DataFrame(list(map(dict, self.rows)), columns=list(self.spec.column_names))


@dataclass(frozen=True)
class Snapshot:
    """One complete, verified set of tables. Immutable: replace, never mutate."""

    manifest: Manifest
    tables: Mapping[str, Table]
    origin: Origin
    loaded_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    #: The directory holding this snapshot's verified files, where a columnar table
    #: (``lots``) is read from after the snapshot is on screen (core/lots.py): the
    #: snapshot directory, or the feed cache's copy. None when the files are only in
    #: memory. A cached copy's directory is never rewritten in place (the cache writes a
    #: new one and keeps the previous one, see core/cache.py): a file opened when the
    #: snapshot arrives stays readable.
    files_dir: Path | None = None

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]

    @property
    def ratios(self) -> Table:
        return self.tables["ratios"]

    @property
    def announcements(self) -> Table:
        return self.tables["announcements"]

    @property
    def provinces(self) -> Table:
        return self.tables["provinces"]

    @property
    def discount_rates(self) -> Table:
        return self.tables["discount_rates"]

    @property
    def fingerprint(self) -> str:
        return self.manifest.fingerprint

    @property
    def lots_entry(self) -> TableEntry | None:
        """The manifest's entry for the lots table; None when the snapshot has no lots."""
        return self.manifest.tables.get("lots")

    def lots_where(self) -> str:
        """The lots file as messages name it: its URL for a feed (not the cache's path)."""
        entry = self.lots_entry
        name = entry.file if entry is not None else "lots.csv"
        location = self.origin.location
        if "://" in location:
            return f"{location.rstrip('/')}/{name}"
        path = self.lots_file()
        return str(path) if path is not None else name

    def lots_file(self) -> Path | None:
        """Where the lots file is on disk; None when there are no lots or no directory."""
        entry = self.lots_entry
        return self.files_dir / entry.file if entry is not None and self.files_dir is not None else None

    def newest_as_of(self) -> dt.date | None:
        """The most recent date any fact in the snapshot refers to."""
        dates = [r["as_of"] for t in self.tables.values() for r in t.rows]
        return max(dates) if dates else None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The SHA-256 (hex) of a file, read a chunk at a time (never whole in memory)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------- manifest


_GENERATED_RE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?", re.ASCII)


def parse_time(text: object) -> dt.datetime | None:
    """A time the cache or the history wrote (ISO 8601; no zone means UTC) as an aware
    time; None when it is not a string or not such a time."""
    if not isinstance(text, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def parse_generated_at(text: str) -> dt.datetime | None:
    """A manifest's ``generated_at`` (ISO 8601; no zone means UTC) as an aware UTC
    time; None when empty or not such a time."""
    text = text.strip()
    if not _GENERATED_RE.fullmatch(text):
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def _major(version: str) -> int | None:
    m = re.fullmatch(r"(\d+)\.(\d+)", version, flags=re.ASCII)
    return int(m.group(1)) if m else None


def parse_manifest(raw: bytes, where: str = MANIFEST_NAME) -> Manifest:
    """Parse and check a manifest; raise DataError with a one-line reason."""
    head = raw[:200].lstrip().lower()
    if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<")):
        raise DataError(Problem(where, "is an HTML/XML page, not a JSON manifest"))
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DataError(Problem(where, f"is not UTF-8 (byte {exc.start})")) from None
    except json.JSONDecodeError as exc:
        raise DataError(Problem(where, f"is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")) from None
    except RecursionError:
        raise DataError(Problem(where, "is not a usable manifest: JSON nested too deeply")) from None
    except ValueError as exc:  # e.g. an integer with thousands of digits
        raise DataError(Problem(where, f"is not a usable manifest: {str(exc)[:80]}")) from None
    if not isinstance(doc, dict):
        raise DataError(Problem(where, "must be a JSON object"))
    version = doc.get("format_version")
    if not isinstance(version, str) or _major(version) is None:
        raise DataError(Problem(where, f"format_version must be a string like {FORMAT_VERSION!r}, got {version!r}"))
    ours = _major(FORMAT_VERSION)
    if _major(version) != ours:
        raise DataError(
            Problem(where, f"format_version {version} is not supported (this npl-tui reads {ours}.x); upgrade npl-tui or ask the publisher for a {ours}.x feed")
        )
    generated = doc.get("generated_at", "")
    if not isinstance(generated, str):
        raise DataError(Problem(where, "generated_at must be a string"))
    if generated.strip() and parse_generated_at(generated) is None:
        shown = generated if len(generated) <= 40 else generated[:39] + "…"
        shown = repr(shown) if shown.isprintable() else ascii(shown)
        raise DataError(Problem(where, f"generated_at must be an ISO 8601 time like '2026-02-20T08:00:00Z', got {shown}"))
    tables = doc.get("tables")
    if not isinstance(tables, dict):
        raise DataError(Problem(where, "tables must be an object mapping table name to {file, rows, sha256}"))
    problems: list[Problem] = []
    entries: dict[str, TableEntry] = {}
    for name in (*TABLE_NAMES, *OPTIONAL_TABLE_NAMES):
        entry = tables.get(name)
        if entry is None and name in OPTIONAL_TABLE_NAMES:
            continue
        if not isinstance(entry, dict):
            problems.append(Problem(where, f"table {name!r} is missing"))
            continue
        file, rows, digest, size = entry.get("file"), entry.get("rows"), entry.get("sha256"), entry.get("bytes")
        if not isinstance(file, str) or not _FILE_RE.fullmatch(file) or ".." in file:
            problems.append(Problem(where, f"table {name!r}: file must be a plain file name, got {file!r}"))
            continue
        if not isinstance(rows, int) or isinstance(rows, bool) or rows < 0:
            problems.append(Problem(where, f"table {name!r}: rows must be a non-negative integer, got {rows!r}"))
            continue
        if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
            problems.append(Problem(where, f"table {name!r}: sha256 must be 64 lowercase hex digits"))
            continue
        if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
            problems.append(Problem(where, f"table {name!r}: bytes must be a non-negative integer, got {_short_repr(size)}"))
            continue
        entries[name] = TableEntry(file, rows, digest, size)
    synthetic = doc.get("synthetic", [])
    if not isinstance(synthetic, list) or not all(isinstance(n, str) and n in entries for n in synthetic):
        problems.append(Problem(where, f"synthetic must be a list of the manifest's table names, got {_short_repr(synthetic)}"))
    if problems:
        raise DataError(problems)
    title = doc.get("title", "")
    return Manifest(
        version, generated, MappingProxyType(entries), clean_text(title) if isinstance(title, str) else "", tuple(synthetic)
    )


def _short_repr(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def make_manifest(
    table_bytes: Mapping[str, bytes],
    row_counts: Mapping[str, int],
    generated_at: str,
    title: str = "",
    *,
    sign: SigningKey | None = None,
    files: Mapping[str, TableEntry] | None = None,
    synthetic: tuple[str, ...] = (),
) -> bytes:
    """Serialise a manifest for the given table files (keyed by table name).

    *files*: entries for tables whose bytes are not in memory (a big ``lots`` file, often
    gzip-compressed), with their file name, rows, SHA-256 and size already known.
    With *sign* (a key from :func:`npl_tui.core.signing.load_signing_key`), the
    manifest carries an Ed25519 signature over its content (see ``signing``)."""
    tables: dict[str, dict[str, Any]] = {
        name: {
            "file": TABLES[name].filename,
            "rows": row_counts[name],
            "sha256": sha256_hex(table_bytes[name]),
            "bytes": len(table_bytes[name]),
        }
        for name in TABLE_NAMES
    }
    for name, entry in (files or {}).items():
        tables[name] = {"file": entry.file, "rows": entry.rows, "sha256": entry.sha256, "bytes": entry.bytes}
    doc: dict[str, Any] = {"format_version": FORMAT_VERSION, "generated_at": generated_at, "title": title, "tables": tables}
    if synthetic:
        doc["synthetic"] = list(synthetic)
    raw = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if sign is not None:
        from .signing import sign_manifest

        raw = sign_manifest(raw, sign)
    return raw


# --------------------------------------------------------------------------- cells

_TRUE = {"true", "1", "yes", "y"}
_FALSE = {"false", "0", "no", "n"}


def convert_cell(col: Column, text: str) -> Any:
    """Convert one non-empty cell of *col*; raise ValueError with a user-facing reason.
    The one place a cell's kind is checked: the row tables' parser and the lots' (which
    asks once per distinct value) both call it."""
    kind = col.kind
    if kind in ("str", "id"):
        return clean_text(text)
    if kind == "date":
        try:
            return dt.date.fromisoformat(text) if _DATE_RE.fullmatch(text) else _bad("a date YYYY-MM-DD", text)
        except ValueError:
            return _bad("a real calendar date YYYY-MM-DD", text)
    if kind == "datetime":
        m = _DATETIME_RE.fullmatch(text)
        if not m:
            _bad("a date and time YYYY-MM-DD HH:MM", text)
        try:
            dt.date.fromisoformat(m.group(1))  # type: ignore[union-attr]
        except ValueError:
            _bad("a real calendar date and time YYYY-MM-DD HH:MM", text)
        return text
    if kind == "period":
        if not _PERIOD_RE.fullmatch(text):
            _bad("a period YYYY, YYYYQn or YYYY-MM", text)
        return text
    if kind in ("int", "year"):
        if not _INT_RE.fullmatch(text):
            _bad("a whole number", text)
        value = int(text)
        _check_range(col, value)
        return value
    if kind == "float":
        if not _FLOAT_RE.fullmatch(text):
            _bad("a number", text)
        number = float(text)
        if not math.isfinite(number):
            _bad("a finite number", text)
        _check_range(col, number)
        return number
    if kind == "bool":
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        _bad("true or false", text)
    if kind in ("enum", "qualifier"):
        if text not in col.allowed:
            shown = ", ".join(a or '""' for a in col.allowed[:12])
            raise ValueError(f"{show_cell(text)} is not one of: {shown}")
        return text
    if kind == "city":
        if not _CITY_RE.fullmatch(text) or text.endswith("0000"):
            _bad("a GB/T 2260 prefecture code (six digits, not a province's)", text)
        return text
    if kind == "region" and text.strip().lower() in _NATIONAL:
        return NATIONAL_CODE
    if kind in ("province", "region"):
        try:
            return normalise_province(text)
        except UnknownProvince:
            raise ValueError(f"{show_cell(text)} is not one of the 31 provinces (a GB/T 2260 code or a name)") from None
    raise AssertionError(f"unknown column kind {kind}")  # a bug in schema.py, not bad data


def show_cell(text: str) -> str:
    """A cell for an error message: short, and invisible characters made visible."""
    shown = text if len(text) <= 40 else text[:39] + "…"
    return ascii(shown) if not shown.isprintable() or any(ord(c) in (0x200B, 0x200C, 0x200D, 0xFEFF) for c in shown) else repr(shown)


def _bad(expected: str, text: str) -> Any:
    raise ValueError(f"{show_cell(text)} is not {expected}")


def _check_range(col: Column, value: float) -> None:
    if col.minimum is not None and value < col.minimum:
        raise ValueError(f"{value:g} is below the minimum {col.minimum:g}")
    if col.maximum is not None and value > col.maximum:
        raise ValueError(f"{value:g} is above the maximum {col.maximum:g}")


def _empty(col: Column) -> Any:
    if col.kind in ("str", "id", "qualifier", "period", "datetime"):
        return ""
    if col.kind == "bool":
        return False
    return None


# --------------------------------------------------------------------------- tables


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(Problem(where, f"is not valid UTF-8 (line {line}, byte {exc.start}); save it as UTF-8")) from None


def parse_table(spec: TableSpec, raw: bytes, where: str | None = None) -> Table:
    """Parse one CSV table against its spec, collecting up to MAX_PROBLEMS problems."""
    where = where or spec.filename
    text = _decode(raw, where)
    if "\x00" in text:
        raise DataError(Problem(where, "contains NUL bytes: not a text CSV file"))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(Problem(where, "is empty: expected a header row")) from None
    except csv.Error as exc:
        raise DataError(Problem(where, f"header is not valid CSV: {exc}")) from None
    header = [h.strip() for h in header]
    if header and header[0].lstrip().startswith("<"):
        raise DataError(Problem(where, "looks like an HTML page, not CSV"))
    problems: list[Problem] = []
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(where, f"header repeats column {name!r}", 0))
        seen.add(name)
    for col in spec.columns:
        if col.required and col.name not in seen:
            problems.append(Problem(where, "required column is missing from the header", 0, col.name))
    if problems:
        raise DataError(problems)
    index = {name: i for i, name in enumerate(header)}
    present = [(col, index.get(col.name)) for col in spec.columns]
    rows: list[Row] = []
    ids: dict[str, int] = {}
    row_no = 0
    try:
        for cells in reader:
            if not cells or all(not c.strip() for c in cells):
                continue
            row_no += 1
            if len(cells) != len(header):
                problems.append(Problem(where, f"has {len(cells)} cells, the header has {len(header)}", row_no))
                if len(problems) >= MAX_PROBLEMS:
                    break
                continue
            record: dict[str, Any] = {}
            for col, i in present:
                cell = cells[i].strip() if i is not None else ""
                if not cell:
                    if col.required:
                        problems.append(Problem(where, "is empty but required", row_no, col.name))
                    record[col.name] = _empty(col)
                    continue
                try:
                    record[col.name] = convert_cell(col, cell)
                except ValueError as exc:
                    problems.append(Problem(where, str(exc), row_no, col.name))
                    record[col.name] = _empty(col)
            rid = record.get("id", "")
            if rid:
                if rid in ids:
                    problems.append(Problem(where, f"duplicate id {show_cell(rid)} (first at row {ids[rid]})", row_no, "id"))
                else:
                    ids[rid] = row_no
            rows.append(MappingProxyType(record))
            if len(problems) >= MAX_PROBLEMS:
                break
    except csv.Error as exc:
        problems.append(Problem(where, f"is not valid CSV near line {reader.line_num}: {exc}", row_no + 1))
    if problems:
        raise DataError(problems[:MAX_PROBLEMS])
    return Table(spec, tuple(rows))


def build_snapshot(
    manifest_raw: bytes,
    files: Mapping[str, bytes],
    origin: Origin,
    where: str = "",
    parsed: ParsedCache | None = None,
    files_dir: Path | None = None,
) -> Snapshot:
    """Verify and parse a whole snapshot from its bytes.

    *files* maps file names (as listed in the manifest) to their bytes. Checks each
    file's SHA-256 and row count against the manifest before parsing. *where* is a
    prefix for messages (a directory or base URL). With *parsed*, a table whose
    verified bytes were parsed before is read back from that cache instead.
    *files_dir*: where the files are on disk, if they are (:attr:`Snapshot.files_dir`).
    """
    loc = (lambda name: f"{where.rstrip('/')}/{name}") if where else (lambda name: name)
    manifest = parse_manifest(manifest_raw, loc(MANIFEST_NAME))
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    for name, entry in manifest.tables.items():
        if name not in TABLES:
            continue  # a columnar table (lots): read from its file by core/lots.py, never into rows
        raw = files.get(entry.file)
        if raw is None:
            problems.append(Problem(loc(entry.file), "is listed in the manifest but missing"))
            continue
        digest = sha256_hex(raw)
        if digest != entry.sha256:
            problems.append(Problem(loc(entry.file), f"SHA-256 {digest[:12]}… does not match the manifest's {entry.sha256[:12]}…"))
            continue
        if entry.compressed:
            try:
                raw = _gunzip(raw, entry.bytes)
            except ValueError as exc:
                problems.append(Problem(loc(entry.file), str(exc)))
                continue
        spec = TABLES[name]
        dates = [c.name for c in spec.columns if c.kind == "date"]
        cached = parsed.get(name, digest, spec.column_names, dates, entry.rows) if parsed is not None else None
        if cached is not None:
            tables[name] = Table(spec, cached)
            continue
        try:
            table = parse_table(spec, raw, loc(entry.file))
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        if parsed is not None and len(table) == entry.rows:
            parsed.put(name, digest, table.rows, dates)
        if len(table) != entry.rows:
            problems.append(Problem(loc(entry.file), f"has {len(table)} rows, the manifest says {entry.rows}"))
            continue
        tables[name] = table
    if problems:
        raise DataError(problems[:MAX_PROBLEMS])
    return Snapshot(manifest, MappingProxyType(tables), origin, files_dir=files_dir)


#: The most a gzip-compressed row table may hold once decompressed (a bomb stops here).
MAX_ROW_TABLE_BYTES = 256 * 1024 * 1024


def _gunzip(raw: bytes, _size: int | None) -> bytes:
    import zlib

    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(raw, MAX_ROW_TABLE_BYTES + 1)
    except zlib.error as exc:
        raise ValueError(f"is not valid gzip: {exc}") from None
    if len(out) > MAX_ROW_TABLE_BYTES or d.unconsumed_tail:
        raise ValueError(f"decompresses to more than {MAX_ROW_TABLE_BYTES // (1024 * 1024)} MiB: refused")
    if not d.eof:
        raise ValueError("is a truncated gzip file")
    return out


def read_snapshot_dir(
    path: Path, origin: Origin | None = None, manifest_raw: bytes | None = None, parsed: ParsedCache | None = None
) -> Snapshot:
    """Read and verify a snapshot directory (blocking: call from a thread in the app).
    *manifest_raw*: the manifest's bytes when the caller has already read them;
    *parsed*: a cache of parsed tables (see build_snapshot). The snapshot's
    ``files_dir`` is *path*."""
    path = Path(path)
    where = str(path)
    try:
        if manifest_raw is None:
            manifest_raw = (path / MANIFEST_NAME).read_bytes()
    except FileNotFoundError:
        raise DataError(Problem(f"{where}/{MANIFEST_NAME}", "not found: is this a snapshot directory?")) from None
    except OSError as exc:
        raise DataError(Problem(f"{where}/{MANIFEST_NAME}", f"cannot be read: {exc.strerror}")) from None
    manifest = parse_manifest(manifest_raw, f"{where}/{MANIFEST_NAME}")
    files: dict[str, bytes] = {}
    for name, entry in manifest.tables.items():
        if name not in TABLES:
            continue  # columnar (lots): core/lots.py reads it from the file, in a worker
        try:
            files[entry.file] = (path / entry.file).read_bytes()
        except FileNotFoundError:
            pass  # reported by build_snapshot as missing
        except OSError as exc:
            raise DataError(Problem(f"{where}/{entry.file}", f"cannot be read: {exc.strerror}")) from None
    return build_snapshot(manifest_raw, files, origin or Origin("snapshot", where), where, parsed, files_dir=path)
