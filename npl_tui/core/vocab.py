"""Names of the data's vocabulary — asset types, statuses, kinds, seller types,
metrics, discount series and bases — in English and Chinese, defined once.

Pure Python (no Rich, no Textual) so both the data core (``core.province_view``
builds chart titles) and every screen read the same words. Each entry is
``(English, Chinese, short English, short Chinese)``; the short forms are for
narrow table cells and have the same capitalisation as the long ones.
"""

from __future__ import annotations

__all__ = [
    "AMOUNT_KINDS",
    "AMOUNT_TINY",
    "ASSET_TYPES",
    "BASES",
    "DATE_PRECISIONS",
    "ENUMS",
    "KEY_LABELS_ZH",
    "KEY_LABELS_ZH_BUILTIN",
    "KINDS",
    "METRICS",
    "SELLER_TYPES",
    "SERIES",
    "STATUSES",
    "STATUS_TINY",
    "WORDS",
    "Names",
    "enum_label",
    "key_label",
    "metric_label",
    "term",
    "word",
]

#: (English, Chinese, short English, short Chinese)
Names = tuple[str, str, str, str]

ASSET_TYPES: dict[str, Names] = {
    "retail_consumer": ("Consumer loans", "个人消费贷", "Consumer", "个人消费"),
    "retail_business": ("Personal business", "个人经营贷", "Pers. business", "个人经营"),
    "retail_consumer_business": ("Consumer+business", "消费及经营贷", "Consumer+bus.", "消费+经营"),
    "retail_credit_card": ("Credit card", "信用卡", "Credit card", "信用卡"),
    "retail_other": ("Other personal", "其他个贷", "Other retail", "其他个贷"),
    "corporate": ("Corporate", "对公", "Corporate", "对公"),
    "mixed": ("Mixed", "混合", "Mixed", "混合"),
    "property": ("Property", "不动产", "Property", "不动产"),
    "other_asset": ("Other asset", "其他资产", "Other asset", "其他资产"),
}

STATUSES: dict[str, Names] = {
    "announced": ("Announced", "已公告", "Announced", "已公告"),
    "listed": ("Listed", "挂牌中", "Listed", "挂牌中"),
    "signed": ("Signed", "已签约", "Signed", "已签约"),
    "auctioned": ("Sold at auction", "已拍卖", "Auctioned", "已拍卖"),
    "failed": ("Failed", "流拍", "Failed", "流拍"),
    "withdrawn": ("Withdrawn", "已撤回", "Withdrawn", "已撤回"),
}

#: Statuses in at most five cells, for the announcements pane at 80 columns.
STATUS_TINY: dict[str, Names] = {
    "announced": ("Ann.", "公告", "Ann.", "公告"),
    "listed": ("List.", "挂牌", "List.", "挂牌"),
    "signed": ("Sign.", "签约", "Sign.", "签约"),
    "auctioned": ("Sold", "拍卖", "Sold", "拍卖"),
    "failed": ("Fail", "流拍", "Fail", "流拍"),
    "withdrawn": ("Wdrn.", "撤回", "Wdrn.", "撤回"),
}

KINDS: dict[str, Names] = {
    "bank_package": ("Bank package", "银行资产包", "Bank pkg", "资产包"),
    "amc_deal": ("AMC deal", "AMC交易", "AMC deal", "AMC交易"),
    "auction": ("Auction", "拍卖", "Auction", "拍卖"),
}

SELLER_TYPES: dict[str, Names] = {
    "large_state_bank": ("Large state bank", "国有大行", "Large state", "国有大行"),
    "joint_stock_bank": ("Joint-stock bank", "股份制银行", "Joint-stock", "股份行"),
    "city_commercial_bank": ("City commercial bank", "城商行", "City bank", "城商行"),
    "rural_commercial_bank": ("Rural bank", "农商行/农信社", "Rural bank", "农商行"),
    "policy_bank": ("Policy bank", "政策性银行", "Policy bank", "政策行"),
    "private_bank": ("Private bank", "民营银行", "Private bank", "民营银行"),
    "foreign_bank": ("Foreign bank", "外资银行", "Foreign bank", "外资银行"),
    "consumer_finance": ("Consumer finance", "消费金融公司", "Cons. finance", "消金公司"),
    "trust": ("Trust", "信托公司", "Trust", "信托"),
    "national_amc": ("National AMC", "全国性AMC", "National AMC", "全国AMC"),
    "local_amc": ("Local AMC", "地方AMC", "Local AMC", "地方AMC"),
    "court": ("Court", "法院", "Court", "法院"),
    "other": ("Other", "其他", "Other", "其他"),
}

METRICS: dict[str, Names] = {
    "npl_bid_volume_yi": ("NPL bid volume", "不良挂牌规模", "Bid vol", "挂牌规模"),
    "npl_bid_volume_share_pct": ("Share of national bid volume", "挂牌规模全国占比", "Bid share", "挂牌占比"),
    "npl_deal_volume_yi": ("NPL deal volume", "不良成交规模", "Deal vol", "成交规模"),
    "npl_deal_volume_share_pct": ("Share of national deal volume", "成交规模全国占比", "Deal share", "成交占比"),
    "online_npl_auction_deals": ("Online NPL auction deals", "网络不良拍卖成交数", "Online deals", "网拍成交"),
    "judicial_auctions": ("Judicial auctions", "司法拍卖数", "Judicial", "司法拍卖"),
    "judicial_auctions_yoy_pct": ("Judicial auctions YoY", "司法拍卖同比", "Jud. YoY", "司拍同比"),
    "judicial_first_auctions": ("First judicial auctions", "一拍数量", "1st auct.", "一拍"),
    "judicial_first_auctions_yoy_pct": ("First auctions YoY", "一拍同比", "1st YoY", "一拍同比"),
    "judicial_first_auction_share_pct": ("First-auction share", "一拍占比", "1st share", "一拍占比"),
    "judicial_first_auction_share_change_pp": ("First-auction share change", "一拍占比变化", "1st sh. Δ", "占比变化"),
    "npl_ratio_pct": ("NPL ratio", "不良贷款率", "NPL ratio", "不良率"),
    "npl_balance_yi": ("NPL balance", "不良贷款余额", "Balance", "不良余额"),
    "provision_coverage_pct": ("Provision coverage", "拨备覆盖率", "Coverage", "拨备覆盖率"),
    "npl_ratio_change_pp": ("NPL ratio change", "不良贷款率变化", "Ratio Δ", "不良率变化"),
    # national-only figures (province_code 100000)
    "npl_primary_deal_volume_yi": ("Primary NPL sales", "一级市场不良资产转让规模", "Primary sales", "一级转让"),
    "npl_primary_deal_volume_yoy_pct": ("Primary NPL sales YoY", "一级市场转让规模同比", "Primary YoY", "一级同比"),
    "npl_secondary_deal_volume_yi": ("Secondary NPL sales", "二级市场不良资产转让规模", "Secondary sales", "二级转让"),
    "npl_secondary_deal_volume_yoy_pct": ("Secondary NPL sales YoY", "二级市场转让规模同比", "Secondary YoY", "二级同比"),
    "yindeng_retail_listings": ("Yindeng retail listings", "银登个贷批转挂牌项目数", "Yindeng listings", "银登挂牌"),
    "yindeng_retail_deals": ("Yindeng retail deals", "银登个贷批转成交项目数", "Yindeng deals", "银登成交"),
}

