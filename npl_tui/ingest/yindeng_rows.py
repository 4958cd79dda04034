"""Yindeng listings and results into announcement rows: one implementation for the
build script (the compiled 2023 spreadsheets) and for ``npl-tui ingest yindeng`` (the
publisher's PDFs).

:func:`merge` takes the announcements table as it stands (CSV strings) and documents
read into :mod:`~npl_tui.ingest.records`, and returns the whole table again. Its rules:

* A row is one **project listing** (``yd-L-…``): a listing is the same row as an
  existing one when its normalised project name (NFKC, no whitespace) and auction day
  (竞价日) match, whether the row came from an earlier ingest or from the shipped
  2023 data. Equal fields: the row only gains the document's citation. Fields the row
  lacks: filled in, citation added. Different figures (a corrected re-publication):
  the document's fields replace the row's, the row keeps its id and now cites the
  correcting document (and any result) only.
* A **result** joins a listing by project id (项目编号) when a listing printed it, else
  by normalised project name with the relisting marker (重新挂牌) stripped: the
  listing whose auction is on or before the signing day, the latest such. A result
  with no listing is its own ``yd-R-…`` row, dated by its signing day; when a listing
  it belongs to arrives later, the result folds into it and the stand-alone row goes.
  Joins are recomputed over the whole table on every merge, so the order documents
  arrive in does not matter.
* A listing with no result stays ``listed``, unless the compiled spreadsheet marks it
  sold (是否成交) and no result of the project joins another listing.
* ``source`` lists the citations of the documents behind a row (:meth:`DocumentRef.
  citation`), the listing's first, separated by `` ; ``. A citation whose title names a
  transfer result (转让结果) is the result's; the compiled spreadsheet names both.
* Province only from the branch, the remarks or the branch in the title
  (:func:`derive_place`), never from the head office.
* Amounts are written in 亿元 as exact decimals (yuan / 10^8); counts, days and ages as
  printed; loan breakdowns as '损失 57;可疑 15;次级 11'; times as 'YYYY-MM-DD HH:MM'.
  Contact names, phones and e-mails are not in the records and never reach a row.

Rows whose id does not start with ``yd-`` (news, AMC deals) pass through unchanged.
No I/O, no Textual.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.provinces import province_from_text
from ..core.schema import ANNOUNCEMENTS
from ..core.text import clean_text
from .parties import CITY_EN, buyer_of, seller_of
from .records import IngestError, Listing, Result

__all__ = [
    "LISTING_COLUMNS",
    "RESULT_COLUMNS",
    "Merge",
    "asset_type_of",
    "base_name",
    "city_of",
    "derive_place",
    "listing_fields",
    "merge",
    "norm_name",
    "yi",
]

COLUMNS = ANNOUNCEMENTS.column_names
SEP = " ; "
RELISTING = "重新挂牌"

#: The columns a listing document fills (plus what rules derive from it).
LISTING_COLUMNS = (
    "date", "as_of", "kind", "seller", "seller_zh", "seller_type", "branch", "province_code", "city",
    "asset_type", "principal_yi", "interest_yi", "borrowers", "loans", "overdue_days", "starting_price_yi",
    "title", "base_date", "total_yi", "other_fees_yi", "max_borrower_balance_yi", "avg_borrower_balance_yi",
    "avg_credit_line_yi", "borrower_avg_age", "classification", "written_off", "guarantee", "litigation",
    "remark", "registration_deadline", "auction_date", "transfer_method", "bidding_method", "bidding_start",
    "bidding_end", "extension_minutes", "increment_yi",
)  # fmt: skip
#: The columns a result document fills.
RESULT_COLUMNS = ("status", "buyer", "buyer_zh", "project_id", "signed_date", "deal_price_yi")


# --------------------------------------------------------------------------- naming rules


def norm_name(text: str) -> str:
    """Project names for matching: NFKC (full-width brackets become ASCII), no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def base_name(text: str) -> str:
    """The project a listing or result belongs to: the normalised name without the
    relisting marker, so '…转让项目（重新挂牌）' and '…转让项目' are one project."""
    return re.sub(r"\(?" + RELISTING + r"\)?", "", norm_name(text))


