"""Pilot tests of the drill-down: province, announcement and picker screens, the palette."""

from __future__ import annotations

import subprocess
import sys

import pytest
from drill_fixtures import (
    INJECTION,
    HostApp,
    fixture_rows,
    fixture_snapshot,
    snapshot_from_rows,
)
from textual.widgets import Static

from npl_tui.commands import JumpProvider, jump_targets
from npl_tui.core.state import Market
from npl_tui.screens.announcement import (
    AnnouncementScreen,
    announcement_crumb,
    announcement_fields,
)
from npl_tui.screens.picker import ProvincePickerScreen
from npl_tui.screens.province import ProvinceScreen
from npl_tui.widgets.breadcrumb import Breadcrumb, trail_text
from npl_tui.widgets.province_sections import figure_text
from npl_tui.widgets.row_table import RowTable

BIG = (120, 40)
SMALL = (80, 24)


def screen_text(app) -> str:
    """What the terminal shows, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


def screen_styles(app):
    strips = app.screen._compositor.render_strips()
    return [seg.style for strip in strips for seg in strip if seg.style is not None]


def rows(table: RowTable) -> list[list[str]]:
    return [[getattr(c, "plain", str(c)) for c in table.get_row_at(i)] for i in range(table.row_count)]


def cells(table: RowTable) -> list[dict[str, str]]:
    """Each row as column key -> what the cell shows."""
    keys = [c.key for c in table.ordered_columns]
    return [dict(zip(keys, r)) for r in rows(table)]


def crumb(app) -> str:
    return app.screen.query_one(Breadcrumb).plain


async def settle(pilot, delay: float = 0.05) -> None:
    await pilot.pause()
    await pilot.pause(delay)


@pytest.fixture(scope="module")
def fixture():
    return fixture_snapshot()


# --------------------------------------------------------------------------- pure helpers


def test_figure_text_keeps_bounds_as_bounds():
    assert figure_text("judicial_auctions_yoy_pct", 0.0, ">") == "> 0%"
    assert figure_text("judicial_auctions_yoy_pct", 66.95, ">") == "> 66.95%"
    assert figure_text("npl_ratio_pct", 10, "<") == "< 10%"
    assert figure_text("npl_ratio_pct", 1.5) == "1.50%"
    assert figure_text("judicial_auctions_yoy_pct", -5.81) == "-5.81%"
    assert figure_text("judicial_auctions_yoy_pct", 66.95) == "+66.95%"
    assert figure_text("npl_ratio_change_pp", 0.17) == "+0.17pp"
    assert figure_text("npl_bid_volume_yi", 5781.0, "~") == "~5,781亿"
    assert figure_text("npl_bid_volume_yi", 5781.0, unit="bn") == "RMB 578.1bn"
    assert figure_text("judicial_auctions", 5000, ">=") == "≥ 5,000"


def test_breadcrumb_text_is_literal():
    text = trail_text(["China", "[bold red]x[/] [@click=app.quit]y[/]"])
    assert text.plain == "China › [bold red]x[/] [@click=app.quit]y[/]"
    assert all("@click" not in str(span.style) for span in text.spans)


def test_announcement_crumb_and_fields(fixture):
    deal = next(r for r in fixture.announcements.rows if r["id"] == "ha-1")
    assert announcement_crumb(deal) == "Zhongyuan AMC ← Luoyang RCB"
    assert announcement_crumb(deal, "zh") == "中原资产 ← 洛阳农商银行"
    fields = dict(announcement_fields(deal))
    assert fields["Principal"] == "3.2亿" and fields["Interest"] == "4,100万"
    assert fields["Project no."] == "0012345"  # kept as text: leading zeros survive
    assert fields["Province"] == "Henan (410000)"
    assert fields["Source"] == "https://example.org/zheshang-2025.pdf"
    assert dict(announcement_fields(deal, "en", "bn"))["Principal"] == "RMB 320m"


def test_jump_targets_cover_provinces_and_parties(fixture):
    jumps = jump_targets(fixture)
    texts = [j.text for j in jumps]
    assert "Province: Zhejiang 浙江" in texts
    assert "Bank/AMC: Zhongyuan AMC 中原资产" in texts
    assert "Bank/AMC: Luoyang RCB 洛阳农商银行" in texts
    assert sum(1 for j in jumps if j.kind == "province") == 31


def test_province_screen_does_not_import_plotext():
    code = "import sys, npl_tui.screens.province, npl_tui.screens.announcement, npl_tui.screens.picker, npl_tui.commands; print('plotext' in sys.modules or 'textual_plotext' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


# --------------------------------------------------------------------------- province screen, shipped data


@pytest.mark.parametrize("size", [BIG, SMALL])
async def test_guangdong_shows_figures_and_cities(shipped_snapshot, size):
    app = HostApp(shipped_snapshot, start="440000")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProvinceScreen)
        assert crumb(app) == "China › Guangdong"
        figures = cells(screen.query_one("#figures", RowTable))
        assert len(figures) == len(screen.view.figures)
        # long metric names, or the short ones where China and Share leave no room (80 columns)
        bid = next(r for r in figures if r["metric"] in ("NPL bid volume", "Bid vol"))
        assert bid["value"] == "5,781亿" and bid["rank"] == "#1"
        assert any(r["metric"] in ("Online NPL auction deals", "Online deals") and r["value"] == "3,152" for r in figures)
        table = screen.query_one("#figures", RowTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width  # As of in view
        cities = rows(screen.query_one("#cities", RowTable))
        names = [r[0] for r in cities]
        assert "Guangzhou" in names and "Shenzhen" in names
        guangzhou = cities[names.index("Guangzhou")]
        assert "< 0%" in guangzhou  # a decline, shown as a bound
        assert "Guangdong" in screen_text(app)


async def test_henan_announcements_dated_to_a_month_show_only_the_month(shipped_snapshot):
    app = HostApp(shipped_snapshot, start="410000")
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#announcements", RowTable)
        shown = {key: r[0] for key, r in zip(table.row_keys, rows(table))}
        assert shown["seed-henan-zhongyuan-trust-2025-06"] == "2025-06"
        assert shown["seed-henan-henan-amc-taikang-2025-07"] == "2025-07"
        assert all(len(d) in (7, 10) for d in shown.values())


async def test_zhejiang_small_terminal_scrolls_to_every_section(shipped_snapshot):
    app = HostApp(shipped_snapshot, start="330000")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = app.screen
        assert crumb(app) == "China › Zhejiang"
        text = screen_text(app)
        assert "66,333" in text and "Judicial" in text
        # the highlighted figure's source is on screen
        assert "Source:" in text and screen.detail_text.startswith("Source: ") and "Source: –" not in text
        seen = []
        for _ in range(len(screen._sections())):
            await pilot.press("tab")
            await settle(pilot)
            seen.append(app.focused.id)
            title = screen.query_one(f"#title-{app.focused.id}", Static)
            assert screen.query_one("#province-body").region.contains_region(title.region)
        assert set(seen) == {"figures", "cities", "announcements"}
        await pilot.press("shift+tab")
        await settle(pilot)
        assert app.focused.id == seen[-2]
        table = app.focused
        start = table.cursor_row
        await pilot.press("j", "j")
        assert table.cursor_row == start + 2
        await pilot.press("k")
        assert table.cursor_row == start + 1
        body_text = screen_text(app)
        assert "No discount series published for Zhejiang" in "\n".join(
            str(w.render()) for w in screen.query(".section-note")
        ) or "No discount series" in body_text


async def test_tibet_says_it_has_no_figures(shipped_snapshot):
    app = HostApp(shipped_snapshot, start="540000")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert "The snapshot has no figures for Tibet" in screen_text(app)
        assert not [s.id for s in app.screen.query("#province-body > *") if s.display and s.id != "province-empty"]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ProvinceScreen)


# --------------------------------------------------------------------------- province screen, fixture


async def test_enter_on_announcement_opens_detail_and_escape_goes_back_one_level(fixture):
    app = HostApp(fixture, start="330000")
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        province = app.screen
        table = province.query_one("#announcements", RowTable)
        province._focus_section(table)
        await settle(pilot)
        assert app.focused is table
        await pilot.press("enter")  # newest first: Ping An Bank → Zheshang AMC
        await settle(pilot)
        assert isinstance(app.screen, AnnouncementScreen)
        assert app.opened[-1] == ("announcement", "zj-a2")
        assert crumb(app) == "China › Zhejiang › Zheshang AMC ← Ping An Bank"
        text = screen_text(app)
        assert "Ping An Bank" in text and "Credit card" in text and "2.1亿" in text
        assert "https://example.org/zheshang-2025.pdf" in text
        await pilot.press("l")  # the detail follows the language, trail included
        await settle(pilot)
        assert crumb(app) == "全国 › 浙江 › 浙商资产 ← 平安银行"
        assert "信用卡" in screen_text(app)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is province
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ProvinceScreen)
        assert app.screen.query_one("#dashboard")


async def test_enter_on_city_narrows_announcements_then_escape_widens(fixture):
    app = HostApp(fixture, start="330000")
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        screen = app.screen
        cities = screen.query_one("#cities", RowTable)
        screen._focus_section(cities)
        await settle(pilot)
        assert rows(cities)[0][0] == "Hangzhou"
        await pilot.press("enter")
        await settle(pilot)
        assert crumb(app) == "China › Zhejiang › Hangzhou"
        announcements = screen.query_one("#announcements", RowTable)
        assert [r[1] for r in rows(announcements)] == ["Hangzhou Bank"]
        assert app.focused is announcements
        # the figures section now shows the city's figures
        assert {r[1] for r in rows(screen.query_one("#figures", RowTable))} == {"Judicial auctions", "Judicial auctions YoY"}
        await pilot.press("enter")  # and an announcement opens with the city in the trail
        await settle(pilot)
        assert crumb(app) == "China › Zhejiang › Hangzhou › Hangzhou Bank"
        await pilot.press("escape")
        await settle(pilot)
        assert crumb(app) == "China › Zhejiang › Hangzhou"
        await pilot.press("escape")  # one level: back to the whole province
        await settle(pilot)
        assert app.screen is screen and crumb(app) == "China › Zhejiang"
        assert len(rows(announcements)) == 4


async def test_city_without_announcements_shows_its_figures(fixture):
    app = HostApp(fixture, start="330000")
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        screen = app.screen
        screen._focus_section(screen.query_one("#cities", RowTable))
        await pilot.press("down")  # Jinhua
        await pilot.press("enter")
        await settle(pilot)
        assert crumb(app) == "China › Zhejiang › Jinhua"
        figures = screen.query_one("#figures", RowTable)
        assert app.focused is figures
        assert ["Judicial auctions", "7,000"] == rows(figures)[0][1:3]
        assert ["Judicial auctions YoY", "> 0%"] == rows(figures)[1][1:3]
        assert "No announcements name Jinhua" in screen_text(app)


async def test_detail_line_shows_source_and_note_of_highlighted_figure(fixture):
    app = HostApp(fixture, start="330000")
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        figures = app.screen.query_one("#figures", RowTable)
        index = figures.get_row_index("zj-9")  # the derived 2024 judicial auctions
        figures.move_cursor(row=index)
        await settle(pilot)
        detail = str(app.screen.query_one("#province-detail", Static).render())
        assert "https://example.org/zheshang-2025.pdf" in detail
        assert "derived: 66,333 / 1.6695" in detail and "d derived by us" in detail
        await pilot.press("i")  # the whole source and note, even when the line is cut
        await settle(pilot)
        shown = [n.message for n in app._notifications]
        assert any("derived: 66,333 / 1.6695" in m and "example.org" in m for m in shown)


async def test_lang_and_unit_toggles_rerender_in_place(fixture):
    app = HostApp(fixture, start="330000")
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        screen = app.screen
        figures = screen.query_one("#figures", RowTable)
        figures.move_cursor(row=2)
        await pilot.press("l")
        await settle(pilot)
        assert app.screen is screen
        assert crumb(app) == "全国 › 浙江"
        assert "杭州" in [r[0] for r in rows(screen.query_one("#cities", RowTable))]
        assert rows(figures)[0][1] == "不良成交规模"
        assert figures.cursor_row == 2  # the cursor survived the re-render
        await pilot.press("u")
        await settle(pilot)
        assert rows(figures)[0][2] == "RMB 91.3bn  "  # two spaces: the room of a derived figure's " d"
        await pilot.press("l")
        await settle(pilot)
        assert crumb(app) == "China › Zhejiang"


async def test_snapshot_change_rerenders(fixture):
    app = HostApp(fixture, start="330000")
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        tables = fixture_rows()
        for row in tables["provinces"]:
            if row["id"] == "zj-4":
                row["value"] = "70000"
        app.market = Market(snapshot_from_rows(tables))
        await settle(pilot)
        figures = rows(app.screen.query_one("#figures", RowTable))
        assert any(r[1] == "Judicial auctions" and r[2].strip() == "70,000" for r in figures)


async def test_chart_is_mounted_cycles_and_empty_chart_says_so(fixture):
    app = HostApp(fixture, start="330000")
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        screen = app.screen
        chart = screen.chart_widget
        assert chart is not None and chart.chart.key == "city:2025:judicial_auctions"
        assert chart.bounded_points == 1
        assert "Taizhou (>)" in str(chart.render())
        await pilot.press("c")
        await settle(pilot)
        assert screen.chart_widget.chart.key == "ratio:vs-national"
        await pilot.press("escape")
        await settle(pilot)
        app.open_province("440000")  # fixture Guangdong: only bounds by city, one year
        await settle(pilot)
        assert app.screen.chart_widget is None
        assert "Nothing to chart for Guangdong" in screen_text(app)


# --------------------------------------------------------------------------- hostile text


async def test_injected_markup_is_shown_literally_and_runs_nothing(fixture):
    app = HostApp(fixture, start="330000")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = app.screen
        cities = rows(screen.query_one("#cities", RowTable))
        assert any(r[0].startswith("[bold red]pwn[/]") for r in cities)
        text = screen_text(app)
        assert "[bold red]pwn[/]" in text and "[@click=" in text
        for style in screen_styles(app):
            assert not style.link and "@click" not in str(style.meta or {})
        table = screen.query_one("#announcements", RowTable)
        screen._focus_section(table)
        table.move_cursor(row=table.get_row_index("zj-evil"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AnnouncementScreen)
        text = screen_text(app)
        assert text.count("[link=http://evil.example]x[/]") >= 3
        assert "\x1b" not in text
        for style in screen_styles(app):
            assert not style.link and "@click" not in str(style.meta or {})
        for y in range(12):  # click across the hostile fields: no action may run
            await pilot.click("#announcement-fields", offset=(20, y))
        await pilot.click(Breadcrumb, offset=(30, 0))
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, AnnouncementScreen)


# --------------------------------------------------------------------------- picker


@pytest.mark.parametrize(("typed", "code"), [("zhe", "330000"), ("浙", "330000"), ("guang", "440000"), ("ZJ", "330000"), ("shaanxi", "610000")])
async def test_picker_type_and_enter_opens_the_province(fixture, typed, code):
    app = HostApp(fixture)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, ProvincePickerScreen)
        await pilot.press(*typed) if typed.isascii() else app.screen.query_one("Input").insert_text_at_cursor(typed)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProvinceScreen) and app.screen.code == code


async def test_picker_arrows_escape_and_data_marks(fixture):
    app = HostApp(fixture)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("g")
        await settle(pilot)
        picker = app.screen
        prompts = [str(picker.query_one("OptionList").get_option_at_index(i).prompt) for i in range(31)]
        zhejiang = next(p for p in prompts if p.startswith("Zhejiang"))
        assert "浙江" in zhejiang and "● data" in zhejiang
        assert "○ no data" in next(p for p in prompts if p.startswith("Tibet"))
        await pilot.press(*"guang")
        await pilot.press("down")
        await settle(pilot)
        assert picker.highlighted_code == "450000"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, (ProvincePickerScreen, ProvinceScreen))
        assert app.opened == []


# --------------------------------------------------------------------------- palette


async def test_jump_provider_hits_for_province_and_bank(fixture):
    app = HostApp(fixture)
    async with app.run_test(size=BIG) as pilot:
        provider = JumpProvider(app.screen)
        await provider.startup()
        hits = [h async for h in provider.search("Zhejiang")]
        assert hits and hits[0].text == "Province: Zhejiang 浙江"
        hits[0].command()
        await settle(pilot)
        assert app.opened == [("province", "330000")]
        bank = [h async for h in provider.search("Zhongyuan")]
        assert [h.text for h in bank] == ["Bank/AMC: Zhongyuan AMC 中原资产"]
        bank[0].command()
        await settle(pilot)
        assert app.parties == ["Zhongyuan AMC"]
        zh = [h async for h in provider.search("洛阳")]
        assert any(h.text == "Bank/AMC: Luoyang RCB 洛阳农商银行" for h in zh)
        evil = [h async for h in provider.search("pwn")]
        assert evil and all(h.prompt.plain.startswith("Bank/AMC: [bold red]pwn[/]") for h in evil)
        assert all("@click" not in str(s.style) for h in evil for s in h.prompt.spans)


async def test_palette_end_to_end_opens_province(fixture):
    app = HostApp(fixture)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Zhejiang")
        await settle(pilot, 0.5)
        await pilot.press("enter")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, ProvinceScreen) and app.screen.code == "330000"


def test_injection_constant_is_hostile():
    assert "[@click=app.quit]" in INJECTION and "\x1b" in INJECTION