SERIES: dict[str, Names] = {
    "online_npl_auction": ("Online NPL auctions", "网络不良拍卖", "Online auctions", "网拍"),
    "bulk_retail": ("Retail batch, all venues", "个贷批量转让", "Retail batch", "个贷批转"),
    "yindeng_retail": ("Yindeng retail", "银登个贷批转", "Yindeng retail", "银登个贷"),
    "yindeng_pilot_all": ("Yindeng pilot, all", "银登试点合计", "Yindeng pilot", "银登试点"),
    "yindeng_retail_listing": ("Yindeng listings (start px)", "银登挂牌起始价", "Yindeng listings", "银登挂牌"),
    "single_corporate": ("Corporate single-borrower", "对公单户", "Corp. single", "对公单户"),
    "bulk_corporate": ("Corporate bulk", "对公批量", "Corp. bulk", "对公批量"),
    "consumer_finance_package": ("Consumer-finance packages", "消金资产包", "Cons. finance", "消金资产包"),
    "residential_collateral": ("Residential collateral", "住宅抵押物", "Residential", "住宅"),
    "commercial_collateral": ("Commercial collateral", "商业抵押物", "Commercial", "商业"),
    "industrial_collateral": ("Industrial collateral", "工业抵押物", "Industrial", "工业"),
    "auctioned_property": ("Auctioned property", "拍卖房产", "Auctioned prop.", "拍卖房产"),
}

#: What a discount rate is a percentage of; the short form follows a value ("6.90% of P").
BASES: dict[str, Names] = {
    "principal": ("of principal", "占本金", "of P", "占本金"),
    "principal_plus_interest": ("of principal+interest", "占本息", "of P+I", "占本息"),
    "market_value": ("of market value", "占市值", "of MV", "占市值"),
    "unstated": ("base not stated", "基数未说明", "base not stated", "基数未说明"),
}

#: How much of an announcement's date the source gave.
DATE_PRECISIONS: dict[str, Names] = {
    "day": ("Day", "日", "Day", "日"),
    "month": ("Month only", "仅月份", "Month", "月"),
    "year": ("Year only", "仅年份", "Year", "年"),
}

#: What an announcement's headline amount (amount_yi) measures; "" when the feed does
#: not say. The short form follows the figure in a table cell ("189亿 P+I"); principal
#: has none: it is what the column is. The long form is the detail screen's and help's.
AMOUNT_KINDS: dict[str, Names] = {
    "principal": ("Principal", "本金", "", ""),
    "claim": ("Claim (principal + interest)", "债权本息", "P+I", "本息"),
    "deal_price": ("Deal price", "成交价", "deal", "成交"),
    "starting_price": ("Starting price", "起拍价", "start", "起拍"),
    "book_value": ("Book value", "账面价值", "book", "账面"),
    "appraisal": ("Appraised value", "评估价", "appr.", "评估"),
    "": ("Amount, kind not stated", "金额（类型未注明）", "amt?", "金额?"),
}

#: The amount kinds in one mark, for the announcements pane at 80 columns
#: (English, Chinese); the help screen lists them.
AMOUNT_TINY: dict[str, Names] = {
    "principal": ("", "", "", ""),
    "claim": ("C", "债", "C", "债"),
    "deal_price": ("D", "成", "D", "成"),
    "starting_price": ("S", "起", "S", "起"),
    "book_value": ("B", "账", "B", "账"),
    "appraisal": ("A", "评", "A", "评"),
    "": ("?", "?", "?", "?"),
}

#: Announcement column -> its vocabulary (the detail screen labels every enum value).
ENUMS: dict[str, dict[str, Names]] = {
    "kind": KINDS,
    "status": STATUSES,
    "seller_type": SELLER_TYPES,
    "asset_type": ASSET_TYPES,
    "date_precision": DATE_PRECISIONS,
    "amount_kind": AMOUNT_KINDS,
}


def term(table: dict[str, Names], key: str, lang: str = "en", short: bool = False) -> str:
    """*key*'s name in *lang* from *table*; an unknown key is shown with spaces for '_'."""
    names = table.get(key)
    if names is None:
        return key.replace("_", " ")
    return names[(2 if short else 0) + (1 if lang == "zh" else 0)]


def enum_label(column: str, value: object, lang: str = "en", short: bool = False) -> str:
    """Display name of an announcement enum value; "" for none, unknown values as they are."""
    if value is None or value == "":
        return ""
    table = ENUMS.get(column, {})
    return term(table, str(value), lang, short) if str(value) in table else str(value)


def metric_label(metric: str, lang: str = "en", short: bool = False) -> str:
    """A metric's display name; unknown metrics fall back to their key."""
    return term(METRICS, metric, lang, short) if metric in METRICS else metric


#: Bank types of the ratios table (regulator categories), English and Chinese.
BANK_TYPE_LABELS: dict[str, dict[str, str]] = {
    "all": {"en": "All commercial", "zh": "商业银行"},
    "large_state": {"en": "Large state-owned", "zh": "大型商业银行"},
    "joint_stock": {"en": "Joint-stock", "zh": "股份制银行"},
    "city": {"en": "City commercial", "zh": "城市商业银行"},
    "rural": {"en": "Rural commercial", "zh": "农村商业银行"},
    "private": {"en": "Private", "zh": "民营银行"},
    "foreign": {"en": "Foreign", "zh": "外资银行"},
}


