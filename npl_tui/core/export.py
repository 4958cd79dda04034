"""Export one table as CSV or JSON, with its source and as-of columns; or the rows
on screen (:func:`export_rows`) to a CSV file.

pandas writes the table CSV (typed columns: integers with gaps stay integers) — it is
imported only here and in analysis paths, never on the way to the first paint.
JSON keeps native types (numbers, booleans, null) via the json module. The view
export uses the csv module alone: it writes what it is given, as it is given.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from .snapshot import Table

__all__ = ["FORMATS", "export_rows", "export_table", "fmt_number", "neutralise_formula"]

FORMATS = ("csv", "json")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def neutralise_formula(value: str) -> str:
    """Prefix text a spreadsheet would evaluate (=, +, -, @, …) with an apostrophe.

    OWASP's CSV-injection advice: the apostrophe makes Excel, LibreOffice and
    Sheets show the cell as text instead of running it.
    """
    return "'" + value if value.startswith(_FORMULA_START) else value


def fmt_number(value: float) -> str:
    """At least two decimals, as NFRA and most sources print (1.50, not 1.5), and
    every significant digit beyond that (0.0965288839 stays exact)."""
    two = f"{value:.2f}"
    return two if float(two) == value else repr(value)


def _records(table: Table, for_spreadsheet: bool) -> list[dict]:
    text_cols = {c.name for c in table.spec.columns if c.kind in ("str", "id", "enum", "period", "datetime")}
    records = []
    for row in table.rows:
        rec = {}
        for col in table.spec.columns:
            v = row.get(col.name)
            if isinstance(v, dt.date):
                v = v.isoformat()
            elif isinstance(v, bool) and for_spreadsheet:
                v = "true" if v else "false"
            elif for_spreadsheet and col.name in text_cols and isinstance(v, str):
                v = neutralise_formula(v)
            elif for_spreadsheet and isinstance(v, float):
                v = fmt_number(v)
            rec[col.name] = v
        records.append(rec)
    return records


def _frame(table: Table):
    import pandas as pd

    frame = pd.DataFrame.from_records(_records(table, for_spreadsheet=True), columns=list(table.spec.column_names))
    # Integer columns with gaps would become floats (1856.0); keep them integers.
    for col in table.spec.columns:
        if col.kind in ("int", "year"):
            frame[col.name] = frame[col.name].astype("Int64")
    return frame


def export_table(table: Table, out: IO[str], fmt: str = "csv") -> None:
    if fmt == "csv":
        _frame(table).to_csv(out, index=False, lineterminator="\n")
    elif fmt == "json":
        json.dump(_records(table, for_spreadsheet=False), out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


#: Columns every view export carries, so each row says where it is from and when.
PROVENANCE = ("as_of", "source")


def _cell(value: object) -> str:
    """One cell as a spreadsheet should read it: numbers as numbers, text that a
    spreadsheet would run as a formula neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return fmt_number(value)
    if isinstance(value, int):
        return str(value)
    return neutralise_formula(str(value))


def export_rows(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    dest: Path | str,
    *,
    name: str = "view",
    now: dt.datetime | None = None,
) -> Path:
    """Write *rows* (already filtered and sorted by the caller: what is on screen) with
    *columns*, in that order, to a CSV file; return its path.

    ``as_of`` and ``source`` are added at the end when *columns* lacks them: every
    row says where its figures come from. Cells a spreadsheet would evaluate (text
    starting with =, +, -, @, a tab or CR…) start with an apostrophe instead; numbers
    are written as numbers. UTF-8 with a byte-order mark, so that Excel shows Chinese
    names. *dest* is the file, or an existing directory to write
    ``npl-tui-<name>-<YYYYmmdd-HHMMSS>.csv`` into (never over an existing file).
    The file is replaced atomically: a reader never sees half an export. Raises
    ``OSError`` when it cannot be written, ``ValueError`` for no or repeated columns.
    """
    from .atomic import write_atomic

    wanted = list(columns) + [c for c in PROVENANCE if c not in columns]
    if not columns or len(set(columns)) != len(columns):
        raise ValueError("export needs one or more columns, none repeated")
    path = Path(dest).expanduser()
    if path.is_dir():
        stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
        base = "".join(c if c.isalnum() or c in "-_" else "-" for c in name) or "view"
        path = path / f"npl-tui-{base}-{stamp}.csv"
        n = 1
        while path.exists():
            n += 1
            path = path.with_name(f"npl-tui-{base}-{stamp}-{n}.csv")
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(wanted)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in wanted])
    return write_atomic(path, out.getvalue().encode("utf-8-sig"))
