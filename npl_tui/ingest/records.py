"""What a publisher's document says, before it becomes a feed row.

The contract between the document readers (``yindeng_pdf``, ``nfra``, and the compiled
2023 spreadsheets read by ``scripts/build_dataset.py``) and the code that turns documents
into table rows (``yindeng_rows``). Amounts are :class:`~decimal.Decimal` yuan exactly as
printed; dates and times carry the precision the document printed. No I/O, no Textual.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["YINDENG", "DocumentRef", "IngestError", "Listing", "Result"]

#: The publisher of every Yindeng announcement, as a user reads it.
YINDENG = "Yindeng center (银行业信贷资产登记流转中心)"


class IngestError(Exception):
    """A document that cannot be ingested. ``str(err)`` is one line naming the file
    (or URL) and what is wrong with it."""


@dataclass(frozen=True)
class DocumentRef:
    """Where a fact was read: the document itself, not a path in a repository."""

    publisher: str
    title: str  # the document's own title, as printed
    date: dt.date | None  # the document's own date (落款日期 / release date)
    sha256: str = ""  # of the file's bytes, when a file was read
    url: str = ""  # where it was downloaded from, when given

    def citation(self) -> str:
        """One line a user can follow: publisher, title, date, URL, hash."""
        parts = [self.publisher, self.title]
        if self.date is not None:
            parts.append(self.date.isoformat())
        if self.url:
            parts.append(self.url)
        if self.sha256:
            parts.append(f"sha256:{self.sha256}")
        return " · ".join(p for p in parts if p)


@dataclass(frozen=True)
class Listing:
    """A transfer announcement (不良贷款转让公告): one package offered for sale."""

    title: str  # 项目名称, e.g. "…关于2023年第2期信用卡不良贷款转让项目" (with "（重新挂牌）" if so)
    seller_zh: str  # 出让方主体名称 (legal entity)
    branch: str  # 下属机构 ("" when the seller sells as itself)
    base_date: dt.date  # 交易基准日
    loans: int  # 资产笔数（笔）
    borrowers: int  # 借款人户数（户）
    overdue_days: Decimal | None  # 加权平均逾期天数, as printed (may have decimals); a few relistings leave it blank
    principal: Decimal  # 未偿本金总额（元）
    interest: Decimal  # 未偿利息总额（元）
    total: Decimal  # 未偿本息总额（元）
    starting_price: Decimal  # 起始价（元）
    auction_date: dt.date  # 竞价日
    other_fees: Decimal | None = None  # 其他费用（元）
    max_borrower_balance: Decimal | None = None  # 单一借款人最高未偿本息余额（元）
    avg_borrower_balance: Decimal | None = None  # 借款人平均未偿本息余额（元）
    avg_credit_line: Decimal | None = None  # 借款人加权平均授信额度（元）
    borrower_avg_age: Decimal | None = None  # 借款人加权平均年龄
    #: loan counts by category, as printed: 五级分类 {"损失": 57, "可疑": 15, "次级": 11}
    classification: dict[str, int] = field(default_factory=dict)
    written_off: int | None = None  # 核销情况: 已核销 N 笔
    guarantee: dict[str, int] = field(default_factory=dict)  # 担保情况 {"保证": 55, "信用": 28}
    litigation: dict[str, int] = field(default_factory=dict)  # 诉讼情况 {"未诉": 83}
    remark: str = ""  # 备注
    registration_deadline: dt.datetime | None = None  # 竞价报名截止时间
    transfer_method: str = ""  # 转让方式, e.g. 线上公开竞价
    bidding_method: str = ""  # 竞价方式, e.g. 多轮竞价
    bidding_start: dt.datetime | None = None  # 自由竞价开始时间
    bidding_end: dt.datetime | None = None  # 自由竞价结束时间
    extension_minutes: int | None = None  # 延时周期（分钟）
    increment: Decimal | None = None  # 加价幅度（元）
    project_id: str = ""  # 项目编号, when the document prints one
    #: what the compiled spreadsheet adds about the outcome (the PDFs never do)
    buyer_zh: str = ""
    sold: bool = False
    doc: DocumentRef | None = None

    @property
    def relisting(self) -> bool:
        return "重新挂牌" in self.title


@dataclass(frozen=True)
class Result:
    """A transfer result announcement (不良贷款转让结果公告): who bought a package."""

    title: str  # 项目名称
    project_id: str  # 项目编号, e.g. NPL2023003560 or 22000096
    seller_zh: str  # 出让方主体名称 (the legal entity part of 出让方全称)
    branch: str  # 下属机构 (the rest of 出让方全称, "" if none)
    buyer_zh: str  # 受让方全称
    signed_date: dt.date | None  # 转让协议签署日期
    price: Decimal | None = None  # 成交价格（元）, rarely published
    doc: DocumentRef | None = None