def asset_type_of(name: str) -> str:
    """The asset type a project name states, in this order: credit card, mixed
    consumption and business (消费及经营 / 消费和经营 / 消费经营), business,
    consumption; anything else is retail_other."""
    name = re.sub(r"\s+", "", name)
    if "信用卡" in name:
        return "retail_credit_card"
    if re.search("消费及经营|消费和经营|消费经营", name):
        return "retail_consumer_business"
    if "经营" in name:
        return "retail_business"
    if "消费" in name:
        return "retail_consumer"
    return "retail_other"


def city_of(text: str) -> str:
    """English city when *text* names exactly one branch in exactly one known city."""
    if not text or text.count("分行") > 1 or "、" in text or "和" in text:
        return ""
    found = {en for zh, en in CITY_EN.items() if zh in text}
    if len(found) != 1:
        return ""
    return found.pop()


def _strip_own_name(text: str, seller_zh: str) -> str:
    """Drop the seller's own name (and its short form) so '江苏银行代垫…' names no place."""
    short = re.sub(r"(股份有限公司|有限责任公司|有限公司)$", "", seller_zh)
    for name in sorted({seller_zh, short}, key=len, reverse=True):
        if name:
            text = text.replace(name, "")
    return text


def _title_branch(project: str) -> str:
    """The branch named inside a project title, between the legal name and 关于/年份."""
    m = re.match(r"^.*?(?:股份有限公司|有限责任公司|有限公司|合作联社|合作银行)(.*?)(?:关于|\d{4}年)", project)
    return m.group(1) if m else ""


def derive_place(seller_zh: str, branch: str, remark: str, project: str) -> tuple[str, str, str]:
    """(province_code, city, how) from the branch, then the remarks (the seller's own name
    removed), then the branch in the project title; never from the head office. Empty
    when none of them names exactly one province."""
    candidates = (
        (branch, "下属机构 (branch)"),
        (_strip_own_name(remark, seller_zh), "备注 (remarks)"),
        (_title_branch(project), "the branch in the project title"),
    )
    for text, how in candidates:
        if not text:
            continue
        code = province_from_text(text)
        if code:
            return code, city_of(text), how
    return "", "", ""


# --------------------------------------------------------------------------- values


def dec(value: Decimal) -> str:
    """A decimal as plain text without exponent or trailing zeros: 1069.00 -> '1069'."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def yi(yuan: Decimal | None) -> str:
    """Yuan as 亿元, exactly: 252846432.87 -> '2.5284643287'."""
    return "" if yuan is None else dec(yuan.scaleb(-8))


def _counts(counts: dict[str, int]) -> str:
    return ";".join(f"{k} {v}" for k, v in counts.items())


def _when(value: dt.datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def _day(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def listing_fields(listing: Listing) -> dict[str, str]:
    """The listing columns of a row, as CSV strings in the schema's units."""
    title = clean_text(listing.title)
    seller_zh = clean_text(listing.seller_zh)
    branch = clean_text(listing.branch)
    remark = clean_text(listing.remark)
    seller, seller_type = seller_of(seller_zh)
    province, city, _ = derive_place(seller_zh, branch, remark, title)
    auction = listing.auction_date.isoformat()
    optional_days = listing.overdue_days  # printed by every listing but a few compiled relistings
    return {
        "date": auction,
        "as_of": auction,
        "kind": "bank_package",
        "seller": seller,
        "seller_zh": seller_zh,
        "seller_type": seller_type,
        "branch": branch,
        "province_code": province,
        "city": city,
        "asset_type": asset_type_of(title),
        "principal_yi": yi(listing.principal),
        "interest_yi": yi(listing.interest),
        "borrowers": str(listing.borrowers),
        "loans": str(listing.loans),
        "overdue_days": "" if optional_days is None else dec(optional_days),
        "starting_price_yi": yi(listing.starting_price),
        "title": title,
        "base_date": _day(listing.base_date),
        "total_yi": yi(listing.total),
        "other_fees_yi": yi(listing.other_fees),
        "max_borrower_balance_yi": yi(listing.max_borrower_balance),
        "avg_borrower_balance_yi": yi(listing.avg_borrower_balance),
        "avg_credit_line_yi": yi(listing.avg_credit_line),
        "borrower_avg_age": "" if listing.borrower_avg_age is None else dec(listing.borrower_avg_age),
        "classification": _counts(listing.classification),
        "written_off": "" if listing.written_off is None else str(listing.written_off),
        "guarantee": _counts(listing.guarantee),
        "litigation": _counts(listing.litigation),
        "remark": remark,
        "registration_deadline": _when(listing.registration_deadline),
        "auction_date": auction,
        "transfer_method": clean_text(listing.transfer_method),
        "bidding_method": clean_text(listing.bidding_method),
        "bidding_start": _when(listing.bidding_start),
        "bidding_end": _when(listing.bidding_end),
        "extension_minutes": "" if listing.extension_minutes is None else str(listing.extension_minutes),
        "increment_yi": yi(listing.increment),
    }


