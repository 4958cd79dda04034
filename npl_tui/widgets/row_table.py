"""RowTable: a read-only table with a row cursor, drawn line by line.

npl-tui's tables (announcements, the province ranking, the province screen's
sections) are one-line rows of literal ``Text`` cells with a row cursor. Textual's
DataTable renders every cell through Rich's generic pipeline (padding, styling,
line splitting), measures every new row on idle, and re-renders
every visible cell whenever focus moves: that was most of npl-tui's first paint,
the whole cost of moving between panes and a third of a drill-down
(measured: docs/benchmarks.md). RowTable keeps each row as ready-made segments, computes
column widths from the cells' lengths as rows arrive, and paints a line by laying
the row's style over those segments: a screenful of rows costs next to nothing
(measured: docs/benchmarks.md).

Its names are its own: rows and columns have ``str`` keys; the cursor is a row
(``cursor_row``, ``cursor_key``, ``move_cursor``, ``move_cursor_to``); its messages
(RowHighlighted, RowSelected, HeaderSelected) carry ``table`` and ``key``. What it
does not do: cell or column cursors, multi-line rows, fixed columns, hover highlight,
row labels.

Cells are ``rich.text.Text`` (npl_tui.render.literal/cell make them from untrusted
text: never markup). Longer than their column they are cut with their overflow
("ellipsis" unless set); ``justify="right"`` right-aligns them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

__all__ = ["Column", "RowTable"]


@dataclass
class Column:
    key: str
    label: Text
    width: int | None  # fixed content width, or None: as wide as the widest cell
    content_width: int = 0

    def get_render_width(self, table: RowTable) -> int:
        return (self.width if self.width is not None else self.content_width) + 2 * table.cell_padding


_NULL = Style.null()


def _as_text(value: object) -> Text:
    if isinstance(value, Text):
        return value
    return Text("" if value is None else str(value), end="")  # plain, never markup


def fit(text: Text, width: int, console: Any) -> list[Segment]:
    """*text* on one line of exactly *width* cells: cut with its overflow, aligned by
    its justify, styled by its own style and spans."""
    if width <= 0:
        return []
    length = text.cell_len
    if length > width or "\n" in text.plain:
        text = text.copy()
        if "\n" in text.plain:
            text = Text(" ").join(text.split("\n"))
        text.truncate(width, overflow=text.overflow or "ellipsis")
        length = text.cell_len
    segments = list(text.render(console, end=""))
    pad = width - length
    if pad > 0:
        if text.justify == "right":
            segments.insert(0, Segment(" " * pad, _NULL))
        elif text.justify == "center":
            segments.insert(0, Segment(" " * (pad // 2), _NULL))
            segments.append(Segment(" " * (pad - pad // 2), _NULL))
        else:
            segments.append(Segment(" " * pad, _NULL))
    return segments


class _RowMessage(Message):
    """A message about one row: the table, the row's index and its key."""

    def __init__(self, table: RowTable, row: int, key: str) -> None:
        super().__init__()
        self.table = table
        self.row = row
        self.key = key

    @property
    def control(self) -> RowTable:
        return self.table


