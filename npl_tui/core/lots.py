"""Auction lots, read into columns: millions of rows, loaded, checked and cached at once.

A snapshot's ``lots`` table (schema.LOTS) can hold millions of rows: a desk that keeps
five years of court and platform auctions has about six million. Rows as Python
mappings cost ~4 KB each, so lots are read into columns instead:

- **categorical** columns (enums, province, city, dates, names) are ``int32`` codes into
  a tuple of their distinct values, code 0 being the empty cell. A filter decides each
  distinct value once and gathers (``lookup[codes]``); a sort orders the values once and
  sorts the codes by rank;
- **numbers** are ``float64`` arrays, NaN for an empty cell;
- **texts** that are mostly distinct (``id``, ``source``) stay Arrow strings, read for
  the rows on screen only.

Reading parses the CSV with pyarrow (C++, the GIL released, so the monitor keeps
answering keys): an uncompressed file 32 MiB at a time (:data:`CHUNK_BYTES`, each piece
ending at the end of a record) by its multi-threaded reader, in a thread of its own
while this one takes the piece before into the columns; a gzip file as one stream, a
block at a time. Each block is checked as core/snapshot.py checks a row table
(required cells, allowed values, dates, ranges) plus a sold lot's price and a city's
province, and written into arrays sized by the manifest, so memory is the columns plus
a piece or two. The SHA-256 is computed in another thread meanwhile. A file that does
not match its manifest, or has a bad row, is refused with a one-line error that names
the file, the row and the column (measured: docs/benchmarks.md).

The columns are then cached on disk (:class:`LotsCache`), keyed by the file's SHA-256
and the parser's id, as ``.npy`` arrays and an Arrow file that the next start maps into
memory instead of parsing. A cached copy is used when the file's size, mtime and inode
are those it was made from, or, when they are not, once the file hashes to the manifest's
SHA-256 again.

numpy and pyarrow are imported with this module: it is imported by a worker after the
first frame, never at start-up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .schema import LOTS, Column
from .snapshot import (
    MAX_PROBLEMS,
    DataError,
    Problem,
    TableEntry,
    convert_cell,
    sha256_file,
    show_cell,
)
from .text import clean_text, one_line

__all__ = [
    "CATEGORICAL",
    "NUMERIC",
    "TEXTS",
    "Lots",
    "LotsCache",
    "Progress",
    "lots_parser_id",
    "read_lots",
    "scan_lots",
]

#: Columns held as Arrow strings: nearly every value distinct.
TEXTS: tuple[str, ...] = ("id", "source")
NUMERIC: tuple[str, ...] = tuple(c.name for c in LOTS.columns if c.kind == "float")
CATEGORICAL: tuple[str, ...] = tuple(c.name for c in LOTS.columns if c.name not in TEXTS and c.name not in NUMERIC)

#: Bytes the CSV reader parses at a time: the progress step, and the memory beyond the columns.
BLOCK_BYTES = 16 * 1024 * 1024

#: progress(rows read, rows in all, the lots read so far: a read-only view of them)
Progress = Callable[[int, int, "Lots"], None]

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_CITY_RE = re.compile(r"\d{6}", re.ASCII)
_FLOAT_RE = r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$"


def lots_parser_id() -> str:
    """A hash of the code that turns lot CSV into columns (this module, the schema, text)."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ("lots.py", "schema.py", "text.py", "provinces.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True, eq=False)
