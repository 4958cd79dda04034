"""province_view: what the province screen shows, derived from a snapshot (no Textual)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from drill_fixtures import INJECTION, fixture_snapshot

from npl_tui.core.province_view import (
    ascii_label,
    metric_kind,
    province_view,
    provinces_with_data,
)
from npl_tui.core.vocab import metric_label


@pytest.fixture(scope="module")
def fixture():
    return fixture_snapshot()


# --------------------------------------------------------------------------- shipped data


def test_guangdong_shipped_figures(shipped_snapshot):
    view = province_view(shipped_snapshot, "440000")
    assert view.has_data
    by = {(f.year, f.metric): f for f in view.figures}
    bid = by[(2025, "npl_bid_volume_yi")]
    assert bid.value == pytest.approx(5781.0) and bid.rank == 1
    assert by[(2025, "online_npl_auction_deals")].value == 3152
    assert by[(2025, "judicial_auctions")].value == 116097
    assert by[(2025, "judicial_auctions_yoy_pct")].value == pytest.approx(-5.81)
    # every figure keeps where it came from
    assert all(f.source for f in view.figures)
    # grouped by year (newest first), then by metric order within a year
    years = [f.year for f in view.figures]
    assert years == sorted(years, reverse=True)


def test_guangdong_shipped_cities_keep_bounds(shipped_snapshot):
    view = province_view(shipped_snapshot, "440000")
    names = {c.name_en for c in view.cities}
    assert {"Guangzhou", "Shenzhen", "Jieyang", "Heyuan"} <= names
    assert len([c for c in view.cities if c.figures]) == 21
    guangzhou = next(c for c in view.cities if c.name_en == "Guangzhou")
    assert guangzhou.name("zh") == "广州"
    yoy = guangzhou.figure(2025, "judicial_auctions_yoy_pct")
    # "one of 12 cities with a decline": an upper bound of 0, never a level of 0
    assert yoy is not None and yoy.qualifier == "<" and yoy.is_bound and yoy.value == 0
    heyuan = next(c for c in view.cities if c.name_en == "Heyuan")
    assert heyuan.figure(2025, "judicial_auctions_yoy_pct").qualifier == ">"
    assert (2025, "judicial_auctions_yoy_pct") in view.city_columns


def test_zhejiang_shipped(shipped_snapshot):
    view = province_view(shipped_snapshot, "330000")
    by = {(f.year, f.metric): f for f in view.figures}
    assert by[(2025, "judicial_auctions")].value == 66333
    assert by[(2025, "npl_deal_volume_yi")].rank == 2
    assert 2018 in view.years  # the provincial NPL ratio series
    assert "excluding Ningbo" in by[(2018, "npl_ratio_pct")].note
    hangzhou = next(c for c in view.cities if c.name_en == "Hangzhou")
    fig = hangzhou.figure(2025, "judicial_auctions_yoy_pct")
    assert (fig.qualifier, fig.value, fig.derived) == (">", pytest.approx(66.95), True)
    assert len([c for c in view.cities if c.figures]) == 11
    # the NPL ratio against the national one is chartable (2018 in both series)
    assert any(c.key == "ratio:vs-national" for c in view.charts)


def test_henan_shipped_announcements_newest_first(shipped_snapshot):
    view = province_view(shipped_snapshot, "410000")
    assert view.announcements
    dates = [r["date"] for r in view.announcements]
    assert dates == sorted(dates, reverse=True)
    assert any(r["kind"] == "amc_deal" for r in view.announcements)


def test_tibet_has_nothing(shipped_snapshot):
    view = province_view(shipped_snapshot, "540000")
    assert not view.has_data
    assert view.figures == () and view.cities == () and view.announcements == () and view.charts == ()
    assert view.name("en") == "Tibet" and view.name("zh") == "西藏"
    assert "540000" not in provinces_with_data(shipped_snapshot)
    assert {"440000", "330000", "410000"} <= provinces_with_data(shipped_snapshot)


def test_no_province_discounts_in_shipped(shipped_snapshot):
    # the shipped discount series are national; a province view must not borrow them
    for code in ("440000", "330000"):
        assert province_view(shipped_snapshot, code).discounts == ()


# --------------------------------------------------------------------------- fixture


def test_fixture_bounds_derived_and_ranks(fixture):
    view = province_view(fixture, "330000")
    by = {(f.year, f.metric): f for f in view.figures}
    ratio = by[(2025, "npl_ratio_pct")]
    assert (ratio.value, ratio.qualifier, ratio.is_bound) == (0.9, "<", True)
    assert by[(2024, "npl_deal_volume_yi")].qualifier == "~"
    assert not by[(2024, "npl_deal_volume_yi")].is_bound  # approximate is not a bound
    assert by[(2024, "judicial_auctions")].derived
    assert by[(2025, "online_npl_auction_deals")].rank == 5
    assert view.years == (2025, 2024)


def test_fixture_cities_and_announcement_narrowing(fixture):
    view = province_view(fixture, "330000")
    keys = [c.key for c in view.cities]
    # cities with figures first (alphabetical), then cities known only from announcements
    assert keys[:3] == ["hangzhou", "jinhua", "taizhou"]
    assert "ningbo" in keys and view.city("ningbo").figures == ()
    hangzhou = view.city("hangzhou")
    assert hangzhou.announcements == 1
    assert [r["id"] for r in view.announcements_in(hangzhou)] == ["zj-a1"]
    assert view.announcements_in("jinhua") == ()
    assert [r["id"] for r in view.announcements] == ["zj-a2", "zj-evil", "zj-a1", "zj-a3"]


def test_fixture_discounts_and_charts(fixture):
    view = province_view(fixture, "330000")
    assert [r["id"] for r in view.discounts] == ["dr-1", "dr-2"]  # national dr-3 excluded
    keys = [c.key for c in view.charts]
    assert keys[0] == "city:2025:judicial_auctions"
    city_chart = view.charts[0]
    assert city_chart.labels == ("Hangzhou", "Jinhua", "Taizhou (>)")  # bound labelled
    assert city_chart.has_bounds
    ratio = next(c for c in view.charts if c.key == "ratio:vs-national")
    assert ratio.labels == ("2024", "2025")
    assert ratio.series[1].values == (1.50, 1.50)  # national: latest quarter of each year
    assert "announcements:principal-by-month" in keys


def test_fixture_hostile_text_is_data_not_markup(fixture):
    view = province_view(fixture, "330000")
    evil = next(r for r in view.announcements if r["id"] == "zj-evil")
    assert "\x1b" not in evil["seller"] and "[bold red]" in evil["seller"]
    assert INJECTION.split("]")[0] in evil["title"]
    label = ascii_label("杭州 [b]x[/b]\x1b[31m")
    assert label.isascii() and "\x1b" not in label


def test_guangdong_in_fixture_has_no_chart_from_bounds_only(fixture):
    view = province_view(fixture, "440000")
    # its city figures are all bounds of 0: nothing meaningful to plot by city
    assert not any(c.key.startswith("city:") for c in view.charts)


def test_empty_snapshot_and_unknown_code():
    assert not province_view(None, "330000").has_data
    view = province_view(fixture_snapshot(), "999999")
    assert view.province is None and not view.has_data and view.name() == "999999"


def test_metric_helpers():
    assert metric_kind("npl_bid_volume_yi") == "amount"
    assert metric_kind("judicial_auctions_yoy_pct") == "pct"
    assert metric_kind("npl_ratio_change_pp") == "pp"
    assert metric_kind("judicial_auctions") == "count"
    assert metric_label("npl_ratio_pct", "zh") == "不良贷款率"
    assert metric_label("unknown_metric") == "unknown_metric"


def test_core_imports_no_textual():
    code = "import sys, npl_tui.core.province_view; print(any(m.startswith('textual') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


# --------------------------------------------------------------------------- format 1.2


def test_national_totals_are_context_never_a_province():
    from drill_fixtures import national_rows, snapshot_from_rows

    from npl_tui.core.province_view import provinces_with_data

    snap = snapshot_from_rows(national_rows())
    assert "100000" not in provinces_with_data(snap)
    view = province_view(snap, "330000")
    fig = next(f for f in view.figures if (f.year, f.metric) == (2025, "judicial_first_auctions"))
    assert view.national_of(fig).value == 564180
    pct, qualifier = view.share(fig)
    assert round(pct, 2) == round(34849 / 564180 * 100, 2) and qualifier == ""
    deal = next(f for f in view.figures if (f.year, f.metric) == (2025, "npl_deal_volume_yi"))
    assert view.share(deal)[1] == "~"  # of an approximate national figure
    yoy = next(f for f in view.figures if (f.year, f.metric) == (2025, "judicial_auctions_yoy_pct"))
    assert view.national_of(yoy).value == -3.04 and view.share(yoy) is None  # a change has no share


def test_principal_chart_adds_up_principal_only():
    from drill_fixtures import national_rows, snapshot_from_rows

    view = province_view(snapshot_from_rows(national_rows()), "330000")
    chart = next(c for c in view.charts if c.key == "announcements:principal-by-month")
    by_month = dict(zip(chart.labels, chart.series[0].values))
    # 2025-09: Ping An's 2.1亿 principal; Zheshang's 12.5亿 claim is not principal
    assert by_month["2025-09"] == 2.1
    assert "2024-11" not in by_month  # the Taizhou starting price is not principal either
    assert "principal only" in chart.note
