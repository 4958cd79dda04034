"""Changes in words: one line for a new or revised row, and its detail — for a
revision each figure old → new, with what was seen (as-of, source) and what is now.

Pure: a :class:`~npl_tui.core.seen.Change` in, text out (``str`` for toasts and logs,
``Text`` built with :func:`~npl_tui.render.literal`: feed text is never markup).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.text import Text

from .core.views import amount_of
from .core.vocab import BANK_TYPE_LABELS, WORDS, word
from .render import (
    fmt_event_date,
    fmt_marked_amount,
    fmt_metric,
    literal,
    metric_label,
    party_name,
    pick,
    province_name,
    series_label,
)

if TYPE_CHECKING:
    from .core.seen import Change, Revision

__all__ = ["change_detail", "change_line", "change_summary", "fmt_revised"]


def _value(value: object) -> str:
    """A figure as the feed gave it: at least two decimals (1.50, not 1.5), dates as ISO."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        two = f"{value:,.2f}"
        return two if round(value, 2) == value else f"{value:,}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def fmt_revised(revision: Revision, lang: str = "en") -> str:
    """"value 1.50 → 1.62" (the column's name in *lang* where the vocabulary has one)."""
    column = revision.column
    key = next((k for k in (f"field.{column}", f"col.{column}") if k in WORDS), None)
    name = word(key, lang) if key is not None else column.replace("_", " ")
    return f"{name} {_value(revision.old)} → {_value(revision.new)}"


def change_line(change: Change, lang: str = "en", unit: str = "yi") -> str:
    """What changed, in one line: the row as a reader knows it and, for a revision,
    its first revised figure."""
    row = change.row
    table = change.table
    if table == "announcements":
        amount = fmt_marked_amount(*amount_of(row), unit, lang)
        parts = [fmt_event_date(row), party_name(row, "seller", lang), amount, province_name(row.get("province_code"), lang)]
        line = " · ".join(p for p in parts if p and p != "–")
    elif table == "ratios":
        bank = pick(BANK_TYPE_LABELS, str(row.get("bank_type")), lang)
        value = fmt_metric(row.get("value"), str(row.get("metric")), str(row.get("qualifier") or ""), unit)
        line = f"{metric_label(str(row.get('metric')), lang)} · {bank} · {row.get('period')}: {value}"
    elif table == "provinces":
        value = fmt_metric(row.get("value"), str(row.get("metric")), str(row.get("qualifier") or ""), unit)
        where = province_name(row.get("province_code"), lang) if row.get("province_code") else ""
        line = f"{where} · {metric_label(str(row.get('metric')), lang)} {row.get('year')}: {value}"
    elif table == "discount_rates":
        where = province_name(row.get("province_code"), lang) if row.get("province_code") else word("china", lang)
        line = f"{series_label(str(row.get('series')), lang)} · {where} · {row.get('period')}: {_value(row.get('value_pct'))}%"
    else:
        line = f"{table} {change.id or change.key}"
    if change.kind == "revised" and change.revisions:
        first = change.revisions[0]
        if not (table in ("ratios", "provinces") and first.column == "value"):
            line += f" · {fmt_revised(first, lang)}"
        else:
            line = line.rsplit(": ", 1)[0] + f": {_value(first.old)} → {_value(first.new)}"
    return line


def change_summary(change: Change, lang: str = "en", unit: str = "yi") -> str:
    """"new: …" or "revised: …": a toast's or a log's words for one change."""
    return f"{word('whatsnew.' + change.kind, lang)}: {change_line(change, lang, unit)}"


def change_detail(change: Change, lang: str = "en", unit: str = "yi", alerts: tuple[str, ...] = ()) -> Text:
    """The change in full: each revised figure old → new, then what was seen (its
    as-of date and source) and what is there now; the alert rules it rang."""
    out = Text(end="")
    out.append_text(literal(change_line(change, lang, unit)))
    if change.kind == "revised":
        if change.revisions:
            for revision in change.revisions:
                out.append("\n  ")
                out.append_text(literal(fmt_revised(revision, lang)))
        elif not change.old_known:
            out.append("\n  " + word("whatsnew.old_unknown", lang))
        was = f"{word('whatsnew.was', lang)}: {word('as_of', lang)} {change.seen_as_of or '–'} · {word('source', lang)} {change.seen_source or '–'}"
        out.append("\n")
        out.append_text(literal(was))
    now = f"{word('whatsnew.now', lang)}: {word('as_of', lang)} {change.as_of or '–'} · {word('source', lang)} {change.source or '–'}"
    out.append("\n")
    out.append_text(literal(now))
    for label in alerts:
        out.append("\n")
        out.append_text(literal(f"{word('whatsnew.alert', lang)}: {label}"))
    return out
