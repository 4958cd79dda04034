"""The province screen's sections: widgets that render what they are handed, each with
a pure row builder beside it.

The screen hands every section one value, :class:`Shown` — the province's view, the
city the user narrowed to, the chart chosen and the width — and the settings
(``data_bind``). A section redraws only when what it shows depends on changed
(:meth:`Section.inputs`). A drill-down draws in two frames: the head and the figures,
then the other sections (``LATER``) a frame after. Building every row takes about
3 ms; it is Textual's layout and painting that a frame costs (docs/benchmarks.md).

The builders (``*_rows``, ``*_detail``) take plain values and return plain values:
what a section shows, and where the number under the cursor came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Static

from ..core.province_view import City, Figure, ProvinceView
from ..core.state import LotsLoad
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
    literal,
    metric_label,
    party_name,
    scale_name,
    series_label,
    source_short,
    status_label,
    trim_zeros,
    word,
)
from ..state import Shared
from .row_table import RowTable

__all__ = [
    "SECTION_ROWS",
    "AnnouncementsSection",
    "ChartSection",
    "CitiesSection",
    "Detail",
    "DiscountsSection",
    "FiguresSection",
    "LotCitiesSection",
    "LotsSection",
    "Rows",
    "Section",
    "Shown",
    "announcement_rows",
    "city_rows",
    "detail_text",
    "discount_rows",
    "figure_rows",
    "figure_text",
    "fit_columns",
    "lot_city_rows",
    "lot_rows",
    "update_if_changed",
]


def update_if_changed(static: Static, text: Text) -> None:
    """``static.update(text)`` unless it shows that already: an update repaints the
    widget (and lays the screen out), and most drill-downs keep the section titles,
    notes and detail line of the last."""
    old = static.content
    if not (isinstance(old, Text) and (old.plain, old.spans, old.style) == (text.plain, text.spans, text.style)):
        static.update(text)


#: Rows a section table shows before it scrolls (its max-height, less the header).
SECTION_ROWS = 11

#: The announcement columns, in order; what goes first when the screen is too narrow
#: for them all; the narrowest the parties are ever cut to.
ANNOUNCEMENT_COLUMNS = ("date", "seller", "buyer", "city", "asset", "principal", "status")
DROPPED_FIRST = ("asset", "city")
PARTY_WIDTHS = {"seller": (26, 10), "buyer": (20, 8)}  # (widest, narrowest)


@dataclass(frozen=True)
class Shown:
    """What the province screen shows: the province's view and the user's choices."""

    view: ProvinceView
    city_key: str | None = None
    chart_index: int = 0
    #: Cells the sections have for their columns (the screen less the body's padding
    #: and scrollbar).
    width: int = 77
    #: False in a drill-down's first frame: the sections marked LATER are not drawn yet.
    whole: bool = True

    @property
    def city(self) -> City | None:
        return self.view.city(self.city_key) if self.city_key else None

    @property
    def figures(self) -> tuple[Figure, ...]:
        city = self.city
        return city.figures if city is not None else self.view.figures

    @property
    def announcements(self) -> tuple[Mapping[str, Any], ...]:
        """The city's announcements when it has any, else the province's."""
        city = self.city
        if city is not None:
            narrowed = self.view.announcements_in(city)
            if narrowed:
                return narrowed
        return self.view.announcements


@dataclass(frozen=True)
class Rows:
    """A section's content: title and note, columns (key, header, fixed width or None)
    and rows (key, cells)."""

    title: str
    note: str = ""
    columns: tuple[tuple[str, Text | str, int | None], ...] = ()
    rows: tuple[tuple[str, list[Text]], ...] = ()


@dataclass(frozen=True)
class Detail:
    """Where the highlighted row's number came from: its source, note and extras."""

    source: str = ""
    note: str = ""
    extra: tuple[str, ...] = ()


def _joined(*parts: str) -> str:
    return " · ".join(p for p in parts if p)


def figure_text(metric: str, value: float | None, qualifier: str = "", unit: str = "yi", scale: str | None = None) -> str:
    """A figure in its metric's unit, bounds kept as bounds (render.fmt_metric); an
    amount in *scale*, its column's one unit, when given."""
    return fmt_metric(value, metric, qualifier, unit, scale)


def amounts_scale(figures: Iterable[Figure | None], unit: str) -> str:
    """The one unit for the amounts among *figures* (a column): from the largest."""
    return amount_scale((f.value for f in figures if f is not None and f.kind == "amount"), unit)


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


