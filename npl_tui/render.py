"""Pure rendering helpers: data in, ``rich.text.Text`` or ``str`` out.

No Textual, no app state: every function here is unit-tested on its own. All text
that came from data goes through :func:`literal`, which builds a ``Text`` without
parsing markup, so feed text can never style, link or run anything.
"""

from __future__ import annotations

import datetime as dt
import math

from rich.text import Text

from .core.provinces import BY_CODE
from .core.text import clean_text

__all__ = [
    "literal",
    "fmt_amount",
    "fmt_pct",
    "fmt_bound",
    "fmt_change_bp",
    "change_symbol",
    "fmt_int",
    "fmt_date",
    "province_name",
    "label",
    "LABELS",
    "UNITS",
    "LANGS",
]

LANGS = ("en", "zh")
UNITS = ("yi", "bn")

LABELS: dict[str, dict[str, str]] = {
    "npl_ratio": {"en": "NPL ratio", "zh": "不良贷款率"},
    "npl_balance": {"en": "NPL balance", "zh": "不良贷款余额"},
    "provision_coverage": {"en": "Provision coverage", "zh": "拨备覆盖率"},
    "announcements": {"en": "Announcements", "zh": "转让公告"},
    "top_provinces": {"en": "Top provinces", "zh": "省份排名"},
    "discount_rates": {"en": "Discount rates", "zh": "折扣率"},
    "china": {"en": "China", "zh": "全国"},
    "date": {"en": "Date", "zh": "日期"},
    "seller": {"en": "Seller", "zh": "出让方"},
    "buyer": {"en": "Buyer", "zh": "受让方"},
    "province": {"en": "Province", "zh": "省份"},
    "asset": {"en": "Asset", "zh": "资产类型"},
    "principal": {"en": "Principal", "zh": "本金"},
    "overdue": {"en": "Overdue d", "zh": "逾期天数"},
    "status": {"en": "Status", "zh": "状态"},
    "unknown": {"en": "unknown", "zh": "未知"},
    "source": {"en": "Source", "zh": "来源"},
    "as_of": {"en": "as of", "zh": "截至"},
}

BANK_TYPE_LABELS: dict[str, dict[str, str]] = {
    "all": {"en": "All commercial", "zh": "商业银行"},
    "large_state": {"en": "Large state-owned", "zh": "大型商业银行"},
    "joint_stock": {"en": "Joint-stock", "zh": "股份制银行"},
    "city": {"en": "City commercial", "zh": "城市商业银行"},
    "rural": {"en": "Rural commercial", "zh": "农村商业银行"},
    "private": {"en": "Private", "zh": "民营银行"},
    "foreign": {"en": "Foreign", "zh": "外资银行"},
}


def label(key: str, lang: str = "en") -> str:
    entry = LABELS.get(key)
    return entry.get(lang, entry["en"]) if entry else key


def literal(value: object, style: str = "") -> Text:
    """Untrusted text as a plain ``Text``: markup is not parsed, controls are gone."""
    text = "" if value is None else clean_text(str(value))
    return Text(text, style=style, no_wrap=False, end="")


def _trim(number: str) -> str:
    return number.rstrip("0").rstrip(".") if "." in number else number


def fmt_amount(yi: float | None, unit: str = "yi", digits: int = 2) -> str:
    """An amount given in 亿元 as 亿/万 (unit='yi') or RMB bn/m (unit='bn')."""
    if yi is None or (isinstance(yi, float) and not math.isfinite(yi)):
        return "–"
    if unit == "bn":
        bn = yi / 10
        if abs(bn) >= 1:
            return f"RMB {_trim(f'{bn:,.{digits}f}')}bn"
        return f"RMB {_trim(f'{bn * 1000:,.{digits}f}')}m"
    if abs(yi) >= 1:
        return f"{_trim(f'{yi:,.{digits}f}')}亿"
    return f"{_trim(f'{yi * 10000:,.{digits}f}')}万"


def fmt_bound(qualifier: str) -> str:
    """The prefix that shows a bound as a bound: '<', '≤', '>', '≥', '~'."""
    return {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "~": "~"}.get(qualifier or "", "")


def fmt_pct(value: float | None, qualifier: str = "", digits: int = 2) -> str:
    """A percentage with its bound, e.g. '1.50%', '<10%', '~70%'."""
    if value is None:
        return "–"
    return f"{fmt_bound(qualifier)}{_trim(f'{value:.{digits}f}') if qualifier else f'{value:.{digits}f}'}%"


def fmt_int(value: int | float | None, qualifier: str = "") -> str:
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


def province_name(code: str | None, lang: str = "en") -> str:
    if not code:
        return label("unknown", lang)
    prov = BY_CODE.get(code)
    return prov.name(lang) if prov else code