class Lots:
    """The lots of one snapshot, as columns. Read-only; replace, never mutate."""

    n: int
    codes: Mapping[str, np.ndarray]  # categorical column -> int32 codes (0: empty)
    values: Mapping[str, tuple[str, ...]]  # categorical column -> its values by code ("" at 0)
    numbers: Mapping[str, np.ndarray]  # float column -> float64 (NaN: empty)
    texts: Mapping[str, pa.ChunkedArray]  # id, source
    sha256: str
    synthetic: bool = False
    _ranks: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return self.n

    def value(self, column: str, row: int) -> str:
        """A categorical cell as text ("" when empty)."""
        return self.values[column][int(self.codes[column][row])]

    def number(self, column: str, row: int) -> float | None:
        x = float(self.numbers[column][row])
        return None if math.isnan(x) else x

    def text(self, column: str, row: int) -> str:
        cell = self.texts[column][row].as_py()
        return clean_text(cell) if cell else ""

    def row(self, row: int) -> dict[str, Any]:
        """One lot as a mapping of its columns (the detail view, export)."""
        out: dict[str, Any] = {}
        for col in LOTS.columns:
            name = col.name
            if name in self.codes:
                out[name] = self.value(name, row)
            elif name in self.numbers:
                out[name] = self.number(name, row)
            else:
                out[name] = self.text(name, row)
        return out

    def rank(self, column: str) -> np.ndarray:
        """code -> position of its value in sorted order (empty first), for sorting."""
        ranks = self._ranks.get(column)
        if ranks is None:
            vals = self.values[column]
            order = sorted(range(len(vals)), key=vals.__getitem__)
            ranks = np.empty(len(vals), dtype=np.int32)
            ranks[order] = np.arange(len(vals), dtype=np.int32)
            self._ranks[column] = ranks
        return ranks

    def lookup(self, column: str, keep: Callable[[str], bool]) -> np.ndarray:
        """A bool per code of *column*: whether its value is kept (decided once per value)."""
        return np.fromiter((bool(v) and keep(v) for v in self.values[column]), dtype=bool, count=len(self.values[column]))

    @property
    def nbytes(self) -> int:
        size = sum(a.nbytes for a in self.codes.values()) + sum(a.nbytes for a in self.numbers.values())
        return size + sum(a.nbytes for a in self.texts.values())


# --------------------------------------------------------------------------- reading


class _Categories:
    """One categorical column's distinct values, checked once each, and their codes."""

    def __init__(self, col: Column) -> None:
        self.col = col
        self.values: list[str] = [""]
        self.code_of: dict[str, int] = {"": 0}
        self.raw: dict[str, int] = {}  # the value as written -> code (province names → one code)

    def code(self, raw: str) -> int:
        """The code of *raw*; raises ValueError (a user-facing reason) when it is not allowed."""
        found = self.raw.get(raw)
        if found is not None:
            return found
        value = _check(self.col, raw.strip())
        code = self.code_of.get(value)
        if code is None:
            code = self.code_of[value] = len(self.values)
            self.values.append(value)
        self.raw[raw] = code
        return code


def _check(col: Column, text: str) -> str:
    """A categorical cell checked as any table's cell is (snapshot.convert_cell), kept as
    text: a province by its code, a date as YYYY-MM-DD."""
    if not text:
        return ""
    value = convert_cell(col, text)
    return value.isoformat() if isinstance(value, dt.date) else value


class _Hasher(threading.Thread):
    """SHA-256 of a file, in its own thread (hashlib releases the GIL on big blocks)."""

    def __init__(self, path: Path) -> None:
        super().__init__(name="lots-sha256", daemon=True)
        self.path = path
        self.digest = ""
        self.error: OSError | None = None

    def run(self) -> None:
        try:
            self.digest = sha256_file(self.path)
        except OSError as exc:
            self.error = exc


def _stat_key(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev]