# --------------------------------------------------------------------------- the parts of a row


@dataclass
class _Result:
    """A result as the merge holds it: its fields, citations and where it stood."""

    project_id: str
    title: str
    seller_zh: str
    branch: str
    buyer_zh: str
    signed: str  # YYYY-MM-DD or ""
    price_yi: str
    cites: list[str]
    row_id: str = ""  # the yd-R row it stood as, if any
    was_in: str = ""  # the listing row it was joined to before this merge, if any
    new: bool = False
    record: Result | None = None

    @property
    def fields(self) -> tuple[str, str, str, str]:
        return (self.buyer_zh, self.signed, self.price_yi, self.project_id)

    def same_document_as(self, other: _Result) -> bool:
        if self.project_id and other.project_id:
            return self.project_id == other.project_id
        return base_name(self.title) == base_name(other.title) and self.signed == other.signed


@dataclass
class _Listing:
    """A listing row as the merge holds it."""

    row_id: str
    fields: dict[str, str]
    cites: list[str]
    printed_id: str = ""  # 项目编号 the listing itself printed
    claimed_buyer: str = ""  # 受让方全称 the compiled spreadsheet gives (是否成交 = 1)
    claimed_sold: bool = False
    new: bool = False
    result: _Result | None = None

    @property
    def key(self) -> tuple[str, str]:
        return norm_name(self.fields["title"]), self.fields["auction_date"] or self.fields["date"]

    @property
    def project(self) -> str:
        return base_name(self.fields["title"])


def _split(source: str) -> list[str]:
    return [c.strip() for c in source.split(SEP) if c.strip()]


def _is_result_cite(cite: str) -> bool:
    return "转让结果" in cite


def _is_listing_cite(cite: str) -> bool:
    return "转让公告" in cite.replace("转让结果公告", "") or not _is_result_cite(cite)


_SHA = re.compile(r"sha256:([0-9a-f]{64})")


def _add(cites: list[str], new: Sequence[str]) -> bool:
    """Add citations not already there. The same file (same SHA-256) cited again —
    now with the URL it was downloaded from, say — replaces its earlier citation in
    place rather than standing beside it."""
    added = False
    for c in new:
        if not c or c in cites:
            continue
        sha = _SHA.search(c)
        same = [i for i, old in enumerate(cites) if sha and sha.group(1) in old]
        if same:
            if len(c) > len(cites[same[0]]):  # the fuller citation of the same file wins
                cites[same[0]] = c
                added = True
            continue
        cites.append(c)
        added = True
    return added


_BREAKDOWNS = ("classification", "guarantee", "litigation")


def _same_cell(column: str, a: str, b: str) -> bool:
    """Equal as the document means it: text without regard to whitespace or width,
    loan breakdowns without regard to the order the categories are printed in."""
    if column in _BREAKDOWNS:
        return sorted(norm_name(a).split(";")) == sorted(norm_name(b).split(";"))
    return norm_name(a) == norm_name(b)


def _result_from_record(r: Result) -> _Result:
    return _Result(
        project_id=clean_text(r.project_id),
        title=clean_text(r.title),
        seller_zh=clean_text(r.seller_zh),
        branch=clean_text(r.branch),
        buyer_zh=clean_text(r.buyer_zh),
        signed=_day(r.signed_date),
        price_yi=yi(r.price),
        cites=[r.doc.citation()] if r.doc is not None else [],
        new=True,
        record=r,
    )


