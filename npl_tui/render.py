"""Pure rendering helpers: data in, ``rich.text.Text`` or ``str`` out.

No Textual, no app state: every function here is unit-tested on its own. All text
that came from data goes through :func:`literal`, which builds a ``Text`` without
parsing markup, so feed text can never style, link or run anything.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from .core import vocab as labels
from .core.metrics import BOUND_QUALIFIERS, is_change_metric, metric_kind
from .core.provenance import parse_citations
from .core.provinces import BY_CODE
from .core.schema import NATIONAL_CODE
from .core.text import clean_text
from .core.vocab import word

__all__ = [
    "AMOUNT_SCALES",
    "BANK_TYPE_LABELS",
    "BANK_TYPE_SHORT",
    "DERIVED_MARK",
    "LANGS",
    "UNITS",
    "amount_kind_label",
    "amount_mark",
    "amount_scale",
    "asset_label",
    "bar",
    "basis_label",
    "bound_text",
    "cell",
    "change_symbol",
    "citation_lines",
    "derived_mark",
    "fmt_amount",
    "fmt_bound",
    "fmt_change_bp",
    "fmt_date",
    "fmt_event_date",
    "fmt_figure_amount",
    "fmt_figure_pct",
    "fmt_int",
    "fmt_marked_amount",
    "fmt_metric",
    "fmt_pct",
    "fmt_scaled",
    "fmt_share",
    "fmt_span",
    "gapped_cell",
    "literal",
    "metric_label",
    "party_name",
    "pick",
    "province_abbr",
    "province_name",
    "scale_name",
    "series_label",
    "short_party",
    "source_short",
    "sparkline",
    "sparkline_segments",
    "status_label",
    "trim_zeros",
    "waiting_label",
]

LANGS = ("en", "zh")
UNITS = ("yi", "bn")

ORIGIN_LABELS: dict[str, dict[str, str]] = {
    "shipped": {"en": "shipped snapshot", "zh": "内置快照"},
    "snapshot": {"en": "snapshot", "zh": "快照"},
    "feed": {"en": "feed", "zh": "数据源"},
    "cache": {"en": "cache", "zh": "缓存"},
    "history": {"en": "from", "zh": "来自"},  # a past snapshot: "from <feed>" (the history mark says the rest)
}

BANK_TYPE_LABELS = labels.BANK_TYPE_LABELS  # re-exported: one table, in labels.py


BANK_TYPE_SHORT: dict[str, dict[str, str]] = {
    "all": {"en": "All", "zh": "全部"},
    "large_state": {"en": "Large", "zh": "大型"},
    "joint_stock": {"en": "JSB", "zh": "股份"},
    "city": {"en": "City", "zh": "城商"},
    "rural": {"en": "Rural", "zh": "农商"},
    "private": {"en": "Priv.", "zh": "民营"},
    "foreign": {"en": "Foreign", "zh": "外资"},
}


def waiting_label(error: str | None, lang: str = "en") -> str:
    """What a pane says before its first data: 'loading…', or after a failed first
    load 'no data — see status line' (the error itself is on the status line)."""
    return word("no_data_failed" if error else "loading", lang)


def literal(value: object, style: str = "") -> Text:
    """Untrusted text as a plain ``Text``: markup is not parsed, controls are gone."""
    text = "" if value is None else clean_text(str(value))
    return Text(text, style=style, no_wrap=False, end="")


def cell(value: object, *, right: bool = False, style: str = "", width: int | None = None, suffix: str = "") -> Text:
    """A literal one-line table cell: cut with an ellipsis (at *width* cells when given,
    else where the column ends), optionally right-aligned. *suffix* (our own text, e.g.
    derived_mark's, spaces kept) follows the value and is never cut."""
    text = literal(value, style)
    text.no_wrap, text.overflow = True, "ellipsis"
    if width is not None:
        text.truncate(max(0, width - cell_len(suffix)), overflow="ellipsis")
    if suffix:
        text.append(suffix)
    if right:
        text.justify = "right"
    return text


def trim_zeros(number: str) -> str:
    """'6.90' -> '6.9', '70.00' -> '70'; integers unchanged."""
    return number.rstrip("0").rstrip(".") if "." in number else number


def fmt_amount(yi: float | None, unit: str = "yi", digits: int = 2, scale: str | None = None) -> str:
    """An amount given in 亿元 as 亿/万 (unit='yi') or RMB bn/m (unit='bn'), the unit
    chosen from the amount itself, or *scale*'s (a column's one unit, amount_scale)."""
    if yi is None or (isinstance(yi, float) and not math.isfinite(yi)):
        return "–"
    if scale is not None:
        number = trim_zeros(fmt_scaled(yi, scale, digits, sig=3))
        return f"RMB {number}{AMOUNT_SCALES[scale][1]}" if scale in ("bn", "m") else f"{number}{AMOUNT_SCALES[scale][1]}"
    if unit == "bn":
        bn = yi / 10
        if abs(bn) >= 1:
            return f"RMB {trim_zeros(f'{bn:,.{digits}f}')}bn"
        return f"RMB {trim_zeros(f'{bn * 1000:,.{digits}f}')}m"
    if abs(yi) >= 1:
        return f"{trim_zeros(f'{yi:,.{digits}f}')}亿"
    return f"{trim_zeros(f'{yi * 10000:,.{digits}f}')}万"


#: The units a column of amounts can be shown in: 亿元 per unit, and the unit's suffix.
AMOUNT_SCALES: dict[str, tuple[float, str, str]] = {
    # scale: (亿 per unit, suffix after a number, name for a header / caption)
    "yi": (1.0, "亿", "亿"),
    "wan": (1e-4, "万", "万"),
    "bn": (10.0, "bn", "RMB bn"),
    "m": (0.01, "m", "RMB m"),
}


def amount_scale(values: Any, unit: str = "yi") -> str:
    """The one unit for a column of amounts given in 亿元, chosen from its largest:
    "yi" (亿) or, when every amount is under 1亿, "wan" (万); with *unit* "bn", "bn" or
    "m" the same way. So a column never mixes 4,473.13万 with 1.12亿."""
    big = 0.0
    for v in values:
        if v is not None and math.isfinite(float(v)):
            big = max(big, abs(float(v)))
    if unit == "bn":
        return "bn" if big >= 10 else "m"
    return "yi" if big >= 1 else "wan"


def scale_name(scale: str, short: bool = False) -> str:
    """What a header or caption calls the unit of *scale*: "亿", "万", "RMB bn", "RMB m"
    (with *short*, "bn" and "m")."""
    _per, suffix, name = AMOUNT_SCALES[scale]
    return suffix if short else name


def fmt_scaled(yi: float | None, scale: str, digits: int = 2, sig: int = 2) -> str:
    """An amount in 亿元 as a number in the unit of *scale*, with *digits* decimals, no
    suffix ("1,234.50"); under 1 it keeps *sig* significant digits (at most one more
    than *digits*), so a small amount in a column of large ones neither reads as zero
    nor loses its figures: "0.00036", "0.0135" (sig 3)."""
    if yi is None or not math.isfinite(float(yi)):
        return "–"
    value = float(yi) / AMOUNT_SCALES[scale][0]
    if value and abs(value) < 1:
        sig = min(sig, digits + 1)
        digits = max(digits, min(8, sig - 1 - math.floor(math.log10(abs(value)))))
    return f"{value:,.{digits}f}"


def fmt_bound(qualifier: str) -> str:
    """The prefix that shows a bound as a bound: '<', '≤', '>', '≥', '~'."""
    return {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "~": "~"}.get(qualifier or "", "")


def fmt_pct(value: float | None, qualifier: str = "", digits: int = 2) -> str:
    """A percentage with its bound, e.g. '1.50%', '<10%', '~70%'."""
    if value is None:
        return "–"
    return f"{fmt_bound(qualifier)}{trim_zeros(f'{value:.{digits}f}') if qualifier else f'{value:.{digits}f}'}%"


def fmt_int(value: float | None, qualifier: str = "") -> str:
    if value is None:
        return "–"
    return f"{fmt_bound(qualifier)}{value:,.0f}"


def change_symbol(delta: float | None) -> str:
    """▲ / ▼ / ■ so that direction is readable without colour."""
    if delta is None:
        return " "
    if delta > 1e-9:
        return "▲"
    if delta < -1e-9:
        return "▼"
    return "■"


def fmt_change_bp(delta_pct_points: float | None) -> str:
    """A change in percentage points shown in basis points: '▼ 2bp', '▲ 3bp', '■ 0bp'."""
    if delta_pct_points is None:
        return "–"
    bp = round(delta_pct_points * 100)
    return f"{change_symbol(bp)} {abs(bp)}bp"


def fmt_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def fmt_event_date(row: Any, field: str = "date") -> str:
    """An announcement's date to the precision the source gave: '2025-08-14',
    '2025-08' (month) or '2025' (year). A day the source never gave is never shown.

    *field* may name another date of the row (e.g. 'as_of'); it is cut the same way
    only when it is the same day as ``date`` (the same imprecise fact)."""
    get = row.get
    value = get(field)
    if value is None:
        return "–"
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        return fmt_date(value) if isinstance(value, dt.datetime) else str(value)
    precision = get("date_precision") or "day"
    if field != "date" and value != get("date"):
        precision = "day"
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def province_abbr(code: str | None, lang: str = "en") -> str:
    """Two cells: the alpha code ('GD') in English, the one-character abbreviation
    ('粤') in Chinese; '–' if none."""
    prov = BY_CODE.get(code or "")
    if prov is None:
        return code or "–"
    return prov.abbr if lang == "zh" else prov.alpha


def province_name(code: str | None, lang: str = "en") -> str:
    """A province's name in *lang*; the national code reads "China" / "全国"."""
    if not code:
        return word("unknown", lang)
    if code == NATIONAL_CODE:
        return word("china", lang)
    prov = BY_CODE.get(code)
    return prov.name(lang) if prov else code


# --------------------------------------------------------------------------- dashboard helpers


def pick(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    """The *lang* entry of a label table, falling back to English, then to the key."""
    entry = table.get(key)
    if entry is None:
        return key.replace("_", " ")
    return entry.get(lang, entry["en"])


def asset_label(asset_type: str | None, lang: str = "en") -> str:
    """The asset type's short name (for table cells); '–' when none is given."""
    return labels.enum_label("asset_type", asset_type, lang, short=True) if asset_type else "–"


def status_label(status: str | None, lang: str = "en", tiny: bool = False) -> str:
    """The status's short name (for table cells), at most five cells with *tiny*;
    '–' when none is given."""
    if not status:
        return "–"
    if tiny and status in labels.STATUS_TINY:
        return labels.term(labels.STATUS_TINY, status, lang)
    return labels.enum_label("status", status, lang, short=True)


def metric_label(metric: str, lang: str = "en", short: bool = False) -> str:
    return labels.metric_label(metric, lang, short)


def series_label(series: str, lang: str = "en", short: bool = False) -> str:
    return labels.term(labels.SERIES, series, lang, short)


def basis_label(basis: str, lang: str = "en", short: bool = False) -> str:
    """'of principal' (or 'of P' with *short*): what a discount rate is a share of."""
    return labels.term(labels.BASES, basis, lang, short)


def party_name(row: Any, role: str = "seller", lang: str = "en") -> str:
    """The seller's or buyer's name in *lang*, falling back to the other language."""
    get = row.get
    en, zh = get(role) or "", get(f"{role}_zh") or ""
    first, second = (zh, en) if lang == "zh" else (en, zh)
    return first or second


#: Where a line is short: the usual long forms of bank and AMC names, shortened as
#: the market writes them (display only; the record keeps the name as published).
_PARTY_SHORT = (
    ("Rural Commercial Bank", "RCB"),
    ("Asset Management Co., Ltd.", "AMC"),
    ("Asset Management Company", "AMC"),
    ("Asset Management", "AMC"),
    ("农村商业银行股份有限公司", "农商行"),
    ("农村商业银行", "农商行"),
    ("资产管理股份有限公司", "资产"),
    ("资产管理有限公司", "资产"),
)


def short_party(name: str) -> str:
    """*name* with its long form shortened: "Xunxian Rural Commercial Bank" → "Xunxian
    RCB", "中原资产管理有限公司" → "中原资产"."""
    for long, short in _PARTY_SHORT:
        name = name.replace(long, short)
    return name


_SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float] | tuple[float, ...], width: int | None = None) -> str:
    """Values as a one-line block sparkline, scaled between their own min and max.

    When there are more values than *width*, each cell shows the last value of its
    bucket, so the right-hand end is always the latest figure. Flat series sit mid-height.
    """
    vals = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    if not vals:
        return ""
    if width is not None and width > 0 and len(vals) > width:
        step = len(vals) / width
        vals = [vals[min(len(vals) - 1, round((i + 1) * step) - 1)] for i in range(width)]
    lo, hi = min(vals), max(vals)
    if hi - lo < 1e-12:
        return _SPARK[3] * len(vals)
    top = len(_SPARK) - 1
    return "".join(_SPARK[round((v - lo) / (hi - lo) * top)] for v in vals)


