"""A small, stable snapshot for UI tests: exact content, hostile text included.

Built in memory through the real parser (``build_snapshot``), so the app sees exactly
what a feed would give it. Figures follow ``shared/research/domain_data.md``; the
announcements are invented but shaped like real ones. ``HOSTILE_SELLER`` and friends
are feed text that tries to style, link, run actions and move the cursor.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from npl_tui.core.schema import TABLE_NAMES, TABLES
from npl_tui.core.snapshot import Origin, Snapshot, build_snapshot, make_manifest

__all__ = [
    "CITED_SOURCE",
    "FROZEN_NOW",
    "HOSTILE_BUYER",
    "HOSTILE_SELLER",
    "HOSTILE_TITLE",
    "MONTH_ANNOUNCEMENT",
    "NATIONAL_PROVINCES",
    "NEW_ANNOUNCEMENT",
    "SUSPECT_DISCOUNTS",
    "YINDENG_ANNOUNCEMENT",
    "fixture_snapshot",
    "loaded",
    "shipped_app",
    "write_fixture_dir",
]

FROZEN_NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)

HOSTILE_SELLER = "[bold red]Evil Bank[/] [@click=app.quit]quit[/] \x1b[31mred\x1b[0m"
HOSTILE_TITLE = "[link=https://evil.example]click me[/link] \x1b]0;pwned\x07 title"
HOSTILE_BUYER = "[@click=app.bell]Buyer[/]"

_RATIO = [  # period, npl %, balance 亿 (None = gap), coverage % (None = gap), derived?
    ("2015Q1", 1.39, 9825, None), ("2015Q2", 1.50, 10900, None), ("2015Q3", 1.59, None, 167.7),
    ("2015Q4", 1.67, 12700, None), ("2016Q1", 1.75, None, None), ("2016Q2", 1.75, 14400, None),
    ("2016Q3", 1.76, None, None), ("2016Q4", 1.74, 15100, 176.44), ("2017Q1", 1.74, 15800, 178.8),
    ("2017Q2", 1.74, 16400, 177.17), ("2017Q3", 1.74, 16700, 180.39), ("2017Q4", 1.74, None, None),
    ("2018Q1", 1.75, 17700, None), ("2018Q2", 1.86, 19600, 178.70), ("2018Q3", 1.87, 20300, None),
    ("2018Q4", 1.89, 20300, None), ("2019Q1", 1.80, 21600, 192.2), ("2019Q2", 1.81, 22400, 190.60),
    ("2019Q3", 1.86, 23700, 187.63), ("2019Q4", 1.86, 24100, 186.08), ("2020Q1", 1.91, 26100, 183.2),
    ("2020Q2", 1.94, None, None), ("2020Q3", 1.96, 28400, 179.9), ("2020Q4", 1.84, 27000, 184.5),
    ("2021Q1", 1.80, 28000, 187.14), ("2021Q2", 1.76, 28000, None), ("2021Q3", 1.75, 28000, 196.99),
    ("2021Q4", 1.73, 28000, None), ("2022Q1", 1.69, 29000, None), ("2022Q2", 1.67, None, None),
    ("2022Q3", 1.66, 30000, 205.54), ("2022Q4", 1.63, 30000, 205.85), ("2023Q1", 1.62, 31000, None),
    ("2023Q2", 1.62, 32000, None), ("2023Q3", 1.61, 32000, None), ("2023Q4", 1.59, 32000, 205.14),
    ("2024Q1", 1.59, 34000, None), ("2024Q2", 1.56, 33000, 209.32), ("2024Q3", 1.56, None, None),
    ("2024Q4", 1.50, None, None), ("2025Q1", 1.51, 34000, None), ("2025Q2", 1.49, 34300, 211.97),
    ("2025Q3", 1.52, 35224.8, 207.15), ("2025Q4", 1.50, 35000, 205.21),
]
_DERIVED_RATIO = {"2020Q2"}
_BY_TYPE_2025Q3 = {"large_state": 1.22, "joint_stock": 1.22, "city": 1.84, "rural": 2.82, "private": 1.83, "foreign": 1.06}

_ANNOUNCEMENTS: list[dict[str, object]] = [
    {"id": "A001", "date": "2025-12-18", "kind": "bank_package", "seller": "Ping An Bank", "seller_zh": "平安银行",
         "seller_type": "joint_stock_bank", "province_code": "440000", "city": "Shenzhen", "asset_type": "retail_consumer",
         "principal_yi": "1.9", "overdue_days": "1129", "status": "listed",
         "title": "平安银行关于2025年第312期个人消费类不良贷款转让项目"},
    {"id": "A002", "date": "2025-11-26", "kind": "amc_deal", "seller": "Bohai Bank", "seller_zh": "渤海银行",
         "seller_type": "joint_stock_bank", "buyer": "Tianjin Jinrong", "buyer_zh": "天津津融", "province_code": "120000",
         "asset_type": "corporate", "principal_yi": "202.74", "interest_yi": "53.29", "status": "signed",
         "title": "渤海银行不良资产包转让"},
    {"id": "A003", "date": "2025-10-30", "kind": "amc_deal", "seller": "Bohai Bank", "seller_zh": "渤海银行",
         "seller_type": "joint_stock_bank", "buyer": "Cinda, Orient and four other AMCs", "buyer_zh": "信达、东方等六家AMC",
         "province_code": "120000", "asset_type": "corporate", "principal_yi": "499.37", "status": "signed",
         "title": "渤海银行债权资产转让"},
    {"id": "A004", "date": "2025-09-15", "kind": "bank_package", "seller": "Henan Rural Commercial Bank", "seller_zh": "河南农商银行",
         "seller_type": "rural_commercial_bank", "buyer": "Henan AMC", "buyer_zh": "河南资产", "province_code": "410000",
         "asset_type": "mixed", "amount_yi": "52", "amount_kind": "claim", "status": "signed", "title": "河南资产收购三家农商行不良资产"},
    {"id": "A005", "date": "2025-08-02", "kind": "bank_package", "seller": "SPD Bank", "seller_zh": "浦发银行",
         "seller_type": "joint_stock_bank", "province_code": "310000", "city": "Shanghai", "asset_type": "retail_credit_card",
         "principal_yi": "0.4496", "overdue_days": "1410", "status": "failed", "title": "浦发银行信用卡不良贷款转让"},
    {"id": "A006", "date": "2025-06-20", "kind": "auction", "seller": "Guizhou Moutai dealer court case", "seller_zh": "贵州法院",
         "seller_type": "court", "province_code": "520000", "asset_type": "other_asset", "amount_yi": "0.12",
         "amount_kind": "deal_price", "status": "auctioned", "title": "茅台酒司法拍卖"},
    {"id": "A007", "date": "2025-05-11", "kind": "bank_package", "seller": HOSTILE_SELLER, "seller_zh": "恶意银行",
         "seller_type": "other", "buyer": HOSTILE_BUYER, "province_code": "", "asset_type": "retail_other",
         "principal_yi": "0.05", "status": "announced", "title": HOSTILE_TITLE},
]

NEW_ANNOUNCEMENT: dict[str, object] = {
    "id": "A100", "date": "2026-01-08", "kind": "bank_package", "seller": "China Minsheng Bank [new]", "seller_zh": "民生银行",
    "seller_type": "joint_stock_bank", "province_code": "110000", "city": "Beijing", "asset_type": "retail_business",
    "principal_yi": "3.2", "overdue_days": "980", "status": "listed", "title": "民生银行个人经营类不良贷款转让",
}

#: A deal the source dates only to a month: stored as the 1st, shown as "2025-08".
MONTH_ANNOUNCEMENT: dict[str, object] = {
    "id": "A200", "date": "2025-08-01", "date_precision": "month", "as_of": "2025-08-01", "kind": "amc_deal",
    "seller": "Zhongyuan Trust", "seller_zh": "中原信托", "seller_type": "trust", "buyer": "Zhongyuan AMC",
    "buyer_zh": "中原资产", "province_code": "410000", "asset_type": "mixed", "amount_yi": "17.2", "amount_kind": "claim",
    "status": "signed", "title": "中原信托不良资产转让",
}

#: A source cell in the 1.2 form: two citations, each "publisher · title · date · URL ·
#: sha256:…", the second title long enough to wrap at 80 columns.
CITED_SOURCE = (
    "CCRE (银登中心) · 华夏银行信用卡中心2023年第2期个人不良贷款转让公告 · 2023-03-20 · "
    "https://www.chinacrc.net.cn/upload/listing_huaxia_card_2023-2.pdf · sha256:" + "3f" * 32
    + " ; Mistborntt/PDFtoExcel · 2023年个人不良贷款转让公告及转让结果（汇总表，含挂牌与成交结果） · 2023-12-31 · "
    "https://github.com/Mistborntt/PDFtoExcel/blob/main/2023.xlsx · sha256:" + "a1" * 32
)

#: A whole Yindeng listing as format 1.2 carries it: base date, totals, breakdowns,
#: the auction schedule, a signed result and its price.
YINDENG_ANNOUNCEMENT: dict[str, object] = {
    "id": "A300", "date": "2023-04-12", "kind": "bank_package", "seller": "Hua Xia Bank", "seller_zh": "华夏银行",
    "seller_type": "joint_stock_bank", "branch": "信用卡中心", "buyer": "Zhejiang Zheshang AMC", "buyer_zh": "浙商资产",
    "asset_type": "retail_credit_card", "principal_yi": "2.0764", "interest_yi": "0.6032", "borrowers": "12276",
    "loans": "12276", "overdue_days": "1608.52", "starting_price_yi": "0.0716", "status": "signed", "project_id": "G32023HX0002",
    "title": "华夏银行信用卡中心2023年第2期个人不良贷款转让项目", "source": CITED_SOURCE,
    "signed_date": "2023-04-20", "deal_price_yi": "0.1136", "base_date": "2022-12-31", "total_yi": "2.6796",
    "other_fees_yi": "0.0021", "max_borrower_balance_yi": "0.0021", "avg_borrower_balance_yi": "0.00022",
    "avg_credit_line_yi": "0.00035", "borrower_avg_age": "38.5", "classification": "损失 12262;可疑 14",
    "written_off": "10833", "guarantee": "信用 12276", "litigation": "未诉 12262;终本执行 14",
    "remark": "本项目不接受联合竞价", "registration_deadline": "2023-04-10 17:00", "auction_date": "2023-04-12",
    "transfer_method": "线上公开竞价", "bidding_method": "多轮竞价", "bidding_start": "2023-04-12 09:00",
    "bidding_end": "2023-04-12 10:00", "extension_minutes": "5", "increment_yi": "0.0005",
}

#: National totals (province_code 100000) beside the provinces, as format 1.2 gives them.
NATIONAL_PROVINCES = [  # year, code, metric, value, qualifier, rank
    (2025, "100000", "judicial_first_auctions", 564180, "", None),
    (2025, "100000", "judicial_auctions", 1199899, "", None),
    (2024, "100000", "judicial_first_auctions", 600000, "", None),
]

#: The 2024Q4 Yindeng retail pair the data flags as likely swapped (discount_rates.suspect).
SUSPECT_DISCOUNTS = [  # period, as_of, series, asset_type, basis, statistic, value, qualifier
    ("2024Q4", "2024-12-31", "yindeng_retail", "", "principal", "deal_average", 4.8, ""),
    ("2024Q4", "2024-12-31", "yindeng_retail", "", "principal_plus_interest", "deal_average", 7.3, ""),
]

_PROVINCES = [  # year, code, metric, value, qualifier, rank
    (2025, "440000", "judicial_first_auctions", 51888, "", 1),
    (2025, "510000", "judicial_first_auctions", 51888, ">", None),
    (2025, "370000", "judicial_first_auctions", 30210, "", 3),
    (2025, "330000", "judicial_first_auctions", 28110, "~", 4),
    (2024, "440000", "judicial_first_auctions", 62450, "", 1),
    (2025, "440000", "npl_bid_volume_yi", 1210.5, "", 1),
    (2025, "110000", "npl_bid_volume_yi", 980.2, "", 2),
    (2025, "320000", "npl_bid_volume_yi", 870.0, "", 3),
    (2025, "330000", "npl_bid_volume_yi", 655.3, "", 4),
    (2025, "370000", "npl_bid_volume_yi", 430.1, "", 5),
    (2025, "440000", "npl_deal_volume_yi", 820.4, "", 1),
    (2025, "320000", "npl_deal_volume_yi", 611.0, "", 2),
    (2025, "110000", "npl_deal_volume_yi", 300.0, ">", 3),
    (2024, "440000", "online_npl_auction_deals", 1530, "", 1),
    (2024, "330000", "online_npl_auction_deals", 1210, "", 2),
    (2024, "370000", "online_npl_auction_deals", 990, "", 3),
]

_DISCOUNTS = [  # period, as_of, series, asset_type, basis, statistic, value, qualifier
    ("2022", "2022-12-31", "yindeng_retail", "", "principal", "deal_average", 8.19, ""),
    ("2024Q1", "2024-03-31", "yindeng_retail", "", "principal", "deal_average", 8.8, ""),
    ("2024Q3", "2024-09-30", "yindeng_retail", "", "principal", "deal_average", 9.4, ""),
    ("2025Q1", "2025-03-31", "yindeng_retail", "", "principal", "deal_average", 6.9, ""),
    ("2022", "2022-12-31", "yindeng_retail", "", "principal_plus_interest", "deal_average", 2.65, ""),
    ("2024Q3", "2024-09-30", "yindeng_retail", "", "principal_plus_interest", "deal_average", 5.8, ""),
    ("2025Q1", "2025-03-31", "yindeng_retail", "", "principal_plus_interest", "deal_average", 4.1, ""),
    ("2022", "2022-12-31", "yindeng_pilot_all", "", "principal", "deal_average", 54.72, ""),
    ("2024-03", "2024-03-31", "bulk_corporate", "corporate", "principal", "deal", 70, "~"),
    ("2025-09", "2025-09-30", "bulk_corporate", "corporate", "principal_plus_interest", "deal", 81, "~"),
    ("2025-10", "2025-10-31", "bulk_corporate", "corporate", "principal_plus_interest", "deal", 70, "~"),
    ("2025", "2025-12-31", "consumer_finance_package", "", "principal_plus_interest", "deal", 3, "<"),
]


def _csv(table: str, rows: Iterable[Mapping[str, object]]) -> tuple[bytes, int]:
    columns = TABLES[table].column_names
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({c: ("" if row.get(c) is None else row.get(c)) for c in columns})
        n += 1
    return buf.getvalue().encode("utf-8"), n


def _quarter_end(period: str) -> str:
    year, q = int(period[:4]), int(period[-1])
    month = 3 * q
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
    return last.isoformat()


def _ratio_rows(breaks: Sequence[str] = ()) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    src = "shared/research/domain_data.md"
    for period, ratio, balance, coverage in _RATIO:
        base = {"period": period, "as_of": _quarter_end(period), "bank_type": "all", "source": src}
        rows.append(dict(base, id=f"R{period}-npl", metric="npl_ratio_pct", value=ratio,
                         derived="true" if period in _DERIVED_RATIO else "false",
                         first_published="1.83" if period == "2018Q4" else "",
                         basis_break="true" if period in breaks else "",
                         note="revised basis from this quarter" if period in breaks else ""))
        if balance is not None:
            rows.append(dict(base, id=f"R{period}-bal", metric="npl_balance_yi", value=balance,
                             derived="false", qualifier="~" if period == "2016Q1" else ""))
        if coverage is not None:
            rows.append(dict(base, id=f"R{period}-pcr", metric="provision_coverage_pct", value=coverage,
                             derived="true" if period in ("2016Q4", "2017Q2", "2019Q2") else "false"))
    for bank_type, value in _BY_TYPE_2025Q3.items():
        rows.append({"id": f"R2025Q3-{bank_type}", "period": "2025Q3", "as_of": "2025-09-30", "bank_type": bank_type,
                         "metric": "npl_ratio_pct", "value": value, "derived": "false", "source": src})
    return rows


def _announcement_rows(extra: Sequence[Mapping[str, object]]) -> list[dict[str, object]]:
    rows = []
    for a in [*extra, *_ANNOUNCEMENTS]:
        row = dict(a)
        row.setdefault("as_of", row["date"])
        row.setdefault("source", "tests/ui_fixtures.py")
        rows.append(row)
    return rows


def _province_rows(extra: Sequence[tuple[object, ...]] = ()) -> list[dict[str, object]]:
    return [
        {"id": f"P{year}-{code}-{metric}", "year": year, "as_of": f"{year}-12-31", "province_code": code, "metric": metric,
             "value": value, "qualifier": qual, "rank": rank, "derived": "false", "source": "seed 002 (ZSAMC 2025 report)"}
        for year, code, metric, value, qual, rank in [*_PROVINCES, *extra]
    ]


def _discount_rows(suspect: Sequence[tuple[object, ...]] = ()) -> list[dict[str, object]]:
    rows = [
        {"id": f"D{i:03d}", "period": period, "as_of": as_of, "series": series, "asset_type": asset, "basis": basis,
             "statistic": stat, "value_pct": value, "qualifier": qual, "derived": "false", "source": "domain_data.md §4"}
        for i, (period, as_of, series, asset, basis, stat, value, qual) in enumerate(_DISCOUNTS)
    ]
    rows += [
        {"id": f"DS{i:03d}", "period": period, "as_of": as_of, "series": series, "asset_type": asset, "basis": basis,
             "statistic": stat, "value_pct": value, "qualifier": qual, "derived": "false", "suspect": "true", "source": CITED_SOURCE,
             "note": "suspect: this and its pair look swapped"}
        for i, (period, as_of, series, asset, basis, stat, value, qual) in enumerate(suspect)
    ]
    return rows


def _files(
    extra: Sequence[Mapping[str, object]],
    provinces: Sequence[tuple[object, ...]] = (),
    suspect: Sequence[tuple[object, ...]] = (),
    breaks: Sequence[str] = (),
) -> tuple[dict[str, bytes], dict[str, int]]:
    built = {
        "ratios": _csv("ratios", _ratio_rows(breaks)),
        "announcements": _csv("announcements", _announcement_rows(extra)),
        "provinces": _csv("provinces", _province_rows(provinces)),
        "discount_rates": _csv("discount_rates", _discount_rows(suspect)),
    }
    return {n: built[n][0] for n in TABLE_NAMES}, {n: built[n][1] for n in TABLE_NAMES}


def fixture_snapshot(
    extra_announcements: Sequence[Mapping[str, object]] = (),
    origin: Origin | None = None,
    *,
    provinces: Sequence[tuple[object, ...]] = (),
    suspect: Sequence[tuple[object, ...]] = (),
    breaks: Sequence[str] = (),
) -> Snapshot:
    """The fixture as a verified Snapshot; *extra_announcements* are listed first.
    Format 1.2 additions on request: *provinces* rows (e.g. NATIONAL_PROVINCES),
    *suspect* discount rows (SUSPECT_DISCOUNTS) and ratio periods with a basis *breaks*."""
    data, counts = _files(extra_announcements, provinces, suspect, breaks)
    manifest = make_manifest(data, counts, generated_at="2026-03-01T00:00:00Z", title="npl-tui UI fixture")
    files = {TABLES[n].filename: data[n] for n in TABLE_NAMES}
    return build_snapshot(manifest, files, origin or Origin("feed", "https://feed.example/npl/"))


def write_fixture_dir(
    path: Path,
    extra_announcements: Sequence[Mapping[str, object]] = (),
    *,
    provinces: Sequence[tuple[object, ...]] = (),
    suspect: Sequence[tuple[object, ...]] = (),
    breaks: Sequence[str] = (),
) -> Path:
    """Write the fixture as a snapshot directory (manifest + CSVs) and return *path*."""
    data, counts = _files(extra_announcements, provinces, suspect, breaks)
    path.mkdir(parents=True, exist_ok=True)
    for n in TABLE_NAMES:
        (path / TABLES[n].filename).write_bytes(data[n])
    (path / "manifest.json").write_bytes(make_manifest(data, counts, generated_at="2026-03-01T00:00:00Z"))
    return path


def shipped_app(shipped_dir: Path, **kwargs: object):
    """The real app on the shipped data/ with a frozen clock (for screen snapshots)."""
    from npl_tui.app import NplApp
    from npl_tui.core.sources import LocalSnapshotSource

    return NplApp(LocalSnapshotSource(shipped_dir, kind="shipped"), clock=lambda: FROZEN_NOW, **kwargs)  # type: ignore[arg-type]


async def loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the app's first load has landed on screen."""
    app = pilot.app
    for _ in range(50):
        await pilot.pause()
        await app.workers.wait_for_complete()
        if app.snapshot is not None:
            break
    await pilot.pause()
