"""Pilot helpers shared by the tests that drive the app: a frozen clock, settling, screen text."""

from __future__ import annotations

import datetime as dt

from textual.geometry import Region
from textual.widgets import Static
from ui_fixtures import FROZEN_NOW

from npl_tui.app import NplApp


class Clock:
    def __init__(self, now: dt.datetime = FROZEN_NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


async def settle(app: NplApp, pilot) -> None:
    """Let the load worker finish and every watcher run."""
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def plain(widget: Static) -> str:
    """What the widget shows on screen, as text (lines joined with newlines)."""
    width, height = widget.size
    return "\n".join(strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, width, height)))


def screen_text(app: NplApp) -> str:
    """Everything the terminal shows, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)
