"""Derived dashboard figures: pure functions on the fixture snapshot."""

from __future__ import annotations

import pytest

from npl_tui.core import views
from npl_tui.core.views import (
    discount_series,
    filter_announcements,
    matches_query,
    new_announcement_ids,
    previous_quarter,
    principal_of,
    province_ranking,
    ratio_summary,
    sort_announcements,
)
from ui_fixtures import NEW_ANNOUNCEMENT, fixture_snapshot


@pytest.fixture(scope="module")
def snap():
    return fixture_snapshot()


def ids(rows):
    return [r["id"] for r in rows]


def test_previous_quarter():
    assert previous_quarter("2025Q1") == "2024Q4"
    assert previous_quarter("2025Q4") == "2025Q3"
    assert previous_quarter("2025") is None
    assert previous_quarter("2025-03") is None


def test_ratio_summary_headline_change_and_context(snap):
    s = ratio_summary(snap)
    assert (s.ratio.value, s.ratio.period) == (1.50, "2025Q4")
    assert s.change_pp == pytest.approx(-0.02)
    assert s.previous.period == "2025Q3"
    assert (s.year_ago.period, s.year_ago.value) == ("2024Q4", 1.50)
    assert (s.balance.value, s.balance.period) == (35000, "2025Q4")
    assert (s.coverage.value, s.coverage.period) == (205.21, "2025Q4")
    assert s.history[0].period == "2015Q1" and s.history[-1].period == "2025Q4"
    assert len(s.history) == 44
    # by bank type: the latest quarter that has any, which is older than the headline
    assert s.by_type_period == "2025Q3"
    assert [bt for bt, _ in s.by_type] == ["large_state", "joint_stock", "city", "rural", "private", "foreign"]


def test_ratio_summary_marks_derived(snap):
    history = {f.period: f for f in ratio_summary(snap).history}
    assert history["2020Q2"].derived is True
    assert history["2020Q3"].derived is False


def test_change_is_none_when_previous_quarter_missing(snap):
    from npl_tui.core.snapshot import Snapshot, Table
    from types import MappingProxyType

    rows = tuple(r for r in snap.ratios.rows if r["period"] != "2025Q3")
    tables = dict(snap.tables, ratios=Table(snap.ratios.spec, rows))
    gappy = Snapshot(snap.manifest, MappingProxyType(tables), snap.origin)
    s = ratio_summary(gappy)
    assert s.ratio.period == "2025Q4" and s.change_pp is None
    assert s.by_type == () and s.by_type_period is None


def test_principal_falls_back_to_amount(snap):
    rows = {r["id"]: r for r in snap.announcements.rows}
    assert principal_of(rows["A002"]) == 202.74
    assert principal_of(rows["A004"]) == 52  # amount_yi only


def test_sort_announcements_directions_and_missing_last(snap):
    rows = snap.announcements.rows
    assert ids(sort_announcements(rows, "date")) == ["A001", "A002", "A003", "A004", "A005", "A006", "A007"]
    assert ids(sort_announcements(rows, "date", descending=False))[0] == "A007"
    assert ids(sort_announcements(rows, "overdue"))[:2] == ["A005", "A001"]
    assert ids(sort_announcements(rows, "overdue", descending=False))[:2] == ["A001", "A005"]
    # rows without overdue days come after, newest first, in either direction
    assert ids(sort_announcements(rows, "overdue", descending=False))[2:] == ["A002", "A003", "A004", "A006", "A007"]
    with pytest.raises(KeyError):
        sort_announcements(rows, "nonsense")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("bohai", ["A002", "A003"]),
        ("渤海", ["A002", "A003"]),
        ("BOHAI cinda", ["A003"]),
        ("天津津融", ["A002"]),
        ("guangdong", ["A001"]),
        ("广东", ["A001"]),
        ("credit card", ["A005"]),
        ("茅台", ["A006"]),
        ("[bold", ["A007"]),
        ("", ["A001", "A002", "A003", "A004", "A005", "A006", "A007"]),
        ("no such thing", []),
    ],
)
def test_filter_matches_english_chinese_province_and_asset(snap, query, expected):
    assert ids(filter_announcements(snap.announcements.rows, query)) == expected


def test_matches_query_is_all_terms():
    row = {"seller": "Ping An Bank", "title": "x", "province_code": "440000", "asset_type": "retail_consumer"}
    assert matches_query(row, "ping guangdong")
    assert not matches_query(row, "ping shanghai")


def test_new_announcement_ids(snap):
    later = fixture_snapshot(extra_announcements=[NEW_ANNOUNCEMENT])
    assert new_announcement_ids(None, later) == set()
    assert new_announcement_ids(snap, later) == {"A100"}
    assert new_announcement_ids(later, snap) == set()


def test_province_ranking_latest_year_order_and_bounds(snap):
    r = province_ranking(snap, "judicial_first_auctions")
    assert r.year == 2025
    assert [e.code for e in r.entries] == ["510000", "440000", "370000", "330000"]
    assert r.entries[0].qualifier == ">"  # a lower bound sorts above the equal exact value
    assert r.scale == 51888
    assert province_ranking(snap, "judicial_first_auctions", year=2024).entries[0].value == 62450
    assert province_ranking(snap, "online_npl_auction_deals").year == 2024
    empty = province_ranking(snap, "npl_ratio_pct")
    assert empty.year is None and empty.entries == ()


def test_metric_cycle_names_real_metrics():
    from npl_tui.core.schema import PROVINCE_METRICS

    assert set(views.PROVINCE_METRIC_CYCLE) <= set(PROVINCE_METRICS)
    assert len(views.PROVINCE_METRIC_CYCLE) == 4


def test_discount_series_never_mix_bases_and_keep_priority(snap):
    series = discount_series(snap)
    keys = [(s.series, s.basis) for s in series]
    assert keys[0] == ("yindeng_retail", "principal")
    assert keys[1] == ("yindeng_retail", "principal_plus_interest")
    assert len(keys) == len(set((s.series, s.basis, s.statistic, s.asset_type) for s in series))
    retail = series[0]
    assert [p.period for p in retail.points] == ["2022", "2024Q1", "2024Q3", "2025Q1"]
    assert (retail.last.value, retail.low, retail.high, retail.span) == (6.9, 6.9, 9.4, ("2022", "2025Q1"))
    one = next(s for s in series if s.series == "consumer_finance_package")
    assert len(one.points) == 1 and one.last.qualifier == "<"


def test_views_work_on_the_shipped_snapshot(shipped_dir):
    if not (shipped_dir / "manifest.json").is_file():
        pytest.skip("shipped data not built yet")
    from npl_tui.core.snapshot import read_snapshot_dir

    snap = read_snapshot_dir(shipped_dir)
    s = ratio_summary(snap)
    assert s.ratio is not None and s.ratio.period >= "2025Q4"
    for metric in views.PROVINCE_METRIC_CYCLE:
        assert province_ranking(snap, metric).entries, metric
    assert discount_series(snap)


def test_discount_points_keep_derived_flag():
    from npl_tui.core.views import DiscountPoint, DiscountSeries
    from npl_tui.widgets.discount_pane import series_text
    import datetime as dt

    point = DiscountPoint("2024Q1", dt.date(2024, 3, 31), 8.8, "", derived=True)
    text = series_text(DiscountSeries("yindeng_retail", "principal", "deal_average", "", "", (point,)))
    assert text.plain == "Yindeng retail · of P\n 8.80% d 2024Q1"
