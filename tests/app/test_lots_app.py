"""The lots in the app: loaded behind the dashboard, the L screen (filter, sort, Enter),
the province screen's computed figures, and what a bad lots file does."""

from __future__ import annotations

from pathlib import Path

import pytest
from lots_fixtures import bulk_rows, known_rows, snapshot_with_lots
from pilot_helpers import screen_text, settle
from textual.widgets import Input, Static

from npl_tui.app import NplApp
from npl_tui.core.sources import LocalSnapshotSource
from npl_tui.screens.lots import LotsScreen
from npl_tui.screens.province import ProvinceScreen
from npl_tui.widgets.lots_table import LotsTable

pytestmark = pytest.mark.usefixtures("utc")


def app_on(directory: Path, **kwargs: object) -> NplApp:
    return NplApp(LocalSnapshotSource(directory), **kwargs)  # type: ignore[arg-type]


async def ready(app: NplApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(40):
        await settle(app, pilot)
        if app.lots.done and app.lots.figures is not None or app.lots.error or not app.lots.present:
            break
        await pilot.pause(0.05)
    await pilot.pause()


def title(app: NplApp) -> str:
    return str(app.screen.query_one("#lots-title", Static).render())


async def test_lots_load_behind_the_dashboard_and_the_status_line_says_so(tmp_path):
    app = app_on(snapshot_with_lots(tmp_path / "snap"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        assert app.lots.done and app.lots.lots is not None and app.lots.lots.n == 5
        text = screen_text(app)
        assert "5 lots (L)" in text and "SYNTH" in text
        assert "1.50%" in text  # the headline figures are there too


async def test_lots_screen_filters_sorts_and_drills_down(tmp_path):
    app = app_on(snapshot_with_lots(tmp_path / "snap"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("L")
        await settle(app, pilot)
        assert isinstance(app.screen, LotsScreen)
        assert "5 lots" in title(app) and "SYNTHETIC" in title(app)
        await pilot.press("slash", *"zhejiang")
        await settle(app, pilot)
        assert app.screen.query_one(Input).value == "zhejiang"
        assert "3 of 5 lots" in title(app)
        await pilot.press("enter", "p")  # sort by starting price, highest first
        await settle(app, pilot)
        table = app.screen.query_one(LotsTable)
        page = table.page
        assert [page.lots.text("id", page.row_at(i)) for i in range(len(page))] == ["L2", "L1", "L3"]
        assert "by starting price ↓" in title(app)
        await pilot.press("p")  # again: lowest first
        await settle(app, pilot)
        page = table.page
        assert [page.lots.text("id", page.row_at(i)) for i in range(len(page))] == ["L3", "L1", "L2"]
        await pilot.press("enter")  # L3 is in Ningbo, Zhejiang: nation › province
        await settle(app, pilot)
        assert isinstance(app.screen, ProvinceScreen) and app.screen.code == "330000"
        text = screen_text(app)
        assert "Lots (computed, n=3)" in text
        lines = {line.split("  ")[1].strip(): line for line in text.split("\n") if line.startswith("  ") and "  " in line[2:]}
        assert "66.7%" in lines["First-auction share"]  # L1 and L3 are first rounds, of 3
        assert "66.7%" in lines["Sale rate (sold / ended)"]  # L1, L3 sold; L2 unsold
        assert "77.5%" in lines["Median deal / appraisal"]  # 75% (L1) and 80% (L3)


async def test_empty_filter_and_escape(tmp_path):
    app = app_on(snapshot_with_lots(tmp_path / "snap"))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("L", "slash", *"henan")
        await settle(app, pilot)
        assert "1 of 5 lots" in title(app)
        await pilot.press("escape")  # clears the filter
        await settle(app, pilot)
        assert "5 lots" in title(app) and " of " not in title(app)
        await pilot.press("escape")  # back
        await settle(app, pilot)
        assert not isinstance(app.screen, LotsScreen)


async def test_filter_by_amount_and_month(tmp_path):
    app = app_on(snapshot_with_lots(tmp_path / "snap"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("L", "slash", *">100万", "space", *"2025-02")
        await settle(app, pilot)
        page = app.screen.query_one(LotsTable).page
        assert [page.lots.text("id", page.row_at(i)) for i in range(len(page))] == ["L2"]  # 112万 start, unsold, Feb


async def test_feed_text_in_lots_is_never_markup(tmp_path):
    rows = known_rows()
    rows[0]["seller"] = "[bold red]Fake court[/bold red] [link=http://x]y[/link]"
    app = app_on(snapshot_with_lots(tmp_path / "snap", rows))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("L")
        await settle(app, pilot)
        text = screen_text(app)
        assert "[bold red]Fake court" in text


async def test_a_bad_lots_file_keeps_the_dashboard_and_names_the_row(tmp_path):
    rows = known_rows()
    rows[3]["status"] = "sould"
    app = app_on(snapshot_with_lots(tmp_path / "snap", rows))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(app, pilot)
        assert app.snapshot is not None  # the headline figures stay
        assert app.lots.error is not None and "lots.csv row 4 column status" in app.lots.error
        assert "lots.csv row 4 column status" in screen_text(app)
        await pilot.press("L")
        await settle(app, pilot)
        assert "row 4 column status" in title(app)


async def test_snapshot_without_lots(shipped_dir):
    app = app_on(shipped_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        assert not app.lots.present
        assert "lots" not in screen_text(app).split("\n")[-2]  # the status line
        await pilot.press("L")
        await settle(app, pilot)
        assert "this snapshot has no lots" in title(app)


async def test_many_lots_fill_in_and_the_cursor_pages(tmp_path):
    app = app_on(snapshot_with_lots(tmp_path / "snap", bulk_rows(20_000)))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("L")
        await settle(app, pilot)
        assert "20,000 lots" in title(app)
        table = app.screen.query_one(LotsTable)
        await pilot.press("end")
        await settle(app, pilot)
        assert table.cursor == 19_999
        detail = str(app.screen.query_one("#lots-detail", Static).render())
        assert detail.startswith("B0019999")


async def test_chinese_mode_lots_screen(tmp_path):
    app = app_on(snapshot_with_lots(tmp_path / "snap"), lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("L")
        await settle(app, pilot)
        text = screen_text(app)
        for english in ("Lots", "Date", "Province", "sold", "unsold", "Court"):
            assert english not in text.split("\n", 2)[1] + text.split("\n", 2)[0], english
        assert "5 件拍品" in title(app) and "合成数据" in title(app)
        assert "成交" in text and "流拍" in text and "杭州市" in text


async def test_from_a_province_to_its_lots_and_a_citys_lots(tmp_path):
    """nation › province › city › lot: L on a province lists its lots; Enter on a city
    of the computed cities lists that city's."""
    app = app_on(snapshot_with_lots(tmp_path / "snap"))
    async with app.run_test(size=(120, 60)) as pilot:
        await ready(app, pilot)
        app.open_province("330000")
        await settle(app, pilot)
        await pilot.pause(0.2)
        text = screen_text(app)
        assert "Cities (computed from lots, 2)" in text
        await pilot.press("L")
        await settle(app, pilot)
        assert isinstance(app.screen, LotsScreen)
        assert app.screen.query_one(Input).value == "浙江"
        assert "3 of 5 lots" in title(app)
        await pilot.press("escape")  # back to the province
        await settle(app, pilot)
        assert isinstance(app.screen, ProvinceScreen)
        table = app.screen.query_one("#lot-cities")
        app.screen.set_focus(table)
        table.move_cursor_to("330200")  # Ningbo
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LotsScreen) and app.screen.query_one(Input).value == "Ningbo"
        page = app.screen.query_one(LotsTable).page
        assert [page.lots.text("id", page.row_at(i)) for i in range(len(page))] == ["L3"]


async def test_a_snapshot_with_lots_is_kept_in_the_history_once_its_lots_are_read(tmp_path):
    from npl_tui.core.history import History

    snap = snapshot_with_lots(tmp_path / "snap", bulk_rows(3000))
    app = app_on(snap, keep_in_history=snap)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        for _ in range(40):
            await settle(app, pilot)
            if History().entries():
                break
        (entry,) = History().entries()
        assert (entry.path / "lots.csv").stat().st_size == (snap / "lots.csv").stat().st_size
        assert app.lots.done


async def test_a_filter_every_lot_matches_shows_them_as_they_are(tmp_path):
    app = app_on(snapshot_with_lots(tmp_path / "snap"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("L", "slash", "z")  # every seller is a Hangzhou court
        await settle(app, pilot)
        page = app.screen.query_one(LotsTable).page
        assert page.rows is None and len(page) == 5  # no array of every row number
        assert "5 of 5 lots" in title(app)
