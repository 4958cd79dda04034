"""Discount rates: one line pair per homogeneous series — never averaged together."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..core.snapshot import Snapshot
from ..core.views import DiscountSeries, discount_series
from ..core.vocab import word
from ..render import (
    asset_label,
    basis_label,
    derived_mark,
    fmt_pct,
    province_name,
    series_label,
    sparkline,
    waiting_label,
)
from .pane import Pane

__all__ = ["SPARK_WIDTH", "DiscountPane", "series_text"]

SPARK_WIDTH = 16


def _num(value: float) -> str:
    text = f"{value:.1f}" if abs(value) < 100 else f"{value:.0f}"
    return text.removesuffix(".0")


def _head(s: DiscountSeries, lang: str, name: str) -> str:
    """The first line's words up to the basis (what must stay in view)."""
    return f"{name} · {basis_label(s.basis, lang, short=True)}"


def series_text(s: DiscountSeries, lang: str = "en", width: int | None = None) -> Text:
    """Two lines: what the series is (name, basis, first period), then its latest value,
    the period that value is for, a sparkline and the range. Figures the data flags as
    suspect are in neither (the series set them aside); the line ends saying how many.

    e.g. "Yindeng retail batch · of P · since 2022" / " ▅▆█▁ 6.90% 2025Q1  6.9–9.4%".
    Where the first line is wider than *width*, the series goes by its short name, so
    what the rate is a share of stays in view ("Retail batch · base not stated").
    """
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    name = series_label(s.series, lang)
    if width is not None and cell_len(_head(s, lang, name)) > width:
        name = series_label(s.series, lang, short=True)
    out.append(name, style="bold")
    out.append(f" · {basis_label(s.basis, lang, short=True)}")
    many = len(s.points) > 1
    if many:
        out.append(f" · {'since' if lang == 'en' else '自'} {s.points[0].period}", style="dim")
    extras = []
    if s.province_code:
        extras.append(province_name(s.province_code, lang))
    if s.asset_type and s.asset_type != "corporate":
        extras.append(asset_label(s.asset_type, lang))
    if s.statistic == "deal":
        extras.append("single deals" if lang == "en" else "单笔")
    elif s.statistic.startswith("start_price"):
        extras.append("start price" if lang == "en" else "起始价")
    if extras:
        out.append(f" ({', '.join(extras)})", style="dim")
    out.append("\n ")
    last = s.last
    if many:
        out.append(sparkline([p.value for p in s.points], SPARK_WIDTH))
        out.append(" ")
    out.append(fmt_pct(last.value, last.qualifier) + derived_mark(last.derived), style="bold")
    out.append(f" {last.period}")
    span = f"  {_num(s.low)}–{_num(s.high)}%" if many else ""
    omitted = "  " + word("suspect_omitted", lang).format(n=len(s.omitted)) if s.omitted else ""
    if span and omitted and width is not None:
        line = out.plain.rsplit("\n", 1)[-1]
        if cell_len(line + span + omitted) > width:
            span = ""  # the range is the sparkline's; "1 suspect" says a figure is left out
    out.append(span, style="dim")
    out.append(omitted, style="dim")
    return out


class DiscountPane(Pane, VerticalScroll, can_focus=True):
    """Price as % of the basis for each series the snapshot has, most important first."""

    DEFAULT_CSS = """
    DiscountPane Static { height: auto; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="discounts.down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="discounts.up"),
    ]

    series: list[DiscountSeries] | None = None

    def compose(self) -> ComposeResult:
        yield Static(word("loading", self.lang), id="discount-body")

    def snapshot_changed(self, snapshot: Snapshot | None) -> None:
        self.series = discount_series(snapshot) if snapshot is not None else None

    def on_mount(self) -> None:
        self.show_data()

    def on_resize(self) -> None:
        self.show_data()  # a narrower pane: the series' short names

    def show_data(self) -> None:
        if not self.is_mounted:
            return
        self.border_title = f"3 {word('discount_rates', self.lang)}"
        self.border_subtitle = ""
        body = self.query_one("#discount-body", Static)
        series = self.series
        if series is None:
            body.update(waiting_label(self.market.error, self.lang))
            return
        if not series:
            body.update(word("no_data", self.lang))
            return
        text = Text(end="", no_wrap=True, overflow="ellipsis")
        for i, s in enumerate(series):
            if i:
                text.append("\n")
            text.append_text(series_text(s, self.lang, self.scrollable_content_region.width or None))
        body.update(text)
        if any(s.last.derived for s in series):
            self.border_subtitle = word("derived_note", self.lang)  # what the "d" after a value means
