"""Synthetic Yindeng announcement PDFs, in the publisher's layout, for tests.

Every PDF written here is SYNTHETIC: it ends with a line saying so, its metadata title
says so, and a listing's default remark (备注) starts with "SYNTHETIC", so neither the
file nor the record read from it can be mistaken for real market data.

Listings and results
--------------------
``listing_pdf(path, **overrides)`` and ``result_pdf(path, **overrides)`` write an
announcement whose text extracts (with pypdf) the way the publisher's own PDFs do: the
title wraps over the first lines, paragraphs start with two ideographic spaces, the
listing's table prints two label-value pairs per row with labels that wrap inside their
cell ("单一借款人最高未偿" / "本息余额（元）") and long values that wrap onto more lines.

By default they reproduce a real announcement's fields: :data:`LISTING` is the Huaxia
credit-card listing 2023-2 (tests/fixtures/yindeng_pdf/listing_huaxia_card_2023-2.pdf)
and :data:`RESULT` the Minsheng credit-card result 2023-11. Each override is a field's
*printed text*, keyed as in those dicts; ``None`` leaves the field out of the document::

    listing_pdf(tmp_path / "a.pdf")                                    # the Huaxia listing
    listing_pdf(p, title=LISTING["title"] + "（重新挂牌）",               # a relisting
                auction_date="2024年1月18日", starting_price="12,000,000.00")
    listing_pdf(p, total="580,608,820.88")                              # does not add up
    listing_pdf(p, base_date=None)                                      # a field missing
    result_pdf(p, project_id="NPL2024000001", signed_date="2024年1月5日",
               price="1,234,567.00")                                    # prints 成交价格
    result_pdf(p, doc_date="2023年12月6日")                              # a re-publication

``title`` is the project title (Listing.title / Result.title); the document's title is
``title`` + 不良贷款转让公告 (or 不良贷款转让结果公告) unless ``doc_title`` is given. The
signature defaults to the seller's name in the title. Unknown keys raise TypeError.

Every announcement also prints the non-market details the reader must drop: the contact
lines of :data:`CONTACT` and, in a listing, the bank account of :data:`ACCOUNT`.

Bad inputs
----------
``encrypted_pdf`` (a listing locked with a password), ``blank_pdf`` (pages with no text
layer), ``scanned_pdf`` / ``image_only_pdf`` (a "scan": one image, no text), ``other_document_pdf`` (a
Chinese notice that is not a Yindeng announcement), ``many_pages_pdf`` (hundreds of blank
pages) and ``text_pdf`` (any lines you like, in the same fonts).

Files are deterministic: the same arguments give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

__all__ = [
    "ACCOUNT",
    "CONTACT",
    "LISTING",
    "RESULT",
    "SYNTHETIC_LINE",
    "blank_pdf",
    "encrypted_pdf",
    "image_only_pdf",
    "listing_pdf",
    "many_pages_pdf",
    "other_document_pdf",
    "result_pdf",
    "scanned_pdf",
    "text_pdf",
]

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

#: The last line of every synthetic PDF.
SYNTHETIC_LINE = "SYNTHETIC：本文件为测试用合成文件，并非银登中心发布的公告。"

#: Contact lines printed at the end of every announcement (not market data).
CONTACT = {"联系人": "测试联系人", "联系电话": "010-00000000", "电子邮件": "contact@example.invalid"}
#: The bank account a listing prints under 资金支付要求 (not market data; 户名 is the seller).
ACCOUNT = {"开户银行": "示例银行测试支行", "账号": "6200000000000000000"}

#: A listing's printed fields: the Huaxia credit-card listing 2023-2, remark marked SYNTHETIC.
LISTING: dict[str, str | None] = {
    "title": "华夏银行股份有限公司信用卡中心关于2023年第2期信用卡不良贷款转让项目",
    "doc_title": None,  # None: title + 不良贷款转让公告
    "base_date": "20230923",
    "principal": "252,846,432.87",
    "loans": "12276",
    "interest": "327,762,388.02",
    "borrowers": "12200",
    "total": "580,608,820.89",
    "overdue_days": "1608.52",
    "other_fees": "38,136.00",
    "max_borrower_balance": "1,036,641.23",
    "avg_borrower_balance": "47,590.89",
    "borrower_avg_age": "42.38",
    "avg_credit_line": "37,560.57",
    "classification": "损失 12276 笔",
    "written_off": "已核销 12276 笔",
    "guarantee": "信用 12276 笔",
    "litigation": "未诉 12262 笔;终本执行 14 笔",
    "remark": "SYNTHETIC（测试用合成数据）。未偿利息包括：利息及信用卡年费、刷卡手续费、取现手续费等相关费用。",
    "registration_deadline": "2023年12月19日 17:00",
    "auction_date": "2023年12月21日",
    "transfer_method": "线上公开竞价",
    "bidding_method": "多轮竞价",
    "bidding_start": "2023-12-21 14:00",
    "bidding_end": "2023-12-21 15:00",
    "extension_minutes": "5",
    "starting_price": "14,100,000.00",
    "increment": "200,000.00",
    "signatory": None,  # None: the seller's name in the title
    "doc_date": "2023年12月7日",
}

#: A result's printed fields: the Minsheng credit-card result 2023-11.
RESULT: dict[str, str | None] = {
    "title": "中国民生银行股份有限公司信用卡中心关于2023年第11期信用卡不良贷款转让项目",
    "doc_title": None,  # None: title + 不良贷款转让结果公告
    "project_id": "NPL2023002602",
    "seller": "中国民生银行股份有限公司信用卡中心",
    "buyer": "海徳资产管理有限公司",
    "signed_date": "2023年11月2日",
    "price": None,  # the publisher rarely prints 成交价格（元）
    "signatory": None,  # None: the seller
    "doc_date": "2023年12月5日",
}

INTRO = (
    "\u3000\u3000本机构保证公告内容不存在任何虚假记载、误导性陈述或者重大遗漏，并承诺对其真实性、准确性、完整性和有效性承担完全的法律责任。",
    (
        "\u3000\u3000本机构依据《银行业信贷资产登记流转中心不良贷款转让业务规则》和《银行业信贷资产登记流转中心不良贷款转让业务信息披露细则》的要求，"
        "{verb}通过银登中心{act}不良贷款转让业务，现予以公告。"
    ),
)

# ------------------------------------------------------------------ page layout

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 57.0, PAGE_W - 57.0, PAGE_H - 60.0, 60.0
SIZE, TITLE_SIZE, LEADING = 10.5, 15.0, 15.0
#: The listing table's four columns: label, value, label, value (x, width).
COLS = ((LEFT, 100.0), (LEFT + 104, 130.0), (LEFT + 240, 112.0), (LEFT + 356, RIGHT - LEFT - 356))
#: A result's value column: narrow enough that a long 项目名称 wraps, as it does in print.
RESULT_VALUE_WIDTH = 300.0


@dataclass
class _Cell:
    x: float
    lines: list[str]


def _wrap(text: str, width: float, size: float = SIZE) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (by glyph widths, like a typesetter)."""
    lines, line = [], ""
    for ch in text:
        if line and pdfmetrics.stringWidth(line + ch, FONT, size) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line or not lines else lines


