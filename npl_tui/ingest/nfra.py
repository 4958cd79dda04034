"""Read the banking regulator's quarterly asset-quality release into ratios rows.

Each quarter the regulator — NFRA (国家金融监督管理总局) since 2023, CBIRC (中国银保监会)
2018–2023, CBRC (中国银监会) before — publishes its main supervisory indicators, and
Xinhua and many sites repost the paragraph on commercial banks word for word, in
simplified or traditional characters::

    2023年四季度末，商业银行不良贷款余额3.2万亿元，较上季末基本持平；商业银行不良贷款率
    1.59%，较上季末下降0.02个百分点。……商业银行拨备覆盖率为205.14%，较上季末下降2.74个百分点

:func:`read_release` reads such a page (HTML or plain text, any of UTF-8, GB18030/GBK
or Big5) into a :class:`Release`; :func:`ratio_rows` merges a release into the rows of
the ``ratios`` table. Pure functions: no network, no files, no Textual.

What is read, and only that: the figures for **commercial banks** (商业银行, the
legal-entity total) — the NPL balance, the NPL ratio and the provision coverage ratio,
with the stated change on the previous quarter of the first two. Figures for
银行业金融机构 (all banking institutions) and for one type of bank (大型商业银行,
股份制商业银行, 城商行, 农商行 …) are left out.

How a text is read:

* HTML is reduced to its text (tags dropped, entities decoded, ``<script>``/``<style>``
  skipped); the ``<title>`` is the document's title.
* Unicode NFKC folds full-width digits and punctuation (``１﹒４９％`` → ``1.49%``,
  ``，`` → ``,``); pinyin readings that some converters insert after a character
  (``業(yè)``) are dropped; the traditional characters the patterns rely on are mapped
  to simplified ones with :data:`TRAD_TO_SIMP` (a deliberately small table, not a
  general converter); whitespace is removed except between two ASCII letters or
  digits, so words broken across lines (``撥\\n備覆蓋率``) join again.
* The period is the quarter named nearest before the first figure: ``2023年四季度末``,
  ``2020年第三季末``, ``2019年二季度``, ``2022年末`` (Q4), ``2024年3月末``. A quarter
  without a year (``今年二季度末``, ``一季度末``, ``首季末``, ``去年四季度末``) takes
  its year from the same quarter named with a year elsewhere in the text, else from the
  page's date (the ``page_date`` argument, else the first full date printed on the
  page: the last such quarter to end before that date), else from ``period``.
* Balances are converted to 亿元 exactly as printed: ``3.2万亿元`` and ``3.2兆元``
  (Taiwanese usage) are 32000, ``32000亿元`` is 32000.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from urllib.parse import urlsplit

from ..core.schema import BANK_TYPES, RATIO_METRICS, RATIOS
from .records import DocumentRef, IngestError

__all__ = [
    "CBIRC",
    "CBRC",
    "NFRA",
    "TRAD_TO_SIMP",
    "Release",
    "normalise",
    "quarter_end",
    "ratio_rows",
    "read_release",
]

NFRA = "NFRA (国家金融监督管理总局)"
CBIRC = "CBIRC (中国银保监会)"
CBRC = "CBRC (中国银监会)"

#: The regulators' own sites: a page from one of these is the regulator's publication,
#: a page from anywhere else is a repost.
_REGULATOR_HOSTS = ("nfra.gov.cn", "cbirc.gov.cn", "cbrc.gov.cn")

#: Traditional → simplified, for exactly the characters the patterns below use: the
#: figures' labels (商業銀行不良貸款餘額, 撥備覆蓋率), units (萬億, 億), the change
#: (較上季末減少 … 個百分點), the bank types that are left out (農村, 民營, 外資,
#: 國有, 銀行業金融機構), the regulators' names (監管總局, 銀保監會, 委員會) and the
#: date labels (時間, 發佈, 來源). Characters that are the same in both scripts (不, 良,
#: 率, 季, 度, 末, 兆 …) need no entry. A general converter is not needed: nothing else
#: in the text is read.
TRAD_TO_SIMP: dict[str, str] = {
    "業": "业", "銀": "银", "貸": "贷", "餘": "余", "額": "额",
    "撥": "拨", "備": "备", "蓋": "盖",
    "較": "较", "與": "与", "減": "减", "個": "个", "點": "点", "為": "为", "達": "达",
    "萬": "万", "億": "亿", "幣": "币",
    "農": "农", "營": "营", "資": "资", "國": "国", "機": "机", "構": "构",
    "監": "监", "總": "总", "會": "会", "員": "员",
    "時": "时", "間": "间", "發": "发", "佈": "布", "來": "来",
}  # fmt: skip
_T2S = str.maketrans(TRAD_TO_SIMP)

# A pinyin reading in brackets: lower-case letters with at least one tone mark.
_PINYIN = re.compile(r"\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,8}\)")
_SPACE = re.compile(r"\s+")
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def normalise(text: str) -> str:
    """The text the patterns read: NFKC, no pinyin readings, the characters in
    :data:`TRAD_TO_SIMP` simplified, whitespace kept only between ASCII letters/digits."""
    text = unicodedata.normalize("NFKC", text)
    text = _PINYIN.sub("", text)
    text = text.translate(_T2S)

    def space(m: re.Match[str]) -> str:
        s, a, b = m.string, m.start(), m.end()
        if a > 0 and b < len(s) and s[a - 1] in _ASCII_ALNUM and s[b] in _ASCII_ALNUM:
            return " "
        return ""

    return _SPACE.sub(space, text)


# --------------------------------------------------------------------------- the release


@dataclass(frozen=True)
class Release:
    """What one release says about commercial banks at one quarter end."""

    period: str  # "2023Q4"
    npl_ratio_pct: float | None
    npl_balance_yi: float | None  # 亿元
    provision_coverage_pct: float | None
    ratio_change_pp: float | None  # stated change on the previous quarter, signed (下降 = negative)
    balance_change_yi: float | None  # stated change on the previous quarter, signed, 亿元
    doc: DocumentRef
    #: each figure as printed (after :func:`normalise`), by metric or change field:
    #: {"npl_balance_yi": "3.2万亿元", "npl_ratio_pct": "1.59%", "ratio_change_pp": "下降0.02个百分点"}.
    #: The number of decimals printed is the figure's precision.
    printed: dict[str, str] = field(default_factory=dict)

    def figures(self) -> dict[str, float]:
        """The metrics the release states, by ``ratios`` metric name."""
        values = {
            "npl_ratio_pct": self.npl_ratio_pct,
            "npl_balance_yi": self.npl_balance_yi,
            "provision_coverage_pct": self.provision_coverage_pct,
        }
        return {k: v for k, v in values.items() if v is not None}


# --------------------------------------------------------------------------- bytes → text


class _HTMLText(HTMLParser):
    """The text of an HTML page, one block per line, and its <title> / first <h1>."""

    _SKIP = frozenset({"script", "style", "noscript", "template"})
    _BLOCK = frozenset({
        "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
        "title", "section", "article", "header", "footer", "table", "ul", "ol", "dd", "dt",
    })  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.h1 = ""
        self._skip = 0
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in ("title", "h1"):
            self._in = tag
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        if tag == self._in:
            self._in = None
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in == "title":
            self.title += data
            return  # the <title> is the document's name, not its text
        if self._in == "h1":
            self.h1 += data
        self.parts.append(data)


_HTML_TAG = re.compile(r"<(?:!doctype|html|head|body|meta|title|div|p|br|span|a|table|h[1-6])\b", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CHARSET_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "cp936": "gb18030", "gb18030": "gb18030", "big5": "big5hkscs", "big5-hkscs": "big5hkscs",
    "cp950": "big5hkscs", "utf-8": "utf-8", "utf8": "utf-8",
}  # fmt: skip
_KEY_TERMS = ("商业银行", "不良贷款", "拨备覆盖率", "季度末", "季末", "万亿")


def _score(text: str) -> int:
    norm = normalise(text)
    return sum(norm.count(term) for term in _KEY_TERMS)


def _decode(data: bytes) -> str:
    """Bytes to text: a BOM, else the charset an HTML page declares, else UTF-8, else
    whichever of GB18030 and Big5 decodes cleanly and reads more like a release."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        named = _CHARSET_ALIASES.get(declared.group(1).decode("ascii").lower())
        if named:
            try:
                return data.decode(named)
            except UnicodeDecodeError:
                pass  # a wrong declaration: guess below
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = []
    for codec in ("gb18030", "big5hkscs"):
        try:
            candidates.append(data.decode(codec))
        except UnicodeDecodeError:
            continue
    if not candidates:
        return data.decode("gb18030", errors="replace")
    return max(candidates, key=_score)  # max keeps the first (GB18030) on a tie


