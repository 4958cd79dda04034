"""Tiny valid snapshots for feed and cache tests (independent of data/)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from npl_tui.core.schema import TABLES
from npl_tui.core.snapshot import MANIFEST_NAME, make_manifest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


def table_bytes(ratio: float = 1.5, discount: float = 30.0, announcements: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Minimal valid CSVs, keyed by table name. *ratio* is the one NPL ratio figure;
    *announcements* are more rows of announcements.csv, in the columns of its first
    (id,date,as_of,kind,seller,seller_type,asset_type,status,province_code,title,source,principal_yi)."""
    csvs = {
        "ratios": (
            "id,period,as_of,bank_type,metric,value,qualifier,derived,source,note\n"
            f"r1,2024Q4,2024-12-31,all,npl_ratio_pct,{ratio},,false,test,\n"
            "r2,2024Q4,2024-12-31,all,provision_coverage_pct,211.19,,false,test,\n"
        ),
        "announcements": (
            "id,date,as_of,kind,seller,seller_type,asset_type,status,province_code,title,source\n"
            "a1,2025-01-15,2025-01-15,bank_package,Test Bank,joint_stock_bank,retail_consumer,listed,330000,测试资产包,test\n"
        ) if not announcements else (
            "id,date,as_of,kind,seller,seller_type,asset_type,status,province_code,title,source,principal_yi\n"
            "a1,2025-01-15,2025-01-15,bank_package,Test Bank,joint_stock_bank,retail_consumer,listed,330000,测试资产包,test,\n"
            + "".join(line + "\n" for line in announcements)
        ),
        "provinces": (
            "id,year,as_of,province_code,metric,value,derived,source\n"
            "p1,2024,2024-12-31,440000,judicial_auctions,12345,false,test\n"
        ),
        "discount_rates": (
            "id,period,as_of,series,basis,statistic,value_pct,derived,source\n"
            f"d1,2024,2024-12-31,bulk_retail,principal,deal_average,{discount},false,test\n"
        ),
    }
    return {name: text.encode("utf-8") for name, text in csvs.items()}


ROWS = {"ratios": 2, "announcements": 1, "provinces": 1, "discount_rates": 1}


def snapshot_files(
    ratio: float = 1.5, discount: float = 30.0, generated_at: str = "2025-01-31T00:00:00Z", announcements: tuple[str, ...] = ()
) -> tuple[bytes, dict[str, bytes]]:
    """(manifest bytes, {file name: bytes}) of a minimal valid snapshot."""
    tables = table_bytes(ratio, discount, announcements)
    manifest = make_manifest(tables, {**ROWS, "announcements": ROWS["announcements"] + len(announcements)}, generated_at, title="test feed")
    return manifest, {TABLES[name].filename: data for name, data in tables.items()}


def write_snapshot_dir(
    path: Path, ratio: float = 1.5, discount: float = 30.0, generated_at: str = "2025-01-31T00:00:00Z", announcements: tuple[str, ...] = ()
) -> Path:
    """Write a minimal valid snapshot directory at *path* (created/overwritten)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    manifest, files = snapshot_files(ratio, discount, generated_at, announcements)
    for name, data in files.items():
        (path / name).write_bytes(data)
    (path / MANIFEST_NAME).write_bytes(manifest)
    return path


def copy_data_dir(dest: Path) -> Path | None:
    """A copy of the real data/ snapshot, or None while it does not exist yet."""
    if not (DATA / MANIFEST_NAME).is_file():
        return None
    shutil.copytree(DATA, dest)
    return dest


def rewrite_manifest(path: Path, **changes) -> None:
    """Edit a snapshot dir's manifest.json in place (for fault tests)."""
    doc = json.loads((path / MANIFEST_NAME).read_text("utf-8"))
    doc.update(changes)
    (path / MANIFEST_NAME).write_text(json.dumps(doc, indent=2), "utf-8")


async def bounded(coro, seconds: float = 15.0):  # type: ignore[no-untyped-def]
    """Every network step in the feed tests is bounded, whatever the source does."""
    import asyncio

    return await asyncio.wait_for(coro, seconds)