def read_lots(
    path: Path,
    entry: TableEntry,
    *,
    where: str | None = None,
    progress: Progress | None = None,
    cache: LotsCache | None = None,
    synthetic: bool = False,
    store: list[Callable[[], None]] | None = None,
) -> Lots:
    """Read, check and (with *cache*) cache the lots file at *path*, as *entry* of a
    manifest declares it. Blocking: call from a worker thread. Raises DataError (one
    line: file, row, column) for a file that is missing, not what the manifest says, or
    has a bad row; nothing is cached then. With *store*, the writing of the cache is
    appended to it instead of done, for the caller to run once it has shown the lots."""
    where = where or str(path)
    try:
        stat = _stat_key(path)
    except FileNotFoundError:
        raise DataError(Problem(where, "is listed in the manifest but missing")) from None
    except OSError as exc:
        raise DataError(Problem(where, f"cannot be read: {exc.strerror}")) from None
    if entry.bytes is not None and stat[0] != entry.bytes:
        raise DataError(Problem(where, f"is {stat[0]:,} bytes, the manifest says {entry.bytes:,}"))
    if cache is not None:
        cached = cache.get(entry.sha256, stat, path, synthetic)
        if cached is not None:
            if progress is not None:
                progress(cached.n, cached.n, cached)
            return cached
    hasher = _Hasher(path)
    hasher.start()
    try:
        lots = _parse(path, entry, where, progress, synthetic)
    finally:
        hasher.join()
    if hasher.error is not None:
        raise DataError(Problem(where, f"cannot be read: {hasher.error.strerror}"))
    if hasher.digest != entry.sha256:
        raise DataError(Problem(where, f"SHA-256 {hasher.digest[:12]}… does not match the manifest's {entry.sha256[:12]}…"))
    if cache is not None:
        if store is None:
            cache.put(lots, stat)
        else:
            store.append(lambda: cache.put(lots, stat))
    return lots


def scan_lots(path: Path, where: str | None = None) -> TableEntry:
    """The manifest entry for the lots file at *path* (``lots.csv`` or ``lots.csv.gz``):
    its rows, SHA-256 and size, for ``npl-tui build``. The rows are counted by the CSV
    reader (a quoted line break is not a row); :func:`read_lots` then checks them."""
    where = where or str(path)
    hasher = _Hasher(path)
    hasher.start()
    rows = 0
    try:
        compressed = path.name.endswith(".gz")
        source = _stream(path, compressed)
        try:
            header = _header(source, where)
        finally:
            source.close()
        source = _stream(path, compressed)
        try:
            reader = pacsv.open_csv(
                source,
                read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES),
                convert_options=pacsv.ConvertOptions(include_columns=header[:1], column_types={header[0]: pa.string()}),
            )
            for batch in reader:
                rows += batch.num_rows
        finally:
            source.close()
    except FileNotFoundError:
        raise DataError(Problem(where, "not found")) from None
    except (OSError, pa.ArrowException) as exc:
        raise DataError(Problem(where, f"cannot be read as CSV: {one_line(exc, 160)}")) from None
    finally:
        hasher.join()
    if hasher.error is not None:
        raise DataError(Problem(where, f"cannot be read: {hasher.error.strerror}"))
    return TableEntry(path.name, rows, hasher.digest, path.stat().st_size)


class _Read:
    """How far a read is: the rows taken, the text columns' chunks, a bad line's text."""

    def __init__(self, total: int) -> None:
        self.total = total  # the rows the manifest declares: no more are taken
        self.read = 0
        self.texts: dict[str, list[pa.Array]] = {name: [] for name in TEXTS}
        self.bad_line: list[str] = []


#: An uncompressed file is parsed this many bytes at a time, each piece by pyarrow's
#: multi-threaded reader (every core), a piece ending at the end of a record: the
#: progress step, and the memory beyond the columns.
CHUNK_BYTES = 32 * 1024 * 1024


