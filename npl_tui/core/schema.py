"""The snapshot/feed format: every table, every column, its type, unit and allowed values.

This module is the single definition of the format. The parser validates against it,
``docs/format.md`` documents it (a test keeps the two in step), and ``npl-tui build``
writes manifests for it. No I/O, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "AMOUNT_KINDS",
    "ANNOUNCEMENT_KINDS",
    "ASSET_TYPES",
    "BANK_TYPES",
    "COLUMNAR_TABLES",
    "DATE_PRECISIONS",
    "DISCOUNT_BASES",
    "DISCOUNT_SERIES",
    "DISCOUNT_STATISTICS",
    "FORMAT_VERSION",
    "LOTS",
    "LOT_PLATFORMS",
    "LOT_ROUNDS",
    "LOT_STATUSES",
    "NATIONAL_CODE",
    "OPTIONAL_TABLE_NAMES",
    "PROVINCE_METRICS",
    "QUALIFIERS",
    "RATIO_METRICS",
    "SELLER_TYPES",
    "STATUSES",
    "TABLES",
    "TABLE_NAMES",
    "Column",
    "TableSpec",
]

#: "MAJOR.MINOR". A reader accepts any minor of its major and rejects other majors.
#: 1.1 added the optional announcements.date_precision column.
#: 1.2 added the optional columns that carry a Yindeng announcement whole (base date,
#: totals, loan breakdowns, auction schedule, signing date), announcements.amount_kind,
#: discount_rates.suspect, the national scope (province_code 100000) in provinces, and
#: ratios.basis_break, the datetime column kind; announcements.overdue_days became a float (it is printed
#: with decimals, e.g. 1608.52).
#: 1.3 added the optional ``lots`` table (one row per auction lot, read into columns:
#: core/lots.py), the city kind, a manifest entry's optional ``bytes`` (the file's size,
#: which a feed reader uses as its byte cap), table files compressed with gzip
#: (``.csv.gz``) and the manifest's optional ``synthetic`` list.
FORMAT_VERSION = "1.3"

#: provinces.province_code for a figure about the whole country (the code China's
#: civil-affairs division tables give the nation).
NATIONAL_CODE = "100000"

#: How a figure relates to the truth. Empty means "the value as published".
QUALIFIERS = {
    "": "exact as published (possibly rounded by the publisher)",
    "~": "approximately (the source says 'about', '约', '近', '~7折')",
    "<": "below the value (an upper bound: the source says 'below 10%')",
    "<=": "at most the value",
    ">": "above the value (a lower bound: 'over', 'exceeding')",
    ">=": "at least the value",
}

BANK_TYPES = {
    "all": "all commercial banks (商业银行, legal-entity basis)",
    "large_state": "large state-owned commercial banks (大型商业银行)",
    "joint_stock": "joint-stock commercial banks (股份制商业银行)",
    "city": "city commercial banks (城市商业银行)",
    "rural": "rural commercial banks (农村商业银行)",
    "private": "private banks (民营银行)",
    "foreign": "foreign banks (外资银行)",
}

RATIO_METRICS = {
    "npl_ratio_pct": "NPL ratio (不良贷款率), % of loans",
    "npl_balance_yi": "NPL balance (不良贷款余额), 亿元 (RMB 100 million)",
    "provision_coverage_pct": "provision coverage ratio (拨备覆盖率), %",
}

SELLER_TYPES = {
    "large_state_bank": "large state-owned bank",
    "joint_stock_bank": "joint-stock bank",
    "city_commercial_bank": "city commercial bank",
    "rural_commercial_bank": "rural commercial bank or rural credit cooperative",
    "policy_bank": "policy bank",
    "private_bank": "private bank",
    "foreign_bank": "foreign bank",
    "consumer_finance": "consumer finance company",
    "trust": "trust company",
    "national_amc": "national AMC (Cinda, Orient, Great Wall, CITIC FAMC, Galaxy)",
    "local_amc": "local (provincial) AMC",
    "court": "people's court (judicial auction)",
    "other": "other or not stated",
}

ASSET_TYPES = {
    "retail_consumer": "personal consumption loans (个人消费贷款)",
    "retail_business": "personal business loans (个人经营贷款)",
    "retail_consumer_business": "mixed personal consumption and business loans",
    "retail_credit_card": "credit-card overdrafts (信用卡透支)",
    "retail_other": "other or unstated personal loans",
    "corporate": "corporate loans (对公)",
    "mixed": "mixed or unstated loan assets",
    "property": "real property (residential, commercial or industrial)",
    "other_asset": "other physical assets (e.g. liquor, stones)",
}

STATUSES = {
    "announced": "announced by the seller or in the news; no outcome yet",
    "listed": "listed for transfer with a bidding date",
    "signed": "transfer agreement signed (deal done)",
    "auctioned": "sold at auction",
    "failed": "auction failed (流拍) or no bid",
    "withdrawn": "withdrawn or suspended",
}

AMOUNT_KINDS = {
    "claim": "claim size: principal plus interest (债权本息), as the source states it",
    "principal": "outstanding principal only (本金)",
    "deal_price": "price paid (成交价)",
    "starting_price": "starting or reserve price (起拍价)",
    "book_value": "book or carrying value of the assets (账面价值)",
    "appraisal": "appraised value (评估价)",
}

DATE_PRECISIONS = {
    "day": "the source gives the day",
    "month": "the source gives only the month: date is its first day",
    "year": "the source gives only the year: date is 1 January",
}

ANNOUNCEMENT_KINDS = {
    "bank_package": "a bank or finance company offers an NPL package",
    "amc_deal": "an AMC buys or sells an NPL package",
    "auction": "a property, asset or claim auction",
}

PROVINCE_METRICS = {
    "npl_bid_volume_yi": "NPL bid volume (挂牌/招标规模) in the year, 亿元",
    "npl_bid_volume_share_pct": "share of the national NPL bid volume, %",
    "npl_deal_volume_yi": "NPL transaction volume in the year, 亿元",
    "npl_deal_volume_share_pct": "share of the national NPL transaction volume, %",
    "online_npl_auction_deals": "online NPL auction transactions in the year, count",
    "judicial_auctions": "online judicial (collateral) auctions in the year, count",
    "judicial_auctions_yoy_pct": "year-on-year change in judicial auctions, %",
    "judicial_first_auctions": "first (1st-round) judicial auctions in the year, count",
    "judicial_first_auctions_yoy_pct": "year-on-year change in first auctions, %",
    "judicial_first_auction_share_pct": "first auctions as % of all judicial auctions",
    "judicial_first_auction_share_change_pp": "change in the first-auction share, percentage points",
    "npl_ratio_pct": "provincial banking NPL ratio, % (scope in note)",
    # 1.2: national-only figures (province_code 100000)
    "npl_primary_deal_volume_yi": "NPL sales by banks and other financial institutions (primary market) in the year, 亿元",
    "npl_primary_deal_volume_yoy_pct": "year-on-year change in primary-market NPL sales, %",
    "npl_secondary_deal_volume_yi": "NPL sales by licensed AMCs to investors (secondary market) in the year, 亿元",
    "npl_secondary_deal_volume_yoy_pct": "year-on-year change in secondary-market NPL sales, %",
    "yindeng_retail_listings": "retail NPL bulk-transfer projects listed on Yindeng in the year, relistings included, count",
    "yindeng_retail_deals": "retail NPL bulk-transfer projects whose signed transfer agreement Yindeng announced in the year, count",
    "npl_ratio_change_pp": "change in the provincial NPL ratio on the year, percentage points",
}

DISCOUNT_SERIES = {
    "online_npl_auction": "online NPL auction deals, national average",
    "bulk_retail": "bulk (batch) transfers of personal NPLs, all venues",
    "yindeng_retail": "Yindeng (CCRE) retail batch transfers, completed deals",
    "yindeng_pilot_all": "Yindeng pilot business, retail batch plus corporate single-borrower",
    "yindeng_retail_listing": "Yindeng retail listings: starting price (not deal price)",
    "single_corporate": "single-borrower corporate NPL transfers",
    "bulk_corporate": "bulk corporate NPL transfers",
    "consumer_finance_package": "consumer-finance company packages",
    "residential_collateral": "residential collateral judicial auctions",
    "commercial_collateral": "commercial collateral judicial auctions",
    "industrial_collateral": "industrial collateral judicial auctions",
    "auctioned_property": "auctioned properties (all types)",
}

DISCOUNT_BASES = {
    "principal": "price as % of outstanding principal (本金)",
    "principal_plus_interest": "price as % of principal plus interest (本息)",
    "market_value": "price as % of appraised or market value",
    "unstated": "the source does not say which base",
}

DISCOUNT_STATISTICS = {
    "deal_average": "volume-weighted average over completed deals",
    "deal": "a single deal",
    "start_price_median": "median starting (reserve) price over listings",
    "start_price_average": "average starting price over listings",
}


LOT_PLATFORMS = {
    "ali": "Alibaba (Taobao) judicial and asset auctions (阿里拍卖, sf.taobao.com)",
    "jd": "JD auctions (京东拍卖)",
    "rmfysszc": "the Supreme People's Court's litigation-asset site (人民法院诉讼资产网)",
    "gpai": "Gpai (公拍网)",
    "caa": "China Auction Association's platform (中拍平台)",
    "ccre": "Yindeng, the Banking Credit Assets Registration and Transfer Center (银登中心)",
    "exchange": "a provincial property-rights or financial-asset exchange",
    "other": "other or not stated",
}

LOT_ROUNDS = {
    "first": "first auction (一拍)",
    "second": "second auction (二拍), after a failed first",
    "sell_off": "sell-off (变卖), after a failed second auction",
    "other": "a single-round sale or a round the source does not name",
}

LOT_STATUSES = {
    "sold": "sold (成交): deal_price_wan is the price paid",
    "unsold": "the round ended with no sale (流拍)",
    "withdrawn": "withdrawn, suspended or cancelled (撤回, 中止)",
    "upcoming": "announced, not yet ended",
}


@dataclass(frozen=True)
class Column:
    """One column of a table.

    kind is one of: str, id, date, datetime, period, year, int, float, bool, enum,
    province, region (a province or NATIONAL_CODE), city (a GB/T 2260 prefecture code), qualifier.
    ``required`` means the cell may not be empty.
    """

    name: str
    kind: str
    doc: str
    required: bool = False
    unit: str = ""
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class TableSpec:
    name: str
    doc: str
    columns: tuple[Column, ...]
    file: str = field(default="")
    #: The natural key: the columns that name one fact, so that the same fact in two
    #: snapshots is recognised even if a publisher renumbers its ids (the "one row per
    #: ..." of the doc). Not enforced by the parser: a reader that relies on it must
    #: cope with a feed that repeats a key.
    key: tuple[str, ...] = ("id",)

    @property
    def filename(self) -> str:
        return self.file or f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _id() -> Column:
    return Column("id", "id", "unique row identifier within the table (kept as text: leading zeros survive)", required=True)


def _as_of() -> Column:
    return Column("as_of", "date", "the date the fact refers to (quarter end, deal date, year end), YYYY-MM-DD", required=True)


def _source() -> Column:
    return Column("source", "str", "where the fact comes from: a URL, or a seed file name", required=True)


def _qualifier() -> Column:
    return Column("qualifier", "qualifier", "how value relates to the truth: empty (as published), ~, <, <=, >, >=", allowed=tuple(QUALIFIERS))


def _derived() -> Column:
    return Column("derived", "bool", "true when computed by us from published figures rather than printed as a level (how: see note)", required=True)


def _note() -> Column:
    return Column("note", "str", "free text: scope, derivation, caveats")


RATIOS = TableSpec(
    "ratios",
    "Commercial-bank asset quality by quarter: NPL ratio, NPL balance and provision coverage, nationally and by bank type. One row per (period, bank_type, metric).",
    (
        _id(),
        Column("period", "period", "calendar quarter, YYYYQn", required=True),
        _as_of(),
        Column("bank_type", "enum", "which banks", required=True, allowed=tuple(BANK_TYPES)),
        Column("metric", "enum", "what is measured", required=True, allowed=tuple(RATIO_METRICS)),
        Column("value", "float", "the figure, latest known (revised) value", required=True, minimum=0, maximum=1e7),
        _qualifier(),
        Column("first_published", "float", "the value as first published, when it was later revised", minimum=0, maximum=1e7),
        _derived(),
        _source(),
        _note(),
        Column("basis_break", "bool", "true when this period is on a revised basis: not comparable with the period before (see note)"),
    ),
    key=("period", "bank_type", "metric"),
)

ANNOUNCEMENTS = TableSpec(
    "announcements",
    "NPL transfer announcements and deals: bank packages, AMC deals and auctions. One row per announcement or deal.",
    (
        _id(),
        Column("date", "date", "date of the event the row reports: announcement, auction (竞价日) or signing (签署日), YYYY-MM-DD; when the source gives only a month or year, the first day of it, with date_precision saying so", required=True),
        Column("date_precision", "enum", "how much of date the source gives: empty or day, month (shown as YYYY-MM), year (shown as YYYY)", allowed=tuple(DATE_PRECISIONS)),
        _as_of(),
        Column("kind", "enum", "what sort of event", required=True, allowed=tuple(ANNOUNCEMENT_KINDS)),
        Column("seller", "str", "seller, in English where known", required=True),
        Column("seller_zh", "str", "seller, Chinese original"),
        Column("seller_type", "enum", "seller category", required=True, allowed=tuple(SELLER_TYPES)),
        Column("branch", "str", "seller's branch or unit (下属机构), Chinese original"),
        Column("buyer", "str", "buyer, in English where known"),
        Column("buyer_zh", "str", "buyer, Chinese original"),
        Column("province_code", "province", "GB/T 2260 province code; variants and names accepted on input; empty when unknown (never guessed)"),
        Column("city", "str", "city, English, where stated"),
        Column("asset_type", "enum", "what is sold", required=True, allowed=tuple(ASSET_TYPES)),
        Column("principal_yi", "float", "outstanding principal (未偿本金)", unit="亿元", minimum=0, maximum=1e6),
        Column("interest_yi", "float", "outstanding interest (未偿利息)", unit="亿元", minimum=0, maximum=1e6),
        Column("amount_yi", "float", "headline amount when principal is not split out: what it is says amount_kind", unit="亿元", minimum=0, maximum=1e6),
        Column("amount_kind", "enum", "what amount_yi measures; required when amount_yi is given", allowed=tuple(AMOUNT_KINDS)),
        Column("borrowers", "int", "number of borrowers (借款人户数)", minimum=0, maximum=1e8),
        Column("loans", "int", "number of loans (资产笔数)", minimum=0, maximum=1e8),
        Column("overdue_days", "float", "weighted average days overdue (加权平均逾期天数), as printed (may have decimals)", unit="days", minimum=0, maximum=36500),
        Column("starting_price_yi", "float", "starting (reserve) price (起始价)", unit="亿元", minimum=0, maximum=1e6),
        Column("status", "enum", "where the deal stands", required=True, allowed=tuple(STATUSES)),
        Column("project_id", "id", "the venue's project number (项目编号), kept as text"),
        Column("title", "str", "title as published, Chinese original where it exists", required=True),
        _source(),
        _note(),
        # 1.2: the rest of a Yindeng announcement, each as printed, in the column's unit.
        Column("signed_date", "date", "transfer agreement signing date (转让协议签署日期) of the matched result"),
        Column("deal_price_yi", "float", "price paid (成交价格), when published", unit="亿元", minimum=0, maximum=1e6),
        Column("base_date", "date", "transaction base date (交易基准日): the date the balances refer to"),
        Column("total_yi", "float", "outstanding principal plus interest (未偿本息总额)", unit="亿元", minimum=0, maximum=1e6),
        Column("other_fees_yi", "float", "other fees (其他费用)", unit="亿元", minimum=0, maximum=1e6),
        Column("max_borrower_balance_yi", "float", "largest single borrower's principal plus interest (单一借款人最高未偿本息余额)", unit="亿元", minimum=0, maximum=1e6),
        Column("avg_borrower_balance_yi", "float", "average principal plus interest per borrower (借款人平均未偿本息余额)", unit="亿元", minimum=0, maximum=1e6),
        Column("avg_credit_line_yi", "float", "weighted average credit line (借款人加权平均授信额度)", unit="亿元", minimum=0, maximum=1e6),
        Column("borrower_avg_age", "float", "weighted average borrower age (借款人加权平均年龄)", unit="years", minimum=0, maximum=150),
        Column("classification", "str", "loans by five-category class (五级分类), as printed: '损失 57;可疑 15;次级 11'"),
        Column("written_off", "int", "loans already written off (已核销, 笔)", minimum=0, maximum=1e8),
        Column("guarantee", "str", "loans by guarantee (担保情况), as printed: '保证 55;信用 28'"),
        Column("litigation", "str", "loans by litigation state (诉讼情况), as printed: '未诉 12262;终本执行 14'"),
        Column("remark", "str", "the announcement's remark (备注), as printed"),
        Column("registration_deadline", "datetime", "bidding registration deadline (竞价报名截止时间), to the precision printed"),
        Column("auction_date", "date", "auction day (竞价日)"),
        Column("transfer_method", "str", "transfer method (转让方式), as printed, e.g. 线上公开竞价"),
        Column("bidding_method", "str", "bidding method (竞价方式), as printed, e.g. 多轮竞价"),
        Column("bidding_start", "datetime", "free bidding opens (自由竞价开始时间)"),
        Column("bidding_end", "datetime", "free bidding closes (自由竞价结束时间)"),
        Column("extension_minutes", "int", "extension period (延时周期), minutes", unit="minutes", minimum=0, maximum=1440),
        Column("increment_yi", "float", "bid increment (加价幅度)", unit="亿元", minimum=0, maximum=1e6),
    ),
)

PROVINCES = TableSpec(
    "provinces",
    "Per-province (and, where published, per-city) market figures by year. One row per (year, province, city, metric).",
    (
        _id(),
        Column("year", "year", "calendar year the figure covers", required=True, minimum=2000, maximum=2100),
        _as_of(),
        Column("province_code", "region", "GB/T 2260 province code; variants accepted on input; 100000 for the whole country (national totals)", required=True),
        Column("city", "str", "prefecture-level city in English, empty for the whole province"),
        Column("city_zh", "str", "city, Chinese"),
        Column("metric", "enum", "what is measured", required=True, allowed=tuple(PROVINCE_METRICS)),
        Column("value", "float", "the figure in the metric's unit", required=True, minimum=-1e7, maximum=1e9),
        _qualifier(),
        Column("rank", "int", "national rank printed by the source, where it prints one", minimum=1, maximum=400),
        _derived(),
        _source(),
        _note(),
    ),
    key=("year", "province_code", "city", "metric"),
)

DISCOUNT_RATES = TableSpec(
    "discount_rates",
    "Prices as % of a base (principal, principal plus interest, market value), by period and series. Series are never averaged together.",
    (
        _id(),
        Column("period", "period", "YYYY, YYYYQn or YYYY-MM", required=True),
        _as_of(),
        Column("series", "enum", "which market segment", required=True, allowed=tuple(DISCOUNT_SERIES)),
        Column("province_code", "province", "GB/T 2260 province code, empty for national"),
        Column("asset_type", "enum", "asset type, where the series is split by it", allowed=tuple(ASSET_TYPES)),
        Column("basis", "enum", "what the price is a percentage of", required=True, allowed=tuple(DISCOUNT_BASES)),
        Column("statistic", "enum", "how the figure is formed", required=True, allowed=tuple(DISCOUNT_STATISTICS)),
        Column("value_pct", "float", "price as % of the basis", unit="%", required=True, minimum=0, maximum=500),
        _qualifier(),
        Column("sample_size", "int", "number of deals or listings behind the figure", minimum=0, maximum=1e8),
        _derived(),
        _source(),
        _note(),
        Column("suspect", "bool", "true when the data itself says the figure is likely wrong (see note): kept and cited, never plotted or ranged"),
    ),
    key=("period", "series", "province_code", "asset_type", "basis", "statistic"),
)

LOTS = TableSpec(
    "lots",
    "Auction lots: one row per lot and round (a lot relisted at its second auction is a new row). "
    "Optional: a snapshot may have no lots. Read into columns, not rows (core/lots.py), so that "
    "millions of lots load, filter and sort at once; province and city figures computed from it "
    "are shown beside the published ones, marked as computed, with their n.",
    (
        _id(),
        Column("platform", "enum", "where the lot is auctioned", required=True, allowed=tuple(LOT_PLATFORMS)),
        Column("seller", "str", "the court or seller, in English where known", required=True),
        Column("seller_zh", "str", "the court or seller, Chinese original"),
        Column("seller_type", "enum", "seller category (a court for a judicial auction)", required=True, allowed=tuple(SELLER_TYPES)),
        Column("province_code", "province", "GB/T 2260 province code of the asset", required=True),
        Column("city_code", "city", "GB/T 2260 prefecture code of the asset (its first two digits are the province's); empty when unknown"),
        Column("city", "str", "city, English"),
        Column("city_zh", "str", "city, Chinese"),
        Column("asset_type", "enum", "what is sold", required=True, allowed=tuple(ASSET_TYPES)),
        Column("round", "enum", "which auction round", required=True, allowed=tuple(LOT_ROUNDS)),
        Column("appraisal_wan", "float", "appraised value (评估价)", unit="万元", minimum=0, maximum=1e9),
        Column("start_price_wan", "float", "starting price of this round (起拍价)", unit="万元", required=True, minimum=0, maximum=1e9),
        Column("deal_price_wan", "float", "price paid (成交价); required when status is sold, empty otherwise", unit="万元", minimum=0, maximum=1e9),
        Column("status", "enum", "how the round ended", required=True, allowed=tuple(LOT_STATUSES)),
        Column("start_date", "date", "the round's first bidding day", required=True),
        Column("end_date", "date", "the round's last bidding day (the deal day when sold)"),
        _as_of(),
        _source(),
    ),
)

#: The tables every snapshot has, parsed into rows (core/snapshot.py).
TABLES: dict[str, TableSpec] = {t.name: t for t in (RATIOS, ANNOUNCEMENTS, PROVINCES, DISCOUNT_RATES)}
TABLE_NAMES: tuple[str, ...] = tuple(TABLES)
#: Tables a snapshot may have, read into columns (core/lots.py) and never into rows.
COLUMNAR_TABLES: dict[str, TableSpec] = {LOTS.name: LOTS}
OPTIONAL_TABLE_NAMES: tuple[str, ...] = tuple(COLUMNAR_TABLES)
