"""The compiled 2023 Yindeng spreadsheets (``data/sources/yindeng_2023_*.csv``) read into
the same :class:`~npl_tui.ingest.records.Listing` / :class:`~npl_tui.ingest.records.Result`
records as the publisher's PDFs, so the build and ``npl-tui ingest`` share one merge.

The spreadsheets were compiled from the Yindeng center's own PDF announcements in the
public repository Mistborntt/PDFtoExcel. Dates there are spreadsheet serial days
(day 0 = 1899-12-30, the fraction is the time of day) and a few December rows are ISO
strings; both are read. Amounts carry binary float noise (``9652888.3900000006``), so
they are rounded to the fen; counts, days and ages keep their shortest decimal form.
No Textual.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from .records import YINDENG, DocumentRef, IngestError, Listing, Result

__all__ = ["COMPILED", "read_compiled"]

#: The one document behind every compiled row.
COMPILED = DocumentRef(
    publisher=YINDENG,
    title="2023年个人不良贷款转让公告及转让结果 (spreadsheet compiled from the centre's announcements)",
    date=None,
    url="https://github.com/Mistborntt/PDFtoExcel",
)

_EPOCH = dt.datetime(1899, 12, 30)
_FEN = Decimal("0.01")
#: Loan counts by category: the spreadsheet's columns, grouped as the PDFs print them.
_CLASSES = ("次级", "可疑", "损失")
_GUARANTEES = ("信用", "保证")
_LITIGATION = ("未诉", "诉讼中", "已诉讼", "仲裁中", "已仲裁", "已判未执", "执行中", "撤回执行", "执行中止", "终结执行", "终本执行", "已调解", "其他")


def _read(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return [{k: (v or "").strip() for k, v in r.items() if k is not None} for r in csv.DictReader(fh)]
    except OSError as exc:
        raise IngestError(f"{path}: cannot be read: {exc.strerror or exc}") from None


class _Row:
    """One spreadsheet row, read with the field named in any error."""

    def __init__(self, path: Path, row: dict[str, str]) -> None:
        self.where = f"{path.name} #{row.get('序号', '?')}"
        self.row = row

    def text(self, col: str) -> str:
        return self.row.get(col, "")

    def fail(self, col: str, why: str) -> IngestError:
        return IngestError(f"{self.where}: {col} {self.text(col)!r}: {why}")

    def moment(self, col: str) -> dt.datetime | None:
        raw = self.text(col)
        if not raw:
            return None
        if re.fullmatch(r"\d+(\.\d+)?", raw):
            # to the nearest minute: 45009.416666608799 is 10:00, not 09:59:59.99
            return _EPOCH + dt.timedelta(minutes=round(float(raw) * 1440))
        try:
            return dt.datetime.fromisoformat(raw)
        except ValueError:
            raise self.fail(col, "not a serial day or an ISO date") from None

    def day(self, col: str) -> dt.date | None:
        raw = self.text(col)
        if re.fullmatch(r"\d+(\.\d+)?", raw):
            return (_EPOCH + dt.timedelta(days=int(float(raw)))).date()  # the fraction is the time of day
        when = self.moment(col)
        return None if when is None else when.date()

    def required_day(self, col: str) -> dt.date:
        when = self.day(col)
        if when is None:
            raise self.fail(col, "missing")
        return when

    def amount(self, col: str) -> Decimal | None:
        raw = self.text(col).replace(",", "")
        if not raw:
            return None
        try:
            return Decimal(raw).quantize(_FEN, rounding=ROUND_HALF_UP)
        except ArithmeticError:
            raise self.fail(col, "not a number") from None

    def required_amount(self, col: str) -> Decimal:
        value = self.amount(col)
        if value is None:
            raise self.fail(col, "missing")
        return value

    def number(self, col: str) -> Decimal | None:
        """A count, day or age: the shortest decimal that reads back as the float."""
        raw = self.text(col).replace(",", "")
        if not raw:
            return None
        try:
            return Decimal(repr(float(raw)))
        except ValueError:
            raise self.fail(col, "not a number") from None

    def count(self, col: str) -> int | None:
        value = self.number(col)
        if value is None:
            return None
        if value != value.to_integral_value():
            raise self.fail(col, "not a whole number")
        return int(value)

    def required_count(self, col: str) -> int:
        value = self.count(col)
        if value is None:
            raise self.fail(col, "missing")
        return value

    def counts(self, names: tuple[str, ...]) -> dict[str, int]:
        """Loan counts by category, in column order. A cell that adds a category in
        brackets, as printed ('2659（另有其他723）': 2659, and 723 more under 其他), gives
        both counts."""
        found: dict[str, int] = {}
        for name in names:
            col = f"{name}（笔）"
            extra = re.fullmatch(r"(\d+)[（(]另有(\D+?)(\d+)[）)]", self.text(col))
            if extra is not None:
                found[name] = int(extra[1])
                found[extra[2]] = found.get(extra[2], 0) + int(extra[3])
                continue
            value = self.count(col)
            if value is not None:
                found[name] = value
        return found


def _listing(r: _Row) -> Listing:
    overdue = r.number("加权平均逾期天数")  # seven compiled relistings leave it blank
    return Listing(
        title=r.text("项目名称"),
        seller_zh=r.text("出让方主体名称"),
        branch=r.text("下属机构"),
        base_date=r.required_day("交易基准日"),
        loans=r.required_count("资产笔数（笔）"),
        borrowers=r.required_count("借款人户数（户）"),
        overdue_days=overdue,
        principal=r.required_amount("未偿本金总额（元）"),
        interest=r.required_amount("未偿利息总额（元）"),
        total=r.required_amount("未偿本息总额（元）"),
        starting_price=r.required_amount("起始价（元）"),
        auction_date=r.required_day("竞价日"),
        other_fees=r.amount("其他费用（元）"),
        max_borrower_balance=r.amount("单一借款人最高未偿本息余额（元）"),
        avg_borrower_balance=r.amount("借款人平均未偿本息余额（元）"),
        avg_credit_line=r.amount("借款人加权平均授信额度（元）"),
        borrower_avg_age=r.number("借款人加权平均年龄"),
        classification=r.counts(_CLASSES),
        written_off=r.count("已核销（笔）"),
        guarantee=r.counts(_GUARANTEES),
        litigation=r.counts(_LITIGATION),
        remark=r.text("备注"),
        registration_deadline=r.moment("竞价报名截止时间"),
        transfer_method=r.text("转让方式"),
        bidding_method=r.text("竞价方式"),
        bidding_start=r.moment("自由竞价开始时间"),
        bidding_end=r.moment("自由竞价结束时间"),
        extension_minutes=r.count("延时周期（分钟）"),
        increment=r.amount("加价幅度（元）"),
        buyer_zh=r.text("受让方全称"),
        sold=r.text("是否成交") == "1",
        doc=COMPILED,
    )


def _result(r: _Row) -> Result:
    return Result(
        title=r.text("项目名称"),
        project_id=r.text("项目编号"),
        seller_zh=r.text("出让方主体名称"),
        branch=r.text("下属机构"),
        buyer_zh=r.text("受让方全称"),
        signed_date=r.day("转让协议签署日期"),
        price=r.amount("成交价格（元）"),
        doc=COMPILED,
    )


def _serial(r: _Row) -> int:
    try:
        return int(r.text("序号"))
    except ValueError:
        raise r.fail("序号", "not a whole number") from None


def read_compiled(listings_csv: Path, results_csv: Path) -> tuple[list[tuple[int, Listing]], list[tuple[int, Result]]]:
    """Every listing and result of the two compiled spreadsheets, each with its 序号.
    Blank result rows (no 项目名称) are skipped. IngestError names the file, row and field."""
    listings = [(_serial(r), _listing(r)) for r in (_Row(listings_csv, x) for x in _read(listings_csv))]
    results = [(_serial(r), _result(r)) for r in (_Row(results_csv, x) for x in _read(results_csv)) if r.text("项目名称")]
    return listings, results
