"""SVG screen snapshots of the drill-down, in the real app on the shipped data.

The app is ``NplApp`` itself (shipped data/, frozen clock), reached the way a user
gets there: the province through the app's navigation API (what the ranking, the
picker and the palette call), the record by Enter on its row.

Update the baselines with ``pytest tests/snapshots/test_snapshots_drilldown.py --snapshot-update``
and look at the SVGs (``snapshot_report.html`` on failure) before committing them.
"""

from __future__ import annotations

import pytest
from ui_fixtures import loaded, shipped_app

from npl_tui.widgets.row_table import RowTable

pytestmark = pytest.mark.usefixtures("utc")


async def drawn(pilot) -> None:  # type: ignore[no-untyped-def]
    """Until the province screen's last frame (the chart) is drawn."""
    for _ in range(100):
        await pilot.pause(0.01)
        if getattr(pilot.app.screen, "complete", False):
            break
    await pilot.pause()


def in_province(code: str, *keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        pilot.app.open_province(code)
        await drawn(pilot)
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_zhejiang_province_120x40(snap_compare, shipped_dir):
    assert snap_compare(shipped_app(shipped_dir), terminal_size=(120, 40), run_before=in_province("330000"))


def test_zhejiang_province_80x24(snap_compare, shipped_dir):
    assert snap_compare(shipped_app(shipped_dir), terminal_size=(80, 24), run_before=in_province("330000"))


def test_zhejiang_province_chinese_cities_80x24(snap_compare, shipped_dir):
    assert snap_compare(shipped_app(shipped_dir), terminal_size=(80, 24), run_before=in_province("330000", "l", "tab"))


def test_henan_month_dated_announcement_detail_80x24(snap_compare, shipped_dir):
    """A deal the source dates only to a month: the record shows 2025-08, never a day."""

    async def open_record(pilot) -> None:  # type: ignore[no-untyped-def]
        await in_province("410000")(pilot)
        screen = pilot.app.screen
        table = screen.query_one("#announcements", RowTable)
        screen._focus_section(table)
        table.move_cursor(row=table.get_row_index("seed-henan-zhongyuan-yingcheng-2025-08"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(shipped_app(shipped_dir), terminal_size=(80, 24), run_before=open_record)
