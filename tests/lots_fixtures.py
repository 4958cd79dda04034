"""Small, valid lots files written by hand for tests: a few rows whose every cell is
known, and a seeded bulk writer for size (never shipped, never shown as real)."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import random
from pathlib import Path

from npl_tui.core.schema import LOTS
from npl_tui.core.snapshot import TableEntry

HEADER = [c.name for c in LOTS.columns]
SOURCE = "synthetic: tests/lots_fixtures.py"

#: (province_code, city_code, city, city_zh): real GB/T 2260 prefecture codes.
CITIES = [
    ("330000", "330100", "Hangzhou", "杭州市"),
    ("330000", "330200", "Ningbo", "宁波市"),
    ("440000", "440300", "Shenzhen", "深圳市"),
    ("410000", "410100", "Zhengzhou", "郑州市"),
]

KNOWN = [
    # id, province, city, asset, round, appraisal, start, deal, status, start_date, end_date
    ("L1", 0, "property", "first", 100.0, 70.0, 75.0, "sold", "2025-01-10", "2025-01-11"),
    ("L2", 0, "property", "second", 200.0, 112.0, None, "unsold", "2025-02-10", "2025-02-11"),
    ("L3", 1, "corporate", "first", 50.0, 35.0, 40.0, "sold", "2025-02-12", "2025-02-13"),
    ("L4", 2, "property", "sell_off", 300.0, 180.0, 150.0, "sold", "2025-03-01", "2025-03-30"),
    ("L5", 3, "other_asset", "first", 10.0, 7.0, None, "withdrawn", "2024-12-01", ""),
]


def lot_row(rid: str, city: int, asset: str, rnd: str, appraisal: float | None, start: float,
            deal: float | None, status: str, start_date: str, end_date: str,
            seller: str = "Hangzhou Intermediate People's Court") -> dict[str, str]:
    prov, code, name, name_zh = CITIES[city]
    return {
        "id": rid, "platform": "ali", "seller": seller, "seller_zh": "杭州市中级人民法院",
        "seller_type": "court", "province_code": prov, "city_code": code, "city": name, "city_zh": name_zh,
        "asset_type": asset, "round": rnd, "appraisal_wan": "" if appraisal is None else f"{appraisal:g}",
        "start_price_wan": f"{start:g}", "deal_price_wan": "" if deal is None else f"{deal:g}", "status": status,
        "start_date": start_date, "end_date": end_date, "as_of": end_date or start_date, "source": SOURCE,
    }


def known_rows() -> list[dict[str, str]]:
    return [lot_row(*r[:1], *r[1:]) for r in KNOWN]


def bulk_rows(n: int, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        city = rng.randrange(len(CITIES))
        appraisal = round(rng.uniform(10, 500), 2)
        start = round(appraisal * 0.7, 2)
        sold = rng.random() < 0.4
        month = rng.randrange(1, 13)
        out.append(lot_row(f"B{i:07d}", city, rng.choice(["property", "corporate"]), rng.choice(["first", "second", "sell_off"]),
                           appraisal, start, round(start * rng.uniform(1, 1.3), 2) if sold else None,
                           "sold" if sold else "unsold", f"2025-{month:02d}-01", f"2025-{month:02d}-02"))
    return out


def csv_bytes(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header or HEADER, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def write_lots(directory: Path, rows: list[dict[str, str]], *, gz: bool = False, raw: bytes | None = None) -> TableEntry:
    """Write lots.csv (or lots.csv.gz) into *directory*; its manifest entry."""
    data = raw if raw is not None else csv_bytes(rows)
    name = "lots.csv.gz" if gz else "lots.csv"
    if gz:
        data = gzip.compress(data, mtime=0)
    (directory / name).write_bytes(data)
    return TableEntry(name, len(rows), hashlib.sha256(data).hexdigest(), len(data))


def snapshot_with_lots(directory: Path, rows: list[dict[str, str]] | None = None, *, gz: bool = False,
                       synthetic: bool = True, entry: TableEntry | None = None) -> Path:
    """The shipped snapshot's tables, copied, plus lots (*rows*, or a lots file already
    in *directory* described by *entry*), with a manifest that lists them all."""
    import json

    from npl_tui.core.paths import shipped_snapshot_dir
    from npl_tui.core.schema import TABLES
    from npl_tui.core.snapshot import make_manifest

    directory.mkdir(parents=True, exist_ok=True)
    shipped = shipped_snapshot_dir()
    manifest = json.loads((shipped / "manifest.json").read_text("utf-8"))
    raw = {}
    for name, spec in TABLES.items():
        raw[name] = (shipped / spec.filename).read_bytes()
        (directory / spec.filename).write_bytes(raw[name])
    counts = {name: manifest["tables"][name]["rows"] for name in TABLES}
    if entry is None:
        entry = write_lots(directory, rows if rows is not None else known_rows(), gz=gz)
    title = ("SYNTHETIC lots (tests) + " if synthetic else "") + manifest["title"]
    (directory / "manifest.json").write_bytes(
        make_manifest(raw, counts, "2026-11-30T00:00:00Z", title, files={"lots": entry}, synthetic=("lots",) if synthetic else ())
    )
    return directory