#: Chinese of every key binding, by binding id: (key bar word, help line). The
#: English are the binding's own description (key bar) and tooltip or description
#: (help). A binding with no entry shows its English description (key_label), and
#: tests/app/test_chinese_mode.py fails until it has one. Keys sharing a help line are
#: listed together in help ('1, 2, 3, 4  聚焦窗格 1–4'), so keep shared lines equal.
KEY_LABELS_ZH: dict[str, tuple[str, str]] = {
    # app: everywhere
    "app.quit": ("退出", "退出"),
    "app.help": ("帮助", "帮助"),
    "app.refresh": ("刷新", "刷新数据"),
    "app.pick_province": ("省份", "转到省份（选择器）"),
    # the way back to English stays readable to someone who cannot read the Chinese
    "app.toggle_lang": ("English/中文", "切换语言 English/中文"),
    "app.toggle_unit": ("亿/十亿元", "切换金额单位 亿元/十亿元"),
    "app.palette": ("跳转", "跳转到省份、银行或AMC（命令面板）"),
    "app.history": ("历史", "过去的市场（历史快照）"),
    # dashboard
    "dashboard.pane1": ("窗格1–4", "聚焦窗格 1–4"),
    "dashboard.pane2": ("窗格1–4", "聚焦窗格 1–4"),
    "dashboard.pane3": ("窗格1–4", "聚焦窗格 1–4"),
    "dashboard.pane4": ("窗格1–4", "聚焦窗格 1–4"),
    "dashboard.filter": ("筛选", "筛选"),
    "dashboard.cycle_metric": ("指标", "切换指标"),
    "dashboard.sources": ("来源", "当前窗格数据的来源"),
    "announcements.open": ("打开", "打开"),
    "announcements.down": ("下移", "光标下移"),
    "announcements.up": ("上移", "光标上移"),
    "announcements.sort_date": ("按日期", "按日期排序（再按：倒序）"),
    "announcements.sort_principal": ("按本金", "按本金排序（再按：倒序）"),
    "announcements.sort_overdue": ("按逾期", "按逾期排序（再按：倒序）"),
    "announcements.clear_filter": ("清除筛选", "清除筛选"),
    "provinces.open": ("打开省份", "打开省份"),
    "provinces.down": ("下移", "光标下移"),
    "provinces.up": ("上移", "光标上移"),
    "discounts.down": ("下滚", "向下滚动"),
    "discounts.up": ("上滚", "向上滚动"),
    "ratio.down": ("下滚", "向下滚动"),
    "ratio.up": ("上滚", "向上滚动"),
    # province
    "province.back": ("返回", "返回"),
    "province.next_section": ("下一节", "下一节"),
    "province.previous_section": ("上一节", "上一节"),
    "province.down": ("下移", "下移"),
    "province.up": ("上移", "上移"),
    "province.open": ("打开", "打开"),
    "province.next_chart": ("下一图", "下一张图表"),
    "province.source": ("来源", "来源"),
    # announcement detail
    "announcement.back": ("返回", "返回"),
    "announcement.down": ("下移", "下移"),
    "announcement.up": ("上移", "上移"),
    "announcement.seller": ("卖方交易", "该卖方的交易"),
    "announcement.buyer": ("买方交易", "该买方的交易"),
    # sources overlay
    "sources.close": ("关闭", "关闭"),
    "sources.close_i": ("关闭", "关闭"),
    "sources.down": ("下移", "下移"),
    "sources.up": ("上移", "上移"),
    "sources.switch": ("表格/详情", "在表格与详情之间切换（以便滚动详情）"),
    # province picker
    "picker.cancel": ("取消", "取消"),
    "picker.down": ("下移", "下移"),
    "picker.up": ("上移", "上移"),
    "picker.page_down": ("下一页", "下一页"),
    "picker.page_up": ("上一页", "上一页"),
    # history
    "history.close": ("关闭", "关闭"),
    "history.down": ("下移", "下移"),
    "history.up": ("上移", "上移"),
    # help
    "help.close": ("关闭帮助", "关闭帮助"),
    "help.down": ("下滚", "向下滚动"),
    "help.up": ("上滚", "向上滚动"),
    # what's new, alerts, the watchlist, export
    "app.whats_new": ("新变化", "上次查看以来的新变化"),
    "app.mark_seen": ("全部已读", "全部标为已读"),
    "app.watchlist": ("自选", "自选列表"),
    "dashboard.export": ("导出", "导出当前公告列表（CSV）"),
    "announcements.alert_like": ("类似提醒", "对类似公告设置提醒"),
    "announcements.mark_read": ("已读", "标为已读"),
    "announcements.pin": ("自选出让方", "将出让方加入或移出自选"),
    "provinces.pin": ("自选", "将省份加入或移出自选"),
    "province.pin": ("自选", "将本省加入或移出自选"),
    # lots
    "app.lots": ("拍品", "全部拍品：筛选、排序、下钻"),
    "lots.back": ("返回", "关闭筛选或返回"),
    "lots.filter": ("筛选", "筛选拍品"),
    "lots.sort_date": ("按日期", "按日期排序（再按：反向）"),
    "lots.sort_price": ("按起拍价", "按起拍价排序（再按：反向）"),
    "lots.sort_appraisal": ("按评估价", "按评估价排序（再按：反向）"),
    "whatsnew.close": ("关闭", "关闭"),
    "whatsnew.open": ("前往", "前往该行或省份"),
    "whatsnew.down": ("下移", "下移"),
    "whatsnew.up": ("上移", "上移"),
    "watchlist.close": ("关闭", "关闭"),
    "watchlist.open": ("前往", "前往该省份或交易"),
    "watchlist.down": ("下移", "下移"),
    "watchlist.up": ("上移", "上移"),
    "watchlist.unpin": ("移出", "移出自选"),
}

#: Textual's own bindings that help lists although they carry no id, by action.
KEY_LABELS_ZH_BUILTIN: dict[str, tuple[str, str]] = {
    "app.focus_next": ("下一项", "焦点移到下一项"),
    "app.focus_previous": ("上一项", "焦点移到上一项"),
    "cursor_down": ("下移", "光标下移"),
    "cursor_up": ("上移", "光标上移"),
}


def key_label(binding_id: str | None, action: str, english: str, lang: str = "en", long: bool = False) -> str:
    """What a key does, in *lang*: the key bar's word, or with *long* the help line.

    *english* is the binding's own text (its description, or for *long* its tooltip
    or description); it is also what a binding without a Chinese entry shows.
    """
    if lang != "zh":
        return english
    names = KEY_LABELS_ZH.get(binding_id) if binding_id else KEY_LABELS_ZH_BUILTIN.get(action)
    return names[1 if long else 0] if names else english