_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, scale: float, width: int, qualifier: str = "") -> str:
    """A horizontal bar *width* cells at most. Bounds are drawn differently:
    a lower bound ('>', '>=') ends open with '▶' (the truth is further right);
    an upper bound ('<', '<=') is drawn light (░), the truth is shorter."""
    if width <= 0 or scale <= 0 or not math.isfinite(value) or value <= 0:
        return ""
    lower = qualifier in (">", ">=")
    room = width - 1 if lower else width
    cells = max(0.0, min(1.0, value / scale)) * room
    whole = int(cells)
    frac = round((cells - whole) * 8)
    if frac == 8:
        whole, frac = whole + 1, 0
    if qualifier in ("<", "<="):
        return "░" * max(1, whole + (frac >= 4))
    if lower:
        return "▓" * max(1, whole) + "▶"
    return "█" * whole + (_EIGHTHS[frac] if frac else "") or "▏"


def bound_text(qualifier: str) -> str:
    """'> ', '< ', '≥ ', '≤ ' (with a space so a bound reads as one), '~' or ''."""
    sym = fmt_bound(qualifier)
    return f"{sym} " if qualifier in BOUND_QUALIFIERS else sym


def fmt_metric(value: float | None, metric: str, qualifier: str = "", unit: str = "yi", scale: str | None = None) -> str:
    """A figure in its metric's unit (the suffix says which), bounds kept as bounds:
    '> 51,888', '1,210.5亿', '> 0%', '< 0.9%', '+66.95%', '-4.74pp'. The one formatter
    for metric figures: the ranking, the province screen and the sources screen. An
    amount is in *scale* when given (its column's one unit: render.amount_scale)."""
    if value is None:
        return "–"
    kind = metric_kind(metric)
    prefix = bound_text(qualifier)
    if kind == "amount":
        return prefix + fmt_amount(value, unit, digits=1, scale=scale)
    if kind == "count":
        return prefix + fmt_int(value)
    suffix = "pp" if kind == "pp" else "%"
    if qualifier in BOUND_QUALIFIERS or qualifier == "~":
        return f"{prefix}{trim_zeros(f'{value:.2f}')}{suffix}"
    if is_change_metric(metric):
        return f"{value:+.2f}{suffix}"
    return f"{value:.2f}{suffix}"


