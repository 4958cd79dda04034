"""What changed between two snapshots, row by row (keyed by id)."""

from __future__ import annotations

from dataclasses import dataclass

from .snapshot import Snapshot, Table

__all__ = ["TableDiff", "describe_cell", "describe_changes", "diff_snapshots", "diff_tables"]


@dataclass(frozen=True)
class TableDiff:
    name: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[tuple[str, tuple[tuple[str, object, object], ...]], ...]  # (id, ((column, old, new), ...))

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_tables(old: Table | None, new: Table) -> TableDiff:
    before = {r["id"]: r for r in old.rows} if old is not None else {}
    after = {r["id"]: r for r in new.rows}
    added = tuple(i for i in after if i not in before)
    removed = tuple(i for i in before if i not in after)
    changed = []
    for rid, row in after.items():
        prev = before.get(rid)
        if prev is None:
            continue
        cols = tuple((c, prev.get(c), row.get(c)) for c in row if prev.get(c) != row.get(c))
        if cols:
            changed.append((rid, cols))
    return TableDiff(new.name, added, removed, tuple(changed))


def diff_snapshots(old: Snapshot | None, new: Snapshot) -> list[TableDiff]:
    return [diff_tables(old.tables.get(name) if old else None, table) for name, table in new.tables.items()]


#: A changed text cell longer than this is shown by what was added or by its ends.
_LONG = 60


def _short(text: str) -> str:
    return text if len(text) <= _LONG else text[: _LONG // 2 - 1] + "…" + text[-(_LONG // 2) :]


def describe_cell(column: str, old: object, new: object) -> str:
    """One changed cell for a human: ``value 1.5 -> 1.53``; a long text that only grew
    (a citation added to ``source``) as ``source + '…what was added'``."""
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > _LONG:
        if old and new.startswith(old):
            return f"{column} + {_short(new[len(old):].lstrip(' ;'))!r}"
        return f"{column} {_short(old)!r} -> {_short(new)!r}"
    return f"{column} {old!s} -> {new!s}"


def describe_changes(diffs: list[TableDiff], limit: int = 5) -> list[str]:
    """Human lines: one summary per changed table, then up to *limit* changed cells."""
    lines: list[str] = []
    for d in diffs:
        if d.empty:
            continue
        lines.append(f"{d.name}: +{len(d.added)} added, -{len(d.removed)} removed, {len(d.changed)} changed")
        for rid, cols in d.changed[:limit]:
            shown = "; ".join(describe_cell(c, o, n) for c, o, n in cols[:4])
            lines.append(f"  {rid}: {shown}")
        for rid in d.added[:limit]:
            lines.append(f"  + {rid}")
        for rid in d.removed[:limit]:
            lines.append(f"  - {rid}")
    return lines or ["no changes"]