def _decompose(row: dict[str, str]) -> tuple[_Listing | None, _Result | None]:
    """An existing Yindeng row back into its listing and result parts."""
    cites = _split(row.get("source", ""))
    rid = row["id"]
    signed = row.get("status") == "signed"
    if rid.startswith("yd-R-"):
        alone = _Result(
            project_id=row.get("project_id", ""), title=row.get("title", ""), seller_zh=row.get("seller_zh", ""),
            branch=row.get("branch", ""), buyer_zh=row.get("buyer_zh", ""),
            signed=row.get("signed_date", "") or row.get("date", ""), price_yi=row.get("deal_price_yi", ""),
            cites=cites, row_id=rid,
        )  # fmt: skip
        return None, alone
    fields = {c: row.get(c, "") for c in LISTING_COLUMNS}
    has_result = signed and bool(row.get("signed_date") or row.get("project_id"))
    listing = _Listing(
        row_id=rid,
        fields=fields,
        cites=[c for c in cites if _is_listing_cite(c)] if has_result else cites,
        printed_id="" if has_result else row.get("project_id", ""),
        claimed_buyer="" if has_result or not signed else row.get("buyer_zh", ""),
        claimed_sold=signed and not has_result,
    )
    result: _Result | None = None
    if has_result:
        result = _Result(
            project_id=row.get("project_id", ""), title=fields["title"], seller_zh=fields["seller_zh"],
            branch=fields["branch"], buyer_zh=row.get("buyer_zh", ""), signed=row.get("signed_date", ""),
            price_yi=row.get("deal_price_yi", ""), cites=[c for c in cites if _is_result_cite(c)] or cites,
            was_in=rid,
        )  # fmt: skip
    return listing, result


def _hash_id(prefix: str, title: str, day: str) -> str:
    key = f"{norm_name(title)}|{day}"
    return prefix + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


def _result_id(title: str, signed: str) -> str:
    return _hash_id("yd-R-", title, signed)


def _default_id(doc: Listing | Result) -> str:
    """A stable short id, the same on every desk that ingests the same document:
    ``yd-L-`` + 10 hex of sha256(normalised name | auction day), ``yd-R-`` likewise
    with the signing day."""
    if isinstance(doc, Listing):
        return _hash_id("yd-L-", doc.title, doc.auction_date.isoformat())
    return _result_id(doc.title, _day(doc.signed_date))


# --------------------------------------------------------------------------- merging


@dataclass
class Merge:
    """What :func:`merge` did: the whole table, and which rows it touched."""

    rows: list[dict[str, str]]  # the whole announcements table, CSV strings in schema column order
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def merge(
    existing: list[dict[str, str]],
    listings: Sequence[Listing],
    results: Sequence[Result],
    *,
    new_id: Callable[[Listing | Result], str] | None = None,
) -> Merge:
    """Merge Yindeng listings and results into the announcements table *existing*
    (rows of CSV strings). See the module docstring for the rules."""
    make_id = new_id or _default_id
    notes: list[str] = []
    taken = {r["id"] for r in existing}

    entries: list[_Listing] = []
    parts: list[_Result] = []
    for row in existing:
        if not row["id"].startswith("yd-"):
            continue
        lst, res = _decompose(row)
        if lst is not None:
            entries.append(lst)
        if res is not None:
            parts.append(res)
    by_key = {e.key: e for e in entries}

    for listing in listings:
        _apply_listing(listing, by_key, entries, taken, make_id, notes)
    for result in results:
        _apply_result(_result_from_record(result), parts, notes)

    _join(entries, parts, notes)

    joined = {id(e.result) for e in entries if e.result is not None}
    standalone = [p for p in parts if id(p) not in joined]
    for p in standalone:
        if not p.row_id:
            p.row_id = make_id(p.record) if p.record is not None else _result_id(p.title, p.signed)
            if p.row_id in taken:
                raise IngestError(f"new row id {p.row_id} for result {p.title} is already in the table")
            taken.add(p.row_id)

    built: dict[str, dict[str, str]] = {}
    for e in entries:
        built[e.row_id] = _listing_row(e, entries, parts)
    for p in standalone:
        built[p.row_id] = _result_row(p)

    out = Merge(rows=[], notes=notes)
    for row in existing:
        rid = row["id"]
        if not rid.startswith("yd-"):
            out.rows.append({c: row.get(c, "") for c in COLUMNS})
            continue
        new_row = built.pop(rid, None)
        if new_row is None:
            out.removed.append(rid)
            continue
        old = {c: row.get(c, "") for c in COLUMNS}
        (out.unchanged if new_row == old else out.updated).append(rid)
        out.rows.append(new_row)
    for rid, new_row in built.items():
        out.added.append(rid)
        out.rows.append(new_row)
    return out


