"""Each number can show where it came from: the rows behind each dashboard pane."""

from __future__ import annotations

from npl_tui.core.provenance import (
    discount_provenance,
    ranking_provenance,
    ratio_provenance,
)
from npl_tui.core.provinces import BY_CODE

NAMES = {code: (p.name_en, p.short_zh) for code, p in BY_CODE.items()}


def head_source(snapshot) -> str:
    """The headline NPL ratio's source as the data has it."""
    return ratio_provenance(snapshot)[0].source


def test_ratio_pane_figures_carry_period_as_of_and_source(shipped_snapshot):
    items = ratio_provenance(shipped_snapshot)
    head = items[0]
    assert (head.label, head.value, head.period, str(head.as_of)) == ("NPL ratio · All commercial", 1.5, "2025Q4", "2025-12-31")
    assert head.source and head.citations
    assert items[1].period == "2025Q3" and items[1].value == 1.52  # the quarter the change is against
    by_type = [i for i in items if "Rural commercial" in i.label]
    assert by_type and by_type[0].period == "2025Q3"
    assert all(i.source for i in items)


def test_revised_figures_keep_their_first_published_value(shipped_snapshot):
    # Not on the headline today, but the mechanism must carry revisions when it is.
    from npl_tui.core.provenance import _item

    row = next(r for r in shipped_snapshot.ratios.rows if r["period"] == "2018Q4" and r["metric"] == "npl_ratio_pct" and r["bank_type"] == "all")
    item = _item("x", "x", row, "value", "npl_ratio_pct", "2018Q4")
    assert (item.value, item.first_published) == (row["value"], row["first_published"])
    assert item.first_published is not None and item.first_published != item.value and "r" in item.flags


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
    from textual.geometry import Region
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
        widget = app.screen.query_one("#sources-detail", Static)
        detail = "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, *widget.size)))
        assert "source" in detail and head_source(shipped_snapshot)[:20] in detail
        await pilot.press("escape", "2", "i")
        await pilot.pause()
        first = app.screen.query_one(DataTable).get_row_at(0)
        assert first[0].plain == "Guangdong" and first[1].plain == "5,781亿"
        await pilot.press("escape", "4", "i")
        await pilot.pause()
        assert isinstance(app.screen, AnnouncementScreen)


# --------------------------------------------------------------------------- format 1.2


def test_citations_are_read_part_by_part():
    from ui_fixtures import CITED_SOURCE

    from npl_tui.core.provenance import parse_citations

    first, second = parse_citations(CITED_SOURCE)
    assert first.publisher == "CCRE (银登中心)"
    assert first.title == "华夏银行信用卡中心2023年第2期个人不良贷款转让公告"
    assert first.date == "2023-03-20"
    assert first.url == "https://www.chinacrc.net.cn/upload/listing_huaxia_card_2023-2.pdf"
    assert first.sha256 == "3f" * 32
    assert first.text(short_sha=True).endswith("sha256:" + "3f" * 6 + "…")
    assert first.text().endswith("sha256:" + "3f" * 32)
    assert second.publisher == "Mistborntt/PDFtoExcel" and second.sha256 == "a1" * 32
    # older forms are kept whole, never lost
    assert [c.text() for c in parse_citations("seeds/002_6da8c15e371ae764.txt")] == ["seeds/002_6da8c15e371ae764.txt"]
    assert [c.url for c in parse_citations("https://example.org/a.pdf")] == ["https://example.org/a.pdf"]
    assert len(parse_citations("a report ; https://example.org/b")) == 2
    assert parse_citations("") == []
    # a ";" or "·" inside a part (no spaces around it) does not split
    assert [c.title for c in parse_citations("P · 损失 57;可疑 15 · 中国·浙江 · 2024")] == ["损失 57;可疑 15 · 中国·浙江"]


def test_suspect_discount_figures_stay_in_the_sources_flagged():
    from ui_fixtures import SUSPECT_DISCOUNTS, fixture_snapshot

    items = discount_provenance(fixture_snapshot(suspect=SUSPECT_DISCOUNTS), {})
    suspect = [i for i in items if i.suspect]
    assert [(i.period, i.value) for i in suspect] == [("2024Q4", 4.8), ("2024Q4", 7.3)]
    assert all("suspect, not plotted" in i.label and "存疑" in i.label_zh and "s" in i.flags for i in suspect)
    # each right behind the latest point of its own series
    labels = [i.label for i in items]
    assert labels[1] == labels[0] + " · suspect, not plotted"


def test_basis_break_is_flagged_in_the_ratio_sources():
    from ui_fixtures import fixture_snapshot

    items = ratio_provenance(fixture_snapshot(breaks=("2019Q1",)))
    broken = [i for i in items if i.basis_break]
    assert [(i.period, i.flags) for i in broken] == [("2019Q1", "b")]
    head = ratio_provenance(fixture_snapshot(breaks=("2025Q4",)))[0]
    assert head.period == "2025Q4" and head.basis_break


def test_national_figures_head_the_ranking_sources_and_have_their_own_list():
    from ui_fixtures import NATIONAL_PROVINCES, fixture_snapshot

    from npl_tui.core.provenance import national_provenance

    snap = fixture_snapshot(provinces=NATIONAL_PROVINCES)
    items = ranking_provenance(snap, "judicial_first_auctions", NAMES)
    assert (items[0].label, items[0].label_zh, items[0].value) == ("China", "全国", 564180)
    assert [i.label for i in items[1:]] == ["Sichuan", "Guangdong", "Shandong", "Zhejiang"]
    national = national_provenance(snap)
    assert [(i.period, i.metric) for i in national] == [
        ("2025", "judicial_auctions"), ("2025", "judicial_first_auctions"), ("2024", "judicial_first_auctions"),
    ]