# ---------------------------------------------------------------------- builders


def figure_rows(shown: Shown, lang: str, unit: str) -> Rows:
    """The figures (the city's, once narrowed): year, metric, value, China and Share
    where the data has the national figure, rank, as of."""
    view, city, figures = shown.view, shown.city, shown.figures
    title = word("figures", lang) + (f" · {city.name(lang)}" if city else "")
    derived = any(f.derived for f in figures)
    national = any(view.national_of(f) is not None for f in figures)
    if city is not None:
        note = word("city_only", lang, city=city.name(lang))
    else:
        note = _joined(word("derived", lang) if derived else "" if figures else word("no_figures", lang),
                       word("national_note", lang) if national else "")
    if not figures:
        return Rows(title, note)
    headers = [("year", word("year_head", lang)), ("metric", word("metric", lang)), ("value", word("value", lang))]
    if national:
        headers += [("national", word("national", lang)), ("share", word("share", lang))]
    headers += [("rank", word("rank", lang)), ("as_of", word("as_of_head", lang))]
    # Each column's amounts in one unit (513亿 beside 0.45亿, never 4,500万).
    scale = amounts_scale(figures, unit)
    national_scale = amounts_scale((view.national_of(f) for f in figures), unit)
    rows: list[tuple[str, list[Text]]] = []
    previous_year: int | None = None
    for i, fig in enumerate(figures):
        year = "" if fig.year == previous_year else str(fig.year)
        previous_year = fig.year
        whole = view.national_of(fig)
        extra = []
        if national:
            extra = [
                cell(figure_text(whole.metric, whole.value, whole.qualifier, unit, national_scale) if whole else "", right=True),
                cell(fmt_share(view.share(fig)), right=True),
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
    if sum(widths) > shown.width - 1:
        for (_, cells), fig in zip(rows, figures):
            cells[1] = literal(metric_label(fig.metric, lang, short=True))
    return Rows(title, note, tuple((key, head, None) for key, head in headers), tuple(rows))


def city_rows(shown: Shown, lang: str, unit: str) -> Rows:
    """One row a city: its announcements and its figures, a column per (year, metric)."""
    view = shown.view
    years = view.city_years
    title = word("cities", lang) + (f" ({years[0]})" if len(years) == 1 else "")
    bounds = any(f.is_bound for c in view.cities for f in c.figures)
    derived = any(f.derived for c in view.cities for f in c.figures)
    note = _joined(word("bounds", lang) if bounds else "", word("derived", lang) if derived else "") if view.cities else word("no_cities", lang)
    if not view.cities:
        return Rows(title, note)
    single_year = len(years) == 1
    columns: list[tuple[str, Text | str, int | None]] = [("city", word("city", lang), None), ("ann", word("ann", lang), None)]
    for year, metric in view.city_columns:
        head = metric_label(metric, lang, short=True)
        columns.append((f"{year}:{metric}", head if single_year else f"{year} {head}", None))
    marked_columns = {(f.year, f.metric) for c in view.cities for f in c.figures if f.derived}
    scales = {column: amounts_scale((c.figure(*column) for c in view.cities), unit) for column in view.city_columns}
    rows: list[tuple[str, list[Text]]] = []
    for city in view.cities:
        cells: list[Text] = [cell(city.name(lang), width=18), cell(str(city.announcements) if city.announcements else "", right=True)]
        for year, metric in view.city_columns:
            marked = (year, metric) in marked_columns
            fig = city.figure(year, metric)
            text = figure_text(metric, fig.value, fig.qualifier, unit, scales[(year, metric)]) if fig else ""
            cells.append(cell(text, right=True, suffix=derived_mark(fig.derived, pad=marked) if fig else ("  " if marked else "")))
        rows.append((city.key, cells))
    return Rows(title, note, tuple(columns), tuple(rows))


def announcement_rows(shown: Shown, lang: str, unit: str, scrollbar: int = 1) -> Rows:
    """The announcements, newest first (the city's, once narrowed, if it has any),
    fitted to the width: date, principal and status always in view."""
    view, city, rows = shown.view, shown.city, shown.announcements
    name = view.name(lang)
    title = word("announcements", lang) + (f" ({len(rows)})" if rows else "")
    note = "" if rows else word("no_announcements", lang, name=name)
    if city is not None:
        if rows is view.announcements:
            if rows:
                note = word("city_no_ann", lang, city=city.name(lang), name=name)
        else:
            title = f"{word('announcements', lang)} · {city.name(lang)} ({len(rows)})"
    # Say what the marks shown here mean: "Principal unless marked: P+I claim …".
    kinds = dict.fromkeys(kind for value, kind in map(amount_of, rows) if value is not None and kind != "principal")
    if kinds:
        marks = " · ".join(f"{amount_mark(k, lang)} {amount_kind_label(k, lang)}" for k in kinds)
        note = _joined(note, f"{word('unless_marked', lang)}: {marks}")
    if not rows:
        return Rows(title, note)
    # The amounts in one unit, chosen from the largest, named in the header.
    scale = amount_scale((amount_of(row)[0] for row in rows), unit)
    heads = {key: word(key, lang) for key in ANNOUNCEMENT_COLUMNS}
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
    room = shown.width - (scrollbar if len(rows) > SECTION_ROWS else 0)
    widths = fit_columns(natural, room)
    return Rows(
        title,
        note,
        tuple((key, heads[key], width) for key, width in widths.items()),
        tuple((str(row.get("id") or f"announcement-{i}"), [c[key] for key in widths]) for i, (row, c) in enumerate(zip(rows, cells))),
    )


def discount_rows(shown: Shown, lang: str) -> Rows:
    """The province's discount-rate points, newest period first; suspect ones marked."""
    view = shown.view
    rows = view.discounts
    note = "" if rows else word("no_discounts", lang, name=view.name(lang))
    if any(r.get("suspect") for r in rows):
        note = _joined(note, word("suspect_note", lang))
    title = word("discount_rates", lang)
    if not rows:
        return Rows(title, note)
    columns = tuple((key, word(key, lang), None) for key in ("period", "series", "asset", "basis", "value", "n"))
    out: list[tuple[str, list[Text]]] = []
    for i, row in enumerate(rows):
        value = row.get("value_pct")
        q = str(row.get("qualifier") or "")
        shown_value = f"{bound_text(q)}{trim_zeros(f'{value:.2f}')}%" if value is not None else "–"
        if row.get("suspect"):
            shown_value = f"{shown_value} {word('suspect', lang)}"
        out.append((str(row.get("id") or f"discount-{i}"), [
            literal(row.get("period") or ""),
            literal(series_label(str(row.get("series") or ""), lang)),
            literal(asset_label(row.get("asset_type"), lang) if row.get("asset_type") else ""),
            literal(basis_label(str(row.get("basis") or ""), lang)),
            cell(shown_value, right=True),
            cell(fmt_int(row["sample_size"]) if row.get("sample_size") is not None else "", right=True),
        ]))
    return Rows(title, note, columns, tuple(out))


#: Months of the median price by month the lots section shows (the newest).
LOT_MONTHS = 6
#: The published figure beside each computed one (the province table's metric).
_PUBLISHED = {"count": "judicial_auctions", "first_share": "judicial_first_auction_share_pct"}


def lot_rows(view: ProvinceView, load: LotsLoad, lang: str) -> Rows | None:
    """The figures computed from the lots of the province, each with its n, beside the
    published figure where the data has one; None when the snapshot has no lots."""
    if not load.present:
        return None
    if load.figures is None:
        title = word("lots.section_loading", lang, pct=str(load.percent))
        return Rows(title, f"{word('error', lang)}: {load.error}" if load.error else "")
    fig = load.figures.get(view.code)
    if fig is None:
        return Rows(word("lots.section", lang, n="0"), word("lots.none_here", lang, name=view.name(lang)))
    note = word("lots.section_note", lang, n=f"{fig.lots:,}", day=fig.newest)
    if fig.synthetic:
        note = f"{word('lots.synthetic', lang)}: {note}"
    if load.error:
        note = _joined(note, f"{word('error', lang)}: {load.error}")

    def published(measure: str) -> Text:
        metric = _PUBLISHED.get(measure)
        found = [f for f in view.figures if f.metric == metric] if metric else []
        if not found:
            return literal("")
        latest = max(found, key=lambda f: f.year)
        return cell(f"{figure_text(latest.metric, latest.value, latest.qualifier)} ({latest.year})", right=True)

    def pct(value: float | None) -> Text:
        return cell("–" if value is None else f"{value:.1f}%", right=True)

    rows: list[tuple[str, list[Text]]] = [
        ("count", [literal(word("lots.m.count", lang)), cell(f"{fig.lots:,}", right=True), cell("", right=True), published("count")]),
        ("first_share", [literal(word("lots.m.first_share", lang)), pct(fig.first_share_pct), cell(f"{fig.lots:,}", right=True),
                         published("first_share")]),
        ("sale_rate", [literal(word("lots.m.sale_rate", lang)), pct(fig.sale_rate_pct), cell(f"{fig.ended:,}", right=True), literal("")]),
        ("median", [literal(word("lots.m.median", lang)), pct(fig.median_pct), cell(f"{fig.priced:,}", right=True), literal("")]),
    ]
    for group in fig.by_asset:
        rows.append((f"asset:{group.label}", [literal("· " + asset_label(group.label, lang)), pct(group.median_pct),
                                              cell(f"{group.n:,}", right=True), literal("")]))
    for group in fig.by_month[-LOT_MONTHS:]:
        rows.append((f"month:{group.label}", [literal("· " + group.label), pct(group.median_pct), cell(f"{group.n:,}", right=True),
                                              literal("")]))
    columns: tuple[tuple[str, Text | str, int | None], ...] = (
        ("measure", word("lots.measure", lang), None),
        ("computed", word("lots.computed", lang), None),
        ("n", "n", None),
        ("published", word("lots.published", lang), None),
    )
    return Rows(word("lots.section", lang, n=f"{fig.lots:,}"), note, columns, tuple(rows))


def lot_city_rows(view: ProvinceView, load: LotsLoad, lang: str) -> Rows | None:
    """The province's cities, figures computed from their lots (most lots first); None
    when there are no figures to show."""
    fig = load.figures.get(view.code) if load.figures is not None else None
    if fig is None or not fig.cities:
        return None
    columns: tuple[tuple[str, Text | str, int | None], ...] = (
        ("city", word("city", lang), None),
        ("lots", word("lots.m.count", lang), None),
        ("first", word("lots.m.first_share", lang, short=True), None),
        ("sale", word("lots.m.sale_rate", lang, short=True), None),
        ("median", word("lots.m.median", lang, short=True), None),
        ("n", "n", None),
    )

    def pct(value: float | None) -> Text:
        return cell("–" if value is None else f"{value:.1f}%", right=True)

    rows = tuple(
        (c.code, [literal((c.name_zh if lang == "zh" else c.name) or c.code), cell(f"{c.lots:,}", right=True),
                  pct(c.first_share_pct), pct(c.sale_rate_pct), pct(c.median_pct), cell(f"{c.priced:,}", right=True)])
        for c in fig.cities
    )
    note = word("lots.cities_note", lang)
    if fig.synthetic:
        note = f"{word('lots.synthetic', lang)}: {note}"
    return Rows(word("lots.cities", lang, n=str(len(rows))), note, columns, rows)


def lot_detail(load: LotsLoad, key: str | None, lang: str) -> Detail:
    if load.lots is None or not key:
        return Detail()
    what = word("lots.detail", lang, sha=load.sha256[:12])
    return Detail(what, word("lots.detail_note", lang), ())


def figure_detail(shown: Shown, key: str | None, lang: str) -> Detail:
    fig = next((f for f in shown.figures if f.id == key), None)
    if fig is None:
        return Detail()
    extra = [f"{word('as_of_head', lang)} {fmt_date(fig.as_of)}"]
    if fig.derived:
        extra.append(word("derived_note", lang))
    return Detail(fig.source, fig.note, tuple(extra))


def city_detail(shown: Shown, key: str | None, lang: str) -> Detail:
    city = shown.view.city(key or "")
    if city is None:
        return Detail()
    source = "; ".join(dict.fromkeys(f.source for f in city.figures if f.source))
    note = "; ".join(dict.fromkeys(f.note for f in city.figures if f.note))
    return Detail(source, note, (word("enter_opens", lang),))


def announcement_detail(shown: Shown, key: str | None, lang: str) -> Detail:
    row = next((r for r in shown.announcements if str(r.get("id")) == key), None)
    if row is None:
        return Detail()
    return Detail(str(row.get("source") or ""), str(row.get("note") or ""), (word("enter_opens", lang),))


def discount_detail(shown: Shown, key: str | None, lang: str) -> Detail:
    row = next((r for r in shown.view.discounts if str(r.get("id")) == key), None)
    if row is None:
        return Detail()
    statistic = str(row.get("statistic") or "")
    return Detail(str(row.get("source") or ""), str(row.get("note") or ""), (statistic.replace("_", " "),) if statistic else ())


def detail_text(detail: Detail, lang: str) -> tuple[Text, str]:
    """The detail line (two lines: source, each hash cut to 12 digits, and extras; the
    note) and the same in full, one citation a line (for `i`)."""
    full = [f"{word('source', lang)}:", *(citation_lines(detail.source) or ["–"])]
    if detail.extra:
        full.append(" · ".join(detail.extra))
    full.append(f"{word('note', lang)}: {detail.note or '–'}")
    text = Text(end="")
    text.append(f"{word('source', lang)}: ", style="bold")
    text.append_text(literal(source_short(detail.source) or "–"))
    if detail.extra:
        text.append("  " + " · ".join(detail.extra), style="dim")
    text.append("\n")
    text.append(f"{word('note', lang)}: ", style="bold")
    text.append_text(literal(detail.note or "–"))
    return text, "\n".join(full)


# ---------------------------------------------------------------------- widgets


class Section(Shared, Vertical):
    """A title, a note and a table; bound to the screen's ``shown`` and the settings."""

    #: The table's id (tests and the screen find sections by it).
    KEY: ClassVar[str] = ""
    #: Drawn in the drill-down's second frame (below what the terminal shows first).
    LATER: ClassVar[bool] = False

    DEFAULT_CSS = """
    Section { height: auto; }
    Section .section-title { margin-top: 1; text-style: bold; color: $accent; }
    Section .section-note { color: $text-muted; }
    Section RowTable { height: auto; max-height: 12; }
    """

    shown: reactive[Shown | None] = reactive(None, init=False, repaint=False)

    def __init__(self) -> None:
        super().__init__(id=f"section-{self.KEY}")
        self._drawn: tuple[object, ...] | None = None
        self._table: RowTable | None = None

    def compose(self) -> ComposeResult:
        yield Static(id=f"title-{self.KEY}", classes="section-title")
        yield Static(id=f"note-{self.KEY}", classes="section-note")
        yield RowTable(id=self.KEY, zebra_stripes=True)

    @property
    def table(self) -> RowTable:
        if self._table is None:  # (composed once)
            self._table = self.query_one(RowTable)
        return self._table

    def inputs(self, shown: Shown) -> tuple[object, ...]:
        """What this section's content depends on, besides the settings."""
        return (shown.view, shown.city_key)

    def build(self, shown: Shown) -> Rows:
        raise NotImplementedError

    def detail(self, key: str | None) -> Detail:
        raise NotImplementedError

    def has_content(self, shown: Shown) -> bool:
        """Whether the section is shown at all for *shown* (the lots' only with lots)."""
        return True

    def watch_shown(self) -> None:
        self.redraw()

    def watch_settings(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        shown = self.shown
        if (shown is None or not shown.view.has_data or (self.LATER and not shown.whole)
                or not self.has_content(shown)):
            self.display = False
            self._drawn = None
            return
        inputs = (*self.inputs(shown), self.settings)
        if inputs == self._drawn:
            return
        self._drawn = inputs
        self.display = True
        self.show_rows(self.build(shown))

    def show_rows(self, rows: Rows) -> None:
        update_if_changed(self.query_one(f"#title-{self.KEY}", Static), literal(rows.title))
        note = self.query_one(f"#note-{self.KEY}", Static)
        update_if_changed(note, literal(rows.note))
        note.display = bool(rows.note)
        table = self.table
        keep = table.cursor_key
        table.clear(columns=True)
        table.display = bool(rows.rows)
        for key, head, width in rows.columns:
            table.add_column(head, key=key, width=width)
        table.add_rows([cells for _, cells in rows.rows], keys=[key for key, _ in rows.rows])
        # Say now whether the table scrolls: Textual would find out while laying the
        # screen out, and lay it out (and repaint the terminal) a second time.
        table.show_vertical_scrollbar = len(rows.rows) > SECTION_ROWS
        table.move_cursor_to(keep, scroll=False)


class FiguresSection(Section):
    KEY = "figures"

    def inputs(self, shown: Shown) -> tuple[object, ...]:
        return (shown.view, shown.city_key, shown.width)

    def build(self, shown: Shown) -> Rows:
        return figure_rows(shown, self.lang, self.unit)

    def detail(self, key: str | None) -> Detail:
        return figure_detail(self.shown, key, self.lang) if self.shown else Detail()


class LotsSection(Section):
    """Figures computed from the lots, beside the published ones (only with lots)."""

    KEY = "lots"

    def inputs(self, shown: Shown) -> tuple[object, ...]:
        load = self.lots
        return (shown.view, load.present, load.figures, load.percent, load.error)

    def watch_lots(self) -> None:
        self.redraw()

    def has_content(self, shown: Shown) -> bool:
        return self.lots.present

    def build(self, shown: Shown) -> Rows:
        return lot_rows(shown.view, self.lots, self.lang) or Rows("")

    def detail(self, key: str | None) -> Detail:
        return lot_detail(self.lots, key, self.lang)


class LotCitiesSection(Section):
    """The province's cities, figures computed from their lots (only with lots); Enter
    lists a city's lots."""

    KEY = "lot-cities"
    LATER = True

    def inputs(self, shown: Shown) -> tuple[object, ...]:
        return (shown.view, self.lots.figures)

    def watch_lots(self) -> None:
        self.redraw()

    def has_content(self, shown: Shown) -> bool:
        figures = self.lots.figures
        found = figures.get(shown.view.code) if figures is not None else None
        return found is not None and bool(found.cities)

    def build(self, shown: Shown) -> Rows:
        return lot_city_rows(shown.view, self.lots, self.lang) or Rows("")

    def detail(self, key: str | None) -> Detail:
        return lot_detail(self.lots, key, self.lang)


class CitiesSection(Section):
    KEY = "cities"
    LATER = True

    def inputs(self, shown: Shown) -> tuple[object, ...]:
        return (shown.view,)

    def build(self, shown: Shown) -> Rows:
        return city_rows(shown, self.lang, self.unit)

    def detail(self, key: str | None) -> Detail:
        return city_detail(self.shown, key, self.lang) if self.shown else Detail()


class AnnouncementsSection(Section):
    KEY = "announcements"
    LATER = True

    def inputs(self, shown: Shown) -> tuple[object, ...]:
        return (shown.view, shown.city_key, shown.width)

    def build(self, shown: Shown) -> Rows:
        return announcement_rows(shown, self.lang, self.unit, self.table.styles.scrollbar_size_vertical)

    def detail(self, key: str | None) -> Detail:
        return announcement_detail(self.shown, key, self.lang) if self.shown else Detail()


class DiscountsSection(Section):
    KEY = "discounts"
    LATER = True

    def inputs(self, shown: Shown) -> tuple[object, ...]:
        return (shown.view,)

    def build(self, shown: Shown) -> Rows:
        return discount_rows(shown, self.lang)

    def detail(self, key: str | None) -> Detail:
        return discount_detail(self.shown, key, self.lang) if self.shown else Detail()


class ChartSection(Shared, Vertical):
    """The province's charts, one at a time (`c`: the next). The chart widget (and
    plotext) is imported with the screen, which the app builds ahead of use."""

    DEFAULT_CSS = """
    ChartSection { height: auto; }
    ChartSection .section-title { margin-top: 1; text-style: bold; color: $accent; }
    ChartSection .section-note { color: $text-muted; }
    """

    shown: reactive[Shown | None] = reactive(None, init=False, repaint=False)

    def __init__(self) -> None:
        super().__init__(id="section-chart")
        self._drawn: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        from .province_chart import (
            ProvinceChart,  # plotext: imported with the screen, ahead of use
        )

        yield Static(id="title-chart", classes="section-title")
        yield Static(id="note-chart", classes="section-note")
        yield ProvinceChart(id="province-chart")

    def watch_shown(self) -> None:
        self.redraw()

    def watch_settings(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        shown = self.shown
        if shown is None or not shown.view.has_data or not shown.whole:
            self.display = False
            self._drawn = None
            return
        inputs = (shown.view, shown.chart_index, self.settings)
        if inputs == self._drawn:
            return
        self._drawn = inputs
        self.display = True
        from .province_chart import ProvinceChart

        lang, charts = self.lang, shown.view.charts
        widget = self.query_one(ProvinceChart)
        title = self.query_one("#title-chart", Static)
        note = self.query_one("#note-chart", Static)
        widget.settings = self.settings
        if not charts:
            update_if_changed(title, literal(word("chart", lang)))
            update_if_changed(note, literal(word("no_chart", lang, name=shown.view.name(lang))))
            widget.display = False
            return
        chart = charts[shown.chart_index % len(charts)]
        update_if_changed(title, literal(f"{word('chart', lang)}: {chart.title_zh if lang == 'zh' else chart.title}"))
        position = word("chart_of", lang, i=str(shown.chart_index % len(charts) + 1), n=str(len(charts))) if len(charts) > 1 else ""
        update_if_changed(note, literal(_joined(position, chart.note)))
        note.display = bool(position or chart.note)
        widget.display = True
        widget.chart = chart
