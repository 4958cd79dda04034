"""AnnouncementScreen: every field of one announcement or deal, with its label.

Reached by Enter on an announcement row (dashboard or province screen). All
values come from a feed, so every one is rendered with :func:`literal` — the
source URL is shown as text, never as a clickable link or an action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ..core.provinces import PROVINCES
from ..core.schema import ANNOUNCEMENTS
from ..core.vocab import ENUMS, WORDS, enum_label, word
from ..messages import PartyChosen
from ..render import (
    amount_kind_label,
    citation_lines,
    fmt_amount,
    fmt_date,
    fmt_event_date,
    fmt_int,
    literal,
    party_name,
    province_name,
    trim_zeros,
)
from ..state import Shared
from ..widgets.breadcrumb import Breadcrumb
from ..widgets.key_bar import KeyBar
from .base import FollowsApp, close

__all__ = [
    "FIELDS",
    "AnnouncementScreen",
    "announcement_crumb",
    "announcement_fields",
]

#: The record's fields in reading order (their names: vocab "field.<name>").
FIELDS = tuple(key.removeprefix("field.") for key in WORDS if key.startswith("field."))
#: Amounts in 亿元: shown in the app's unit (`u`).
_AMOUNTS = tuple(c.name for c in ANNOUNCEMENTS.columns if c.unit == "亿元")
#: Counts, shown as printed (thousands separated), some with a unit word (vocab "count_unit.<name>").
_COUNTS = ("borrowers", "loans", "overdue_days", "borrower_avg_age", "extension_minutes", "written_off")
#: Shown with another field, not on a line of their own.
_FOLDED = ("amount_kind",)


def announcement_crumb(row: Mapping[str, Any], lang: str = "en") -> str:
    """The last breadcrumb: "Buyer ← Seller" for a deal, else the seller, else "deal"."""
    seller = party_name(row, "seller", lang)
    buyer = party_name(row, "buyer", lang)
    if buyer and seller:
        return f"{buyer} ← {seller}"
    return seller or buyer or word("deal", lang)


_CRUMB_NAMES: dict[str, tuple[str, str]] = {"China": ("China", "全国"), "全国": ("China", "全国")}
for _prov in PROVINCES:
    _CRUMB_NAMES[_prov.name_en] = _CRUMB_NAMES[_prov.short_zh] = (_prov.name_en, _prov.short_zh)


def _translate_crumb(part: str, lang: str) -> str:
    """'Henan' <-> '河南', 'China' <-> '全国'; anything else (a city, a bank) unchanged."""
    names = _CRUMB_NAMES.get(part)
    if names is None:
        return part
    return names[1] if lang == "zh" else names[0]


def _number(value: float) -> str:
    """A count as printed: thousands separated, decimals only when it has them (1,608.52)."""
    return fmt_int(value) if float(value).is_integer() else trim_zeros(f"{value:,.2f}")


def _amount(yi: float, unit: str) -> str:
    """An amount to the precision the record has (up to four decimals, in either unit):
    2.0764亿, 2.2万 (0.00022亿), RMB 0.022m — the table rounds, the record does not."""
    return fmt_amount(yi, unit, digits=4)


def _value(row: Mapping[str, Any], field: str, lang: str, unit: str) -> str:
    value = row[field]
    if value is None or value == "" or field in _FOLDED:
        return ""
    if field == "amount_yi":
        # The headline amount says what it is: a claim, a price, a book value…
        kind = amount_kind_label(row.get("amount_kind"), lang)
        return f"{_amount(float(value), unit)} · {kind}"
    if field in _AMOUNTS:
        return _amount(float(value), unit)
    if field in _COUNTS:
        text = _number(value)
        key = f"count_unit.{field}"
        return f"{text} {word(key, lang)}" if key in WORDS else text
    if field == "source":
        # One citation a line, each in full (title, date, URL, the whole SHA-256).
        lines = citation_lines(str(value))
        return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1)) if len(lines) > 1 else "\n".join(lines)
    if field in ENUMS:
        return enum_label(field, value, lang)
    if field == "province_code":
        return f"{province_name(str(value), lang)} ({value})"
    if isinstance(value, dt.datetime):
        return fmt_date(value)
    if isinstance(value, dt.date):
        return fmt_event_date(row, field)  # never a day the source did not give
    return str(value)


def announcement_fields(row: Mapping[str, Any], lang: str = "en", unit: str = "yi") -> list[tuple[str, str]]:
    """(label, value) for every field of the record that has a value, in a reading order.

    Fields the schema does not know (a newer feed) are listed after the known ones
    under their raw names, so nothing in the record is hidden.
    """
    out: list[tuple[str, str]] = []
    known = list(FIELDS) + [c for c in ANNOUNCEMENTS.column_names if c not in FIELDS]
    extra = [k for k in row if k not in known]
    for name in known + extra:
        if name not in row:
            continue
        text = _value(row, name, lang, unit)
        if not text:
            continue
        out.append((word(f"field.{name}", lang) if name in FIELDS else name, text))
    return out


def _fields_table(row: Mapping[str, Any], lang: str, unit: str) -> Table:
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for name, value in announcement_fields(row, lang, unit):
        # literal: labels may be raw feed keys. A value of several lines (the sources,
        # one citation a line) keeps its lines: literal() folds a newline to a space.
        table.add_row(literal(name), Text("\n", end="").join(literal(line) for line in value.split("\n")))
    return table


class AnnouncementScreen(FollowsApp, Screen[None]):
    """Detail of one announcement: every field, labelled; Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="announcement.back"),
        Binding("j,down", "scroll_down", "Down", show=False, id="announcement.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="announcement.up"),
        Binding("s", "show_party('seller')", "Seller's deals", id="announcement.seller"),
        Binding("b", "show_party('buyer')", "Buyer's deals", id="announcement.buyer"),
    ]

    DEFAULT_CSS = """
    AnnouncementScreen #announcement-body {
        height: 1fr;
        padding: 0 1;
    }
    AnnouncementScreen #announcement-heading {
        text-style: bold;
        color: $accent;
        margin: 1 0;
    }
    """

    def __init__(
        self,
        row: Mapping[str, Any],
        *,
        trail: Sequence[str] = ("China",),
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id)
        self.row = row
        self.trail = tuple(trail)

    def compose(self) -> ComposeResult:
        yield Breadcrumb(self._trail(), id="breadcrumb")
        with VerticalScroll(id="announcement-body"):
            yield Static(id="announcement-heading")
            yield Static(id="announcement-fields")
        yield KeyBar().data_bind(Shared.settings)

    def on_mount(self) -> None:
        self._show()

    def watch_settings(self) -> None:
        if self.is_mounted:
            self._show()

    def _trail(self) -> tuple[str, ...]:
        """The caller's trail in the current language (China and province names), plus this record."""
        trail = [_translate_crumb(part, self.lang) for part in self.trail] or [word("china", self.lang)]
        return (*trail, announcement_crumb(self.row, self.lang))

    def _show(self) -> None:
        self.query_one(Breadcrumb).trail = self._trail()
        kind = enum_label("kind", self.row.get("kind"), self.lang)
        status = enum_label("status", self.row.get("status"), self.lang)
        heading = Text(end="")
        heading.append_text(literal(kind))
        if status:
            heading.append(" · ")
            heading.append_text(literal(status))
        self.query_one("#announcement-heading", Static).update(heading)
        self.query_one("#announcement-fields", Static).update(_fields_table(self.row, self.lang, self.unit))

    @property
    def plain_fields(self) -> list[tuple[str, str]]:
        """What the screen lists (for tests and copy)."""
        return announcement_fields(self.row, self.lang, self.unit)

    def action_back(self) -> None:
        close(self)

    def action_scroll_down(self) -> None:
        self.query_one("#announcement-body", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#announcement-body", VerticalScroll).scroll_up()

    def action_show_party(self, role: str) -> None:
        name = party_name(self.row, role, "en")
        if not name:
            self.notify("No buyer named in this record" if role == "buyer" else "No seller named", severity="warning")
            return
        self.post_message(PartyChosen(name))
