"""Derived dashboard figures: pure functions on the fixture snapshot."""

from __future__ import annotations

import pytest
from ui_fixtures import (
    MONTH_ANNOUNCEMENT,
    NATIONAL_PROVINCES,
    NEW_ANNOUNCEMENT,
    SUSPECT_DISCOUNTS,
    fixture_snapshot,
)

from npl_tui.core import views
from npl_tui.core.views import (
    amount_of,
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
    from types import MappingProxyType

    from npl_tui.core.snapshot import Snapshot, Table

    rows = tuple(r for r in snap.ratios.rows if r["period"] != "2025Q3")
    tables = dict(snap.tables, ratios=Table(snap.ratios.spec, rows))
    gappy = Snapshot(snap.manifest, MappingProxyType(tables), snap.origin)
    s = ratio_summary(gappy)
    assert s.ratio.period == "2025Q4" and s.change_pp is None
    assert s.by_type == () and s.by_type_period is None


def test_principal_is_principal_and_other_amounts_say_what_they_are(snap):
    rows = {r["id"]: r for r in snap.announcements.rows}
    assert principal_of(rows["A002"]) == 202.74
    assert amount_of(rows["A002"]) == (202.74, "principal")
    # a claim size or a deal price is never passed off as principal
    assert principal_of(rows["A004"]) is None and amount_of(rows["A004"]) == (52, "claim")
    assert principal_of(rows["A006"]) is None and amount_of(rows["A006"]) == (0.12, "deal_price")
    assert amount_of({"amount_yi": 3.0, "amount_kind": "principal"}) == (3.0, "principal")
    assert principal_of({"amount_yi": 3.0, "amount_kind": "principal"}) == 3.0
    assert amount_of({"amount_yi": 3.0}) == (3.0, "")  # a 1.1 feed: kind not stated
    assert amount_of({}) == (None, "")


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


def test_sort_by_principal_ranks_like_with_like():
    """Principals first (in the chosen direction), then each other kind of amount as its
    own group, then rows with none: a 52亿 claim never ranks among principals."""
    unstated = dict(NEW_ANNOUNCEMENT, id="A101", principal_yi="", amount_yi="900")  # kind not stated
    big_price = dict(NEW_ANNOUNCEMENT, id="A102", principal_yi="", amount_yi="1000", amount_kind="deal_price")
    nothing = dict(NEW_ANNOUNCEMENT, id="A103", principal_yi="")
    rows = fixture_snapshot(extra_announcements=[MONTH_ANNOUNCEMENT, unstated, big_price, nothing]).announcements.rows
    principals = ["A003", "A002", "A001", "A005", "A007"]  # 499.37, 202.74, 1.9, 0.4496, 0.05
    assert ids(sort_announcements(rows, "principal")) == [*principals, "A004", "A200", "A102", "A006", "A101", "A103"]
    assert ids(sort_announcements(rows, "principal", descending=False)) == [
        *reversed(principals), "A200", "A004", "A006", "A102", "A101", "A103"
    ]


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


def test_ratio_change_across_a_basis_break_is_not_a_move():
    # The latest quarter starts a new basis: no change on the quarter, nor on the year.
    s = ratio_summary(fixture_snapshot(breaks=("2025Q4",)))
    assert s.ratio.period == "2025Q4" and s.change_break and s.change_pp is None
    assert s.previous is not None and s.previous.period == "2025Q3"  # still cited
    assert s.yoy_break and s.yoy_pp is None
    # A break inside the history: the changes now are fine, the history is cut there.
    s = ratio_summary(fixture_snapshot(breaks=("2019Q1",)))
    assert not s.change_break and s.change_pp == pytest.approx(-0.02)
    assert not s.yoy_break and s.yoy_pp == pytest.approx(0.0)
    assert s.breaks == ("2019Q1",)
    # A break within the last year parts the year-on-year change only.
    s = ratio_summary(fixture_snapshot(breaks=("2025Q2",)))
    assert s.change_pp == pytest.approx(-0.02) and s.yoy_break and s.yoy_pp is None
    assert ratio_summary(fixture_snapshot()).breaks == ()


def test_national_totals_are_never_ranked_and_give_shares():
    snap = fixture_snapshot(provinces=NATIONAL_PROVINCES)
    r = province_ranking(snap, "judicial_first_auctions")
    assert r.year == 2025 and "100000" not in [e.code for e in r.entries]
    assert r.national is not None and r.national.value == 564180
    guangdong = next(e for e in r.entries if e.code == "440000")
    pct, qualifier = r.share(guangdong)
    assert pct == pytest.approx(51888 / 564180 * 100) and qualifier == ""
    assert r.share(r.entries[0])[1] == ">"  # Sichuan's lower bound bounds its share
    assert r.share(next(e for e in r.entries if e.code == "330000"))[1] == "~"
    assert province_ranking(snap, "judicial_first_auctions", year=2024).national.value == 600000
    # no national figure for this metric: no China line, no shares
    bid = province_ranking(snap, "npl_bid_volume_yi")
    assert bid.national is None and bid.share(bid.entries[0]) is None
    # the year is the provinces' latest, never a year only the nation has
    only_nation = fixture_snapshot(provinces=[(2026, "100000", "judicial_first_auctions", 1, "", None)])
    assert province_ranking(only_nation, "judicial_first_auctions").year == 2025


def test_share_of_keeps_bounds_as_bounds():
    from npl_tui.core.views import share_of

    assert share_of(10, "", 100, "") == (10.0, "")
    assert share_of(10, ">", 100, "") == (10.0, ">")
    assert share_of(10, "", 100, ">") == (10.0, "<")  # more nation: a smaller share
    assert share_of(10, ">=", 100, "<") == (10.0, ">")
    assert share_of(10, ">", 100, ">") is None  # pulled both ways: unknowable
    assert share_of(10, "~", 100, "") == (10.0, "~")
    assert share_of(10, "", 0, "") is None


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
    assert len(keys) == len({(s.series, s.basis, s.statistic, s.asset_type) for s in series})
    retail = series[0]
    assert [p.period for p in retail.points] == ["2022", "2024Q1", "2024Q3", "2025Q1"]
    assert (retail.last.value, retail.low, retail.high, retail.span) == (6.9, 6.9, 9.4, ("2022", "2025Q1"))
    one = next(s for s in series if s.series == "consumer_finance_package")
    assert len(one.points) == 1 and one.last.qualifier == "<"


def test_suspect_discount_figures_are_neither_plotted_nor_ranged():
    series = discount_series(fixture_snapshot(suspect=SUSPECT_DISCOUNTS))
    retail = series[0]
    assert (retail.series, retail.basis) == ("yindeng_retail", "principal")
    assert "2024Q4" not in [p.period for p in retail.points]
    assert [p.period for p in retail.omitted] == ["2024Q4"] and retail.omitted[0].value == 4.8
    assert (retail.low, retail.high) == (6.9, 9.4)  # the suspect 4.8 would have been the low
    both = series[1]
    assert both.basis == "principal_plus_interest" and both.high == 5.8  # not the suspect 7.3
    # A series made only of suspect figures is not drawn at all.
    alone = [("2025", "2025-12-31", "bulk_retail", "", "principal", "deal_average", 9.0, "")]
    assert all(s.series != "bulk_retail" for s in discount_series(fixture_snapshot(suspect=alone)))


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
    import datetime as dt

    from npl_tui.core.views import DiscountPoint, DiscountSeries
    from npl_tui.widgets.discount_pane import series_text

    point = DiscountPoint("2024Q1", dt.date(2024, 3, 31), 8.8, "", derived=True)
    text = series_text(DiscountSeries("yindeng_retail", "principal", "deal_average", "", "", (point,)))
    assert text.plain == "Yindeng retail · of P\n 8.80% d 2024Q1"