# --------------------------------------------------------------------------- patterns

_NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_PAREN = r"(?:\([^()]{0,20}\))?"
# 商业银行, but not 大型/股份制/城市/农村/民营/外资商业银行 (one type of bank).
_COMMERCIAL = r"(?<![型制市村营资])商业银行" + _PAREN + r"的?"
_CHANGE = (
    r"(?P<cmp>较|比|与)(?P<ref>上一?季度末|前一季度末|上季末|上季|上年末|上年底|年初|第?[一二三四]季度?末)"
    r"(?:的[\d.]+%?)?(?P<verb>基本持平|持平|增加|减少|上升|下降|提高|降低)了?"
    r"(?:" + _NUM.replace("(", "(?P<num>", 1) + r"(?P<unit>个百分点|万亿元|亿元|万亿|亿))?"
)
_BALANCE = re.compile(
    _COMMERCIAL + r"不良贷款余额(?:为|达|是)?(?:人民币)?" + _PAREN + _NUM + r"(万亿|兆|亿)元?"
    r"(?:" + _PAREN + r"[,;]?" + _CHANGE + r")?"
)
_RATIO = re.compile(
    _COMMERCIAL + r"不良贷款率(?:为|达|是|上升至|下降至|升至|降至)?" + _NUM + r"%"
    r"(?:[,;]?" + _CHANGE + r")?"
)
_COVERAGE = re.compile(r"拨备覆盖率(?:为|达|是|上升至|下降至|升至|降至)?" + _NUM + r"%")
# In a provision-coverage sentence, these mean the figure is not the commercial-bank total.
_OTHER_BANKS = re.compile(
    r"大型商业银行|大型银行|国有大行|国有商业银行|股份制|股份行|城市商业银行|城商行|农村商业银行|"
    r"农商行|农村合作|农信|民营银行|外资银行|银行业金融机构"
)
_SENTENCE_END = "。!?\n"