class RowTable(ScrollView, can_focus=True):
    """Rows of Text cells under a header, with a row cursor. Enter selects the row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_top", "Top", show=False),
        Binding("end", "scroll_bottom", "Bottom", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"row-table--header", "row-table--cursor", "row-table--even-row"}

    # Looks as DataTable does, from the same theme variables.
    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .row-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .row-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .row-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .row-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .row-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .row-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .row-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class RowHighlighted(_RowMessage):
        """The cursor moved to a row."""

    class RowSelected(_RowMessage):
        """Enter on a row, or a click on the highlighted row."""

    class HeaderSelected(Message):
        """A click on a column header."""

        def __init__(self, table: RowTable, key: str, index: int, label: Text) -> None:
            super().__init__()
            self.table = table
            self.key = key
            self.index = index
            self.label = label

        @property
        def control(self) -> RowTable:
            return self.table

    def __init__(
        self,
        *,
        show_header: bool = True,
        zebra_stripes: bool = False,
        cell_padding: int = 1,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.show_header = show_header
        self.zebra_stripes = zebra_stripes
        self.show_cursor = True
        self._cell_padding = cell_padding
        self.columns: dict[str, Column] = {}
        self._keys: list[str] = []
        self._index: dict[str, int] = {}
        self._cells: dict[str, list[Text] | None] = {}  # None: not made yet (lazy rows)
        self._make: Callable[[str], Sequence[object]] | None = None
        self._segments: dict[str, list[Segment]] = {}  # row key -> the row's cells, laid out
        self._header: list[Segment] | None = None
        self._auto = 0  # counter for keys not given
        self._cursor = 0
        self._total_width = 0
        self._paint: tuple[Style, Style, Style, Style] | None = None  # styles, for one paint

    # ------------------------------------------------------------------ columns and rows

    @property
    def cell_padding(self) -> int:
        return self._cell_padding

    @cell_padding.setter
    def cell_padding(self, value: int) -> None:
        if value != self._cell_padding:
            self._cell_padding = value
            self._relayout()

    @property
    def ordered_columns(self) -> list[Column]:
        return list(self.columns.values())

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def header_height(self) -> int:
        return 1 if self.show_header else 0

    def _new_key(self, key: str | None, prefix: str) -> str:
        if key is None:
            self._auto += 1
            key = f"{prefix}-{self._auto}"
        return str(key)

    def add_column(self, label: object = "", *, width: int | None = None, key: str | None = None) -> str:
        column_key = self._new_key(key, "column")
        text = _as_text(label)
        column = Column(column_key, text, width, text.cell_len)
        index = len(self.columns)
        for cells in self._cells.values():
            if cells is not None and index < len(cells):
                column.content_width = max(column.content_width, cells[index].cell_len)
        self.columns[column_key] = column
        self._relayout()
        return column_key

    def add_columns(self, *labels: object) -> list[str]:
        return [self.add_column(label) for label in labels]

    def add_row(self, *cells: object, key: str | None = None) -> str:
        return self.add_rows([cells], keys=[key])[0]

    def add_rows(self, rows: Iterable[Sequence[object]], keys: Sequence[str | None] | None = None) -> list[str]:
        """Add rows at the end (with *keys*, one per row, or generated ones)."""
        first = not self._keys
        added: list[str] = []
        columns = self.ordered_columns
        widths = [c.content_width for c in columns]
        for i, row in enumerate(rows):
            texts = [_as_text(c) for c in row]
            for j, text in enumerate(texts[: len(columns)]):
                if columns[j].width is None:
                    widths[j] = max(widths[j], text.cell_len)
            added.append(self._append(self._new_key(keys[i] if keys is not None else None, "row"), texts))
        grew = any(w != c.content_width for w, c in zip(widths, columns))
        for column, width in zip(columns, widths):
            column.content_width = width
        self._rows_added(first, relayout=grew)
        return added

    def add_lazy_rows(self, keys: Sequence[str], make: Callable[[str], Sequence[object]]) -> None:
        """Add rows whose cells *make(key)* builds when first needed (painted or read).

        For long tables of fixed-width columns: 547 announcements are in the table at
        once, and only the rows that are looked at are ever built.
        """
        if any(c.width is None for c in self.columns.values()):
            raise ValueError("lazy rows need every column to have a fixed width")
        first = not self._keys
        for key in keys:
            self._append(str(key), None)
        self._make = make
        self._rows_added(first, relayout=False)

    def _append(self, row_key: str, cells: list[Text] | None) -> str:
        if row_key in self._index:
            raise KeyError(f"duplicate row key {row_key!r}")
        self._index[row_key] = len(self._keys)
        self._keys.append(row_key)
        self._cells[row_key] = cells
        return row_key

    def _rows_added(self, first: bool, relayout: bool) -> None:
        if relayout:
            self._relayout()  # a column grew: rows are laid out again when painted
        else:
            self._resize_virtual()
            self.refresh()
        if first and self._keys:  # the first rows: the cursor is on one now
            self._set_cursor(0, scroll=False, announce=True)

    def remake_rows(self) -> None:
        """Build every lazy row's cells again when next needed (its inputs changed)."""
        for key in self._cells:
            self._cells[key] = None
        self._segments.clear()
        self.refresh()

    def _cells_of(self, row_key: str) -> list[Text]:
        cells = self._cells[row_key]
        if cells is None:
            assert self._make is not None
            cells = self._cells[row_key] = [_as_text(c) for c in self._make(row_key)]
        return cells

    def clear(self, columns: bool = False) -> None:
        """Remove every row (and with *columns*, every column); the cursor goes home."""
        self._keys.clear()
        self._index.clear()
        self._cells.clear()
        self._segments.clear()
        self._make = None
        if columns:
            self.columns.clear()
        else:
            for column in self.columns.values():
                column.content_width = column.label.cell_len
        self._header = None
        self._cursor = 0
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._resize_virtual()
        self.refresh()

    def get_row(self, row_key: str) -> list[Text]:
        return list(self._cells_of(row_key))

    def get_row_at(self, row_index: int) -> list[Text]:
        return list(self._cells_of(self._keys[row_index]))

    def get_row_index(self, row_key: str) -> int:
        return self._index[row_key]

    def get_cell(self, row_key: str, column_key: str) -> Text:
        return self._cells_of(row_key)[self._column_index(column_key)]

    def update_cell(self, row_key: str, column_key: str, value: object) -> None:
        index = self._column_index(column_key)
        text = _as_text(value)
        self._cells_of(row_key)[index] = text
        column = self.ordered_columns[index]
        if column.width is None and text.cell_len > column.content_width:
            column.content_width = text.cell_len
            self._relayout()
            return
        self._segments.pop(row_key, None)
        self.refresh()

    def relabel(self, column_key: str, label: object) -> None:
        """A new header label for a column (the column widens if it must)."""
        column = self.columns[str(column_key)]
        column.label = _as_text(label)
        if column.width is None and column.label.cell_len > column.content_width:
            column.content_width = column.label.cell_len
            self._relayout()
        else:
            self._header = None
            self.refresh()

    def _column_index(self, column_key: str) -> int:
        for i, key in enumerate(self.columns):
            if key == column_key:
                return i
        raise KeyError(column_key)

    @property
    def row_keys(self) -> list[str]:
        return list(self._keys)

    def set_order(self, keys: Sequence[str]) -> None:
        """Show the same rows in a new order (the cursor stays on its row's index)."""
        if len(keys) != len(self._keys) or set(keys) != set(self._index):
            raise ValueError("set_order needs exactly the table's row keys")
        self._keys = list(keys)
        self._index = {k: i for i, k in enumerate(self._keys)}
        self.refresh()

    def sort(self, *column_keys: str, key: Callable[[Any], Any] | None = None, reverse: bool = False) -> None:
        """Order rows by the cells of *column_keys* (through *key*, if given)."""
        indexes = [self._column_index(c) for c in column_keys]

        def row_value(row_key: str) -> Any:
            cells = self._cells_of(row_key)
            values = [cells[i] for i in indexes] if indexes else list(cells)
            value: Any = values[0] if len(values) == 1 else tuple(values)
            if key is not None:
                return key(value)
            return tuple(v.plain for v in values)

        self.set_order(sorted(self._keys, key=row_value, reverse=reverse))

    # ------------------------------------------------------------------ cursor

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @cursor_row.setter
    def cursor_row(self, row: int) -> None:
        self.move_cursor(row=row)

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor (None with no rows)."""
        return self._keys[self._cursor] if 0 <= self._cursor < len(self._keys) else None

    def move_cursor_to(self, key: str | None, *, scroll: bool = True) -> bool:
        """Put the cursor on the row keyed *key*; False (cursor unmoved) if there is none."""
        index = self._index.get(key) if key is not None else None
        if index is None:
            return False
        self.move_cursor(row=index, scroll=scroll)
        return True

    def move_cursor(self, *, row: int | None = None, column: int | None = None, animate: bool = False, scroll: bool = True) -> None:
        """Put the cursor on *row* (clamped to the rows there are)."""
        if row is None or not self._keys:
            return
        self._set_cursor(max(0, min(row, len(self._keys) - 1)), scroll=scroll)

    def _set_cursor(self, row: int, *, scroll: bool = True, announce: bool = False) -> None:
        changed = row != self._cursor
        self._cursor = row
        if changed:
            self.refresh()
        if (changed or announce) and self._keys:
            self.post_message(self.RowHighlighted(self, row, self._keys[row]))
        if scroll:
            self.scroll_cursor_visible()

    def scroll_cursor_visible(self) -> None:
        visible = max(self.scrollable_content_region.height - self.header_height, 1)
        row = self.cursor_row
        top = round(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + visible:
            self.scroll_to(y=row - visible + 1, animate=False, immediate=True)

    def _page(self) -> int:
        return max(self.scrollable_content_region.height - self.header_height, 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + self._page())

    def action_page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - self._page())

    def action_scroll_top(self) -> None:
        self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(row=len(self._keys) - 1)

    def action_select_cursor(self) -> None:
        if self._keys and 0 <= self.cursor_row < len(self._keys):
            self.post_message(self.RowSelected(self, self.cursor_row, self._keys[self.cursor_row]))

    async def _on_click(self, event: events.Click) -> None:
        # The event's offset counts from the widget's outer edge; rows are laid out from
        # the content's (a border or padding above them would shift every click a row).
        offset = event.get_content_offset(self)
        if offset is None:  # on the border or padding: no row there
            return
        x = offset.x + round(self.scroll_x)
        if self.show_header and offset.y == 0:
            start = 0
            for index, column in enumerate(self.ordered_columns):
                end = start + column.get_render_width(self)
                if start <= x < end:
                    self.post_message(self.HeaderSelected(self, column.key, index, column.label))
                    break
                start = end
            event.stop()
            return
        row = offset.y - self.header_height + round(self.scroll_y)
        if 0 <= row < len(self._keys):
            event.stop()
            if row == self.cursor_row:
                self.action_select_cursor()
            else:
                self.move_cursor(row=row)

    # ------------------------------------------------------------------ layout and painting

    def _table_width(self) -> int:
        return sum(c.get_render_width(self) for c in self.columns.values())

    def _resize_virtual(self) -> None:
        self._total_width = self._table_width()
        self.virtual_size = Size(self._total_width, len(self._keys) + self.header_height)

    def _relayout(self) -> None:
        """Column widths changed: every row is laid out again when next painted."""
        self._segments.clear()
        self._header = None
        self._resize_virtual()
        self.refresh()

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self._table_width()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._keys) + self.header_height

    def _layout_cells(self, cells: Sequence[Text]) -> list[Segment]:
        console = self.app.console
        pad = Segment(" " * self._cell_padding, _NULL) if self._cell_padding else None
        segments: list[Segment] = []
        for index, column in enumerate(self.columns.values()):
            text = cells[index] if index < len(cells) else Text("")
            width = column.width if column.width is not None else column.content_width
            if pad:
                segments.append(pad)
            segments.extend(fit(text, width, console))
            if pad:
                segments.append(pad)
        return segments

    def render_lines(self, crop: Region) -> list[Strip]:
        # The styles are read once per paint, not per line (a DOM walk each).
        self._paint = (
            self.rich_style,
            self.get_component_rich_style("row-table--header"),
            self.get_component_rich_style("row-table--even-row"),
            self.get_component_rich_style("row-table--cursor"),
        )
        try:
            return super().render_lines(crop)
        finally:
            self._paint = None

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = round(self.scroll_x), round(self.scroll_y)
        base, header, even, cursor = self._paint or (
            self.rich_style,
            self.get_component_rich_style("row-table--header"),
            self.get_component_rich_style("row-table--even-row"),
            self.get_component_rich_style("row-table--cursor"),
        )
        if self.show_header and y == 0:
            if self._header is None:
                self._header = self._layout_cells([c.label for c in self.columns.values()])
            return self._finish(self._header, base + header, scroll_x, width)
        row = y - self.header_height + scroll_y
        if not 0 <= row < len(self._keys):
            return Strip.blank(width, base)
        row_key = self._keys[row]
        segments = self._segments.get(row_key)
        if segments is None:
            segments = self._segments[row_key] = self._layout_cells(self._cells_of(row_key))
        style = base
        if self.zebra_stripes and row % 2:
            style = style + even
        if row == self._cursor and self.show_cursor:
            # The cursor's colours win over the cells' (as DataTable's "css" priority).
            return self._finish(segments, style + cursor, scroll_x, width, post=Style(color=cursor.color, bgcolor=cursor.bgcolor))
        return self._finish(segments, style, scroll_x, width)

    def _finish(self, segments: list[Segment], style: Style, scroll_x: int, width: int, post: Style | None = None) -> Strip:
        """The row's segments in the row's style, cut to the visible columns and filled
        out to the widget's width: one Strip (each Strip carries seven caches)."""
        styled = list(Segment.apply_style(segments, style, post))
        fill = style + post if post else style
        table_width = self._total_width
        if not scroll_x and table_width <= width:
            if table_width < width:
                styled.append(Segment(" " * (width - table_width), fill))
            return Strip(styled, width)
        return Strip(styled, table_width).crop_extend(scroll_x, scroll_x + width, fill)