#: The one mark of a figure we derived from published ones, after its value, everywhere:
#: the ranking, the ratio and discount panes, the province screen, the sources screen.
DERIVED_MARK = "d"


def derived_mark(derived: bool, pad: bool = False) -> str:
    """" d" after a derived figure's value; "" otherwise — or, with *pad*, two spaces, so
    the values of a right-aligned column still line up beside a marked one."""
    if derived:
        return f" {DERIVED_MARK}"
    return "  " if pad else ""


def _figure_parts(figure: Any) -> tuple[float, str, bool]:
    return figure.value, getattr(figure, "qualifier", ""), getattr(figure, "derived", False)


def fmt_figure_pct(figure: object | None, digits: int = 2) -> str:
    """A percentage figure with its bound and a 'd' when we derived it."""
    if figure is None:
        return "–"
    value, qual, derived = _figure_parts(figure)
    bound = fmt_bound(qual)
    return f"{bound}{value:.{digits}f}%" + derived_mark(derived)


def fmt_figure_amount(figure: object | None, unit: str = "yi") -> str:
    if figure is None:
        return "–"
    value, qual, derived = _figure_parts(figure)
    return f"{fmt_bound(qual)}{fmt_amount(value, unit, digits=1 if abs(value) >= 1000 else 2)}" + derived_mark(derived)


