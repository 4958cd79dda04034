"""The lots table read into columns (core/lots.py): values, checks, errors, the cache."""

from __future__ import annotations

import dataclasses
import gzip
import math

import numpy as np
import pytest
from lots_fixtures import HEADER, bulk_rows, csv_bytes, known_rows, write_lots

from npl_tui.core import lots as lots_module
from npl_tui.core.lots import LotsCache, read_lots, scan_lots
from npl_tui.core.snapshot import DataError, TableEntry


def test_known_rows_read_into_columns(tmp_path):
    entry = write_lots(tmp_path, known_rows())
    seen = []
    lots = read_lots(tmp_path / entry.file, entry, progress=lambda read, total, part: seen.append((read, total, part.n)))
    assert lots.n == 5
    assert [lots.text("id", i) for i in range(5)] == ["L1", "L2", "L3", "L4", "L5"]
    assert [lots.value("province_code", i) for i in range(5)] == ["330000", "330000", "330000", "440000", "410000"]
    assert [lots.value("status", i) for i in range(5)] == ["sold", "unsold", "sold", "sold", "withdrawn"]
    assert lots.number("deal_price_wan", 0) == 75.0 and lots.number("deal_price_wan", 1) is None
    assert lots.value("end_date", 4) == ""  # an empty date stays empty
    row = lots.row(3)
    assert row["city"] == "Shenzhen" and row["city_zh"] == "深圳市" and row["round"] == "sell_off" and row["appraisal_wan"] == 300.0
    assert seen[-1] == (5, 5, 5)


def test_gzip_file_reads_the_same(tmp_path):
    plain = read_lots(tmp_path / write_lots(tmp_path, known_rows()).file, write_lots(tmp_path, known_rows()))
    entry = write_lots(tmp_path, known_rows(), gz=True)
    packed = read_lots(tmp_path / entry.file, entry)
    assert [packed.row(i) for i in range(5)] == [plain.row(i) for i in range(5)]


def test_province_names_become_one_code(tmp_path):
    rows = known_rows()
    rows[0]["province_code"] = "浙江省"
    rows[1]["province_code"] = "Zhejiang"
    entry = write_lots(tmp_path, rows)
    lots = read_lots(tmp_path / entry.file, entry)
    assert lots.value("province_code", 0) == lots.value("province_code", 1) == "330000"
    assert len(set(lots.values["province_code"])) == 4  # "", Zhejiang, Guangdong, Henan


def test_control_characters_are_stripped_from_names(tmp_path):
    rows = known_rows()
    rows[0]["seller"] = "Court\x1b[31m red\x07"
    entry = write_lots(tmp_path, rows)
    lots = read_lots(tmp_path / entry.file, entry)
    assert "\x1b" not in lots.value("seller", 0) and "\x07" not in lots.value("seller", 0)


def _error(tmp_path, rows=None, raw=None, entry_change=None) -> str:
    entry = write_lots(tmp_path, rows if rows is not None else known_rows(), raw=raw)
    if entry_change:
        entry = dataclasses.replace(entry, **entry_change)
    with pytest.raises(DataError) as caught:
        read_lots(tmp_path / entry.file, entry, where="feed/lots.csv")
    return str(caught.value)


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("status", "sould", "feed/lots.csv row 3 column status: 'sould' is not one of"),
        ("start_price_wan", "12x", "feed/lots.csv row 3 column start_price_wan: '12x' is not a number"),
        ("start_price_wan", "", "feed/lots.csv row 3 column start_price_wan: is empty but required"),
        ("start_price_wan", "-5", "feed/lots.csv row 3 column start_price_wan: -5 is outside"),
        ("start_date", "2025-02-30", "feed/lots.csv row 3 column start_date: '2025-02-30' is not a real calendar date"),
        ("province_code", "Atlantis", "feed/lots.csv row 3 column province_code: 'Atlantis' is not one of the 31 provinces"),
        ("city_code", "440300", "feed/lots.csv row 3 column city_code: city 440300 is not in province 330000"),
        ("deal_price_wan", "", "feed/lots.csv row 3 column deal_price_wan: is empty but the lot is sold"),
        ("seller", "", "feed/lots.csv row 3 column seller: is empty but required"),
    ],
)
def test_a_bad_cell_is_named_by_row_and_column(tmp_path, column, value, expected):
    rows = known_rows()
    rows[2][column] = value
    assert _error(tmp_path, rows).startswith(expected)