def _parse(path: Path, entry: TableEntry, where: str, progress: Progress | None, synthetic: bool) -> Lots:
    total = entry.rows
    codes = {name: np.zeros(total, dtype=np.int32) for name in CATEGORICAL}
    numbers = {name: np.full(total, np.nan, dtype=np.float64) for name in NUMERIC}
    cats = {name: _Categories(LOTS.column(name)) for name in CATEGORICAL}
    source: Any = _stream(path, entry.compressed)
    try:
        header = _header(source, where)
    finally:
        source.close()
    missing = [c.name for c in LOTS.columns if c.required and c.name not in header]
    if missing:
        raise DataError([Problem(where, "required column is missing from the header", 0, name) for name in missing])
    present = [c.name for c in LOTS.columns if c.name in header]
    part = _Read(total)

    def shown() -> None:
        if progress is not None:
            progress(part.read, total, _lots(part.read, codes, numbers, part.texts, cats, entry.sha256, synthetic))

    try:
        if entry.compressed:  # one stream, a block at a time
            stream = _stream(path, entry.compressed)
            try:
                batches = pacsv.open_csv(stream, **_csv_options(part, None, present, quoted=True))
                _take_all(batches, part, where, codes, numbers, cats, shown)
            finally:
                stream.close()
        else:
            # A piece at a time, each parsed by pyarrow's multi-threaded reader in a
            # thread of its own while this one takes the piece before into the columns.
            with open(path, "rb") as f, ThreadPoolExecutor(1, thread_name_prefix="lots-csv") as pool:
                f.readline()  # the header

                def parse(piece: Any, quoted: bool) -> pa.Table:
                    return pacsv.read_csv(pa.BufferReader(piece), **_csv_options(part, header, present, quoted=quoted))

                pieces = _pieces(f)
                following = next(pieces, None)
                pending = pool.submit(parse, *following) if following is not None else None
                while pending is not None:
                    table = pending.result()
                    following = next(pieces, None)
                    pending = pool.submit(parse, *following) if following is not None else None
                    _take_all(table.to_batches(), part, where, codes, numbers, cats, lambda: None)
                    shown()
    except pa.ArrowInvalid as exc:
        raise DataError(_csv_problem(path, entry, where, str(exc), part.bad_line, part.read)) from None
    except (OSError, pa.ArrowException) as exc:
        raise DataError(Problem(where, f"cannot be read: {one_line(exc, 160)}")) from None
    if part.read != total:
        raise DataError(Problem(where, f"has {part.read:,} rows, the manifest says {total:,}"))
    lots = _lots(total, codes, numbers, part.texts, cats, entry.sha256, synthetic)
    _check_unique(lots.texts["id"], where)
    _check_rows(codes, numbers, cats, where)
    return lots


def _pieces(f: Any) -> Iterator[tuple[Any, bool]]:
    """The rest of *f* in pieces of about CHUNK_BYTES, each ending at the end of a record,
    and whether the piece quotes anything. A piece is read straight into a buffer of its
    own (no copy: the reader takes a view of it); the part of a record past its last
    line break starts the next one. A piece with an odd number of ``"`` ends inside a
    quoted cell: it takes lines until its quotes are even."""
    carry = b""
    while True:
        buf = bytearray(len(carry) + CHUNK_BYTES)
        buf[: len(carry)] = carry
        n = len(carry) + (f.readinto(memoryview(buf)[len(carry) :]) or 0)
        if n == 0:
            return
        at_end = n < len(buf)
        cut = n if at_end else buf.rfind(b"\n", 0, n) + 1
        quoted = buf.find(b'"', 0, n) >= 0
        # (a record longer than a piece, or a cut inside quotes: the piece reads on to its end)
        if cut == 0 or (quoted and buf.count(b'"', 0, cut) % 2):
            piece = bytes(buf[:n])
            while piece.count(b'"') % 2 or not (piece.endswith(b"\n") or at_end):
                more = f.readline()
                if not more:
                    break
                piece += more
            yield piece, True
            carry = b""
            if at_end:
                return
            continue
        yield memoryview(buf)[:cut], quoted
        carry = bytes(buf[cut:n])
        if at_end and not carry:
            return


def _stream(path: Path, compressed: bool) -> Any:
    source: Any = pa.OSFile(str(path))
    return pa.CompressedInputStream(source, "gzip") if compressed else source


def _csv_options(part: _Read, names: list[str] | None, present: list[str], *, quoted: bool) -> dict[str, Any]:
    """pyarrow's CSV options for the lots: categorical columns as dictionaries, the rest as
    text (numbers are converted, and checked, block by block). *names*: the header, for a
    piece past it; *quoted*: whether a cell may be quoted, and so hold a line break (which
    the reader then has to look for: it costs its threads)."""

    def invalid_row(row: Any) -> str:
        part.bad_line.append(str(row.text))
        return "error"

    dictionary = pa.dictionary(pa.int32(), pa.string())
    types = {name: (dictionary if name in CATEGORICAL else pa.string()) for name in present}
    return {
        "read_options": pacsv.ReadOptions(block_size=BLOCK_BYTES, column_names=names),
        "parse_options": pacsv.ParseOptions(invalid_row_handler=invalid_row, newlines_in_values=quoted),
        "convert_options": pacsv.ConvertOptions(column_types=types, include_columns=present, strings_can_be_null=True,
                                                quoted_strings_can_be_null=True),
    }