def fmt_span(first: str, last: str) -> str:
    return first if first == last else f"{first}–{last}"


# --------------------------------------------------------------------------- amounts, shares, sources


def amount_kind_label(kind: str | None, lang: str = "en") -> str:
    """What an amount is, in full: "Claim (principal + interest)", "成交价"; an unknown
    kind as it is."""
    kind = kind or ""
    return labels.term(labels.AMOUNT_KINDS, kind, lang) if kind in labels.AMOUNT_KINDS else kind


def amount_mark(kind: str | None, lang: str = "en", tiny: bool = False) -> str:
    """The short mark after an amount in a table cell: "" for principal (what the column
    is), "P+I" for a claim, "deal", "start"… (one letter with *tiny*: "C", "D"…)."""
    kind = kind or ""
    if tiny:
        return labels.term(labels.AMOUNT_TINY, kind, lang) if kind in labels.AMOUNT_TINY else kind[:1].upper()
    return labels.term(labels.AMOUNT_KINDS, kind, lang, short=True) if kind in labels.AMOUNT_KINDS else kind


def fmt_marked_amount(
    yi: float | None,
    kind: str | None,
    unit: str = "yi",
    lang: str = "en",
    *,
    width: int | None = None,
    tiny: bool = False,
    scale: str | None = None,
) -> str:
    """An amount with the mark of its kind: "202.74亿" (principal), "189亿 P+I",
    "52亿 deal". Within *width* cells the mark is kept: "RMB " goes first, then the space
    before the mark, then decimals. With *tiny* (80 columns) the mark is one letter and
    there is no "RMB ". With *scale* the amount is in that unit (a column's one unit):
    "0.45亿 deal" beside "202.74亿", never "4,473.13万"."""
    if yi is None:
        return "–"
    mark = amount_mark(kind, lang, tiny)
    candidates: list[str] = []
    for digits in (2, 1, 0):
        number = fmt_amount(yi, unit, digits, scale)
        numbers = [number.removeprefix("RMB ")] if tiny else [number, number.removeprefix("RMB ")]
        for sep in (" ", "") if mark else ("",):
            candidates += [f"{n}{sep}{mark}" for n in numbers]
    if width is None:
        return candidates[0]
    return next((c for c in candidates if cell_len(c) <= width), candidates[-1])


