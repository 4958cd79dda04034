"""Alert rules: "tell me when a Henan package over 10亿 is listed".

A rule is a ``[[alert]]`` table of the config file (:mod:`npl_tui.core.config`); every
condition in it must hold (AND), and a condition given a list holds for any item (OR)::

    [[alert]]
    name = "Henan big packages"
    province = "Henan"             # or "henan", "河南", "豫", 410000; or a list
    principal = ">10亿"            # also "<5亿", ">=1bn", "1亿..5亿"

Conditions on announcements: ``province``, ``seller``, ``buyer``, ``party`` (seller
or buyer), ``asset_type`` (the format's values, e.g. ``retail_credit_card``),
``principal`` (an amount, compared as the ``/`` filter compares it: the principal,
or where a row has none its other amount), ``overdue_days`` (``">180"``, ``"90..365"``).
Sellers and buyers match loosely: any spelling of the same bank or AMC
(:mod:`npl_tui.core.parties_match`).

On discount rates: ``discount_below`` / ``discount_above`` (price as % of its basis,
a number), ``series``, ``province``, ``asset_type``. Figures the data marks suspect
never fire.

On the headline NPL ratio (all commercial banks): ``ratio_revised = true`` fires when
a published figure is revised.

``on`` says which changes fire: ``"new"`` rows (the default), ``"revised"`` rows (the
default of ``ratio_revised``), or both (``on = ["new", "revised"]``).

A rule that cannot be understood is one :class:`~npl_tui.core.config.ConfigProblem`
naming it (by ``name`` or ``alert[N]``), its key and its line; it is left out and the
other rules still work. An unknown key is a warning.

Pure: no Textual, no I/O except :func:`add_rule`.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import ConfigError, ConfigProblem, show_value
from .provinces import BY_CODE, UnknownProvince, resolve_province
from .query import AmountTerm, as_decimal, parse_term
from .schema import ASSET_TYPES, DISCOUNT_SERIES
from .snapshot import Row, Table
from .text import clean_text

if TYPE_CHECKING:
    from .parties_match import PartyIndex
    from .seen import Change, Changes

__all__ = ["EVENTS", "KEYS", "Rule", "RuleSource", "add_rule", "fired", "match", "parse_rules", "rule_like"]

EVENTS = ("new", "revised")
_ANNOUNCEMENT_KEYS = ("province", "seller", "buyer", "party", "asset_type", "principal", "overdue_days")
_DISCOUNT_KEYS = ("province", "asset_type", "series", "discount_below", "discount_above")
#: Every key a rule may have.
KEYS = ("name", "on", *dict.fromkeys((*_ANNOUNCEMENT_KEYS, *_DISCOUNT_KEYS)), "ratio_revised")


@dataclass(frozen=True)
class RuleSource:
    """One ``[[alert]]`` table as read from the file, with where it is."""

    fields: Mapping[str, Any]
    index: int  # 1-based position among the file's rules
    line: int | None = None  # its [[alert]] header
    key_lines: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """A checked alert rule. Sets are OR within a condition; conditions are AND."""

    name: str
    table: str  # the table it watches: "announcements", "discount_rates" or "ratios"
    on: frozenset[str] = frozenset({"new"})
    provinces: frozenset[str] = frozenset()  # GB/T 2260 codes
    sellers: tuple[str, ...] = ()
    buyers: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()  # seller or buyer
    asset_types: frozenset[str] = frozenset()
    principal: AmountTerm | None = None
    overdue: AmountTerm | None = None
    series: frozenset[str] = frozenset()
    discount_below: float | None = None
    discount_above: float | None = None
    ratio_revised: bool = False
    #: The conditions as written (key, text), for messages and ``npl-tui config``.
    written: tuple[tuple[str, str], ...] = ()
    named: bool = True  # False: *name* was made up ("alert 3"), the file gives none
    index: int = 0
    line: int | None = None

    @property
    def label(self) -> str:
        """How messages name the rule: ``alert "Henan big packages"``, or ``alert[3]``
        for a rule without a name."""
        return f"alert {self.name!r}" if self.named else f"alert[{self.index}]"

    def describe(self) -> str:
        """The rule in one line: ``province Henan, principal >10亿 (new rows)``."""
        conditions = ", ".join(f"{k} {v}" for k, v in self.written) or "(no condition)"
        on = " and ".join(f"{e} rows" for e in EVENTS if e in self.on)
        return f"{conditions} ({on})"


# --------------------------------------------------------------------------- parsing


class _Bad(ValueError):
    """A condition that cannot be used: (key, message)."""


def _texts(key: str, value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) and v.strip() for v in items):
        raise _Bad(key, f"must be a name or a list of names, got {show_value(value)}")
    return [clean_text(v, 200) for v in items]  # type: ignore[arg-type]


def _amount(key: str, value: object) -> AmountTerm:
    term = parse_term(value) if isinstance(value, str) else None
    if not isinstance(term, AmountTerm):
        raise _Bad(key, f"{show_value(value)} is not an amount like \">10亿\", \"<5亿\", \">=1bn\" or \"1亿..5亿\"")
    return term


_NUMBER = r"(\d+(?:\.\d+)?)"


def _days(key: str, value: object) -> AmountTerm:
    """``">180"``, ``"<=90"``, ``"90..365"``, ``"365.."``: days, as ranges of amounts are."""
    text = value.replace(" ", "").removesuffix("days").removesuffix("天") if isinstance(value, str) else ""
    compare = re.fullmatch(rf"(>=|<=|>|<|=){_NUMBER}", text)
    span = re.fullmatch(rf"{_NUMBER}?\.\.{_NUMBER}?", text)
    if compare:
        op, n = compare.group(1), Decimal(compare.group(2))
        return {
            ">=": AmountTerm(n, None), ">": AmountTerm(n, None, low_strict=True),
            "<=": AmountTerm(None, n), "<": AmountTerm(None, n, high_strict=True), "=": AmountTerm(n, n),
        }[op]
    if span and (span.group(1) or span.group(2)):
        low, high = (Decimal(g) if g else None for g in span.groups())
        if low is None or high is None or low <= high:
            return AmountTerm(low, high)
    raise _Bad(key, f"{show_value(value)} is not a number of days like \">180\", \"<=90\" or \"90..365\"")


def _percent(key: str, value: object) -> float:
    number: Decimal | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = Decimal(str(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip().removesuffix("%").strip())
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite() or not 0 <= number <= 500:
        raise _Bad(key, f"{show_value(value)} is not a percentage between 0 and 500 (e.g. 30 for 30% of the basis)")
    return float(number)


def _one_rule(source: RuleSource) -> tuple[Rule, list[tuple[str, str, str]]]:
    """A rule from its table, and its warnings (key, message, level); raises _Bad."""
    fields = source.fields
    warnings: list[tuple[str, str, str]] = []
    for key in fields:
        if key not in KEYS:
            warnings.append((str(key), f"unknown condition, ignored (conditions: {', '.join(KEYS[2:])})", "warning"))
    name = fields.get("name", "")
    if not isinstance(name, str):
        raise _Bad("name", f"must be text, got {show_value(name)}")
    values: dict[str, Any] = {}
    written: list[tuple[str, str]] = []

    def wrote(key: str) -> None:
        value = fields[key]
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        written.append((key, clean_text(shown, 80)))

    ratio = fields.get("ratio_revised", False)
    if not isinstance(ratio, bool):
        raise _Bad("ratio_revised", f"must be true or false, got {show_value(ratio)}")
    present = [k for k in KEYS[2:] if k in fields and k != "ratio_revised"]
    if ratio:
        if present:
            raise _Bad(present[0], "cannot be combined with ratio_revised (it watches the headline NPL ratio only): make two rules")
        table = "ratios"
        values["ratio_revised"] = True
        written.append(("ratio_revised", "true"))
    elif any(k in fields for k in ("series", "discount_below", "discount_above")):
        table = "discount_rates"
        wrong = [k for k in present if k not in _DISCOUNT_KEYS]
        if wrong:
            raise _Bad(wrong[0], "is about announcements, the rule's discount conditions about discount rates: make two rules")
    else:
        table = "announcements"
    if not present and not ratio:
        raise _Bad("", "has no condition: it would fire on every row")

    for key in present:
        value = fields[key]
        if key == "province":
            codes = set()
            for item in value if isinstance(value, list) else [value]:
                try:
                    codes.add(resolve_province(item if isinstance(item, str) else str(item)))
                except UnknownProvince as exc:
                    raise _Bad(key, str(exc)) from None
            values["provinces"] = frozenset(codes)
        elif key in ("seller", "buyer", "party"):
            values[{"seller": "sellers", "buyer": "buyers", "party": "parties"}[key]] = tuple(_texts(key, value))
        elif key in ("asset_type", "series"):
            allowed = ASSET_TYPES if key == "asset_type" else DISCOUNT_SERIES
            items = value if isinstance(value, list) else [value]
            for item in items:
                if not isinstance(item, str) or item not in allowed:
                    raise _Bad(key, f"{show_value(item)} is not one of: {', '.join(allowed)}")
            values["asset_types" if key == "asset_type" else "series"] = frozenset(items)
        elif key == "principal":
            values["principal"] = _amount(key, value)
        elif key == "overdue_days":
            values["overdue"] = _days(key, value)
        else:
            values[key] = _percent(key, value)
        wrote(key)
    if values.get("discount_below") is not None and values.get("discount_above") is not None and values["discount_below"] <= values["discount_above"]:
        raise _Bad("discount_below", "is not above discount_above: no figure could be both")

    on_value = fields.get("on", "revised" if ratio else "new")
    events = on_value if isinstance(on_value, list) else [on_value]
    if not events or not all(isinstance(e, str) and e in EVENTS for e in events):
        raise _Bad("on", f"{show_value(on_value)} is not \"new\", \"revised\" or [\"new\", \"revised\"]")
    label = clean_text(name, 80) or f"alert {source.index}"
    rule = Rule(label, table, frozenset(events), written=tuple(written), named=bool(clean_text(name, 80)),
                index=source.index, line=source.line, **values)
    return rule, warnings


def parse_rules(config_alerts: Iterable[RuleSource | Mapping[str, Any]], where: str = "config") -> tuple[list[Rule], list[ConfigProblem]]:
    """Check the ``[[alert]]`` tables (plain mappings or :class:`RuleSource` with
    their lines); return the usable rules and a problem per bad rule or unknown key.
    *where* names the file in the problems."""
    rules: list[Rule] = []
    problems: list[ConfigProblem] = []
    for i, item in enumerate(config_alerts):
        source = item if isinstance(item, RuleSource) else RuleSource(item, i + 1)
        name = source.fields.get("name")
        label = f"alert {clean_text(name, 60)!r}" if isinstance(name, str) and name.strip() else f"alert[{source.index}]"
        try:
            rule, warnings = _one_rule(source)
        except _Bad as exc:
            key, message = exc.args
            line = source.key_lines.get(key, source.line)
            problems.append(ConfigProblem(where, line, f"{label} {key}".strip(), f"{message}; rule not used"))
            continue
        for key, message, level in warnings:
            shown = key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else show_value(key)
            problems.append(ConfigProblem(where, source.key_lines.get(key, source.line), f"{label} {shown}", message, level))
        rules.append(rule)
    return rules, problems


# --------------------------------------------------------------------------- matching

_HEADLINE = ("npl_ratio_pct", "all")
#: The party index of the last tables matched against (built once per table).
_indexes: dict[int, tuple[weakref.ref[Table], PartyIndex]] = {}


def _index(table: Table) -> PartyIndex:
    from .parties_match import PartyIndex

    cached = _indexes.get(id(table))
    if cached is not None and cached[0]() is table:
        return cached[1]
    index = PartyIndex(table.rows)
    if len(_indexes) > 8:
        _indexes.clear()
    _indexes[id(table)] = (weakref.ref(table), index)
    return index


def _names_match(names: Sequence[str], table: Table, row: Row, roles: tuple[str, ...]) -> bool:
    index = _index(table)
    for name in names:
        party = index.find(name)
        if party is not None and index.involves(row, party, roles):
            return True
    return False


def match(rule: Rule, table: Table, row: Row) -> bool:
    """Whether *row* of *table* meets every condition of *rule*. *table* is the whole
    table the row is in: it tells which spellings name one party."""
    if table.name != rule.table:
        return False
    if rule.provinces and row.get("province_code") not in rule.provinces:
        return False
    if rule.asset_types and row.get("asset_type") not in rule.asset_types:
        return False
    if rule.table == "ratios":
        return rule.ratio_revised and (row.get("metric"), row.get("bank_type")) == _HEADLINE
    if rule.table == "discount_rates":
        value = row.get("value_pct")
        if row.get("suspect") or not isinstance(value, (int, float)):
            return False
        if rule.series and row.get("series") not in rule.series:
            return False
        if rule.discount_below is not None and not value < rule.discount_below:
            return False
        return rule.discount_above is None or value > rule.discount_above
    if rule.principal is not None:
        from .views import amount_of

        amount = as_decimal(amount_of(row)[0])
        if amount is None or not rule.principal.matches(amount):
            return False
    if rule.overdue is not None:
        days = as_decimal(row.get("overdue_days"))
        if days is None or not rule.overdue.matches(days):
            return False
    for names, roles in ((rule.sellers, ("seller",)), (rule.buyers, ("buyer",)), (rule.parties, ("seller", "buyer"))):
        if names and not _names_match(names, table, row, roles):
            return False
    return True


def fired(changes: Changes, rules: Iterable[Rule]) -> list[tuple[Change, Rule]]:
    """The (change, rule) pairs that fire: each change of a kind the rule is ``on``
    whose row matches it, in the changes' order."""
    rules = list(rules)
    out: list[tuple[Change, Rule]] = []
    for change in changes:
        table = changes.snapshot.tables.get(change.table)
        if table is None:
            continue
        for rule in rules:
            if change.kind in rule.on and match(rule, table, change.row):
                out.append((change, rule))
    return out