def test_a_price_on_an_unsold_lot_is_refused(tmp_path):
    rows = known_rows()
    rows[1]["deal_price_wan"] = "1"
    assert _error(tmp_path, rows) == "feed/lots.csv row 2 column deal_price_wan: is given but the lot is not sold"


def test_duplicate_ids_are_refused(tmp_path):
    rows = known_rows()
    rows[3]["id"] = "L2"
    assert _error(tmp_path, rows) == "feed/lots.csv row 4 column id: duplicate id 'L2' (first at row 2)"


def test_a_row_with_too_few_cells_is_located(tmp_path):
    raw = csv_bytes(bulk_rows(3000)).split(b"\n")
    raw[2001] = raw[2001].rsplit(b",", 1)[0]
    message = _error(tmp_path, bulk_rows(3000), raw=b"\n".join(raw))
    assert message == f"feed/lots.csv row 2001: has {len(HEADER) - 1} cells, the header has {len(HEADER)}"


def test_a_missing_column_and_an_html_page_are_refused(tmp_path):
    rows = known_rows()
    raw = csv_bytes(rows, [h for h in HEADER if h != "status"])
    assert "column status: required column is missing from the header" in _error(tmp_path, rows, raw=raw)
    assert "looks like an HTML page" in _error(tmp_path, rows, raw=b"<!doctype html><html>gone</html>\n")


def test_file_must_match_its_manifest_entry(tmp_path):
    assert "SHA-256" in _error(tmp_path, entry_change={"sha256": "0" * 64})
    assert _error(tmp_path, entry_change={"bytes": 10}).endswith(", the manifest says 10")
    assert _error(tmp_path, entry_change={"rows": 4}) == "feed/lots.csv row 5: has more rows than the manifest's 4"
    assert _error(tmp_path, entry_change={"rows": 6}) == "feed/lots.csv: has 5 rows, the manifest says 6"


def test_missing_file(tmp_path):
    entry = TableEntry("lots.csv", 1, "0" * 64, 1)
    with pytest.raises(DataError, match="is listed in the manifest but missing"):
        read_lots(tmp_path / "lots.csv", entry)


def test_a_bad_row_deep_in_a_big_file_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(lots_module, "BLOCK_BYTES", 64 * 1024)  # many blocks: the row number crosses them
    rows = bulk_rows(20_000)
    rows[17_345]["round"] = "third"
    assert _error(tmp_path, rows).startswith("feed/lots.csv row 17346 column round: 'third' is not one of")


def test_cache_maps_the_columns_back(tmp_path):
    entry = write_lots(tmp_path, bulk_rows(2000))
    cache = LotsCache(tmp_path / "cache")
    first = read_lots(tmp_path / entry.file, entry, cache=cache)
    calls = []
    monkey_parse = lots_module._parse
    try:
        lots_module._parse = lambda *a, **k: calls.append(1)  # type: ignore[assignment]
        again = read_lots(tmp_path / entry.file, entry, cache=cache, synthetic=True)
    finally:
        lots_module._parse = monkey_parse
    assert calls == []  # not parsed again
    assert isinstance(again.codes["status"], np.memmap)
    assert again.synthetic and again.n == 2000
    assert [again.row(i) for i in (0, 999, 1999)] == [first.row(i) for i in (0, 999, 1999)]


def test_cache_is_not_trusted_for_other_bytes(tmp_path):
    rows = bulk_rows(500)
    entry = write_lots(tmp_path, rows)
    cache = LotsCache(tmp_path / "cache")
    read_lots(tmp_path / entry.file, entry, cache=cache)
    # same size, other bytes: the file's identity changed, so it is hashed again
    raw = (tmp_path / entry.file).read_bytes().replace(b"Hangzhou", b"Hangzhuo", 1)
    (tmp_path / entry.file).write_bytes(raw)
    with pytest.raises(DataError, match="SHA-256"):
        read_lots(tmp_path / entry.file, entry, cache=cache)


