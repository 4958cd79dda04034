"""The Yindeng announcement PDF reader: real PDFs checked field by field against the
compiled 2023 spreadsheets, synthetic PDFs for every other case and every bad input."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import logging
import re
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pdf_factory as pf
import pytest
from pypdf import PdfReader

from npl_tui.ingest.records import YINDENG, DocumentRef, IngestError, Listing, Result
from npl_tui.ingest.yindeng_pdf import (
    MAX_PAGES,
    parse_text,
    read_document,
    split_seller,
)

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "yindeng_pdf"
SOURCES = REPO / "data" / "sources"

HUAXIA = FIXTURES / "listing_huaxia_card_2023-2.pdf"
LIXIAN = FIXTURES / "listing_lixian_rcb_2023-1.pdf"
HEBEI = FIXTURES / "result_hebei_card_2023-1.pdf"
MINSHENG = FIXTURES / "result_minsheng_card_2023-11.pdf"
REAL = (HUAXIA, LIXIAN, HEBEI, MINSHENG)


# ------------------------------------------------------------------ the compiled spreadsheets


def _sheet(name: str) -> list[dict[str, str]]:
    with (SOURCES / name).open(encoding="utf-8", newline="") as fh:
        return [{k: v or "" for k, v in row.items()} for row in csv.DictReader(fh) if row.get("序号")]


def _row(name: str, project: str) -> dict[str, str]:
    rows = [row for row in _sheet(name) if row["项目名称"] == project]
    assert len(rows) == 1, f"{name}: {len(rows)} rows named {project}"
    return rows[0]


def _when(cell: str) -> dt.datetime:
    """A spreadsheet date: serial days since 1899-12-30 (fraction = time of day) or ISO text."""
    if re.fullmatch(r"\d+(\.\d+)?", cell):
        moment = dt.datetime(1899, 12, 30) + dt.timedelta(days=float(cell))
        return (moment + dt.timedelta(seconds=30)).replace(second=0, microsecond=0)  # to the minute
    return dt.datetime.fromisoformat(cell)


def _day(cell: str) -> dt.date:
    moment = _when(cell)
    assert moment.time() == dt.time(0), f"{cell} has a time of day"
    return moment.date()


def _money(cell: str) -> Decimal | None:
    """Floats with binary noise: compare to the cent."""
    return None if cell == "" else Decimal(str(round(float(cell), 2)))


def _cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _count(cell: str) -> int | None:
    return None if cell == "" else int(cell)


def _same_punctuation(text: str) -> str:
    """The spreadsheet has ASCII ':' '(' ')' where the PDF prints fullwidth ones."""
    return text.replace("：", ":").replace("（", "(").replace("）", ")")


CLASSIFICATION = ("次级", "可疑", "损失")
GUARANTEE = ("信用", "保证")
LITIGATION = ("未诉", "诉讼中", "已诉讼", "仲裁中", "已仲裁", "已判未执", "执行中", "撤回执行", "执行中止", "终结执行", "终本执行", "已调解", "其他")


def _breakdown(row: dict[str, str], names: tuple[str, ...]) -> dict[str, int]:
    return {name: int(row[f"{name}（笔）"]) for name in names if row[f"{name}（笔）"]}


#: Listing spreadsheet column -> (what the parser read, what the spreadsheet says).
#: Every column of the compiled sheet is here: a column nobody maps fails the test.
LISTING_COLUMNS: dict[str, Any] = {
    "序号": None,  # the spreadsheet's own row number, not a field of the document
    "项目名称": lambda r, row: (r.title, row["项目名称"]),
    "出让方主体名称": lambda r, row: (r.seller_zh, row["出让方主体名称"]),
    "下属机构": lambda r, row: (r.branch, row["下属机构"]),
    "交易基准日": lambda r, row: (r.base_date, _day(row["交易基准日"])),
    "资产笔数（笔）": lambda r, row: (r.loans, _count(row["资产笔数（笔）"])),
    "借款人户数（户）": lambda r, row: (r.borrowers, _count(row["借款人户数（户）"])),
    "加权平均逾期天数": lambda r, row: (_cents(r.overdue_days), _money(row["加权平均逾期天数"])),
    "单一借款人最高未偿本息余额（元）": lambda r, row: (_cents(r.max_borrower_balance), _money(row["单一借款人最高未偿本息余额（元）"])),
    "借款人加权平均年龄": lambda r, row: (_cents(r.borrower_avg_age), _money(row["借款人加权平均年龄"])),
    "未偿本金总额（元）": lambda r, row: (_cents(r.principal), _money(row["未偿本金总额（元）"])),
    "未偿利息总额（元）": lambda r, row: (_cents(r.interest), _money(row["未偿利息总额（元）"])),
    "未偿本息总额（元）": lambda r, row: (_cents(r.total), _money(row["未偿本息总额（元）"])),
    "其他费用（元）": lambda r, row: (_cents(r.other_fees), _money(row["其他费用（元）"])),
    "借款人平均未偿本息余额（元）": lambda r, row: (_cents(r.avg_borrower_balance), _money(row["借款人平均未偿本息余额（元）"])),
    "借款人加权平均授信额度（元）": lambda r, row: (_cents(r.avg_credit_line), _money(row["借款人加权平均授信额度（元）"])),
    **{f"{k}（笔）": lambda r, row: (r.classification, _breakdown(row, CLASSIFICATION)) for k in CLASSIFICATION},
    # The sheet has only 已核销; the PDF prints the whole 核销情况 line ("已核销 12276 笔").
    "已核销（笔）": lambda r, row: (r.written_off, _count(row["已核销（笔）"])),
    **{f"{k}（笔）": lambda r, row: (r.guarantee, _breakdown(row, GUARANTEE)) for k in GUARANTEE},
    **{f"{k}（笔）": lambda r, row: (r.litigation, _breakdown(row, LITIGATION)) for k in LITIGATION},
    "备注": lambda r, row: (_same_punctuation(r.remark), _same_punctuation(row["备注"])),
    "竞价报名截止时间": lambda r, row: (r.registration_deadline, _when(row["竞价报名截止时间"])),
    # The PDF prints 竞价日 as a date; the sheet stores the date with the bidding's start
    # time (自由竞价开始时间), so the date part is compared here and the time below.
    "竞价日": lambda r, row: (r.auction_date, _when(row["竞价日"]).date()),
    "转让方式": lambda r, row: (r.transfer_method, row["转让方式"]),
    "竞价方式": lambda r, row: (r.bidding_method, row["竞价方式"]),
    "自由竞价开始时间": lambda r, row: (r.bidding_start, _when(row["自由竞价开始时间"])),
    "自由竞价结束时间": lambda r, row: (r.bidding_end, _when(row["自由竞价结束时间"])),
    "延时周期（分钟）": lambda r, row: (r.extension_minutes, _count(row["延时周期（分钟）"])),
    "起始价（元）": lambda r, row: (_cents(r.starting_price), _money(row["起始价（元）"])),
    "加价幅度（元）": lambda r, row: (_cents(r.increment), _money(row["加价幅度（元）"])),
    # The outcome columns come from the results, never from a listing PDF: the reader
    # leaves them at their defaults, which is what the sheet says for these unsold two.
    "受让方全称": lambda r, row: (r.buyer_zh, row["受让方全称"]),
    "成交价格（元）": lambda r, row: (None, _money(row["成交价格（元）"])),
    "是否成交": lambda r, row: (r.sold, row["是否成交"] == "1"),
}
# Printed by the PDF but not in the sheet: the document's own title and date (r.doc),
# the notes under the table (注1/注2, the overdue start rule) and the transaction terms
# (sections 四-六), which the reader does not keep.

RESULT_COLUMNS: dict[str, Any] = {
    "序号": None,
    "项目名称": lambda r, row: (r.title, row["项目名称"]),
    "项目编号": lambda r, row: (r.project_id, row["项目编号"]),
    "出让方主体名称": lambda r, row: (r.seller_zh, row["出让方主体名称"]),
    "下属机构": lambda r, row: (r.branch, row["下属机构"]),
    "受让方全称": lambda r, row: (r.buyer_zh, row["受让方全称"]),
    "转让协议签署日期": lambda r, row: (r.signed_date, _day(row["转让协议签署日期"])),
    # Neither PDF prints 成交价格 and the sheet leaves it blank.
    "成交价格（元）": lambda r, row: (r.price, _money(row["成交价格（元）"])),
}
# Printed by the PDF but not in the sheet: 出让方全称 as one name (the sheet splits it)
# and the document's own title and date (r.doc).


@pytest.mark.parametrize(
    ("path", "number"),
    [(HUAXIA, "415"), (LIXIAN, "427")],
    ids=["huaxia", "lixian"],
)
def test_real_listing_matches_the_compiled_spreadsheet_field_by_field(path: Path, number: str) -> None:
    listing = read_document(path)
    assert isinstance(listing, Listing)
    row = _row("yindeng_2023_listings.csv", listing.title)
    assert row["序号"] == number
    assert set(row) == set(LISTING_COLUMNS), "a spreadsheet column is not compared"
    for column, compare in LISTING_COLUMNS.items():
        if compare is not None:
            parsed, compiled = compare(listing, row)
            assert parsed == compiled, f"{column}: PDF {parsed!r} != spreadsheet {compiled!r}"
    assert listing.bidding_start is not None and listing.auction_date == listing.bidding_start.date()
    assert _when(row["竞价日"]) == listing.bidding_start


@pytest.mark.parametrize(("path", "number"), [(MINSHENG, "144"), (HEBEI, "147")], ids=["minsheng", "hebei"])
def test_real_result_matches_the_compiled_spreadsheet_field_by_field(path: Path, number: str) -> None:
    result = read_document(path)
    assert isinstance(result, Result)
    row = _row("yindeng_2023_results.csv", result.title)
    assert row["序号"] == number
    assert set(row) == set(RESULT_COLUMNS), "a spreadsheet column is not compared"
    for column, compare in RESULT_COLUMNS.items():
        if compare is not None:
            parsed, compiled = compare(result, row)
            assert parsed == compiled, f"{column}: PDF {parsed!r} != spreadsheet {compiled!r}"


def test_huaxia_listing_exactly_as_printed() -> None:
    listing = read_document(HUAXIA, url="https://www.yindeng.com.cn/example.pdf")
    assert isinstance(listing, Listing)
    assert listing.title == "华夏银行股份有限公司信用卡中心关于2023年第2期信用卡不良贷款转让项目"
    assert (listing.seller_zh, listing.branch) == ("华夏银行股份有限公司", "信用卡中心")
    assert listing.principal == Decimal("252846432.87")
    assert listing.interest == Decimal("327762388.02")
    assert listing.total == Decimal("580608820.89")
    assert str(listing.other_fees) == "38136.00"  # as printed, cents included
    assert listing.overdue_days == Decimal("1608.52")
    assert listing.base_date == dt.date(2023, 9, 23)
    assert listing.registration_deadline == dt.datetime(2023, 12, 19, 17, 0)
    assert listing.auction_date == dt.date(2023, 12, 21)
    assert (listing.bidding_start, listing.bidding_end) == (dt.datetime(2023, 12, 21, 14), dt.datetime(2023, 12, 21, 15))
    assert listing.extension_minutes == 5
    assert (listing.starting_price, listing.increment) == (Decimal("14100000.00"), Decimal("200000.00"))
    assert listing.classification == {"损失": 12276}
    assert listing.written_off == 12276
    assert listing.guarantee == {"信用": 12276}
    assert list(listing.litigation.items()) == [("未诉", 12262), ("终本执行", 14)]
    assert listing.remark == "未偿利息包括：利息及信用卡年费、刷卡手续费、取现手续费等相关费用。"  # "相关 费用" unwrapped
    assert not listing.relisting
    doc = listing.doc
    assert doc == DocumentRef(
        publisher=YINDENG,
        title="华夏银行股份有限公司信用卡中心关于2023年第2期信用卡不良贷款转让项目不良贷款转让公告",
        date=dt.date(2023, 12, 7),
        sha256=hashlib.sha256(HUAXIA.read_bytes()).hexdigest(),
        url="https://www.yindeng.com.cn/example.pdf",
    )


def test_lixian_listing_keeps_the_printed_order_of_its_breakdowns() -> None:
    listing = read_document(LIXIAN)
    assert isinstance(listing, Listing)
    assert list(listing.classification.items()) == [("损失", 57), ("可疑", 15), ("次级", 11)]
    assert list(listing.guarantee.items()) == [("保证", 55), ("信用", 28)]
    assert listing.litigation == {"未诉": 83}
    assert listing.written_off == 0
    assert listing.remark == ""  # the table has no 备注 row
    assert (listing.seller_zh, listing.branch) == ("甘肃礼县农村商业银行股份有限公司", "")
    assert listing.doc is not None and listing.doc.date == dt.date(2023, 12, 8)
    assert listing.doc.title.endswith("个人消费及经营类不良贷款转让项目不良贷款转让公告")  # title over 3 lines


def test_results_read_as_printed() -> None:
    minsheng = read_document(MINSHENG)
    assert minsheng == Result(
        title="中国民生银行股份有限公司信用卡中心关于2023年第11期信用卡不良贷款转让项目",  # "信 用卡" unwrapped
        project_id="NPL2023002602",
        seller_zh="中国民生银行股份有限公司",
        branch="信用卡中心",
        buyer_zh="海徳资产管理有限公司",
        signed_date=dt.date(2023, 11, 2),
        price=None,
        doc=DocumentRef(
            YINDENG,
            "中国民生银行股份有限公司信用卡中心关于2023年第11期信用卡不良贷款转让项目不良贷款转让结果公告",
            dt.date(2023, 12, 5),
            hashlib.sha256(MINSHENG.read_bytes()).hexdigest(),
        ),
    )
    hebei = read_document(HEBEI)
    assert isinstance(hebei, Result)
    assert hebei.title == "河北银行股份有限公司关于2023年第1期信用卡不良贷款转让项目"  # "转让 项目" unwrapped
    assert (hebei.seller_zh, hebei.branch, hebei.project_id) == ("河北银行股份有限公司", "", "NPL2023003560")
    assert hebei.doc is not None and hebei.doc.date == dt.date(2023, 12, 11)


# ------------------------------------------------------------------ nothing personal


_PERSONAL = re.compile(r"(联系人|联系电话|电子邮件|开户银行|账号)\s*[：:]\s*(\S+)")


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_no_contact_or_bank_account_detail_reaches_a_record(path: Path) -> None:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    found = {label: value.rstrip("。") for label, value in _PERSONAL.findall(text)}
    assert {"联系人", "联系电话", "电子邮件"} <= set(found), found  # the PDF does print them
    record = read_document(path)
    shown = repr(record)
    for label, value in found.items():
        assert value not in shown, f"{label} {value} leaked into the record"
    assert "@" not in shown
    # (户名, the account's name, is the seller itself: it is in the title by right.)
    assert record.doc is not None
    without_hash = repr(dataclasses.replace(record, doc=dataclasses.replace(record.doc, sha256="")))
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", without_hash), "a mobile number in the record"


def test_huaxia_prints_a_bank_account_that_the_record_does_not_carry() -> None:
    text = "\n".join(page.extract_text() for page in PdfReader(HUAXIA).pages)
    assert "账号：10246000000534318" in text
    shown = repr(read_document(HUAXIA))
    assert "10246000000534318" not in shown and "玉泉路支行" not in shown


def test_synthetic_contact_and_account_details_are_dropped_too(tmp_path: Path) -> None:
    for record in (read_document(pf.listing_pdf(tmp_path / "l.pdf")), read_document(pf.result_pdf(tmp_path / "r.pdf"))):
        shown = repr(record)
        for value in (*pf.CONTACT.values(), *pf.ACCOUNT.values()):
            assert value not in shown


# ------------------------------------------------------------------ sellers


@pytest.mark.parametrize(
    ("full", "entity", "branch"),
    [
        ("中国民生银行股份有限公司信用卡中心", "中国民生银行股份有限公司", "信用卡中心"),
        ("华夏银行股份有限公司信用卡中心", "华夏银行股份有限公司", "信用卡中心"),
        ("甘肃礼县农村商业银行股份有限公司", "甘肃礼县农村商业银行股份有限公司", ""),
        ("上海浦东发展银行股份有限公司深圳分行", "上海浦东发展银行股份有限公司", "深圳分行"),
        ("四川锦程消费金融有限责任公司", "四川锦程消费金融有限责任公司", ""),
        ("中邮消费金融有限公司", "中邮消费金融有限公司", ""),
        ("华池县农村信用合作联社", "华池县农村信用合作联社", ""),
        ("天水秦州农村合作银行", "天水秦州农村合作银行", ""),
        ("某某资产管理股份有限公司北京市分公司", "某某资产管理股份有限公司", "北京市分公司"),
        ("某某银行", "某某银行", ""),
    ],
)
def test_split_seller(full: str, entity: str, branch: str) -> None:
    assert split_seller(full) == (entity, branch)


@pytest.mark.parametrize("sheet", ["yindeng_2023_listings.csv", "yindeng_2023_results.csv"])
def test_split_seller_reproduces_every_row_of_the_compiled_spreadsheets(sheet: str) -> None:
    rows = _sheet(sheet)
    assert len(rows) > 100
    for row in rows:
        seller = re.split(r"关于|\d{4}年", row["项目名称"], maxsplit=1)[0]
        assert split_seller(seller) == (row["出让方主体名称"], row["下属机构"]), row["序号"]


# ------------------------------------------------------------------ synthetic documents


def test_synthetic_default_listing_reads_like_the_real_one(tmp_path: Path) -> None:
    synthetic = read_document(pf.listing_pdf(tmp_path / "a.pdf"))
    real = read_document(HUAXIA)
    assert isinstance(synthetic, Listing) and isinstance(real, Listing)
    assert synthetic.remark.startswith("SYNTHETIC")
    assert dataclasses.replace(synthetic, remark=real.remark, doc=real.doc) == real


def test_synthetic_result_reads_like_the_real_one(tmp_path: Path) -> None:
    synthetic = read_document(pf.result_pdf(tmp_path / "a.pdf"))
    real = read_document(MINSHENG)
    assert isinstance(synthetic, Result)
    assert synthetic.doc is not None and real.doc is not None
    assert synthetic.doc.title == real.doc.title and synthetic.doc.date == real.doc.date
    assert dataclasses.replace(synthetic, doc=real.doc) == real


def test_every_synthetic_pdf_says_synthetic(tmp_path: Path) -> None:
    made = [
        pf.listing_pdf(tmp_path / "l.pdf"),
        pf.listing_pdf(tmp_path / "l2.pdf", remark=None),
        pf.result_pdf(tmp_path / "r.pdf"),
        pf.other_document_pdf(tmp_path / "o.pdf"),
        pf.text_pdf(tmp_path / "t.pdf", ["任意文字"]),
    ]
    for path in made:
        reader = PdfReader(path)
        text = "\n".join(page.extract_text() for page in reader.pages)
        assert pf.SYNTHETIC_LINE in text, path.name
        assert reader.metadata is not None and "SYNTHETIC" in str(reader.metadata.title), path.name
    for path in (pf.blank_pdf(tmp_path / "b.pdf"), pf.scanned_pdf(tmp_path / "i.pdf")):
        meta = PdfReader(path).metadata
        assert meta is not None and "SYNTHETIC" in str(meta.title), path.name


def test_synthetic_relisting_round_trips_with_its_overrides(tmp_path: Path) -> None:
    title = "平安银行股份有限公司关于2022年第32期个人消费及经营类信用不良贷款转让项目（重新挂牌）"
    path = pf.listing_pdf(
        tmp_path / "relisting.pdf",
        title=title,
        base_date="20220331",
        loans="470",
        borrowers="466",
        principal="59,226,322.26",
        interest="48,947,236.37",
        total="108,173,558.63",
        overdue_days="972",
        classification="损失 400 笔;可疑 70 笔",
        written_off="未核销 470 笔",
        guarantee="信用 470 笔",
        litigation="执行中 25 笔;终结执行 361 笔;已调解 34 笔;其他 50 笔",
        remark="SYNTHETIC：测试。资产包内贷款全部为平安银行南京分行发放。",
        registration_deadline="2023年2月1日 15:00",
        auction_date="2023年2月3日",
        bidding_start="2023-02-03 10:00",
        bidding_end="2023-02-03 10:30",
        extension_minutes="3",
        starting_price="5,000,000.00",
        increment="10,000.00",
        other_fees=None,
        avg_credit_line=None,
        doc_date="2023年1月20日",
    )
    listing = read_document(path, url="https://example.invalid/relisting.pdf")
    assert isinstance(listing, Listing)
    assert listing.title == title and listing.relisting
    assert (listing.seller_zh, listing.branch) == ("平安银行股份有限公司", "")
    assert listing.base_date == dt.date(2022, 3, 31)
    assert (listing.loans, listing.borrowers) == (470, 466)
    assert (listing.principal, listing.interest, listing.total) == (
        Decimal("59226322.26"),
        Decimal("48947236.37"),
        Decimal("108173558.63"),
    )
    assert listing.overdue_days == Decimal(972)
    assert list(listing.classification.items()) == [("损失", 400), ("可疑", 70)]
    assert listing.written_off == 0  # printed, with no 已核销 entry
    assert list(listing.litigation) == ["执行中", "终结执行", "已调解", "其他"]
    assert listing.remark == "SYNTHETIC：测试。资产包内贷款全部为平安银行南京分行发放。"
    assert listing.registration_deadline == dt.datetime(2023, 2, 1, 15)
    assert listing.auction_date == dt.date(2023, 2, 3)
    assert (listing.bidding_start, listing.bidding_end) == (dt.datetime(2023, 2, 3, 10), dt.datetime(2023, 2, 3, 10, 30))
    assert listing.extension_minutes == 3
    assert (listing.starting_price, listing.increment) == (Decimal("5000000.00"), Decimal("10000.00"))
    assert listing.other_fees is None and listing.avg_credit_line is None  # not printed
    assert listing.doc is not None
    assert listing.doc.title == title + "不良贷款转让公告"
    assert listing.doc.date == dt.date(2023, 1, 20)
    assert listing.doc.url == "https://example.invalid/relisting.pdf"


def test_synthetic_result_round_trips_with_its_overrides(tmp_path: Path) -> None:
    path = pf.result_pdf(
        tmp_path / "r.pdf",
        title="上海浦东发展银行股份有限公司深圳分行关于2023年第3期个人消费信用不良贷款转让项目",
        project_id="NPL2023009999",
        seller="上海浦东发展银行股份有限公司深圳分行",
        buyer="深圳市招商平安资产管理有限责任公司",
        signed_date="2023年12月29日",
        price="1,234,567.89",
        doc_date="2024年1月3日",
    )
    result = read_document(path)
    assert isinstance(result, Result)
    assert result.title == "上海浦东发展银行股份有限公司深圳分行关于2023年第3期个人消费信用不良贷款转让项目"
    assert (result.project_id, result.seller_zh, result.branch) == ("NPL2023009999", "上海浦东发展银行股份有限公司", "深圳分行")
    assert result.buyer_zh == "深圳市招商平安资产管理有限责任公司"
    assert result.signed_date == dt.date(2023, 12, 29)
    assert result.price == Decimal("1234567.89")
    assert result.doc is not None and result.doc.date == dt.date(2024, 1, 3)


def test_a_result_without_project_id_or_signing_date_still_reads(tmp_path: Path) -> None:
    result = read_document(pf.result_pdf(tmp_path / "r.pdf", project_id=None, signed_date=None, doc_date=None))
    assert isinstance(result, Result)
    assert (result.project_id, result.signed_date) == ("", None)
    assert result.doc is not None and result.doc.date is None


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_the_same_file_read_twice_gives_equal_records(path: Path) -> None:
    assert read_document(path) == read_document(path)


def test_the_same_synthetic_file_read_twice_gives_equal_records(tmp_path: Path) -> None:
    a, b = pf.listing_pdf(tmp_path / "a.pdf"), pf.listing_pdf(tmp_path / "b.pdf")
    assert a.read_bytes() == b.read_bytes()  # the factory is deterministic
    assert read_document(a) == read_document(a) == read_document(b)


def test_parse_text_takes_title_and_date_from_the_text() -> None:
    text = "\n".join(page.extract_text() for page in PdfReader(HEBEI).pages)
    given = DocumentRef(YINDENG, title="", date=None, sha256="abc", url="u")
    result = parse_text(text, where="hebei", doc=given)
    assert result.doc == DocumentRef(
        YINDENG, "河北银行股份有限公司关于2023年第1期信用卡不良贷款转让项目不良贷款转让结果公告", dt.date(2023, 12, 11), "abc", "u"
    )
    with pytest.raises(IngestError, match=r"^somewhere: not a Yindeng"):
        parse_text("随便一段文字", where="somewhere", doc=given)


# ------------------------------------------------------------------ bad input


def _error(path: Path) -> str:
    with pytest.raises(IngestError) as info:
        read_document(path)
    message = str(info.value)
    assert "\n" not in message, message
    assert message.startswith(f"{path}: "), message
    return message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"<!DOCTYPE html>\n<html><head><title>404</title></head><body>Not Found</body></html>", "HTML page"),
        (b"  <html><body>login</body></html>", "HTML page"),
        (b'{"error": "forbidden"}', "JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        ("不良贷款转让公告 但这是纯文本".encode(), "text starting"),
        (bytes(range(200, 256)), "binary data"),
    ],
    ids=["empty", "html", "html-indented", "json", "png", "zip", "text", "binary"],
)
def test_not_a_pdf_says_what_it_looks_like(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "announcement.pdf"
    path.write_bytes(content)
    message = _error(path)
    assert "not a PDF" in message and expected in message


def test_a_missing_file(tmp_path: Path) -> None:
    assert "cannot be read" in _error(tmp_path / "nowhere.pdf")


def test_encrypted(tmp_path: Path) -> None:
    assert "encrypted" in _error(pf.encrypted_pdf(tmp_path / "locked.pdf"))


def test_a_permissions_only_lock_opens(tmp_path: Path) -> None:
    """Encrypted with an empty user password: any viewer opens it, so the reader does."""
    listing = read_document(pf.encrypted_pdf(tmp_path / "open.pdf", password=""))
    assert isinstance(listing, Listing) and listing.loans == 12276


@pytest.mark.parametrize("make", [pf.blank_pdf, pf.scanned_pdf], ids=["blank", "scanned"])
def test_no_text_layer(tmp_path: Path, make: Any) -> None:
    message = _error(make(tmp_path / "scan.pdf"))
    assert "no text layer" in message and "OCR" in message


def test_another_kind_of_document(tmp_path: Path) -> None:
    message = _error(pf.other_document_pdf(tmp_path / "notice.pdf"))
    assert "not a Yindeng NPL listing or result" in message and "关于举办2023年度职工运动会的通知" in message


@pytest.mark.parametrize("suffix", ["撤销公告", "不良贷款转让公告的更正公告"])
def test_another_kind_of_yindeng_announcement(tmp_path: Path, suffix: str) -> None:
    path = pf.listing_pdf(tmp_path / "other.pdf", doc_title=pf.LISTING["title"] + suffix)  # type: ignore[operator]
    message = _error(path)
    assert "not a Yindeng NPL listing or result" in message and suffix[-4:] in message


def test_a_listing_title_without_the_listing_table(tmp_path: Path) -> None:
    path = pf.text_pdf(tmp_path / "t.pdf", ["\u3000\u3000本机构保证公告内容真实。", "\u3000\u3000特此公告。"], title="某银行关于某项目不良贷款转让公告")
    assert "no 一、不良贷款基本信息 table" in _error(path)


def test_far_too_many_pages_are_refused_quickly(tmp_path: Path) -> None:
    path = pf.many_pages_pdf(tmp_path / "long.pdf", 500)
    started = time.perf_counter()
    message = _error(path)
    assert time.perf_counter() - started < 5
    assert "500 pages" in message and str(MAX_PAGES) in message


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n" + b"\x00garbage" * 50,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        HUAXIA.read_bytes()[: 60_000],
    ],
    ids=["garbage", "no-pages", "truncated"],
)
def test_a_damaged_pdf_is_one_line_not_a_traceback(tmp_path: Path, content: bytes, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(content)
    caplog.set_level(logging.DEBUG)
    assert "cannot be read" in _error(path)
    # pypdf's warnings ("EOF marker not found") are held back: the one-line error says it all
    assert [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")] == []
    assert logging.getLogger("pypdf").level == logging.NOTSET  # and its logger is left as it was


def test_amounts_that_do_not_add_up_name_the_three_figures(tmp_path: Path) -> None:
    message = _error(pf.listing_pdf(tmp_path / "sum.pdf", total="580,608,820.88"))
    assert "do not add up" in message
    for figure in ("252,846,432.87", "327,762,388.02", "580,608,820.88"):
        assert figure in message


def test_a_one_cent_difference_is_caught_exactly(tmp_path: Path) -> None:
    path = pf.listing_pdf(tmp_path / "cent.pdf", principal="0.10", interest="0.20", total="0.30")
    assert read_document(path).total == Decimal("0.30")  # type: ignore[union-attr]
    assert "do not add up" in _error(pf.listing_pdf(tmp_path / "off.pdf", principal="0.10", interest="0.20", total="0.31"))


@pytest.mark.parametrize(
    ("field", "printed", "label"),
    [
        ("classification", "损失 12000 笔;可疑 275 笔", "五级分类情况"),
        ("guarantee", "信用 12000 笔;保证 277 笔", "担保情况概述"),
        ("litigation", "未诉 12262 笔;终本执行 13 笔", "诉讼情况概述"),
    ],
)
def test_breakdowns_that_do_not_sum_to_the_loan_count(tmp_path: Path, field: str, printed: str, label: str) -> None:
    message = _error(pf.listing_pdf(tmp_path / "b.pdf", **{field: printed}))
    assert label in message and "12276" in message
    for part in printed.split(";"):
        assert part.removesuffix(" 笔") in message


def test_a_breakdown_left_out_is_not_checked(tmp_path: Path) -> None:
    listing = read_document(pf.listing_pdf(tmp_path / "b.pdf", classification=None, litigation=None, written_off=None))
    assert isinstance(listing, Listing)
    assert (listing.classification, listing.litigation, listing.written_off) == ({}, {}, None)


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("base_date", "交易基准日"),
        ("loans", "资产笔数（笔）"),
        ("principal", "未偿本金总额（元）"),
        ("overdue_days", "加权平均逾期天数"),
        ("starting_price", "起始价（元）"),
        ("auction_date", "竞价日"),
    ],
)
def test_a_required_listing_field_missing_is_named(tmp_path: Path, field: str, label: str) -> None:
    message = _error(pf.listing_pdf(tmp_path / "m.pdf", **{field: None}))
    assert f"required field {label} is missing" in message


@pytest.mark.parametrize(("field", "label"), [("title", "项目名称"), ("seller", "出让方全称"), ("buyer", "受让方全称")])
def test_a_required_result_field_missing_is_named(tmp_path: Path, field: str, label: str) -> None:
    overrides: dict[str, str | None] = {field: None}
    if field == "title":
        overrides["doc_title"] = pf.RESULT["title"] + "不良贷款转让结果公告"  # type: ignore[operator]
    assert f"required field {label} is missing" in _error(pf.result_pdf(tmp_path / "m.pdf", **overrides))


@pytest.mark.parametrize(
    ("field", "printed", "expected"),
    [
        ("base_date", "2023年13月1日", "交易基准日 reads '2023年13月1日', not a valid date"),
        ("principal", "二百万", "未偿本金总额（元） reads '二百万', not a number"),
        ("bidding_start", "2023-12-21", "自由竞价开始时间 reads '2023-12-21', not a date and time"),
        ("litigation", "未诉若干", "诉讼情况概述 reads '未诉若干', cannot read"),
    ],
)
def test_an_unreadable_value_is_named_with_what_it_reads(tmp_path: Path, field: str, printed: str, expected: str) -> None:
    assert expected in _error(pf.listing_pdf(tmp_path / "v.pdf", **{field: printed}))


def test_the_factory_refuses_unknown_fields(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="unknown field"):
        pf.listing_pdf(tmp_path / "x.pdf", princpal="1.00")
