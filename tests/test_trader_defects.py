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
