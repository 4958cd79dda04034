"""Defects a trader found by hand on the shipped data, each pinned through Pilot."""

from __future__ import annotations

from pathlib import Path

from ui_fixtures import loaded, shipped_app

from npl_tui.widgets.province_ranking import NATIONAL_KEY, ProvinceRanking

DATA = Path(__file__).resolve().parent.parent / "data"
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
