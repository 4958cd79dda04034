#!/usr/bin/env python3
"""Build the shipped dataset (data/*.csv + data/manifest.json) from data/sources/.

Code only: every figure, its source and its note is in a file under ``data/sources/``
(see its README.md). This script reads them, joins the Yindeng listings to their
results (:func:`npl_tui.ingest.yindeng_rows.merge`, the same merge ``npl-tui ingest
yindeng`` uses), derives the starting-price medians, renders each row's document keys
as citations, and writes the tables. Deterministic and offline: the same inputs always
give byte-identical output (fixed generated_at, sorted rows, floats without noise).

How each table is built, and every caveat, is written up in ``docs/data-sources.md``.

Usage: ``python scripts/build_dataset.py [--out DIR]``
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import statistics
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from npl_tui.core.provinces import normalise_province
from npl_tui.core.schema import NATIONAL_CODE, TABLES
from npl_tui.core.snapshot import make_manifest
from npl_tui.core.text import clean_text
from npl_tui.ingest.records import Listing, Result
from npl_tui.ingest.snapshot_dir import table_bytes
from npl_tui.ingest.yindeng_compiled import COMPILED, read_compiled
from npl_tui.ingest.yindeng_rows import asset_type_of, merge

SOURCES = ROOT / "data" / "sources"
#: Fixed so that two builds of the same inputs are byte-identical.
GENERATED_AT = "2026-11-22T00:00:00Z"
TITLE = "npl-tui shipped dataset: China NPL market (ratios 2015-2025, Yindeng 2023, 2025 reports)"

# --------------------------------------------------------------------------- reading and writing


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in r.items() if k is not None} for r in csv.DictReader(fh)]


def fnum(x: float | None) -> str:
    """A float without binary noise: shortest repr of the value rounded to 8 places."""
    if x is None:
        return ""
    if isinstance(x, int):
        return str(x)
    r = round(float(x), 8)
    if r == int(r) and abs(r) < 1e15:
        return str(int(r))
    text = repr(r)
    if "e" in text:  # tiny values: write them positionally
        text = f"{r:.8f}".rstrip("0").rstrip(".")
    return text


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return fnum(value)
    return clean_text(str(value))


def write_table(name: str, rows: list[dict]) -> bytes:
    """The table's CSV, written as ``npl-tui ingest`` writes it (one writer for both)."""
    cols = set(TABLES[name].column_names)
    for row in rows:
        unknown = set(row) - cols
        if unknown:
            raise SystemExit(f"{name}: unknown columns {sorted(unknown)} in {row.get('id')}")
    return table_bytes(name, [{c: cell(v) for c, v in row.items()} for row in rows])


class Documents:
    """data/sources/documents.csv: a key per document, rendered as the citation a user reads."""

    def __init__(self, path: Path) -> None:
        self.rows = {r["key"]: r for r in read_csv(path)}

    def citation(self, key: str) -> str:
        try:
            d = self.rows[key]
        except KeyError:
            raise SystemExit(f"unknown document key {key!r}: add it to data/sources/documents.csv") from None
        return " · ".join(p for p in (d["publisher"], d["title"], d["date"], d["url"]) if p)

    def cite(self, keys: str) -> str:
        if not keys.strip():
            raise SystemExit("a fact without a source: every row of data/sources needs one")
        return " ; ".join(self.citation(k.strip()) for k in keys.split(";") if k.strip())


def facts(name: str, docs: Documents, drop: Iterable[str] = ()) -> list[dict]:
    """A fact file's rows with their sources rendered; empty cells left out; *drop*
    columns (for the maintainer only, such as a quoted passage) not shipped."""
    rows = []
    for r in read_csv(SOURCES / name):
        row = {k: v for k, v in r.items() if v != "" and k not in drop}
        row["source"] = docs.cite(r["source"])
        rows.append(row)
    return rows


# --------------------------------------------------------------------------- periods


def quarter_end(period: str) -> str:
    year, q = int(period[:4]), int(period[-1])
    month = q * 3
    day = 31 if month in (3, 12) else 30
    return f"{year}-{month:02d}-{day:02d}"


def period_end(period: str) -> str:
    if "Q" in period:
        return quarter_end(period)
    if "-" in period:
        year, month = int(period[:4]), int(period[5:7])
        first_of_next = dt.date(year + (month == 12), month % 12 + 1, 1)
        return (first_of_next - dt.timedelta(days=1)).isoformat()
    return f"{period}-12-31"


# --------------------------------------------------------------------------- tables

METRIC_ORDER = {"npl_ratio_pct": 0, "npl_balance_yi": 1, "provision_coverage_pct": 2}
BANK_ORDER = {b: i for i, b in enumerate(["all", "large_state", "joint_stock", "city", "rural", "private", "foreign"])}


def build_ratios(docs: Documents) -> list[dict]:
    rows = []
    for r in facts("ratios.csv", docs):
        r["id"] = f"ratio-{r['period']}-{r['bank_type']}-{r['metric']}"
        r["as_of"] = quarter_end(r["period"])
        r.setdefault("derived", "false")
        rows.append(r)
    rows.sort(key=lambda r: (r["period"], BANK_ORDER[r["bank_type"]], METRIC_ORDER[r["metric"]]))
    return rows


