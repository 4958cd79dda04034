"""The dashboard driven through Pilot on the fixture snapshot (exact, stable content)."""

from __future__ import annotations

import datetime as dt

import pytest
from pilot_helpers import Clock, plain, screen_text, settle
from rich.text import Text
from textual.widgets import Input, Static
from ui_fixtures import (
    HOSTILE_BUYER,
    HOSTILE_SELLER,
    MONTH_ANNOUNCEMENT,
    NEW_ANNOUNCEMENT,
    fixture_snapshot,
)

from npl_tui.app import MAX_BACKOFF_SECONDS, NplApp
from npl_tui.core.snapshot import DataError
from npl_tui.core.sources import StaticSource
from npl_tui.core.text import clean_text
from npl_tui.screens.dashboard import DashboardScreen
from npl_tui.screens.help import HelpScreen
from npl_tui.widgets.announcement_table import AnnouncementPane, AnnouncementTable
from npl_tui.widgets.discount_pane import DiscountPane
from npl_tui.widgets.province_ranking import ProvinceRanking
from npl_tui.widgets.ratio_pane import RatioPane
from npl_tui.widgets.status_line import StatusLine

SIZE = (120, 40)


def make_app(*items: object, **kwargs: object) -> NplApp:
    items = items or (fixture_snapshot(),)
    kwargs.setdefault("clock", Clock())
    return NplApp(StaticSource(*items), **kwargs)  # type: ignore[arg-type]


def cell_text(table, row_key: str, column: str) -> Text:
    return table.get_cell(row_key, column)


def row_keys(table) -> list[str]:
    return list(table.row_keys)


# --------------------------------------------------------------------------- panes


class GatedSource:
    """A source whose first load waits until the test opens the gate."""

    label = "gated"

    def __init__(self) -> None:
        import asyncio

        self.gate = asyncio.Event()

    async def load(self):
        await self.gate.wait()
        return fixture_snapshot()

    async def aclose(self) -> None:
        return None


