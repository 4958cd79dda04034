"""SVG screen snapshots of the lots: the L screen (filtered, sorted) and the province
screen's computed figures, on the shipped tables plus the hand-written test lots
(tests/lots_fixtures.py, labelled synthetic on screen).

Update with ``pytest tests/snapshots/test_snapshots_lots.py --snapshot-update`` and look
at the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lots_fixtures import known_rows, snapshot_with_lots
from ui_fixtures import FROZEN_NOW, loaded

from npl_tui.app import NplApp
from npl_tui.core.sources import LocalSnapshotSource

pytestmark = pytest.mark.usefixtures("utc")


def lots_app(tmp_path: Path) -> NplApp:
    rows = known_rows()
    rows[2]["seller"] = "Ningbo Intermediate People's Court"
    rows[2]["seller_zh"] = "宁波市中级人民法院"
    return NplApp(LocalSnapshotSource(snapshot_with_lots(tmp_path / "snap", rows)), clock=lambda: FROZEN_NOW)


async def lots_loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    await loaded(pilot)
    for _ in range(100):
        await pilot.pause(0.01)
        await pilot.app.workers.wait_for_complete()
        if pilot.app.lots.figures is not None:
            break
    await pilot.pause()


def then(*keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await lots_loaded(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
        for _ in range(50):  # until a drill-down's last frame is drawn
            await pilot.pause(0.01)
            if getattr(pilot.app.screen, "complete", True):
                break
        await pilot.pause()

    return run_before


def test_lots_screen_sorted_120x40(snap_compare, tmp_path):
    assert snap_compare(lots_app(tmp_path), terminal_size=(120, 40), run_before=then("L", "p"))


def test_lots_screen_filtered_80x24(snap_compare, tmp_path):
    assert snap_compare(lots_app(tmp_path), terminal_size=(80, 24), run_before=then("L", "slash", *"zhejiang", "enter"))


def test_lots_screen_chinese_80x24(snap_compare, tmp_path):
    assert snap_compare(lots_app(tmp_path), terminal_size=(80, 24), run_before=then("l", "L"))


def test_province_with_computed_lot_figures_120x40(snap_compare, tmp_path):
    assert snap_compare(lots_app(tmp_path), terminal_size=(120, 40), run_before=then("L", "enter"))
