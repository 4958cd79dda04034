"""Each number can show where it came from: the rows behind each dashboard pane."""

from __future__ import annotations

from npl_tui.core.provenance import discount_provenance, ranking_provenance, ratio_provenance
from npl_tui.core.provinces import BY_CODE

NAMES = {code: (p.name_en, p.short_zh) for code, p in BY_CODE.items()}


def test_ratio_pane_figures_carry_period_as_of_and_source(shipped_snapshot):
    items = ratio_provenance(shipped_snapshot)
    head = items[0]
    assert (head.label, head.value, head.period, str(head.as_of)) == ("NPL ratio · All commercial", 1.5, "2025Q4", "2025-12-31")
    assert "forexbnb" in head.source
    assert items[1].period == "2025Q3" and items[1].value == 1.52  # the quarter the change is against
    by_type = [i for i in items if "Rural commercial" in i.label]
    assert by_type and by_type[0].period == "2025Q3"
    assert all(i.source for i in items)


def test_revised_figures_keep_their_first_published_value(shipped_snapshot):
    # Not on the headline today, but the mechanism must carry revisions when it is.
    from npl_tui.core.provenance import _item

    row = next(r for r in shipped_snapshot.ratios.rows if r["period"] == "2018Q4" and r["metric"] == "npl_ratio_pct" and r["bank_type"] == "all")
    item = _item("x", "x", row, "value", "npl_ratio_pct", "2018Q4")
    assert (item.value, item.first_published) == (1.89, 1.83)


def test_ranking_provenance_keeps_bounds_and_derived(shipped_snapshot):
    items = ranking_provenance(shipped_snapshot, "judicial_first_auctions", NAMES)
    sichuan = next(i for i in items if i.label == "Sichuan")
    assert (sichuan.qualifier, sichuan.value, sichuan.derived) == (">", 51888.0, True)
    assert sichuan.note


def test_discount_provenance_has_one_item_per_series_with_basis(shipped_snapshot):
    items = discount_provenance(shipped_snapshot, {})
    bulk_retail = [i for i in items if i.label.startswith("bulk_retail")]
    assert bulk_retail and bulk_retail[0].qualifier == "<" and bulk_retail[0].value == 10
    assert any("of principal+interest" in i.label for i in items)
    assert len({i.label for i in items}) == len(items)


async def test_i_shows_where_each_pane_figure_comes_from(shipped_snapshot):
    from textual.widgets import DataTable, Static

    from npl_tui.app import NplApp
    from npl_tui.core.sources import StaticSource
    from npl_tui.screens.announcement import AnnouncementScreen
    from npl_tui.screens.sources import SourcesScreen

    app = NplApp(StaticSource(shipped_snapshot))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.press("1", "i")
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)
        table = app.screen.query_one(DataTable)
        assert table.get_row_at(0)[1].plain == "1.50%"
        assert "2025-12-31" in table.get_row_at(0)[3].plain
        detail = str(app.screen.query_one("#sources-detail", Static).render())
        assert "source: https://www.forexbnb.com" in detail
        await pilot.press("escape", "2", "i")
        await pilot.pause()
        first = app.screen.query_one(DataTable).get_row_at(0)
        assert first[0].plain == "Guangdong" and first[1].plain == "5,781亿"
        await pilot.press("escape", "4", "i")
        await pilot.pause()
        assert isinstance(app.screen, AnnouncementScreen)
