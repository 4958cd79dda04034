"""What's new: every row new or revised since the user last looked, grouped by table.

Opened with ``w`` from anywhere. Each line is one change; below the list, the
highlighted one in full: for a revision each figure old → new, what was seen (as-of
date and source) and what is there now, and the alert rules it rang. Enter goes to
it: an announcement's record, a province's screen, or the dashboard pane that shows a
national figure. What this screen shows counts as seen: it says so to the app once it
is on screen, and the app records it (:mod:`npl_tui.core.seen`).

The list is what was unseen when the screen opened; it does not change under the
user while it is open. Every text from the feed is shown literally.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ..changes_view import change_detail, change_line
from ..core.schema import NATIONAL_CODE, TABLES
from ..core.state import change_uid
from ..core.vocab import WORDS, word
from ..messages import AnnouncementSelected, ChangesSeen, PaneChosen, ProvinceSelected
from ..render import cell
from ..state import Shared
from ..widgets.key_bar import KeyBar
from ..widgets.row_table import RowTable
from .base import FollowsApp, close

if TYPE_CHECKING:
    from ..core.seen import Change

__all__ = ["WhatsNewScreen"]

#: Cells of the first column: "new", "revised", "! new" (an alert rang).
KIND_WIDTH = 10
#: The dashboard pane that shows a national figure of each table.
_PANES = {"ratios": "1", "provinces": "2", "discount_rates": "3", "announcements": "4"}


class WhatsNewScreen(FollowsApp, Screen[None]):
    """The changes since the user last looked, grouped by table; Enter goes there."""

    DEFAULT_CSS = """
    WhatsNewScreen #whatsnew-title { height: 1; padding: 0 1; text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
    WhatsNewScreen #whatsnew-table { height: 1fr; }
    WhatsNewScreen #whatsnew-empty { margin: 1 2; }
    WhatsNewScreen #whatsnew-detail-box { height: auto; max-height: 9; border-top: solid $foreground 30%; padding: 0 1; }
    WhatsNewScreen #whatsnew-detail { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="whatsnew.close"),
        Binding("enter", "open", "Go there", tooltip="Go to the row or the province", id="whatsnew.open"),
        Binding("j", "cursor_down", "Down", show=False, id="whatsnew.down"),
        Binding("k", "cursor_up", "Up", show=False, id="whatsnew.up"),
    ]

    AUTO_FOCUS = "#whatsnew-table"

    def __init__(self, changes: tuple[Change, ...], alerts: Mapping[str, tuple[str, ...]] | None = None) -> None:
        super().__init__()
        self.changes = changes
        self.alerts = dict(alerts or {})
        self._by_key: dict[str, Change] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="whatsnew-title")
        yield RowTable(id="whatsnew-table", show_header=False, cell_padding=0)
        yield Static(id="whatsnew-empty")
        with VerticalScroll(id="whatsnew-detail-box"):
            yield Static(id="whatsnew-detail")
        yield KeyBar().data_bind(Shared.settings)

    def on_mount(self) -> None:
        self._fill()
        if self.changes:
            # Shown: seen (once the screen is up, so nothing counts as seen that was not on it).
            self.call_after_refresh(self.post_message, ChangesSeen(self.changes))

    def watch_settings(self) -> None:
        if self.is_mounted:
            self._fill()

    def on_resize(self) -> None:
        self._fill()

    # ------------------------------------------------------------------ drawing

    def _title(self) -> str:
        kinds = [c.kind for c in self.changes]
        counts = [word(f"unseen.{k}", self.lang, n=str(kinds.count(k))) for k in ("new", "revised") if k in kinds]
        return " · ".join([word("whatsnew.title", self.lang), *counts])

    def _fill(self) -> None:
        lang, unit = self.lang, self.unit
        self.query_one("#whatsnew-title", Static).update(Text(self._title()))
        table = self.query_one("#whatsnew-table", RowTable)
        empty = self.query_one("#whatsnew-empty", Static)
        empty.display = not self.changes
        table.display = bool(self.changes)
        self.query_one("#whatsnew-detail-box").display = bool(self.changes)
        empty.update(Text(word("whatsnew.none", lang)))
        keep = table.cursor_key
        table.clear(columns=True)
        width = max(20, self.app.size.width - KIND_WIDTH - 1)
        table.add_column("", width=KIND_WIDTH, key="kind")
        table.add_column("", width=width, key="what")
        self._by_key = {}
        groups: dict[str, list[Change]] = {}
        for change in self.changes:
            groups.setdefault(change.table, []).append(change)
        ordered = [n for n in TABLES if n in groups] + [n for n in groups if n not in TABLES]
        for name in ordered:
            items = groups[name]
            title = word(f"table.{name}", lang) if f"table.{name}" in WORDS else name
            table.add_row(Text(""), Text(f"{title} · {len(items)}", style="bold underline"), key=f"table:{name}")
            for change in items:
                key = change_uid(change)
                self._by_key[key] = change
                mark = ("! " if self.alerts.get(key) else "  ") + word(f"whatsnew.{change.kind}", lang)
                table.add_row(cell(mark, style="bold" if change.kind == "new" else ""),
                              cell(change_line(change, lang, unit), width=width), key=key)
        if keep is not None and table.move_cursor_to(keep):
            return
        first = next(iter(self._by_key), None)
        if first is not None:
            table.move_cursor_to(first)
        self._show_detail(table.cursor_key)

    def _show_detail(self, key: str | None) -> None:
        change = self._by_key.get(key or "")
        detail = self.query_one("#whatsnew-detail", Static)
        if change is None:
            detail.update(Text(word("whatsnew.hint", self.lang), style="dim"))
            return
        text = change_detail(change, self.lang, self.unit, self.alerts.get(key or "", ()))
        text.append("\n")
        text.append(word("whatsnew.hint", self.lang, short=self.app.size.width < 100), style="dim")
        detail.update(text)

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail(event.key)

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        self._go(event.key)

    # ------------------------------------------------------------------ actions

    def action_close(self) -> None:
        close(self)

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        """To the next change (over the tables' title lines)."""
        table = self.query_one("#whatsnew-table", RowTable)
        keys = table.row_keys
        row = table.cursor_row + step
        while 0 <= row < len(keys) and keys[row] not in self._by_key:
            row += step
        if 0 <= row < len(keys):
            table.move_cursor(row=row)

    def action_open(self) -> None:
        self._go(self.query_one("#whatsnew-table", RowTable).cursor_key)

    def _go(self, key: str | None) -> None:
        """To the row: an announcement's record, a province's screen, or the pane that
        shows a national figure."""
        change = self._by_key.get(key or "")
        if change is None:
            return
        row = change.row
        code = str(row.get("province_code") or "")
        if change.table == "announcements":
            self.post_message(AnnouncementSelected(row))
        elif code and code != NATIONAL_CODE and change.table in ("provinces", "discount_rates"):
            self.post_message(ProvinceSelected(code))
        else:
            self.post_message(PaneChosen(_PANES.get(change.table, "1")))

    def help_notes(self, lang: str) -> list[tuple[str, str]]:
        return [(word("whatsnew.toast_title", lang), word("whatsnew.hint", lang))]