def _take_all(
    batches: Any,
    part: _Read,
    where: str,
    codes: dict[str, np.ndarray],
    numbers: dict[str, np.ndarray],
    cats: dict[str, _Categories],
    progress: Callable[[], None],
) -> None:
    """Check and write *batches* into the columns after the rows read so far."""
    for batch in batches:
        rows = batch.num_rows
        offset = part.read
        if offset + rows > part.total:
            raise DataError(Problem(where, f"has more rows than the manifest's {part.total:,}", part.total + 1))
        _take(batch, offset, where, codes, numbers, part.texts, cats)
        part.read += rows
        progress()


def _lots(
    n: int,
    codes: Mapping[str, np.ndarray],
    numbers: Mapping[str, np.ndarray],
    texts: Mapping[str, list[pa.Array]],
    cats: Mapping[str, _Categories],
    sha256: str,
    synthetic: bool,
) -> Lots:
    """The first *n* rows of the columns being filled, as Lots (views, no copy)."""
    return Lots(
        n=n,
        codes=MappingProxyType({name: a[:n] for name, a in codes.items()}),
        values=MappingProxyType({name: tuple(c.values) for name, c in cats.items()}),
        numbers=MappingProxyType({name: a[:n] for name, a in numbers.items()}),
        texts=MappingProxyType({name: pa.chunked_array(chunks, type=pa.string()) for name, chunks in texts.items()}),
        sha256=sha256,
        synthetic=synthetic,
    )


def _header(source: Any, where: str) -> list[str]:
    head = source.read(64 * 1024)
    if not head.strip():
        raise DataError(Problem(where, "is empty: expected a header row"))
    line = head.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").strip()
    if line.lstrip().startswith("<"):
        raise DataError(Problem(where, "looks like an HTML page, not CSV"))
    return [h.strip().strip('"').strip() for h in line.split(",")]


def _take(
    batch: pa.RecordBatch,
    offset: int,
    where: str,
    codes: dict[str, np.ndarray],
    numbers: dict[str, np.ndarray],
    texts: dict[str, list[pa.Array]],
    cats: dict[str, _Categories],
) -> None:
    """Check one block of rows and write it into the columns at *offset*."""
    rows = batch.num_rows
    names = batch.schema.names
    for name in names:
        col = LOTS.column(name)
        arr = batch.column(names.index(name))
        if name in CATEGORICAL:
            local = arr.dictionary.to_pylist()
            mapping = np.zeros(len(local) + 1, dtype=np.int32)  # the last: a null (-1) → code 0
            for i, raw in enumerate(local):
                try:
                    mapping[i] = cats[name].code(raw if raw is not None else "")
                except ValueError as exc:
                    first = int(np.flatnonzero(_indices(arr) == i)[0])
                    raise DataError(Problem(where, str(exc), offset + first + 1, name)) from None
            got = mapping[_indices(arr)]
            if col.required and not got.all():
                first = int(np.flatnonzero(got == 0)[0])
                raise DataError(Problem(where, "is empty but required", offset + first + 1, name))
            codes[name][offset : offset + rows] = got
        elif name in NUMERIC:
            try:
                values = pc.cast(arr, pa.float64())
            except pa.ArrowInvalid:
                ok = pc.match_substring_regex(arr, _FLOAT_RE)
                first = int(np.flatnonzero(~np.asarray(ok.fill_null(True)))[0])
                raise DataError(Problem(where, f"{show_cell(str(arr[first].as_py()))} is not a number", offset + first + 1, name)) from None
            out = values.to_numpy(zero_copy_only=False)
            bad = ~np.isfinite(out) & values.is_valid().to_numpy(zero_copy_only=False)
            if col.minimum is not None:
                bad |= out < col.minimum
            if col.maximum is not None:
                bad |= out > col.maximum
            if bad.any():
                first = int(np.flatnonzero(bad)[0])
                raise DataError(
                    Problem(where, f"{out[first]:g} is outside {col.minimum:g} … {col.maximum:g} or not finite", offset + first + 1, name)
                )
            if col.required and values.null_count:
                first = int(np.flatnonzero(~values.is_valid().to_numpy(zero_copy_only=False))[0])
                raise DataError(Problem(where, "is empty but required", offset + first + 1, name))
            numbers[name][offset : offset + rows] = out
        else:
            if col.required and arr.null_count:
                first = int(np.flatnonzero(~arr.is_valid().to_numpy(zero_copy_only=False))[0])
                raise DataError(Problem(where, "is empty but required", offset + first + 1, name))
            texts[name].append(arr)


