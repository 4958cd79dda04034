"""The yardstick: the smallest Textual app with the same building blocks as npl-tui's
dashboard (Header, a Static, a DataTable, Footer), showing a ratio at first paint and
pushing a screen on Enter. npl-tui's times are compared with this app's, measured in
the same run on the same machine."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static


class DetailScreen(Screen):
    BINDINGS: ClassVar[list[tuple[str, str, str]]] = [("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("China › Zhejiang")
        yield Footer()


class MinimalApp(App):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("NPL ratio 1.50%  2025Q4")
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.cursor_type = "row"
        table.add_columns("Province", "Bid volume")
        table.add_rows([("Guangdong", "5,781亿"), ("Hebei", "2,862亿"), ("Zhejiang", "–")])

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # Enter on a row, as in npl-tui's provinces pane.
        self.push_screen(DetailScreen())


if __name__ == "__main__":
    MinimalApp().run()
