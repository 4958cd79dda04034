"""Facts about the shipped snapshot in data/, checked against the sources it was built from."""

from __future__ import annotations

import csv
import datetime as dt
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from npl_tui.core.schema import TABLES
from npl_tui.core.snapshot import read_snapshot_dir

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SOURCES = DATA / "sources"


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
    # The formal end-2018 release said 1.83% (down 0.04 pp on Q3's 1.87%); 1.89% was an
    # earlier verbal figure, kept as first_published.
    q4 = rows["ratio-2018Q4-all-npl_ratio_pct"]
    assert q4["value"] == pytest.approx(1.83)
    assert q4["first_published"] == pytest.approx(1.89)
    assert rows["ratio-2018Q3-all-npl_ratio_pct"]["value"] - q4["value"] == pytest.approx(0.04)
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
    listings = _read(SOURCES / "yindeng_2023_listings.csv")
    results = [r for r in _read(SOURCES / "yindeng_2023_results.csv") if r["项目名称"].strip()]
    return listings, results


def test_every_yindeng_listing_is_a_row(snap):
    listing_rows = [r for r in snap.announcements if r["id"].startswith("yd-L-")]
    assert len(listing_rows) == 459
    assert all(r["kind"] == "bank_package" and r["status"] in ("listed", "signed") for r in listing_rows)


def _project(text: str) -> str:
    return _norm(text).replace("(重新挂牌)", "")


def _day(serial: str) -> str:
    return str(dt.date(1899, 12, 30) + dt.timedelta(days=int(float(serial)))) if re.fullmatch(r"[\d.]+", serial) else serial[:10]


def test_each_result_joins_the_latest_listing_before_its_signing(snap, yindeng):
    """An independent join: by project (relisting marker stripped), the latest auction on
    or before the signing day; a result with none stands alone."""
    listings, results = yindeng
    rows = by_id(snap.announcements)
    expected_signed, alone = set(), set()
    for r in results:
        signed = _day(r["转让协议签署日期"])
        candidates = [x for x in listings if _project(x["项目名称"]) == _project(r["项目名称"]) and _day(x["竞价日"]) <= signed]
        if not candidates:
            alone.add(f"yd-R-{int(r['序号']):04d}")
            continue
        latest = max(candidates, key=lambda x: (_day(x["竞价日"]), int(x["序号"])))
        row = rows[f"yd-L-{int(latest['序号']):04d}"]
        assert (row["project_id"], str(row["signed_date"]), row["buyer_zh"]) == (r["项目编号"], signed, r["受让方全称"])
        expected_signed.add(row["id"])
    assert {r["id"] for r in snap.announcements if r["id"].startswith("yd-R-")} == alone
    signed = {r["id"] for r in snap.announcements if r["id"].startswith("yd-L-") and r["status"] == "signed"}
    assert signed == expected_signed


def test_relisted_projects_are_one_project(snap, yindeng):
    rows = by_id(snap.announcements)
    # yd-L-0016 (a 2023 relisting of a 2022 project) and result #88 were counted twice.
    assert "yd-R-0088" not in rows and "yd-R-0082" not in rows
    assert (rows["yd-L-0016"]["status"], rows["yd-L-0016"]["project_id"]) == ("signed", "22000250")
    # yd-L-0014 and yd-L-0019 were sold through their later relistings.
    assert rows["yd-L-0014"]["status"] == "listed" and rows["yd-L-0014"]["buyer_zh"] == ""
    assert (rows["yd-L-0145"]["project_id"], str(rows["yd-L-0145"]["signed_date"])) == ("23000023", "2023-06-26")
    assert rows["yd-L-0019"]["status"] == "listed"
    assert (rows["yd-L-0044"]["project_id"], rows["yd-L-0044"]["buyer_zh"]) == ("23000037", "甘肃长达金融资产管理股份有限公司")
    listings, _ = yindeng
    per_project: dict[str, int] = {}
    for x in listings:
        per_project[_project(x["项目名称"])] = per_project.get(_project(x["项目名称"]), 0) + 1
    assert sum(n > 1 for n in per_project.values()) == 28


def test_listing_money_is_in_yi(snap, yindeng):
    listings, _ = yindeng
    first = next(x for x in listings if x["序号"] == "1")
    row = by_id(snap.announcements)["yd-L-0001"]
    assert row["principal_yi"] == pytest.approx(float(first["未偿本金总额（元）"]) / 1e8)
    raw = (DATA / "announcements.csv").read_text(encoding="utf-8")
    assert ",0.0965288839," in raw  # 9,652,888.39 yuan exactly, not float noise
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
    for basis in ("principal", "principal_plus_interest"):
        assert rows[f"dr-yindeng_retail-2024Q4-all-{basis}-deal_average"]["suspect"] is True
    assert sum(bool(r.get("suspect")) for r in snap.discount_rates) == 2


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
    out = tmp_path / "data"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_dataset.py"), "--out", str(out)],
                   check=True, capture_output=True, cwd=tmp_path)
    shipped = sorted(p.name for p in DATA.iterdir() if p.is_file())
    assert sorted(p.name for p in out.iterdir()) == shipped
    for name in shipped:
        assert (out / name).read_bytes() == (DATA / name).read_bytes(), name