def test_a_corrupt_cache_is_ignored(tmp_path):
    entry = write_lots(tmp_path, bulk_rows(300))
    cache = LotsCache(tmp_path / "cache")
    read_lots(tmp_path / entry.file, entry, cache=cache)
    for npy in (tmp_path / "cache").glob("lots-*/status.npy"):
        npy.write_bytes(b"garbage")
    lots = read_lots(tmp_path / entry.file, entry, cache=cache)
    assert lots.n == 300 and lots.value("status", 0) in ("sold", "unsold")


def test_scan_gives_the_manifest_entry(tmp_path):
    entry = write_lots(tmp_path, bulk_rows(1234), gz=True)
    scanned = scan_lots(tmp_path / entry.file)
    assert scanned == entry
    assert gzip.decompress((tmp_path / entry.file).read_bytes()).count(b"\n") == 1235


def test_partial_lots_while_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(lots_module, "CHUNK_BYTES", 32 * 1024)
    entry = write_lots(tmp_path, bulk_rows(5000))
    parts = []
    read_lots(tmp_path / entry.file, entry, progress=lambda read, total, part: parts.append((read, total, part)))
    assert len(parts) > 3 and [p[0] for p in parts] == sorted(p[0] for p in parts) and parts[-1][0] == 5000
    read, _total, part = parts[1]
    assert part.n == read and not math.isnan(part.numbers["start_price_wan"][read - 1])


# ---------------------------------------------------------------- read in pieces


@pytest.fixture
def split(monkeypatch):
    """Files read in many small pieces (as a big one is in 32 MiB ones)."""
    monkeypatch.setattr(lots_module, "CHUNK_BYTES", 64 * 1024)
    monkeypatch.setattr(lots_module, "BLOCK_BYTES", 16 * 1024)


def test_pieces_read_what_one_reader_reads(tmp_path, split):
    rows = bulk_rows(8000)
    entry = write_lots(tmp_path, rows)
    halves = read_lots(tmp_path / entry.file, entry)
    packed = write_lots(tmp_path, rows, gz=True)  # a compressed file: one streaming reader
    whole = read_lots(tmp_path / packed.file, packed)
    assert halves.n == whole.n == 8000
    for i in (0, 3999, 4000, 4001, 7999):
        assert halves.row(i) == whole.row(i) == {**whole.row(i), "id": rows[i]["id"]}


@pytest.mark.parametrize("bad", [100, 3000, 6500, 7999])
def test_a_bad_cell_in_either_half_is_named_by_its_row(tmp_path, split, bad):
    rows = bulk_rows(8000)
    rows[bad]["asset_type"] = "spaceship"
    assert _error(tmp_path, rows).startswith(f"feed/lots.csv row {bad + 1} column asset_type: 'spaceship' is not one of")


def test_a_short_row_in_the_second_half_is_located(tmp_path, split):
    raw = csv_bytes(bulk_rows(8000)).split(b"\n")
    raw[7001] = raw[7001].rsplit(b",", 1)[0]
    assert _error(tmp_path, bulk_rows(8000), raw=b"\n".join(raw)) == (
        f"feed/lots.csv row 7001: has {len(HEADER) - 1} cells, the header has {len(HEADER)}"
    )


def test_a_quoted_line_break_never_ends_a_piece(tmp_path, split):
    rows = bulk_rows(4000)
    for i in range(0, 4000, 3):  # line breaks inside quoted cells, some across the ends of pieces
        rows[i]["seller"] = f"Court {i}\nsecond line"
    entry = write_lots(tmp_path, rows)
    lots = read_lots(tmp_path / entry.file, entry)
    assert lots.n == 4000
    assert lots.value("seller", 1998) == "Court 1998 second line"  # (a line break in a name is cleaned to a space)
    assert lots.value("seller", 1999) != "Court 1999 second line"
    assert lots.text("id", 3999) == rows[3999]["id"]


def test_a_record_longer_than_a_piece(tmp_path, split, monkeypatch):
    monkeypatch.setattr(lots_module, "CHUNK_BYTES", 256)
    rows = bulk_rows(300)
    rows[100]["seller"] = "A very long court name " * 40  # longer than a piece
    entry = write_lots(tmp_path, rows)
    lots = read_lots(tmp_path / entry.file, entry)
    assert lots.n == 300 and lots.value("seller", 100).startswith("A very long court name A very")
    assert [lots.text("id", i) for i in (99, 100, 101, 299)] == [rows[i]["id"] for i in (99, 100, 101, 299)]