async def test_first_paint_does_not_wait_for_data():
    source = GatedSource()
    app = NplApp(source, clock=Clock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The screen is up and says it is loading while the source has not answered.
        assert isinstance(app.screen, DashboardScreen) and app.snapshot is None
        assert plain(app.screen.query_one("#ratio-headline", Static)) == "loading…"
        assert plain(app.screen.query_one("#discount-body", Static)) == "loading…"
        assert app.screen.query_one(ProvinceRanking).border_subtitle == "loading…"
        assert app.screen.query_one(AnnouncementPane).border_subtitle == "loading…"
        assert plain(app.screen.query_one(StatusLine)).strip() == "loading…"
        source.gate.set()
        await settle(app, pilot)
        assert plain(app.screen.query_one("#ratio-headline", Static)) == "1.50%  2025Q4"
        assert app.screen.query_one(ProvinceRanking).border_subtitle == ""
        assert app.screen.query_one(AnnouncementPane).border_subtitle == ""


async def test_each_pane_shows_real_figures():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        ratio = app.screen.query_one(RatioPane)
        assert plain(ratio.query_one("#ratio-headline", Static)) == "1.50%  2025Q4"
        change = ratio.query_one("#ratio-change", Static)
        assert plain(change).strip() == "▼ 2bp q/q"
        assert change.has_class("-down") and not change.has_class("-up")
        assert plain(ratio.query_one("#ratio-yoy", Static)).strip() == "■ 0bp y/y  (2024Q4 1.50%)"
        figures = plain(ratio.query_one("#ratio-figures", Static))
        assert "35,000亿" in figures and "205.21%" in figures and "2025Q4" in figures
        by_type = plain(ratio.query_one("#ratio-by-type", Static))
        assert "By bank type %, 2025Q3" in by_type and "Rural 2.82" in by_type and "Foreign 1.06" in by_type

        provinces = app.screen.query_one(ProvinceRanking)
        assert "NPL bid volume 2025" in str(provinces.border_title)
        assert provinces.get_cell("440000", "province").plain.strip() == "Guangdong"
        assert provinces.get_cell("440000", "value").plain.strip() == "1,210.5亿"

        discounts = plain(app.screen.query_one(DiscountPane).query_one("#discount-body", Static))
        assert "Yindeng retail" in discounts
        assert "Yindeng retail · of P · since 2022\n ▅▆█▁ 6.90% 2025Q1  6.9–9.4%" in discounts
        assert "Yindeng retail · of P+I · since 2022\n ▁█▄ 4.10% 2025Q1" in discounts
        assert "Consumer-finance packages · of P+I" in discounts
        assert "\n <3% 2025" in discounts  # a bound stays a bound; one point: no sparkline

        table = app.screen.query_one(AnnouncementTable)
        assert row_keys(table)[:3] == ["A001", "A002", "A003"]
        assert table.get_cell("A002", "principal").plain == "202.74亿"
        assert table.get_cell("A002", "outcome").plain == "→ Tianjin Jinrong"
        assert table.get_cell("A001", "overdue").plain == "1,129"

        status = plain(app.screen.query_one(StatusLine))
        assert "feed https://feed.example/npl/" in status
        assert "newest fact 2025-12-31" in status


async def test_announcement_cells_are_text_never_markup_strings():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        for key in row_keys(table):
            for cell in table.get_row(key):
                assert isinstance(cell, Text)
        for column in table.columns.values():
            assert isinstance(column.label, Text)


# --------------------------------------------------------------------------- keys


async def test_filter_with_slash_matches_english_chinese_and_province_and_esc_clears():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"bohai")
        await pilot.pause()
        assert table.visible_ids == ["A002", "A003"]
        assert "2/7" in str(app.screen.query_one(AnnouncementPane).border_title)
        app.focused.value = "渤海"
        await pilot.pause()
        assert table.visible_ids == ["A002", "A003"]
        app.focused.value = "henan amc"
        await pilot.pause()
        assert table.visible_ids == ["A004"]
        app.focused.value = "Guangdong"
        await pilot.pause()
        assert table.visible_ids == ["A001"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(table.visible_ids) == 7
        assert app.focused is table


async def test_sort_keys_toggle_direction_and_keep_missing_last():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        await pilot.press("p")
        # principals first; the 52亿 claim (A004) and the 0.12亿 deal price (A006) after
        # them, each kind apart, never ranked among principals
        assert table.visible_ids == ["A003", "A002", "A001", "A005", "A007", "A004", "A006"]
        assert table.columns["principal"].label.plain.endswith("▼")  # type: ignore[index]
        await pilot.press("p")
        assert table.visible_ids == ["A007", "A005", "A001", "A002", "A003", "A004", "A006"]
        assert table.columns["principal"].label.plain.endswith("▲")  # type: ignore[index]
        await pilot.press("o")
        assert table.visible_ids[:2] == ["A005", "A001"]  # 1,410 then 1,129 days; the rest have none
        await pilot.press("d")
        assert table.visible_ids[0] == "A001"
        assert row_keys(table) == table.visible_ids  # what is drawn is what we think


async def test_sort_and_toggles_update_rows_in_place_and_keep_the_cursor(monkeypatch: pytest.MonkeyPatch):
    """No key but a new snapshot or filter re-adds rows (re-adding measures every cell)."""
    added: list[str] = []
    original = AnnouncementTable.add_row
    monkeypatch.setattr(AnnouncementTable, "add_row", lambda self, *a, **kw: (added.append(kw["key"]), original(self, *a, **kw))[1])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        added.clear()
        for key in ("p", "u", "l", "o", "p", "l", "u", "d"):
            table.move_cursor(row=row_keys(table).index("A004"))
            await pilot.press(key)
            await pilot.pause()
            if key in "pod":  # a new order is read from its top
                assert table.cursor_row == 0 and table.scroll_y == 0, key
            else:  # a toggle keeps the cursor on its announcement
                assert table.current_row["id"] == "A004", key
            assert row_keys(table) == table.visible_ids, key
        assert added == []
        assert table.get_cell("A002", "principal").plain == "202.74亿"
        ranking = app.screen.query_one(ProvinceRanking)
        ranking.move_cursor(row=2)
        original_ranking_add = ProvinceRanking.add_row
        monkeypatch.setattr(ProvinceRanking, "add_row", lambda self, *a, **kw: (added.append(kw["key"]), original_ranking_add(self, *a, **kw))[1])
        await pilot.press("u", "l")
        await pilot.pause()
        assert added == [] and ranking.cursor_row == 2
        assert ranking.get_cell("110000", "value").plain.strip() == "98bn"  # no room for "RMB "
        assert ranking.get_cell("110000", "province").plain.strip() == "北京"
        await pilot.press("l", "u")
        assert table.get_cell("A001", "seller").plain == "Ping An Bank"


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_announcements_at_80_columns_show_province_and_status_without_scrolling(lang):
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        assert [c.key for c in table.ordered_columns] == ["date", "seller", "principal", "province", "outcome"]
        assert table.virtual_size.width <= table.scrollable_content_region.width  # nothing off to the right
        shown = screen_text(app)
        if lang == "en":
            assert "Pv" in shown and "St." in shown
            assert table.get_cell("A001", "province").plain.strip() == "GD"
            assert table.get_cell("A001", "outcome").plain.strip() == "List."
            assert table.get_cell("A002", "principal").plain == "202.74亿 "  # its gap, then the province
            await pilot.press("u")
            assert table.get_cell("A002", "principal").plain == " 20.27bn "
            await pilot.press("u")
        else:
            assert table.get_cell("A001", "province").plain.strip() == "粤"
            assert table.get_cell("A001", "outcome").plain.strip() == "挂牌"
        await pilot.resize_terminal(120, 40)
        await settle(app, pilot)
        assert len(table.ordered_columns) == 7  # the wide layout is back


async def test_a_month_only_date_shows_the_month_and_sorts_by_the_stored_date():
    app = make_app(fixture_snapshot(extra_announcements=[MONTH_ANNOUNCEMENT]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        assert cell_text(table, "A200", "date").plain.strip() == "2025-08"
        keys = row_keys(table)
        assert keys.index("A005") < keys.index("A200") < keys.index("A006")  # 08-02 > 08-01 > 06-20
        table.move_cursor(row=keys.index("A200"))
        await pilot.press("enter")
        await pilot.pause()
        fields = dict(app.screen.plain_fields)
        assert fields["Date"] == "2025-08" and fields["As of"] == "2025-08"
        assert "2025-08-01" not in " ".join(v for _, v in app.screen.plain_fields)


async def test_clicking_a_sortable_header_sorts():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        x = sum(c.get_render_width(table) for c in list(table.columns.values())[:3]) - 3
        await pilot.click(AnnouncementTable, offset=(x, 0))
        await pilot.pause()
        assert table.sort_key == "principal"
        assert table.visible_ids[0] == "A003"


async def test_metric_cycle_shows_year_and_bounds_as_bounds():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        ranking = app.screen.query_one(ProvinceRanking)
        await pilot.press("m")
        assert ranking.title == "NPL deal volume 2025"
        assert str(ranking.border_title).endswith("Deal vol 2025")  # 39 cells: the short name keeps the year
        assert ranking.get_cell("110000", "value").plain.strip() == "> 300亿"
        await pilot.press("m")
        assert ranking.title == "Online NPL auction deals 2024" and str(ranking.border_title).endswith("Online deals 2024")
        await pilot.press("m")
        assert ranking.title == "First judicial auctions 2025" and str(ranking.border_title).endswith("1st auct. 2025")
        assert ranking.get_cell("510000", "value").plain.strip() == "> 51,888"
        assert ranking.get_cell("510000", "bar").plain.strip().endswith("▶")  # open-ended bar
        assert not ranking.get_cell("440000", "bar").plain.strip().endswith("▶")
        await pilot.press("m")
        assert "NPL bid volume 2025" in str(ranking.border_title)


async def test_lang_and_unit_toggles():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        await pilot.press("l")
        assert app.lang == "zh"
        assert table.get_cell("A001", "seller").plain == "平安银行"
        assert table.get_cell("A001", "province").plain == "广东"
        assert table.columns["seller"].label.plain == "出让方"  # type: ignore[index]
        assert app.screen.sub_title == "全国"
        await pilot.press("l")
        assert table.get_cell("A001", "seller").plain == "Ping An Bank"
        await pilot.press("u")
        assert app.unit == "bn"
        assert table.get_cell("A002", "principal").plain == "RMB 20.27bn"
        assert "RMB 3,500bn" in plain(app.screen.query_one("#ratio-figures", Static))
        await pilot.press("u")
        assert table.get_cell("A002", "principal").plain == "202.74亿"


async def test_number_keys_and_tab_move_between_panes():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.focused is app.screen.query_one(AnnouncementTable)
        await pilot.press("1")
        assert app.focused is app.screen.query_one(RatioPane)
        await pilot.press("2")
        assert app.focused is app.screen.query_one(ProvinceRanking)
        await pilot.press("tab")
        assert app.focused is app.screen.query_one(DiscountPane)
        await pilot.press("4")
        assert app.focused is app.screen.query_one(AnnouncementTable)
        await pilot.press("j", "j")
        assert app.screen.query_one(AnnouncementTable).cursor_row == 2


# --------------------------------------------------------------------------- refresh


async def test_refresh_adds_new_row_marks_it_notifies_and_keeps_cursor():
    first = fixture_snapshot()
    second = fixture_snapshot(extra_announcements=[NEW_ANNOUNCEMENT])
    app = make_app(first, second)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        await pilot.press("j", "j")
        assert table.current_row["id"] == "A003"
        assert not app._notifications
        await pilot.press("r")
        await settle(app, pilot)
        assert row_keys(table)[0] == "A100"
        assert table.get_cell("A100", "date").plain.startswith("●")
        assert not table.get_cell("A001", "date").plain.startswith("●")
        assert table.current_row["id"] == "A003"  # the cursor followed its row
        notes = list(app._notifications)
        assert len(notes) == 1
        assert notes[0].message == "1 new since you last looked, newest: China Minsheng Bank [new] · w: What's new"
        assert notes[0].markup is False
        # The next refresh (nothing new) keeps the mark: the row has not been seen yet.
        await pilot.press("r")
        await settle(app, pilot)
        assert table.get_cell("A100", "date").plain.startswith("●")
        assert len(list(app._notifications)) == 1  # and says nothing again


async def test_failed_load_keeps_data_and_shows_error_literally():
    error = "https://feed.example/npl/manifest.json: HTTP 503 [bold red]down[/]"
    app = make_app(fixture_snapshot(), DataError(error))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        status = app.screen.query_one(StatusLine)
        assert error in plain(status)
        assert status.has_class("-error")
        assert plain(app.screen.query_one("#ratio-headline", Static)) == "1.50%  2025Q4"
        assert len(app.screen.query_one(AnnouncementTable).visible_ids) == 7
        # Recovers by itself: the next good (unchanged) load clears the error.
        await pilot.press("r")
        await settle(app, pilot)
        assert error not in plain(status)
        assert not status.has_class("-error")


async def test_unchanged_refresh_does_no_rendering_work(monkeypatch: pytest.MonkeyPatch):
    calls: list[str] = []
    for cls in (RatioPane, DiscountPane, StatusLine):
        original = cls.show_data

        def spy(self, original=original, name=cls.__name__):
            calls.append(name)
            return original(self)

        monkeypatch.setattr(cls, "show_data", spy)
    sync = AnnouncementTable._sync
    monkeypatch.setattr(AnnouncementTable, "_sync", lambda self, **kw: (calls.append("table"), sync(self, **kw)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        calls.clear()
        await pilot.press("r")
        await settle(app, pilot)
        assert app.loads_finished == 2
        assert calls == []


async def test_refresh_key_is_ignored_while_a_load_runs():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.loading = True
        assert app.start_load() is False
        app.loading = False
        assert app.start_load() is True
        await settle(app, pilot)


async def test_backoff_grows_and_is_capped():
    app = make_app(refresh_seconds=300)
    app.failures = 0
    assert app.next_delay(failed=False) == 300
    app.failures = 1
    assert app.next_delay(failed=True) == 600
    app.failures = 20
    assert app.next_delay(failed=True) == MAX_BACKOFF_SECONDS
    fast = make_app(refresh_seconds=5)
    fast.failures = 20
    assert fast.next_delay(failed=True) == 50  # 10 × the interval
    assert make_app().next_delay(failed=True) is None


async def test_refresh_loop_backs_off_and_recovers():
    app = make_app(fixture_snapshot(), DataError("boom"), DataError("boom"), refresh_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if app.loads_finished >= 4:
                break
        assert app.loads_finished >= 4
        assert app.failures == 0 and app.market.error is None  # third load failed, fourth recovered
        assert app.snapshot is not None


async def test_stale_flag_after_stale_after_without_success():
    clock = Clock()
    app = make_app(fixture_snapshot(), DataError("timeout"), stale_after=60, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        status = app.screen.query_one(StatusLine)
        assert "STALE" not in plain(status)
        clock.now += dt.timedelta(seconds=61)
        await pilot.press("r")
        await settle(app, pilot)
        assert app.feed.stale
        assert status.has_class("-stale") and "STALE" in plain(status)


# --------------------------------------------------------------------------- untrusted text


async def test_markup_and_escapes_in_feed_text_show_literally_and_run_nothing():
    hostile = dict(NEW_ANNOUNCEMENT, id="A666", seller=HOSTILE_SELLER, seller_zh="")
    app = make_app(fixture_snapshot(), fixture_snapshot(extra_announcements=[hostile]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        seller = table.get_cell("A007", "seller")
        assert seller.plain == clean_text(HOSTILE_SELLER)
        assert "\x1b" not in seller.plain
        assert all(not span.style or "@click" not in str(span.style) for span in seller.spans)
        assert table.get_cell("A007", "outcome").plain == "→ " + HOSTILE_BUYER
        await pilot.press("r")
        await settle(app, pilot)
        notes = list(app._notifications)
        assert clean_text(HOSTILE_SELLER) in notes[-1].message and notes[-1].markup is False
        # Clicking the hostile cells must not run app.quit / app.bell.
        table.move_cursor(row=table.get_row_index("A007"))
        await pilot.click(AnnouncementTable, offset=(20, table.get_row_index("A007") + 1))
        await pilot.pause()
        assert app.is_running and app.return_code is None


# --------------------------------------------------------------------------- help and quit


async def test_help_lists_active_keys_and_closes():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        descriptions = [desc for _keys, desc, _where in app.screen._rows]
        for expected in ("Refresh", "Quit", "Filter", "Sort by principal (again: reverse)", "Metric", "English/中文", "Help"):
            assert expected in descriptions
        keys = {desc: k for k, desc, _ in app.screen._rows}
        assert keys["Refresh"] == "r"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_q_quits():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_show_party_filters_announcements():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.show_party("Tianjin Jinrong")
        await pilot.pause()
        assert app.screen.query_one(AnnouncementTable).visible_ids == ["A002"]


# --------------------------------------------------------------------------- drill-down integration


async def test_enter_on_province_opens_province_screen_and_help_works_there():
    from npl_tui.screens.province import ProvinceScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ProvinceScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        descriptions = [desc for _keys, desc, _where in app.screen._rows]
        assert "Back" in descriptions and "Refresh" in descriptions
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_enter_on_announcement_opens_its_record_and_seller_jump_filters():
    from npl_tui.screens.announcement import AnnouncementScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AnnouncementScreen)
        await pilot.press("b")  # the buyer's deals, back on the dashboard
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.query_one(AnnouncementTable).visible_ids == ["A002"]


async def test_g_opens_the_province_picker():
    from npl_tui.screens.picker import ProvincePickerScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ProvincePickerScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


# --------------------------------------------------------------------------- colour


async def test_no_color_keeps_meaning_in_symbols_and_shapes(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    assert app.no_color
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        change = app.screen.query_one("#ratio-change", Static)
        assert plain(change).strip().startswith("▼")
        assert change.styles.text_style.bold
        table = app.screen.query_one(AnnouncementPane)
        assert table.styles.border_top[0] == "heavy"  # focus shown by shape, not colour
        ratio = app.screen.query_one(RatioPane)
        assert ratio.styles.border_top[0] == "round"


async def test_light_theme_keeps_text_and_borders_legible():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "textual-light"
        await settle(app, pilot)
        background = app.screen.styles.background

        def contrast(widget, attr: str = "color") -> float:
            """Brightness difference from the screen background, 0..1."""
            colour = widget.styles.color if attr == "color" else widget.styles.border_top[1]
            l1, l2 = sorted((background.brightness, background.blend(colour, colour.a).brightness))
            return l2 - l1

        change = app.screen.query_one("#ratio-change", Static)
        assert contrast(change) > 0.25
        assert contrast(app.screen.query_one(RatioPane), "border") > 0.25
        assert contrast(app.screen.query_one(AnnouncementPane), "border") > 0.25


async def test_first_load_failing_says_so_and_r_recovers():
    app = make_app(DataError("https://feed.example/npl/: connection refused"), fixture_snapshot())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        status = plain(app.screen.query_one(StatusLine))
        assert status.strip().startswith("error: https://feed.example/npl/: connection refused · no data loaded yet")
        # Every pane says plainly that there is no data, and where to look; none says loading.
        no_data = "no data — see status line"
        assert plain(app.screen.query_one("#ratio-headline", Static)) == no_data
        assert plain(app.screen.query_one("#discount-body", Static)) == no_data
        assert app.screen.query_one(ProvinceRanking).border_subtitle == no_data
        assert app.screen.query_one(AnnouncementPane).border_subtitle == no_data
        assert "loading" not in screen_text(app)
        await pilot.press("l")
        await pilot.pause()
        assert plain(app.screen.query_one("#ratio-headline", Static)) == "无数据 — 见状态栏"
        await pilot.press("l", "r")
        await settle(app, pilot)
        assert plain(app.screen.query_one("#ratio-headline", Static)) == "1.50%  2025Q4"
        assert "error" not in plain(app.screen.query_one(StatusLine))
        assert no_data not in screen_text(app)
        assert not app.screen.query_one(ProvinceRanking).border_subtitle
        assert not app.screen.query_one(AnnouncementPane).border_subtitle


async def test_keys_arriving_in_one_burst_after_slash_land_in_the_filter():
    """Over SSH "/bohai" can arrive in one packet: no key may reach the table instead."""
    from textual import events

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for key, char in [("slash", "/"), ("b", "b"), ("o", "o"), ("h", "h"), ("a", "a"), ("i", "i"), ("slash", "/")]:
            app.post_message(events.Key(key, char))
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        assert app.screen.query_one("#announcement-filter", Input).value == "bohai/"
        assert table.sort_key == "date"  # the "o" did not sort by overdue


@pytest.mark.parametrize("after", [["j", "j"], ["down", "j"]])
async def test_keys_typed_right_behind_enter_in_the_filter_reach_the_table(after):
    """ "/bank⏎jj" in one packet: the filter keeps "bank", the js move the cursor."""
    from textual import events

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        keys = [("slash", "/")] + [(c, c) for c in "bank"] + [("enter", "\r")]
        keys += [(k, k if len(k) == 1 else None) for k in after]
        for key, char in keys:
            app.post_message(events.Key(key, char))
        await settle(app, pilot)
        box = app.screen.query_one("#announcement-filter", Input)
        table = app.screen.query_one(AnnouncementTable)
        assert box.value == "bank"
        assert app.focused is table
        assert table.row_count == 6  # filtered
        assert table.row_count >= 3 and table.cursor_row == 2
        # and the box takes keys again once it is focused again (its text selected: a
        # new filter replaces the old one)
        await pilot.press("slash", "x")
        assert box.value == "x"


async def test_keys_typed_right_behind_escape_in_the_filter_reach_the_table():
    from textual import events

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for key, char in [("slash", "/"), ("b", "b"), ("escape", None), ("j", "j")]:
            app.post_message(events.Key(key, char))
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        assert app.screen.query_one("#announcement-filter", Input).value == ""
        assert app.focused is table and table.cursor_row == 1
        assert table.row_count > 6  # the filter is cleared


async def test_enter_typed_right_behind_a_pane_number_reaches_that_pane():
    """ "2⏎" in one packet (type-ahead over SSH, or keys pressed while data lands) must
    open the top province, not the announcement that had focus before the 2."""
    from textual import events

    from npl_tui.screens.province import ProvinceScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.focused is app.screen.query_one(AnnouncementTable)
        for key, char in [("2", "2"), ("enter", "\r")]:
            app.post_message(events.Key(key, char))
        await settle(app, pilot)
        assert isinstance(app.screen, ProvinceScreen)


def test_app_import_does_not_pull_heavy_modules():
    """First paint must not pay for plotext/httpx/pandas or the drill-down's data classes:
    they are imported lazily (the warm-up imports the drill-down's after the first data)."""
    import subprocess
    import sys

    code = (
        "import sys, npl_tui.app, npl_tui.screens.dashboard, npl_tui.screens.help\n"
        "print(sorted(m for m in ('pandas', 'httpx', 'plotext', 'textual_plotext', 'npl_tui.core.province_view') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


async def test_show_party_from_two_screens_deep_returns_to_the_dashboard():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.open_province("120000")
        await pilot.pause()
        app.open_announcement(app.snapshot.announcements.rows[1], ("China", "Tianjin"))
        await pilot.pause()
        assert len(app.screen_stack) == 3
        app.show_party("Bohai Bank")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen) and len(app.screen_stack) == 1
        assert app.screen.query_one(AnnouncementTable).visible_ids == ["A002", "A003"]


async def test_large_table_has_every_row_with_the_first_data_and_sorts_in_place(shipped_snapshot):
    """547 shipped rows are all in the table on the frame the data lands (RowTable lays
    out only the rows on screen); a sort reorders them without rebuilding."""
    app = NplApp(StaticSource(shipped_snapshot), clock=Clock())
    async with app.run_test(size=SIZE) as pilot:
        while app.snapshot is None:
            await pilot.pause(0.01)
        table = app.screen.query_one(AnnouncementTable)
        assert table.row_count == len(shipped_snapshot.announcements)
        laid_out = len(table._segments)
        assert laid_out < 60  # only what was painted, not all 547
        first_cells = table.get_row_at(0)
        table.action_sort("principal")
        await settle(app, pilot)
        assert table.row_count == len(shipped_snapshot.announcements) == len(set(row_keys(table)))
        assert table.sort_key == "principal"
        assert any(table.get_row(key) is not None for key in row_keys(table)[:1])
        assert first_cells[0].plain  # cells survive the reorder
        assert row_keys(table)[0] == "seed-bohai-2025-10"  # the largest principal, 499.37亿
