"""Sources: every figure a pane shows, with its period, as-of date, flags and source.

Opened with `i` on a dashboard pane. The highlighted figure's full source and note are
shown below the table. All text from the data is rendered literally (no markup, no links).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ..core.provenance import Provenance
from ..render import fmt_date, literal
from ..widgets.key_bar import KeyBar
from .province import figure_text

__all__ = ["SourcesScreen", "fmt_provenance_value"]


def fmt_provenance_value(item: Provenance, unit: str) -> str:
    return figure_text(item.metric, item.value, item.qualifier, unit)


class SourcesScreen(ModalScreen[None]):
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
    SourcesScreen #sources-table { height: 1fr; }
    SourcesScreen #sources-detail { height: auto; max-height: 6; color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="sources.close"),
        Binding("i", "dismiss", "Close", show=False, id="sources.close_i"),
        Binding("j", "cursor_down", "Down", show=False, id="sources.down"),
        Binding("k", "cursor_up", "Up", show=False, id="sources.up"),
    ]

    def __init__(self, title: str, items: Sequence[Provenance], *, lang: str = "en", unit: str = "yi") -> None:
        super().__init__()
        self.title_text = title
        self.items = list(items)
        self.lang = lang
        self.unit = unit

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield DataTable(id="sources-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="sources-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        zh = self.lang == "zh"
        headers = ("指标", "数值", "期间", "截至", "†", "来源") if zh else ("Figure", "Value", "Period", "As of", "†", "Source")
        for key, header in zip(("label", "value", "period", "as_of", "derived", "source"), headers):
            table.add_column(Text(header), key=key)
        for i, item in enumerate(self.items):
            flags = ("d" if item.derived else "") + ("r" if item.first_published is not None else "")
            table.add_row(
                literal(item.label_zh if zh else item.label),
                Text(fmt_provenance_value(item, self.unit), justify="right"),
                literal(item.period),
                Text(fmt_date(item.as_of)),
                Text(flags),
                literal(item.source),
                key=str(i),
            )
        if not self.items:
            self.query_one("#sources-detail", Static).update(Text("No figures on this pane yet."))
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is None:
            return
        item = self.items[int(event.row_key.value)]
        lines = Text()
        lines.append_text(literal(f"{item.label} = {fmt_provenance_value(item, self.unit)} ({item.period}, as of {fmt_date(item.as_of)})"))
        if item.derived:
            lines.append("\nderived by us from published figures (how: see note)")
        if item.first_published is not None:
            lines.append_text(literal(f"\nrevised: first published as {item.first_published:g}"))
        lines.append("\nsource: ")
        lines.append_text(literal(item.source))
        if item.note:
            lines.append("\nnote: ")
            lines.append_text(literal(item.note))
        self.query_one("#sources-detail", Static).update(lines)

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()