# --------------------------------------------------------------------------- from a row


def _threshold(amount: float) -> Decimal | None:
    """The roundest figure (1, 2 or 5 times a power of ten, in 亿) at or below *amount*."""
    value = Decimal(str(amount))
    if value <= 0:
        return None
    best = None
    exponent = value.adjusted()
    for exp in (exponent, exponent - 1):
        for digit in (5, 2, 1):
            candidate = Decimal(digit).scaleb(exp)
            if candidate <= value:
                best = candidate if best is None or candidate > best else best
    return best


def _amount_text(yi: Decimal) -> str:
    if yi >= 1:
        return f"{yi.normalize():f}亿"
    return f"{(yi * 10000).normalize():f}万"


def rule_like(row: Row) -> dict[str, object]:
    """An ``[[alert]]`` table for rows like *row* (an announcement): its province,
    seller and asset type, and an amount of at least a round figure at or below its
    own (12.3亿 → ``">=10亿"``). What the row does not say is left out, never guessed."""
    from .parties_match import split_names
    from .views import amount_of

    rule: dict[str, object] = {}
    shown: list[str] = []
    code = row.get("province_code")
    if code in BY_CODE:
        rule["province"] = BY_CODE[code].name_en
        shown.append(BY_CODE[code].name_en)
    for column in ("seller", "seller_zh"):
        names = split_names(clean_text(str(row.get(column) or ""), 200))
        if len(names) == 1:
            rule["seller"] = names[0].shown
            shown.insert(0, names[0].shown)
            break
    asset = row.get("asset_type")
    if asset in ASSET_TYPES:
        rule["asset_type"] = asset
        shown.append(str(asset).replace("_", " "))
    amount = amount_of(row)[0]
    threshold = _threshold(amount) if isinstance(amount, (int, float)) else None
    if threshold is not None:
        rule["principal"] = f">={_amount_text(threshold)}"
        shown.append(f"≥{_amount_text(threshold)}")
    return {"name": "Like: " + " · ".join(shown) if shown else "Like this row", **rule}


def add_rule(rule: Mapping[str, object], path: Path | str | None = None) -> Rule:
    """Check *rule* (e.g. from :func:`rule_like`), give it a name no other rule in the
    file has, and append it to the config file as an ``[[alert]]`` (comments and
    layout kept). Returns the rule as checked; raises
    :class:`~npl_tui.core.config.ConfigError` (one line) when it is not valid or the
    file cannot be written."""
    from .config import append_alert, load_config

    config, _problems = load_config(path)
    table = dict(rule)
    name = str(table.get("name") or "alert")
    taken = {r.name for r in config.alerts}
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name} ({n})"
    table["name"] = candidate
    rules, problems = parse_rules([RuleSource(table, len(config.alerts) + 1)], where=str(config.path))
    errors = [p for p in problems if p.level == "error"]
    if errors or not rules:
        raise ConfigError(str(errors[0]) if errors else f"{config.path}: the rule cannot be used")
    append_alert(table, config.path)
    return rules[0]