def _apply_listing(
    doc: Listing,
    by_key: dict[tuple[str, str], _Listing],
    entries: list[_Listing],
    taken: set[str],
    make_id: Callable[[Listing | Result], str],
    notes: list[str],
) -> None:
    fields = listing_fields(doc)
    cite = doc.doc.citation() if doc.doc is not None else ""
    key = (norm_name(fields["title"]), fields["auction_date"])
    entry = by_key.get(key)
    claim = (clean_text(doc.buyer_zh), doc.sold)
    if entry is None:
        rid = make_id(doc)
        if rid in taken:
            raise IngestError(f"new row id {rid} for listing {fields['title']} is already in the table")
        taken.add(rid)
        entry = _Listing(row_id=rid, fields=fields, cites=[cite] if cite else [], printed_id=clean_text(doc.project_id),
                         claimed_buyer=claim[0] if claim[1] else "", claimed_sold=claim[1], new=True)
        entries.append(entry)
        by_key[key] = entry
        return
    differ = [c for c in LISTING_COLUMNS if fields[c] and entry.fields[c] and not _same_cell(c, fields[c], entry.fields[c])]
    if differ:
        shown = ", ".join(f"{c} {entry.fields[c]} -> {fields[c]}" for c in differ[:4])
        more = f" and {len(differ) - 4} more" if len(differ) > 4 else ""
        notes.append(f"listing {entry.row_id} corrected by a re-publication ({cite or 'no citation'}): {shown}{more}")
        entry.fields = fields
        entry.cites = [cite] if cite else []
    else:
        for c in LISTING_COLUMNS:
            if fields[c] and not entry.fields[c]:
                entry.fields[c] = fields[c]
        _add(entry.cites, [cite])
    if doc.project_id:
        entry.printed_id = clean_text(doc.project_id)
    if claim[1] and not entry.claimed_sold:
        entry.claimed_sold, entry.claimed_buyer = True, claim[0]


def _apply_result(incoming: _Result, parts: list[_Result], notes: list[str]) -> None:
    for p in parts:
        if not p.same_document_as(incoming):
            continue
        if p.fields == incoming.fields or all(not a or not b or a == b for a, b in zip(incoming.fields, p.fields)):
            for i, name in enumerate(("buyer_zh", "signed", "price_yi", "project_id")):
                if incoming.fields[i] and not getattr(p, name):
                    setattr(p, name, incoming.fields[i])
            _add(p.cites, incoming.cites)
        else:
            notes.append(f"result {p.project_id or p.title} corrected by a re-publication ({SEP.join(incoming.cites) or 'no citation'})")
            p.buyer_zh, p.signed, p.price_yi = incoming.buyer_zh, incoming.signed, incoming.price_yi
            p.project_id = incoming.project_id or p.project_id
            p.cites = list(incoming.cites)
        if p.record is None:
            p.record = incoming.record
        return
    parts.append(incoming)


def _join(entries: list[_Listing], parts: list[_Result], notes: list[str]) -> None:
    """Give each result its listing: by printed project id, else the latest listing of
    the same project whose auction is on or before the signing day."""
    for e in entries:
        e.result = None
    by_project: dict[str, list[_Listing]] = {}
    for e in entries:
        by_project.setdefault(e.project, []).append(e)
    for p in sorted(parts, key=lambda p: (p.signed or "9999", p.project_id, norm_name(p.title))):
        target = next((e for e in entries if p.project_id and e.printed_id == p.project_id), None)
        how = "project id"
        if target is None:
            candidates = [
                e for e in by_project.get(base_name(p.title), [])
                if (not p.signed or (e.fields["auction_date"] or e.fields["date"]) <= p.signed)
                and (not e.printed_id or not p.project_id or e.printed_id == p.project_id)
            ]  # fmt: skip
            if candidates:
                target = max(candidates, key=lambda e: (e.fields["auction_date"] or e.fields["date"], e.row_id))
                how = "project name"
        name = p.project_id or p.title
        if target is None:
            if p.was_in:
                notes.append(f"result {name} no longer joins listing {p.was_in}: it stands alone")
            continue
        if target.result is not None:
            notes.append(f"result {name} also matches listing {target.row_id}, which result "
                         f"{target.result.project_id or target.result.title} already joins: it stands alone")
            continue
        target.result = p
        if target.row_id == p.was_in:
            continue
        relist = f" (relisting of {target.fields['auction_date']})" if RELISTING in target.fields["title"] else ""
        if p.row_id:
            notes.append(f"result {name} joined listing {target.row_id}{relist} by {how}; its stand-alone row {p.row_id} is removed")
        elif p.was_in:
            notes.append(f"result {name} moved from listing {p.was_in} to listing {target.row_id}{relist}, the latest auction before its signing")
        else:
            notes.append(f"result {name} joined listing {target.row_id}{relist} by {how}")
    for e in entries:
        if e.claimed_sold and e.result is None:
            other = next((o for o in entries if o is not e and o.result is not None and o.project == e.project), None)
            if other is not None and other.result is not None and e.new:
                notes.append(f"listing {e.row_id} is marked sold in the compiled spreadsheet, but the project's result "
                             f"({other.result.signed}) joins listing {other.row_id}: {e.row_id} stays listed")