_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "首": 1, "1": 1, "2": 2, "3": 3, "4": 4}
_EXPLICIT = re.compile(
    r"(?P<y>(?:19|20)\d{2})年(?:"
    r"第?(?P<q>[一二三四1-4])季度?末?"
    r"|(?P<ye>末|底)"
    r"|(?P<h1>上半年末)"
    r"|(?P<m>3|6|9|12|03|06|09)月末"
    r")"
)
_RELATIVE = re.compile(r"(?P<rel>今年|去年|上年)?(?:第)?(?P<q>[一二三四首1-4])季度?末|(?P<h1>上半年末)")
_DATES = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日"),
)
_PERIOD = re.compile(r"(\d{4})Q([1-4])")
# A quarter right after one of these is what the figure is compared with (较上年末,
# 比2023年一季度末), not the quarter the release is about.
_COMPARED = "较比与从由自"
_TITLE_LABEL = re.compile(r"^(?:时间|发布时间|发表时间|发布日期|日期|来源|作者|编辑|责任编辑|本文网址|原始连接)[:：]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def quarter_end(period: str) -> dt.date:
    """The last day of a quarter: ``"2023Q4"`` → 2023-12-31."""
    year, q = int(period[:4]), int(period[5])
    return dt.date(year, 3 * q, 31 if q in (1, 4) else 30)


def _dec(num: str) -> Decimal:
    return Decimal(num.replace(",", ""))


# --------------------------------------------------------------------------- reading


@dataclass
class _Figure:
    value: Decimal
    printed: str
    change: Decimal | None = None
    change_printed: str = ""


def _change(m: re.Match[str], quarter: int | None, *, pp: bool) -> tuple[Decimal | None, str]:
    """The stated change on the previous quarter from a matched change clause, or None
    when the clause compares with something else (the year start, outside Q1)."""
    if not m.group("verb"):
        return None, ""
    ref, verb = m.group("ref"), m.group("verb")
    printed = m.group(0)[m.start("cmp") - m.start(0):]
    if ref in ("上季度末", "上一季度末", "前一季度末", "上季末", "上季"):
        quarterly = True
    elif ref in ("上年末", "上年底", "年初"):
        quarterly = quarter == 1
    else:  # 第二季末, 二季度末: the quarter before this one
        named = _Q[ref.strip("第季度末")]
        quarterly = quarter is not None and named == (quarter - 1 or 4)
    if not quarterly:
        return None, printed
    if verb == "持平":
        return Decimal(0), printed
    if verb == "基本持平" or not m.group("num"):
        return None, printed  # "roughly unchanged" states no figure
    unit = m.group("unit")
    if pp != (unit == "个百分点"):
        return None, printed
    amount = _dec(m.group("num")) * (10000 if unit and unit.startswith("万亿") else 1)
    return (-amount if verb in ("减少", "下降", "降低") else amount), printed


def _coverage_is_commercial(text: str, start: int) -> bool:
    """A 拨备覆盖率 figure is the commercial-bank total when its sentence, up to the
    figure, names no other kind of institution (and either names 商业银行 or none)."""
    begin = max(text.rfind(ch, 0, start) for ch in _SENTENCE_END) + 1
    return not _OTHER_BANKS.search(text[begin:start])


def _single(where: str, label: str, figures: list[_Figure]) -> _Figure | None:
    if not figures:
        return None
    values = sorted({f.value for f in figures})
    if len(values) > 1:
        shown = " and ".join(f.printed for f in figures if f.value in values[:2])
        raise IngestError(f"{where}: the text gives two different commercial-bank {label}s: {shown}")
    with_change = [f for f in figures if f.change is not None or f.change_printed]
    return with_change[0] if with_change else figures[0]


@dataclass
class _Mention:
    start: int
    end: int
    quarter: int
    year: int | None  # None: a quarter without a year
    relative: str  # 今年 / 去年 / 上年 / ""
    text: str


def _mentions(text: str) -> list[_Mention]:
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    for m in _EXPLICIT.finditer(text):
        taken.append((m.start(), m.end()))
        if m.start() > 0 and text[m.start() - 1] in _COMPARED:
            continue  # 比2023年一季度末下降: a comparison, not the release's own quarter
        if m.group("q"):
            q = _Q[m.group("q")]
        elif m.group("ye"):
            q = 4
        elif m.group("h1"):
            q = 2
        else:
            q = int(m.group("m")) // 3
        found.append(_Mention(m.start(), m.end(), q, int(m.group("y")), "", m.group(0)))
    for m in _RELATIVE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        if m.start() > 0 and text[m.start() - 1] in _COMPARED:
            continue  # 较第二季末增加: a comparison, not the release's own quarter
        q = 2 if m.group("h1") else _Q[m.group("q")]
        found.append(_Mention(m.start(), m.end(), q, None, m.group("rel") or "", m.group(0)))
    return sorted(found, key=lambda x: x.start)


def _date_on_page(text: str) -> dt.date | None:
    best: tuple[int, dt.date] | None = None
    for pattern in _DATES:
        for m in pattern.finditer(text):
            try:
                d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), d)
            break
    return best[1] if best else None


