"""Sources: every figure a pane shows, with its period, as-of date, flags and source.

Opened with `i` on a dashboard pane. The table gives each figure's citations on one
line (hashes cut to 12 digits); below it, the highlighted figure's citations are listed
one a line, wrapped and whole (publisher, title, date, URL, the full SHA-256), with its
flags spelled out and its note. All text from the data is rendered literally (no
markup, no links).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ..core.provenance import Provenance
from ..core.vocab import WORDS, word
from ..render import citation_lines, fmt_date, literal, source_short
from ..state import Shared
from ..widgets.key_bar import KeyBar
from ..widgets.province_sections import figure_text
from .base import FollowsApp

__all__ = ["SourcesScreen", "fmt_provenance_value"]



def fmt_provenance_value(item: Provenance, unit: str) -> str:
    return figure_text(item.metric, item.value, item.qualifier, unit)


class SourcesScreen(FollowsApp, ModalScreen[None]):
    """Where the numbers of one pane come from."""

    DEFAULT_CSS = """
    SourcesScreen { align: center middle; }
    SourcesScreen > Vertical {
        width: 96%;
        height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    SourcesScreen #sources-table { height: 1fr; min-height: 4; }
    SourcesScreen #sources-detail-box { height: auto; max-height: 55%; }
    SourcesScreen #sources-detail-box:focus { background: $boost; }
    SourcesScreen #sources-detail { height: auto; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="sources.close"),
        Binding("i", "dismiss", "Close", show=False, id="sources.close_i"),
        Binding("j", "cursor_down", "Down", show=False, id="sources.down"),
        Binding("k", "cursor_up", "Up", show=False, id="sources.up"),
        # The detail may be taller than its box (two citations at 80x24): Tab goes to it,
        # j/k then scroll it, Tab goes back to the table.
        Binding("tab", "switch_focus", "Table/detail", tooltip="Move between the table and the detail (to scroll it)",
                id="sources.switch"),
    ]

    #: Cells of the Figure column at most; the Source column takes what is left.
    FIGURE_MAX = 44

    def __init__(self, title: str, items: Sequence[Provenance]) -> None:
        super().__init__()
        self.title_text = title
        self.items = list(items)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            box.border_subtitle = word("sources.legend", self.lang)
            yield DataTable(id="sources-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="sources-detail-box"):
                yield Static(id="sources-detail")
        yield KeyBar().data_bind(Shared.settings)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        lang = self.lang
        # The flags column has no heading: one cell wide, its letters are the legend's.
        headers = word("sources.heads", lang).split("|")
        for key, header, width in zip(("label", "value", "period", "as_of", "derived", "source"), headers, self._widths()):
            table.add_column(Text(header), key=key, width=width)
        for i, item in enumerate(self.items):
            table.add_row(
                literal(item.name(lang)),
                Text(fmt_provenance_value(item, self.unit), justify="right"),
                literal(item.period),
                Text(fmt_date(item.as_of)),
                Text(item.flags),
                literal(source_short(item.source)),  # each citation, its hash cut to 12 digits
                key=str(i),
            )
        if not self.items:
            self.query_one("#sources-detail", Static).update(Text(word("sources.none", lang)))
        table.focus()

    def _widths(self) -> list[int]:
        """Column widths that fit the box: the table never scrolls sideways, so the
        Source column (each citation, hash cut to 12 digits) is always in view."""
        values = [fmt_provenance_value(i, self.unit) for i in self.items]
        labels = [literal(i.name(self.lang)).cell_len for i in self.items]
        fixed = [max([5, *(cell_len(v) for v in values)]), max([6, *(len(i.period) for i in self.items)]), 10, max([1, *(len(i.flags) for i in self.items)])]
        # The box: 96% of the screen, less its border and padding, the scrollbar, and
        # one cell of padding each side of six columns.
        room = int(self.app.size.width * 0.96) - 4 - 2 - 12 - sum(fixed)
        figure = min(max([6, *labels]), self.FIGURE_MAX, max(12, room * 3 // 5))
        return [figure, *fixed, max(10, room - figure)]

    def detail(self, item: Provenance) -> Table:
        """The highlighted figure in full: what it is, its flags in words, each citation
        on its own wrapped line (nothing cut: title, date, URL, the whole hash), its note."""
        lang = self.lang
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(ratio=1, overflow="fold")
        value = f"{fmt_provenance_value(item, self.unit)} ({item.period}, {word('as_of', lang)} {fmt_date(item.as_of)})"
        grid.add_row(Text(""), literal(f"{item.name(lang)} = {value}"))
        for flag in item.flags:
            if f"flag.{flag}" in WORDS:
                grid.add_row(Text(flag), Text(word(f"flag.{flag}", lang)))
        if item.first_published is not None:
            grid.add_row(Text(""), literal(f"{word('sources.first_published', lang)} {item.first_published:g}"))
        citations = citation_lines(item.source) or ["–"]
        name = word("sources.source", lang)
        for i, line in enumerate(citations, 1):
            head = name if i == 1 else ""
            if len(citations) > 1:
                head = f"{head} {i}." if head else f"{i}."
            text = literal(line)
            text.overflow = "fold"  # a URL longer than the line is folded, not cut
            grid.add_row(Text(head, justify="right" if i > 1 else "left"), text)
        if item.note:
            note = literal(item.note)
            note.overflow = "fold"
            grid.add_row(Text(word("sources.note", lang)), note)
        return grid

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is None:
            return
        item = self.items[int(event.row_key.value)]
        self.query_one("#sources-detail", Static).update(self.detail(item))
        self.query_one("#sources-detail-box", VerticalScroll).scroll_home(animate=False)

    def action_cursor_down(self) -> None:
        box = self.query_one("#sources-detail-box", VerticalScroll)
        box.scroll_down() if box.has_focus else self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        box = self.query_one("#sources-detail-box", VerticalScroll)
        box.scroll_up() if box.has_focus else self.query_one(DataTable).action_cursor_up()

    def action_switch_focus(self) -> None:
        table = self.query_one(DataTable)
        self.set_focus(self.query_one("#sources-detail-box") if table.has_focus else table)
