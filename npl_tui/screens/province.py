"""ProvinceScreen: everything the snapshot says about one province.

Sections, top to bottom: figures (by year and metric, with as-of, bound, rank and
a "d" after a figure we derived), cities, announcements (newest first), discount series
and a chart. A detail line at the bottom shows where the highlighted number came
from (source and note). Enter on a city narrows to it; Enter on an announcement
opens it; Escape goes back one level (city first, then the screen).

The data comes from :func:`npl_tui.core.province_view.province_view`; this module
only formats and lays it out. The chart widget is imported when first drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.widgets import Static

from ..core.province_view import (
    City,
    Figure,
    ProvinceView,
    province_view,
)
from ..core.snapshot import Snapshot
from ..core.views import amount_of
from ..render import (
    amount_kind_label,
    amount_mark,
    amount_scale,
    asset_label,
    basis_label,
    bound_text,
    cell,
    citation_lines,
    derived_mark,
    fmt_date,
    fmt_event_date,
    fmt_int,
    fmt_marked_amount,
    fmt_metric,
    fmt_share,
    label,
    literal,
    metric_label,
    party_name,
    scale_name,
    series_label,
    source_short,
    status_label,
    trim_zeros,
)
from ..widgets.breadcrumb import Breadcrumb
from ..widgets.key_bar import KeyBar
from ..widgets.row_table import RowTable
from .base import KeptScreen, close

if TYPE_CHECKING:
    from ..widgets.province_chart import ProvinceChart

__all__ = ["UI", "ProvinceScreen", "bound_text", "figure_text"]

#: Seconds between the drill-down's frames (head, tables, chart): a frame at 60 fps.
#: (call_after_refresh waited for every follow-up refresh of the first frame;
#: measured: docs/benchmarks.md.)
NEXT_FRAME = 1 / 60

#: Words only this screen uses, English and Chinese; the rest come from render.LABELS.
UI: dict[str, tuple[str, str]] = {
    "figures": ("Figures", "数据"),
    "cities": ("Cities", "城市"),
    "chart": ("Chart", "图表"),
    "year": ("Year", "年份"),
    "metric": ("Metric", "指标"),
    "value": ("Value", "数值"),
    "rank": ("Rank", "排名"),
    "as_of": ("As of", "截至"),
    "city": ("City", "城市"),
    "ann": ("Ann.", "公告"),
    "period": ("Period", "期间"),
    "series": ("Series", "系列"),
    "basis": ("Basis", "基准"),
    "n": ("n", "样本"),
    "note": ("Note", "备注"),
    "derived": ("d after a figure: derived by us from published figures (i: how)", "数值后的 d：由公开数据推算（按 i 查看方法）"),
    "no_data": ("The snapshot has no figures for {name}.", "快照中没有{name}的数据。"),
    "no_figures": ("No province-level figures in this snapshot.", "快照中没有省级数据。"),
    "no_cities": ("No city-level figures in this snapshot.", "快照中没有城市级数据。"),
    "no_announcements": ("No announcements for {name} in this snapshot.", "快照中没有{name}的转让公告。"),
    "no_discounts": ("No discount series published for {name}.", "没有{name}的折扣率数据。"),
    "no_chart": ("Nothing to chart for {name}: no series with two or more points.", "{name}没有可绘制的数据（需至少两个数据点）。"),
    "city_only": ("Showing {city} — Esc shows the whole province", "仅显示{city} — 按 Esc 返回全省"),
    "city_no_ann": ("No announcements name {city}; showing all of {name}.", "没有提及{city}的公告；显示{name}全部公告。"),
    "national": ("China", "全国"),
    "share": ("Share", "占全国"),
    "national_note": ("China: the national figure; Share: the province's part of it", "全国：全国数据；占全国：本省所占比例"),
    "amount_note": (
        "Principal unless marked: P+I claim, deal price, start(ing) price, book value, appr(aised) value, amt? kind not stated",
        "未标注者为本金；本息＝债权本息，成交＝成交价，起拍＝起拍价，账面＝账面价值，评估＝评估价，金额?＝类型未注明",
    ),
    "unless_marked": ("Principal unless marked", "未标注者为本金"),
    "suspect": ("suspect", "存疑"),
    "suspect_note": ("suspect: the data flags the figure as likely wrong", "存疑：数据本身标注该数可能有误"),
    "chart_of": ("{i}/{n} · c: next chart", "{i}/{n} · c：下一张图"),
    "bounds": ("(>) lower bound, (<) upper bound", "(>) 下限，(<) 上限"),
    "enter_opens": ("Enter: open", "回车：打开"),
    "empty_hint": ("g: go to another province · Esc: back", "g：前往其他省份 · Esc：返回"),
}

#: Rows a section table shows before it scrolls (its max-height, less the header).
SECTION_ROWS = 11

#: The province screen's announcement columns, in order; what goes first when the
#: screen is too narrow for them all; the narrowest the parties are ever cut to.
ANNOUNCEMENT_COLUMNS = ("date", "seller", "buyer", "city", "asset", "principal", "status")
DROPPED_FIRST = ("asset", "city")
PARTY_WIDTHS = {"seller": (26, 10), "buyer": (20, 8)}  # (widest, narrowest)


def fit_columns(natural: Mapping[str, int], room: int, padding: int = 1) -> dict[str, int]:
    """Content widths for the announcement columns in *room* cells (each column also
    takes *padding* each side): the parties at most their widest; where that is too
    wide the asset and then the city go (the record Enter opens has them), then the
    parties shrink — the date, the principal and the status always stay in view."""
    widths = {key: min(natural[key], PARTY_WIDTHS[key][0]) if key in PARTY_WIDTHS else natural[key] for key in natural}

    def total() -> int:
        return sum(w + 2 * padding for w in widths.values())

    for key in DROPPED_FIRST:
        if total() <= room:
            break
        widths.pop(key, None)
    over = total() - room
    if over > 0:  # the parties give up cells in proportion to what they can spare
        slack = {key: max(0, widths[key] - PARTY_WIDTHS[key][1]) for key in PARTY_WIDTHS}
        spare = sum(slack.values())
        for key in PARTY_WIDTHS:
            cut = min(slack[key], -(-over * slack[key] // spare)) if spare else 0
            widths[key] -= cut
    return widths


def _ui(key: str, lang: str, **kw: str) -> str:
    if key not in UI:
        return label(key, lang)  # the dashboard's words: one set for both screens
    en, zh = UI[key]
    return (zh if lang == "zh" else en).format(**kw)


def figure_text(metric: str, value: float | None, qualifier: str = "", unit: str = "yi", scale: str | None = None) -> str:
    """A figure in its metric's unit, bounds kept as bounds (render.fmt_metric); an
    amount in *scale*, its column's one unit, when given."""
    return fmt_metric(value, metric, qualifier, unit, scale)


