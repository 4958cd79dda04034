"""The announcements filter (`/`): free text, dates, amounts and a party's name.

A query is terms separated by spaces, and a row must match every one (AND):

- a **date**: a year ``2023``, a quarter ``2025Q3``, a month ``2025-11``, a day
  ``2023-12-21`` (also ``2025/11``, ``2025年11月``); a **range** ``2023-10..2023-12``
  (an end may be left open: ``2024..``), or a comparison ``>=2025-01``, ``>2023``,
  ``<2024-06``, ``<=2023``. A row matches when its date, as precise as its source gave
  it, lies wholly in the span: a deal dated only "2025" is not in ``2025-11``.
- an **amount** with a unit, in a comparison or a range: ``>10亿``, ``<500万``,
  ``1亿..5亿``, ``>=1bn`` (RMB billions: 1bn = 10亿), ``<20m``; units 亿, 万, 千万, 百万,
  万亿, 元, bn, m, k (a leading RMB/¥ is fine). It is compared with the row's principal,
  or, where there is none, the row's other amount (a claim, a deal price…); a row with
  no amount never matches one.
- anything else is **text**, matched as before (:func:`npl_tui.core.views.matches_query`),
  and so is any term that does not parse (``2025-13``, ``>abc``): never an error.

When the text terms, together, are the name of a seller or buyer in the rows (any of
its spellings: "China Cinda AMC", "中国信达资产管理股份有限公司", "Cinda AMC"), they
select every row that party sells or buys in (:mod:`npl_tui.core.parties_match`),
instead of rows that merely contain the words.

Pure: no Textual, no I/O.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = ["FILTER_HELP", "AmountTerm", "DateTerm", "Query", "as_decimal", "filter_rows", "parse_query", "parse_term", "row_span"]

Row = Mapping[str, Any]

#: What `/` understands, for the help screen (title, text) by language.
FILTER_HELP: dict[str, tuple[str, str]] = {
    "en": (
        "Filter (/)",
        ("Words match seller, buyer, title, province, asset; a bank or AMC's full name "
         "lists all its deals. Also dates 2023, 2025Q3, 2025-11, 2023-12-21, ranges "
         "2023-10..2023-12, >=2025-01 (a date must lie wholly inside); amounts >10亿, "
         "<500万, 1亿..5亿, >1bn (RMB billions), compared with the principal, else the "
         "row's other amount. Every term must match: henan >10亿 2025."),
    ),
    "zh": (
        "筛选 (/)",
        ("文字匹配卖方、买方、标题、省份、资产；银行或AMC的全称列出其全部交易。也可用日期 "
         "2023、2025Q3、2025-11、2023-12-21，区间 2023-10..2023-12、>=2025-01（日期须整体落在其中）；"
         "金额 >10亿、<500万、1亿..5亿、>1bn（人民币十亿），比较本金，无本金时比较该行的其他金额。"
         "各项须同时满足：henan >10亿 2025。"),
    ),
}

_ONE_DAY = dt.timedelta(days=1)


# --------------------------------------------------------------------------- terms


@dataclass(frozen=True)
class DateTerm:
    """Rows whose date span lies within [low, high] (None: open)."""

    low: dt.date | None
    high: dt.date | None

    def matches(self, start: dt.date, end: dt.date) -> bool:
        return (self.low is None or start >= self.low) and (self.high is None or end <= self.high)


@dataclass(frozen=True)
class AmountTerm:
    """Rows whose amount (亿) is above *low* and below *high* (None: open)."""

    low: Decimal | None
    high: Decimal | None
    low_strict: bool = False
    high_strict: bool = False

    def matches(self, value: Decimal) -> bool:
        if self.low is not None and (value <= self.low if self.low_strict else value < self.low):
            return False
        return self.high is None or not (value >= self.high if self.high_strict else value > self.high)


@dataclass(frozen=True)
class Query:
    text: tuple[str, ...] = ()  # the free-text terms, as typed
    dates: tuple[DateTerm, ...] = ()
    amounts: tuple[AmountTerm, ...] = ()

    @property
    def free_text(self) -> str:
        return " ".join(self.text)


# --------------------------------------------------------------------------- dates


def _span(year: int, month: int | None = None, day: int | None = None, quarter: int | None = None) -> tuple[dt.date, dt.date] | None:
    """First and last day of a year, quarter, month or day; None when there is no such date."""
    if not 1900 <= year <= 2199:
        return None
    try:
        if day is not None and month is not None:
            d = dt.date(year, month, day)
            return d, d
        if quarter is not None:
            month, last = 3 * quarter - 2, 3 * quarter
            return dt.date(year, month, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
        if month is not None:
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


_DATE_FORMS = (
    (re.compile(r"(\d{4})"), ("year",)),
    (re.compile(r"(\d{4})-?q([1-4])"), ("year", "quarter")),
    (re.compile(r"(\d{4})[-/.](\d{1,2})"), ("year", "month")),
    (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"), ("year", "month", "day")),
    (re.compile(r"(\d{4})年"), ("year",)),
    (re.compile(r"(\d{4})年(\d{1,2})月"), ("year", "month")),
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?"), ("year", "month", "day")),
)


def _date(text: str) -> tuple[dt.date, dt.date] | None:
    for pattern, names in _DATE_FORMS:
        m = pattern.fullmatch(text)
        if m:
            return _span(**{name: int(value) for name, value in zip(names, m.groups())})
    return None


def row_span(row: Row) -> tuple[dt.date, dt.date] | None:
    """The days *row*'s date may be, at the precision its source gave (day, month, year)."""
    date = row.get("date")
    if not isinstance(date, dt.date):
        return None
    precision = row.get("date_precision") or ""
    if precision == "year":
        return _span(date.year)
    if precision == "month":
        return _span(date.year, date.month)
    return date, date


