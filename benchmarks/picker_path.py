"""The picker path in-process: `g` + "Zhejiang⏎" posted as one burst (as one SSH
packet brings them), until the province screen's first frame is rendered.

Headless, on the shipped snapshot. Each round first opens Guangdong the same way and
goes back (so Zhejiang replaces another province, as in benchmarks/run.py), then
times the Zhejiang burst:

- wall and CPU time (main thread) from posting the keys to Textual handing the
  province screen's first frame to the (headless) driver;
- Python function calls on the way (cProfile, in separate rounds, so the count does
  not slow the timed ones). This VM's CPU speed wanders by up to 2x from second to
  second, so timings need many rounds and interleaving; the call count does not
  wander, and is what to compare between two versions of the code.

Run: .venv/bin/python benchmarks/picker_path.py [--rounds 15] [--size 120x40]

The first frame is detected by wrapping ``App._display`` (Textual's private method
that hands a rendered frame to the driver): a benchmark may look inside Textual, the
app does not.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import statistics
import time
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App

from npl_tui.app import NplApp
from npl_tui.core.sources import LocalSnapshotSource
from npl_tui.screens.province import ProvinceScreen

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"

frames: list[tuple[float, float, Any]] = []  # (perf_counter, thread_time, screen)
_display = App._display


def _recording_display(self: App[Any], screen: Any, renderable: Any) -> None:
    if renderable is not None:
        frames.append((time.perf_counter(), time.thread_time(), screen))
    _display(self, screen, renderable)


def burst(app: App[Any], name: str) -> None:
    for key, char in [("g", "g"), *[(c, c) for c in name], ("enter", "\r")]:
        app.post_message(events.Key(key, char))


async def until_province_frame(app: App[Any], code: str) -> tuple[float, float]:
    while True:
        for t, c, screen in frames:
            if isinstance(screen, ProvinceScreen) and screen.code == code:
                return t, c
        await asyncio.sleep(0.0005)


async def main(size: tuple[int, int], rounds: int) -> dict[str, Any]:
    App._display = _recording_display  # type: ignore[method-assign]
    try:
        return await _measure(size, rounds)
    finally:
        App._display = _display  # type: ignore[method-assign]


async def _measure(size: tuple[int, int], rounds: int) -> dict[str, Any]:
    app = NplApp(LocalSnapshotSource(DATA, kind="shipped"))
    walls: list[float] = []
    cpus: list[float] = []
    calls: list[int] = []
    async with app.run_test(size=size) as pilot:
        while app.snapshot is None:
            await pilot.pause()
        await pilot.pause(1.0)  # the warm-up builds the province screen and the picker
        for i in range(rounds * 2):
            counting = i % 2 == 1  # alternate timed and counted rounds
            burst(app, "Guangdong")
            await pilot.pause(0.4)
            app.post_message(events.Key("escape", "\x1b"))
            await pilot.pause(0.8)  # (the picker gets ready for the next g after 0.5 s)
            frames.clear()
            profile = cProfile.Profile() if counting else None
            if profile is not None:
                profile.enable()
            t0, c0 = time.perf_counter(), time.thread_time()
            burst(app, "Zhejiang")
            t1, c1 = await until_province_frame(app, "330000")
            if profile is not None:
                profile.disable()
                calls.append(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]
            else:
                walls.append((t1 - t0) * 1000)
                cpus.append((c1 - c0) * 1000)
            await pilot.pause(0.4)
            app.post_message(events.Key("escape", "\x1b"))
            await pilot.pause(0.5)
    return {
        "size": f"{size[0]}x{size[1]}",
        "rounds": rounds,
        "wall_ms_median": round(statistics.median(walls), 1),
        "wall_ms_min": round(min(walls), 1),
        "cpu_ms_median": round(statistics.median(cpus), 1),
        "python_calls_median": int(statistics.median(calls)),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    cols, rows = (int(n) for n in args.size.split("x"))
    result = asyncio.run(main((cols, rows), args.rounds))
    for key, value in result.items():
        print(f"{key:22} {value}")
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "picker-path-latest.json").write_text(json.dumps(result, indent=2) + "\n")
