"""China's provincial-level divisions, keyed by GB/T 2260 code.

Codes, Chinese and English names from khaeru/gb2260 (``gb2260/data/unified.csv``,
level-1 rows, snapshot d7c94b9); variant spellings from public code, as listed in
``shared/research/domain_data.md`` §3. Pure data and lookup: no I/O, no Textual.

Shanxi (山西, 140000) and Shaanxi (陕西, 610000) are distinct and never merged:
the bare pinyin "Shanxisheng" is ambiguous and deliberately *not* accepted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "BY_CODE",
    "PROVINCES",
    "Province",
    "UnknownProvince",
    "normalise_province",
    "province_from_text",
    "resolve_province",
    "search_provinces",
]


@dataclass(frozen=True)
class Province:
    code: str  # six-digit GB/T 2260 code, e.g. "330000"
    name_zh: str  # full Chinese name, e.g. "浙江省"
    name_en: str  # English name, e.g. "Zhejiang"
    alpha: str  # two-letter alpha code
    abbr: str  # one-character abbreviation
    pinyin: str  # toneless pinyin of the short name, for search
    short_zh: str  # Chinese name without suffix, e.g. "浙江"

    def name(self, lang: str) -> str:
        return self.short_zh if lang == "zh" else self.name_en


_ROWS = [
    ("110000", "北京市", "Beijing", "BJ", "京", "beijing", ()),
    ("120000", "天津市", "Tianjin", "TJ", "津", "tianjin", ()),
    ("130000", "河北省", "Hebei", "HE", "冀", "hebei", ()),
    ("140000", "山西省", "Shanxi", "SX", "晋", "shanxi", ()),
    ("150000", "内蒙古自治区", "Inner Mongolia", "NM", "蒙", "neimenggu",
     ("Nei Mongol", "InnerMongolia", "Inner Mongolia Autonomous Region", "Neimenggu", "Nei Menggu")),
    ("210000", "辽宁省", "Liaoning", "LN", "辽", "liaoning", ()),
    ("220000", "吉林省", "Jilin", "JL", "吉", "jilin", ()),
    ("230000", "黑龙江省", "Heilongjiang", "HL", "黑", "heilongjiang", ()),
    ("310000", "上海市", "Shanghai", "SH", "沪", "shanghai", ()),
    ("320000", "江苏省", "Jiangsu", "JS", "苏", "jiangsu", ()),
    ("330000", "浙江省", "Zhejiang", "ZJ", "浙", "zhejiang", ()),
    ("340000", "安徽省", "Anhui", "AH", "皖", "anhui", ()),
    ("350000", "福建省", "Fujian", "FJ", "闽", "fujian", ()),
    ("360000", "江西省", "Jiangxi", "JX", "赣", "jiangxi", ()),
    ("370000", "山东省", "Shandong", "SD", "鲁", "shandong", ()),
    ("410000", "河南省", "Henan", "HA", "豫", "henan", ()),
    ("420000", "湖北省", "Hubei", "HB", "鄂", "hubei", ()),
    ("430000", "湖南省", "Hunan", "HN", "湘", "hunan", ()),
    ("440000", "广东省", "Guangdong", "GD", "粤", "guangdong", ()),
    ("450000", "广西壮族自治区", "Guangxi", "GX", "桂", "guangxi",
     ("Guangxi Zhuang", "Guangxi Zhuangzu", "Guangxi Zhuang Autonomous Region")),
    ("460000", "海南省", "Hainan", "HI", "琼", "hainan", ()),
    ("500000", "重庆市", "Chongqing", "CQ", "渝", "chongqing", ()),
    ("510000", "四川省", "Sichuan", "SC", "川", "sichuan", ()),
    ("520000", "贵州省", "Guizhou", "GZ", "黔", "guizhou", ()),
    ("530000", "云南省", "Yunnan", "YN", "滇", "yunnan", ()),
    ("540000", "西藏自治区", "Tibet", "XZ", "藏", "xizang",
     ("Xizang", "Xizang (Tibet)", "Tibet Autonomous Region")),
    ("610000", "陕西省", "Shaanxi", "SN", "陕", "shaanxi", ()),
    ("620000", "甘肃省", "Gansu", "GS", "甘", "gansu", ()),
    ("630000", "青海省", "Qinghai", "QH", "青", "qinghai", ("Quinghai",)),
    ("640000", "宁夏回族自治区", "Ningxia", "NX", "宁", "ningxia",
     ("Ningxia Hui", "Ningxia Huizu", "Ningxia Hui Autonomous Region")),
    ("650000", "新疆维吾尔自治区", "Xinjiang", "XJ", "新", "xinjiang",
     ("Xinjiang Uygur", "Xinjiang Uyghur", "Xinjiang Uygur Autonomous Region")),
]

_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市")


def _short(name_zh: str) -> str:
    for suffix in _SUFFIXES:
        if name_zh.endswith(suffix):
            return name_zh[: -len(suffix)]
    return name_zh


PROVINCES: tuple[Province, ...] = tuple(
    Province(code, zh, en, alpha, abbr, pinyin, _short(zh))
    for code, zh, en, alpha, abbr, pinyin, _ in _ROWS
)
BY_CODE: dict[str, Province] = {p.code: p for p in PROVINCES}


class UnknownProvince(ValueError):
    """Raised for a province name or code that is not one of the 31."""


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = re.sub(r"[\s_\-'’.]+", " ", text)
    for tail in (" province", " municipality", " sheng", " shi"):
        text = text.removesuffix(tail)
    return text.strip()


def _build_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for (code, zh, en, alpha, _abbr, pinyin, variants), prov in zip(_ROWS, PROVINCES):
        for name in (code, code[:2], zh, prov.short_zh, en, pinyin, *variants):
            aliases[_key(name)] = code
        aliases[_key(en.replace(" ", ""))] = code
    return aliases


_ALIASES = _build_aliases()


def _shown(raw: str, limit: int = 40) -> str:
    """*raw* quoted for a one-line message, cut to *limit* characters (a cell can be huge)."""
    return repr(raw) if len(raw) <= limit else repr(raw[:limit]) + "…"


def normalise_province(value: str) -> str:
    """Return the six-digit code for a code or any accepted name variant.

    Accepts six-digit codes (county or prefecture codes map to their province by
    the two-digit prefix), two-digit prefixes, Chinese full and short names,
    English names and the listed variants, case- and space-insensitively.
    """
    raw = value.strip()
    if re.fullmatch(r"\d{6}", raw):
        code = raw[:2] + "0000"
        if code in BY_CODE:
            return code
        raise UnknownProvince(f"{_shown(raw)} is not a GB/T 2260 province code")
    found = _ALIASES.get(_key(raw))
    if found is None:
        raise UnknownProvince(f"{_shown(raw)} is not a known province name or GB/T 2260 code")
    return found


# Prefecture-level cities (and a few county-level ones) that appear in bank branch
# names, mapped to their province. Geography, not market data: used only to derive
# a province from a seller's branch when the text names a city.
CITY_PROVINCE: dict[str, str] = {
    "北京": "110000", "天津": "120000", "上海": "310000", "重庆": "500000",
    "石家庄": "130000", "唐山": "130000", "保定": "130000", "廊坊": "130000", "邯郸": "130000",
    "太原": "140000", "大同": "140000",
    "呼和浩特": "150000", "包头": "150000", "鄂尔多斯": "150000", "赤峰": "150000",
    "沈阳": "210000", "大连": "210000", "鞍山": "210000",
    "长春": "220000", "吉林市": "220000",
    "哈尔滨": "230000", "大庆": "230000",
    "南京": "320000", "苏州": "320000", "无锡": "320000", "常州": "320000", "南通": "320000",
    "徐州": "320000", "扬州": "320000", "泰州": "320000", "盐城": "320000", "镇江": "320000",
    "杭州": "330000", "宁波": "330000", "温州": "330000", "嘉兴": "330000", "湖州": "330000",
    "绍兴": "330000", "金华": "330000", "衢州": "330000", "舟山": "330000", "台州": "330000",
    "丽水": "330000", "义乌": "330000",
    "合肥": "340000", "芜湖": "340000",
    "福州": "350000", "厦门": "350000", "泉州": "350000", "漳州": "350000",
    "南昌": "360000", "赣州": "360000", "九江": "360000",
    "济南": "370000", "青岛": "370000", "烟台": "370000", "潍坊": "370000", "临沂": "370000",
    "淄博": "370000", "济宁": "370000", "威海": "370000",
    "郑州": "410000", "洛阳": "410000", "鹤壁": "410000", "平顶山": "410000", "新乡": "410000",
    "南阳": "410000", "开封": "410000", "周口": "410000", "商丘": "410000",
    "武汉": "420000", "宜昌": "420000", "襄阳": "420000",
    "长沙": "430000", "株洲": "430000", "湘潭": "430000",
    "广州": "440000", "深圳": "440000", "珠海": "440000", "汕头": "440000", "佛山": "440000",
    "东莞": "440000", "中山": "440000", "惠州": "440000", "江门": "440000", "湛江": "440000",
    "茂名": "440000", "肇庆": "440000", "梅州": "440000", "汕尾": "440000", "河源": "440000",
    "阳江": "440000", "清远": "440000", "潮州": "440000", "揭阳": "440000", "云浮": "440000",
    "韶关": "440000",
    "南宁": "450000", "柳州": "450000", "桂林": "450000",
    "海口": "460000", "三亚": "460000",
    "成都": "510000", "绵阳": "510000",
    "贵阳": "520000", "昆明": "530000", "拉萨": "540000",
    "西安": "610000", "兰州": "620000", "西宁": "630000", "银川": "640000", "乌鲁木齐": "650000",
}


def province_from_text(text: str) -> str | None:
    """Derive a province code from free text such as a branch name, or None.

    Looks for a province name (short Chinese form) or a known city name. Returns
    None when nothing matches or when the text names more than one province:
    the province is then unknown, never guessed.
    """
    if not text:
        return None
    found: set[str] = set()
    for prov in PROVINCES:
        if prov.short_zh in text:
            found.add(prov.code)
    for city, code in CITY_PROVINCE.items():
        if city in text:
            found.add(code)
    # 吉林 is both a province and a city in Jilin province: one code either way.
    # 山西 inside 陕西? No: distinct characters, so no special case is needed.
    return found.pop() if len(found) == 1 else None


#: Toneless pinyin syllables of each short name, as typed without tone marks: 山西 and
#: 陕西 are both "shan xi" (Shaanxi keeps its distinct English name and ``pinyin``).
#: Initials ("hn", "nmg") and syllable prefixes ("heil", "nmgu") come from these.
_SYLLABLES: dict[str, tuple[str, ...]] = {
    "110000": ("bei", "jing"), "120000": ("tian", "jin"), "130000": ("he", "bei"),
    "140000": ("shan", "xi"), "150000": ("nei", "meng", "gu"), "210000": ("liao", "ning"),
    "220000": ("ji", "lin"), "230000": ("hei", "long", "jiang"), "310000": ("shang", "hai"),
    "320000": ("jiang", "su"), "330000": ("zhe", "jiang"), "340000": ("an", "hui"),
    "350000": ("fu", "jian"), "360000": ("jiang", "xi"), "370000": ("shan", "dong"),
    "410000": ("he", "nan"), "420000": ("hu", "bei"), "430000": ("hu", "nan"),
    "440000": ("guang", "dong"), "450000": ("guang", "xi"), "460000": ("hai", "nan"),
    "500000": ("chong", "qing"), "510000": ("si", "chuan"), "520000": ("gui", "zhou"),
    "530000": ("yun", "nan"), "540000": ("xi", "zang"), "610000": ("shan", "xi"),
    "620000": ("gan", "su"), "630000": ("qing", "hai"), "640000": ("ning", "xia"),
    "650000": ("xin", "jiang"),
}

# How well a query matches, best first; within a kind, which field matched.
_EXACT, _PREFIX, _INITIALS, _SUBSTRING = range(4)


@dataclass(frozen=True)
class _SearchFields:
    """What a query is compared with, per province, in order of field rank."""

    names: tuple[str, ...]  # English name and variants, spaces removed, lower case
    words: tuple[str, ...]  # the English words (for a prefix of a later word)
    chinese: tuple[str, ...]  # short and full Chinese names, one-character abbreviation
    pinyin: tuple[str, ...]  # toneless pinyin, joined, and the stored romanisation
    syllables: tuple[str, ...]
    codes: tuple[str, ...]  # alpha code (lower case) and GB/T 2260 code


def _fields(variants: tuple[str, ...], prov: Province) -> _SearchFields:
    english = (prov.name_en, *variants)
    syllables = _SYLLABLES[prov.code]
    return _SearchFields(
        names=tuple(dict.fromkeys(_key(n).replace(" ", "") for n in english)),
        words=tuple(dict.fromkeys(w for n in english for w in _key(n).split()[1:])),
        chinese=(prov.short_zh, prov.name_zh, prov.abbr),
        pinyin=tuple(dict.fromkeys(("".join(syllables), prov.pinyin))),
        syllables=syllables,
        codes=(prov.alpha.lower(), prov.code),
    )


_SEARCH: tuple[tuple[Province, _SearchFields], ...] = tuple((p, _fields(row[6], p)) for row, p in zip(_ROWS, PROVINCES))


def _syllable_prefixes(query: str, syllables: tuple[str, ...]) -> bool:
    """True when *query* is a non-empty prefix of each of the first few syllables in
    turn: "hn" (he-nan), "nmg" (nei-meng-gu), "heil" (hei-l…), "nmgu"."""
    if not query:
        return True
    if not syllables:
        return False
    head, rest = syllables[0], syllables[1:]
    return any(query[:n] == head[:n] and _syllable_prefixes(query[n:], rest) for n in range(min(len(head), len(query)), 0, -1))


def _rank(q: str, f: _SearchFields) -> tuple[int, int] | None:
    """(kind of match, rank of the field matched), or None when nothing matches."""
    groups = (f.names, f.chinese, f.pinyin, f.codes)
    for rank, group in enumerate(groups):
        if q in group:
            return _EXACT, rank
    for rank, group in enumerate((*groups, f.words)):
        if any(h.startswith(q) for h in group):
            return _PREFIX, rank
    if q.isascii() and q.isalpha() and _syllable_prefixes(q, f.syllables):
        return _INITIALS, 0
    for rank, group in enumerate(groups):
        if any(q in h for h in group):
            return _SUBSTRING, rank
    return None


def search_provinces(query: str) -> list[Province]:
    """Provinces matching *query*, best first: English name (and its variants), Chinese
    name (full, short, one-character abbreviation 豫/粤), pinyin typed without tones
    ("shanxi" finds both 山西 Shanxi and 陕西 Shaanxi), pinyin initials or syllable
    prefixes ("hn", "nmg", "heil"), the alpha code and the GB/T 2260 code.

    An exact match ranks first, then a prefix (of a name or of one of its words),
    then initials, then a match anywhere; ties keep the code order. An empty query
    lists all 31."""
    q = _key(query).replace(" ", "")
    if not q:
        return list(PROVINCES)
    ranked = []
    for i, (prov, fields) in enumerate(_SEARCH):
        rank = _rank(q, fields)
        if rank is not None:
            ranked.append((rank, i, prov))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [prov for _rank_, _i, prov in ranked]


def resolve_province(text: str) -> str:
    """The code of the one province *text* names, as a user types it: any name
    :func:`normalise_province` accepts, or a search (:func:`search_provinces`) that
    finds exactly one province ("豫", "heilong"). Raises UnknownProvince, one line,
    naming the candidates when the text fits several ("guang": Guangdong, Guangxi)."""
    try:
        return normalise_province(text)
    except UnknownProvince:
        found = search_provinces(text) if text.strip() else []
    if len(found) == 1:
        return found[0].code
    if found:
        names = ", ".join(p.name_en for p in found[:4]) + (", …" if len(found) > 4 else "")
        raise UnknownProvince(f"{_shown(text.strip())} could be {names}: say which")
    raise UnknownProvince(f"{_shown(text.strip())} is not a province (English, pinyin, Chinese or a GB/T 2260 code)")
