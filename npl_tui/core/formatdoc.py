"""Render the column reference of docs/format.md from schema.py.

`python -m npl_tui.core.formatdoc` rewrites the generated part of docs/format.md;
a test fails when the two drift apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import schema

BEGIN = "<!-- BEGIN GENERATED REFERENCE: python -m npl_tui.core.formatdoc -->"
END = "<!-- END GENERATED REFERENCE -->"

_KIND = {
    "id": "text (identifier)",
    "str": "text",
    "date": "date `YYYY-MM-DD`",
    "datetime": "date and time `YYYY-MM-DD HH:MM` (or `HH:MM:SS`), China time, to the precision printed",
    "period": "period `YYYY`, `YYYYQn` or `YYYY-MM`",
    "year": "integer year",
    "int": "integer",
    "float": "decimal number",
    "bool": "`true` / `false`",
    "enum": "one of the listed values",
    "province": "province (GB/T 2260 code or a name)",
    "region": "province (GB/T 2260 code or a name), or `100000` for the whole country",
    "qualifier": "qualifier",
    "city": "city (GB/T 2260 prefecture code, 6 digits)",
}

_VOCABULARIES = {
    "bank_type": schema.BANK_TYPES,
    "metric@ratios": schema.RATIO_METRICS,
    "metric@provinces": schema.PROVINCE_METRICS,
    "kind": schema.ANNOUNCEMENT_KINDS,
    "amount_kind": schema.AMOUNT_KINDS,
    "seller_type": schema.SELLER_TYPES,
    "asset_type": schema.ASSET_TYPES,
    "status": schema.STATUSES,
    "date_precision": schema.DATE_PRECISIONS,
    "series": schema.DISCOUNT_SERIES,
    "basis": schema.DISCOUNT_BASES,
    "statistic": schema.DISCOUNT_STATISTICS,
    "qualifier": schema.QUALIFIERS,
    "platform": schema.LOT_PLATFORMS,
    "round": schema.LOT_ROUNDS,
    "status@lots": schema.LOT_STATUSES,
}


def _range(col: schema.Column) -> str:
    if col.minimum is None and col.maximum is None:
        return ""
    return f"{col.minimum:g} … {col.maximum:g}"


def render_reference() -> str:
    out = [BEGIN, ""]
    for spec in (*schema.TABLES.values(), *schema.COLUMNAR_TABLES.values()):
        out += [f"### `{spec.filename}` — table `{spec.name}`", "", spec.doc, ""]
        out += ["| column | type | required | unit | range | meaning |", "|---|---|---|---|---|---|"]
        for col in spec.columns:
            out.append(
                f"| `{col.name}` | {_KIND[col.kind]} | {'yes' if col.required else ''} | {col.unit} | {_range(col)} | {col.doc} |"
            )
        out.append("")
        for col in spec.columns:
            vocab = _VOCABULARIES.get(f"{col.name}@{spec.name}") or _VOCABULARIES.get(col.name)
            if col.kind in ("enum", "qualifier") and vocab:
                out += [f"Allowed `{col.name}` values in `{spec.name}`:", ""]
                out += [f"- `{value}` — {meaning}" if value else f"- empty — {meaning}" for value, meaning in vocab.items()]
                out.append("")
    out.append(END)
    return "\n".join(out)


def update(path: Path) -> bool:
    text = path.read_text("utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    new = text[:start] + render_reference() + text[end:]
    if new != text:
        path.write_text(new, "utf-8")
        return True
    return False


if __name__ == "__main__":  # pragma: no cover
    doc = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "docs" / "format.md"
    print(f"{doc}: {'updated' if update(doc) else 'already up to date'}")