# --------------------------------------------------------------------------- amounts

#: Units in 亿 (1亿 = 100 million yuan), longest spelling first.
_UNITS: dict[str, Decimal] = {
    "万亿元": Decimal(10000), "万亿": Decimal(10000),
    "千万元": Decimal("0.1"), "千万": Decimal("0.1"),
    "百万元": Decimal("0.01"), "百万": Decimal("0.01"),
    "亿元": Decimal(1), "亿": Decimal(1), "yi": Decimal(1),
    "万元": Decimal("0.0001"), "万": Decimal("0.0001"), "wan": Decimal("0.0001"),
    "元": Decimal("0.00000001"), "yuan": Decimal("0.00000001"),
    "trillion": Decimal(10000), "tn": Decimal(10000),
    "billion": Decimal(10), "bn": Decimal(10), "b": Decimal(10),
    "million": Decimal("0.01"), "mn": Decimal("0.01"), "m": Decimal("0.01"),
    "thousand": Decimal("0.00001"), "k": Decimal("0.00001"),
}
_AMOUNT = re.compile(
    r"(?:rmb|cny|¥)?(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)(" + "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True)) + r")?"
)


def _amount(text: str) -> tuple[Decimal, str | None] | None:
    """(number, unit or None) for "10亿", "1.5bn", "RMB500m", "3"; None otherwise."""
    m = _AMOUNT.fullmatch(text)
    if not m:
        return None
    try:
        return Decimal(m.group(1).replace(",", "")), m.group(2)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def _in_yi(number: Decimal, unit: str) -> Decimal:
    return number * _UNITS[unit]


# --------------------------------------------------------------------------- parsing

_COMPARATORS = (">=", "<=", ">", "<", "=")


def _normal(term: str) -> str:
    text = unicodedata.normalize("NFKC", term).casefold()
    return text.replace("≥", ">=").replace("≤", "<=").replace("=>", ">=").replace("=<", "<=")


def _range_term(low: str, high: str) -> DateTerm | AmountTerm | None:
    if not low and not high:
        return None
    dates = [_date(x) if x else None for x in (low, high)]
    if all(d is not None or not x for d, x in zip(dates, (low, high))):
        start, end = dates
        lo, hi = (start[0] if start else None), (end[1] if end else None)
        if lo is not None and hi is not None and lo > hi:  # typed backwards
            lo, hi = (end[0] if end else None), (start[1] if start else None)
        return DateTerm(lo, hi)
    if any(d is not None for d in dates):
        return None  # a date at one end, something else at the other
    amounts = [_amount(x) if x else None for x in (low, high)]
    if not all(a is not None or not x for a, x in zip(amounts, (low, high))):
        return None
    units = {a[1] for a in amounts if a is not None and a[1] is not None}
    if len(units) != 1 and any(a is not None and a[1] is None for a in amounts):
        return None  # "1..5": a number without a unit is not an amount; "1..5亿" is
    values: list[Decimal | None] = []
    for a in amounts:
        if a is None:
            values.append(None)
        else:
            # "1..5亿": an end without a unit takes the other's
            values.append(_in_yi(a[0], a[1] if a[1] is not None else next(iter(units))))
    lo_v, hi_v = values
    if lo_v is not None and hi_v is not None and lo_v > hi_v:
        lo_v, hi_v = hi_v, lo_v
    return AmountTerm(lo_v, hi_v)


