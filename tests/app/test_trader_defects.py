"""Defects a trader found by hand on the shipped data, each pinned through Pilot."""

from __future__ import annotations

from pathlib import Path

from ui_fixtures import loaded, shipped_app

from npl_tui.screens.province import ProvinceScreen
from npl_tui.widgets.province_ranking import NATIONAL_KEY, ProvinceRanking

DATA = Path(__file__).resolve().parents[2] / "data"
BIG = (120, 40)
SMALL = (80, 24)


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def click_row(pilot, widget, index: int) -> None:  # type: ignore[no-untyped-def]
    """Click the *index*-th line of rows in view, as the mouse would (past the border)."""
    top = widget.content_region.y - widget.region.y
    await pilot.click(widget, offset=(6, top + index))
    await pilot.pause()


# --------------------------------------------------------------------------- mouse


async def test_a_click_in_the_ranking_picks_the_province_under_the_pointer():
    app = shipped_app(DATA)
    opened: list[str] = []
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        app.open_province = lambda code, *a, **k: opened.append(code)  # type: ignore[method-assign]
        ranking = app.screen.query_one(ProvinceRanking)
        with_china: set[bool] = set()
        for _ in range(4):  # every metric `m` cycles through
            codes = list(ranking.row_keys)
            with_china.add(codes[0] == NATIONAL_KEY)
            assert len(codes) >= 3
            for index in (2, 0, 1):
                await click_row(pilot, ranking, index)
                assert ranking.cursor_row == index, (ranking.metric, index)
                assert ranking.row_keys[ranking.cursor_row] == codes[index]
            # a second click on the same row opens that row, not the one below
            await click_row(pilot, ranking, 2)
            await click_row(pilot, ranking, 2)
            await pilot.pause()
            assert opened[-1] == codes[2] and codes[2] != NATIONAL_KEY
            app.screen.query_one(ProvinceRanking).focus()
            await pilot.press("m")
            await pilot.pause()
        assert with_china == {True, False}  # with the China line on top and without


# --------------------------------------------------------------------------- sorting


async def test_a_new_sort_order_is_shown_from_its_first_row():
    from npl_tui.core.views import amount_of
    from npl_tui.widgets.announcement_table import AnnouncementTable

    app = shipped_app(DATA)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        table = app.screen.query_one(AnnouncementTable)
        table.focus()
        await pilot.press(*"jjjjjjjjjjjjjjjjjjjjjjjjj")  # well down the list
        await pilot.press("o", "d")
        await pilot.pause()
        await pilot.pause()
        rows = app.snapshot.announcements.rows
        newest = max(r["date"] for r in rows)
        assert table.scroll_y == 0 and table.cursor_row == 0
        assert table.current_row is not None and table.current_row["date"] == newest
        first_line = screen_text(app).splitlines()[table.region.y + 1]
        assert newest.isoformat()[:7] in first_line

        await pilot.press(*"jjjjj", "p", "p")  # principal, then reversed: smallest first
        await pilot.pause()
        await pilot.pause()
        principals = [v for v, kind in map(amount_of, rows) if v is not None and kind == "principal"]
        assert table.scroll_y == 0 and table.cursor_row == 0
        assert table.current_row is not None and amount_of(table.current_row) == (min(principals), "principal")
        assert "▲" in screen_text(app).splitlines()[table.region.y]  # the header says ascending


# --------------------------------------------------------------------------- charts

_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar_length(line: str) -> float:
    """Cells of bar on a chart line: each █ one, a partial block its eighths."""
    return sum(1.0 if ch == "█" else _EIGHTHS.index(ch) / 8 for ch in line if ch == "█" or ch in _EIGHTHS[1:])


def assert_every_bar_to_scale(chart_widget) -> None:  # type: ignore[no-untyped-def]
    """Each label on a plot row of its own (its tick), each bar from the plot's left
    edge (zero) as long as its value says within the half cell that plotext's whole
    cells allow, the longest the largest."""
    chart = chart_widget.chart
    width = chart_widget.size.width
    plot = chart_widget.render().plain.split("\n")[1:]  # under the caption
    assert all(len(line) <= width for line in plot)
    lines = [line for line in plot if "┤" in line]  # a bar's row: its tick, then its bar
    series = chart.series
    assert len(lines) == len(chart.labels) * len(series)
    values = [v for s in series for v in s.values]
    longest = max(bar_length(line) for line in lines)
    for i, label in enumerate(chart.labels):
        for j, s in enumerate(series):
            line = lines[i * len(series) + j]
            if j == 0:
                assert line.strip().startswith(label)
            drawn = line.split("┤", 1)[1]
            assert drawn[: len(drawn) - len(drawn.lstrip("█" + _EIGHTHS[1:]))] == drawn[: round(bar_length(drawn) + 0.4)]
            expected = s.values[i] / max(values) * longest
            assert abs(bar_length(line) - expected) <= 0.5 + 1e-9, (label, line)


