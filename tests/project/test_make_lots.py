"""benchmarks/make_lots.py: a valid, labelled, reproducible snapshot of synthetic lots."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
from pathlib import Path

import pytest
from benchmark_scripts import load_benchmark

from npl_tui.core import schema
from npl_tui.core.provinces import PROVINCES
from npl_tui.core.snapshot import read_snapshot_dir

REPO = Path(__file__).resolve().parents[2]
ROWS = 3000


make_lots = load_benchmark("make_lots")
places = load_benchmark("lots_places")


@pytest.fixture(scope="module")
def snap(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("lots") / "snap"
    make_lots.make_snapshot(out, ROWS, seed=7)
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))


def test_every_lot_is_valid_per_the_schema(snap):
    rows = _rows(snap / "lots.csv")
    assert len(rows) == ROWS
    assert list(rows[0]) == list(schema.LOTS.column_names)
    provinces = {p.code for p in PROVINCES}
    cities = {code: (en, zh) for code, en, zh, _w in places.cities()}
    ids = set()
    for row in rows:
        for col in schema.LOTS.columns:
            cell = row[col.name]
            if col.required:
                assert cell, (col.name, row)
            if not cell:
                continue
            if col.kind == "enum":
                assert cell in col.allowed, (col.name, cell)
            elif col.kind == "float":
                assert col.minimum <= float(cell) <= col.maximum
                assert cell == f"{float(cell):.2f}"
            elif col.kind == "date":
                assert dt.date.fromisoformat(cell).isoformat() == cell
        assert row["id"] not in ids
        ids.add(row["id"])
        assert row["province_code"] in provinces
        assert row["city_code"][:2] + "0000" == row["province_code"]
        assert cities[row["city_code"]] == (row["city"], row["city_zh"])
        assert (row["status"] == "sold") == bool(row["deal_price_wan"])
        assert row["start_date"] <= row["end_date"]
        assert row["as_of"] in (row["start_date"], row["end_date"])
        assert row["source"] == "synthetic: benchmarks/make_lots.py --seed 7"
        if row["seller_type"] == "court":
            assert row["round"] in ("first", "second", "sell_off")
            assert "People's Court" in row["seller"] and row["seller_zh"].endswith("人民法院")
            assert row["seller_zh"].startswith(row["city_zh"])
            # the SPC rule: a first auction starts at no less than 70 % of the appraisal
            if row["round"] == "first":
                assert float(row["start_price_wan"]) >= 0.7 * float(row["appraisal_wan"]) - 0.01
        else:
            assert row["round"] == "other"


def test_shape_follows_the_report(snap):
    rows = _rows(snap / "lots.csv")
    court = [r for r in rows if r["seller_type"] == "court"]
    first_share = sum(r["round"] == "first" for r in court) / len(court)
    assert 0.42 < first_share < 0.53  # national 47.02 %, provinces 44.69–52.54 %
    by_province = {}
    for r in rows:
        by_province[r["province_code"]] = by_province.get(r["province_code"], 0) + 1
    top = sorted(by_province, key=by_province.get, reverse=True)[:5]
    assert "440000" in top  # Guangdong: 116,097 judicial auctions in 2025
    assert sum(r["platform"] == "ali" for r in rows) > len(rows) / 2
    assert sum(r["asset_type"] == "property" for r in rows) > 0.7 * len(rows)


def test_manifest_is_valid_and_says_synthetic(snap):
    manifest = json.loads((snap / "manifest.json").read_text())
    assert manifest["synthetic"] == ["lots"]
    assert manifest["title"].startswith("SYNTHETIC")
    for name, entry in manifest["tables"].items():
        raw = (snap / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(raw).hexdigest(), name
        assert entry["bytes"] == len(raw), name
        if name != "lots":  # the shipped tables, byte for byte
            assert raw == (REPO / "data" / entry["file"]).read_bytes()
    assert manifest["tables"]["lots"]["rows"] == ROWS
    snapshot = read_snapshot_dir(snap)  # the app's own reader accepts it
    assert snapshot.manifest.synthetic == ("lots",)
    readme = (snap / "README.txt").read_text()
    assert "SYNTHETIC" in readme and "--seed 7" in readme and f"--rows {ROWS}" in readme


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        make_lots.make_snapshot(tmp_path / name, 500, seed=seed, compress=True)
    a, b, c = ((tmp_path / n / "lots.csv.gz").read_bytes() for n in "abc")
    assert a == b
    assert (tmp_path / "a" / "manifest.json").read_bytes() == (tmp_path / "b" / "manifest.json").read_bytes()
    assert gzip.decompress(a) != gzip.decompress(c)
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert manifest["tables"]["lots"] == {
        "file": "lots.csv.gz", "rows": 500, "sha256": hashlib.sha256(a).hexdigest(), "bytes": len(a),
    }
    assert len(_rows(tmp_path / "a" / "lots.csv.gz")) == 500


def test_the_city_table_is_consistent():
    cities = places.cities()
    codes = [c for c, *_ in cities]
    assert len(codes) == len(set(codes)) >= 290
    assert all(len(c) == 6 and c.endswith("00") and c[:2] + "0000" in places.POPULATION_2020 for c in codes)
    assert {c[:2] for c in codes} == {p[:2] for p in places.POPULATION_2020}  # every province has a city
    assert ("330100", "Hangzhou", "杭州市", 3) in cities
    assert all(zh.endswith("市") for _c, _en, zh, _w in cities)
    assert set(places.districts()) <= set(codes)
    # the census: 1,411,778,724 less 2,000,000 active servicemen
    assert sum(places.POPULATION_2020.values()) == 1_409_778_724
