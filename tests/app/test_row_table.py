"""RowTable on its own: layout, cursor, messages, mouse, order, and literal text."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult

from npl_tui.render import cell, literal
from npl_tui.widgets.row_table import RowTable


class Host(App[None]):
    def __init__(self, rows: int = 30, **table_kwargs: object) -> None:
        super().__init__()
        self.rows = rows
        self.table_kwargs = table_kwargs
        self.messages: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield RowTable(id="t", **self.table_kwargs)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.add_column("Date", key="date")
        table.add_column(Text("Seller ▼"), key="seller", width=12)
        table.add_column("Principal", key="principal")
        table.add_rows(
            [[literal(f"2025-11-{i % 28 + 1:02d}"), cell(f"广州农村商业银行 {i}"), cell(f"{i * 10 + 5}亿", right=True)] for i in range(self.rows)],
            keys=[f"r{i}" for i in range(self.rows)],
        )

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        self.messages.append(("highlighted", event.key))

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        self.messages.append(("selected", event.key))

    def on_row_table_header_selected(self, event: RowTable.HeaderSelected) -> None:
        self.messages.append(("header", event.key))


def lines(app: App) -> list[str]:
    strips = app.screen._compositor.render_strips()
    return ["".join(seg.text for seg in strip) for strip in strips]


async def test_columns_fit_the_widest_cell_and_fixed_widths_cut_with_an_ellipsis():
    app = Host(rows=12)
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        widths = [c.get_render_width(table) for c in table.ordered_columns]
        assert widths == [10 + 2, 12 + 2, len("Principal") + 2]
        screen = lines(app)
        assert screen[0].startswith(" Date        Seller ▼      Principal")
        row = screen[1]
        assert " 广州农村商 … " in row  # 12 cells: a wide character never split in half
        assert row.rstrip().endswith("5亿")
        assert cell_len(screen[1]) == 60
        # right-aligned: the amount ends at the column's right edge
        assert screen[2].index("15亿") + len("15亿") == screen[1].index("5亿") + len("5亿")


async def test_cursor_keys_messages_and_enter():
    app = Host()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(RowTable)
        table.focus()
        await pilot.pause()
        assert app.messages[:1] == [("highlighted", "r0")]  # the first rows put the cursor on row 0
        await pilot.press("down", "down", "up")
        await pilot.pause()
        assert table.cursor_row == 1
        assert app.messages[-3:] == [("highlighted", "r1"), ("highlighted", "r2"), ("highlighted", "r1")]
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 29 and table.scroll_y > 0  # scrolled into view
        assert "r29" in {m[1] for m in app.messages}
        await pilot.press("pageup")
        assert table.cursor_row == 29 - (table.scrollable_content_region.height - 1)
        await pilot.press("home", "enter")
        await pilot.pause()
        assert table.cursor_row == 0 and app.messages[-1] == ("selected", "r0")
        await pilot.press("up")  # clamped at the top
        assert table.cursor_row == 0


async def test_clicks_highlight_then_select_and_header_clicks_name_the_column():
    app = Host()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        await pilot.click(RowTable, offset=(3, 3))  # header is line 0: row 2
        await pilot.pause()
        table = app.query_one(RowTable)
        assert table.cursor_row == 2 and app.messages[-1] == ("highlighted", "r2")
        await pilot.click(RowTable, offset=(3, 3))
        await pilot.pause()
        assert app.messages[-1] == ("selected", "r2")
        await pilot.click(RowTable, offset=(15, 0))  # "Seller" header
        await pilot.pause()
        assert app.messages[-1] == ("header", "seller")


async def test_clicks_hit_the_row_under_the_pointer_inside_a_border_and_padding_and_scrolled():
    # A pane's border and padding are outside the rows: a click counts from the first
    # row's line, not from the widget's outer edge (it used to pick the row below).
    app = Host()
    async with app.run_test(size=(60, 14)) as pilot:
        table = app.query_one(RowTable)
        table.styles.border = ("round", "white")
        table.styles.padding = (1, 1)
        table.styles.height = 12
        await pilot.pause()
        # outer line 0 border, 1 padding, 2 header, 3 row 0, 4 row 1
        await pilot.click(RowTable, offset=(4, 4))
        await pilot.pause()
        assert table.cursor_row == 1 and app.messages[-1] == ("highlighted", "r1")
        await pilot.click(RowTable, offset=(4, 4))
        await pilot.pause()
        assert app.messages[-1] == ("selected", "r1")
        count = len(app.messages)
        await pilot.click(RowTable, offset=(4, 0))  # the border: nothing
        await pilot.click(RowTable, offset=(4, 1))  # the padding: nothing
        await pilot.pause()
        assert len(app.messages) == count and table.cursor_row == 1
        await pilot.click(RowTable, offset=(2 + 15, 2))  # the "Seller" header, past the border and padding
        await pilot.pause()
        assert app.messages[-1] == ("header", "seller")
        table.scroll_to(y=10, animate=False, immediate=True)
        await pilot.pause()
        await pilot.click(RowTable, offset=(4, 3))  # the first row in view
        await pilot.pause()
        assert table.cursor_row == 10 and app.messages[-1] == ("highlighted", "r10")


async def test_only_painted_rows_are_laid_out_and_scrolling_lays_out_more():
    app = Host(rows=500)
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        assert table.row_count == 500
        assert 0 < len(table._segments) <= 10
        table.move_cursor(row=400)
        await pilot.pause()
        assert "r400" in table._segments and len(table._segments) <= 20


async def test_order_sort_update_relabel_and_clear():
    app = Host(rows=5)
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        table.set_order(["r4", "r3", "r2", "r1", "r0"])
        assert table.row_keys[:5] == ["r4", "r3", "r2", "r1", "r0"]
        assert table.get_row_index("r4") == 0 and table.get_row_at(0)[2].plain == "45亿"
        table.sort("principal", key=lambda text: int(text.plain.rstrip("亿")))
        assert table.get_row_at(0)[2].plain == "5亿"
        with pytest.raises(ValueError):
            table.set_order(["r0"])
        table.update_cell("r0", "principal", cell("123,456,789亿", right=True))
        assert table.ordered_columns[2].content_width == len("123,456,789") + 1 + 1  # 亿 is two cells
        table.relabel("date", "日期")
        await pilot.pause()
        assert lines(app)[0].startswith(" 日期")
        table.clear(columns=True)
        assert table.row_count == 0 and not table.columns and table.cursor_row == 0
        await pilot.pause()
        assert lines(app)[0].strip() == ""


async def test_cell_text_is_shown_literally():
    class Hostile(App[None]):
        def compose(self) -> ComposeResult:
            yield RowTable()

        def on_mount(self) -> None:
            table = self.query_one(RowTable)
            table.add_column("Seller", key="seller")
            table.add_row(literal("[bold red]Evil[/] [@click=app.quit]x[/] \x1b[31mred"), key="evil")
            table.add_row("[b]plain str[/b]", key="str")

    app = Hostile()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        screen = "\n".join(lines(app))
        assert "[bold red]Evil[/] [@click=app.quit]x[/]" in screen
        assert "[b]plain str[/b]" in screen
        assert "\x1b" not in screen
        assert app.is_running  # nothing ran


async def test_zebra_stripes_and_cursor_are_styled():
    app = Host(zebra_stripes=True)
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(RowTable)
        table.focus()
        await pilot.pause()
        strips = app.screen._compositor.render_strips()
        backgrounds = [strip._segments[0].style.bgcolor for strip in strips[1:4]]
        assert backgrounds[0] != backgrounds[1]  # cursor row
        assert backgrounds[1] != backgrounds[2]  # zebra
        assert table.get_component_rich_style("row-table--cursor").bgcolor == backgrounds[0]


async def test_a_wide_table_scrolls_sideways():
    app = Host()
    async with app.run_test(size=(20, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        assert table.virtual_size.width > 20
        table.scroll_to(x=12, animate=False, immediate=True)
        await pilot.pause()
        assert lines(app)[0].startswith(" Seller ▼")


async def test_lazy_rows_are_built_only_when_painted_or_read():
    built: list[str] = []

    class Lazy(App[None]):
        def compose(self) -> ComposeResult:
            yield RowTable()

        def on_mount(self) -> None:
            table = self.query_one(RowTable)
            table.add_column("Key", key="k", width=6)
            table.add_column("Value", key="v", width=8)

            def make(key: str) -> list[Text]:
                built.append(key)
                return [literal(key), cell(str(len(built)), right=True)]

            table.add_lazy_rows([f"r{i}" for i in range(1000)], make)

    app = Lazy()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        assert table.row_count == 1000
        assert 0 < len(built) <= 10  # the rows on screen
        assert table.get_cell("r500", "k").plain == "r500" and "r500" in built
        before = len(built)
        table.remake_rows()
        await pilot.pause()
        assert before < len(built) <= before + 10  # the screenful again, nothing else
        with pytest.raises(ValueError):
            table.add_column("auto")  # an auto-width column cannot be sized without the cells
            table.add_lazy_rows(["x"], lambda key: [key])