async def open_province(pilot, code: str):  # type: ignore[no-untyped-def]
    app = pilot.app
    app.open_province(code)
    for _ in range(30):
        await pilot.pause(0.02)
        if isinstance(app.screen, ProvinceScreen) and app.screen.complete:
            break
    await pilot.pause()
    return app.screen


async def test_province_charts_draw_every_bar_to_scale_with_its_label():
    app = shipped_app(DATA)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        for code in ("410000", "440000"):  # Henan, Guangdong: every chart each has
            screen = await open_province(pilot, code)
            for _ in screen.view.charts:
                await pilot.pause()
                widget = screen.chart_widget
                assert widget is not None
                assert_every_bar_to_scale(widget)
                await pilot.press("c")
                await pilot.pause()
            henan_months = next(c for c in screen.view.charts if c.key == "announcements:principal-by-month") if code == "410000" else None
            if henan_months is not None:
                assert henan_months.labels == tuple(sorted(henan_months.labels))
            await pilot.press("escape")


async def test_a_chart_of_many_months_keeps_every_month_and_says_what_it_left_out():
    import datetime as dt

    from drill_fixtures import HostApp, fixture_rows, snapshot_from_rows

    from npl_tui.core.province_view import MONTHS_CHARTED

    tables = fixture_rows()
    # Henan as a trader saw it: nine months, two of them far smaller than the rest,
    # then enough older months that the chart cannot show them all.
    months = [(2023, 9, 0.3), (2023, 10, 0.9), (2023, 11, 2.1), (2024, 9, 100.0), (2025, 6, 17.2),
              (2025, 7, 31.22), (2025, 8, 19.47), (2025, 11, 52.7), (2025, 12, 3.0)]
    months += [(2019 + k // 12, k % 12 + 1, 1.0 + k) for k in range(MONTHS_CHARTED)]  # 2019-01 ... 2020-12
    template = next(r for r in tables["announcements"] if r.get("principal_yi"))
    for i, (year, month, yi) in enumerate(months):
        row = dict(template)
        row.update(id=f"hn-{i}", province_code="410000", date=dt.date(year, month, 3).isoformat(),
                   as_of=dt.date(year, month, 3).isoformat(), principal_yi=str(yi), amount_yi="", amount_kind="")
        tables["announcements"].append(row)
    app = HostApp(snapshot_from_rows(tables))
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_province(pilot, "410000")
        charts = screen.view.charts
        while screen.chart_widget is None or screen.chart_widget.chart.key != "announcements:principal-by-month":
            await pilot.press("c")
            await pilot.pause()
            assert len(charts) > 1
        widget = screen.chart_widget
        assert len(widget.chart.labels) == MONTHS_CHARTED
        assert_every_bar_to_scale(widget)
        shown = widget.render().plain
        assert "2025-08" in shown and "2023-10" in shown and "2023-09" in shown
        assert "9 earlier months not shown (2019-01 to 2019-09)" in widget.chart.note
        screen.query_one("#province-body").scroll_to_widget(screen.query_one("#title-chart"), animate=False, top=True)
        await pilot.pause()
        assert "9 earlier months not shown" in " ".join(screen_text(app).split())  # the note says so (wrapped)


# --------------------------------------------------------------------------- labels and marks


async def test_one_derived_mark_everywhere_and_an_unstated_base_says_so():
    from npl_tui.screens.help import HelpScreen
    from npl_tui.screens.sources import SourcesScreen
    from npl_tui.widgets.discount_pane import DiscountPane

    app = shipped_app(DATA)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        shown = screen_text(app)
        assert "(basis?)" not in shown and "base not stated" in shown
        assert "base not stated" in app.screen.query_one(DiscountPane).query_one("#discount-body").render().plain  # type: ignore[attr-defined]
        ranking = app.screen.query_one(ProvinceRanking)
        seen_derived = False
        for _ in range(4):
            shown = screen_text(app)
            assert "†" not in shown
            if any(e.derived for e in ranking.ranking.entries):  # type: ignore[union-attr]
                seen_derived = True
                assert " d " in shown or " d│" in shown
                assert ranking.border_subtitle == "d derived by us"
                # the figures still line up: every value's last digit in the same column
                ends = {max(i for i, ch in enumerate(ranking.get_cell(code, "value").plain) if ch.isdigit()) for code in ranking.row_keys}
                assert len(ends) == 1
                ranking.focus()
                await pilot.press("i")
                await pilot.pause()
                assert isinstance(app.screen, SourcesScreen)
                sources = screen_text(app)
                assert "†" not in sources and "d derived" in sources
                await pilot.press("escape")
                await pilot.pause()
            await pilot.press("m")
            await pilot.pause()
        assert seen_derived
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert any("d after a figure" in text for _title, text in app.screen.notes)
        await pilot.press("escape")
        await pilot.pause()
        for code in ("440000", "410000"):  # Guangdong's cities have derived figures
            screen = await open_province(pilot, code)
            derived = any(f.derived for c in screen.view.cities for f in c.figures) or any(f.derived for f in screen.view.figures)
            text = screen_text(app)
            assert "†" not in text
            if derived:
                assert "d after a figure: derived by us" in " ".join(text.split())
                cities = screen.query_one("#cities")
                assert any(cell.plain.endswith(" d") for i in range(cities.row_count) for cell in cities.get_row_at(i))
            await pilot.press("escape")
            await pilot.pause()


def amount_units(cells: list[str]) -> set[str]:
    import re

    found = set()
    for c in cells:
        m = re.search(r"\d(亿|万|bn|m)(?![a-z])", c)
        if m:
            found.add(m.group(1))
    return found


async def test_a_column_of_amounts_has_one_unit_named_in_its_header():
    from npl_tui.widgets.announcement_table import AnnouncementTable

    app = shipped_app(DATA)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        table = app.screen.query_one(AnnouncementTable)
        for unit, header in (("yi", "亿"), ("bn", "bn")):
            cells = [table.get_cell(key, "principal").plain for key in table.row_keys]
            assert len(amount_units(cells)) == 1, amount_units(cells)
            assert header in table.columns["principal"].label.plain  # type: ignore[index]
            await pilot.press("u")
            await pilot.pause()
        # Guangdong mixed 4,568.68万 with 2.3亿 in one column
        screen = await open_province(pilot, "440000")
        section = screen.query_one("#announcements")
        cells = [section.get_cell(key, "principal").plain for key in section.row_keys]
        assert amount_units(cells) == {"亿"}
        assert "Principal 亿" in section.columns["principal"].label.plain
        assert "0.457亿" in cells  # 4,568.68万


# --------------------------------------------------------------------------- narrow and wide screens


async def test_at_80x24_a_drill_down_shows_principal_and_status():
    app = shipped_app(DATA)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        for code in ("410000", "440000"):
            screen = await open_province(pilot, code)
            section = screen.query_one("#announcements")
            keys = [c.key for c in section.ordered_columns]
            assert keys[0] == "date" and {"seller", "buyer", "principal", "status"} <= set(keys)
            assert section.virtual_size.width <= section.scrollable_content_region.width  # nothing off to the right
            while app.screen.focused is not section:
                await pilot.press("tab")
                await pilot.pause()
            shown = screen_text(app)
            header = next(line for line in shown.splitlines() if "Date" in line and "Seller" in line)
            assert "Principal" in header and "Status" in header
            first = section.get_row_at(0)
            line = next(line for line in shown.splitlines() if first[0].plain in line and first[1].plain[:6] in line)
            principal, status = first[keys.index("principal")].plain, first[keys.index("status")].plain
            assert principal[:4] in line and status in line
            await pilot.resize_terminal(120, 40)  # wider: the city and the asset come back
            await pilot.pause()
            await pilot.pause()
            assert [c.key for c in section.ordered_columns] == ["date", "seller", "buyer", "city", "asset", "principal", "status"]
            await pilot.resize_terminal(*SMALL)
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()


async def test_the_provinces_pane_title_keeps_its_year_at_120x40_and_80x24():
    app = shipped_app(DATA)
    for size in (BIG, SMALL):
        async with app.run_test(size=size) as pilot:
            await loaded(pilot)
            ranking = app.screen.query_one(ProvinceRanking)
            for _ in range(4):
                year = str(ranking.ranking.year)  # type: ignore[union-attr]
                top = screen_text(app).splitlines()[ranking.region.y]
                title = top[top.index("2 "):]
                assert f" {year} ─" in title, title  # the year, whole, then the border
                assert "…" not in title.split(year)[0][-3:]
                await pilot.press("m")
                await pilot.pause()
        app = shipped_app(DATA)


async def test_an_unstated_base_is_read_whole_at_80x24():
    app = shipped_app(DATA)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        assert "· base not stated" in screen_text(app)  # not cut to "base n…"


# --------------------------------------------------------------------------- README


async def test_readme_names_the_panes_as_the_app_numbers_and_titles_them():
    import re

    from npl_tui.screens.dashboard import PANES

    readme = (DATA.parent / "README.md").read_text("utf-8")
    section = readme[readme.index("## What you see") : readme.index("## Data")]
    described = dict(re.findall(r"^\| \*\*(\d) ([^*]+)\*\* \|", section, flags=re.MULTILINE))
    assert sorted(described) == sorted(PANES)
    app = shipped_app(DATA)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        for number, widget_id in PANES.items():
            widget = app.screen.query_one(f"#{widget_id}")
            pane = widget if widget.border_title else widget.parent  # the announcements' box
            assert str(pane.border_title).startswith(f"{number} {described[number]}"), (number, pane.border_title)
            await pilot.press(number)  # the key of the number focuses that pane
            await pilot.pause()
            assert app.screen.focused is widget
        # every key the key bar offers is in the README's key table
        keys = set(re.findall(r"`([^`]+)`", section.split("| key | does |")[1]))
        keys |= {"ctrl+p"} if "Ctrl+P" in section else set()
        shown = {b.key for _, b, enabled, _tooltip in app.screen.active_bindings.values() if b.show and enabled}
        names = {"question_mark": "?", "slash": "/", "ctrl+p": "ctrl+p", "enter": "Enter", "escape": "Esc"}
        for key in shown:
            name = names.get(key, key)
            assert name in keys or name in section, key


async def test_clicks_in_the_announcements_and_a_scrolled_province_section_hit_their_row():
    from npl_tui.widgets.announcement_table import AnnouncementTable

    app = shipped_app(DATA)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        table = app.screen.query_one(AnnouncementTable)
        table.scroll_to(y=7, animate=False, immediate=True)
        await pilot.pause()
        await pilot.click(AnnouncementTable, offset=(20, 1 + 3))  # header, then the 4th row in view
        await pilot.pause()
        assert table.cursor_row == 7 + 3
        await pilot.click(AnnouncementTable, offset=(40, 0))  # the Principal header sorts
        await pilot.pause()
        assert table.sort_key == "principal" and table.cursor_row == 0
        screen = await open_province(pilot, "440000")
        section = screen.query_one("#announcements")
        body = screen.query_one("#province-body")
        body.scroll_to_widget(section, animate=False, top=True)  # the body scrolled down
        await pilot.pause()
        section.scroll_to(y=5, animate=False, immediate=True)  # and the section itself
        await pilot.pause()
        assert body.scroll_y > 0
        await click_row(pilot, section, 1 + 2)  # header, then the 3rd row in view
        assert section.cursor_row == 5 + 2


async def test_at_80x24_the_highlighted_deal_shows_its_seller_and_buyer_whole():
    """The narrow announcements pane cuts sellers to a few letters and has no buyer
    column: its bottom border names the highlighted deal's seller and buyer."""
    from npl_tui.widgets.announcement_table import AnnouncementPane, AnnouncementTable

    app = shipped_app(DATA)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        pane = app.screen.query_one(AnnouncementPane)
        table = app.screen.query_one(AnnouncementTable)
        await pilot.press("4")
        while table.current_row is None or not table.current_row.get("buyer"):
            await pilot.press("j")
        await pilot.pause()
        row = table.current_row
        bottom = screen_text(app).splitlines()[21]
        assert "Xunxian RCB → Zhongyuan AMC" in bottom, bottom  # Xunxian Rural Commercial Bank's 2025-11-13 sale
        assert row["seller"].startswith("Xunxian") and pane.border_subtitle is not None
        await pilot.press("l")
        await pilot.pause()
        assert "浚县农商银行 → 中原资产" in screen_text(app).splitlines()[21]
    app = shipped_app(DATA)
    async with app.run_test(size=BIG) as pilot:  # at 120 columns the buyer has its column
        await loaded(pilot)
        assert not app.screen.query_one(AnnouncementPane).border_subtitle


async def test_a_party_name_in_the_caption_is_never_markup():
    from drill_fixtures import fixture_snapshot
    from pilot_helpers import settle

    from npl_tui.app import NplApp
    from npl_tui.core.sources import StaticSource
    from npl_tui.widgets.announcement_table import AnnouncementTable

    app = NplApp(StaticSource(fixture_snapshot()))
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        await pilot.press("4")
        for _ in range(table.row_count):
            if "pwn" in str(table.current_row.get("seller")) + str(table.current_row.get("buyer")):
                break
            await pilot.press("j")
        await pilot.pause()
        bottom = screen_text(app).splitlines()[21]
        assert "[bold red]pwn[/]" in bottom and app.is_running  # shown as typed; [@click=app.quit] ran nothing
        assert "\x1b" not in bottom