def _period(
    where: str,
    text: str,
    anchor: int,
    period: str | None,
    page_date: dt.date | None,
) -> str:
    mentions = _mentions(text)
    before = [m for m in mentions if m.start < anchor]
    chosen = before[-1] if before else next(iter(mentions), None)
    found: str | None = None
    if chosen is not None and chosen.year is not None:
        found = f"{chosen.year}Q{chosen.quarter}"
    elif chosen is not None:
        same = [m for m in mentions if m.year is not None and m.quarter == chosen.quarter]
        if same and chosen.relative not in ("去年", "上年"):
            nearest = min(same, key=lambda m: abs(m.start - chosen.start))
            found = f"{nearest.year}Q{chosen.quarter}"
        elif page_date is not None:
            year = page_date.year - (1 if chosen.relative in ("去年", "上年") else 0)
            if quarter_end(f"{year}Q{chosen.quarter}") >= page_date:
                year -= 1  # a release comes out after its quarter ends
            found = f"{year}Q{chosen.quarter}"
        elif period is not None:
            if int(period[5]) != chosen.quarter:
                raise IngestError(
                    f"{where}: the text is for Q{chosen.quarter} ({chosen.text}) but --period is {period}"
                )
            return period
    if found is None:
        if period is None:
            raise IngestError(f"{where}: no period in the text; pass --period YYYYQn")
        return period
    if period is not None and period != found:
        raise IngestError(f"{where}: the text is for {found} but --period is {period}")
    return found