def _indices(arr: pa.DictionaryArray) -> np.ndarray:
    """The block's dictionary indices (a view, no copy, when no cell is empty); -1 for an empty cell."""
    idx = arr.indices
    if idx.null_count:
        idx = idx.fill_null(-1)
    return idx.to_numpy(zero_copy_only=False)


def _check_unique(ids: pa.ChunkedArray, where: str) -> None:
    """Every id once. Ids in increasing order (a generator's, most exports') are unique
    at the cost of comparing neighbours; any other order pays for a hash of every id."""
    if len(ids) < 2 or _increasing(ids) or len(pc.unique(ids)) == len(ids):
        return
    seen: dict[str, int] = {}
    for i, value in enumerate(ids.to_pylist()):
        if value in seen:
            raise DataError(Problem(where, f"duplicate id {show_cell(str(value))} (first at row {seen[value] + 1})", i + 1, "id"))
        seen[value] = i


def _increasing(ids: pa.ChunkedArray) -> bool:
    previous: Any = None
    for chunk in ids.chunks:
        if len(chunk) == 0:
            continue
        if previous is not None and not pc.less(previous, chunk[0]).as_py():
            return False
        if len(chunk) > 1 and not pc.all(pc.less(chunk[:-1], chunk[1:])).as_py():
            return False
        previous = chunk[-1]
    return True


def _check_rows(codes: Mapping[str, np.ndarray], numbers: Mapping[str, np.ndarray], cats: Mapping[str, _Categories], where: str) -> None:
    """What a row's cells say together: a sold lot has its price and only a sold lot
    has one; a city lies in the lot's province."""
    problems: list[Problem] = []
    status = cats["status"].code_of
    sold = codes["status"] == status.get("sold", -1)
    priced = ~np.isnan(numbers["deal_price_wan"])
    bad = np.flatnonzero(sold != priced)
    if bad.size:
        i = int(bad[0])
        why = "is empty but the lot is sold" if sold[i] else "is given but the lot is not sold"
        problems.append(Problem(where, why, i + 1, "deal_price_wan"))
    city_values = cats["city_code"].values
    if len(city_values) > 1:
        prov_values = cats["province_code"].values
        city_prefix = np.array([int(v[:2]) if v else -1 for v in city_values])
        prov_prefix = np.array([int(v[:2]) if v else -2 for v in prov_values])
        city = codes["city_code"]
        mismatch = (city != 0) & (city_prefix[city] != prov_prefix[codes["province_code"]])
        bad = np.flatnonzero(mismatch)
        if bad.size:
            i = int(bad[0])
            problems.append(
                Problem(where, f"city {city_values[city[i]]} is not in province {prov_values[codes['province_code'][i]]}", i + 1, "city_code")
            )
    if problems:
        raise DataError(problems[:MAX_PROBLEMS])


def _csv_problem(path: Path, entry: TableEntry, where: str, message: str, bad_line: list[str], offset: int) -> Problem:
    """A CSV-level error (a row with too few or too many cells, broken quoting) located
    to its line: the reader gives the row's text, not its number."""
    message = " ".join(message.split())
    m = re.search(r"Expected (\d+) columns, got (\d+)", message)
    reason = f"has {m.group(2)} cells, the header has {m.group(1)}" if m else f"is not valid CSV: {message[:120]}"
    line = _line_of(path, bad_line[0]) if bad_line and not entry.compressed else None
    if line is not None:
        return Problem(where, reason, line - 1)
    return Problem(where, f"{reason} (after row {offset:,})")


