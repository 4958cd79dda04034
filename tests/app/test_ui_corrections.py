"""Format 1.2 on screen, driven through Pilot on fixture snapshots (never on data/).

Amounts say what they are, suspect figures are never plotted, a change across a basis
break is not a move, national totals are context and never a province, sources read as
citations, and a Yindeng announcement shows all that format 1.2 carries.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.geometry import Region
from textual.widgets import DataTable, Static
from ui_fixtures import (
    CITED_SOURCE,
    FROZEN_NOW,
    MONTH_ANNOUNCEMENT,
    NATIONAL_PROVINCES,
    SUSPECT_DISCOUNTS,
    YINDENG_ANNOUNCEMENT,
    fixture_snapshot,
)

from npl_tui.app import NplApp
from npl_tui.core.sources import StaticSource
from npl_tui.screens.announcement import AnnouncementScreen
from npl_tui.screens.dashboard import DashboardScreen
from npl_tui.screens.help import HelpScreen
from npl_tui.screens.province import ProvinceScreen
from npl_tui.screens.sources import SourcesScreen
from npl_tui.widgets.announcement_table import AnnouncementTable
from npl_tui.widgets.discount_pane import DiscountPane
from npl_tui.widgets.province_ranking import ProvinceRanking
from npl_tui.widgets.ratio_pane import BREAK_MARK, BrokenSparkline
from npl_tui.widgets.row_table import RowTable

BIG = (120, 40)
SMALL = (80, 24)
SIZES = [BIG, SMALL]


def make_app(snapshot=None, **kwargs: object) -> NplApp:
    snapshot = snapshot or fixture_snapshot([YINDENG_ANNOUNCEMENT, MONTH_ANNOUNCEMENT])
    return NplApp(StaticSource(snapshot), clock=lambda: FROZEN_NOW, **kwargs)  # type: ignore[arg-type]


async def settle(app: NplApp, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def shown(widget) -> str:
    """What a widget shows, line by line, as plain text."""
    width, height = widget.size
    return "\n".join(strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, width, height)))


def screen_text(app: NplApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip).rstrip() for strip in strips)


def plain(table: RowTable, row: str, column: str) -> str:
    return table.get_cell(row, column).plain.strip()


# --------------------------------------------------------------------------- 1. amounts


async def test_amounts_in_the_announcements_say_what_they_are():
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        assert plain(table, "A002", "principal") == "202.74亿"  # principal: as it is
        assert plain(table, "A004", "principal") == "52亿 P+I"  # a claim, marked
        assert plain(table, "A006", "principal") == "0.12亿 deal"  # a deal price, marked, in the column's one unit
        await pilot.press("l")
        assert plain(table, "A004", "principal") == "52亿 本息"
        await pilot.press("u")
        assert plain(table, "A004", "principal") == "RMB 5.2bn 本息"
        await pilot.press("u", "l")
        # p ranks principals only among principals; the claim follows them
        await pilot.press("p")
        ids = table.visible_ids
        assert ids.index("A004") > max(ids.index(i) for i in ("A001", "A002", "A003", "A005", "A007", "A300"))
        assert ids.index("A200") > ids.index("A004")  # claims: 52亿 then 17.2亿
        assert ids.index("A006") > ids.index("A200")  # then deal prices


@pytest.mark.parametrize("lang, mark", [("en", "C"), ("zh", "债")])
async def test_amount_marks_fit_80_columns(lang, mark):
    app = make_app(lang=lang)
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        assert table.layout_spec.narrow
        assert plain(table, "A004", "principal") == f"52亿 {mark}"
        assert plain(table, "A002", "principal") == "202.74亿"
        assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_detail_screen_names_the_amount_and_help_explains_the_marks():
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        table.move_cursor(row=table.visible_ids.index("A004"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AnnouncementScreen)
        fields = dict(app.screen.plain_fields)
        assert fields["Amount"] == "52亿 · Claim (principal + interest)"
        assert "Principal" not in fields
        await pilot.press("l")
        await settle(app, pilot)
        assert dict(app.screen.plain_fields)["金额"] == "52亿 · 债权本息"
        await pilot.press("l", "escape", "question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        notes = shown(app.screen.query_one("#help-notes", Static))
        assert "P+I (C) claim" in notes and "Sort by principal (p)" in notes and "never ranked among principals" in notes


async def test_province_screen_marks_amounts_too():
    app = make_app()
    async with app.run_test(size=BIG) as pilot:
        await settle(app, pilot)
        app.open_province("410000")  # Henan: a claim and a month-only claim
        await settle(app, pilot)
        await pilot.pause(0.1)
        screen = app.screen
        assert isinstance(screen, ProvinceScreen)
        table = screen.query_one("#announcements", RowTable)
        assert plain(table, "A004", "principal") == "52亿 P+I"
        assert "(amt)" not in screen_text(app)
        note = shown(screen.query_one("#note-announcements", Static))
        assert "Principal unless marked: P+I Claim (principal + interest)" in note
        assert "deal" not in note  # only the marks shown here


# --------------------------------------------------------------------------- 2. suspect figures


async def test_suspect_discounts_are_not_plotted_but_are_in_the_sources():
    app = make_app(fixture_snapshot(suspect=SUSPECT_DISCOUNTS))
    async with app.run_test(size=BIG) as pilot:
        await settle(app, pilot)
        body = shown(app.screen.query_one(DiscountPane).query_one("#discount-body", Static))
        # 2022 8.19, 2024Q1 8.8, 2024Q3 9.4, 2025Q1 6.9: the suspect 2024Q4 4.8 is not a point
        assert " ▅▆█▁ 6.90% 2025Q1  6.9–9.4%  1 suspect" in body
        assert "4.8" not in body and "7.3" not in body
        await pilot.press("3", "i")
        await settle(app, pilot)
        assert isinstance(app.screen, SourcesScreen)
        table = app.screen.query_one(DataTable)
        rows = [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]
        suspect = [r for r in rows if r[4] == "s"]
        assert [(r[1], r[2]) for r in suspect] == [("4.80%", "2024Q4"), ("7.30%", "2024Q4")]
        assert all(r[0].endswith("suspect, not plotted") for r in suspect)
        table.move_cursor(row=rows.index(suspect[0]))
        await settle(app, pilot)
        detail = shown(app.screen.query_one("#sources-detail", Static))
        assert "likely wrong, so it is never plotted" in detail


# --------------------------------------------------------------------------- 3. basis break


async def test_a_change_across_a_basis_break_is_not_shown_as_a_move():
    app = make_app(fixture_snapshot(breaks=("2025Q4",)))
    async with app.run_test(size=BIG) as pilot:
        await settle(app, pilot)
        change = app.screen.query_one("#ratio-change", Static)
        assert shown(change).strip() == "q/q n/a (new basis)"
        assert not change.has_class("-down") and not change.has_class("-up")
        assert shown(app.screen.query_one("#ratio-yoy", Static)).startswith("n/a (new basis) y/y")
        await pilot.press("l")
        assert shown(change).strip() == "环比 不适用(新口径)"
        await pilot.press("l", "1", "i")
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert table.get_row_at(0)[2].plain == "2025Q4" and table.get_row_at(0)[4].plain == "b"
        assert "no change is shown across it" in shown(app.screen.query_one("#sources-detail", Static))


@pytest.mark.parametrize("size", SIZES)
async def test_the_ratio_history_is_drawn_apart_at_a_break(size):
    app = make_app(fixture_snapshot(breaks=("2019Q1",)))
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        spark = app.screen.query_one("#ratio-spark", BrokenSparkline)
        line = shown(spark)
        assert line.count(BREAK_MARK) == 1 and len(line) == spark.size.width
        # 16 quarters before 2019Q1, 28 from it: the mark sits about 16/44 of the way
        assert abs(line.index(BREAK_MARK) / len(line) - 16 / 44) < 0.05
        assert f"{BREAK_MARK}2019Q1" in shown(app.screen.query_one("#ratio-spark-label", Static))
        note = app.screen.query_one("#ratio-break", Static)
        assert note.display == (size == BIG)  # a spare line only on the wide screen
        assert shown(app.screen.query_one("#ratio-change", Static)).strip() == "▼ 2bp q/q"  # 2025Q4 is comparable
        await pilot.press("1", "i")
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        flagged = [table.get_row_at(i) for i in range(table.row_count) if table.get_row_at(i)[4].plain == "b"]
        assert [r[2].plain for r in flagged] == ["2019Q1"]


async def test_no_break_no_mark():
    app = make_app(fixture_snapshot())
    async with app.run_test(size=BIG) as pilot:
        await settle(app, pilot)
        assert BREAK_MARK not in shown(app.screen.query_one("#ratio-spark", BrokenSparkline))
        assert not app.screen.query_one("#ratio-break", Static).display


# --------------------------------------------------------------------------- 4. national totals


def national_app(**kwargs: object) -> NplApp:
    return make_app(fixture_snapshot(provinces=NATIONAL_PROVINCES), **kwargs)


@pytest.mark.parametrize("size", SIZES)
async def test_the_china_line_heads_the_ranking_with_shares(size):
    app = national_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        ranking = app.screen.query_one(ProvinceRanking)
        assert ranking.row_keys[0] != "100000"  # bid volume: no national figure, no line
        await pilot.press("m", "m", "m")  # first judicial auctions
        keys = ranking.row_keys
        assert keys[0] == "100000" and keys.count("100000") == 1
        assert plain(ranking, "100000", "province") == "China"
        assert plain(ranking, "100000", "rank") == ""  # the nation is not ranked
        assert plain(ranking, "100000", "value") == "564,180"
        assert plain(ranking, "440000", "share") == "9.2%"
        assert plain(ranking, "510000", "share") == ">9.2%"  # a bound stays a bound
        assert plain(ranking, "510000", "rank") == "1"
        assert ranking.virtual_size.width <= ranking.scrollable_content_region.width  # nothing cut off
        assert "China" in screen_text(app) and "564,180" in screen_text(app)
        await pilot.press("l")
        assert plain(ranking, "100000", "province") == "全国"


async def test_the_nation_never_drills_down_like_a_province():
    bid = (2025, "100000", "npl_bid_volume_yi", 9000.0, "~", None)  # the first metric has a national figure
    app = make_app(fixture_snapshot(provinces=[*NATIONAL_PROVINCES, bid]))
    async with app.run_test(size=BIG) as pilot:
        await settle(app, pilot)
        ranking = app.screen.query_one(ProvinceRanking)
        assert ranking.row_keys[0] == "100000"
        assert ranking.cursor_row == 1  # on the top province, not on China
        await pilot.press("2", "enter")  # "2⏎": the top province, as without a China line
        await settle(app, pilot)
        assert isinstance(app.screen, ProvinceScreen) and app.screen.code == "440000"
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("2", "k", "enter")  # Enter on China: the national figures, not a province
        await settle(app, pilot)
        assert isinstance(app.screen, SourcesScreen) and "national" in app.screen.title_text
        table = app.screen.query_one(DataTable)
        assert [table.get_row_at(i)[1].plain for i in range(table.row_count)] == ["~9,000亿", "1,199,899", "564,180", "600,000"]
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_the_nation_is_in_no_picker_palette_or_province_list():
    from npl_tui.commands import jump_targets
    from npl_tui.screens.picker import ProvincePickerScreen

    snapshot = fixture_snapshot(provinces=NATIONAL_PROVINCES)
    assert all(j.target != "100000" for j in jump_targets(snapshot))
    app = make_app(snapshot)
    async with app.run_test(size=BIG) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, ProvincePickerScreen)
        assert "100000" not in [p.code for p in picker.matches]
        assert "100000" not in (picker._with_data or ())
        for typed in ("china", "全国", "100000"):
            picker._filter(typed)
            assert all(p.code != "100000" for p in picker.matches)


@pytest.mark.parametrize("size", SIZES)
async def test_the_province_screen_shows_the_national_figure_and_share(size):
    app = national_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        app.open_province("440000")
        await settle(app, pilot)
        await pilot.pause(0.1)
        table = app.screen.query_one("#figures", RowTable)
        assert [c.key for c in table.ordered_columns][2:5] == ["value", "national", "share"]
        assert plain(table, "P2025-440000-judicial_first_auctions", "national") == "564,180"
        assert plain(table, "P2025-440000-judicial_first_auctions", "share") == "9.2%"
        assert plain(table, "P2025-440000-npl_bid_volume_yi", "national") == ""  # none published
        assert "China: the national figure" in shown(app.screen.query_one("#note-figures", Static))
        assert table.virtual_size.width <= table.scrollable_content_region.width  # As of in view


# --------------------------------------------------------------------------- 5. citations


def joined(text: str) -> str:
    """Wrapped lines back into one string (the wrap may fall inside a URL)."""
    return "".join(line.strip() for line in text.splitlines())


@pytest.mark.parametrize("size", SIZES)
async def test_sources_overlay_lists_each_citation_whole(size):
    app = make_app(fixture_snapshot(suspect=SUSPECT_DISCOUNTS))
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("3", "i")
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        row = next(i for i in range(table.row_count) if table.get_row_at(i)[4].plain == "s")
        source_cell = table.get_row_at(row)[5].plain
        assert source_cell.count("sha256:") == 2 and "sha256:" + "3f" * 6 + "…" in source_cell
        assert "3f" * 7 not in source_cell  # the table has the hash to 12 digits
        assert table.virtual_size.width <= table.scrollable_content_region.width  # no sideways scroll
        table.move_cursor(row=row)
        await settle(app, pilot)
        detail = shown(app.screen.query_one("#sources-detail", Static))
        lines = detail.splitlines()
        firsts = [i for i, line in enumerate(lines) if "1. CCRE (银登中心)" in line or "2. Mistborntt/PDFtoExcel ·" in line]
        assert len(firsts) == 2 and "1. CCRE" in lines[firsts[0]]  # one citation a line, in order
        whole = joined(detail)
        for part in ("华夏银行信用卡中心2023年第2期个人不良贷款转让公告", "2023-03-20",
                     "https://www.chinacrc.net.cn/upload/listing_huaxia_card_2023-2.pdf", "sha256:" + "3f" * 32,
                     "https://github.com/Mistborntt/PDFtoExcel/blob/main/2023.xlsx", "sha256:" + "a1" * 32):
            assert part in whole, part
        assert "…" not in detail
        # taller than its box at 80x24: Tab goes to the detail, j scrolls it
        box = app.screen.query_one("#sources-detail-box")
        await pilot.press("tab")
        assert app.focused is box
        if box.max_scroll_y:
            await pilot.press("j")
            await settle(app, pilot)
            assert box.scroll_y > 0
        await pilot.press("tab")
        assert app.focused is table


# --------------------------------------------------------------------------- 6. a whole Yindeng record


@pytest.mark.parametrize("size", SIZES)
async def test_the_detail_screen_shows_every_format_12_column(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        table.move_cursor(row=table.visible_ids.index("A300"))
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AnnouncementScreen)
        fields = dict(screen.plain_fields)
        assert fields["Base date"] == "2022-12-31"
        assert fields["Signed"] == "2023-04-20"
        assert fields["Deal price"] == "1,136万"
        assert fields["Principal + interest"] == "2.6796亿"
        assert fields["Principal"] == "2.0764亿"  # the record to the precision it has
        assert fields["Avg per borrower (P+I)"] == "2.2万"
        assert fields["Avg days overdue"] == "1,608.52 days"  # as printed, decimals kept
        assert fields["Five-category class"] == "损失 12262;可疑 14"
        assert fields["Guarantee"] == "信用 12276" and fields["Litigation"] == "未诉 12262;终本执行 14"
        assert fields["Written off"] == "10,833 loans"
        assert fields["Registration closes"] == "2023-04-10 17:00"
        assert fields["Auction day"] == "2023-04-12"
        assert (fields["Bidding opens"], fields["Bidding closes"]) == ("2023-04-12 09:00", "2023-04-12 10:00")
        assert fields["Bid increment"] == "5万" and fields["Extension period"] == "5 min"
        assert fields["Remark"] == "本项目不接受联合竞价"
        assert fields["Avg borrower age"] == "38.5 years"
        source = fields["Source"].splitlines()
        assert len(source) == 2 and source[0].startswith("1. CCRE (银登中心)") and source[0].endswith("3f" * 32)
        assert not any(name in fields for name in ("amount_kind", "Amount"))  # empty: omitted
        assert all(label[0].isupper() for label in fields)  # every column labelled, none raw
        # the unit toggle and Chinese
        await pilot.press("u")
        await settle(app, pilot)
        fields = dict(screen.plain_fields)
        assert fields["Deal price"] == "RMB 11.36m" and fields["Bid increment"] == "RMB 0.05m"
        await pilot.press("u", "l")
        await settle(app, pilot)
        fields = dict(screen.plain_fields)
        assert fields["交易基准日"] == "2022-12-31" and fields["成交价格"] == "1,136万"
        assert fields["加权平均逾期天数"] == "1,608.52 天" and fields["已核销"] == "10,833 笔"
        assert fields["自由竞价开始时间"] == "2023-04-12 09:00" and fields["延时周期"] == "5 分钟"
        # everything is on the screen, scrolled to, and nothing from the feed is markup
        await pilot.press("l")
        await settle(app, pilot)
        body = screen.query_one("#announcement-body")
        body.scroll_end(animate=False)
        await settle(app, pilot)
        lines = screen_text(app).splitlines()
        # each citation starts its own line, right of the labels
        starts = [line.split("  ")[-1].strip() if "  " in line else line for line in lines]
        assert any(s.startswith("1. CCRE (银登中心)") for s in starts)
        assert any(s.startswith("2. Mistborntt/PDFtoExcel") for s in starts)
        assert "sha256:" + "a1" * 10 in joined("\n".join(lines))


def test_the_fixture_is_format_12():
    # The builders really carry the new columns through the parser.
    row = next(r for r in fixture_snapshot([YINDENG_ANNOUNCEMENT]).announcements.rows if r["id"] == "A300")
    assert row["signed_date"] == dt.date(2023, 4, 20) and row["bidding_start"] == "2023-04-12 09:00"
    assert row["overdue_days"] == 1608.52 and row["source"] == CITED_SOURCE
    snap = fixture_snapshot(provinces=NATIONAL_PROVINCES, suspect=SUSPECT_DISCOUNTS, breaks=("2019Q1",))
    assert any(r["province_code"] == "100000" for r in snap.provinces.rows)
    assert sum(bool(r["suspect"]) for r in snap.discount_rates.rows) == 2
    assert [r["period"] for r in snap.ratios.rows if r["basis_break"]] == ["2019Q1"]
    assert isinstance(DashboardScreen, type)


async def test_at_80_columns_a_suspect_note_is_whole_and_the_range_gives_way():
    app = make_app(fixture_snapshot(suspect=SUSPECT_DISCOUNTS))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        body = shown(app.screen.query_one(DiscountPane).query_one("#discount-body", Static))
        line = next(x for x in body.splitlines() if "6.90%" in x)
        assert line.rstrip().endswith("1 suspect") and "…" not in line
