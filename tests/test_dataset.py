"""Facts about the shipped snapshot in data/, checked against the sources it was built from."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from npl_tui.core.snapshot import read_snapshot_dir
from npl_tui.core.schema import TABLES

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"
RESEARCH = SHARED / "research"


@pytest.fixture(scope="module")
def snap():
    return read_snapshot_dir(DATA)


def by_id(table):
    return {r["id"]: r for r in table.rows}


def test_manifest_verifies_and_lists_every_table(snap):
    assert set(snap.tables) == set(TABLES)
    for name, table in snap.tables.items():
        assert snap.manifest.tables[name].rows == len(table) > 0


def test_latest_national_ratio_is_2025q4_at_1_50(snap):
    national = [r for r in snap.ratios if r["bank_type"] == "all" and r["metric"] == "npl_ratio_pct"]
    latest = max(national, key=lambda r: r["as_of"])
    assert latest["period"] == "2025Q4"
    assert latest["value"] == pytest.approx(1.50)
    assert str(latest["as_of"]) == "2025-12-31"


def test_revisions_and_first_published_kept(snap):
    rows = by_id(snap.ratios)
    q4 = rows["ratio-2018Q4-all-npl_ratio_pct"]
    assert q4["value"] == pytest.approx(1.89)
    assert q4["first_published"] == pytest.approx(1.83)
    q1 = rows["ratio-2018Q1-all-npl_ratio_pct"]
    assert q1["value"] == pytest.approx(1.75)  # as published; the Q2 release implies 1.74
    assert "1.74" in q1["note"]


def test_precise_2025q3_balance_and_rounded_bank_types(snap):
    rows = by_id(snap.ratios)
    assert rows["ratio-2025Q3-all-npl_balance_yi"]["value"] == pytest.approx(35224.78)
    assert rows["ratio-2020Q1-rural-npl_ratio_pct"]["value"] == pytest.approx(4.1)
    assert "rounded to 0.1" in rows["ratio-2020Q1-rural-npl_ratio_pct"]["note"]


def test_one_ratio_row_per_period_bank_metric(snap):
    keys = [(r["period"], r["bank_type"], r["metric"]) for r in snap.ratios]
    assert len(keys) == len(set(keys))


def test_every_row_has_source_and_as_of(snap):
    for table in snap.tables.values():
        for r in table.rows:
            assert r["source"].strip(), r["id"]
            assert r["as_of"] is not None, r["id"]


def test_derived_rows_explain_themselves(snap):
    for table in snap.tables.values():
        for r in table.rows:
            if r.get("derived"):
                assert r["note"].strip(), r["id"]


# --------------------------------------------------------------------------- Yindeng


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "") for k, v in r.items() if k} for r in csv.DictReader(fh)]


@pytest.fixture(scope="module")
def yindeng():
    if not RESEARCH.is_dir():
        pytest.skip("shared/research is not available")
    listings = _read(RESEARCH / "yindeng_2023_listings.csv")
    results = [r for r in _read(RESEARCH / "yindeng_2023_results.csv") if r["项目名称"].strip()]
    return listings, results


def test_every_yindeng_listing_is_a_row(snap):
    listing_rows = [r for r in snap.announcements if r["id"].startswith("yd-L-")]
    assert len(listing_rows) == 459
    assert all(r["kind"] == "bank_package" and r["status"] in ("listed", "signed") for r in listing_rows)


def test_signed_listings_match_an_independent_join(snap, yindeng):
    listings, results = yindeng
    result_names = {_norm(r["项目名称"]) for r in results}
    expected = sum(1 for x in listings if x["是否成交"].strip() == "1" or _norm(x["项目名称"]) in result_names)
    rows = [r for r in snap.announcements if r["id"].startswith("yd-L-")]
    with_buyer = [r for r in rows if r["buyer_zh"]]
    assert len(with_buyer) == expected == sum(r["status"] == "signed" for r in rows)
    # Results with no listing become their own signed rows.
    listing_names = {_norm(x["项目名称"]) for x in listings}
    unmatched = sum(1 for r in results if _norm(r["项目名称"]) not in listing_names)
    assert sum(1 for r in snap.announcements if r["id"].startswith("yd-R-")) == unmatched


def test_listing_money_is_in_yi(snap, yindeng):
    listings, _ = yindeng
    first = next(x for x in listings if x["序号"] == "1")
    row = by_id(snap.announcements)["yd-L-0001"]
    assert row["principal_yi"] == pytest.approx(float(first["未偿本金总额（元）"]) / 1e8)
    assert row["starting_price_yi"] == pytest.approx(float(first["起始价（元）"]) / 1e8)
    assert str(row["date"]) == "2023-01-20"  # 竞价日 serial 44946.42; serial 44927 = 2023-01-01


def test_no_province_guessed_from_a_head_office(snap, yindeng):
    listings, _ = yindeng
    rows = by_id(snap.announcements)
    for x in listings:
        if x["出让方主体名称"] == "平安银行股份有限公司" and not x["下属机构"].strip() and not x["备注"].strip():
            assert rows[f"yd-L-{int(x['序号']):04d}"]["province_code"] is None, x["序号"]
    # Bank of Shanghai's 市南分行 is not Qingdao's 市南 district: unknown, not guessed.
    assert all(r["province_code"] is None for r in snap.announcements if r["branch"] == "市南分行")
    # A remark that only repeats the seller's own name (江苏银行代垫…) names no place.
    assert all(r["province_code"] is None for r in snap.announcements if r["seller_zh"] == "江苏银行股份有限公司")


def test_shanxi_and_shaanxi_never_confused(snap):
    for r in snap.announcements:
        branch = r["branch"]
        if r["province_code"] == "140000":
            assert "西安" not in branch
        if r["province_code"] == "610000":
            assert "太原" not in branch
    taiyuan = [r for r in snap.announcements if r["branch"] == "太原分行"]
    xian = [r for r in snap.announcements if r["branch"] == "西安分行"]
    assert taiyuan and all(r["province_code"] == "140000" for r in taiyuan)
    assert xian and all(r["province_code"] == "610000" for r in xian)
    codes = {r["province_code"] for t in ("announcements", "provinces") for r in snap[t].rows}
    assert "140000" in codes and "610000" in codes


def test_listing_medians_match_the_research(snap):
    rows = by_id(snap.discount_rates)
    expected_months = {"01": 7.17, "02": 8.44, "03": 6.39, "04": 7.97, "05": 9.18, "06": 11.99,
                       "07": 5.88, "08": 7.97, "09": 7.23, "10": 7.20, "11": 7.19, "12": 7.00}
    for mm, value in expected_months.items():
        row = rows[f"dr-yindeng_retail_listing-2023-{mm}-all-principal-start_price_median"]
        assert row["value_pct"] == pytest.approx(value), mm
        assert row["derived"] and row["sample_size"] > 0
    year = rows["dr-yindeng_retail_listing-2023-all-principal-start_price_median"]
    assert (year["value_pct"], year["sample_size"]) == (pytest.approx(7.46), 458)
    card = rows["dr-yindeng_retail_listing-2023-retail_credit_card-principal-start_price_median"]
    assert (card["value_pct"], card["sample_size"]) == (pytest.approx(7.07), 108)


# --------------------------------------------------------------------------- bounds and provinces


def test_bounds_are_kept_as_bounds(snap):
    rows = by_id(snap.discount_rates)
    bulk = rows["dr-bulk_retail-2024-all-unstated-deal_average"]
    assert (bulk["qualifier"], bulk["value_pct"]) == ("<", 10)
    assert rows["dr-single_corporate-2024-all-unstated-deal_average"]["qualifier"] == "<"
    prov = by_id(snap.provinces)
    sichuan = prov["prov-2025-510000-all-judicial_first_auctions"]
    assert (sichuan["qualifier"], sichuan["value"], sichuan["rank"], sichuan["derived"]) == (">", 51888, 1, True)


def test_suspected_swap_is_flagged_not_fixed(snap):
    rows = by_id(snap.discount_rates)
    assert rows["dr-yindeng_retail-2024Q4-all-principal-deal_average"]["value_pct"] == pytest.approx(4.8)
    assert "swap" in rows["dr-yindeng_retail-2024Q4-all-principal-deal_average"]["note"]


def test_provinces_from_the_zheshang_report(snap):
    rows = by_id(snap.provinces)
    gd = rows["prov-2025-440000-all-npl_bid_volume_yi"]
    assert (gd["value"], gd["rank"]) == (5781, 1)
    assert rows["prov-2025-330000-all-judicial_auctions"]["value"] == 66333
    jiaxing = rows["prov-2025-330000-jiaxing-judicial_first_auctions_yoy_pct"]
    assert jiaxing["city_zh"] == "嘉兴" and "Jiaying" in jiaxing["note"]
    zj_cities = {r["city"] for r in snap.provinces if r["province_code"] == "330000" and r["city"]}
    gd_cities = {r["city"] for r in snap.provinces if r["province_code"] == "440000" and r["city"]}
    assert len(zj_cities) == 11 and len(gd_cities) == 21
    keys = [(r["year"], r["province_code"], r["city"], r["metric"]) for r in snap.provinces]
    assert len(keys) == len(set(keys))


# --------------------------------------------------------------------------- determinism


def test_build_is_byte_identical(tmp_path):
    if not RESEARCH.is_dir():
        pytest.skip("shared/research is not available")
    out = tmp_path / "data"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_dataset.py"), "--out", str(out), "--shared", str(SHARED)],
                   check=True, capture_output=True)
    shipped = sorted(p.name for p in DATA.iterdir() if p.is_file())
    assert sorted(p.name for p in out.iterdir()) == shipped
    for name in shipped:
        assert (out / name).read_bytes() == (DATA / name).read_bytes(), name
