"""Read the Yindeng center's NPL transfer announcements (PDF) into records.

Every business day the Yindeng center (银行业信贷资产登记流转中心) publishes, for each
package, a listing (不良贷款转让公告: pool figures, schedule, start price) and later a
result (不良贷款转让结果公告: project id, seller, buyer, signing date). Both are PDFs
generated from one template, so their extracted text has a stable shape:

* the title fills the first lines and ends with 不良贷款转让公告 / 不良贷款转让结果公告;
* a listing's table ("一、不良贷款基本信息") prints label-value pairs, two per row, with
  labels that may wrap inside their cell ("单一借款人最高未偿\\n本息余额（元）") or pick up
  stray spaces ("借款人平均未偿本息余额 （元）");
* the schedule and the auction terms are "label：value" or "label value" lines;
* the result prints its table as label-value lines; a long 项目名称 wraps;
* the document ends with contact details and the signer's name and date.

Text extraction breaks Chinese text where a line wrapped ("信 用卡"), so every value is
read with the wrap whitespace removed (see :func:`_unwrap`). Labels are matched with any
whitespace between their characters.

What is NOT read, on purpose: contact names, phone numbers and e-mail addresses
(联系人/联系电话/电子邮件) and bank account details (户名/开户银行/账号). They are not
market data, and no field of a record carries them.

Errors: :func:`read_document` raises :class:`~npl_tui.ingest.records.IngestError` whose
text is one line, ``"<path>: <what is wrong>"``, for a file that is not a PDF (saying
what it looks like), is encrypted, is too long (:data:`MAX_PAGES`), has no text layer,
is some other document, lacks a required field or prints one that cannot be read, or is
a listing whose figures do not add up: principal + interest must equal the printed total
exactly, and the 五级分类 / 担保 / 诉讼 counts, when printed, must sum to 资产笔数.
No I/O beyond reading the one file; no Textual.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

from .records import YINDENG, DocumentRef, IngestError, Listing, Result

__all__ = ["MAX_BYTES", "MAX_PAGES", "parse_text", "read_document", "split_seller"]

#: The largest file read. Real announcements are 40-140 KB.
MAX_BYTES = 20 * 1024 * 1024
#: The most pages read. Real listings have 3-5 pages, results one.
MAX_PAGES = 40

LISTING_SUFFIX = "不良贷款转让公告"
RESULT_SUFFIX = "不良贷款转让结果公告"

# --------------------------------------------------------------------------- sellers

#: Legal-entity suffixes: the first one in a seller's full name ends the legal entity
#: (出让方主体名称); what follows is the branch (下属机构). Longer forms first, so that
#: "股份有限公司" wins over the "有限公司" it contains.
ENTITY_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "农村信用合作联社",
    "信用合作联社",
    "农村合作银行",
    "联社",
)


def split_seller(full_name: str) -> tuple[str, str]:
    """Split a seller's full name into (legal entity, branch).

    The legal entity ends with the first legal-entity suffix in the name
    (:data:`ENTITY_SUFFIXES`: 股份有限公司, 有限责任公司, 有限公司, 农村信用合作联社,
    农村合作银行, ...); whatever follows is the branch. A name with no such suffix is
    the entity itself, with no branch. This reproduces the compiled 2023 spreadsheets'
    出让方主体名称 / 下属机构 columns::

        '中国民生银行股份有限公司信用卡中心' -> ('中国民生银行股份有限公司', '信用卡中心')
        '上海浦东发展银行股份有限公司深圳分行' -> ('上海浦东发展银行股份有限公司', '深圳分行')
        '甘肃礼县农村商业银行股份有限公司' -> ('甘肃礼县农村商业银行股份有限公司', '')
        '华池县农村信用合作联社' -> ('华池县农村信用合作联社', '')
        '天水秦州农村合作银行' -> ('天水秦州农村合作银行', '')
    """
    name = re.sub(r"\s+", "", full_name)
    ends = [i + len(s) for s in ENTITY_SUFFIXES if (i := name.find(s)) >= 0]
    if not ends:
        return name, ""
    end = min(ends)
    return name[:end], name[end:]


# --------------------------------------------------------------------------- reading


def read_document(path: Path, *, url: str = "") -> Listing | Result:
    """Read one announcement PDF into a :class:`Listing` or a :class:`Result`.

    ``url`` is where the file was downloaded from, kept in the record's
    :class:`DocumentRef`. Raise :class:`IngestError` with ONE line:
    ``'<path>: <what is wrong>'``.
    """
    where = str(path)
    data = _read_bytes(Path(path), where)
    if b"%PDF-" not in data[:1024]:
        raise IngestError(f"{where}: not a PDF: {_looks_like(data)}")
    text = _pdf_text(data, where)
    doc = DocumentRef(publisher=YINDENG, title="", date=None, sha256=hashlib.sha256(data).hexdigest(), url=url)
    return parse_text(text, where=where, doc=doc)


def _read_bytes(path: Path, where: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(f"{where}: {size / 1024 / 1024:.1f} MB is too large for an announcement (the limit is {MAX_BYTES // 1024 // 1024} MB)")
        with path.open("rb") as fh:
            return fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise IngestError(f"{where}: cannot be read: {exc.strerror or exc}") from None


def _looks_like(data: bytes) -> str:
    """What a file that is not a PDF looks like, for the error message."""
    if not data:
        return "the file is empty (0 bytes)"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    signatures: tuple[tuple[bytes, str], ...] = (
        (b"\x89png", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"gif8", "a GIF image"),
        (b"pk\x03\x04", "a ZIP archive (a .docx, .xlsx or .zip?)"),
        (b"\xd0\xcf\x11\xe0", "an old Office document (.doc or .xls)"),
        (b"\x1f\x8b", "gzip-compressed data"),
        (b"{\\rtf", "an RTF document"),
    )
    for magic, what in signatures:
        if head.startswith(magic):
            return f"it is {what}"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head:
        return "it is an HTML page (an error or login page saved in place of the PDF?)"
    if head.startswith(b"<"):
        return "it is an XML or markup document"
    if head.startswith((b"{", b"[")):
        return "it looks like JSON"
    sample = data[:200]
    for cut in range(4):  # a multi-byte character may straddle the cut
        try:
            text = sample[: len(sample) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        if text.isprintable() or all(c.isprintable() or c in "\r\n\t" for c in text):
            return f"it is text starting {_excerpt(text)!r}"
    return f"it is binary data starting {data[:8].hex(' ')}"


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Hold back pypdf's logged warnings ("EOF marker not found", …) while it reads: the
    reader's verdict is the one-line IngestError, not a trail of library chatter."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _pdf_text(data: bytes, where: str) -> str:
    """The text layer of every page, pages joined by newlines."""
    # Imported here: only the ingest command pays for pypdf, not the monitor's start-up.
    from pypdf import PasswordType, PdfReader

    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:  # a permissions-only lock (empty user password) opens for everyone
                    opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
                except Exception:  # noqa: BLE001 - e.g. AES without a crypto library
                    opened = False
                if not opened:
                    raise IngestError(f"{where}: the PDF is encrypted (it needs a password); the publisher's announcements are not")
            pages = len(reader.pages)
            if pages == 0:
                raise IngestError(f"{where}: the PDF has no pages")
            if pages > MAX_PAGES:
                raise IngestError(f"{where}: the PDF has {pages} pages; an announcement has a few (at most {MAX_PAGES} are read)")
            texts = [page.extract_text() or "" for page in reader.pages]
        except IngestError:
            raise
        except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
            raise IngestError(f"{where}: the PDF cannot be read ({type(exc).__name__}: {_excerpt(str(exc), 80)})") from None
    text = "\n".join(texts)
    if not text.strip():
        what = "its one page" if pages == 1 else f"all {pages} pages"
        raise IngestError(f"{where}: the PDF has no text layer ({what} blank or images only: a scan?), so it cannot be read without OCR")
    return text


# --------------------------------------------------------------------------- parsing


def parse_text(text: str, *, where: str, doc: DocumentRef) -> Listing | Result:
    """Parse an announcement's extracted text.

    ``where`` names the document in error messages (a path or URL). ``doc`` says where
    the text came from (publisher, sha256, url); its ``title`` and ``date`` are replaced
    with the title and date the text itself prints.
    """
    title, body = _title(text, where)
    doc = replace(doc, title=title, date=_document_date(text, where))
    if title.endswith(RESULT_SUFFIX):
        return _result(body, where=where, doc=doc)
    return _listing(title, body, where=where, doc=doc)


_TITLE = re.compile(r"(.{4,160}?不良贷款转让(?:结果)?公告)")
#: The first paragraph after the heading: indented with ideographic spaces, and in the
#: template it opens with 本机构保证….
_OPENING = re.compile(r"\u3000\u3000|本\s*机\s*构")


def _title(text: str, where: str) -> tuple[str, str]:
    """The title (wrap whitespace removed) and the text after it."""
    text = text.lstrip()
    head = re.sub(r"\s+", "", text[:600])
    # The heading ends where the first paragraph starts; the title must be all of it
    # (a heading that runs on, "…不良贷款转让公告的更正公告", is another kind of document).
    opening = _OPENING.search(text, 0, 600)
    heading = re.sub(r"\s+", "", text[: opening.start()]) if opening is not None else None
    m = _TITLE.match(head)
    if m is None or (heading is not None and heading != m.group(1)):
        shown = f"its title reads {_excerpt(heading, 80)!r}" if heading else f"it begins {_excerpt(head)!r}"
        raise IngestError(f"{where}: not a Yindeng NPL listing or result announcement: {shown}")
    title = m.group(1)
    # Find where the title ends in the original text: after len(title) non-space chars.
    seen = 0
    for i, ch in enumerate(text):
        if not ch.isspace():
            seen += 1
            if seen == len(title):
                return title, text[i + 1 :]
    return title, ""  # pragma: no cover - the title came from this text


_DATE_LINE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$", re.MULTILINE)


def _document_date(text: str, where: str) -> dt.date | None:
    """The date printed under the signature: the last line that is only a date."""
    found = list(_DATE_LINE.finditer(text))
    if not found:
        return None
    y, m, d = (int(g) for g in found[-1].groups())
    return _make_date(y, m, d, found[-1].group(0).strip(), "the document's date", where)


# --------------------------------------------------------------------------- listings

#: The labels of a listing's table (一、不良贷款基本信息), as printed.
_TABLE_LABELS = (
    "交易基准日",
    "未偿本金总额（元）",
    "资产笔数（笔）",
    "未偿利息总额（元）",
    "借款人户数（户）",
    "未偿本息总额（元）",
    "加权平均逾期天数",
    "其他费用（元）",
    "单一借款人最高未偿本息余额（元）",
    "借款人平均未偿本息余额（元）",
    "借款人加权平均年龄",
    "借款人加权平均授信额度（元）",
    "五级分类情况",
    "核销情况",
    "担保情况概述",
    "诉讼情况概述",
    "备注",
)
_REMARK = "备注"


def _label_pattern(label: str) -> str:
    """A regex for ``label`` with any whitespace between its characters; fullwidth and
    ASCII brackets and colons match each other."""
    alike = {"（": "[（(]", "(": "[（(]", "）": "[）)]", ")": "[）)]", "：": "[：:]", ":": "[：:]"}
    return r"\s*".join(alike.get(ch, re.escape(ch)) for ch in label)


def _label_regex(labels: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(labels, key=len, reverse=True)
    return re.compile("|".join(f"(?P<f{labels.index(lab)}>{_label_pattern(lab)})" for lab in ordered))


_TABLE_RE = _label_regex(_TABLE_LABELS)
_TABLE_START = re.compile(_label_pattern("一、不良贷款基本信息"))
#: The table ends at the notes under it (注1：…) or at the next numbered section.
_TABLE_END = re.compile(r"\n\s*(?:注\s*\d+\s*[：:]|[二三四五六七八九十]\s*、)")


def _cells(region: str, pattern: re.Pattern[str], labels: tuple[str, ...], *, where: str, last: str = "") -> dict[str, str]:
    """Label -> value text (wrap whitespace removed) for the labels found in ``region``.

    A value runs from the end of its label to the start of the next label. Once the
    ``last`` label is met, everything after it is its value (a remark may quote other
    labels)."""
    found: list[tuple[str, int, int]] = []
    for m in pattern.finditer(region):
        label = labels[int(next(k for k, v in m.groupdict().items() if v is not None)[1:])]
        if any(label == seen for seen, _, _ in found):
            raise IngestError(f"{where}: the table prints {label} twice")
        found.append((label, m.start(), m.end()))
        if label == last:
            break
    cells: dict[str, str] = {}
    for n, (label, _, end) in enumerate(found):
        stop = found[n + 1][1] if n + 1 < len(found) else len(region)
        cells[label] = _unwrap(region[end:stop])
    return cells


_SCHEDULE_LABELS = (
    "竞价报名截止时间",
    "竞价日",
    "转让方式",
    "竞价方式",
    "自由竞价开始时间",
    "自由竞价结束时间",
    "延时周期（分钟）",
    "起始价（元）",
    "加价幅度（元）",
    "项目编号",
)


def _line_fields(text: str, labels: tuple[str, ...]) -> dict[str, str]:
    """'label：value' or 'label value' lines (the first of each label)."""
    fields: dict[str, str] = {}
    for label in labels:
        m = re.search(
            rf"^[^\S\n]*{_label_pattern(label)}(?:[^\S\n]*[：:]|[^\S\n]+|$)(?P<v>[^\n]*)$",
            text,
            re.MULTILINE,
        )
        if m is not None:
            fields[label] = _unwrap(m.group("v"))
    return fields


def _listing(title: str, body: str, *, where: str, doc: DocumentRef) -> Listing:
    start = _TABLE_START.search(body)
    if start is None:
        raise IngestError(f"{where}: not a Yindeng listing: its title ends {LISTING_SUFFIX} but it has no 一、不良贷款基本信息 table")
    end = _TABLE_END.search(body, start.end())
    table_text = body[start.end() : end.start() if end else len(body)]
    rest = body[end.start() if end else len(body) :]
    cells = _cells(table_text, _TABLE_RE, _TABLE_LABELS, where=where, last=_REMARK)
    sched = _line_fields(rest, _SCHEDULE_LABELS)
    get = _Getter(where, {**cells, **sched})

    loans = get.required("资产笔数（笔）", _int)
    principal = get.required("未偿本金总额（元）", _amount)
    interest = get.required("未偿利息总额（元）", _amount)
    total = get.required("未偿本息总额（元）", _amount)
    if principal + interest != total:
        raise IngestError(
            f"{where}: the amounts do not add up: 未偿本金总额 {cells['未偿本金总额（元）']} + 未偿利息总额 "
            f"{cells['未偿利息总额（元）']} = {principal + interest:,}, but 未偿本息总额 reads {cells['未偿本息总额（元）']}"
        )
    breakdowns = {
        label: get.optional(label, _counts) or {} for label in ("五级分类情况", "担保情况概述", "诉讼情况概述")
    }
    for label, counts in breakdowns.items():
        if counts and sum(counts.values()) != loans:
            parts = " + ".join(f"{k} {v}" for k, v in counts.items())
            raise IngestError(
                f"{where}: {label} counts {sum(counts.values())} loans ({parts}), but 资产笔数 is {loans}"
            )
    write_offs = get.optional("核销情况", _counts)
    seller_name = re.split(r"关于|\d{4}年", title, maxsplit=1)[0]
    seller_zh, branch = split_seller(seller_name)
    return Listing(
        title=title.removesuffix(LISTING_SUFFIX),
        seller_zh=seller_zh,
        branch=branch,
        base_date=get.required("交易基准日", _date),
        loans=loans,
        borrowers=get.required("借款人户数（户）", _int),
        overdue_days=get.required("加权平均逾期天数", _amount),
        principal=principal,
        interest=interest,
        total=total,
        starting_price=get.required("起始价（元）", _amount),
        auction_date=get.required("竞价日", _date),
        other_fees=get.optional("其他费用（元）", _amount),
        max_borrower_balance=get.optional("单一借款人最高未偿本息余额（元）", _amount),
        avg_borrower_balance=get.optional("借款人平均未偿本息余额（元）", _amount),
        avg_credit_line=get.optional("借款人加权平均授信额度（元）", _amount),
        borrower_avg_age=get.optional("借款人加权平均年龄", _amount),
        classification=breakdowns["五级分类情况"],
        # printed but with no 已核销 entry ("未核销 83 笔") means none was written off
        written_off=None if write_offs is None else write_offs.get("已核销", 0),
        guarantee=breakdowns["担保情况概述"],
        litigation=breakdowns["诉讼情况概述"],
        remark=cells.get(_REMARK, ""),
        registration_deadline=get.optional("竞价报名截止时间", _datetime),
        transfer_method=sched.get("转让方式", ""),
        bidding_method=sched.get("竞价方式", ""),
        bidding_start=get.optional("自由竞价开始时间", _datetime),
        bidding_end=get.optional("自由竞价结束时间", _datetime),
        extension_minutes=get.optional("延时周期（分钟）", _minutes),
        increment=get.optional("加价幅度（元）", _amount),
        project_id=sched.get("项目编号", ""),
        doc=doc,
    )


# --------------------------------------------------------------------------- results

_RESULT_LABELS = ("项目名称", "项目编号", "出让方全称", "受让方全称", "转让协议签署日期", "成交价格（元）", "成交价格")
_RESULT_RE = _label_regex(_RESULT_LABELS)
#: The result's table ends where the closing formula or the contact details begin.
_RESULT_END = re.compile(r"特\s*此\s*公\s*告|联\s*系\s*人|联\s*系\s*电\s*话")


def _result(body: str, *, where: str, doc: DocumentRef) -> Result:
    end = _RESULT_END.search(body)
    cells = _cells(body[: end.start() if end else len(body)], _RESULT_RE, _RESULT_LABELS, where=where)
    if "成交价格" in cells:
        cells.setdefault("成交价格（元）", cells.pop("成交价格"))
    if not cells:
        raise IngestError(f"{where}: not a Yindeng result: its title ends {RESULT_SUFFIX} but it prints no 项目名称 table")
    get = _Getter(where, cells)
    seller_zh, branch = split_seller(get.required("出让方全称", _text))
    return Result(
        title=get.required("项目名称", _text),
        project_id=cells.get("项目编号", ""),
        seller_zh=seller_zh,
        branch=branch,
        buyer_zh=get.required("受让方全称", _text),
        signed_date=get.optional("转让协议签署日期", _date),
        price=get.optional("成交价格（元）", _price),
        doc=doc,
    )


# --------------------------------------------------------------------------- values


_T = TypeVar("_T")


class _Getter:
    """Read printed values with a converter; name the field in any error."""

    def __init__(self, where: str, fields: dict[str, str]) -> None:
        self.where = where
        self.fields = fields

    def required(self, label: str, convert: Callable[[str], _T | None]) -> _T:
        value = self.optional(label, convert)
        if value is None:
            raise IngestError(f"{self.where}: required field {label} is missing")
        return value

    def optional(self, label: str, convert: Callable[[str], _T | None]) -> _T | None:
        raw = self.fields.get(label, "")
        if raw in _NOT_GIVEN:
            return None
        try:
            return convert(raw)
        except ValueError as exc:
            raise IngestError(f"{self.where}: {label} reads {_excerpt(raw)!r}, {exc}") from None


#: What a cell holds when nothing is printed in it.
_NOT_GIVEN = frozenset({"", "-", "—", "/", "无", "不适用"})

_AMOUNT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def _amount(raw: str) -> Decimal:
    s = re.sub(r"\s+", "", raw)
    if not _AMOUNT.fullmatch(s):
        raise ValueError("not a number")
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise ValueError("not a number") from None


def _int(raw: str) -> int:
    s = re.sub(r"\s+", "", raw)
    if not re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", s):
        raise ValueError("not a whole number")
    return int(s.replace(",", ""))


def _minutes(raw: str) -> int:
    return _int(re.sub(r"\s*分钟$", "", raw))


def _price(raw: str) -> Decimal:
    return _amount(re.sub(r"\s*元$", "", raw))


def _text(raw: str) -> str:
    return raw


_YMD = r"(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2})|(\d{2})(\d{2}))"
_HM = r"(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?"


def _ymd(groups: tuple[str | None, ...]) -> tuple[int, int, int]:
    year, *rest = groups
    month, day = next((m, d) for m, d in zip(rest[0::2], rest[1::2], strict=True) if m is not None)
    return int(year or 0), int(month or 0), int(day or 0)


def _date(raw: str) -> dt.date:
    """'20230923', '2023年12月21日', '2023-12-21' (a printed time of day is dropped)."""
    m = re.fullmatch(rf"{_YMD}(?:\s*{_HM})?", raw.strip())
    if m is None:
        raise ValueError("not a date")
    y, mo, d = _ymd(m.groups()[:7])
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise ValueError("not a valid date") from None


def _datetime(raw: str) -> dt.datetime:
    """'2023年12月19日 17:00', '2023-12-21 14:00' (a time of day is required)."""
    m = re.fullmatch(rf"{_YMD}\s*{_HM}", raw.strip())
    if m is None:
        raise ValueError("not a date and time of day")
    y, mo, d = _ymd(m.groups()[:7])
    hh, mm, ss = m.groups()[7:]
    try:
        return dt.datetime(y, mo, d, int(hh), int(mm), int(ss or 0))
    except ValueError:
        raise ValueError("not a valid date and time") from None


def _make_date(y: int, m: int, d: int, printed: str, what: str, where: str) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise IngestError(f"{where}: {what} {printed!r} is not a valid date") from None


_COUNT_PART = re.compile(r"(?P<k>[^\d;；,，、。]+?)(?P<n>\d+)笔")


def _counts(raw: str) -> dict[str, int]:
    """'损失 57 笔;可疑 15 笔;次级 11 笔' -> {'损失': 57, '可疑': 15, '次级': 11}, in order."""
    counts: dict[str, int] = {}
    for part in re.split(r"[;；,，、]", re.sub(r"\s+", "", raw).rstrip("。")):
        if not part:
            continue
        m = _COUNT_PART.fullmatch(part)
        if m is None:
            raise ValueError(f"cannot read {part!r} as '<category> <n> 笔'")
        if m["k"] in counts:
            raise ValueError(f"lists {m['k']} twice")
        counts[m["k"]] = int(m["n"])
    if not counts:
        raise ValueError("lists no counts")
    return counts


# --------------------------------------------------------------------------- text


def _wide(ch: str) -> bool:
    """A character of Chinese text: CJK, fullwidth forms and CJK punctuation."""
    return ord(ch) >= 0x2E80 or ch in "‘’“”…—·"


def _unwrap(text: str) -> str:
    """Remove the whitespace extraction puts where a line wrapped.

    Whitespace next to a Chinese character or fullwidth punctuation is dropped
    ("信 用卡" -> "信用卡", "相关 费用" -> "相关费用"); other runs become one space
    ("2023-12-21 14:00" keeps its space). A space the document really prints next to
    Chinese text goes too: extraction cannot tell it from a wrap."""

    def join(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        return "" if (before and _wide(before)) or (after and _wide(after)) else " "

    return re.sub(r"\s+", join, text).strip()


def _excerpt(text: str, limit: int = 40) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
