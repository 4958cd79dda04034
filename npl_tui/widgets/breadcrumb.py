"""Breadcrumb: where the user is in the drill-down, e.g. "China › Zhejiang › deal".

Each part may come from data (a city, a bank), so the trail is built as literal
Rich ``Text``: markup in a name is shown, never interpreted.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from ..render import literal

__all__ = ["SEPARATOR", "Breadcrumb", "trail_text"]

SEPARATOR = " › "


def trail_text(trail: Iterable[str]) -> Text:
    """The trail as one literal Text; the last part (where you are) in bold."""
    parts = [p for p in trail if p]
    text = Text(end="")
    for i, part in enumerate(parts):
        if i:
            text.append(SEPARATOR, style="dim")
        piece = literal(part)
        if i == len(parts) - 1:
            piece.stylize("bold")
        text.append_text(piece)
    return text


class Breadcrumb(Widget):
    """One line showing the drill-down trail."""

    DEFAULT_CSS = """
    Breadcrumb {
        height: 1;
        width: 1fr;
        padding: 0 1;
        background: $panel;
        color: $text;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    trail: reactive[tuple[str, ...]] = reactive(tuple, layout=False)

    def __init__(self, trail: Iterable[str] = (), *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(Breadcrumb.trail, tuple(trail))

    @property
    def plain(self) -> str:
        """The trail as plain text (what the user reads)."""
        return trail_text(self.trail).plain

    def render(self) -> Text:
        return trail_text(self.trail)