def _province_note(province: str, how: str, *, result: bool = False) -> str:
    if province:
        return f"province from {how}"
    where = "branch or title" if result else "branch, remark or title"
    return f"province unknown: no {where} names one place (head office not used)"


def _listing_row(e: _Listing, entries: list[_Listing], parts: list[_Result]) -> dict[str, str]:
    f = e.fields
    row = dict.fromkeys(COLUMNS, "")
    row.update(f)
    row["id"] = e.row_id
    _, _, how = derive_place(f["seller_zh"], f["branch"], f["remark"], f["title"])
    notes = ["Yindeng retail NPL listing; date = auction date (竞价日)", _province_note(f["province_code"], how)]
    if RELISTING in f["title"]:
        notes.append("relisting (重新挂牌)")
    status = "listed"
    cites = list(e.cites)
    sold_elsewhere = any(o is not e and o.result is not None and o.project == e.project for o in entries)
    if e.result is not None:
        r = e.result
        status = "signed"
        row.update(buyer=buyer_of(r.buyer_zh) if r.buyer_zh else "", buyer_zh=r.buyer_zh, project_id=r.project_id,
                   signed_date=r.signed, deal_price_yi=r.price_yi)
        notes.append(f"transfer agreement signed {r.signed or '(date not printed)'} (result {r.project_id or 'without project id'}); price not published"
                     if not r.price_yi else f"transfer agreement signed {r.signed or '(date not printed)'} (result {r.project_id})")
        _add(cites, r.cites)
    elif e.claimed_sold and not sold_elsewhere:
        status = "signed"
        row.update(buyer=buyer_of(e.claimed_buyer) if e.claimed_buyer else "", buyer_zh=e.claimed_buyer)
        notes.append("signed per 是否成交=1 in the compiled spreadsheet; no result announcement matches")
    else:
        row["project_id"] = e.printed_id
    row["status"] = status
    try:
        principal, start = Decimal(f["principal_yi"]), Decimal(f["starting_price_yi"])
    except ArithmeticError:
        principal = start = Decimal(0)
    if principal and start / principal > 1:
        notes.append(f"the starting price is {start / principal * 100:.0f}% of the principal: the principal looks mis-printed (kept as printed)")
    if "信用卡" in f["title"] and ("消费" in f["title"] or "经营" in f["title"]):
        notes.append("mixed package (credit card plus personal loans), typed by its first asset class")
    row["note"] = "; ".join(notes)
    row["source"] = SEP.join(cites)
    return row


def _result_row(p: _Result) -> dict[str, str]:
    if not p.signed:
        raise IngestError(f"result {p.project_id or p.title}: no signing date (转让协议签署日期) and no listing to date it by")
    seller, seller_type = seller_of(p.seller_zh)
    province, city, how = derive_place(p.seller_zh, p.branch, "", p.title)
    row = dict.fromkeys(COLUMNS, "")
    row.update({
        "id": p.row_id, "date": p.signed, "as_of": p.signed, "kind": "bank_package", "seller": seller,
        "seller_zh": p.seller_zh, "seller_type": seller_type, "branch": p.branch,
        "buyer": buyer_of(p.buyer_zh) if p.buyer_zh else "", "buyer_zh": p.buyer_zh, "province_code": province,
        "city": city, "asset_type": asset_type_of(p.title), "status": "signed", "project_id": p.project_id,
        "title": p.title, "signed_date": p.signed, "deal_price_yi": p.price_yi, "source": SEP.join(p.cites),
        "note": "; ".join([
            "Yindeng transfer result with no matching listing in the table; date = agreement signing date (转让协议签署日期)"
            + ("" if p.price_yi else "; price not published"),
            _province_note(province, how, result=True),
        ]),
    })  # fmt: skip
    return row
