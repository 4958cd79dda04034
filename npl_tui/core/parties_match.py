"""Banks and AMCs by name, loosely: one party, many spellings.

The feed names a seller or buyer the way its source printed it: "China Cinda AMC
(Sichuan branch)", "中国信达资产管理股份有限公司四川省分公司", "信达", or several in one
cell ("China Cinda AMC, China Orient AMC and four other AMCs", "信达、东方"). Here they
come together as one party each:

- :func:`party_key` reduces one name to a key: a note in brackets, a branch
  ("(Sichuan branch)", "四川省分公司", "北京分行"), the company form ("Co., Ltd.",
  "股份有限公司"), "Asset Management"/"资产管理" (→ AMC), "Rural Commercial Bank"/
  "农村商业银行" (→ RCB), a leading "China"/"中国" and, for an AMC with a brand of its
  own, a leading province ("Zhejiang Zheshang AMC" = "Zheshang AMC") are left out;
- :func:`split_names` splits a cell naming several parties at commas, 、 and "and",
  dropping the vague rest ("four other AMCs", "等六家");
- :class:`PartyIndex` joins the keys that name one party: the English and Chinese
  names of a row's seller (or buyer), a former name given in brackets ("formerly …",
  "原名称：…"), and the usual names of the national AMCs and large banks (:data:`KNOWN`).

Pure: no I/O, no Textual. Names are data, so nothing here is ever parsed as markup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .provinces import CITY_PROVINCE, PROVINCES

__all__ = ["KNOWN", "Party", "PartyIndex", "find_party", "party_key", "split_names"]

Row = Mapping[str, Any]

#: Usual names of the national AMCs and the large banks, one party a line; the first
#: is the name shown. China CITIC Financial AMC is China Huarong AMC renamed (2024).
KNOWN: tuple[tuple[str, ...], ...] = (
    ("China Cinda AMC", "Cinda", "China Cinda Asset Management", "中国信达资产管理股份有限公司", "中国信达", "信达", "信达资产"),
    ("China Huarong AMC", "Huarong", "中国华融资产管理股份有限公司", "中国华融", "华融", "华融资产",
     "China CITIC Financial AMC", "中国中信金融资产管理股份有限公司", "中信金融资产"),
    ("China Orient AMC", "Orient", "China Orient Asset Management", "中国东方资产管理股份有限公司", "中国东方", "东方", "东方资产"),
    ("China Great Wall AMC", "Great Wall", "China Great Wall Asset Management", "中国长城资产管理股份有限公司", "中国长城", "长城", "长城资产"),
    ("China Galaxy AMC", "Galaxy AMC", "中国银河资产管理有限责任公司", "银河资产"),
    ("Industrial and Commercial Bank of China", "ICBC", "中国工商银行", "工商银行", "工行"),
    ("Agricultural Bank of China", "ABC", "中国农业银行", "农业银行", "农行"),
    ("Bank of China", "BOC", "中国银行", "中行"),
    ("China Construction Bank", "CCB", "中国建设银行", "建设银行", "建行"),
    ("Bank of Communications", "BoCom", "交通银行", "交行"),
    ("Postal Savings Bank of China", "PSBC", "中国邮政储蓄银行", "邮储银行"),
    ("China Merchants Bank", "CMB", "招商银行", "招行"),
    ("China CITIC Bank", "CITIC Bank", "中信银行"),
    ("China Everbright Bank", "Everbright Bank", "光大银行"),
    ("China Minsheng Bank", "CMBC", "民生银行"),
    ("SPD Bank", "Shanghai Pudong Development Bank", "上海浦东发展银行", "浦发银行"),
    ("Industrial Bank", "CIB", "兴业银行"),
    ("Hua Xia Bank", "Huaxia Bank", "华夏银行"),
    ("China Guangfa Bank", "Guangfa Bank", "CGB", "广发银行"),
    ("China Zheshang Bank", "Zheshang Bank", "浙商银行"),
    ("China Bohai Bank", "Bohai Bank", "渤海银行"),
    ("Hengfeng Bank", "恒丰银行"),
)

_COMMA = "\ue000"  # the comma of "Co., Ltd." while a cell is split at commas
_CJK = re.compile(r"[\u3400-\u9fff]")
_BRACKETS = re.compile(r"\(([^()]*)\)|【([^【】]*)】")  # after NFKC: （…） is (…)
_FORMER = re.compile(r"^(?:原名称|原名|曾用名|formerly|former name|previously)\s*[:：]?\s*(.+)$", re.IGNORECASE)

# ---- English
_EN_ENTITY = frozenset({
    "bank", "amc", "rcb", "trust", "finance", "securities", "insurance", "cooperative",
    "union", "leasing", "fund", "capital", "investment", "credit",
})
_EN_COMPANY = frozenset({"co", "company", "ltd", "limited", "inc", "corp", "corporation", "plc", "llc"})
_EN_GENERIC_BRANDS = frozenset({
    "financial", "development", "investment", "state", "united", "international", "city", "construction", "china",
})
_EN_VAGUE = re.compile(
    r"\b(?:other|others|several|various|etc|consortium)\b"
    r"|^(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:\w+\s+)?(?:amcs|banks|buyers|investors|institutions|companies|firms)\b",
    re.IGNORECASE,
)
_EN_PROVINCES = tuple(sorted({p.name_en.lower() for p in PROVINCES} | {p.pinyin for p in PROVINCES}, key=len, reverse=True))

# ---- Chinese
_ZH_COMPANY = re.compile(r"股份有限公司|有限责任公司|有限公司|(?<!分)公司")
_ZH_GENERIC_BRANDS = frozenset({"金融", "发展", "投资", "国有", "联合", "国资", "国际", "建设", "城市"})
_ZH_PLACES = "|".join(sorted({p.short_zh for p in PROVINCES}, key=len, reverse=True))
_ZH_BRANCH = re.compile(rf"^(.+?)(?:(?:{_ZH_PLACES})(?:省|市|自治区)?)?分(?:公司|行)$")
_ZH_BANK_BRANCH = re.compile(r"^(.+?银行)..*?(?:分行|支行|营业部)$")
_ZH_BRANCH_ONLY = re.compile(rf"^(?:{_ZH_PLACES}|{'|'.join(CITY_PROVINCE)})?(?:省|市|自治区)?(?:分行|支行|营业部|分公司)$")
_ZH_VAGUE = re.compile(r"其他|其它|多家|\d+家|[一二两三四五六七八九十]+家")
_ZH_PROVINCE_NAMES = tuple(sorted(((p.name_zh, p.short_zh) for p in PROVINCES), key=lambda n: -len(n[0])))
_ZH_PROVINCES = tuple(sorted((p.short_zh for p in PROVINCES), key=len, reverse=True))


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _former_names(text: str) -> tuple[str, ...]:
    """Former names given in brackets: "(formerly Guangxi Guangtou AMC)", "（原名称：…）"."""
    out = []
    for m in _BRACKETS.finditer(_nfkc(text)):
        inner = (m.group(1) or m.group(2) or "").strip()
        former = _FORMER.match(inner)
        if former:
            out.append(former.group(1).strip())
    return tuple(out)


def _without_brackets(text: str) -> str:
    return re.sub(r"\s+", " ", _BRACKETS.sub(" ", text)).strip()


def _key_en(text: str) -> str:
    s = text.casefold()
    s = re.sub(r"^.*?\bbranch of (?:the )?", "", s)  # "Sichuan branch of China Cinda AMC"
    s = re.sub(r"\basset\s+management\b", " amc ", s)
    s = re.sub(r"\brural\s+commercial\s+bank\b", " rcb ", s)
    words = re.sub(r"[^\w]+", " ", s).split()
    while words and words[-1] in _EN_COMPANY:
        words.pop()
    if words and words[-1] == "branch":  # "China Cinda AMC Sichuan Branch": cut after the entity
        entity = [i for i, w in enumerate(words[:-1]) if w in _EN_ENTITY]
        if entity:
            words = words[: entity[-1] + 1]
    words = [w for i, w in enumerate(words) if not (w == "financial" and i + 1 < len(words) and words[i + 1] == "amc")]
    if words[:1] == ["the"]:
        words = words[1:]
    if words[:1] == ["china"] and len(words) > 2:
        words = words[1:]
    if words and words[-1] == "amc":
        joined = " ".join(words)
        for prov in _EN_PROVINCES:
            if joined.startswith(prov + " "):
                brand = joined[len(prov) + 1 :].split()[:-1]
                if brand and not set(brand) <= _EN_GENERIC_BRANDS:
                    words = [*brand, "amc"]
                break
    return " ".join(words)


def _key_zh(text: str) -> str:
    s = re.sub(r"\s+", "", text.casefold())
    company = _ZH_COMPANY.search(s)
    if company:
        s = s[: company.start()]  # what follows the company form is a branch
    else:
        bank = _ZH_BANK_BRANCH.match(s)
        branch = bank or _ZH_BRANCH.match(s)
        if branch:
            s = branch.group(1)
    s = s.replace("农村商业银行", "农商银行")
    s = re.sub(r"农商行$", "农商银行", s)
    s = re.sub(r"(?:金融)?资产(?:管理)?$", "amc", s)
    s = re.sub(r"[^\w]+", "", s)
    if s.startswith("中国") and s[2:] not in ("银行", "amc", ""):
        s = s[2:]
    for full, short in _ZH_PROVINCE_NAMES:  # "云南省资产" is "云南资产"
        for head in (full, short + "省", short + "市"):
            if s.startswith(head) and len(s) > len(head):
                s = short + s[len(head) :]
                break
        else:
            continue
        break
    if s.endswith("amc"):
        for prov in _ZH_PROVINCES:
            if s.startswith(prov):
                brand = s[len(prov) : -3]
                if len(brand) >= 2 and brand not in _ZH_GENERIC_BRANDS:
                    s = brand + "amc"
                break
    return s


@lru_cache(maxsize=65536)
def party_key(name: str) -> str:
    """The key one spelling of a party reduces to ("" for no name): spellings of one
    party share it — "China Cinda AMC (Sichuan branch)" and "China Cinda Asset
    Management Co., Ltd." are both "cinda amc"; "中国信达资产管理股份有限公司四川省分公司"
    is "信达amc". English and Chinese keys differ: :class:`PartyIndex` joins them."""
    text = _without_brackets(_nfkc(name))
    if not text:
        return ""
    return _key_zh(text) if _CJK.search(text) else _key_en(text)


def _known_keys() -> dict[str, str]:
    out: dict[str, str] = {}
    for names in KNOWN:
        first = party_key(names[0])
        for name in names:
            out[party_key(name)] = first
    return out


_KNOWN_KEYS = _known_keys()


# --------------------------------------------------------------------------- cells


def _looks_like_party(text: str) -> bool:
    key = party_key(text)
    if key in _KNOWN_KEYS:
        return True
    if _CJK.search(text):
        return any(w in text for w in ("银行", "资产", "公司", "信托", "农信", "信用", "金融"))
    return bool(set(key.split()) & _EN_ENTITY)


def _split_top_level(text: str) -> list[str]:
    """*text* split at , ; ， ； 、 outside brackets."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in "(（【":
            depth += 1
        elif ch in ")）】":
            depth = max(depth - 1, 0)
        if depth == 0 and ch in ",;，；、":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _trim_vague(part: str) -> str:
    """The named party in *part*, or "" when it names none ("four other AMCs")."""
    if _CJK.search(part):
        part = part.split("等", 1)[0]
        return "" if _ZH_VAGUE.search(part) else part.strip()
    return "" if _EN_VAGUE.search(part) else part.strip()


def _split_and(part: str) -> list[str]:
    """"China Orient AMC and four other AMCs" → the Orient; "Industrial and Commercial
    Bank of China" stays whole: split only where both sides name a party (or the
    right one is vague)."""
    pieces = re.split(r"\s+(?:and|&)\s+|\s*(?:及|与|和)\s*", part, maxsplit=1, flags=re.IGNORECASE)
    if len(pieces) != 2:
        return [part]
    left, right = pieces
    if left and (not _trim_vague(right)):
        return [left]
    if _looks_like_party(left) and _looks_like_party(right):
        return [left, *_split_and(right)]
    return [part]


def _is_branch_only(part: str) -> bool:
    if _CJK.search(part):
        return bool(_ZH_BRANCH_ONLY.match(part))
    words = re.sub(r"[^\w]+", " ", part.casefold()).split()
    return bool(words) and words[-1] == "branch" and not set(words) & _EN_ENTITY


def _shown(part: str) -> str:
    """How a spelling is listed: without bracketed notes; a Chinese name without the
    branch after its company form."""
    text = _without_brackets(part).replace(_COMMA, ",")
    if _CJK.search(text):
        company = _ZH_COMPANY.search(text)
        if company:
            text = text[: company.end()]
    return text


@dataclass(frozen=True)
class Spelling:
    """One party named in a cell: how it is shown, its key, former names' keys."""

    shown: str
    key: str
    former: tuple[str, ...] = ()


@lru_cache(maxsize=65536)
def split_names(cell: str) -> tuple[Spelling, ...]:
    """The parties a seller or buyer cell names, in order (none for an empty cell)."""
    text = _nfkc(cell)
    if not text:
        return ()
    text = re.sub(r"(\bco\s*\.?\s*),(\s*ltd\b)", "\\1" + _COMMA + "\\2", text, flags=re.IGNORECASE)
    out: list[Spelling] = []
    for part in _split_top_level(text):
        if _is_branch_only(part) and out:
            continue  # "Bank of China, Beijing Branch": the branch of the one before
        for piece in _split_and(part):
            named = _trim_vague(piece)
            key = party_key(named)
            if key:
                former = tuple(k for k in (party_key(f) for f in _former_names(named)) if k)
                out.append(Spelling(_shown(named), key, former))
    return tuple(out)


# --------------------------------------------------------------------------- index


@dataclass(frozen=True)
class Party:
    """One seller or buyer however it is spelled, with the rows it is in."""

    key: str
    name: str  # shown: its most used name from the English columns (Chinese when that is all)
    name_zh: str  # its most used name from the Chinese columns ("" when none)
    spellings: tuple[str, ...]  # every name it goes by in the data, most used first
    ids: tuple[str, ...]  # rows it sells or buys in, in row order
    as_seller: int
    as_buyer: int


_ROLES = ("seller", "buyer")


def _cells(row: Row, role: str) -> tuple[tuple[Spelling, ...], tuple[Spelling, ...]]:
    return split_names(str(row.get(role) or "")), split_names(str(row.get(f"{role}_zh") or ""))


class PartyIndex:
    """The parties named by *rows*' sellers and buyers, spellings joined."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self._parent: dict[str, str] = {}
        rows = list(rows)
        for row in rows:
            for role in _ROLES:
                en, zh = _cells(row, role)
                for spelling in (*en, *zh):
                    self._add(spelling.key)
                    for former in spelling.former:
                        self._union(spelling.key, former)
                if len(en) == 1 and len(zh) == 1:  # one party, named in both languages
                    self._union(en[0].key, zh[0].key)
        for key, canonical in _KNOWN_KEYS.items():
            if key in self._parent:
                self._union(key, canonical)
        self.parties: tuple[Party, ...] = self._collect(rows)
        self._by_root = {self._find(p.key): p for p in self.parties}

    def _add(self, key: str) -> None:
        self._parent.setdefault(key, key)

    def _find(self, key: str) -> str:
        parent = self._parent
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def _union(self, a: str, b: str) -> None:
        self._add(a)
        self._add(b)
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[rb] = ra

    def _root(self, key: str) -> str | None:
        key = _KNOWN_KEYS.get(key, key) if key not in self._parent else key
        return self._find(key) if key in self._parent else None

    def _collect(self, rows: list[Row]) -> tuple[Party, ...]:
        order: dict[str, None] = {}
        en_names: dict[str, dict[str, int]] = {}
        zh_names: dict[str, dict[str, int]] = {}
        ids: dict[str, dict[str, None]] = {}
        counts: dict[str, list[int]] = {}
        for row in rows:
            for n, role in enumerate(_ROLES):
                en, zh = _cells(row, role)
                roots_here: set[str] = set()
                for names, cell in ((en_names, en), (zh_names, zh)):
                    for spelling in cell:
                        root = self._find(spelling.key)
                        order.setdefault(root, None)
                        counted = names.setdefault(root, {})
                        counted[spelling.shown] = counted.get(spelling.shown, 0) + 1
                        roots_here.add(root)
                for root in roots_here:
                    ids.setdefault(root, {})[str(row.get("id") or "")] = None
                    counts.setdefault(root, [0, 0])[n] += 1
        parties = []
        for root in order:
            english = _by_use(en_names.get(root, {}))
            chinese = _by_use(zh_names.get(root, {}))
            name = english[0] if english else chinese[0]
            spellings = tuple(dict.fromkeys((*english, *chinese)))
            seller, buyer = counts.get(root, [0, 0])
            parties.append(Party(root, name, chinese[0] if chinese else "", spellings, tuple(ids.get(root, {})), seller, buyer))
        return tuple(parties)

    def find(self, name: str) -> Party | None:
        """The party *name* (any of its spellings) names, or None."""
        root = self._root(party_key(name))
        return self._by_root.get(root) if root is not None else None

    def involves(self, row: Row, party: Party, roles: Iterable[str] = _ROLES) -> bool:
        """True when *party* sells or buys in *row* (only sells: ``roles=("seller",)``)."""
        root = self._find(party.key)
        for role in roles:
            for cell in _cells(row, role):
                for spelling in cell:
                    if self._root(spelling.key) == root:
                        return True
        return False


def _by_use(counted: Mapping[str, int]) -> list[str]:
    """Names most used first; ties keep the order first seen."""
    return sorted(counted, key=lambda name: -counted[name])


def _row_keys(row: Row) -> set[str]:
    return {s.key for role in _ROLES for cell in _cells(row, role) for s in cell}


def find_party(rows: Iterable[Row], name: str) -> tuple[PartyIndex, Party] | None:
    """The party that *name* names among *rows*' sellers and buyers, with the index
    that joins its spellings; None when *name* is not one of their names. Cheap when
    it is not: the index is built only once a spelling's key matches."""
    key = party_key(name)
    if not key:
        return None
    rows = list(rows)
    if key not in _KNOWN_KEYS and not any(key in _row_keys(r) for r in rows):
        return None
    index = PartyIndex(rows)
    party = index.find(name)
    return (index, party) if party is not None else None
