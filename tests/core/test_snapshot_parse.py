"""The core parser on good and bad fixture files: every fault is caught and located."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from npl_tui.core.schema import TABLES
from npl_tui.core.snapshot import (
    DataError,
    Origin,
    build_snapshot,
    make_manifest,
    parse_manifest,
    parse_table,
    read_snapshot_dir,
)

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good"


def _bad_table(table: str, body: bytes) -> DataError:
    with pytest.raises(DataError) as info:
        parse_table(TABLES[table], body, f"{table}.csv")
    return info.value


def _csv(table: str) -> bytes:
    return (GOOD / TABLES[table].filename).read_bytes()


def _replace(table: str, old: str, new: str) -> bytes:
    raw = _csv(table).decode()
    assert old in raw, f"fixture changed: {old!r} not in {table}"
    return raw.replace(old, new, 1).encode()


def test_good_fixture_parses_with_types():
    snap = read_snapshot_dir(GOOD)
    ratios = {r["id"]: r for r in snap.ratios}
    assert ratios["r-2025Q4"]["value"] == 1.50
    assert ratios["r-2018Q4"]["first_published"] == 1.83
    assert str(ratios["r-2025Q4"]["as_of"]) == "2025-12-31"
    assert snap.newest_as_of().isoformat() == "2025-12-31"


def test_identifiers_keep_leading_zeros_and_na_stays_a_string():
    snap = read_snapshot_dir(GOOD)
    rows = {r["id"]: r for r in snap.announcements}
    assert rows["a-0001"]["project_id"] == "00012345"
    assert rows["a-0002"]["title"] == "NA"
    assert rows["a-0001"]["borrowers"] == 198


def test_province_variants_normalise_to_codes():
    snap = read_snapshot_dir(GOOD)
    assert {r["province_code"] for r in snap.provinces} == {"440000", "510000"}
    assert {r["id"]: r["province_code"] for r in snap.announcements}["a-0002"] == "410000"


def test_bounds_are_kept_as_bounds():
    snap = read_snapshot_dir(GOOD)
    bound = {r["id"]: r for r in snap.discount_rates}["d-1"]
    assert (bound["qualifier"], bound["value_pct"]) == ("<", 10.0)


def test_missing_required_column_names_the_column():
    raw = _csv("ratios").decode().replace("metric,", "", 1).encode()
    err = _bad_table("ratios", raw)
    assert "column metric" in str(err) and "missing" in str(err)


def test_wrong_type_names_row_and_column():
    err = _bad_table("ratios", _replace("ratios", "1.50", "one point five"))
    assert "ratios.csv row 2 column value" in str(err)
    assert "not a number" in str(err)


@pytest.mark.parametrize("bad", ["nan", "NaN", "inf", "-inf", "1e400"])
def test_nan_and_infinity_are_rejected(bad):
    err = _bad_table("ratios", _replace("ratios", "1.50", bad))
    assert "row 2 column value" in str(err)


def test_absurd_magnitudes_are_rejected():
    err = _bad_table("discount_rates", _replace("discount_rates", "33.2", "3320000"))
    assert "above the maximum" in str(err) and "column value_pct" in str(err)
    err = _bad_table("announcements", _replace("announcements", ",1069,", ",-5,"))
    assert "column overdue_days" in str(err)


def test_unknown_province_is_an_error_not_a_guess():
    err = _bad_table("provinces", _replace("provinces", "Sichuan", "Atlantis"))
    assert "row 2 column province_code" in str(err) and "Atlantis" in str(err)


def test_shanxi_is_never_shaanxi():
    raw = _replace("provinces", "Sichuan", "Shaanxi")
    table = parse_table(TABLES["provinces"], raw)
    assert table.rows[1]["province_code"] == "610000"
    raw = _replace("provinces", "Sichuan", "山西")
    assert parse_table(TABLES["provinces"], raw).rows[1]["province_code"] == "140000"


def test_bad_encoding_names_the_line():
    raw = _csv("ratios").replace(b"1.52", b"1.5\xff")
    err = _bad_table("ratios", raw)
    assert "not valid UTF-8" in str(err) and "line 2" in str(err)


def test_duplicate_ids_are_reported_with_both_rows():
    raw = _replace("ratios", "r-2025Q4", "r-2025Q3")
    err = _bad_table("ratios", raw)
    assert "duplicate id 'r-2025Q3' (first at row 1)" in str(err)


def test_unterminated_quote_is_reported_not_swallowed():
    raw = _csv("announcements").decode().replace('"seller ""NA"" title stays a string"', '"never closed', 1).encode()
    err = _bad_table("announcements", raw)
    assert "announcements.csv" in str(err)
    assert "CSV" in str(err) or "cells" in str(err)


def test_wrong_cell_count_is_located():
    err = _bad_table("ratios", _csv("ratios") + b"extra,row\n")
    assert "row 4" in str(err) and "cells" in str(err)


def test_control_characters_and_markup_are_kept_as_inert_text():
    raw = _replace("announcements", "China Everbright Bank", "[bold red]Evil\x1b[2J\x07 Bank[/]")
    table = parse_table(TABLES["announcements"], raw)
    assert table.rows[0]["seller"] == "[bold red]Evil[2J Bank[/]"


def test_hash_mismatch_is_detected_before_parsing():
    files = {TABLES[n].filename: _csv(n) for n in TABLES}
    manifest = (GOOD / "manifest.json").read_bytes()
    files["ratios.csv"] = files["ratios.csv"].replace(b"1.50", b"1.51")
    with pytest.raises(DataError) as info:
        build_snapshot(manifest, files, Origin("snapshot", "x"), "feed")
    assert "feed/ratios.csv" in str(info.value) and "SHA-256" in str(info.value)


def test_row_count_mismatch_is_detected():
    doc = json.loads((GOOD / "manifest.json").read_text())
    doc["tables"]["ratios"]["rows"] = 99
    files = {TABLES[n].filename: _csv(n) for n in TABLES}
    with pytest.raises(DataError, match="has 3 rows, the manifest says 99"):
        build_snapshot(json.dumps(doc).encode(), files, Origin("snapshot", "x"))


def test_unknown_major_version_is_rejected_clearly():
    doc = json.loads((GOOD / "manifest.json").read_text())
    doc["format_version"] = "2.0"
    with pytest.raises(DataError, match="format_version 2.0 is not supported"):
        parse_manifest(json.dumps(doc).encode())
    doc["format_version"] = "1.7"  # a newer minor of our major is accepted
    assert parse_manifest(json.dumps(doc).encode()).format_version == "1.7"


def test_html_instead_of_manifest_is_named():
    with pytest.raises(DataError, match="HTML"):
        parse_manifest(b"<!DOCTYPE html><html><body>Login</body></html>")


def test_manifest_file_names_cannot_escape_the_directory():
    doc = json.loads((GOOD / "manifest.json").read_text())
    doc["tables"]["ratios"]["file"] = "../../etc/passwd"
    with pytest.raises(DataError, match="plain file name"):
        parse_manifest(json.dumps(doc).encode())


def test_missing_table_file_is_named(tmp_path):
    shutil.copytree(GOOD, tmp_path / "snap")
    (tmp_path / "snap" / "provinces.csv").unlink()
    with pytest.raises(DataError, match="provinces.csv: is listed in the manifest but missing"):
        read_snapshot_dir(tmp_path / "snap")


def test_unknown_extra_columns_are_ignored_and_optional_ones_may_be_omitted():
    raw = b"id,period,as_of,bank_type,metric,value,derived,source,extra\nx,2025Q4,2025-12-31,all,npl_ratio_pct,1.5,false,s,ignored\n"
    table = parse_table(TABLES["ratios"], raw)
    assert table.rows[0]["qualifier"] == "" and table.rows[0]["first_published"] is None


def test_make_manifest_round_trips():
    files = {n: _csv(n) for n in TABLES}
    counts = {n: len(parse_table(TABLES[n], files[n])) for n in TABLES}
    manifest = parse_manifest(make_manifest(files, counts, "2026-01-01T00:00:00Z", "t"))
    assert manifest.tables["ratios"].rows == 3
    assert manifest.title == "t"


def test_problems_are_capped_and_one_line():
    body = _csv("ratios") + b"".join(f"z{i},2025Q9,x,all,npl_ratio_pct,1,,,false,s,\n".encode() for i in range(200))
    err = _bad_table("ratios", body)
    assert "\n" not in str(err)
    assert len(err.problems) <= 50


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"[" * 100000 + b"]" * 100000, "nested too deeply"),
        (b'{"format_version": "1.0", "n": ' + b"9" * 5000 + b"}", "not a usable manifest"),
    ],
)
def test_hostile_manifests_are_one_clear_line(raw, message):
    with pytest.raises(DataError, match=message) as info:
        parse_manifest(raw)
    assert "\n" not in str(info.value)


def test_file_name_with_a_trailing_newline_is_refused():
    doc = json.loads((GOOD / "manifest.json").read_text())
    doc["tables"]["ratios"]["file"] = "ratios.csv\n"
    with pytest.raises(DataError, match="plain file name"):
        parse_manifest(json.dumps(doc).encode())


def test_only_ascii_digits_are_numbers():
    err = _bad_table("ratios", _replace("ratios", "1.50", "\u0661.5"))
    assert "row 2 column value" in str(err)
    doc = json.loads((GOOD / "manifest.json").read_text())
    doc["format_version"] = "\u0661.0"
    with pytest.raises(DataError, match="format_version"):
        parse_manifest(json.dumps(doc).encode())


def test_invisible_characters_are_shown_in_errors():
    err = _bad_table("ratios", _replace("ratios", "2025Q4,2025-12-31,all", "2025Q4,2025-12-31,all\u200b"))
    assert "\\u200b" in str(err)


def test_long_bad_cells_make_short_errors():
    err = _bad_table("provinces", _replace("provinces", "Sichuan", "x" * 100000))
    assert len(str(err)) < 300
