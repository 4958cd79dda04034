"""Filter, sort and figures over the lots' columns (core/lot_views.py), checked against
the same questions asked of the rows one by one in plain Python."""

from __future__ import annotations

import random
import statistics

import numpy as np
import pytest
from lots_fixtures import bulk_rows, known_rows, write_lots

from npl_tui.core.lot_views import filter_lots, lot_figures, lot_mask, sort_lots
from npl_tui.core.lots import read_lots
from npl_tui.core.schema import NATIONAL_CODE


@pytest.fixture
def known(tmp_path):
    entry = write_lots(tmp_path, known_rows())
    return read_lots(tmp_path / entry.file, entry)


@pytest.fixture(scope="module")
def bulk(tmp_path_factory):
    rows = bulk_rows(6000, seed=11)
    rng = random.Random(3)
    for row in rows:  # some lots without an appraisal, some withdrawn, more months
        if rng.random() < 0.1:
            row["appraisal_wan"] = ""
        if rng.random() < 0.05 and row["status"] == "unsold":
            row["status"] = "withdrawn"
        month = rng.randrange(1, 13)
        row["as_of"] = f"202{rng.randrange(3, 6)}-{month:02d}-1{rng.randrange(0, 9)}"
    directory = tmp_path_factory.mktemp("bulk")
    entry = write_lots(directory, rows)
    return rows, read_lots(directory / entry.file, entry)


def ids(lots, rows) -> list[str]:
    return [lots.text("id", int(i)) for i in rows]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["L1", "L2", "L3", "L4", "L5"]),
        ("zhejiang", ["L1", "L2", "L3"]),
        ("浙江", ["L1", "L2", "L3"]),
        ("zj", ["L1", "L2", "L3"]),  # the alpha code
        ("ningbo", ["L3"]),
        ("深圳", ["L4"]),
        ("sold", ["L1", "L2", "L3", "L4"]),  # a word inside "unsold" too: words match inside names
        ("sell_off", ["L4"]),
        ("corporate", ["L3"]),
        (">100万", ["L2", "L4"]),  # the deal price when sold (L4 150), else the start price (L2 112)
        ("<10万", ["L5"]),
        ("<=0.004亿", ["L3", "L5"]),
        ("2025-02", ["L2", "L3"]),
        ("2024", ["L5"]),
        ("zhejiang 2025-02 >50万", ["L2"]),
        ("atlantis", []),
    ],
)
def test_filter(known, query, expected):
    assert ids(known, filter_lots(known, query)) == expected


def test_no_terms_is_no_mask(known):
    assert lot_mask(known, "   ") is None


def test_word_filter_matches_a_row_by_row_scan(bulk):
    rows, lots = bulk
    for word in ("hangzhou", "郑州", "court", "henan"):
        expected = [r["id"] for r in rows if any(word in r[c].casefold() for c in ("seller", "seller_zh", "city", "city_zh"))
                    or (word == "henan" and r["province_code"] == "410000")]
        assert ids(lots, filter_lots(lots, word)) == expected, word


def test_amount_filter_matches_a_row_by_row_scan(bulk):
    rows, lots = bulk
    def amount(r):
        return float(r["deal_price_wan"] or r["start_price_wan"]) / 1e4
    expected = [r["id"] for r in rows if 0.02 <= amount(r) <= 0.03]
    assert ids(lots, filter_lots(lots, "200万..300万")) == expected


@pytest.mark.parametrize("key", ["price", "appraisal", "deal", "date", "seller"])
@pytest.mark.parametrize("descending", [False, True])
def test_sort_is_stable_with_empty_last(bulk, key, descending):
    rows, lots = bulk
    column = {"price": "start_price_wan", "appraisal": "appraisal_wan", "deal": "deal_price_wan", "date": "as_of", "seller": "seller"}[key]
    numeric = column.endswith("_wan")

    def value(r):
        return float(r[column]) if numeric else r[column]

    filled = [r for r in rows if r[column]]
    expected = sorted(filled, key=value, reverse=descending)  # (Python's sort keeps ties in order, reversed or not)
    expected += [r for r in rows if not r[column]]
    got = ids(lots, sort_lots(lots, np.arange(lots.n), key, descending))
    assert got == [r["id"] for r in expected]


def test_figures_match_a_row_by_row_count(bulk):
    rows, lots = bulk
    figures = lot_figures(lots)
    for code in ("330000", "440000", "410000", NATIONAL_CODE):
        mine = [r for r in rows if code == NATIONAL_CODE or r["province_code"] == code]
        fig = figures[code]
        assert fig.lots == len(mine)
        assert fig.first_auctions == sum(r["round"] == "first" for r in mine)
        assert fig.sold == sum(r["status"] == "sold" for r in mine)
        assert fig.ended == sum(r["status"] in ("sold", "unsold") for r in mine)
        pct = [float(r["deal_price_wan"]) / float(r["appraisal_wan"]) * 100 for r in mine
               if r["status"] == "sold" and r["appraisal_wan"] and float(r["appraisal_wan"]) > 0]
        assert fig.priced == len(pct)
        assert fig.median_pct == pytest.approx(statistics.median(pct))
        assert fig.newest == max(r["as_of"] for r in mine)
        for group in fig.by_asset:
            values = [float(r["deal_price_wan"]) / float(r["appraisal_wan"]) * 100 for r in mine
                      if r["status"] == "sold" and r["appraisal_wan"] and r["asset_type"] == group.label]
            assert (group.n, group.median_pct) == (len(values), pytest.approx(statistics.median(values)))
        months = [g.label for g in fig.by_month]
        assert months == sorted(months)
        for group in fig.by_month:
            values = [float(r["deal_price_wan"]) / float(r["appraisal_wan"]) * 100 for r in mine
                      if r["status"] == "sold" and r["appraisal_wan"] and r["as_of"][:7] == group.label]
            assert (group.n, group.median_pct) == (len(values), pytest.approx(statistics.median(values)))


def test_figures_of_the_known_lots(known):
    fig = lot_figures(known)["330000"]
    assert (fig.lots, fig.first_auctions, fig.sold, fig.ended, fig.priced) == (3, 2, 2, 3, 2)
    assert fig.median_pct == pytest.approx(77.5)
    assert fig.newest == "2025-02-13"
    assert set(lot_figures(known)) == {"330000", "440000", "410000", NATIONAL_CODE}
