"""What npl-tui's long-lived screens share."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen

from ..state import Shared
from ..textual_workarounds import (
    OneWritePerUpdate,
    mark_screen,
    skip_repaint_when_covered,
)

__all__ = ["FollowsApp", "KeptScreen", "StyledOnce", "close"]


def close(screen: Screen[Any], result: Any = None) -> None:
    """Dismiss *screen* if it is still the one on top.

    Textual's dismiss pops whatever screen is on top. The second key of a burst
    ("⏎⏎" in the picker, "Esc Esc" on a deal) can reach a screen after it was
    dismissed: it must not pop the screen below (or the last one, which crashes).
    """
    if screen.is_attached and screen.app.screen is screen:
        screen.dismiss(result)


class FollowsApp(Shared):
    """A screen (put before the Textual screen class) that shows the app's state: it
    follows the app's market, settings and feed from before its widgets are composed,
    and binds them to its own."""

    def on_compose(self) -> None:
        # Runs before Widget._on_compose composes the children (subclass handlers first).
        self.follow_app()

    def help_notes(self, lang: str) -> list[tuple[str, str]]:
        """What this screen's marks and orders mean, (title, text) in *lang*: the help
        screen shows them under the keys."""
        return []


class StyledOnce(Screen[Any]):
    """A screen that is shown again and again restyles only when the theme changed.

    On every resume Textual restyles the whole screen, in case the CSS changed while
    it was away. For the kept screens and the picker that is a noticeable part of a
    drill-down, of Esc back and of the `g` path (measured: docs/benchmarks.md), and the
    only CSS change that can happen while a screen is away is a theme switch: so
    restyle on resume only when the theme changed since the screen was last styled.
    Class and focus changes restyle their own nodes when they happen, on screen or off.
    """

    _styled_theme: str | None = None

    def on_mount(self) -> None:
        self._styled_theme = self.app.theme

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen._on_screen_resume (Textual calls handlers subclass first).
        theme = self.app.theme
        if theme == self._styled_theme:
            event.refresh_styles = False
        self._styled_theme = theme


class KeptScreen(FollowsApp, StyledOnce, OneWritePerUpdate):
    """A screen that is shown again and again (the dashboard, the province screen):
    restyled only when the theme changed (:class:`StyledOnce`), each change written
    to the terminal once (``OneWritePerUpdate``)."""

    def preset_breakpoints(self, update: bool = False) -> None:
        """Put the width breakpoint class (-narrow / -wide) on before the first paint.

        Textual sets it on the screen's first Resize, after the first frame, and the
        class change restyles and repaints the whole screen: start-up spent painting
        the dashboard twice (measured: docs/benchmarks.md). Set from the app's size, the same
        rule as Textual's (the largest breakpoint the width reaches), the Resize then
        finds nothing to change. With *update*, a class that does change restyles the
        screen (a kept screen shown again after the terminal was resized).
        """
        breakpoints = self.HORIZONTAL_BREAKPOINTS
        if breakpoints is None:
            breakpoints = self.app.HORIZONTAL_BREAKPOINTS or []
        width = self.app.size.width
        chosen = next((name for at, name in sorted(breakpoints, reverse=True) if width >= at), None)
        for _at, name in breakpoints:
            self.set_class(name == chosen, name, update=update)

    def on_screen_suspend(self) -> None:
        skip_repaint_when_covered(self)  # (textual_workarounds)

    def on_key(self, event: events.Key) -> None:
        mark_screen(event, self)  # for the app's type-ahead (textual_workarounds)
