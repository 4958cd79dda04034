"""Export one table as CSV or JSON, with its source and as-of columns.

pandas writes the CSV (typed columns: integers with gaps stay integers) — it is
imported only here and in analysis paths, never on the way to the first paint.
JSON keeps native types (numbers, booleans, null) via the json module.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import IO

from .snapshot import Table

__all__ = ["FORMATS", "export_table", "fmt_number", "neutralise_formula"]

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