def _title_of_text(lines: list[str]) -> str:
    """A plain text's title: its first short line before the body starts (a heading
    does not end like a sentence), skipping date/source label lines; else ""."""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        norm = normalise(line)
        if len(line) > 80 or norm.endswith(("。", ",", ";", ":")):
            return ""
        if not _CJK.search(line) or _TITLE_LABEL.match(norm):
            continue
        return line
    return ""


def _regulator(text: str, period: str) -> str:
    if re.search(r"金融监管总局|金监总局|国家金融监督管理总局", text):
        return NFRA
    if re.search(r"银保监|银行保险监督管理委员会", text):
        return CBIRC
    if re.search(r"银监会|银行业监督管理委员会", text):
        return CBRC
    return NFRA if period >= "2023Q1" else CBIRC if period >= "2018Q1" else CBRC


def _publisher(regulator: str, url: str) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    if not host or host.endswith(_REGULATOR_HOSTS):
        return regulator
    return f"{host.removeprefix('www.')} reposting {regulator}"


def read_release(
    data: bytes | str,
    *,
    where: str,
    url: str = "",
    period: str | None = None,
    page_date: dt.date | None = None,
) -> Release:
    """Read one release page (HTML or text, bytes in any common Chinese encoding, or
    str) into a :class:`Release`.

    ``where`` names the input in errors; ``url`` is where the page came from (it names
    the reposting site in the citation); ``period`` ("YYYYQn") is used when the text
    names no year, and must agree with the text when it does; ``page_date`` is the
    page's own date (else the first full date printed on the page is taken).

    Raises :class:`IngestError` ("<where>: …") for a text with no commercial-bank
    figures, with no period, or whose period disagrees with ``period``.
    """
    if period is not None and not _PERIOD.fullmatch(period):
        raise IngestError(f"{where}: --period {period!r} is not a quarter YYYYQn")
    sha = hashlib.sha256(data).hexdigest() if isinstance(data, bytes) else ""
    raw = _decode(data) if isinstance(data, bytes) else data
    title = ""
    if _HTML_TAG.search(raw):
        parser = _HTMLText()
        parser.feed(raw)
        parser.close()
        body = "".join(parser.parts)
        title = " ".join((parser.title or parser.h1).split())
        if not title:
            title = _title_of_text(body.splitlines())
    else:
        body = raw
        title = _title_of_text(body.splitlines())
    text = normalise(body)

    balances: list[tuple[re.Match[str], _Figure]] = []
    ratios: list[tuple[re.Match[str], _Figure]] = []
    coverages: list[tuple[re.Match[str], _Figure]] = []
    for m in _BALANCE.finditer(text):
        unit = m.group(2)
        value = _dec(m.group(1)) * (10000 if unit in ("万亿", "兆") else 1)
        balances.append((m, _Figure(value, f"{m.group(1)}{unit}元")))
    for m in _RATIO.finditer(text):
        ratios.append((m, _Figure(_dec(m.group(1)), f"{m.group(1)}%")))
    for m in _COVERAGE.finditer(text):
        if _coverage_is_commercial(text, m.start()):
            coverages.append((m, _Figure(_dec(m.group(1)), f"{m.group(1)}%")))
    starts = [m.start() for m, _ in balances + ratios + coverages]
    if not starts:
        raise IngestError(
            f"{where}: not an NPL release: no commercial-bank NPL ratio, balance or provision coverage found"
        )
    found_date = page_date or _date_on_page(text)
    quarter_period = _period(where, text, min(starts), period, found_date)
    quarter = int(quarter_period[5])
    for matches, pp in ((balances, False), (ratios, True)):
        for m, fig in matches:
            fig.change, fig.change_printed = _change(m, quarter, pp=pp)

    balance = _single(where, "NPL balance", [f for _, f in balances])
    ratio = _single(where, "NPL ratio", [f for _, f in ratios])
    coverage = _single(where, "provision coverage", [f for _, f in coverages])

    printed: dict[str, str] = {}
    if balance is not None:
        printed["npl_balance_yi"] = balance.printed
        if balance.change_printed:
            printed["balance_change_yi"] = balance.change_printed
    if ratio is not None:
        printed["npl_ratio_pct"] = ratio.printed
        if ratio.change_printed:
            printed["ratio_change_pp"] = ratio.change_printed
    if coverage is not None:
        printed["provision_coverage_pct"] = coverage.printed

    regulator = _regulator(text, quarter_period)
    doc = DocumentRef(
        publisher=_publisher(regulator, url),
        title=title,
        date=found_date,
        sha256=sha,
        url=url,
    )

    def num(fig: _Figure | None) -> float | None:
        return None if fig is None else float(fig.value)

    def chg(fig: _Figure | None) -> float | None:
        return None if fig is None or fig.change is None else float(fig.change)

    return Release(
        period=quarter_period,
        npl_ratio_pct=num(ratio),
        npl_balance_yi=num(balance),
        provision_coverage_pct=num(coverage),
        ratio_change_pp=chg(ratio),
        balance_change_yi=chg(balance),
        doc=doc,
        printed=printed,
    )