def _compare_term(op: str, value: str) -> DateTerm | AmountTerm | None:
    span = _date(value)
    if span is not None:
        start, end = span
        return {
            ">=": DateTerm(start, None),
            ">": DateTerm(end + _ONE_DAY, None),
            "<=": DateTerm(None, end),
            "<": DateTerm(None, start - _ONE_DAY),
            "=": DateTerm(start, end),
        }[op]
    amount = _amount(value)
    if amount is None or amount[1] is None:
        return None
    v = _in_yi(amount[0], amount[1])
    return {
        ">=": AmountTerm(v, None),
        ">": AmountTerm(v, None, low_strict=True),
        "<=": AmountTerm(None, v),
        "<": AmountTerm(None, v, high_strict=True),
        "=": AmountTerm(v, v),
    }[op]


def parse_term(term: str) -> DateTerm | AmountTerm | None:
    """A date or amount term, or None when *term* is text."""
    text = _normal(term)
    for op in _COMPARATORS:
        if text.startswith(op):
            return _compare_term(op, text[len(op) :].strip())
    if ".." in text:
        low, _, high = text.partition("..")
        return _range_term(low.strip(), high.strip())
    span = _date(text)
    return DateTerm(*span) if span is not None else None


def _merged(tokens: list[str]) -> list[list[str]]:
    """Tokens grouped into terms: a lone comparison joins the value after it ("> 10亿"),
    a lone ".." the values on both sides ("2023 .. 2024")."""
    groups: list[list[str]] = []
    i = 0
    while i < len(tokens):
        token = _normal(tokens[i])
        if token in _COMPARATORS and i + 1 < len(tokens):
            groups.append(tokens[i : i + 2])
            i += 2
        elif token == ".." and groups and i + 1 < len(tokens):
            groups[-1] = [*groups[-1], tokens[i], tokens[i + 1]]
            i += 2
        else:
            groups.append([tokens[i]])
            i += 1
    return groups


def parse_query(text: str) -> Query:
    """*text* as terms (see the module's docstring); never raises."""
    words: list[str] = []
    dates: list[DateTerm] = []
    amounts: list[AmountTerm] = []
    for group in _merged(text.split()):
        term = parse_term("".join(group))
        if isinstance(term, DateTerm):
            dates.append(term)
        elif isinstance(term, AmountTerm):
            amounts.append(term)
        else:
            words.extend(group)  # text, exactly as typed
    return Query(tuple(words), tuple(dates), tuple(amounts))


# --------------------------------------------------------------------------- filtering


def as_decimal(value: object) -> Decimal | None:
    """A cell's number as a Decimal (amounts are compared exactly); None when it has none."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def filter_rows(
    rows: Iterable[Row],
    query: str | Query,
    *,
    text_match: Callable[[Row, str], bool],
    amount: Callable[[Row], object],
) -> list[Row]:
    """The rows that match every term of *query*, in their order.

    *text_match(row, text)* decides the free text (the app's word search), *amount(row)*
    gives the figure in 亿 an amount term compares (or None). When the free text is a
    seller's or buyer's name, the rows that party is in are kept instead."""
    rows = list(rows)
    q = parse_query(query) if isinstance(query, str) else query
    text = q.free_text
    found = None
    if text:
        # Imported on the first filter, not at start-up: matching parties compiles its
        # name patterns and keys (measured: docs/benchmarks.md).
        from .parties_match import find_party

        found = find_party(rows, text)

    def keep(row: Row) -> bool:
        if found is not None:
            if not found[0].involves(row, found[1]):
                return False
        elif text and not text_match(row, text):
            return False
        if q.dates:
            span = row_span(row)
            if span is None or not all(t.matches(*span) for t in q.dates):
                return False
        if q.amounts:
            value = as_decimal(amount(row))
            if value is None or not all(t.matches(value) for t in q.amounts):
                return False
        return True

    return [row for row in rows if keep(row)]