#: Every word of the screens, (English, Chinese, short English, short Chinese); "{name}"
#: and the like are filled in by :func:`word`. The data's own vocabularies are above.
WORDS: dict[str, Names] = {
    # the lots (screen L, the status line, the province screen's computed figures)
    "lots.title": ("Lots", "拍品", "Lots", "拍品"),
    "lots.count": ("{n} lots", "{n} 件拍品", "{n} lots", "{n} 件"),
    "lots.of": ("{shown} of {total} lots", "{total} 件中 {shown} 件", "{shown} of {total} lots", "{shown}/{total} 件"),
    "lots.loading": ("loading {pct}%: {read} / {total} read", "加载中 {pct}%：已读 {read}/{total}", "loading {pct}%", "加载中 {pct}%"),
    "lots.matching": ("{n} match so far", "已有 {n} 件符合", "{n} match", "{n} 件符合"),
    "lots.status_loading": ("lots loading {pct}%", "拍品加载中 {pct}%", "lots {pct}%", "拍品 {pct}%"),
    "lots.status_count": ("{n} lots (L)", "{n} 件拍品 (L)", "{n} lots", "{n} 件"),
    "lots.status_none": ("lots ✗", "拍品 ✗", "lots ✗", "拍品 ✗"),
    "lots.synthetic": ("SYNTHETIC", "合成数据", "SYNTH", "合成"),
    "lots.none": ("this snapshot has no lots", "本快照没有拍品数据", "no lots", "无拍品"),
    "lots.not_on_disk": ("lots: the snapshot's files are not on disk", "拍品：快照文件不在磁盘上", "lots: not on disk", "拍品：不在磁盘上"),
    "lots.filter_hint": ("filter: court, city, province, 2025-11, >100万 … Enter: done, Esc: clear",
                         "筛选：法院、城市、省份、2025-11、>100万 … 回车完成，Esc 清除",
                         "filter", "筛选"),
    "lots.by_date": ("by date", "按日期", "date", "日期"),
    "lots.by_price": ("by starting price", "按起拍价", "price", "起拍价"),
    "lots.by_appraisal": ("by appraisal", "按评估价", "appraisal", "评估价"),
    "lots.wan": ("万", "万元", "万", "万"),
    "lots.rmb_m": ("RMB m", "百万元", "m", "百万"),
    "lots.col.date": ("Date", "日期", "Date", "日期"),
    "lots.col.province": ("Province", "省份", "Prov.", "省份"),
    "lots.col.city": ("City", "城市", "City", "城市"),
    "lots.col.seller": ("Court / seller", "法院／处置方", "Seller", "处置方"),
    "lots.col.asset": ("Asset", "资产", "Asset", "资产"),
    "lots.col.round": ("Round", "轮次", "Round", "轮次"),
    "lots.col.status": ("Result", "结果", "Result", "结果"),
    "lots.col.appraisal": ("Appraisal", "评估价", "Appr.", "评估"),
    "lots.col.start": ("Start", "起拍价", "Start", "起拍"),
    "lots.col.deal": ("Deal", "成交价", "Deal", "成交"),
    "lots.col.pct": ("P/A", "成交/评估", "P/A", "比"),
    "platform.ali": ("Alibaba auctions", "阿里拍卖", "Alibaba", "阿里"),
    "platform.jd": ("JD auctions", "京东拍卖", "JD", "京东"),
    "platform.rmfysszc": ("Court assets site (rmfysszc)", "人民法院诉讼资产网", "rmfysszc", "诉讼资产网"),
    "platform.gpai": ("Gpai", "公拍网", "Gpai", "公拍网"),
    "platform.caa": ("CAA platform", "中拍平台", "CAA", "中拍"),
    "platform.ccre": ("Yindeng (CCRE)", "银登中心", "Yindeng", "银登"),
    "platform.exchange": ("Property-rights exchange", "产权交易所", "Exchange", "交易所"),
    "platform.other": ("other platform", "其他平台", "other", "其他"),
    "round.first": ("1st", "一拍", "1st", "一拍"),
    "round.second": ("2nd", "二拍", "2nd", "二拍"),
    "round.sell_off": ("sell-off", "变卖", "sell-off", "变卖"),
    "round.other": ("other", "其他", "other", "其他"),
    "lot.sold": ("sold", "成交", "sold", "成交"),
    "lot.unsold": ("unsold", "流拍", "unsold", "流拍"),
    "lot.withdrawn": ("withdrawn", "撤回", "withdrawn", "撤回"),
    "lot.upcoming": ("upcoming", "待拍", "upcoming", "待拍"),
    "lots.section": ("Lots (computed, n={n})", "拍品（计算所得，n={n}）", "Lots (computed, n={n})", "拍品（计算，n={n}）"),
    "lots.section_loading": ("Lots (computed): loading {pct}%", "拍品（计算所得）：加载中 {pct}%", "Lots: loading {pct}%", "拍品：加载中 {pct}%"),
    "lots.section_note": ("computed here from {n} lots as of {day}; n: the lots behind each figure",
                          "根据截至 {day} 的 {n} 件拍品计算；n 为各数字所依据的拍品数",
                          "computed from {n} lots as of {day}", "据 {n} 件拍品计算，截至 {day}"),
    "lots.none_here": ("no lots in {name}", "{name}没有拍品", "no lots", "无拍品"),
    "lots.detail": ("computed here from the snapshot's lots table (lots file SHA-256 {sha}…)",
                    "根据快照的拍品表计算（拍品文件 SHA-256 {sha}…）",
                    "computed from the lots table ({sha}…)", "据拍品表计算（{sha}…）"),
    "lots.detail_note": ("first-auction share: 1st rounds / lots; sale rate: sold / (sold + unsold); median: deal price / appraisal of sold lots with an appraisal",
                         "一拍占比：一拍数/拍品数；成交率：成交/（成交+流拍）；中位数：有评估价的成交拍品的成交价/评估价",
                         "computed", "计算所得"),
    "lots.help_title": ("The lots", "拍品", "Lots", "拍品"),
    "lots.help": (("One row per auction lot and round, from the snapshot's lots table. Amounts in 万 (RMB bn mode: RMB m), "
                  "one unit a column; P/A: the deal price as % of the appraisal. Enter: the lot's province, with the figures "
                  "computed from its lots. SYNTHETIC: the publisher marked these lots as made by a generator, not published."),
                  ("每行为一件拍品的一轮拍卖，来自快照的拍品表。金额单位为万元（十亿元模式下为百万元），每列一个单位；"
                  "成交/评估：成交价占评估价的百分比。回车：进入该拍品所在省份，查看据拍品计算的数字。"
                  "合成数据：发布方标明这些拍品由生成器产生，并非公开数据。"),
                  "One row per lot and round.", "每行一件拍品的一轮。"),
    "lots.filter_title": ("Filter (/)", "筛选 (/)", "Filter", "筛选"),
    "lots.filter_help": (("Words match the court or seller, city, province (name, pinyin or 中文), platform, asset type, round and "
                         "result; dates 2025, 2025Q3, 2025-11, ranges 2023-10..2023-12, >=2025-01 match the lot's as-of day; "
                         "amounts >100万, 1亿..5亿, >1m match the deal price of a sold lot, else its starting price. Every term "
                         "must match: hangzhou 2025 >100万."),
                         ("文字匹配法院或处置方、城市、省份（英文、拼音、中文）、平台、资产类型、轮次和结果；日期 2025、2025Q3、"
                         "2025-11，区间 2023-10..2023-12、>=2025-01 匹配拍品的截至日；金额 >100万、1亿..5亿 匹配成交拍品的成交价，"
                         "其余匹配起拍价。各项须同时满足：hangzhou 2025 >100万。"),
                         "Filter", "筛选"),
    "lots.cities": ("Cities (computed from lots, {n})", "城市（据拍品计算，{n}）", "Cities (lots)", "城市（拍品）"),
    "lots.cities_note": ("most lots first; Enter lists a city's lots", "按拍品数排序；回车列出该城市的拍品", "Enter: its lots", "回车：其拍品"),
    "lots.measure": ("Measure", "指标", "Measure", "指标"),
    "lots.computed": ("Computed", "计算值", "Computed", "计算值"),
    "lots.published": ("Published", "公布值", "Published", "公布值"),
    "lots.m.count": ("Lots", "拍品数", "Lots", "拍品数"),
    "lots.m.first_share": ("First-auction share", "一拍占比", "1st-auction share", "一拍占比"),
    "lots.m.sale_rate": ("Sale rate (sold / ended)", "成交率（成交/结束）", "Sale rate", "成交率"),
    "lots.m.median": ("Median deal / appraisal", "成交价/评估价中位数", "Median deal/appr.", "成交/评估中位数"),
    # the dashboard and status line
    "npl_ratio": ("NPL ratio", "不良贷款率", "NPL ratio", "不良贷款率"),
    "npl_balance": ("NPL balance", "不良贷款余额", "NPL balance", "不良贷款余额"),
    "provision_coverage": ("Provision coverage", "拨备覆盖率", "Provision coverage", "拨备覆盖率"),
    "announcements": ("Announcements", "转让公告", "Announcements", "转让公告"),
    "top_provinces": ("Top provinces", "省份排名", "Top provinces", "省份排名"),
    "discount_rates": ("Discount rates", "折扣率", "Discount rates", "折扣率"),
    "china": ("China", "全国", "China", "全国"),
    "date": ("Date", "日期", "Date", "日期"),
    "seller": ("Seller", "出让方", "Seller", "出让方"),
    "buyer": ("Buyer", "受让方", "Buyer", "受让方"),
    "province": ("Province", "省份", "Province", "省份"),
    "asset": ("Asset", "资产类型", "Asset", "资产类型"),
    "principal": ("Principal", "本金", "Principal", "本金"),
    "principal_short": ("Princ.", "本金", "Princ.", "本金"),
    "province_short": ("Pv", "省", "Pv", "省"),
    "status_short": ("St.", "状态", "St.", "状态"),
    "overdue": ("Overdue d", "逾期天数", "Overdue d", "逾期天数"),
    "status": ("Status", "状态", "Status", "状态"),
    "unknown": ("unknown", "未知", "unknown", "未知"),
    "source": ("Source", "来源", "Source", "来源"),
    "as_of": ("as of", "截至", "as of", "截至"),
    "loading": ("loading…", "加载中…", "loading…", "加载中…"),
    "balance_short": ("Balance", "不良余额", "Balance", "不良余额"),
    "coverage_short": ("Coverage", "拨备覆盖率", "Coverage", "拨备覆盖率"),
    "provinces_short": ("Provinces", "省份", "Provinces", "省份"),
    "no_data": ("no data in this snapshot", "本快照无数据", "no data in this snapshot", "本快照无数据"),
    "no_data_yet": ("no data loaded yet", "尚未加载数据", "no data loaded yet", "尚未加载数据"),
    "no_data_failed": ("no data — see status line", "无数据 — 见状态栏", "no data — see status line", "无数据 — 见状态栏"),
    "change_qoq": ("q/q", "环比", "q/q", "环比"),
    "by_type": ("By bank type", "按银行类型", "By bank type", "按银行类型"),
    "since": ("since", "自", "since", "自"),
    "stale": ("STALE", "已过期", "STALE", "已过期"),
    "error": ("error", "错误", "error", "错误"),
    "loaded": ("loaded", "加载于", "loaded", "加载于"),
    "fetched": ("fetched", "获取于", "fetched", "获取于"),
    "newest_fact": ("newest fact", "最新数据", "newest fact", "最新数据"),
    "derived_note": ("d derived by us", "d 推算值", "d derived by us", "d 推算值"),
    "filter": ("filter", "筛选", "filter", "筛选"),
    "new": ("new", "新", "new", "新"),
    "year": ("year", "年", "year", "年"),
    "range": ("range", "区间", "range", "区间"),
    "points": ("pts", "点", "pts", "点"),
    "na_new_basis": ("n/a (new basis)", "不适用(新口径)", "n/a (new basis)", "不适用(新口径)"),
    "revised_basis": ("revised basis", "口径调整", "revised basis", "口径调整"),
    "break_note": ("new basis: not a move", "口径调整，非市场变动", "new basis: not a move", "口径调整，非市场变动"),
    "suspect_omitted": ("{n} suspect", "{n}个存疑", "{n} suspect", "{n}个存疑"),
    # the status line
    "status.updated": ("updated", "更新于", "updated", "更新于"),
    "status.checked": ("checked", "检查于", "checked", "检查于"),
    "status.unchanged": ("unchanged", "未变", "unchanged", "未变"),
    "status.result_updated": ("updated", "已更新", "updated", "已更新"),
    "status.next": ("next", "下次", "next", "下次"),
    "status.checking": ("checking…", "检查中…", "checking…", "检查中…"),
    "status.not_checked": ("no successful check yet", "尚无成功检查", "no successful check yet", "尚无成功检查"),
    "status.failed": ("failed", "失败于", "failed", "失败于"),
    "status.warning": ("warning", "警告", "warning", "警告"),
    "status.newest": ("newest", "最新", "newest", "最新"),
    "status.history": ("HISTORY as of {day}", "历史 截至 {day}", "HISTORY {day}", "历史 {day}"),
    "status.generated": (" (snapshot generated {when})", "（快照生成于 {when}）", " (generated {when})", "（生成于 {when}）"),
    "status.seen": ("seen", "记录于", "seen", "记录于"),
    # notifications
    "notice.config": ("Config file", "配置文件", "Config file", "配置文件"),
    "notice.more": ("… and {n} more, all in the log file", "……另有 {n} 条，全部见日志文件",
                    "… and {n} more, all in the log file", "……另有 {n} 条，全部见日志文件"),
    # the history screen (h)
    "history.title": ("History: the market as it stood", "历史：过去的市场快照", "History", "历史"),
    "history.live": ("Live: the current data", "实时：当前数据", "Live", "实时"),
    "history.hint": ("↑↓ move · Enter show · Esc close", "↑↓ 选择 · 回车 显示 · Esc 关闭", "↑↓ move · Enter show · Esc close", "↑↓ 选择 · 回车 显示 · Esc 关闭"),
    "history.empty": ("No snapshot in the history yet: each new one the monitor gets is kept.", "历史中尚无快照：监视器获得的每个新快照都会保存。",
                      "No snapshot in the history yet.", "历史中尚无快照。"),
    "history.loading": ("reading the history…", "正在读取历史…", "reading the history…", "正在读取历史…"),
    "history.seen": ("seen", "记录于", "seen", "记录于"),
    "history.generated": ("generated", "生成于", "generated", "生成于"),
    "history.shown": ("on screen", "当前显示", "on screen", "当前显示"),
    "history.no_refresh": ("A past snapshot is never refreshed: h, then Live, returns to the current data.",
                           "历史快照不会刷新：按 h 选择“实时”返回当前数据。",
                           "A past snapshot is never refreshed.", "历史快照不会刷新。"),
    # the sources screen: flag letters
    "flag.d": ("derived by us from published figures (how: see note)", "由公开数据推算（方法见备注）", "derived by us from published figures (how: see note)", "由公开数据推算（方法见备注）"),
    "flag.r": ("revised since first published", "首次公布后经修订", "revised since first published", "首次公布后经修订"),
    "flag.s": ("suspect: the data flags this figure as likely wrong, so it is never plotted", "存疑：数据本身标注该数可能有误，因此不绘制", "suspect: the data flags this figure as likely wrong, so it is never plotted", "存疑：数据本身标注该数可能有误，因此不绘制"),
    "flag.b": ("new basis from this period: no change is shown across it", "自本期起口径调整：不计算跨期变化", "new basis from this period: no change is shown across it", "自本期起口径调整：不计算跨期变化"),
    # an announcement's fields
    "field.title": ("Title", "标题", "Title", "标题"),
    "field.date": ("Date", "日期", "Date", "日期"),
    "field.date_precision": ("Date given to", "日期精确到", "Date given to", "日期精确到"),
    "field.as_of": ("As of", "截至", "As of", "截至"),
    "field.kind": ("Kind", "类型", "Kind", "类型"),
    "field.status": ("Status", "状态", "Status", "状态"),
    "field.seller": ("Seller", "出让方", "Seller", "出让方"),
    "field.seller_zh": ("Seller (Chinese)", "出让方（中文）", "Seller (Chinese)", "出让方（中文）"),
    "field.seller_type": ("Seller type", "出让方类型", "Seller type", "出让方类型"),
    "field.branch": ("Branch", "分支机构", "Branch", "分支机构"),
    "field.buyer": ("Buyer", "受让方", "Buyer", "受让方"),
    "field.buyer_zh": ("Buyer (Chinese)", "受让方（中文）", "Buyer (Chinese)", "受让方（中文）"),
    "field.province_code": ("Province", "省份", "Province", "省份"),
    "field.city": ("City", "城市", "City", "城市"),
    "field.asset_type": ("Asset type", "资产类型", "Asset type", "资产类型"),
    "field.base_date": ("Base date", "交易基准日", "Base date", "交易基准日"),
    "field.principal_yi": ("Principal", "未偿本金", "Principal", "未偿本金"),
    "field.interest_yi": ("Interest", "未偿利息", "Interest", "未偿利息"),
    "field.total_yi": ("Principal + interest", "未偿本息总额", "Principal + interest", "未偿本息总额"),
    "field.other_fees_yi": ("Other fees", "其他费用", "Other fees", "其他费用"),
    "field.amount_yi": ("Amount", "金额", "Amount", "金额"),
    "field.starting_price_yi": ("Starting price", "起始价", "Starting price", "起始价"),
    "field.deal_price_yi": ("Deal price", "成交价格", "Deal price", "成交价格"),
    "field.signed_date": ("Signed", "转让协议签署日期", "Signed", "转让协议签署日期"),
    "field.borrowers": ("Borrowers", "借款人户数", "Borrowers", "借款人户数"),
    "field.loans": ("Loans", "资产笔数", "Loans", "资产笔数"),
    "field.overdue_days": ("Avg days overdue", "加权平均逾期天数", "Avg days overdue", "加权平均逾期天数"),
    "field.max_borrower_balance_yi": ("Largest borrower (P+I)", "单户最高未偿本息", "Largest borrower (P+I)", "单户最高未偿本息"),
    "field.avg_borrower_balance_yi": ("Avg per borrower (P+I)", "户均未偿本息", "Avg per borrower (P+I)", "户均未偿本息"),
    "field.avg_credit_line_yi": ("Avg credit line", "加权平均授信额度", "Avg credit line", "加权平均授信额度"),
    "field.borrower_avg_age": ("Avg borrower age", "借款人加权平均年龄", "Avg borrower age", "借款人加权平均年龄"),
    "field.classification": ("Five-category class", "五级分类", "Five-category class", "五级分类"),
    "field.written_off": ("Written off", "已核销", "Written off", "已核销"),
    "field.guarantee": ("Guarantee", "担保情况", "Guarantee", "担保情况"),
    "field.litigation": ("Litigation", "诉讼情况", "Litigation", "诉讼情况"),
    "field.transfer_method": ("Transfer method", "转让方式", "Transfer method", "转让方式"),
    "field.bidding_method": ("Bidding method", "竞价方式", "Bidding method", "竞价方式"),
    "field.registration_deadline": ("Registration closes", "竞价报名截止时间", "Registration closes", "竞价报名截止时间"),
    "field.auction_date": ("Auction day", "竞价日", "Auction day", "竞价日"),
    "field.bidding_start": ("Bidding opens", "自由竞价开始时间", "Bidding opens", "自由竞价开始时间"),
    "field.bidding_end": ("Bidding closes", "自由竞价结束时间", "Bidding closes", "自由竞价结束时间"),
    "field.extension_minutes": ("Extension period", "延时周期", "Extension period", "延时周期"),
    "field.increment_yi": ("Bid increment", "加价幅度", "Bid increment", "加价幅度"),
    "field.project_id": ("Project no.", "项目编号", "Project no.", "项目编号"),
    "field.remark": ("Remark", "公告备注", "Remark", "公告备注"),
    "field.source": ("Source", "来源", "Source", "来源"),
    "field.note": ("Note", "备注", "Note", "备注"),
    "field.id": ("Record id", "记录编号", "Record id", "记录编号"),
    # units after counts
    "count_unit.overdue_days": ("days", "天", "days", "天"),
    "count_unit.borrower_avg_age": ("years", "岁", "years", "岁"),
    "count_unit.extension_minutes": ("min", "分钟", "min", "分钟"),
    "count_unit.written_off": ("loans", "笔", "loans", "笔"),
    # help
    "help.global": ("Everywhere", "全局", "Everywhere", "全局"),
    "help.screen": ("This screen", "本屏", "This screen", "本屏"),
    "help.pane": ("This pane", "本窗格", "This pane", "本窗格"),
    "help.title": ("Keys on this screen", "本屏按键", "Keys on this screen", "本屏按键"),
    "help.subtitle": ("Esc closes", "Esc 关闭", "Esc closes", "Esc 关闭"),
    # the sources screen
    "sources.legend": ("d derived · r revised · s suspect, not plotted · b new basis", "d 推算 · r 修订 · s 存疑，未绘制 · b 口径调整",
                       "d derived · r revised · s suspect, not plotted · b new basis", "d 推算 · r 修订 · s 存疑，未绘制 · b 口径调整"),
    "sources.heads": ("Figure|Value|Period|As of||Source", "指标|数值|期间|截至||来源", "Figure|Value|Period|As of||Source", "指标|数值|期间|截至||来源"),
    "sources.none": ("No figures on this pane yet.", "没有数据。", "No figures on this pane yet.", "没有数据。"),
    "sources.first_published": ("first published as", "首次公布值", "first published as", "首次公布值"),
    "sources.source": ("source", "来源", "source", "来源"),
    "sources.note": ("note", "备注", "note", "备注"),
    "sources.title": ("Sources · {what}", "来源 · {what}", "Sources · {what}", "来源 · {what}"),
    "sources.discounts": ("discount rates (latest point of each series)", "折扣率", "discount rates", "折扣率"),
    "sources.ratio": ("NPL ratio pane", "不良贷款率", "NPL ratio", "不良贷款率"),
    "sources.national": ("China · national market figures", "全国 · 全国市场数据", "China · national figures", "全国 · 全国市场数据"),
    # the province picker
    "picker.title": ("Go to province", "前往省份", "Go to province", "前往省份"),
    "picker.placeholder": ("name, pinyin, 中文, ZJ or 330000", "浙江 / zhejiang / ZJ / 330000", "name, pinyin, 中文, ZJ or 330000", "浙江 / zhejiang / ZJ / 330000"),
    "picker.hint": ("↑↓ move · Enter open · Esc cancel", "↑↓ 选择 · 回车 打开 · Esc 取消", "↑↓ move · Enter open · Esc cancel", "↑↓ 选择 · 回车 打开 · Esc 取消"),
    "picker.data": ("data", "有数据", "data", "有数据"),
    "picker.no_data": ("no data", "无数据", "no data", "无数据"),
    "picker.no_match": ("No province matches", "没有匹配的省份", "No province matches", "没有匹配的省份"),
    # charts
    "chart.to_scale": ("Bars to scale from 0", "条形自0起按比例", "Bars to scale from 0", "条形自0起按比例"),
    "chart.in_unit": (", in {unit}", "，单位 {unit}", ", in {unit}", "，单位 {unit}"),
    "chart.bounds": (" · (>) lower bound {lower}, (<) upper bound {upper}", " · (>) 下限 {lower}，(<) 上限 {upper}",
                     " · (>) lower bound {lower}, (<) upper bound {upper}", " · (>) 下限 {lower}，(<) 上限 {upper}"),
    # the ratio pane and the announcement record
    "change_yoy": ("y/y", "同比", "y/y", "同比"),
    "deal": ("deal", "交易", "deal", "交易"),
    # the province screen
    "figures": ("Figures", "数据", "Figures", "数据"),
    "cities": ("Cities", "城市", "Cities", "城市"),
    "chart": ("Chart", "图表", "Chart", "图表"),
    "year_head": ("Year", "年份", "Year", "年份"),
    "metric": ("Metric", "指标", "Metric", "指标"),
    "value": ("Value", "数值", "Value", "数值"),
    "rank": ("Rank", "排名", "Rank", "排名"),
    "as_of_head": ("As of", "截至", "As of", "截至"),
    "city": ("City", "城市", "City", "城市"),
    "ann": ("Ann.", "公告", "Ann.", "公告"),
    "period": ("Period", "期间", "Period", "期间"),
    "series": ("Series", "系列", "Series", "系列"),
    "basis": ("Basis", "基准", "Basis", "基准"),
    "n": ("n", "样本", "n", "样本"),
    "note": ("Note", "备注", "Note", "备注"),
    "derived": ("d after a figure: derived by us from published figures (i: how)", "数值后的 d：由公开数据推算（按 i 查看方法）", "d after a figure: derived by us from published figures (i: how)", "数值后的 d：由公开数据推算（按 i 查看方法）"),
    "no_province_data": ("The snapshot has no figures for {name}.", "快照中没有{name}的数据。", "The snapshot has no figures for {name}.", "快照中没有{name}的数据。"),
    "no_figures": ("No province-level figures in this snapshot.", "快照中没有省级数据。", "No province-level figures in this snapshot.", "快照中没有省级数据。"),
    "no_cities": ("No city-level figures in this snapshot.", "快照中没有城市级数据。", "No city-level figures in this snapshot.", "快照中没有城市级数据。"),
    "no_announcements": ("No announcements for {name} in this snapshot.", "快照中没有{name}的转让公告。", "No announcements for {name} in this snapshot.", "快照中没有{name}的转让公告。"),
    "no_discounts": ("No discount series published for {name}.", "没有{name}的折扣率数据。", "No discount series published for {name}.", "没有{name}的折扣率数据。"),
    "no_chart": ("Nothing to chart for {name}: no series with two or more points.", "{name}没有可绘制的数据（需至少两个数据点）。", "Nothing to chart for {name}: no series with two or more points.", "{name}没有可绘制的数据（需至少两个数据点）。"),
    "city_only": ("Showing {city} — Esc shows the whole province", "仅显示{city} — 按 Esc 返回全省", "Showing {city} — Esc shows the whole province", "仅显示{city} — 按 Esc 返回全省"),
    "city_no_ann": ("No announcements name {city}; showing all of {name}.", "没有提及{city}的公告；显示{name}全部公告。", "No announcements name {city}; showing all of {name}.", "没有提及{city}的公告；显示{name}全部公告。"),
    "national": ("China", "全国", "China", "全国"),
    "share": ("Share", "占全国", "Share", "占全国"),
    "national_note": ("China: the national figure; Share: the province's part of it", "全国：全国数据；占全国：本省所占比例", "China: the national figure; Share: the province's part of it", "全国：全国数据；占全国：本省所占比例"),
    "amount_note": ("Principal unless marked: P+I claim, deal price, start(ing) price, book value, appr(aised) value, amt? kind not stated", "未标注者为本金；本息＝债权本息，成交＝成交价，起拍＝起拍价，账面＝账面价值，评估＝评估价，金额?＝类型未注明", "Principal unless marked: P+I claim, deal price, start(ing) price, book value, appr(aised) value, amt? kind not stated", "未标注者为本金；本息＝债权本息，成交＝成交价，起拍＝起拍价，账面＝账面价值，评估＝评估价，金额?＝类型未注明"),
    "unless_marked": ("Principal unless marked", "未标注者为本金", "Principal unless marked", "未标注者为本金"),
    "suspect": ("suspect", "存疑", "suspect", "存疑"),
    "suspect_note": ("suspect: the data flags the figure as likely wrong", "存疑：数据本身标注该数可能有误", "suspect: the data flags the figure as likely wrong", "存疑：数据本身标注该数可能有误"),
    "chart_of": ("{i}/{n} · c: next chart", "{i}/{n} · c：下一张图", "{i}/{n} · c: next chart", "{i}/{n} · c：下一张图"),
    "bounds": ("(>) lower bound, (<) upper bound", "(>) 下限，(<) 上限", "(>) lower bound, (<) upper bound", "(>) 下限，(<) 上限"),
    "enter_opens": ("Enter: open", "回车：打开", "Enter: open", "回车：打开"),
    "n_figures": ("{n} figures", "{n}项数据", "{n} figures", "{n}项数据"),
    "n_cities": ("{n} cities", "{n}个城市", "{n} cities", "{n}个城市"),
    "n_announcements": ("{n} announcements", "{n}条公告", "{n} announcements", "{n}条公告"),
    "n_discounts": ("{n} discount points", "{n}条折扣率", "{n} discount points", "{n}条折扣率"),
    "amount_note_title": ("Amounts", "金额", "Amounts", "金额"),
    "national_note_title": ("China and Share", "全国与占全国", "China and Share", "全国与占全国"),
    "suspect_note_title": ("Suspect", "存疑", "Suspect", "存疑"),
    "derived_title": ("Derived (d)", "推算（d）", "Derived (d)", "推算（d）"),
    "bounds_title": ("Bounds", "上下限", "Bounds", "上下限"),
    "empty_hint": ("g: go to another province · Esc: back", "g：前往其他省份 · Esc：返回", "g: go to another province · Esc: back", "g：前往其他省份 · Esc：返回"),
    # what is new since the user last looked (status line, What's new)
    "unseen.new": ("{n} new", "{n} 条新", "{n} new", "{n}新"),
    "unseen.revised": ("{n} revised", "{n} 条修订", "{n} rev.", "{n}修订"),
    "whatsnew.title": ("What's new since you last looked", "上次查看以来的新变化", "What's new", "新变化"),
    "whatsnew.new": ("new", "新增", "new", "新增"),
    "whatsnew.revised": ("revised", "修订", "revised", "修订"),
    "whatsnew.none": ("Nothing new since you last looked.", "上次查看以来没有新变化。", "Nothing new since you last looked.", "上次查看以来没有新变化。"),
    "whatsnew.hint": ("Enter: go there · shown here counts as seen", "回车：前往 · 在此显示即计为已读", "Enter: go there", "回车：前往"),
    "whatsnew.was": ("seen", "已读时", "seen", "已读时"),
    "whatsnew.now": ("now", "现在", "now", "现在"),
    "whatsnew.alert": ("alert", "提醒", "alert", "提醒"),
    "whatsnew.old_unknown": ("(old values are not kept for a table this large)", "（表格过大，未保存旧值）", "(old values are not kept for a table this large)", "（表格过大，未保存旧值）"),
    "whatsnew.toast": ("{what} since you last looked · w: What's new", "上次查看以来：{what} · w：查看", "{what} since you last looked · w: What's new", "上次查看以来：{what} · w：查看"),
    "whatsnew.toast_newest": ("{what} since you last looked, newest: {name} · w: What's new", "上次查看以来：{what}，最新：{name} · w：查看", "{what} since you last looked, newest: {name} · w: What's new", "上次查看以来：{what}，最新：{name} · w：查看"),
    "whatsnew.toast_title": ("What's new", "新变化", "What's new", "新变化"),
    "table.announcements": ("Announcements", "转让公告", "Announcements", "转让公告"),
    "table.ratios": ("NPL ratios", "不良贷款率", "NPL ratios", "不良贷款率"),
    "table.provinces": ("Province figures", "省份数据", "Province figures", "省份数据"),
    "table.discount_rates": ("Discount rates", "折扣率", "Discount rates", "折扣率"),
    "col.value": ("value", "数值", "value", "数值"),
    "col.qualifier": ("bound", "限定", "bound", "限定"),
    "col.rank": ("rank", "排名", "rank", "排名"),
    "col.value_pct": ("value %", "数值%", "value %", "数值%"),
    "col.sample_size": ("sample size", "样本量", "sample size", "样本量"),
    "col.suspect": ("suspect", "存疑", "suspect", "存疑"),
    # alerts
    "alert.title": ("Alert", "提醒", "Alert", "提醒"),
    "alert.more": ("and {n} more alerts · w: What's new", "另有{n}条提醒 · w：查看", "and {n} more alerts · w: What's new", "另有{n}条提醒 · w：查看"),
    "alert.added": ("Alert added", "已添加提醒", "Alert added", "已添加提醒"),
    "alert.not_added": ("Alert not added", "未添加提醒", "Alert not added", "未添加提醒"),
    # the watchlist
    "watch.title": ("Watchlist", "自选", "Watchlist", "自选"),
    "watch.none": ("Nothing pinned yet: P pins the province, or the seller, under the cursor.", "尚未添加自选：按 P 添加光标所在的省份或出让方。", "Nothing pinned yet: P pins the province, or the seller, under the cursor.", "尚未添加自选：按 P 添加光标所在的省份或出让方。"),
    "watch.pinned": ("{name} pinned to the watchlist (W)", "已将{name}加入自选（W）", "{name} pinned to the watchlist (W)", "已将{name}加入自选（W）"),
    "watch.unpinned": ("{name} taken off the watchlist", "已将{name}移出自选", "{name} taken off the watchlist", "已将{name}移出自选"),
    "watch.not_saved": ("Watchlist not saved", "自选未保存", "Watchlist not saved", "自选未保存"),
    "watch.deals": ("deals: {n}", "交易：{n}笔", "deals: {n}", "交易：{n}笔"),
    "watch.newest": ("newest", "最新", "newest", "最新"),
    "watch.not_found": ("not in this snapshot", "本快照中没有", "not in this snapshot", "本快照中没有"),
    "watch.heads": ("Pinned|Deals|Newest announcement", "自选|交易|最新公告", "Pinned|Deals|Newest announcement", "自选|交易|最新公告"),
    "watch.hint": ("Enter: go there · P: unpin", "回车：前往 · P：移出", "Enter: go there · P: unpin", "回车：前往 · P：移出"),
    # export
    "export.done": ("{n} rows exported to {path}", "已导出{n}行至 {path}", "{n} rows exported to {path}", "已导出{n}行至 {path}"),
    "export.title": ("Export", "导出", "Export", "导出"),
    "export.failed": ("Export failed", "导出失败", "Export failed", "导出失败"),
    # notices
    "seen.title": ("What was seen", "已读记录", "What was seen", "已读记录"),
    "config.title": ("Config", "配置", "Config", "配置"),
}


def word(key: str, lang: str = "en", short: bool = False, **fill: str) -> str:
    """The screens' one lookup: *key* in *lang* (short: the narrow form), with
    ``{name}``-style blanks filled from *fill*. An unknown key is shown as it is."""
    names = WORDS.get(key)
    if names is None:
        return key
    text = names[(2 if short else 0) + (1 if lang == "zh" else 0)]
    return text.format(**fill) if fill else text