# --------------------------------------------------------------------------- rows

_LABEL = {"npl_ratio_pct": "NPL ratio", "npl_balance_yi": "NPL balance", "provision_coverage_pct": "provision coverage"}
_UNIT = {"npl_ratio_pct": "%", "npl_balance_yi": " 亿元", "provision_coverage_pct": "%"}
_BASE_NOTE = "commercial banks, legal-entity basis"
_BANK_ORDER = {b: i for i, b in enumerate(BANK_TYPES)}
_METRIC_ORDER = {m: i for i, m in enumerate(RATIO_METRICS)}
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def fnum(value: float | Decimal) -> str:
    """A number as the ratios table writes it: no binary noise, no trailing zeros
    (32000, 1.5, 205.14)."""
    r = round(float(value), 8)
    if r == int(r) and abs(r) < 1e15:
        return str(int(r))
    text = repr(r)
    if "e" in text:
        text = f"{r:.8f}".rstrip("0").rstrip(".")
    return text


def _step_of(number: str) -> Decimal:
    """The precision a number was printed with: 1.59 → 0.01, 205 → 1."""
    number = number.replace(",", "")
    decimals = len(number.partition(".")[2])
    return Decimal(1).scaleb(-decimals)


def _printed_step(printed: str) -> Decimal:
    """The precision of a printed figure in the unit it is stored in: 3.2万亿元 → 1000
    (亿元), 2.16万亿元 → 100, 3万亿元 → 10000, 1.59% → 0.01."""
    m = re.search(_NUM, printed)
    if m is None:
        return Decimal(0)
    step = _step_of(m.group(1))
    return step * 10000 if re.search(r"万亿|兆", printed[m.end():]) else step


def _table_step(metric: str, value: str) -> Decimal:
    """The precision a table value plausibly has: its decimals; for a whole-number
    balance its trailing zeros (34300 → 100, 32000 → 1000; at most 10000: 3万亿)."""
    if "." in value or metric != "npl_balance_yi":
        return _step_of(value)
    digits = value.lstrip("-")
    zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
    return Decimal(10) ** min(zeros, 4)