def amounts_scale(figures: Iterable[Figure | None], unit: str) -> str:
    """The one unit for the amounts among *figures* (a column): from the largest."""
    return amount_scale((f.value for f in figures if f is not None and f.kind == "amount"), unit)


class ProvinceScreen(KeptScreen):
    """One province: figures, cities, announcements, discounts and a chart."""

    # Focused from the start (the screen is built ahead, off screen): focusing it on
    # the drill-down would restyle the section's ancestors inside that frame.
    AUTO_FOCUS = "#figures"

    #: The app's language, mirrored; the key bar is bound to it.
    lang: reactive[str] = reactive("en", init=False)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="province.back"),
        Binding("tab", "next_section", "Next section", id="province.next_section"),
        Binding("shift+tab", "previous_section", "Prev section", id="province.previous_section"),
        Binding("j", "cursor_down", "Down", show=False, id="province.down"),
        Binding("k", "cursor_up", "Up", show=False, id="province.up"),
        Binding("enter", "drill_down", "Open", id="province.open"),
        Binding("c", "next_chart", "Next chart", id="province.next_chart"),
        Binding("i", "show_source", "Source", id="province.source"),
    ]

    DEFAULT_CSS = """
    ProvinceScreen #province-summary {
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding: 0 1;
        color: $text-muted;
    }
    ProvinceScreen #province-body {
        height: 1fr;
        padding: 0 1;
    }
    ProvinceScreen .section-title {
        margin-top: 1;
        text-style: bold;
        color: $accent;
    }
    ProvinceScreen .section-note {
        color: $text-muted;
    }
    ProvinceScreen RowTable {
        height: auto;
        max-height: 12;
    }
    ProvinceScreen #province-empty {
        margin: 1 0;
        text-style: bold;
    }
    ProvinceScreen #province-detail {
        height: 2;
        text-wrap: nowrap;
        padding: 0 1;
        background: $panel;
        text-overflow: ellipsis;
    }
    ProvinceScreen #province-sections {
        height: auto;
    }
    ProvinceScreen.-empty #province-sections {
        display: none;
    }
    ProvinceScreen #province-chart-box {
        height: auto;
    }
    """

    def __init__(
        self,
        code: str | None,
        snapshot: Snapshot | None,
        *,
        lang: str = "en",
        unit: str = "yi",
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id)
        self.code = code or ""  # "" until show() points the screen at a province
        self.snapshot = snapshot
        self.lang = lang
        self.unit = unit
        self.view: ProvinceView = province_view(snapshot, self.code)
        self.city_key: str | None = None  # the city Enter narrowed to, if any
        self.detail_text = ""  # source and note of the highlighted row, as the detail line shows them
        self._detail_full = ""  # the same in full, one citation a line (`i`)
        self.chart_index = 0
        #: False from a drill-down until its last frame (the chart) is drawn.
        self.complete = False
        self._fitted_width = 0  # the screen width the section columns were fitted to

    # ------------------------------------------------------------------ compose

    def compose(self) -> ComposeResult:
        self.preset_breakpoints()
        yield Breadcrumb(self.trail, id="breadcrumb")
        yield Static(id="province-summary")
        with VerticalScroll(id="province-body"):
            yield Static(id="province-empty")
            with Vertical(id="province-sections"):
                yield Static(id="title-figures", classes="section-title")
                yield Static(id="note-figures", classes="section-note")
                yield RowTable(id="figures", cursor_type="row", zebra_stripes=True)
                yield Static(id="title-cities", classes="section-title")
                yield Static(id="note-cities", classes="section-note")
                yield RowTable(id="cities", cursor_type="row", zebra_stripes=True)
                yield Static(id="title-announcements", classes="section-title")
                yield Static(id="note-announcements", classes="section-note")
                yield RowTable(id="announcements", cursor_type="row", zebra_stripes=True)
                yield Static(id="title-discounts", classes="section-title")
                yield Static(id="note-discounts", classes="section-note")
                yield RowTable(id="discounts", cursor_type="row", zebra_stripes=True)
                yield Static(id="title-chart", classes="section-title")
                yield Static(id="note-chart", classes="section-note")
                yield Vertical(id="province-chart-box")
        yield Static(id="province-detail")
        yield KeyBar().data_bind(ProvinceScreen.lang)

    def on_mount(self) -> None:
        app = self.app
        for attr in ("lang", "unit", "snapshot"):
            if hasattr(app, attr):
                self.watch(app, attr, self._app_changed, init=False)
        if self.code:
            self._first_view()

    def show(self, code: str, snapshot: Snapshot | None = None) -> None:
        """Point this screen at another province.

        The app keeps one ProvinceScreen and re-points it on each drill-down: building
        the screen's widgets is most of the cost of a drill-down, filling them is not.
        """
        app = self.app
        self.lang = getattr(app, "lang", self.lang)
        self.unit = getattr(app, "unit", self.unit)
        self.code = code
        if snapshot is not None:
            self.snapshot = snapshot
        self.view = province_view(self.snapshot, code)
        self.city_key = None
        self.detail_text = ""
        self.chart_index = 0
        if self.is_mounted:
            self.preset_breakpoints(update=True)
            self.query_one("#province-body", VerticalScroll).scroll_home(animate=False)
            self._first_view()

    def _first_view(self) -> None:
        # Frame one: breadcrumb, summary and figures, the other sections blanked (they
        # may still show the previous province). Frame two: the other tables, and
        # focus. Frame three: the chart.
        self.complete = False
        self._draw_head()
        self._blank_sections()
        self.set_timer(NEXT_FRAME, self._second_frame, name="province-sections")

    def _second_frame(self) -> None:
        try:
            self._draw_sections()
            self._focus_first()
        except NoMatches:  # the app is taking the screen down under the frame timer
            return
        self.set_timer(NEXT_FRAME, self._third_frame, name="province-chart")

    def _third_frame(self) -> None:
        try:
            self._draw_chart()
        except NoMatches:  # as above
            return
        self.complete = True

    def on_resize(self, event: events.Resize) -> None:
        # The figures and announcements fit their columns to the width: fit them again.
        if self.code and self.complete and event.size.width != self._fitted_width:
            self._fitted_width = event.size.width
            self._fill_figures()
            self._fill_announcements()

    def _app_changed(self) -> None:
        app = self.app
        self.lang = getattr(app, "lang", self.lang)
        self.unit = getattr(app, "unit", self.unit)
        snapshot = getattr(app, "snapshot", self.snapshot)
        if not self.code:  # built ahead, not pointed at a province yet: nothing to redraw
            self.snapshot = snapshot
            return
        if snapshot is not self.snapshot and snapshot is not None:
            self.snapshot = snapshot
            self.view = province_view(snapshot, self.code)
            if self.city_key and self.view.city(self.city_key) is None:
                self.city_key = None
            self.chart_index = min(self.chart_index, max(len(self.view.charts) - 1, 0))
        self.refresh_view()

    # ------------------------------------------------------------------ state

    @property
    def province_label(self) -> str:
        return self.view.name(self.lang)

    @property
    def city(self) -> City | None:
        return self.view.city(self.city_key) if self.city_key else None

    @property
    def trail(self) -> tuple[str, ...]:
        trail = [label("china", self.lang), self.province_label]
        if self.city is not None:
            trail.append(self.city.name(self.lang))
        return tuple(trail)

    def _sections(self) -> list[RowTable]:
        """The focusable section tables, in screen order, that have rows."""
        return [t for t in self.query(RowTable).results(RowTable) if t.display and t.row_count]

    # ------------------------------------------------------------------ rendering

    def refresh_view(self) -> None:
        """Re-render everything in place from ``self.view``, ``lang``, ``unit`` and the city."""
        self._draw_head()
        self._draw_sections()
        self._draw_chart()

    def _draw_head(self) -> None:
        """Breadcrumb, summary and figures."""
        lang, view = self.lang, self.view
        self.query_one(Breadcrumb).trail = self.trail
        self.set_class(not view.has_data, "-empty")
        empty = self.query_one("#province-empty", Static)
        empty.display = not view.has_data
        empty.update(literal(_ui("no_data", lang, name=self._full_name())))
        self.query_one("#province-summary", Static).update(self._summary())
        self._fill_figures()

    def _draw_sections(self) -> None:
        self._fill_cities()
        self._fill_announcements()
        self._fill_discounts()

    def _draw_chart(self) -> None:
        self._fill_chart()
        self._update_detail()

    def _blank_sections(self) -> None:
        """Hide every section but the figures (until the next frame draws them)."""
        for key in ("cities", "announcements", "discounts"):
            self.query_one(f"#{key}", RowTable).display = False
            self._section(key, "")
        self._section("chart", "")
        for chart in self.query("ProvinceChart"):
            chart.display = False

    def _full_name(self) -> str:
        prov = self.view.province
        if prov is None:
            return self.code
        return f"{prov.name_en} ({prov.short_zh})" if self.lang == "en" else prov.name_zh

    def _summary(self) -> Text:
        view, lang = self.view, self.lang
        prov = view.province
        parts = [f"{prov.name_en} {prov.name_zh}" if prov else self.code, self.code]
        if view.has_data:
            zh = lang == "zh"
            years = view.years
            span = f" ({years[-1]}–{years[0]})" if len(years) > 1 else f" ({years[0]})" if years else ""
            parts.append((f"{len(view.figures)}项数据" if zh else f"{len(view.figures)} figures") + span)
            if view.cities:
                parts.append(f"{len(view.cities)}个城市" if zh else f"{len(view.cities)} cities")
            if view.announcements:
                parts.append(f"{len(view.announcements)}条公告" if zh else f"{len(view.announcements)} announcements")
            if view.discounts:
                parts.append(f"{len(view.discounts)}条折扣率" if zh else f"{len(view.discounts)} discount points")
        return literal(" · ".join(parts))

    def _section(self, key: str, title: str, note: str = "") -> None:
        title_widget = self.query_one(f"#title-{key}", Static)
        title_widget.update(literal(title))
        title_widget.display = bool(title)  # a section not drawn yet takes no lines
        note_widget = self.query_one(f"#note-{key}", Static)
        note_widget.update(literal(note))
        note_widget.display = bool(note)

    @staticmethod
    def _cursor_key(table: RowTable) -> str | None:
        if not table.row_count:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - a stale cursor just means "start at the top"
            return None

    @staticmethod
    def _restore_cursor(table: RowTable, key: str | None) -> None:
        if key is None:
            return
        try:
            index = table.get_row_index(key)
        except Exception:  # noqa: BLE001 - the row is gone: keep the cursor where it is
            return
        table.move_cursor(row=index, animate=False)

    def _figures_shown(self) -> tuple[Figure, ...]:
        city = self.city
        return city.figures if city is not None else self.view.figures

    def _fill_figures(self) -> None:
        lang, unit = self.lang, self.unit
        table = self.query_one("#figures", RowTable)
        keep = self._cursor_key(table)
        table.clear(columns=True)
        figures = self._figures_shown()
        city = self.city
        title = _ui("figures", lang) + (f" · {city.name(lang)}" if city else "")
        derived = any(f.derived for f in figures)
        note = "" if figures else _ui("no_figures", lang)
        if derived:
            note = _ui("derived", lang)
        if any(self.view.national_of(f) is not None for f in figures):
            note = f"{note} · {_ui('national_note', lang)}" if note else _ui("national_note", lang)
        if city is not None:
            note = _ui("city_only", lang, city=city.name(lang))
        self._section("figures", title, note)
        table.display = bool(figures)
        if not figures:
            return
        # The national figure for the same year and metric, and the province's share of
        # it, where the snapshot has one (province_code 100000).
        national = any(self.view.national_of(f) is not None for f in figures)
        headers = [("year", _ui("year", lang)), ("metric", _ui("metric", lang)), ("value", _ui("value", lang))]
        if national:
            headers += [("national", _ui("national", lang)), ("share", _ui("share", lang))]
        headers += [("rank", _ui("rank", lang)), ("as_of", _ui("as_of", lang))]
        rows: list[tuple[str, list[Text]]] = []
        previous_year: int | None = None
        # Each column's amounts in one unit (513亿 beside 0.45亿, never 4,500万).
        scale = amounts_scale(figures, unit)
        national_scale = amounts_scale((self.view.national_of(f) for f in figures), unit)
        for i, fig in enumerate(figures):
            year = "" if fig.year == previous_year else str(fig.year)
            previous_year = fig.year
            whole = self.view.national_of(fig)
            extra = []
            if national:
                extra = [
                    cell(figure_text(whole.metric, whole.value, whole.qualifier, unit, national_scale) if whole else "", right=True),
                    cell(fmt_share(self.view.share(fig)), right=True),
                ]
            rows.append((fig.id or f"figure-{i}", [
                literal(year, "bold"),
                literal(metric_label(fig.metric, lang)),
                cell(figure_text(fig.metric, fig.value, fig.qualifier, unit, scale), right=True, style="bold" if fig.is_bound else "",
                     suffix=derived_mark(fig.derived, pad=derived)),
                *extra,
                cell(f"#{fig.rank}" if fig.rank else "", right=True),
                literal(fmt_date(fig.as_of)),
            ]))
        # Every column in view, As of included: where the long metric names would push
        # the table past the screen (80 columns, with China and Share), the short ones.
        widths = [max(cell_len(h), *(r[j].cell_len for _, r in rows)) + 2 for j, (_, h) in enumerate(headers)]
        if sum(widths) > self.app.size.width - 4:
            for (_, cells), fig in zip(rows, figures):
                cells[1] = literal(metric_label(fig.metric, lang, short=True))
        for key, header in headers:
            table.add_column(header, key=key)
        for key, cells in rows:
            table.add_row(*cells, key=key)
        self._restore_cursor(table, keep)

    def _fill_cities(self) -> None:
        lang, unit, view = self.lang, self.unit, self.view
        table = self.query_one("#cities", RowTable)
        keep = self._cursor_key(table)
        table.clear(columns=True)
        years = view.city_years
        title = _ui("cities", lang) + (f" ({years[0]})" if len(years) == 1 else "")
        note = "" if view.cities else _ui("no_cities", lang)
        if view.cities and any(f.is_bound for c in view.cities for f in c.figures):
            note = _ui("bounds", lang)
        if any(f.derived for c in view.cities for f in c.figures):
            note = f"{note} · {_ui('derived', lang)}" if note else _ui("derived", lang)
        self._section("cities", title, note)
        table.display = bool(view.cities)
        if not view.cities:
            return
        table.add_column(_ui("city", lang), key="city")
        table.add_column(_ui("ann", lang), key="ann")
        single_year = len(years) == 1
        for year, metric in view.city_columns:
            head = metric_label(metric, lang, short=True)
            table.add_column(head if single_year else f"{year} {head}", key=f"{year}:{metric}")
        marked_columns = {(f.year, f.metric) for c in view.cities for f in c.figures if f.derived}
        scales = {column: amounts_scale((c.figure(*column) for c in view.cities), unit) for column in view.city_columns}
        for city in view.cities:
            cells: list[Text] = [cell(city.name(lang), width=18), cell(str(city.announcements) if city.announcements else "", right=True)]
            for year, metric in view.city_columns:
                marked = (year, metric) in marked_columns
                fig = city.figure(year, metric)
                text = figure_text(metric, fig.value, fig.qualifier, unit, scales[(year, metric)]) if fig else ""
                cells.append(cell(text, right=True, suffix=derived_mark(fig.derived, pad=marked) if fig else ("  " if marked else "")))
            table.add_row(*cells, key=city.key)
        self._restore_cursor(table, keep)

    def _announcements_shown(self) -> tuple[Mapping[str, Any], ...]:
        city = self.city
        if city is not None:
            narrowed = self.view.announcements_in(city)
            if narrowed:
                return narrowed
        return self.view.announcements

    def _fill_announcements(self) -> None:
        lang, unit, view = self.lang, self.unit, self.view
        self._fitted_width = self.app.size.width
        table = self.query_one("#announcements", RowTable)
        keep = self._cursor_key(table)
        table.clear(columns=True)
        rows = self._announcements_shown()
        city = self.city
        title = _ui("announcements", lang) + (f" ({len(rows)})" if rows else "")
        note = "" if rows else _ui("no_announcements", lang, name=self.province_label)
        if city is not None:
            if rows is view.announcements:
                if rows:
                    note = _ui("city_no_ann", lang, city=city.name(lang), name=self.province_label)
            else:
                title = f"{_ui('announcements', lang)} · {city.name(lang)} ({len(rows)})"
        # Say what the marks shown here mean: "Principal unless marked: P+I claim …".
        kinds = dict.fromkeys(kind for value, kind in map(amount_of, rows) if value is not None and kind != "principal")
        if kinds:
            marks = " · ".join(f"{amount_mark(k, lang)} {amount_kind_label(k, lang)}" for k in kinds)
            legend = f"{_ui('unless_marked', lang)}: {marks}"
            note = f"{note} · {legend}" if note else legend
        self._section("announcements", title, note)
        table.display = bool(rows)
        if not rows:
            return
        # The amounts in one unit, chosen from the largest, named in the header.
        scale = amount_scale((amount_of(row)[0] for row in rows), unit)
        heads = {key: _ui(key, lang) for key in ANNOUNCEMENT_COLUMNS}
        heads["principal"] = f"{heads['principal']} {scale_name(scale)}"
        cells: list[dict[str, Text]] = []
        for row in rows:
            cells.append({
                "date": literal(fmt_event_date(row)),
                "seller": cell(party_name(row, "seller", lang)),
                "buyer": cell(party_name(row, "buyer", lang)),
                "city": cell(row.get("city") or ""),
                "asset": literal(asset_label(row.get("asset_type"), lang)),
                # Principal as it is; any other amount marked with its kind ("189亿 P+I").
                "principal": cell(fmt_marked_amount(*amount_of(row), unit, lang, scale=scale), right=True),
                "status": literal(status_label(row.get("status"), lang)),
            })
        natural = {key: max([cell_len(heads[key]), *(c[key].cell_len for c in cells)]) for key in ANNOUNCEMENT_COLUMNS}
        widths = fit_columns(natural, self._section_room(len(rows)))
        for key, width in widths.items():
            table.add_column(heads[key], key=key, width=width)
        for i, (row, row_cells) in enumerate(zip(rows, cells)):
            table.add_row(*(row_cells[key] for key in widths), key=str(row.get("id") or f"announcement-{i}"))
        self._restore_cursor(table, keep)

    def _section_room(self, rows: int) -> int:
        """Cells a section table has for its columns: the screen, less the body's
        padding and scrollbar, and the table's own scrollbar when it scrolls."""
        scrollbar = self.query_one("#province-body", VerticalScroll).styles.scrollbar_size_vertical
        table_scrollbar = self.query_one("#announcements", RowTable).styles.scrollbar_size_vertical if rows > SECTION_ROWS else 0
        return self.app.size.width - 2 - scrollbar - table_scrollbar

    def _fill_discounts(self) -> None:
        lang, view = self.lang, self.view
        table = self.query_one("#discounts", RowTable)
        keep = self._cursor_key(table)
        table.clear(columns=True)
        rows = view.discounts
        note = "" if rows else _ui("no_discounts", lang, name=self.province_label)
        if any(r.get("suspect") for r in rows):
            note = f"{note} · {_ui('suspect_note', lang)}" if note else _ui("suspect_note", lang)
        self._section("discounts", _ui("discount_rates", lang), note)
        table.display = bool(rows)
        if not rows:
            return
        for key in ("period", "series", "asset", "basis", "value", "n"):
            table.add_column(_ui(key, lang), key=key)
        for i, row in enumerate(rows):
            value = row.get("value_pct")
            q = str(row.get("qualifier") or "")
            shown = f"{bound_text(q)}{trim_zeros(f'{value:.2f}')}%" if value is not None else "–"
            if row.get("suspect"):
                shown = f"{shown} {_ui('suspect', lang)}"
            table.add_row(
                literal(row.get("period") or ""),
                literal(series_label(str(row.get("series") or ""), lang)),
                literal(asset_label(row.get("asset_type"), lang) if row.get("asset_type") else ""),
                literal(basis_label(str(row.get("basis") or ""), lang)),
                cell(shown, right=True),
                cell(fmt_int(row["sample_size"]) if row.get("sample_size") is not None else "", right=True),
                key=str(row.get("id") or f"discount-{i}"),
            )
        self._restore_cursor(table, keep)

    def _fill_chart(self) -> None:
        lang, charts = self.lang, self.view.charts
        box = self.query_one("#province-chart-box", Vertical)
        existing = list(box.query("ProvinceChart"))
        if not charts:
            self._section("chart", _ui("chart", lang), _ui("no_chart", lang, name=self.province_label))
            for widget in existing:
                widget.display = False
            return
        self.chart_index %= len(charts)
        chart = charts[self.chart_index]
        title = f"{_ui('chart', lang)}: {chart.title_zh if lang == 'zh' else chart.title}"
        note = _ui("chart_of", lang, i=str(self.chart_index + 1), n=str(len(charts))) if len(charts) > 1 else ""
        if chart.note:
            note = f"{note} · {chart.note}" if note else chart.note
        self._section("chart", title, note)
        if existing:
            widget = existing[0]
            widget.display = True
            widget.unit = self.unit  # type: ignore[attr-defined]
            widget.lang = lang  # type: ignore[attr-defined]
            widget.chart = chart  # type: ignore[attr-defined]
        else:
            from ..widgets.province_chart import ProvinceChart

            box.mount(ProvinceChart(chart, unit=self.unit, lang=lang, id="province-chart"))

    @property
    def chart_widget(self) -> ProvinceChart | None:
        found = list(self.query("#province-chart"))
        return found[0] if found else None  # type: ignore[return-value]

    # ------------------------------------------------------------------ detail line

    def _update_detail(self, table: RowTable | None = None) -> None:
        """Show where the highlighted number came from: source, as-of, derived, note."""
        detail = self.query_one("#province-detail", Static)
        if table is None:
            focused = self.focused
            table = focused if isinstance(focused, RowTable) else None
        had_source = bool(self.detail_text)
        if table is None or not table.row_count:
            self.detail_text = ""
            detail.update(literal(_ui("empty_hint", self.lang) if not self.view.has_data else ""))
        else:
            text = self._detail_for(table.id or "", self._cursor_key(table))
            self.detail_text = text.plain
            detail.update(text)
        if bool(self.detail_text) != had_source:
            self.refresh_bindings()  # `i Source` comes and goes with the detail line

    def _detail_for(self, table_id: str, key: str | None) -> Text:
        lang = self.lang
        source = note = ""
        extra: list[str] = []
        if table_id == "figures":
            fig = next((f for f in self._figures_shown() if f.id == key), None)
            if fig is not None:
                source, note = fig.source, fig.note
                extra.append(f"{_ui('as_of', lang)} {fmt_date(fig.as_of)}")
                if fig.derived:
                    extra.append(label("derived_note", lang))
        elif table_id == "cities":
            city = self.view.city(key or "")
            if city is not None:
                source = "; ".join(dict.fromkeys(f.source for f in city.figures if f.source))
                note = "; ".join(dict.fromkeys(f.note for f in city.figures if f.note))
                extra.append(_ui("enter_opens", lang))
        elif table_id == "announcements":
            row = next((r for r in self._announcements_shown() if str(r.get("id")) == key), None)
            if row is not None:
                source, note = str(row.get("source") or ""), str(row.get("note") or "")
                extra.append(_ui("enter_opens", lang))
        elif table_id == "discounts":
            row = next((r for r in self.view.discounts if str(r.get("id")) == key), None)
            if row is not None:
                source, note = str(row.get("source") or ""), str(row.get("note") or "")
                statistic = str(row.get("statistic") or "")
                if statistic:
                    extra.append(statistic.replace("_", " "))
        full = [f"{_ui('source', lang)}:", *(citation_lines(source) or ["–"])]
        if extra:
            full.append(" · ".join(extra))
        self._detail_full = "\n".join([*full, f"{_ui('note', lang)}: {note or '–'}"])
        text = Text(end="")
        text.append(f"{_ui('source', lang)}: ", style="bold")
        text.append_text(literal(source_short(source) or "–"))  # each hash cut to 12 digits
        if extra:
            text.append("  " + " · ".join(extra), style="dim")
        text.append("\n")
        text.append(f"{_ui('note', lang)}: ", style="bold")
        text.append_text(literal(note or "–"))
        return text

    @on(RowTable.RowHighlighted)
    def _row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        if event.data_table is self.focused:
            self._update_detail(event.data_table)

    def on_descendant_focus(self) -> None:
        focused = self.focused
        if isinstance(focused, RowTable):
            self._update_detail(focused)

    # ------------------------------------------------------------------ drilling

    @on(RowTable.RowSelected, "#cities")
    def _city_selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        self.select_city(event.row_key.value)

    @on(RowTable.RowSelected, "#announcements")
    def _announcement_selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        row = next((r for r in self._announcements_shown() if str(r.get("id")) == key), None)
        if row is not None:
            self.open_announcement(row)

    def select_city(self, key: str | None) -> None:
        """Narrow to a city (its figures, and its announcements if any), or back out."""
        self.city_key = key if key and self.view.city(key) else None
        self.refresh_view()
        if self.city is not None:
            narrowed = self.view.announcements_in(self.city)
            target = self.query_one("#announcements" if narrowed else "#figures", RowTable)
            if target.display and target.row_count:
                target.move_cursor(row=0, animate=False)
                self._focus_section(target)

    def open_announcement(self, row: Mapping[str, Any]) -> None:
        trail = self.trail
        opener = getattr(self.app, "open_announcement", None)
        if opener is not None:
            opener(row, trail=trail)
        else:  # a host without the method: push the detail ourselves
            from .announcement import AnnouncementScreen

            self.app.push_screen(AnnouncementScreen(row, lang=self.lang, unit=self.unit, trail=trail))

    # ------------------------------------------------------------------ actions

    def help_notes(self, lang: str) -> list[tuple[str, str]]:
        """What the marks in this screen's tables mean (the help screen shows them)."""
        keys = ("amount_note", "national_note", "suspect_note", "derived", "bounds")
        titles = (("Amounts", "金额"), ("China and Share", "全国与占全国"), ("Suspect", "存疑"), ("Derived (d)", "推算（d）"), ("Bounds", "上下限"))
        return [(title[1] if lang == "zh" else title[0], _ui(key, lang)) for key, title in zip(keys, titles)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that would do nothing here (no sections, a single chart)."""
        if action in ("next_section", "previous_section", "drill_down"):
            return bool(self.view.has_data)
        if action == "show_source":
            return bool(self.detail_text)
        if action == "next_chart":
            return len(self.view.charts) > 1
        return True

    def action_back(self) -> None:
        """Escape: leave the city first, then the screen (one level per press)."""
        if self.city_key is not None:
            self.select_city(None)
            self.call_after_refresh(self._focus_section, self.query_one("#cities", RowTable))
            return
        close(self)

    def _focus_first(self) -> None:
        sections = self._sections()
        if sections:
            sections[0].focus(scroll_visible=False)
            self._update_detail(sections[0])

    def _focus_section(self, table: RowTable) -> None:
        self.set_focus(table, scroll_visible=False)  # at once: "Tab⏎" typed together
        title = self.query_one(f"#title-{table.id}", Static)
        body = self.query_one("#province-body", VerticalScroll)
        body.scroll_to_widget(title, animate=False, top=True)
        self._update_detail(table)

    def _step_section(self, step: int) -> None:
        sections = self._sections()
        if not sections:
            return
        focused = self.focused
        index = sections.index(focused) if focused in sections else (-1 if step > 0 else 0)
        self._focus_section(sections[(index + step) % len(sections)])

    def action_next_section(self) -> None:
        self._step_section(1)

    def action_previous_section(self) -> None:
        self._step_section(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        """j/k: the focused section's cursor, else scroll the body."""
        focused = self.focused
        if isinstance(focused, RowTable):
            (focused.action_cursor_down if step > 0 else focused.action_cursor_up)()
        else:
            body = self.query_one("#province-body", VerticalScroll)
            (body.scroll_down if step > 0 else body.scroll_up)()

    def action_drill_down(self) -> None:
        focused = self.focused
        if isinstance(focused, RowTable) and focused.row_count:
            focused.action_select_cursor()

    def action_show_source(self) -> None:
        """The highlighted row's full source, one citation a line, and note (the detail
        line may be cut)."""
        if self.detail_text:
            self.notify(self._detail_full, title=_ui("source", self.lang), markup=False, timeout=15)

    def action_next_chart(self) -> None:
        if len(self.view.charts) > 1:
            self.chart_index = (self.chart_index + 1) % len(self.view.charts)
            self._fill_chart()