class _Writer:
    """Top-to-bottom layout on A4 pages with the CID font."""

    def __init__(self, path: Path, subject: str) -> None:
        self.canvas = Canvas(str(path), pagesize=A4, invariant=True)
        self.canvas.setTitle(f"SYNTHETIC test document: {subject}")
        self.canvas.setSubject("SYNTHETIC: not a real announcement")
        self.canvas.setAuthor("npl-tui tests")
        self.canvas.setCreator("tests/pdf_factory.py")
        self.y = TOP

    def _room(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.canvas.showPage()
            self.y = TOP

    def title(self, text: str) -> None:
        for line in _wrap(text, RIGHT - LEFT, TITLE_SIZE):
            self._room(TITLE_SIZE * 1.5)
            self.canvas.setFont(FONT, TITLE_SIZE)
            self.canvas.drawCentredString(PAGE_W / 2, self.y, line)
            self.y -= TITLE_SIZE * 1.5

    def para(self, text: str) -> None:
        for line in _wrap(text, RIGHT - LEFT):
            self._room(LEADING)
            self.canvas.setFont(FONT, SIZE)
            self.canvas.drawString(LEFT, self.y, line)
            self.y -= LEADING

    def row(self, cells: Sequence[_Cell]) -> None:
        """A table row: every cell's lines centred on the row's middle, written cell by
        cell (as the publisher's generator does), with a rule under the row."""
        height = max(len(c.lines) for c in cells) * (SIZE + 2) + 6
        self._room(height)
        middle = self.y - height / 2 + SIZE / 2
        text = self.canvas.beginText()
        text.setFont(FONT, SIZE)
        for cell in cells:
            top = middle + (len(cell.lines) - 1) * (SIZE + 2) / 2
            for k, line in enumerate(cell.lines):
                text.setTextOrigin(cell.x, top - k * (SIZE + 2))
                text.textOut(line)
        self.canvas.drawText(text)
        self.canvas.setLineWidth(0.4)
        self.canvas.line(LEFT, self.y - height + 4, RIGHT, self.y - height + 4)
        self.y -= height

    def save(self, last_line: str = SYNTHETIC_LINE) -> None:
        self.para(last_line)
        self.canvas.save()


def _fields(defaults: dict[str, str | None], overrides: dict[str, str | None], kind: str) -> dict[str, str | None]:
    unknown = sorted(set(overrides) - set(defaults))
    if unknown:
        raise TypeError(f"{kind}: unknown field(s) {', '.join(unknown)}; known: {', '.join(defaults)}")
    return {**defaults, **overrides}


def _signatory(f: dict[str, str | None], fallback: str) -> str:
    return f["signatory"] or fallback


def _closing(w: _Writer, f: dict[str, str | None], signatory: str) -> None:
    w.para("\u3000\u3000特此公告。")
    for label, value in CONTACT.items():
        w.para(f"\u3000\u3000{label}：{value}")
    w.para(signatory)
    if f["doc_date"] is not None:
        w.para(f["doc_date"])


# ------------------------------------------------------------------ listings

#: (field, printed label) pairs of the listing table, two per row.
_PAIRS = (
    (("base_date", "交易基准日"), ("principal", "未偿本金总额（元）")),
    (("loans", "资产笔数（笔）"), ("interest", "未偿利息总额（元）")),
    (("borrowers", "借款人户数（户）"), ("total", "未偿本息总额（元）")),
    (("overdue_days", "加权平均逾期天数"), ("other_fees", "其他费用（元）")),
    (("max_borrower_balance", "单一借款人最高未偿本息余额（元）"), ("avg_borrower_balance", "借款人平均未偿本息余额（元）")),
    (("borrower_avg_age", "借款人加权平均年龄"), ("avg_credit_line", "借款人加权平均授信额度（元）")),
)
_WIDE_ROWS = (
    ("classification", "五级分类情况"),
    ("written_off", "核销情况"),
    ("guarantee", "担保情况概述"),
    ("litigation", "诉讼情况概述"),
    ("remark", "备注"),
)


def listing_pdf(path: Path | str, **overrides: str | None) -> Path:
    """Write a SYNTHETIC listing (不良贷款转让公告); see the module docstring and :data:`LISTING`."""
    f = _fields(LISTING, overrides, "listing_pdf")
    path = Path(path)
    title = f["title"] or ""
    w = _Writer(path, "listing")
    w.title(f["doc_title"] or title + "不良贷款转让公告")
    w.para(INTRO[0])
    w.para(INTRO[1].format(verb="拟", act="开展"))
    w.para("\u3000\u3000一、不良贷款基本信息")
    for pair in _PAIRS:
        cells: list[_Cell] = []
        for (key, label), ((lx, lw), (vx, vw)) in zip(pair, (COLS[:2], COLS[2:]), strict=True):
            value = f[key]
            if value is not None:
                cells += [_Cell(lx, _wrap(label, lw)), _Cell(vx, _wrap(value, vw))]
        if cells:
            w.row(cells)
    for key, label in _WIDE_ROWS:
        value = f[key]
        if value is not None:
            w.row([_Cell(COLS[0][0], [label]), _Cell(COLS[1][0], _wrap(value, RIGHT - COLS[1][0]))])
    w.para("\u3000\u3000注1：若无特殊说明，本表格中“加权平均逾期天数”、“借款人加权平均年龄”、“借款人加权平均授信额度（元）”按拟转让贷款本息总额加权平均计算。")
    w.para("\u3000\u3000注2：逾期起始点确定标准：贷款到期后未足额偿还本金和利息即认定为开始逾期")
    w.para("\u3000\u3000二、时间安排")
    for key, label in (("registration_deadline", "竞价报名截止时间"), ("auction_date", "竞价日")):
        if f[key] is not None:
            w.para(f"\u3000\u3000{label}：{f[key]}")
    w.para("\u3000\u3000三、转让方式")
    for key, label in (("transfer_method", "转让方式"), ("bidding_method", "竞价方式")):
        if f[key] is not None:
            w.para(f"\u3000\u3000{label}：{f[key]}")
    for key, label in (
        ("bidding_start", "自由竞价开始时间"),
        ("bidding_end", "自由竞价结束时间"),
        ("extension_minutes", "延时周期（分钟）"),
        ("starting_price", "起始价（元）"),
        ("increment", "加价幅度（元）"),
    ):
        value = f[key]
        if value is not None:
            w.row([_Cell(COLS[0][0], [label]), _Cell(COLS[2][0], [value])])
    signatory = _signatory(f, title.split("关于")[0])
    for line in (
        "\u3000\u3000四、交易对象要求",
        "\u3000\u30001.交易对象资格和条件：需符合《银行业信贷资产登记流转中心不良贷款转让业务规则》文件要求的受让方范围。",
        "\u3000\u3000五、交易条件",
        "\u3000\u30001.通过项目挂牌只产生一个合格意向受让方时，接受协议转让。",
        "\u3000\u30002.资金支付要求：受让方应一次性将交易价款划至出让方指定账户。出让方指定收取竞价款项的账户信息：",
        f"户名：{signatory}",
        f"开户银行：{ACCOUNT['开户银行']}",
        f"账号：{ACCOUNT['账号']}。",
        "\u3000\u3000六、其他要求",
        "\u3000\u30001、已被告知并完全接受，受让不良资产后，只能采取正当、合法的手段进行处置。",
    ):
        w.para(line)
    _closing(w, f, signatory)
    w.save()
    return path


# ------------------------------------------------------------------ results


def result_pdf(path: Path | str, **overrides: str | None) -> Path:
    """Write a SYNTHETIC result (不良贷款转让结果公告); see the module docstring and :data:`RESULT`."""
    f = _fields(RESULT, overrides, "result_pdf")
    path = Path(path)
    title = f["title"] or ""
    w = _Writer(path, "result")
    w.title(f["doc_title"] or title + "不良贷款转让结果公告")
    w.para(INTRO[0])
    w.para(INTRO[1].format(verb="已", act="完成"))
    for key, label in (
        ("title", "项目名称"),
        ("project_id", "项目编号"),
        ("seller", "出让方全称"),
        ("buyer", "受让方全称"),
        ("signed_date", "转让协议签署日期"),
        ("price", "成交价格（元）"),
    ):
        value = f[key]
        if value is not None:
            w.row([_Cell(COLS[0][0], _wrap(label, COLS[0][1])), _Cell(COLS[1][0], _wrap(value, RESULT_VALUE_WIDTH))])
    _closing(w, f, _signatory(f, f["seller"] or ""))
    w.save()
    return path


# ------------------------------------------------------------------ bad inputs


def text_pdf(path: Path | str, lines: Iterable[str], *, title: str = "") -> Path:
    """Write ``lines`` as paragraphs (under a centred ``title`` if given), then the SYNTHETIC line."""
    path = Path(path)
    w = _Writer(path, title or "text")
    if title:
        w.title(title)
    for line in lines:
        w.para(line)
    w.save()
    return path


def other_document_pdf(path: Path | str) -> Path:
    """A Chinese notice that is not a Yindeng announcement."""
    return text_pdf(
        path,
        [
            "\u3000\u3000为丰富职工文化生活，经研究决定，于2023年12月15日举办年度职工运动会。",
            "\u3000\u3000一、比赛项目：拔河、跳绳、接力跑。",
            "\u3000\u3000二、报名方式：请各部门于12月8日前将报名表交至工会办公室。",
            "\u3000\u3000特此通知。",
            "示例单位工会委员会",
            "2023年12月1日",
        ],
        title="关于举办2023年度职工运动会的通知",
    )


def encrypted_pdf(path: Path | str, password: str = "secret") -> Path:
    """A listing locked with a user password (RC4: needs no crypto library)."""
    from pypdf import PdfReader, PdfWriter

    path = Path(path)
    plain = listing_pdf(path.with_name(path.stem + ".plain.pdf"))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    with path.open("wb") as fh:
        writer.write(fh)
    plain.unlink()
    return path


def blank_pdf(path: Path | str, pages: int = 1) -> Path:
    """Pages with nothing on them: no text layer at all."""
    from pypdf import PdfWriter

    path = Path(path)
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=PAGE_W, height=PAGE_H)
    writer.add_metadata({"/Title": "SYNTHETIC test document: blank"})
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def many_pages_pdf(path: Path | str, pages: int = 500) -> Path:
    """A PDF far longer than any announcement (blank pages)."""
    return blank_pdf(path, pages)


def scanned_pdf(path: Path | str) -> Path:
    """A "scan": one page holding one image (grey bars like lines of print, and the word
    SYNTHETIC drawn as pixels), with no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader  # type: ignore[import-untyped]

    path = Path(path)
    image = Image.new("L", (620, 880), 255)
    draw = ImageDraw.Draw(image)
    for k in range(30):
        draw.rectangle((60, 120 + 24 * k, 560 - (k * 37) % 180, 132 + 24 * k), fill=110)
    draw.text((60, 60), "SYNTHETIC SCAN", fill=0)
    canvas = Canvas(str(path), pagesize=A4, invariant=True)
    canvas.setTitle("SYNTHETIC test document: image only")
    canvas.drawImage(ImageReader(image), 0, 0, PAGE_W, PAGE_H)
    canvas.save()
    return path


#: The same "scan", by what it is made of.
image_only_pdf = scanned_pdf
