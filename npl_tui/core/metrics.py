"""How a metric's values read, from its name alone (no data, imports nothing).

Kept apart from :mod:`npl_tui.core.province_view` so the dashboard's formatters can
use it without loading the drill-down's data classes at start-up.
"""

from __future__ import annotations

__all__ = ["BOUND_QUALIFIERS", "is_change_metric", "metric_kind", "share_meaningful"]

#: Qualifiers that make a value a bound rather than a level.
BOUND_QUALIFIERS = frozenset({"<", "<=", ">", ">="})


def metric_kind(metric: str) -> str:
    """How a metric's value reads: 'amount' (亿元), 'pct', 'pp' or 'count'."""
    if metric.endswith("_yi"):
        return "amount"
    if metric.endswith("_pp"):
        return "pp"
    if metric.endswith("_pct"):
        return "pct"
    return "count"


def is_change_metric(metric: str) -> bool:
    """True for changes (YoY %, percentage points): shown with a sign."""
    return metric.endswith(("_yoy_pct", "_pp"))


def share_meaningful(metric: str) -> bool:
    """True when a region's share of the national figure means something: volumes and
    counts add up to the nation's; ratios, shares and changes do not."""
    return metric_kind(metric) in ("amount", "count")
