"""Help: the keys active on the screen underneath, from the same Binding definitions
that drive the footer — so help can never disagree with what the keys do."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

__all__ = ["HelpScreen", "key_rows"]


def key_rows(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(keys, description, where) for every described binding active on *screen*,
    keys with the same action and description merged ('j, down')."""
    app = screen.app
    merged: dict[tuple[str, str], tuple[list[str], str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.system or not binding.description:
            continue
        node = active.node
        where = "global" if node is app else ("screen" if node is screen else type(node).__name__)
        key = (binding.action, binding.description)
        keys, _ = merged.setdefault(key, ([], where))
        shown = app.get_key_display(binding)
        if shown not in keys:
            keys.append(shown)
    rows = [(", ".join(keys), desc, where) for (_action, desc), (keys, where) in merged.items()]
    order = {"global": 2, "screen": 1}
    rows.sort(key=lambda r: (order.get(r[2], 0), r[2]))
    return rows


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen it was opened from. Esc, ? or q closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help-body {
        width: 72; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close help", id="help.close"),
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
    ]

    def __init__(self, underneath: Screen[object]) -> None:
        super().__init__()
        self._rows = key_rows(underneath)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(style="dim", no_wrap=True)
        for keys, desc, where in self._rows:
            table.add_row(Text(keys), Text(desc), Text(where))
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys on this screen"
            body.border_subtitle = "Esc closes"
            yield Static(table, id="help-table")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_down() if direction == "down" else body.scroll_up()