class LockHolder:
    """Another process holding a feed's cache lock until the ``with`` block ends."""

    def __init__(self, cache, url: str, seconds: int = 60) -> None:  # type: ignore[no-untyped-def]
        import subprocess
        import sys

        lock = str(cache.feed_dir(url) / "lock")
        code = f"import filelock, time; held = filelock.FileLock({lock!r}); held.acquire(); print('held', flush=True); time.sleep({seconds})"
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)

    def __enter__(self) -> LockHolder:  # noqa: PYI034 - typing.Self needs Python 3.11
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == b"held"
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.kill()
        self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


# --------------------------------------------------------------------------- lots

LOTS_HEADER = (
    "id,platform,seller,seller_zh,seller_type,province_code,city_code,city,city_zh,asset_type,round,"
    "appraisal_wan,start_price_wan,deal_price_wan,status,start_date,end_date,as_of,source\n"
)
_LOT_PLACES = (("330000", "330100", "Hangzhou", "杭州"), ("440000", "440300", "Shenzhen", "深圳"), ("510000", "510100", "Chengdu", "成都"))
_LOT_ROUNDS = ("first", "second", "sell_off")


def lots_csv(rows: int, start: int = 0) -> bytes:
    """A valid lots.csv (the columns of schema.LOTS) of *rows* court auction lots,
    written out by hand: a few places and rounds, every third lot sold."""
    lines = [LOTS_HEADER]
    for i in range(start, start + rows):
        province, city_code, city, city_zh = _LOT_PLACES[i % len(_LOT_PLACES)]
        sold = i % 3 == 0
        appraisal = 100 + i % 900
        start_price = round(appraisal * (0.7, 0.56, 0.5)[i % 3], 2)
        deal = f"{start_price * 1.1:.2f}" if sold else ""
        day = 1 + i % 28
        lines.append(
            f"L{i:07d},ali,{city} Intermediate People's Court,{city_zh}市中级人民法院,court,{province},{city_code},{city},{city_zh},"
            f"property,{_LOT_ROUNDS[i % 3]},{appraisal},{start_price},{deal},{'sold' if sold else 'unsold'},"
            f"2025-03-{day:02d},2025-03-{day:02d},2025-03-{day:02d},https://sf.taobao.com/item/{i}\n"
        )
    return "".join(lines).encode("utf-8")


def write_lots_feed(
    path: Path,
    lots: bytes,
    *,
    file: str = "lots.csv.gz",
    rows: int | None = None,
    ratio: float = 1.5,
    generated_at: str = "2025-01-31T00:00:00Z",
    declare: int | None | bool = True,
    sign=None,  # type: ignore[no-untyped-def]
) -> bytes:
    """Write a minimal valid snapshot plus a lots table into *path*: *lots* (CSV bytes)
    is stored as *file*, gzip-compressed when its name ends .gz. *declare*: True declares
    the file's real size, a number declares that size, None declares none. Returns the
    file's bytes as stored."""
    import gzip

    from npl_tui.core.snapshot import TableEntry, sha256_hex

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    stored = gzip.compress(lots, compresslevel=6, mtime=0) if file.endswith(".gz") else lots
    (path / file).write_bytes(stored)
    tables = table_bytes(ratio)
    for name, data in tables.items():
        (path / TABLES[name].filename).write_bytes(data)
    size = len(stored) if declare is True else (None if declare is None or declare is False else int(declare))
    count = rows if rows is not None else lots.count(b"\n") - 1
    entry = TableEntry(file, count, sha256_hex(stored), size)
    manifest = make_manifest(tables, ROWS, generated_at, title="test feed", files={"lots": entry}, sign=sign)
    if size is None:  # make_manifest writes "bytes": null for an unknown size; a 1.2-style entry has none
        doc = json.loads(manifest)
        del doc["tables"]["lots"]["bytes"]
        manifest = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    (path / MANIFEST_NAME).write_bytes(manifest)
    return stored
