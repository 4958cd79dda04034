"""SVG screen snapshots of the drill-down on the shipped data.

Update the baselines with ``pytest tests/test_snapshots_drilldown.py --snapshot-update``
and look at the SVGs (``snapshot_report.html`` on failure) before committing them.
"""

from __future__ import annotations

from textual.widgets import DataTable

from drill_fixtures import HostApp


def test_zhejiang_province_120x40(snap_compare, shipped_snapshot):
    assert snap_compare(HostApp(shipped_snapshot, start="330000"), terminal_size=(120, 40))


def test_zhejiang_province_80x24(snap_compare, shipped_snapshot):
    assert snap_compare(HostApp(shipped_snapshot, start="330000"), terminal_size=(80, 24))


def test_zhejiang_province_chinese_cities_80x24(snap_compare, shipped_snapshot):
    async def to_cities(pilot) -> None:
        await pilot.press("l", "tab")
        await pilot.pause()

    assert snap_compare(HostApp(shipped_snapshot, start="330000"), terminal_size=(80, 24), run_before=to_cities)


def test_henan_announcement_detail_80x24(snap_compare, shipped_snapshot):
    async def open_newest(pilot) -> None:
        screen = pilot.app.screen
        screen._focus_section(screen.query_one("#announcements", DataTable))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(HostApp(shipped_snapshot, start="410000"), terminal_size=(80, 24), run_before=open_newest)
