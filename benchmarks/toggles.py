"""Time l / u / sort keys on the shipped data (547 announcements) in a headless app.

Run: .venv/bin/python benchmarks/toggles.py [--size 120x40] [--repeat 5]
Prints the median wall time per key, from the key press until the screen has
refreshed (the table and every pane bound to the toggled setting). `j` (cursor
down one row) is the floor: what any key costs in this harness.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

from npl_tui.app import NplApp
from npl_tui.core.sources import LocalSnapshotSource
from npl_tui.widgets.announcement_table import AnnouncementTable

DATA = Path(__file__).resolve().parent.parent / "data"


async def main(size: tuple[int, int], repeat: int) -> None:
    app = NplApp(LocalSnapshotSource(DATA, kind="shipped"))
    async with app.run_test(size=size) as pilot:
        while app.snapshot is None:
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(AnnouncementTable)
        table.focus()
        table.move_cursor(row=40)
        await pilot.pause()
        keep = table.current_row["id"]
        results: dict[str, list[float]] = {}
        for _ in range(repeat):
            for key in ("j", "l", "u", "p", "d", "o", "d"):
                start = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()  # let the refresh (render) happen
                results.setdefault(key if key != "d" else "d (sort)", []).append(time.perf_counter() - start)
        await pilot.press("d")  # back to date descending
        await pilot.pause()
        for _ in range(repeat):  # undo the j presses
            await pilot.press("k")
        await pilot.pause()
        moved = table.current_row["id"] != keep
        for key, times in results.items():
            print(f"{key:9} median {statistics.median(times) * 1000:6.1f} ms  max {max(times) * 1000:6.1f} ms  (n={len(times)})")
        print("cursor kept on the same announcement:", not moved)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cols, rows = (int(n) for n in args.size.split("x"))
    asyncio.run(main((cols, rows), args.repeat))