def _line_of(path: Path, text: str) -> int | None:
    """The 1-based line of the file that starts with *text*, or None."""
    import mmap

    needle = text.encode("utf-8")[:200]
    if not needle:
        return None
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        at = mm.find(b"\n" + needle)
        if at < 0:
            return None
        return mm[: at + 1].count(b"\n") + 1


# --------------------------------------------------------------------------- the cache


class LotsCache:
    """Parsed lots on disk: ``<dir>/lots-<sha256>-<parser id>/`` holding one ``.npy``
    per column, the categories and the file's identity in ``meta.json``, and the texts
    as an Arrow IPC file. Read back by memory-mapping: a restart costs milliseconds and
    only the pages used. Keeps the :data:`KEEP` most recently used; a copy that cannot
    be read is ignored (and rebuilt by the next parse)."""

    KEEP = 2

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _dir(self, sha256: str) -> Path:
        return self.root / f"lots-{sha256}-{lots_parser_id()}"

    def get(self, sha256: str, stat: list[int], path: Path, synthetic: bool) -> Lots | None:
        where = self._dir(sha256)
        try:
            meta = json.loads((where / "meta.json").read_text("utf-8"))
            if meta.get("stat") != stat:
                if sha256_file(path) != sha256:
                    return None
                meta["stat"] = stat
                _write_json(where / "meta.json", meta)
            n = int(meta["n"])
            codes = {name: np.load(where / f"{name}.npy", mmap_mode="r") for name in CATEGORICAL}
            numbers = {name: np.load(where / f"{name}.npy", mmap_mode="r") for name in NUMERIC}
            table = pa.ipc.open_file(pa.memory_map(str(where / "texts.arrow"))).read_all()
            if any(len(a) != n for a in (*codes.values(), *numbers.values())) or table.num_rows != n:
                return None
            values = {name: tuple(meta["values"][name]) for name in CATEGORICAL}
            os.utime(where / "meta.json")
        except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
            return None
        return Lots(
            n=n,
            codes=MappingProxyType(codes),
            values=MappingProxyType(values),
            numbers=MappingProxyType(numbers),
            texts=MappingProxyType({name: table.column(name) for name in TEXTS}),
            sha256=sha256,
            synthetic=synthetic,
        )

    def put(self, lots: Lots, stat: list[int]) -> None:
        """Store *lots*; a failure (disk full, read-only) only means no cache next time."""
        final = self._dir(lots.sha256)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=".lots-", dir=self.root))
            try:
                for name, arr in (*lots.codes.items(), *lots.numbers.items()):
                    np.save(tmp / f"{name}.npy", np.ascontiguousarray(arr), allow_pickle=False)
                table = pa.table({name: lots.texts[name] for name in TEXTS})
                with pa.OSFile(str(tmp / "texts.arrow"), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
                    writer.write_table(table)
                _write_json(tmp / "meta.json", {"n": lots.n, "stat": stat, "values": {k: list(v) for k, v in lots.values.items()}})
                if final.exists():
                    shutil.rmtree(final, ignore_errors=True)
                os.replace(tmp, final)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            self._prune(final)
        except OSError:
            return

    def _prune(self, keep: Path) -> None:
        copies = []
        for d in self.root.glob("lots-*"):
            try:
                copies.append(((d / "meta.json").stat().st_mtime, d))
            except OSError:
                copies.append((0.0, d))
        copies.sort(reverse=True)
        for _mtime, d in copies[self.KEEP :]:
            if d != keep:
                shutil.rmtree(d, ignore_errors=True)
        now = time.time()
        for d in self.root.glob(".lots-*"):
            try:
                if now - d.stat().st_mtime > 3600:
                    shutil.rmtree(d, ignore_errors=True)
            except OSError:
                pass


def _write_json(path: Path, doc: Any) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    os.replace(tmp, path)
