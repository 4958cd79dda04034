"""Export what is on screen: the given rows, in their order, formula-safe, with source and as-of."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from npl_tui.core import atomic
from npl_tui.core.export import export_rows

ROWS = [
    {"id": "b", "date": dt.date(2026, 11, 2), "seller": "=HYPERLINK(\"http://x\")", "principal_yi": 12.5, "loans": 3,
     "derived": True, "as_of": dt.date(2026, 11, 2), "source": "https://yindeng.example/b.pdf"},
    {"id": "a", "date": dt.date(2026, 11, 1), "seller": "中国信达资产管理股份有限公司", "principal_yi": None, "loans": None,
     "derived": False, "as_of": dt.date(2026, 11, 1), "source": "@SUM(A1)"},
]


def read(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel shows the Chinese names
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_rows_are_written_as_given_with_source_and_as_of(tmp_path):
    path = export_rows(ROWS, ["id", "date", "seller", "principal_yi", "loans", "derived"], tmp_path / "view.csv")
    assert path == tmp_path / "view.csv"
    assert read(path) == [
        ["id", "date", "seller", "principal_yi", "loans", "derived", "as_of", "source"],
        ["b", "2026-11-02", "'=HYPERLINK(\"http://x\")", "12.50", "3", "true", "2026-11-02", "https://yindeng.example/b.pdf"],
        ["a", "2026-11-01", "中国信达资产管理股份有限公司", "", "", "false", "2026-11-01", "'@SUM(A1)"],
    ]


def test_chosen_columns_keep_their_order_and_provenance_is_not_repeated(tmp_path):
    path = export_rows(ROWS, ["source", "id"], tmp_path / "v.csv")
    assert read(path)[0] == ["source", "id", "as_of"]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_every_formula_start_is_neutralised_but_numbers_stay_numbers(tmp_path, text):
    path = export_rows([{"note": text, "value": -1.5, "as_of": None, "source": "s"}], ["note", "value"], tmp_path / "f.csv")
    assert read(path)[1][:2] == ["'" + text, "-1.50"]


def test_a_directory_gets_a_new_file_each_time(tmp_path):
    moment = dt.datetime(2026, 11, 30, 9, 5, 0)
    first = export_rows(ROWS, ["id"], tmp_path, name="announcements", now=moment)
    second = export_rows(ROWS[:1], ["id"], tmp_path, name="announcements", now=moment)
    assert first.name == "npl-tui-announcements-20261130-090500.csv"
    assert second.name == "npl-tui-announcements-20261130-090500-2.csv"
    assert len(read(first)) == 3 and len(read(second)) == 2


def test_a_failed_export_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "view.csv"
    path.write_text("old", "utf-8")

    def full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(OSError):
        export_rows(ROWS, ["id"], path)
    assert path.read_text("utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["view.csv"]


@pytest.mark.parametrize("columns", [[], ["id", "id"]])
def test_columns_must_be_given_once_each(tmp_path, columns):
    with pytest.raises(ValueError, match="one or more columns"):
        export_rows(ROWS, columns, tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_the_shipped_announcements_round_trip(tmp_path, shipped_snapshot):
    from npl_tui.core.views import filter_announcements, sort_announcements

    rows = sort_announcements(filter_announcements(shipped_snapshot.announcements.rows, "guangdong"), "principal")
    columns = ["date", "seller", "province_code", "principal_yi", "title"]
    table = read(export_rows(rows, columns, tmp_path / "v.csv"))
    assert len(table) == len(rows) + 1 > 10
    assert [r[1] for r in table[1:]] == [r["seller"] if not r["seller"].startswith(("=", "+", "-", "@")) else "'" + r["seller"] for r in rows]
    assert all(line[-1] for line in table[1:])  # every row says its source