def _round(value: Decimal, step: Decimal) -> Decimal:
    if step <= 0:
        return value
    return (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def _same_figure(a: Decimal, a_step: Decimal, b: Decimal, b_step: Decimal) -> bool:
    """Whether two figures agree at the coarser of their two precisions."""
    step = max(a_step, b_step)
    return _round(a, step) == _round(b, step)


def _note(release: Release, metric: str) -> str:
    if metric != "npl_balance_yi":
        return _BASE_NOTE
    printed = release.printed.get(metric, "")
    if "万亿" in printed or "兆" in printed:
        return f"{_BASE_NOTE}; published in RMB trillion; stored × 10000 as 亿元"
    return f"{_BASE_NOTE}; published in 亿元"


def _sources(source: str) -> list[str]:
    return [s.strip() for s in source.split(" ; ") if s.strip()]


def _earlier_publication(source: str, release_date: dt.date | None) -> bool:
    """Whether a row's source carries a date (YYYY-MM-DD) before the release's date."""
    if release_date is None:
        return False
    for y, m, d in _ISO_DATE.findall(source):
        try:
            if dt.date(int(y), int(m), int(d)) < release_date:
                return True
        except ValueError:
            continue
    return False


def _previous_quarter(period: str) -> str:
    year, q = int(period[:4]), int(period[5])
    return f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"


def _change_warnings(release: Release, rows: list[dict[str, str]]) -> list[str]:
    """The stated changes on the quarter checked against the previous quarter's rows."""
    prev_period = _previous_quarter(release.period)
    prev = {r.get("metric", ""): r for r in rows if r.get("period") == prev_period and r.get("bank_type") == "all"}
    out: list[str] = []
    checks = (
        ("npl_ratio_pct", release.npl_ratio_pct, release.ratio_change_pp, "ratio_change_pp", " pp"),
        ("npl_balance_yi", release.npl_balance_yi, release.balance_change_yi, "balance_change_yi", " 亿元"),
    )
    for metric, value, change, change_key, change_unit in checks:
        row = prev.get(metric)
        if value is None or change is None or row is None or not row.get("value"):
            continue
        printed = release.printed.get(metric, fnum(value))
        change_printed = release.printed.get(change_key, "")
        cur = Decimal(fnum(value))
        # the ratio as printed (1.80%, not 1.8%); the balance as stored (32000 亿元)
        cur_text = printed.rstrip("%") if metric == "npl_ratio_pct" else fnum(value)
        delta = Decimal(fnum(change))
        implied = cur - delta
        table_value = row["value"]
        try:
            table = Decimal(table_value)
        except ArithmeticError:
            continue
        cur_step = _printed_step(printed)
        change_step = _printed_step(change_printed) if change_printed else Decimal(0)
        table_step = _table_step(metric, table_value)
        if metric == "npl_ratio_pct":
            # Ratios and their changes are printed to the same decimals and the change
            # is the difference of the printed ratios: compare at the coarser precision.
            step = max(cur_step, change_step, table_step)
            ok = _round(implied, step) == _round(table, step)
            implied_text = str(_round(implied, max(cur_step, change_step)))  # 1.80, as printed
        else:
            # A balance printed in 万亿 (to 0.1 万亿) with its change in 亿: the printed
            # figures are consistent when their rounding intervals overlap.
            ok = abs(implied - table) < (cur_step + table_step) / 2
            implied_text = fnum(implied)
        if ok:
            continue
        unit = _UNIT[metric]
        if change == 0:
            stated = "unchanged"
        else:
            stated = f"{'down' if change < 0 else 'up'} {fnum(abs(delta))}{change_unit}"
        out.append(
            f"{release.period} {_LABEL[metric]} {cur_text}{unit} is stated as {stated} on the quarter, "
            f"but the table has {table_value}{unit} for {prev_period} (implies {implied_text}{unit})"
        )
    return out


def _order(row: dict[str, str]) -> tuple[str, int, int]:
    return (
        row.get("period", ""),
        _BANK_ORDER.get(row.get("bank_type", ""), len(_BANK_ORDER)),
        _METRIC_ORDER.get(row.get("metric", ""), len(_METRIC_ORDER)),
    )


def ratio_rows(release: Release, existing: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[str]]:
    """The ``ratios`` rows with the release's figures merged in, and warnings.

    ``existing`` is the current table as :class:`csv.DictReader` gives it (strings);
    the result has the same columns, sorted like the table (period, then bank type and
    metric in the schema's order). Only the (period, ``all``, metric) rows of the
    figures the release states are touched. For each figure:

    * **No row** → a new row: the release's value, ``derived`` false, ``source`` the
      release's citation (:meth:`DocumentRef.citation`), the note "commercial banks,
      legal-entity basis" (+ how the balance was printed).
    * **The row already cites this release** → unchanged. Applying a release twice
      changes nothing.
    * **A derived or approximate row** (``derived`` true or a qualifier) → the release
      states the figure: its value, ``derived`` false, no qualifier, its citation as the
      source, the standard note.
    * **A stated row with the same figure** — equal at the coarser of the two printed
      precisions, so 34300 (3.43万亿) and 3.4万亿元 agree, as do 192.2% and 192.17% →
      the more precise value stays (the release's when it printed more decimals) and
      the citation is added to the sources.
    * **A stated row with a different figure** → if the row's ``first_published``
      already is the release's figure, the table knows this figure as first published
      and later revised: the revised value stays, the citation is added, a warning
      says so. Otherwise the release's value replaces the row's (source: the citation;
      standard note; a warning names both). ``first_published`` means "the value as
      first published, when it was later revised", so it is set to the old value only
      when that is demonstrably an earlier publication — the old source carries a date
      (YYYY-MM-DD) before the release's date; an undated secondary source that differs
      is a misreading, not a revision, and is not kept. An existing
      ``first_published`` is never changed.

    Warnings also check each stated change on the quarter against the previous
    quarter's row (see :func:`_change_warnings`); a mismatch never stops the merge.
    """
    columns = list(existing[0]) if existing else list(RATIOS.column_names)
    rows = [dict(r) for r in existing]
    index_of = {(r.get("period"), r.get("bank_type"), r.get("metric")): i for i, r in enumerate(rows)}
    citation = release.doc.citation()
    as_of = quarter_end(release.period).isoformat()
    warnings: list[str] = []
    for metric, value in release.figures().items():
        printed = release.printed.get(metric, fnum(value))
        new_value = Decimal(fnum(value))
        new_step = _printed_step(printed)
        label, unit = f"{release.period} {_LABEL[metric]}", _UNIT[metric]
        fresh = {
            "id": f"ratio-{release.period}-all-{metric}",
            "period": release.period,
            "as_of": as_of,
            "bank_type": "all",
            "metric": metric,
            "value": fnum(value),
            "qualifier": "",
            "first_published": "",
            "derived": "false",
            "source": citation,
            "note": _note(release, metric),
            "basis_break": "",
        }
        index = index_of.get((release.period, "all", metric))
        if index is None:
            rows.append({c: fresh.get(c, "") for c in columns})
            continue
        row = rows[index]
        sources = _sources(row.get("source", ""))
        if citation in sources:
            continue
        old_text = row.get("value", "")
        try:
            old = Decimal(old_text)
        except ArithmeticError:
            old = None
        old_step = _table_step(metric, old_text) if old is not None else Decimal(0)
        derived = row.get("derived", "").strip().lower() == "true" or bool(row.get("qualifier", "").strip())
        if old is None or derived:
            keep = {"first_published": row.get("first_published", ""), "basis_break": row.get("basis_break", "")}
            row.update({c: v for c, v in {**fresh, **keep}.items() if c in columns})
            continue
        if _same_figure(new_value, new_step, old, old_step):
            if new_step < old_step:
                row["value"] = fnum(value)
            row["source"] = " ; ".join([*sources, citation])
            continue
        fp_text = row.get("first_published", "").strip()
        if fp_text:
            try:
                fp: Decimal | None = Decimal(fp_text)
            except ArithmeticError:
                fp = None
            if fp is not None and _same_figure(new_value, new_step, fp, _table_step(metric, fp_text)):
                row["source"] = " ; ".join([*sources, citation])
                warnings.append(
                    f"{label}: the release states {fnum(value)}{unit}, the table's first-published figure; "
                    f"the table keeps the revised {old_text}{unit}"
                )
                continue
        elif _earlier_publication(row.get("source", ""), release.doc.date):
            fp_text = old_text
        row.update({
            "value": fnum(value),
            "first_published": fp_text,
            "source": citation,
            "note": _note(release, metric),
            "as_of": as_of,
        })
        kept = f"; {fp_text}{unit} kept as first published" if fp_text and fp_text == old_text else ""
        warnings.append(f"{label}: the table had {old_text}{unit}, the release states {fnum(value)}{unit}; replaced{kept}")
    warnings.extend(_change_warnings(release, rows))
    rows.sort(key=_order)
    return rows, warnings
