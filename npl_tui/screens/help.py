"""Help: the keys active on the screen underneath, from the same Binding definitions
that drive the footer — so help can never disagree with what the keys do — then what
that screen's marks mean, when it says (its ``help_notes(lang)``). All of it in the
app's language: the keys' Chinese are ``vocab.KEY_LABELS_ZH``, by binding id."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..core.vocab import key_label, word
from .base import FollowsApp, close

__all__ = ["HelpScreen", "key_rows"]


#: Textual's own navigation keys worth listing even though they carry no id.
_BUILTIN_SHOWN = {"app.focus_next", "app.focus_previous", "cursor_up", "cursor_down"}

#: Section order (titles: vocab "help.<scope>"): keys that work everywhere first (they
#: are what a small terminal's footer cannot fit), then the screen's, then what the
#: focused pane adds.
SECTIONS = ("global", "screen", "pane")


def key_rows(screen: Screen[object], lang: str = "en") -> list[tuple[str, str, str]]:
    """(keys, description, scope) for every described binding active on *screen*,
    described in *lang*.

    scope is "pane" (the focused widget and its containers), "screen" or "global".
    Keys sharing a description within a scope are merged ('1, 2, 3, 4  Focus pane').
    Textual's built-in bindings are listed only for the basic moves.
    """
    app = screen.app
    merged: dict[tuple[str, str], list[str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.system or not binding.description:
            continue
        if binding.id is None and not binding.show and binding.action not in _BUILTIN_SHOWN:
            continue
        node = active.node
        scope = "global" if node is app else ("screen" if node is screen else "pane")
        # The tooltip is the long form of a terse footer description ("By date").
        description = key_label(binding.id, binding.action, binding.tooltip or binding.description, lang, long=True)
        keys = merged.setdefault((scope, description), [])
        shown = app.get_key_display(binding)
        if shown not in keys:
            keys.append(shown)
    order = {name: i for i, name in enumerate(SECTIONS)}
    rows = [(", ".join(keys), desc, scope) for (scope, desc), keys in merged.items()]
    rows.sort(key=lambda r: order[r[2]])  # stable: keeps binding order within a scope
    return rows


class HelpScreen(FollowsApp, ModalScreen[None]):
    """Lists the keys of the screen it was opened from. Esc, ? or q closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help-body {
        width: 60; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close help", id="help.close"),
        Binding("j", "scroll('down')", "Down", show=False, id="help.down"),
        Binding("k", "scroll('up')", "Up", show=False, id="help.up"),
    ]

    def __init__(self, underneath: Screen[Any]) -> None:
        super().__init__()
        self.underneath = underneath
        #: (title, text) about what the screen's marks and orders mean, in the app's language.
        self.notes: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        # The app's language is here already (FollowsApp, before compose).
        underneath = self.underneath
        self._rows = key_rows(underneath, self.lang)
        self.notes = underneath.help_notes(self.lang) if isinstance(underneath, FollowsApp) else []
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True, min_width=12)
        table.add_column()
        titles = {scope: word(f"help.{scope}", self.lang) for scope in SECTIONS}
        previous = None
        for keys, desc, scope in self._rows:
            if scope != previous:
                table.add_row(Text(titles[scope], style="underline"), Text(""))
                previous = scope
            table.add_row(Text(keys), Text(desc))
        with VerticalScroll(id="help-body") as body:
            body.border_title = word("help.title", self.lang)
            body.border_subtitle = word("help.subtitle", self.lang)
            yield Static(table, id="help-table")
            if self.notes:
                notes = Text(end="")
                for title, text in self.notes:
                    notes.append(f"\n{title}\n", style="underline")
                    notes.append(text + "\n")
                yield Static(notes, id="help-notes")

    def action_close(self) -> None:
        close(self)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        # At once, not animated: a held or repeated j moves a line per key.
        body.scroll_down(animate=False) if direction == "down" else body.scroll_up(animate=False)