# --------------------------------------------------------------------------- corrections and sources


def test_2019q1_is_on_a_revised_basis(snap):
    rows = by_id(snap.ratios)
    for metric in ("npl_ratio_pct", "npl_balance_yi"):
        row = rows[f"ratio-2019Q1-all-{metric}"]
        assert row["basis_break"] is True and "revised basis" in row["note"]
    assert not rows["ratio-2018Q4-all-npl_ratio_pct"].get("basis_break")


def test_no_source_is_a_repository_path(snap):
    for table in snap.tables.values():
        for r in table.rows:
            assert not re.search(r"seeds/|research/|\.txt\b|\.csv\b", r["source"]), (r["id"], r["source"])


def test_headline_ratios_cite_the_regulators_release(snap):
    for r in snap.ratios:
        if r["bank_type"] == "all" and r["period"] >= "2023Q1" and r["metric"] == "npl_ratio_pct":
            first = r["source"].split(" ; ")[0]
            if r["period"] == "2024Q4":  # the release itself was not found: a repost that says whose figures it reports
                assert "reporting NFRA" in first
                continue
            assert "NFRA" in first and "银行业保险业主要监管指标数据情况" in first, (r["id"], first)
    latest = by_id(snap.ratios)["ratio-2025Q4-all-npl_ratio_pct"]["source"]
    assert latest.startswith("国家金融监督管理总局 (NFRA) · 2025年四季度银行业保险业主要监管指标数据情况 · 2026-02-12")


def test_every_amount_says_what_it_measures(snap):
    with_amount = [r for r in snap.announcements if r.get("amount_yi") is not None]
    assert len(with_amount) >= 10
    for r in with_amount:
        assert r["amount_kind"], r["id"]
    rows = by_id(snap.announcements)
    assert rows["seed-henan-zhongyuan-luoyang-2025-11-13"]["amount_kind"] == "deal_price"
    assert rows["seed-bohai-2025-10"]["amount_kind"] == "claim"
    assert rows["seed-minsheng-cc-2025-phase6"]["amount_kind"] == "claim"


def test_no_day_the_source_never_gave(snap):
    rows = by_id(snap.announcements)
    for rid in ("seed-jiujiang-bank-guangzhou-property-2025-11", "seed-lanzhou-rcb-yuchai-one-2025-11", "seed-imrcb-kalaxingqi-stone-2025-11",
                "seed-abc-properties-2025-11", "seed-jilin-bank-properties-2025-11", "seed-guangdong-rural-credit-properties-2025-11"):
        row = rows[rid]
        assert (str(row["date"]), row["date_precision"], str(row["as_of"])) == ("2025-01-01", "year", "2025-11-14"), rid
        assert "recently" in row["note"]
    minsheng = rows["seed-minsheng-cc-2025-phase6"]
    assert str(minsheng["date"]) == "2025-11-14" and "觀察者網" in minsheng["source"]
    assert not [r["id"] for r in snap.announcements if str(r["date"]) == "2025-11-14" and r["id"] != minsheng["id"]]


def test_national_figures_live_under_100000(snap):
    rows = by_id(snap.provinces)
    assert rows["prov-2025-100000-all-judicial_auctions"]["value"] == 1199899
    assert rows["prov-2025-100000-all-judicial_first_auctions"]["value"] == 564180
    assert rows["prov-2025-100000-all-online_npl_auction_deals"]["value"] == 20327


def test_sources_stand_alone():
    """Every input is in the repository: the build reads nothing outside it."""
    text = (ROOT / "scripts" / "build_dataset.py").read_text(encoding="utf-8")
    assert "shared" not in text and 'SOURCES = ROOT / "data" / "sources"' in text


def test_fact_files_cite_known_documents():
    docs = {r["key"] for r in _read(SOURCES / "documents.csv")}
    for name in ("ratios.csv", "deals.csv", "provinces.csv", "discount_rates.csv"):
        for r in _read(SOURCES / name):
            keys = [k.strip() for k in r["source"].split(";") if k.strip()]
            assert keys and set(keys) <= docs, (name, r)


def test_an_approximate_split_is_not_shown_as_exact_principal(snap):
    """Minsheng's source gives the claim exactly (51.42亿) but principal and interest
    only as 'about': the announcements table has no qualifier, so only the claim is a
    figure and the approximate split stays in the note."""
    minsheng = by_id(snap.announcements)["seed-minsheng-cc-2025-phase6"]
    assert minsheng["principal_yi"] is None and minsheng["interest_yi"] is None
    assert (minsheng["amount_yi"], minsheng["amount_kind"]) == (51.42, "claim")
    assert "about 24.47亿" in minsheng["note"]


def test_each_natural_key_names_one_row(snap):
    """What "seen" remembers a row by (schema.TableSpec.key) must name one fact."""
    for name, table in snap.tables.items():
        key = TABLES[name].key
        assert set(key) <= set(TABLES[name].column_names)
        values = [tuple(row[c] for c in key) for row in table.rows]
        assert len(values) == len(set(values)), f"{name}: a natural key {key} repeats"