def build_yindeng() -> tuple[list[dict[str, str]], list[dict]]:
    """Announcement rows for the 2023 Yindeng listings and results, with the shipped ids
    (序号: yd-L-0415, yd-R-0088); plus the start-price facts for the medians."""
    listings, results = read_compiled(SOURCES / "yindeng_2023_listings.csv", SOURCES / "yindeng_2023_results.csv")
    ids = {id(rec): f"yd-L-{n:04d}" for n, rec in listings}
    ids.update({id(rec): f"yd-R-{n:04d}" for n, rec in results})

    def new_id(doc: Listing | Result) -> str:
        return ids[id(doc)]

    merged = merge([], [rec for _, rec in listings], [rec for _, rec in results], new_id=new_id)
    start_facts = []
    for _, x in listings:
        if not x.principal:
            continue
        ratio = x.starting_price / x.principal * 100
        if ratio > 100:  # a mis-printed principal (listing #297): kept in its row, not in the medians
            continue
        start_facts.append({
            "month": x.auction_date.strftime("%Y-%m"),
            "asset_type": asset_type_of(x.title),
            "start_principal_pct": float(ratio),
            "start_pi_pct": float(x.starting_price / x.total * 100) if x.total else None,
        })
    return merged.rows, start_facts


def build_deals(docs: Documents) -> list[dict]:
    rows = facts("deals.csv", docs, drop=("quote",))
    for r in rows:
        r.setdefault("as_of", r["date"])
    return rows


def build_provinces(docs: Documents) -> list[dict]:
    rows = []
    for r in facts("provinces.csv", docs):
        code = r["province_code"]
        r["province_code"] = code if code == NATIONAL_CODE else normalise_province(code)
        slug = r.get("city", "").lower().replace("'", "") or "all"
        r["id"] = f"prov-{r['year']}-{r['province_code']}-{slug}-{r['metric']}"
        r["as_of"] = f"{r['year']}-12-31"
        r.setdefault("derived", "false")
        rows.append(r)
    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        raise SystemExit("data/sources/provinces.csv: two facts share a (year, province, city, metric)")
    rows.sort(key=lambda r: (r["year"], r["province_code"], r.get("city", ""), r["metric"]))
    return rows


def dr_id(r: dict) -> str:
    return f"dr-{r['series']}-{r['period']}-{r.get('asset_type') or 'all'}-{r['basis']}-{r['statistic']}"


def build_discounts(docs: Documents, start_facts: list[dict]) -> list[dict]:
    rows = []
    for r in facts("discount_rates.csv", docs):
        r["id"] = dr_id(r)
        r["as_of"] = period_end(r["period"])
        r.setdefault("derived", "false")
        rows.append(r)

    # Derived: Yindeng 2023 listing starting price / principal, medians.
    source = COMPILED.citation()
    calc = ("derived: median of 起始价 / 未偿本金总额 over 2023 Yindeng retail listings, by auction month (竞价日); "
            "starting prices, not deal prices; one listing with an implausible principal (#297) excluded")
    groups: dict[tuple[str, str], list[float]] = {}
    for f in start_facts:
        for asset in (f["asset_type"], ""):
            groups.setdefault((f["month"], asset), []).append(f["start_principal_pct"])
            groups.setdefault(("2023", asset), []).append(f["start_principal_pct"])
    for (period, asset), values in groups.items():
        note = calc if period != "2023" else calc.replace("by auction month (竞价日)", "whole year")
        row = {"period": period, "series": "yindeng_retail_listing", "asset_type": asset, "basis": "principal",
               "statistic": "start_price_median", "value_pct": round(statistics.median(values), 2), "sample_size": len(values),
               "derived": True, "source": source, "note": note + "; rounded to 0.01"}
        row.update(id=dr_id(row), as_of=period_end(period))
        rows.append(row)
    pi = [f["start_pi_pct"] for f in start_facts if f["start_pi_pct"] is not None]
    row = {"period": "2023", "series": "yindeng_retail_listing", "basis": "principal_plus_interest",
           "statistic": "start_price_median", "value_pct": round(statistics.median(pi), 2), "sample_size": len(pi),
           "derived": True, "source": source,
           "note": "derived: median of 起始价 / 未偿本息总额 over 2023 Yindeng retail listings; listing #297 excluded; rounded to 0.01"}
    row.update(id=dr_id(row), as_of="2023-12-31")
    rows.append(row)
    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        raise SystemExit("data/sources/discount_rates.csv: two facts share an id")
    rows.sort(key=lambda r: (r["series"], r["period"], r.get("asset_type", ""), r["basis"], r["statistic"]))
    return rows


# --------------------------------------------------------------------------- main


def build(out: Path) -> dict[str, int]:
    docs = Documents(SOURCES / "documents.csv")
    yd_rows, start_facts = build_yindeng()
    announcements = sorted(yd_rows + build_deals(docs), key=lambda r: (r["date"], r["id"]))
    tables = {
        "ratios": build_ratios(docs),
        "announcements": announcements,
        "provinces": build_provinces(docs),
        "discount_rates": build_discounts(docs, start_facts),
    }
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for name, rows in tables.items():
        data = write_table(name, rows)
        (out / TABLES[name].filename).write_bytes(data)
        written[name] = data
        counts[name] = len(rows)
    (out / "manifest.json").write_bytes(make_manifest(written, counts, GENERATED_AT, TITLE))
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "data", help="output directory (default: data/)")
    args = ap.parse_args(argv)
    counts = build(args.out)
    for name, n in counts.items():
        print(f"{name}: {n} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