def fmt_share(share: tuple[float, str] | None) -> str:
    """A share of the national figure: "9.2%", "≥4.1%", "12%", "<0.1%"; "" for none."""
    if share is None:
        return ""
    pct, qualifier = share
    if 0 < pct < 0.05:
        return "<0.1%"
    # Five cells at most: one decimal below 10%, none from 10% ("12%", ">9.2%").
    return f"{fmt_bound(qualifier)}{pct:.1f}%" if pct < 9.95 else f"{fmt_bound(qualifier)}{pct:.0f}%"


def gapped_cell(value: object, width: int, *, right: bool = False, style: str = "", suffix: str = "") -> Text:
    """A literal cell *width* cells wide whose last cell is the gap to the next column
    (for tables without cell padding: every cell they have goes to the figures)."""
    text = cell(value, style=style, width=width - 1, suffix=suffix)
    if right:
        text.pad_left(max(0, width - 1 - text.cell_len))
    text.append(" ")
    return text


def citation_lines(source: str | None, short_sha: bool = False) -> list[str]:
    """A ``source`` cell as one line per citation ("publisher · title · date · URL ·
    sha256:…"), the hash cut to 12 digits with *short_sha*."""
    return [c.text(short_sha) for c in parse_citations(source or "")]


def source_short(source: str | None) -> str:
    """A ``source`` cell on one line for a table or a detail line: its citations joined
    by " ; ", each hash cut to 12 digits."""
    return " ; ".join(citation_lines(source, short_sha=True))


def sparkline_segments(segments: list[list[float]], width: int, gap: int = 1) -> list[str]:
    """Series drawn apart: one block sparkline per segment (e.g. each side of a break in
    the basis), all on one scale, *gap* cells between them, *width* cells in all.

    Each segment gets cells in proportion to its points (at least one); when a segment
    has more points than cells, each cell shows the highest value of its bucket."""
    segments = [[float(v) for v in seg if v is not None and math.isfinite(float(v))] for seg in segments]
    segments = [seg for seg in segments if seg]
    if not segments or width <= 0:
        return []
    room = max(len(segments), width - gap * (len(segments) - 1))
    total = sum(len(seg) for seg in segments)
    widths = [max(1, min(len(seg), round(room * len(seg) / total))) for seg in segments]
    while sum(widths) > room and max(widths) > 1:
        widths[widths.index(max(widths))] -= 1
    everything = [v for seg in segments for v in seg]
    lo, hi = min(everything), max(everything)
    top = len(_SPARK) - 1
    out = []
    for seg, cells in zip(segments, widths):
        step = len(seg) / cells
        buckets = [seg[int(i * step) : max(int(i * step) + 1, int((i + 1) * step))] for i in range(cells)]
        values = [max(b) for b in buckets]
        if hi - lo < 1e-12:
            out.append(_SPARK[3] * len(values))
        else:
            out.append("".join(_SPARK[round((v - lo) / (hi - lo) * top)] for v in values))
    return out
