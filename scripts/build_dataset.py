#!/usr/bin/env python3
"""Build the shipped dataset (data/*.csv + data/manifest.json) from the research files.

Deterministic and offline: the same inputs always give byte-identical output
(fixed generated_at, sorted rows, floats formatted without noise). Inputs:

* ``shared/research/yindeng_2023_listings.csv`` and ``yindeng_2023_results.csv``
  (Mistborntt/PDFtoExcel, 2023 retail NPL listings and transfer results);
* curated facts, typed in below, from ``shared/research/domain_data.md`` and the
  seed documents ``shared/seeds/*.txt``. Every fact carries its source.

How each table is built, and every caveat, is written up in ``docs/data-sources.md``.

Usage: ``python scripts/build_dataset.py [--out DIR] [--shared DIR]``
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import statistics
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from npl_tui.core.provinces import province_from_text  # noqa: E402
from npl_tui.core.schema import TABLES  # noqa: E402
from npl_tui.core.snapshot import make_manifest  # noqa: E402
from npl_tui.core.text import clean_text  # noqa: E402

#: Fixed so that two builds of the same inputs are byte-identical.
GENERATED_AT = "2026-11-22T00:00:00Z"
TITLE = "npl-tui shipped dataset: China NPL market (ratios 2015-2025, Yindeng 2023, 2025 reports)"

# --------------------------------------------------------------------------- sources

S_YD = "https://github.com/Mistborntt/PDFtoExcel (2023年个人不良贷款转让公告及转让结果.xlsx)"
S_YD_LIST = f"{S_YD} ; research/yindeng_2023_listings.csv"
S_YD_RES = f"{S_YD} ; research/yindeng_2023_results.csv"
S_YD_BOTH = f"{S_YD} ; research/yindeng_2023_listings.csv ; research/yindeng_2023_results.csv"
SEED0 = "seeds/000_12c27a2e9697f889.txt"
SEED1 = "seeds/001_24cc2656be73b4af.txt"
SEED2 = "seeds/002_6da8c15e371ae764.txt"
SEED3 = "seeds/003_3d7b5ccb12dc6b79.txt"
S_LIANHE = "联合资信 via https://pc.yanbaoke.cn/info/7MUb2AhDiecgcbsk5DerQf"
S_163 = "资产洞见 via https://www.163.com/dy/article/KIOTF5240556793C.html"
S_REPORTIFY_2024 = "https://reportify.ai/social-media/1103051553620758528"
S_YINDENG_2022 = "Yindeng 2022 annual report via http://cnwlgc.com/n/a172871.html ; https://ashea.com.cn/caijing/2023/0725/791074.html"
S_YD_2024Q3 = "https://freewechat.com/a/MzA4ODY4ODAwNw==/2247484426/2"
S_YD_2024Q4 = "21世纪经济报道 via https://lotmg.com/a/21tou-shi-liang-ji-fen-hua-de-bu-liang-pi-zhuan-shi-chang-cheng-jiao-gui-mo-ji-zeng-11bei-ping-jun-zhe-kou-lu-die-po-1zhe.html"
S_YD_2025Q1 = "金融投资报 via https://www.yuhaojiang.com/redian/757763.html"
S_CEIC = "CEIC https://ceicdata.com/en/china/non-performing-loan-npl-by-region"
S_ASIATIMES = "https://asiatimes.com/2019/02/ten-provinces-see-declining-npls/"

# --------------------------------------------------------------------------- formatting


def fnum(x: float | int | None) -> str:
    """A float without binary noise: shortest repr of the value rounded to 8 places."""
    if x is None:
        return ""
    if isinstance(x, int):
        return str(x)
    r = round(float(x), 8)
    if r == int(r) and abs(r) < 1e15:
        return str(int(r))
    text = repr(r)
    if "e" in text:  # tiny values: write them positionally
        text = f"{r:.8f}".rstrip("0").rstrip(".")
    return text


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return fnum(value)
    return clean_text(str(value))


def write_table(name: str, rows: list[dict]) -> bytes:
    spec = TABLES[name]
    cols = spec.column_names
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for row in rows:
        unknown = set(row) - set(cols)
        if unknown:
            raise SystemExit(f"{name}: unknown columns {sorted(unknown)} in {row.get('id')}")
        w.writerow([cell(row.get(c)) for c in cols])
    return buf.getvalue().encode("utf-8")


def quarter_end(period: str) -> str:
    year, q = int(period[:4]), int(period[-1])
    month = q * 3
    day = 31 if month in (3, 12) else 30
    return f"{year}-{month:02d}-{day:02d}"


def month_end(period: str) -> str:
    year, month = int(period[:4]), int(period[5:7])
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).isoformat()


def period_end(period: str) -> str:
    if "Q" in period:
        return quarter_end(period)
    if "-" in period:
        return month_end(period)
    return f"{period}-12-31"


# --------------------------------------------------------------------------- ratios

# (period, npl_ratio, ratio_flags, balance_tn, balance_flags, pcr, pcr_flags, source, note)
# flags: "d" = derived by the researcher, "~" = approximate; GAP = None.
R_SRC = {
    "2015Q1": "China Daily (mirror) 2015-07-22 http://www.ttav89.com/bizchina/2015-07/22/content_21379181.htm",
    "2015Q2": "Xinhua/China Daily (mirror) http://www.sdlsmy.com/business/2015-08/11/content_21558846.htm ; https://chinaeconomicreview.com/bad-loans-chinas-commercial-banks-grew-11-q2/",
    "2015Q3": "http://en.chinagate.cn/2015-11/04/content_36980988.htm",
    "2015Q4": "Reuters 2016-02-15 http://www.reuters.com/article/china-economy-loans-idUSB9N15H01B",
    "2016Q1": "China Daily (mirror) http://m.ming7.cn/kindle/2016-08/12/content_26448504.htm",
    "2016Q2": "China Daily (mirror) http://m.ming7.cn/kindle/2016-08/12/content_26448504.htm",
    "2016Q3": "http://www.ttav89.com/newsrepublic/2017-05/22/content_29450754.htm ; Xinhua 2017-01-25 http://en.chinagate.cn/2017-01/25/content_40180568.htm",
    "2016Q4": "Xinhua 2017-01-25 http://en.chinagate.cn/2017-01/25/content_40180568.htm ; http://europe.chinadaily.com.cn/business/2017-01/26/content_28058943.htm",
    "2017Q1": "http://aaaba.info/archives/226 ; https://www.chinabankingnews.com/2017/05/11/cbrc-reports-modest-dip-commercial-bank-npls-last-quarter/",
    "2017Q2": "China Daily (mirror) http://dkpw.cn/bizchina/2017-08/16/content_30670730.htm",
    "2017Q3": "http://covid-19.chinadaily.com.cn/business/2017-11/10/content_34370992.htm ; CBRC EN release copy http://yes888.net/EngdocView.do?docID=2C877F5F62694FC68A1C27AB46542A02",
    "2017Q4": "https://news.cgtn.com/news/3541544f78454464776c6d636a4e6e62684a4856/share_p.html",
    "2018Q1": "Xinhua https://en.imsilkroad.com/p/95918.html ; https://www.moodysanalytics.com/regulatory-news/aug-13-18-cbirc-releases-regulatory-banking-indicators-for-q2-2018",
    "2018Q2": "https://www.moodysanalytics.com/regulatory-news/aug-13-18-cbirc-releases-regulatory-banking-indicators-for-q2-2018",
    "2018Q3": "http://www.globaltimes.cn/content/1128248.shtml ; http://english.www.gov.cn/state_council/ministries/2018/11/20/content_281476398165890.htm",
    "2018Q4": "Xinhua https://en.imsilkroad.com/p/131796.html ; CBIRC EN release http://www.cbirc.gov.cn/web2019/english/ybEnDocView/5D0D9787EA8D4AB6BD0AFA2FE39D38EF/1.html",
    "2019Q1": "https://peoplesdaily.pdnews.cn/business/asset-quality-of-lenders-stable-says-cbirc-official-22860.html ; Reuters https://www.reuters.com/article/china-banks/china-banks-bad-loan-ratio-stays-flat-at-18-at-end-q1-regulator-idUSB9N21K002",
    "2019Q2": "Reuters https://www.reuters.com/article/us-china-banks/chinese-banks-npl-ratio-edges-up-to-181-at-end-second-quarter-regulator-idUSKCN1V20TF ; CBIRC EN http://www.cbirc.gov.cn/web2019/english/ybEnDocView/7D62E92675E74C34822E5152166EEFE8/1.html",
    "2019Q3": "http://www.chinanewsportal.com/news/2019/1114/1638/5dcd16670a0fe64399ffe40b",
    "2019Q4": "http://global.chinadaily.com.cn/a/202002/18/WS5e4b51d7a3101282172785c1.html",
    "2020Q1": "https://www.yicaiglobal.com/news/chinese-commercial-banks-bad-loans-rose-5-bips-in-first-quarter-cbirc-says ; https://www.tellerreport.com/business/2020-05-13-at-the-end-of-the-first-quarter--china-s-banking-industry-s-total-assets-exceeded-302-trillion-yuan-in-non-performing-loans--.H1ZnyjBt9U.html",
    "2020Q2": "Xinhua http://m.zgzxnews.com/jinrong/bank/182237.html ; https://en.imsilkroad.com/p/317520.html",
    "2020Q3": "Xinhua http://m.zgzxnews.com/jinrong/bank/182237.html ; https://en.imsilkroad.com/p/317520.html",
    "2020Q4": "http://en.xfafinance.com/html/Industries/Finance/2021/679477.shtml",
    "2021Q1": "http://english.www.gov.cn/statecouncil/ministries/202105/12/content_WS609b9d24c6d0df57f98d964f.html",
    "2021Q2": "CBA report via Xinhua https://en.imsilkroad.com/p/323577.html",
    "2021Q3": "https://www.chinabankingnews.com/2021/11/18/asset-quality-of-chinese-banks-holds-steady-in-third-quarter-of-2021/",
    "2021Q4": "http://english.www.gov.cn/archive/statistics/202202/12/content_WS62074b5dc6d09c94e48a4fa4.html ; https://www.hellenicshippingnews.com/chinas-commercial-banks-bad-loan-ratio-declines-says-regulator/",
    "2022Q1": "https://www.chinabankingnews.com/2022/06/07/non-performing-loan-ratio-of-chinese-banks-edges-lower-in-first-quarter-assets-post-steady-growth/",
    "2022Q2": "http://lnmlw.com/Loanintermediary/podyqrsmya.html ; http://www.china.org.cn/business/2022-11/16/content_78521293.htm",
    "2022Q3": "http://www.china.org.cn/business/2022-11/16/content_78521293.htm ; https://news.cnyes.com/news/id/5012747",
    "2022Q4": "Xinhua 2023-02-15 https://www.zjc.gov.cn/info/1831/336311.htm",
    "2023Q1": "https://www.devdiscourse.com/article/business/2457734-china-commercial-banks-non-performing-loan-ratio-at-162",
    "2023Q2": "https://silubaba.us/52570.html ; http://www.09115.cn/jilin/guonei/158910.html",
    "2023Q3": "http://en.people.cn/n3/2023/1115/c90000-20097687.html",
    "2023Q4": "Xinhua 2024-02-22 http://m.jwbk.com/jinrong/306505bd7b827451b8198d4066025f64.html",
    "2024Q1": "https://en.amwalalghad.com/chinas-banks-maintain-stable-credit-quality-in-q1-24 ; https://playfulspheres.com/in-the-first-quarter-my-countrys-commercial-banks-achieved-a-total-of-6723-billion-yuan-in-net-profit",
    "2024Q2": "Xinhua via Ningxia gov. http://jrjgj.nx.gov.cn/jrrd/jrfxff/202509/t20250902_5006953.html ; https://time.news/chinas-commercial-banks-see-decline-in-non-performing-loans-xinhua",
    "2024Q3": "Reuters via https://www.devdiscourse.com/article/health/3166849-steady-loan-performance-amid-profit-growth-in-chinese-banks",
    "2024Q4": S_REPORTIFY_2024,
    "2025Q1": "https://reportify.ai/news/1120839122693525504",
    "2025Q2": "NFRA text copy http://www.traintheprinter.com/xwzx/hydt/202508/t20250819_4141.html ; https://www.itiger.com/news/2560496978 ; https://www.etnet.com.hk/www/tc/stocks/ah_news_detail.php?newsid=ETN350815862",
    "2025Q3": "http://app3.myzaker.com/news/article.php?pk=691a7b0e8e9f095de96c57a4 ; https://gmteight.com/flash/detail/1069504",
    "2025Q4": "https://www.forexbnb.com/news/fintech/37668.html",
}

# Each entry: period -> metric -> dict(value, qualifier, derived, first_published, source (extra), note)
RATIO_FACTS: dict[str, dict[str, dict]] = {
    "2015Q1": {"npl_ratio_pct": {"v": 1.39}, "npl_balance_yi": {"v": 9825}},
    "2015Q2": {"npl_ratio_pct": {"v": 1.50}, "npl_balance_yi": {"v": 10900}},
    "2015Q3": {"npl_ratio_pct": {"v": 1.59}, "provision_coverage_pct": {
        "v": 167.7, "src": "https://chinaeconomicreview.com/chinese-banks-bad-loans-rise-highest-levels-2009/ ; http://china.org.cn/business/2015-11/06/content_36996230.htm",
        "note": "another report rounds it to about 168%"}},
    "2015Q4": {"npl_ratio_pct": {"v": 1.67}, "npl_balance_yi": {"v": 12700}},
    "2016Q1": {"npl_ratio_pct": {"v": 1.75}, "npl_balance_yi": {"v": 13900, "q": "~", "d": True, "note": "derived by the researcher: 2016Q2 balance 1.44 tn / 1.0325 (the stated growth); about 1.39 tn"}},
    "2016Q2": {"npl_ratio_pct": {"v": 1.75}, "npl_balance_yi": {"v": 14400}},
    "2016Q3": {"npl_ratio_pct": {"v": 1.76, "note": "described as a 'seven-year high'"}, "npl_balance_yi": {"v": 14900, "q": "~", "d": True, "note": "derived by the researcher from the 2016Q4 release's quarter-on-quarter change; about 1.49 tn"}},
    "2016Q4": {"npl_ratio_pct": {"v": 1.74}, "npl_balance_yi": {"v": 15100}, "provision_coverage_pct": {"v": 176.44, "d": True, "note": "derived by the researcher from a stated change in a later release"}},
    "2017Q1": {"npl_ratio_pct": {"v": 1.74}, "npl_balance_yi": {"v": 15800}, "provision_coverage_pct": {"v": 178.8}},
    "2017Q2": {"npl_ratio_pct": {"v": 1.74}, "npl_balance_yi": {"v": 16400}, "provision_coverage_pct": {"v": 177.17, "d": True, "note": "derived by the researcher from a stated change in a later release"}},
    "2017Q3": {"npl_ratio_pct": {"v": 1.74}, "npl_balance_yi": {"v": 16700}, "provision_coverage_pct": {"v": 180.39}},
    "2017Q4": {"npl_ratio_pct": {"v": 1.74}, "npl_balance_yi": {"v": 17000, "q": "~", "d": True, "note": "derived by the researcher: 2018Q1 balance 1.77 tn minus the stated 68.5 bn rise; about 1.70 tn"}},
    "2018Q1": {"npl_ratio_pct": {"v": 1.75, "note": "1.75% as published in the Q1 release; the CBIRC Q2-2018 release (Moody's summary) implies 1.74% for Q1"}, "npl_balance_yi": {"v": 17700}, "provision_coverage_pct": {"v": 191.28, "d": True, "note": "derived by the researcher from the Q2-2018 release's stated change"}},
    "2018Q2": {"npl_ratio_pct": {"v": 1.86}, "npl_balance_yi": {"v": 19600}, "provision_coverage_pct": {"v": 178.70}},
    "2018Q3": {"npl_ratio_pct": {"v": 1.87}, "npl_balance_yi": {"v": 20300}},
    "2018Q4": {"npl_ratio_pct": {"v": 1.89, "fp": 1.83,
                                 "src": "Reuters https://www.reuters.com/article/china-banks/china-banks-bad-loan-ratio-stays-flat-at-18-at-end-q1-regulator-idUSB9N21K002 ; " + S_ASIATIMES,
                                 "note": "first published as 1.83% (Xinhua; CBIRC EN release); later statements (Reuters, Asia Times) cite 1.89%"},
               "npl_balance_yi": {"v": 20300}},
    "2019Q1": {"npl_ratio_pct": {"v": 1.80}, "npl_balance_yi": {"v": 21600}, "provision_coverage_pct": {"v": 192.2}},
    "2019Q2": {"npl_ratio_pct": {"v": 1.81}, "npl_balance_yi": {"v": 22400}, "provision_coverage_pct": {"v": 190.60, "d": True, "note": "derived by the researcher from a stated change in a later release"}},
    "2019Q3": {"npl_ratio_pct": {"v": 1.86}, "npl_balance_yi": {"v": 23700}, "provision_coverage_pct": {"v": 187.63}},
    "2019Q4": {"npl_ratio_pct": {"v": 1.86}, "npl_balance_yi": {"v": 24100}, "provision_coverage_pct": {"v": 186.08}},
    "2020Q1": {"npl_ratio_pct": {"v": 1.91}, "npl_balance_yi": {"v": 26100}, "provision_coverage_pct": {"v": 183.2}},
    "2020Q2": {"npl_ratio_pct": {"v": 1.94, "d": True, "note": "derived by the researcher from the 2020Q3 release's quarter-on-quarter change"},
               "npl_balance_yi": {"v": 27400, "q": "~", "d": True, "note": "derived by the researcher from the 2020Q3 release; about 2.74 tn"},
               "provision_coverage_pct": {"v": 182.42, "d": True, "note": "derived by the researcher from the 2020Q3 release's stated change"}},
    "2020Q3": {"npl_ratio_pct": {"v": 1.96}, "npl_balance_yi": {"v": 28400}, "provision_coverage_pct": {"v": 179.9}},
    "2020Q4": {"npl_ratio_pct": {"v": 1.84}, "npl_balance_yi": {"v": 27000}, "provision_coverage_pct": {"v": 184.5}},
    "2021Q1": {"npl_ratio_pct": {"v": 1.80, "note": "a China Banking Association report implies 1.81%"}, "npl_balance_yi": {"v": 28000}, "provision_coverage_pct": {"v": 187.14}},
    "2021Q2": {"npl_ratio_pct": {"v": 1.76}, "npl_balance_yi": {"v": 28000}, "provision_coverage_pct": {"v": 193.23, "d": True, "note": "derived by the researcher from a stated change in a later release"}},
    "2021Q3": {"npl_ratio_pct": {"v": 1.75}, "npl_balance_yi": {"v": 28000}, "provision_coverage_pct": {"v": 196.99}},
    "2021Q4": {"npl_ratio_pct": {"v": 1.73}, "npl_balance_yi": {"v": 28000, "note": "2.8 tn as rounded by the release (+13.5 bn on the quarter)"}},
    "2022Q1": {"npl_ratio_pct": {"v": 1.69}, "npl_balance_yi": {"v": 29000}},
    "2022Q2": {"npl_ratio_pct": {"v": 1.67, "note": "weak source; consistent with the 2022Q3 release ('down 0.01 pp')"},
               "provision_coverage_pct": {"v": 203.79, "d": True, "note": "derived by the researcher from the 2022Q3 release's stated change"}},
    "2022Q3": {"npl_ratio_pct": {"v": 1.66}, "npl_balance_yi": {"v": 30000}, "provision_coverage_pct": {"v": 205.54}},
    "2022Q4": {"npl_ratio_pct": {"v": 1.63}, "npl_balance_yi": {"v": 30000}, "provision_coverage_pct": {"v": 205.85}},
    "2023Q1": {"npl_ratio_pct": {"v": 1.62}, "npl_balance_yi": {"v": 31000}},
    "2023Q2": {"npl_ratio_pct": {"v": 1.62}, "npl_balance_yi": {"v": 32000}},
    "2023Q3": {"npl_ratio_pct": {"v": 1.61}, "npl_balance_yi": {"v": 32000}, "provision_coverage_pct": {"v": 207.88, "d": True, "note": "derived by the researcher from a stated change in the 2023Q4 release"}},
    "2023Q4": {"npl_ratio_pct": {"v": 1.59}, "npl_balance_yi": {"v": 32000}, "provision_coverage_pct": {"v": 205.14}},
    "2024Q1": {"npl_ratio_pct": {"v": 1.59}, "npl_balance_yi": {"v": 34000}, "provision_coverage_pct": {"v": 204.54, "d": True, "note": "derived by the researcher from a stated change in a later release"}},
    "2024Q2": {"npl_ratio_pct": {"v": 1.56}, "npl_balance_yi": {"v": 33000}, "provision_coverage_pct": {"v": 209.32}},
    "2024Q3": {"npl_ratio_pct": {"v": 1.56}},
    "2024Q4": {"npl_ratio_pct": {"v": 1.50, "src": SEED2, "note": "seed 002 agrees: Q1-2025's 1.51% was 'up 1 bp' on year-end 2024"},
               "npl_balance_yi": {"v": 32791.88, "d": True, "src": f"{S_LIANHE} ; {SEED1}",
                                  "note": "derived: end-Sep-2025 balance 35224.78亿 (联合资信) minus the 243.29 bn rise since the start of 2025 (seed 001); the researcher rounds it to about 3.28 tn"}},
    "2025Q1": {"npl_ratio_pct": {"v": 1.51, "src": SEED2, "note": "seed 002 agrees (1.51%)"}, "npl_balance_yi": {"v": 34000},
               "provision_coverage_pct": {"v": 208.13, "d": True, "note": "derived by the researcher from a stated change in a later release"}},
    "2025Q2": {"npl_ratio_pct": {"v": 1.49, "src": SEED2, "note": "seed 002 agrees (down 2 bp from 1.51%)"},
               "npl_balance_yi": {"v": 34300, "src": SEED0, "note": "the more precise 3.43 tn from the NFRA text copy (headline 3.4 tn; seed 000 says CNY 3.4 tn by mid-2025)"},
               "provision_coverage_pct": {"v": 211.97}},
    "2025Q3": {"npl_ratio_pct": {"v": 1.52, "src": f"{SEED1} ; {SEED2} ; {SEED3}", "note": "seeds 001, 002 and 003 agree (1.52%)"},
               "npl_balance_yi": {"v": 35224.78, "src": f"{S_LIANHE} ; {SEED1} ; {SEED2} ; {SEED3}",
                                  "note": "the precise 35224.78亿 (3.52248 tn) from 联合资信's 2025 NPL ABS review; the headline is 3.5 tn; seeds 001/002 say 3.52 tn"},
               "provision_coverage_pct": {"v": 207.15}},
    "2025Q4": {"npl_ratio_pct": {"v": 1.50, "src": SEED2, "note": "seed 002 agrees (1.50%)"},
               "npl_balance_yi": {"v": 35000, "src": SEED2, "note": "3.5 tn as published (seed 002: RMB 3.50 trillion); the release also says -24.1 bn on the quarter, which with the precise 2025Q3 figure implies about 34983.78亿"},
               "provision_coverage_pct": {"v": 205.21}},
}

YICAI = "Yicai (rounded) https://www.yicaiglobal.com/news/chinese-commercial-banks-bad-loans-rose-5-bips-in-first-quarter-cbirc-says"
MING7 = "China Daily (mirror) http://m.ming7.cn/kindle/2016-08/12/content_26448504.htm"
ZQRB_2025Q3 = "证券日报 summary https://reportify.cn/news/1187714902064762880"
# (period, bank_type, value, derived, source, note)
BANK_TYPE_RATIOS = [
    ("2016Q1", "large_state", 1.72, True, MING7, "derived by the researcher from the 2016Q2 figure and its stated change"),
    ("2016Q1", "rural", 2.56, True, MING7, "derived by the researcher from the 2016Q2 figure and its stated change"),
    ("2016Q2", "large_state", 1.69, False, MING7, ""),
    ("2016Q2", "rural", 2.62, False, MING7, ""),
    ("2020Q1", "large_state", 1.4, False, YICAI, "rounded to 0.1 by the source"),
    ("2020Q1", "joint_stock", 1.6, False, YICAI, "rounded to 0.1 by the source"),
    ("2020Q1", "city", 2.5, False, YICAI, "rounded to 0.1 by the source"),
    ("2020Q1", "rural", 4.1, False, YICAI, "rounded to 0.1 by the source"),
    ("2020Q1", "private", 1.1, False, YICAI, "rounded to 0.1 by the source"),
    ("2020Q1", "foreign", 0.7, False, YICAI, "rounded to 0.1 by the source"),
    ("2024Q4", "rural", 2.80, False, S_REPORTIFY_2024, "down 0.54 pp on the year"),
    ("2025Q2", "joint_stock", 1.22, True, ZQRB_2025Q3, "derived by the researcher: the 2025Q3 source says joint-stock banks were flat on the quarter at 1.22%"),
    ("2025Q3", "large_state", 1.22, False, ZQRB_2025Q3, ""),
    ("2025Q3", "joint_stock", 1.22, False, ZQRB_2025Q3, ""),
    ("2025Q3", "city", 1.84, False, ZQRB_2025Q3, ""),
    ("2025Q3", "rural", 2.82, False, ZQRB_2025Q3, ""),
    ("2025Q3", "private", 1.83, False, ZQRB_2025Q3, ""),
    ("2025Q3", "foreign", 1.06, False, ZQRB_2025Q3, ""),
]

METRIC_ORDER = {"npl_ratio_pct": 0, "npl_balance_yi": 1, "provision_coverage_pct": 2}
BANK_ORDER = {b: i for i, b in enumerate(["all", "large_state", "joint_stock", "city", "rural", "private", "foreign"])}


def build_ratios() -> list[dict]:
    rows = []
    for period, metrics in RATIO_FACTS.items():
        for metric, f in metrics.items():
            src = R_SRC[period]
            if f.get("src"):
                src = f"{src} ; {f['src']}"
            note = f.get("note", "")
            if metric == "npl_balance_yi" and not note:
                note = "published in RMB trillion; stored × 10000 as 亿元"
            rows.append({
                "id": f"ratio-{period}-all-{metric}",
                "period": period,
                "as_of": quarter_end(period),
                "bank_type": "all",
                "metric": metric,
                "value": f["v"],
                "qualifier": f.get("q", ""),
                "first_published": f.get("fp"),
                "derived": f.get("d", False),
                "source": src,
                "note": ("commercial banks, legal-entity basis; " + note).rstrip("; "),
            })
    for period, bank, value, derived, src, note in BANK_TYPE_RATIOS:
        rows.append({
            "id": f"ratio-{period}-{bank}-npl_ratio_pct",
            "period": period,
            "as_of": quarter_end(period),
            "bank_type": bank,
            "metric": "npl_ratio_pct",
            "value": value,
            "qualifier": "",
            "derived": derived,
            "source": src,
            "note": note,
        })
    rows.sort(key=lambda r: (r["period"], BANK_ORDER[r["bank_type"]], METRIC_ORDER[r["metric"]]))
    return rows


# --------------------------------------------------------------------------- Yindeng

def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "") for k, v in r.items() if k is not None} for r in csv.DictReader(fh)]


def serial_to_date(text: str) -> dt.date | None:
    """A spreadsheet serial day (day 0 = 1899-12-30) or an ISO date/time string."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        # The fractional part is the time of day; the date is the whole day.
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(float(text)))
    return dt.datetime.fromisoformat(text).date()


def norm_name(text: str) -> str:
    """Project names for joining: NFKC (full-width brackets -> ASCII) and no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def yi(text: str) -> float | None:
    text = text.strip().replace(",", "")
    return float(text) / 1e8 if text else None


def to_int(text: str) -> int | None:
    text = text.strip().replace(",", "")
    return int(round(float(text))) if text else None


def asset_type_of(name: str) -> str:
    name = re.sub(r"\s+", "", name)
    if "信用卡" in name:
        return "retail_credit_card"
    # 个人消费经营类 (no 及) is the same mixed type; see docs/data-sources.md.
    if re.search("消费及经营|消费和经营|消费经营", name):
        return "retail_consumer_business"
    if "经营" in name:
        return "retail_business"
    if "消费" in name:
        return "retail_consumer"
    return "retail_other"


# seller_zh (legal name) -> (English name, seller_type)
SELLERS = {
    "平安银行股份有限公司": ("Ping An Bank", "joint_stock_bank"),
    "上海浦东发展银行股份有限公司": ("SPD Bank", "joint_stock_bank"),
    "中国民生银行股份有限公司": ("China Minsheng Bank", "joint_stock_bank"),
    "中国光大银行股份有限公司": ("China Everbright Bank", "joint_stock_bank"),
    "华夏银行股份有限公司": ("Hua Xia Bank", "joint_stock_bank"),
    "中信银行股份有限公司": ("China CITIC Bank", "joint_stock_bank"),
    "广发银行股份有限公司": ("China Guangfa Bank", "joint_stock_bank"),
    "招商银行股份有限公司": ("China Merchants Bank", "joint_stock_bank"),
    "兴业银行股份有限公司": ("Industrial Bank", "joint_stock_bank"),
    "中国邮政储蓄银行股份有限公司": ("Postal Savings Bank of China", "large_state_bank"),
    "交通银行股份有限公司": ("Bank of Communications", "large_state_bank"),
    "中国银行股份有限公司": ("Bank of China", "large_state_bank"),
    "中国建设银行股份有限公司": ("China Construction Bank", "large_state_bank"),
    "中原银行股份有限公司": ("Zhongyuan Bank", "city_commercial_bank"),
    "江苏银行股份有限公司": ("Bank of Jiangsu", "city_commercial_bank"),
    "南京银行股份有限公司": ("Bank of Nanjing", "city_commercial_bank"),
    "上海银行股份有限公司": ("Bank of Shanghai", "city_commercial_bank"),
    "甘肃银行股份有限公司": ("Bank of Gansu", "city_commercial_bank"),
    "河北银行股份有限公司": ("Bank of Hebei", "city_commercial_bank"),
    "珠海华润银行股份有限公司": ("Zhuhai China Resources Bank", "city_commercial_bank"),
    "蒙商银行股份有限公司": ("Mengshang Bank", "city_commercial_bank"),
    "广东顺德农村商业银行股份有限公司": ("Guangdong Shunde Rural Commercial Bank", "rural_commercial_bank"),
    "江苏江南农村商业银行股份有限公司": ("Jiangsu Jiangnan Rural Commercial Bank", "rural_commercial_bank"),
    "江苏紫金农村商业银行股份有限公司": ("Jiangsu Zijin Rural Commercial Bank", "rural_commercial_bank"),
    "肇庆农村商业银行股份有限公司": ("Zhaoqing Rural Commercial Bank", "rural_commercial_bank"),
    "中山农村商业银行股份有限公司": ("Zhongshan Rural Commercial Bank", "rural_commercial_bank"),
    "定西农村商业银行股份有限公司": ("Dingxi Rural Commercial Bank", "rural_commercial_bank"),
    "兰州农村商业银行股份有限公司": ("Lanzhou Rural Commercial Bank", "rural_commercial_bank"),
    "平凉农村商业银行股份有限公司": ("Pingliang Rural Commercial Bank", "rural_commercial_bank"),
    "张掖农村商业银行股份有限公司": ("Zhangye Rural Commercial Bank", "rural_commercial_bank"),
    "甘肃会宁农村商业银行股份有限公司": ("Gansu Huining Rural Commercial Bank", "rural_commercial_bank"),
    "甘肃庄浪农村商业银行股份有限公司": ("Gansu Zhuanglang Rural Commercial Bank", "rural_commercial_bank"),
    "甘肃康县农村商业银行股份有限公司": ("Gansu Kangxian Rural Commercial Bank", "rural_commercial_bank"),
    "甘肃礼县农村商业银行股份有限公司": ("Gansu Lixian Rural Commercial Bank", "rural_commercial_bank"),
    "甘肃泾川农村商业银行股份有限公司": ("Gansu Jingchuan Rural Commercial Bank", "rural_commercial_bank"),
    "甘肃陇西农村商业银行股份有限公司": ("Gansu Longxi Rural Commercial Bank", "rural_commercial_bank"),
    "甘肃西和农村商业银行股份有限公司": ("Gansu Xihe Rural Commercial Bank", "rural_commercial_bank"),
    "天水秦州农村合作银行": ("Tianshui Qinzhou Rural Cooperative Bank", "rural_commercial_bank"),
    "庆城县农村信用合作联社": ("Qingcheng County Rural Credit Cooperative", "rural_commercial_bank"),
    "合水县农村信用合作联社": ("Heshui County Rural Credit Cooperative", "rural_commercial_bank"),
    "华池县农村信用合作联社": ("Huachi County Rural Credit Cooperative", "rural_commercial_bank"),
    "镇原县农村信用合作联社": ("Zhenyuan County Rural Credit Cooperative", "rural_commercial_bank"),
    "通渭县农村信用合作联社": ("Tongwei County Rural Credit Cooperative", "rural_commercial_bank"),
    "皋兰县农村信用合作联社": ("Gaolan County Rural Credit Cooperative", "rural_commercial_bank"),
    "中银消费金融有限公司": ("BOC Consumer Finance", "consumer_finance"),
    "捷信消费金融有限公司": ("Home Credit Consumer Finance", "consumer_finance"),
    "中邮消费金融有限公司": ("China Post Consumer Finance", "consumer_finance"),
    "河南中原消费金融股份有限公司": ("Henan Zhongyuan Consumer Finance", "consumer_finance"),
    "北银消费金融有限公司": ("BOB Consumer Finance", "consumer_finance"),
    "四川锦程消费金融有限责任公司": ("Sichuan Jincheng Consumer Finance", "consumer_finance"),
    "南银法巴消费金融有限公司": ("Nanyin BNP Paribas Consumer Finance", "consumer_finance"),
    "浙江宁银消费金融股份有限公司": ("Zhejiang Ningyin Consumer Finance", "consumer_finance"),
}

JSB = ("平安", "浦发", "浦东发展", "民生", "光大", "中信", "招商", "华夏", "兴业", "广发", "浙商", "渤海", "恒丰")
LARGE = ("工商", "农业银行", "中国银行", "建设银行", "交通银行", "邮政储蓄", "邮储")


def seller_of(name_zh: str) -> tuple[str, str]:
    """English name and seller_type; falls back to rules for names not listed."""
    if name_zh in SELLERS:
        return SELLERS[name_zh]
    if "消费金融" in name_zh:
        kind = "consumer_finance"
    elif "农村商业" in name_zh or "农商" in name_zh or "农村信用" in name_zh or "农村合作" in name_zh:
        kind = "rural_commercial_bank"
    elif any(k in name_zh for k in JSB):
        kind = "joint_stock_bank"
    elif any(k in name_zh for k in LARGE):
        kind = "large_state_bank"
    elif "银行" in name_zh:
        kind = "city_commercial_bank"
    else:
        kind = "other"
    return name_zh, kind


BUYERS = {
    "辽宁富安金融资产管理有限公司": "Liaoning Fuan Financial AMC",
    "天津滨海正信资产管理有限公司": "Tianjin Binhai Zhengxin AMC",
    "甘肃长达金融资产管理股份有限公司": "Gansu Changda Financial AMC",
    "海德资产管理有限公司": "Haide AMC",
    "海徳资产管理有限公司": "Haide AMC",  # variant character 徳 in the source; same company
    "宁夏金融资产管理有限公司": "Ningxia Financial AMC",
    "广东粤财资产管理有限公司": "Guangdong Yuecai AMC",
    "河南资产管理有限公司": "Henan Asset Management",
    "苏州资产管理有限公司": "Suzhou AMC",
    "广州资产管理有限公司": "Guangzhou AMC",
    "深圳市招商平安资产管理有限责任公司": "Shenzhen China Merchants Ping An AMC",
    "华润渝康资产管理有限公司": "China Resources Yukang AMC",
    "中国信达资产管理股份有限公司四川省分公司": "China Cinda AMC (Sichuan branch)",
    "云南省资产管理有限公司": "Yunnan AMC",
    "中国华融资产管理股份有限公司浙江省分公司": "China Huarong AMC (Zhejiang branch)",
    "四川发展资产管理有限公司": "Sichuan Development AMC",
    "江西瑞京金融资产管理有限公司": "Jiangxi Ruijing Financial AMC",
    "国厚资产管理股份有限公司": "Guohou AMC",
    "广西广投资产管理股份有限公司": "Guangxi Guangtou AMC",
    "广西联合资产管理股份有限公司（原名称：广西广投资产管理股份有限公司）": "Guangxi United AMC (formerly Guangxi Guangtou AMC)",
    "福建省闽投资产管理有限公司": "Fujian Mintou AMC",
    "重庆富城资产管理有限公司": "Chongqing Fucheng AMC",
    "光大金瓯资产管理有限公司": "Everbright Jinou AMC",
    "浙江省浙商资产管理股份有限公司": "Zhejiang Zheshang AMC",
    "陕西金融资产管理股份有限公司": "Shaanxi Financial AMC",
}

# English names of cities that appear in Yindeng branch names and remarks. Geography only.
CITY_EN = {
    "北京": "Beijing", "天津": "Tianjin", "上海": "Shanghai", "重庆": "Chongqing",
    "深圳": "Shenzhen", "广州": "Guangzhou", "东莞": "Dongguan", "佛山": "Foshan", "惠州": "Huizhou",
    "中山": "Zhongshan", "肇庆": "Zhaoqing", "杭州": "Hangzhou", "温州": "Wenzhou", "宁波": "Ningbo",
    "义乌": "Yiwu", "南京": "Nanjing", "苏州": "Suzhou", "郑州": "Zhengzhou", "洛阳": "Luoyang",
    "开封": "Kaifeng", "长沙": "Changsha", "哈尔滨": "Harbin", "太原": "Taiyuan", "晋中": "Jinzhong",
    "泉州": "Quanzhou", "厦门": "Xiamen", "福州": "Fuzhou", "青岛": "Qingdao", "济南": "Jinan",
    "东营": "Dongying", "济宁": "Jining", "临沂": "Linyi", "泰安": "Tai'an", "潍坊": "Weifang",
    "淄博": "Zibo", "成都": "Chengdu", "德阳": "Deyang", "乐山": "Leshan", "绵阳": "Mianyang",
    "沈阳": "Shenyang", "大连": "Dalian", "武汉": "Wuhan", "宜昌": "Yichang", "西安": "Xi'an",
    "咸阳": "Xianyang", "乌鲁木齐": "Urumqi", "兰州": "Lanzhou", "银川": "Yinchuan", "南昌": "Nanchang",
    "合肥": "Hefei", "海口": "Haikou", "廊坊": "Langfang", "唐山": "Tangshan", "石家庄": "Shijiazhuang",
    "保定": "Baoding", "沧州": "Cangzhou", "邯郸": "Handan", "昆明": "Kunming", "南宁": "Nanning",
    "贵阳": "Guiyang", "遵义": "Zunyi",
}


def city_of(text: str) -> str:
    """English city when *text* names exactly one branch in exactly one known city."""
    if not text or text.count("分行") > 1 or "、" in text or "和" in text:
        return ""
    found = {en for zh, en in CITY_EN.items() if zh in text}
    if len(found) != 1:
        return ""
    return found.pop()


def strip_own_name(text: str, seller_zh: str) -> str:
    """Drop the seller's own name (and its short form) so '江苏银行代垫…' names no place."""
    short = re.sub(r"(股份有限公司|有限责任公司|有限公司)$", "", seller_zh)
    for name in sorted({seller_zh, short}, key=len, reverse=True):
        if name:
            text = text.replace(name, "")
    return text


def name_branch(project: str) -> str:
    """The branch named inside a project title, between the legal name and 关于/年份."""
    m = re.match(r"^.*?(?:股份有限公司|有限责任公司|有限公司|合作联社|合作银行)(.*?)(?:关于|\d{4}年)", project)
    return m.group(1) if m else ""


def derive_place(seller_zh: str, branch: str, remark: str, project: str) -> tuple[str, str, str]:
    """(province_code, city, how) from branch, then remarks, then the title's branch; never the head office."""
    remark_clean = strip_own_name(remark, seller_zh)
    title_branch = name_branch(project)
    for text, how in ((branch, "下属机构 (branch)"), (remark_clean, "备注 (remarks)"), (title_branch, "the branch in the project title")):
        if not text:
            continue
        code = province_from_text(text)
        if code:
            return code, city_of(text), how
    return "", "", ""


def build_yindeng(shared: Path) -> tuple[list[dict], list[dict]]:
    """Announcement rows for the 2023 Yindeng listings and unmatched results; plus listing facts for medians."""
    listings = read_csv(shared / "research" / "yindeng_2023_listings.csv")
    results = [r for r in read_csv(shared / "research" / "yindeng_2023_results.csv") if (r.get("项目名称") or "").strip()]
    by_name: dict[str, dict] = {}
    for r in results:
        key = norm_name(r["项目名称"])
        if key in by_name:
            raise SystemExit(f"duplicate result project name: {r['项目名称']}")
        by_name[key] = r
    listing_names = {norm_name(x["项目名称"]) for x in listings}

    rows: list[dict] = []
    facts: list[dict] = []
    for x in listings:
        seq = int(x["序号"])
        seller_zh = x["出让方主体名称"].strip()
        seller, seller_type = seller_of(seller_zh)
        branch = x["下属机构"].strip()
        project = x["项目名称"].strip()
        auction = serial_to_date(x["竞价日"])
        assert auction is not None, seq
        principal = yi(x["未偿本金总额（元）"])
        interest = yi(x["未偿利息总额（元）"])
        start = yi(x["起始价（元）"])
        asset = asset_type_of(project)
        province, city, how = derive_place(seller_zh, branch, x["备注"], project)
        notes = [f"Yindeng retail NPL listing #{seq}; date = auction date (竞价日)"]
        if province:
            notes.append(f"province from {how}")
        else:
            notes.append("province unknown: no branch, remark or title names one place (head office not used)")
        result = by_name.get(norm_name(project))
        buyer_zh = x["受让方全称"].strip()
        project_id = ""
        status = "listed"
        if x["是否成交"].strip() == "1" or result is not None:
            status = "signed"
            if result is not None:
                project_id = result["项目编号"].strip()
                signed_on = serial_to_date(result["转让协议签署日期"])
                res_buyer = result["受让方全称"].strip()
                if not buyer_zh:
                    buyer_zh = res_buyer
                    notes.append("是否成交=0 in the listings sheet, but the results sheet records a signed agreement")
                elif res_buyer != buyer_zh:
                    notes.append(f"results sheet names the buyer {res_buyer}")
                notes.append(f"transfer agreement signed {signed_on.isoformat() if signed_on else 'date not given'} (results sheet)")
            else:
                notes.append("signed per 是否成交=1; no matching result row")
        if "重新挂牌" in project:
            notes.append("relisting (重新挂牌)")
        ratio = None
        if principal and start is not None:
            ratio = start / principal * 100
            if ratio > 100:
                notes.append(
                    f"principal {x['未偿本金总额（元）']} yuan looks wrong (interest {x['未偿利息总额（元）']}, start price {x['起始价（元）']}): excluded from the start-price medians"
                )
        if "信用卡" in project and ("消费" in project or "经营" in project):
            notes.append("mixed package (credit card plus personal loans), typed by its first asset class")
        rows.append({
            "id": f"yd-L-{seq:04d}",
            "date": auction.isoformat(),
            "as_of": auction.isoformat(),
            "kind": "bank_package",
            "seller": seller,
            "seller_zh": seller_zh,
            "seller_type": seller_type,
            "branch": branch,
            "buyer": BUYERS.get(buyer_zh, buyer_zh) if buyer_zh else "",
            "buyer_zh": buyer_zh,
            "province_code": province,
            "city": city,
            "asset_type": asset,
            "principal_yi": principal,
            "interest_yi": interest,
            "borrowers": to_int(x["借款人户数（户）"]),
            "loans": to_int(x["资产笔数（笔）"]),
            "overdue_days": to_int(x["加权平均逾期天数"]),
            "starting_price_yi": start,
            "status": status,
            "project_id": project_id,
            "title": project,
            "source": S_YD_BOTH if result is not None else S_YD_LIST,
            "note": "; ".join(notes),
        })
        if ratio is not None and ratio <= 100:
            pi = yi(x["未偿本息总额（元）"])
            facts.append({
                "month": auction.strftime("%Y-%m"),
                "asset_type": asset,
                "start_principal_pct": ratio,
                "start_pi_pct": start / pi * 100 if pi else None,
            })

    for r in results:
        if norm_name(r["项目名称"]) in listing_names:
            continue
        seq = int(r["序号"])
        seller_zh = r["出让方主体名称"].strip()
        seller, seller_type = seller_of(seller_zh)
        branch = r["下属机构"].strip()
        project = r["项目名称"].strip()
        signed_on = serial_to_date(r["转让协议签署日期"])
        assert signed_on is not None, seq
        buyer_zh = r["受让方全称"].strip()
        province, city, how = derive_place(seller_zh, branch, "", project)
        notes = [f"Yindeng transfer result #{seq} with no matching 2023 listing; date = agreement signing date (转让协议签署日期); price not published"]
        notes.append(f"province from {how}" if province else "province unknown: no branch or title names one place (head office not used)")
        rows.append({
            "id": f"yd-R-{seq:04d}",
            "date": signed_on.isoformat(),
            "as_of": signed_on.isoformat(),
            "kind": "bank_package",
            "seller": seller,
            "seller_zh": seller_zh,
            "seller_type": seller_type,
            "branch": branch,
            "buyer": BUYERS.get(buyer_zh, buyer_zh),
            "buyer_zh": buyer_zh,
            "province_code": province,
            "city": city,
            "asset_type": asset_type_of(project),
            "status": "signed",
            "project_id": r["项目编号"].strip(),
            "title": project,
            "source": S_YD_RES,
            "note": "; ".join(notes),
        })
    return rows, facts


# --------------------------------------------------------------------------- seed deals

def seed_deals() -> list[dict]:
    """AMC deals, bank packages and auctions from the seeds and domain_data §4, one row each."""
    month_only = "the source gives only the month; dated to the 1st"
    undated = "undated in the seed ('recently'); dated to the article's reference date 2025-11-14"
    henan = dict(kind="amc_deal", status="signed", province_code="410000", asset_type="mixed", source=SEED1)
    zy = dict(buyer="Zhongyuan AMC", buyer_zh="中原资产管理有限公司")
    rows = [
        {**henan, **zy, "id": "seed-henan-zhongyuan-luoyang-2025-11-13", "date": "2025-11-13",
         "seller": "Luoyang Rural Commercial Bank", "seller_zh": "洛阳农商银行", "seller_type": "rural_commercial_bank",
         "city": "Luoyang", "amount_yi": 22.1, "title": "Zhongyuan AMC signs NPA transfer agreement with Luoyang Rural Commercial Bank (2.21 bn yuan)",
         "note": "transaction value as the seed states it; agreement signed 2025-11-13 and in effect"},
        {**henan, **zy, "id": "seed-henan-zhongyuan-xunxian-2025-11-13", "date": "2025-11-13",
         "seller": "Xunxian Rural Commercial Bank", "seller_zh": "浚县农商银行", "seller_type": "rural_commercial_bank",
         "amount_yi": 15.6, "title": "Zhongyuan AMC signs NPA transfer agreement with Xunxian Rural Commercial Bank (1.56 bn yuan)",
         "note": "transaction value as the seed states it; agreement signed 2025-11-13"},
        {**henan, **zy, "id": "seed-henan-zhongyuan-hebi-2025-11-13", "date": "2025-11-13",
         "seller": "Hebi Rural Commercial Bank", "seller_zh": "鹤壁农商银行", "seller_type": "rural_commercial_bank",
         "city": "Hebi", "amount_yi": 15.03, "title": "Zhongyuan AMC signs NPA transfer agreement with Hebi Rural Commercial Bank (1.503 bn yuan)",
         "note": "transaction value as the seed states it; agreement signed 2025-11-13; the three deals total over 5.2 bn yuan"},
        {**henan, **zy, "id": "seed-henan-zhongyuan-yingcheng-2025-08", "date": "2025-08-01",
         "seller": "Pingdingshan Yingcheng Rural Commercial Bank", "seller_type": "rural_commercial_bank",
         "amount_yi": 19.47, "title": "Zhongyuan AMC acquires NPAs from Pingdingshan Yingcheng Rural Commercial Bank (1.947 bn yuan)",
         "note": f"August 2025, month only: {month_only}; the seed gives the English name only (seller_zh left empty)"},
        {**henan, **zy, "id": "seed-henan-zhongyuan-trust-2025-06", "date": "2025-06-01",
         "seller": "Zhongyuan Trust", "seller_zh": "中原信托", "seller_type": "trust",
         "amount_yi": 17.2, "title": "Zhongyuan AMC buys credit assets from Zhongyuan Trust (1.72 bn yuan)",
         "note": f"June 2025, month only: {month_only}; 'credit assets' per the seed"},
        {**henan, **zy, "id": "seed-henan-zhongyuan-zhengzhou-bank-2024-09", "date": "2024-09-01",
         "seller": "Bank of Zhengzhou", "seller_zh": "郑州银行", "seller_type": "city_commercial_bank",
         "city": "Zhengzhou", "amount_yi": 100, "title": "Zhongyuan AMC reaches a 10 bn yuan deal with Zhengzhou Bank",
         "note": f"September 2024, month only: {month_only}; paid in a mix of cash and trust beneficiary rights"},
        {**henan, "id": "seed-henan-henan-amc-taikang-2025-07", "date": "2025-07-01",
         "buyer": "Henan Asset Management", "buyer_zh": "河南资产管理有限公司",
         "seller": "Taikang Rural Commercial Bank", "seller_zh": "太康农商银行", "seller_type": "rural_commercial_bank",
         "amount_yi": 16.66, "title": "Henan Asset Management acquires NPAs from Taikang Rural Commercial Bank by public bidding (1.666 bn yuan)",
         "note": f"July 2025, month only: {month_only}; via public bidding"},
        {**henan, "id": "seed-henan-henan-amc-xinye-2025-07", "date": "2025-07-01",
         "buyer": "Henan Asset Management", "buyer_zh": "河南资产管理有限公司",
         "seller": "Xinye Rural Commercial Bank", "seller_zh": "新野农商银行", "seller_type": "rural_commercial_bank",
         "amount_yi": 14.56, "title": "Henan Asset Management acquires NPAs from Xinye Rural Commercial Bank by public bidding (1.456 bn yuan)",
         "note": f"July 2025, month only: {month_only}; via public bidding"},
        # ---- seed 003 (Q4 2025 news)
        {"id": "seed-minsheng-cc-2025-phase6", "date": "2025-11-14", "kind": "bank_package", "status": "announced",
         "seller": "China Minsheng Bank", "seller_zh": "中国民生银行", "seller_type": "joint_stock_bank", "branch": "信用卡中心",
         "asset_type": "retail_credit_card", "amount_yi": 51.4, "overdue_days": 1856, "source": SEED3,
         "title": "China Minsheng Bank Credit Card Center: 6th phase 2025 personal NPL (credit-card overdraft) transfer, 5.14 bn yuan",
         "note": "NPL amount as the seed states it (principal/interest split not given); 1856 days overdue; the seed cites it among the 8 announcements of November 14, so dated 2025-11-14"},
        {"id": "seed-bohai-2025-10", "date": "2025-10-01", "kind": "amc_deal", "status": "signed",
         "seller": "China Bohai Bank", "seller_zh": "渤海银行", "seller_type": "joint_stock_bank",
         "buyer": "China Cinda AMC, China Orient AMC and four other AMCs", "buyer_zh": "信达、东方",
         "asset_type": "corporate", "principal_yi": 499.37, "amount_yi": 698.33, "source": f"{S_163} ; {SEED3}",
         "title": "Bohai Bank transfers nearly 50 bn yuan of principal (nearly 70 bn incl. interest and penalties) to six AMCs",
         "note": f"October 2025, month only: {month_only}; seed 003 says 'nearly' 50 bn principal and 'nearly' 70 bn incl. interest; the exact principal 499.37亿 and P+I 698.33亿 (amount_yi) are from domain_data §4; buyers 信达, 东方 and four other AMCs"},
        {"id": "seed-bohai-2025-09", "date": "2025-09-01", "kind": "amc_deal", "status": "signed",
         "seller": "China Bohai Bank", "seller_zh": "渤海银行", "seller_type": "joint_stock_bank",
         "buyer": "Tianjin Jinrong", "buyer_zh": "天津津融", "province_code": "", "asset_type": "corporate",
         "principal_yi": 202.74, "amount_yi": 256.03, "source": S_163,
         "title": "Bohai Bank transfers corporate NPLs to Tianjin Jinrong (P+I 256.03亿)",
         "note": f"September 2025, month only: {month_only}; amount_yi = principal plus interest; about 8.1折"},
        {"id": "seed-bohai-2024-11", "date": "2024-11-01", "kind": "amc_deal", "status": "signed",
         "seller": "China Bohai Bank", "seller_zh": "渤海银行", "seller_type": "joint_stock_bank",
         "asset_type": "corporate", "principal_yi": 207.24, "amount_yi": 289.65, "source": S_163,
         "title": "Bohai Bank transfers corporate NPLs (P+I 289.65亿, principal 207.24亿)",
         "note": f"November 2024, month only: {month_only}; amount_yi = principal plus interest; buyer not stated; about 7折"},
        {"id": "seed-bohai-2024-03", "date": "2024-03-01", "kind": "amc_deal", "status": "signed",
         "seller": "China Bohai Bank", "seller_zh": "渤海银行", "seller_type": "joint_stock_bank",
         "buyer": "Tianjin Jinrong", "buyer_zh": "天津津融", "asset_type": "corporate", "principal_yi": 56.67, "source": S_163,
         "title": "Bohai Bank transfers corporate NPLs to Tianjin Jinrong (principal 56.67亿)",
         "note": f"March 2024, month only: {month_only}; about 7折 on principal"},
        {"id": "seed-guangzhou-rcb-2025-10", "date": "2025-10-01", "kind": "bank_package", "status": "listed",
         "seller": "Guangzhou Rural Commercial Bank", "seller_zh": "广州农村商业银行", "seller_type": "rural_commercial_bank",
         "asset_type": "mixed", "amount_yi": 189, "source": SEED3,
         "title": "Guangzhou Rural Commercial Bank lists 18.9 bn yuan of credit loan assets for disposal",
         "note": f"the seed's sentence opens 'In October'; {month_only}"},
        {"id": "seed-jiujiang-bank-guangzhou-property-2025-11", "date": "2025-11-14", "kind": "auction", "status": "listed",
         "seller": "Bank of Jiujiang", "seller_zh": "九江银行", "seller_type": "city_commercial_bank", "branch": "广州分行",
         "province_code": "440000", "city": "Guangzhou", "asset_type": "property", "starting_price_yi": 0.007984, "source": SEED3,
         "title": "Jiujiang Bank Guangzhou branch auctions a flat on Sihui Nan First Street, Huangpu District, Guangzhou (start about 798,400 yuan)",
         "note": f"{undated}; starting price 'about' 798,400 yuan; the seed estimates the market value at about 2.24 mn yuan"},
        {"id": "seed-lanzhou-rcb-yuchai-one-2025-11", "date": "2025-11-14", "kind": "auction", "status": "failed",
         "seller": "Lanzhou Rural Commercial Bank", "seller_zh": "兰州农村商业银行", "seller_type": "rural_commercial_bank",
         "asset_type": "property", "source": SEED3,
         "title": "Lanzhou Rural Commercial Bank: hundreds of flats in the 'Yuchai One' community at half market price draw zero bids",
         "note": f"{undated}; auction failed with no bids; the seed does not say where the community is"},
        {"id": "seed-imrcb-ningcheng-liquor-2025-11-16", "date": "2025-11-16", "kind": "auction", "status": "listed",
         "seller": "Inner Mongolia Rural Commercial Bank", "seller_zh": "内蒙古农村商业银行", "seller_type": "rural_commercial_bank",
         "branch": "宁城支行", "province_code": "150000", "asset_type": "other_asset", "starting_price_yi": 0.000639, "source": SEED3,
         "title": "Inner Mongolia Rural Commercial Bank Ningcheng branch auctions debt-for-liquor (start 63,900 yuan)",
         "note": "auction scheduled for November 16 (2025); province from the branch: Ningcheng county, Chifeng, Inner Mongolia"},
        {"id": "seed-imrcb-kalaxingqi-stone-2025-11", "date": "2025-11-14", "kind": "auction", "status": "listed",
         "seller": "Inner Mongolia Rural Commercial Bank", "seller_zh": "内蒙古农村商业银行", "seller_type": "rural_commercial_bank",
         "branch": "喀喇沁旗支行", "province_code": "150000", "asset_type": "other_asset", "starting_price_yi": 0.0016, "source": SEED3,
         "title": "Inner Mongolia Rural Commercial Bank Kalaxingqi branch auctions chicken-blood stone (start 160,000 yuan)",
         "note": f"{undated}; province from the branch: Harqin (Kalaqin) Banner, Chifeng, Inner Mongolia"},
        {"id": "seed-abc-properties-2025-11", "date": "2025-11-14", "kind": "auction", "status": "listed",
         "seller": "Agricultural Bank of China", "seller_zh": "中国农业银行", "seller_type": "large_state_bank",
         "asset_type": "property", "source": SEED3,
         "title": "Agricultural Bank of China lists 3,436 properties for direct sale",
         "note": f"{undated}; 3,436 properties (a count, not an amount); places not stated"},
        {"id": "seed-jilin-bank-properties-2025-11", "date": "2025-11-14", "kind": "auction", "status": "listed",
         "seller": "Jilin Bank", "seller_zh": "吉林银行", "seller_type": "city_commercial_bank",
         "asset_type": "property", "source": SEED3,
         "title": "Jilin Bank lists over 2,000 properties for sale",
         "note": f"{undated}; 'over 2,000' properties (a count, a lower bound); places not stated (head office not used)"},
        {"id": "seed-guangdong-rural-credit-properties-2025-11", "date": "2025-11-14", "kind": "auction", "status": "listed",
         "seller": "Guangdong Rural Credit", "seller_zh": "广东农信", "seller_type": "rural_commercial_bank",
         "asset_type": "property", "source": SEED3,
         "title": "Guangdong Rural Credit system lists over 12,000 properties for sale",
         "note": f"{undated}; 'over 12,000' properties (a count, a lower bound); the properties' places are not stated"},
    ]
    for r in rows:
        r.setdefault("as_of", r["date"])
        if month_only in r.get("note", ""):
            r["date_precision"] = "month"  # shown as YYYY-MM: the source gives no day
        if not r.get("province_code") and r.get("seller_type") == "rural_commercial_bank":
            # A rural commercial bank or rural credit system lends only within its home
            # region (it is licensed locally), so its name locates its loans. City
            # commercial and national banks lend across provinces: never derived that way.
            code = province_from_text(r.get("seller_zh", ""))
            if code:
                r["province_code"] = code
                r["note"] = f"{r['note']}; province from the seller's name: a rural commercial bank / rural credit system lends within its home region"
    return rows


# --------------------------------------------------------------------------- provinces

ZJ = "330000"
GD = "440000"
ZJ_CITIES = [("Hangzhou", "杭州"), ("Ningbo", "宁波"), ("Wenzhou", "温州"), ("Jiaxing", "嘉兴"), ("Huzhou", "湖州"),
             ("Shaoxing", "绍兴"), ("Jinhua", "金华"), ("Quzhou", "衢州"), ("Zhoushan", "舟山"), ("Taizhou", "台州"),
             ("Lishui", "丽水")]
GD_CITIES = [("Guangzhou", "广州"), ("Shenzhen", "深圳"), ("Zhuhai", "珠海"), ("Shantou", "汕头"), ("Foshan", "佛山"),
             ("Shaoguan", "韶关"), ("Zhanjiang", "湛江"), ("Zhaoqing", "肇庆"), ("Jiangmen", "江门"), ("Maoming", "茂名"),
             ("Huizhou", "惠州"), ("Meizhou", "梅州"), ("Shanwei", "汕尾"), ("Heyuan", "河源"), ("Yangjiang", "阳江"),
             ("Qingyuan", "清远"), ("Dongguan", "东莞"), ("Zhongshan", "中山"), ("Chaozhou", "潮州"), ("Jieyang", "揭阳"),
             ("Yunfu", "云浮")]
PROV_CODE = {"Beijing": "110000", "Tianjin": "120000", "Hebei": "130000", "Liaoning": "210000", "Shanghai": "310000",
             "Jiangsu": "320000", "Zhejiang": ZJ, "Anhui": "340000", "Fujian": "350000", "Jiangxi": "360000",
             "Shandong": "370000", "Henan": "410000", "Hubei": "420000", "Hunan": "430000", "Guangdong": GD,
             "Guangxi": "450000", "Chongqing": "500000", "Sichuan": "510000", "Gansu": "620000", "Heilongjiang": "230000"}
JIAXING_NOTE = "the report spells Jiaxing as 'Jiaying'"


def prov_row(year: int, prov: str, metric: str, value: float, *, city: tuple[str, str] | None = None, q: str = "",
             rank: int | None = None, derived: bool = False, source: str = SEED2, note: str = "") -> dict:
    code = PROV_CODE.get(prov, prov)
    city_en, city_zh = city if city else ("", "")
    if city_en == "Jiaxing":
        note = f"{note}; {JIAXING_NOTE}".lstrip("; ")
    slug = city_en.lower().replace("'", "") if city_en else "all"
    return {
        "id": f"prov-{year}-{code}-{slug}-{metric}",
        "year": year, "as_of": f"{year}-12-31", "province_code": code, "city": city_en, "city_zh": city_zh,
        "metric": metric, "value": value, "qualifier": q, "rank": rank, "derived": derived, "source": source, "note": note,
    }


def build_provinces() -> list[dict]:
    rows: list[dict] = []
    t21 = "Zheshang AMC 2025 report, table 2-1 (NPL bid volume), RMB billion × 10"
    for rank, (p, bn, share) in enumerate([("Guangdong", 578.1, 15.8), ("Hebei", 286.2, 7.8), ("Shandong", 285.2, 7.8),
                                           ("Liaoning", 271.6, 7.4), ("Jiangsu", 204.9, 5.6)], start=1):
        rows.append(prov_row(2025, p, "npl_bid_volume_yi", round(bn * 10, 4), rank=rank, note=t21))
        rows.append(prov_row(2025, p, "npl_bid_volume_share_pct", share, rank=rank, note="Zheshang AMC 2025 report, table 2-1; top five = about 44.4% of the national bid volume"))
    t22 = "Zheshang AMC 2025 report, table 2-2 (NPL transaction volume), RMB billion × 10"
    for rank, (p, bn, share) in enumerate([("Beijing", 123.7, 17.9), ("Zhejiang", 91.3, 13.2), ("Shandong", 68.9, 10.0),
                                           ("Guangdong", 58.0, 8.4), ("Henan", 51.3, 7.4)], start=1):
        rows.append(prov_row(2025, p, "npl_deal_volume_yi", round(bn * 10, 4), rank=rank, note=t22))
        rows.append(prov_row(2025, p, "npl_deal_volume_share_pct", share, rank=rank, note="Zheshang AMC 2025 report, table 2-2; top five = about 56.9% of the national total"))
    for rank, (p, n) in enumerate([("Guangdong", 3152), ("Shanghai", 2422), ("Jiangsu", 2307), ("Sichuan", 1803), ("Zhejiang", 1523)], start=1):
        rows.append(prov_row(2025, p, "online_npl_auction_deals", n, rank=rank, note="online NPL auction transactions; national total 20,327"))

    # Judicial (collateral) auctions, whole provinces.
    rows += [
        prov_row(2025, "Zhejiang", "judicial_auctions", 66333, note="online collateral auctions on major platforms"),
        prov_row(2025, "Zhejiang", "judicial_auctions_yoy_pct", 66.95),
        prov_row(2025, "Zhejiang", "judicial_first_auctions", 34849),
        prov_row(2025, "Zhejiang", "judicial_first_auctions_yoy_pct", 53.12),
        prov_row(2025, "Zhejiang", "judicial_first_auction_share_pct", 52.54),
        prov_row(2025, "Zhejiang", "judicial_first_auction_share_change_pp", -4.74),
        prov_row(2025, "Guangdong", "judicial_auctions", 116097, note="online collateral auctions on major platforms"),
        prov_row(2025, "Guangdong", "judicial_auctions_yoy_pct", -5.81),
        prov_row(2025, "Guangdong", "judicial_first_auctions", 51888, rank=3, note="third nationally by first auctions, after Sichuan and Chongqing"),
        prov_row(2025, "Guangdong", "judicial_first_auctions_yoy_pct", -16.92),
        prov_row(2025, "Guangdong", "judicial_first_auction_share_pct", 44.69),
        prov_row(2025, "Guangdong", "judicial_first_auction_share_change_pp", -5.97),
        prov_row(2025, "Sichuan", "judicial_first_auctions", 51888, q=">", rank=1, derived=True,
                 note="ranked first by first auctions, above Guangdong's 51,888 (rank 3); the count itself is not printed"),
        prov_row(2025, "Chongqing", "judicial_first_auctions", 51888, q=">", rank=2, derived=True,
                 note="ranked second by first auctions, above Guangdong's 51,888 (rank 3); the count itself is not printed"),
        prov_row(2025, "Beijing", "judicial_first_auction_share_pct", 52.54, q=">=", derived=True,
                 note="the report says Beijing had the best liquidity (first-auction share) of the 16 major regions, so at least Zhejiang's 52.54%"),
    ]
    down12 = ["Shandong", "Shanghai", "Fujian", "Sichuan", "Tianjin", "Beijing", "Guangdong", "Hubei", "Jiangxi", "Guangxi", "Hebei", "Jiangsu"]
    up4 = ["Hunan", "Zhejiang", "Anhui", "Chongqing"]
    for p in down12:
        if p == "Guangdong":
            continue  # the exact -16.92% is already stored
        rows.append(prov_row(2025, p, "judicial_first_auctions_yoy_pct", 0, q="<",
                             note="one of the 12 of 16 major regions whose first auctions fell year on year; size not printed"))
    for p in up4:
        if p == "Zhejiang":
            continue  # the exact +53.12% is already stored
        rows.append(prov_row(2025, p, "judicial_first_auctions_yoy_pct", 0, q=">",
                             note="one of the 4 of 16 major regions whose first auctions rose year on year; size not printed"))
    # Liquidity (first-auction share) fell in 13 of the 16; Shanghai, Beijing, Chongqing held stable.
    for p in down12 + up4:
        if p in ("Shanghai", "Beijing", "Chongqing", "Zhejiang", "Guangdong"):
            continue
        rows.append(prov_row(2025, p, "judicial_first_auction_share_change_pp", 0, q="<", derived=True,
                             note="liquidity fell in 13 of the 16 major regions, all but Shanghai, Beijing and Chongqing (stable): by elimination"))

    # Zhejiang cities.
    above_avg = {"Jinhua", "Lishui", "Hangzhou", "Huzhou"}
    first_up = {"Huzhou", "Hangzhou", "Jiaxing", "Zhoushan", "Quzhou", "Jinhua", "Ningbo", "Shaoxing", "Wenzhou", "Lishui"}
    share_up = {"Huzhou", "Jiaxing", "Zhoushan", "Quzhou", "Jinhua"}
    for c in ZJ_CITIES:
        en = c[0]
        if en in above_avg:
            rows.append(prov_row(2025, "Zhejiang", "judicial_auctions_yoy_pct", 66.95, city=c, q=">", derived=True,
                                 note="one of four cities whose auction growth exceeded the provincial average (+66.95%)"))
        else:
            rows.append(prov_row(2025, "Zhejiang", "judicial_auctions_yoy_pct", 0, city=c, q=">",
                                 note="all prefecture-level cities recorded year-on-year increases"))
        if en in first_up:
            rows.append(prov_row(2025, "Zhejiang", "judicial_first_auctions_yoy_pct", 0, city=c, q=">",
                                 note="one of ten cities whose first auctions rose"))
        else:
            rows.append(prov_row(2025, "Zhejiang", "judicial_first_auctions_yoy_pct", 0, city=c, q="<",
                                 note="only Taizhou recorded a decline in first auctions"))
        if en in share_up:
            rows.append(prov_row(2025, "Zhejiang", "judicial_first_auction_share_change_pp", 0, city=c, q=">",
                                 note="one of five cities whose first-auction share rose"))
        else:
            rows.append(prov_row(2025, "Zhejiang", "judicial_first_auction_share_change_pp", 0, city=c, q="<", derived=True,
                                 note="'the other six' cities' first-auction share fell: city named by elimination from the 11 prefecture-level cities"))

    # Guangdong cities.
    gd_total_down = {"Jieyang", "Guangzhou", "Zhongshan", "Qingyuan", "Dongguan", "Zhuhai", "Huizhou", "Foshan", "Yangjiang", "Shanwei", "Shenzhen", "Shaoguan"}
    gd_total_up = {"Heyuan", "Zhanjiang", "Zhaoqing", "Maoming", "Jiangmen", "Chaozhou", "Shantou", "Meizhou", "Yunfu"}
    gd_first_down = {"Shaoguan", "Dongguan", "Heyuan", "Guangzhou", "Foshan", "Shantou", "Zhaoqing", "Yunfu", "Jieyang", "Zhuhai", "Shenzhen", "Yangjiang", "Zhongshan", "Qingyuan", "Shanwei", "Huizhou"}
    gd_first_up = {"Jiangmen", "Meizhou", "Zhanjiang", "Maoming", "Chaozhou"}
    gd_share_up = {"Meizhou", "Zhanjiang", "Jieyang", "Zhuhai", "Shenzhen"}
    assert len(gd_total_down | gd_total_up) == 21 and len(gd_first_down | gd_first_up) == 21
    for c in GD_CITIES:
        en = c[0]
        if en in gd_total_down:
            rows.append(prov_row(2025, "Guangdong", "judicial_auctions_yoy_pct", 0, city=c, q="<",
                                 note="one of 12 cities with a year-on-year decline in auctions (nine fell more than the provincial -5.81%; which nine is not said)"))
        else:
            rows.append(prov_row(2025, "Guangdong", "judicial_auctions_yoy_pct", 0, city=c, q=">",
                                 note="one of nine cities with a year-on-year increase in auctions"))
        if en in gd_first_down:
            rows.append(prov_row(2025, "Guangdong", "judicial_first_auctions_yoy_pct", 0, city=c, q="<",
                                 note="one of 16 cities whose first auctions fell"))
        else:
            rows.append(prov_row(2025, "Guangdong", "judicial_first_auctions_yoy_pct", 0, city=c, q=">",
                                 note="one of five cities whose first auctions rose"))
        if en in gd_share_up:
            rows.append(prov_row(2025, "Guangdong", "judicial_first_auction_share_change_pp", 0, city=c, q=">",
                                 note="one of only five cities whose first-auction share rose"))
        else:
            rows.append(prov_row(2025, "Guangdong", "judicial_first_auction_share_change_pp", 0, city=c, q="<", derived=True,
                                 note="'the other 16 cities' saw a decline: city named by elimination from the 21 prefecture-level cities"))

    # Provincial NPL ratios (domain_data §1c).
    rows += [
        prov_row(2024, "Gansu", "npl_ratio_pct", 2.56, source=S_REPORTIFY_2024, note="NFRA regional office figure, end-2024"),
        prov_row(2024, "Gansu", "npl_ratio_change_pp", -0.62, source=S_REPORTIFY_2024, note="change on the year; consistent with the 3.18% banking-scope figure for Dec-2023"),
        prov_row(2024, "Heilongjiang", "npl_ratio_pct", 2.60, source=S_REPORTIFY_2024, note="NFRA regional office figure, end-2024"),
        prov_row(2024, "Heilongjiang", "npl_ratio_change_pp", 0.40, source=S_REPORTIFY_2024, note="change on the year"),
        prov_row(2024, "Guangdong", "npl_ratio_pct", 1.52, source=S_REPORTIFY_2024, note="scope: Guangdong excluding Shenzhen; end-2024"),
        prov_row(2024, "Guangdong", "npl_ratio_change_pp", 0.17, source=S_REPORTIFY_2024, note="scope: Guangdong excluding Shenzhen; change on the year"),
        prov_row(2024, "Beijing", "npl_ratio_pct", 0.79, source=S_REPORTIFY_2024, note="NFRA regional office figure, end-2024"),
        prov_row(2024, "Beijing", "npl_ratio_change_pp", 0.02, source=S_REPORTIFY_2024, note="change on the year"),
        prov_row(2018, "Zhejiang", "npl_ratio_pct", 1.15, source=S_ASIATIMES, note="scope: Zhejiang excluding Ningbo; end-2018; NPL balance RMB 120.9 bn"),
        prov_row(2023, "Gansu", "npl_ratio_pct", 3.18, source=S_CEIC, note="scope: banking institutions (银行业), Dec-2023; Mar-2024 was 2.92% (quarterly, not stored)"),
    ]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate province ids"
    rows.sort(key=lambda r: (r["year"], r["province_code"], r["city"], r["metric"]))
    return rows


# --------------------------------------------------------------------------- discount rates

def dr_row(period: str, series: str, basis: str, statistic: str, value: float, *, q: str = "", asset: str = "",
           n: int | None = None, derived: bool = False, source: str, note: str = "", as_of: str | None = None) -> dict:
    return {
        "id": f"dr-{series}-{period}-{asset or 'all'}-{basis}-{statistic}",
        "period": period, "as_of": as_of or period_end(period), "series": series, "province_code": "",
        "asset_type": asset, "basis": basis, "statistic": statistic, "value_pct": value, "qualifier": q,
        "sample_size": n, "derived": derived, "source": source, "note": note,
    }


def build_discounts(facts: list[dict]) -> list[dict]:
    opb = "Zheshang AMC report exhibit 2-7 'discount rate on claim OPB': average price as % of outstanding principal, national online NPL auction deals"
    rows = [
        dr_row("2023-12", "online_npl_auction", "principal", "deal_average", 53.8, source=SEED2, note=opb),
        dr_row("2024-12", "online_npl_auction", "principal", "deal_average", 46.4, source=SEED2, note=opb),
        dr_row("2025-03", "online_npl_auction", "principal", "deal_average", 49.5, source=SEED2, note=opb + "; the 2025 high"),
        dr_row("2025-06", "online_npl_auction", "principal", "deal_average", 27.1, source=SEED2, note=opb + "; the 2025 low"),
        dr_row("2025-12", "online_npl_auction", "principal", "deal_average", 33.2, source=SEED2, note=opb),
        dr_row("2024", "bulk_retail", "unstated", "deal_average", 10, q="<", source=SEED1, note="'below 10%' (industry data cited by the seed); base not stated"),
        dr_row("2024", "single_corporate", "unstated", "deal_average", 45, q="<", source=SEED1, note="'below 45%'; base not stated"),
        dr_row("2024", "bulk_corporate", "unstated", "deal_average", 25, q="<", source=SEED1, note="'below 25%'; base not stated"),
        dr_row("2022", "yindeng_retail", "principal_plus_interest", "deal_average", 2.65, n=86, source=S_YINDENG_2022,
               note="平均折扣率 = Σprice / Σ(principal + interest); 86 deals, principal 57.18亿, P+I 175.70亿, price 4.68亿"),
        dr_row("2022", "yindeng_retail", "principal", "deal_average", 8.19, n=86, source=S_YINDENG_2022,
               note="平均本金回收率 = Σprice / Σprincipal; 86 deals"),
        dr_row("2022", "yindeng_pilot_all", "principal_plus_interest", "deal_average", 30.19, n=224, source=S_YINDENG_2022,
               note="cumulative 2021–2022 (pilot start to end-2022): retail batch plus corporate single-borrower; 224 deals, P+I 369.93亿"),
        dr_row("2022", "yindeng_pilot_all", "principal", "deal_average", 54.72, n=224, source=S_YINDENG_2022,
               note="cumulative 2021–2022 (pilot start to end-2022): retail batch plus corporate single-borrower; 224 deals"),
        dr_row("2024Q1", "yindeng_retail", "principal_plus_interest", "deal_average", 4.6, derived=True, source=S_YD_2025Q1,
               note="derived by the researcher: 2025Q1's 4.1% was down 0.5 pp year on year"),
        dr_row("2024Q1", "yindeng_retail", "principal", "deal_average", 8.8, derived=True, source=S_YD_2025Q1,
               note="derived by the researcher: 2025Q1's 6.9% was down 1.9 pp year on year"),
        dr_row("2024Q3", "yindeng_retail", "principal_plus_interest", "deal_average", 5.8, source=S_YD_2024Q3, note="平均折扣率"),
        dr_row("2024Q3", "yindeng_retail", "principal", "deal_average", 9.4, source=S_YD_2024Q3, note="平均本金回收率"),
        dr_row("2024Q4", "yindeng_retail", "principal_plus_interest", "deal_average", 7.3, source=S_YD_2024Q4,
               note="as reported; suspect: price/principal must be at least price/(P+I), so this and the 4.8% principal figure look swapped (true P+I figure probably 4.8%)"),
        dr_row("2024Q4", "yindeng_retail", "principal", "deal_average", 4.8, source=S_YD_2024Q4,
               note="as reported; suspect: lower than the 7.3% P+I figure, which is impossible, so the two look swapped (true principal figure probably 7.3%)"),
        dr_row("2025Q1", "yindeng_retail", "principal_plus_interest", "deal_average", 4.1, n=128, source=S_YD_2025Q1, note="平均折扣率; 128 retail batch deals, P+I 370.4亿"),
        dr_row("2025Q1", "yindeng_retail", "principal", "deal_average", 6.9, n=128, source=S_YD_2025Q1, note="平均本金回收率; 128 retail batch deals"),
        dr_row("2024-03", "bulk_corporate", "principal", "deal", 70, q="~", n=1, source=S_163,
               note="Bohai Bank to 天津津融, principal 56.67亿, '处置折扣约7折' on principal (the article's base is ambiguous, domain_data §4 caveat)"),
        dr_row("2024-11", "bulk_corporate", "unstated", "deal", 70, q="~", n=1, source=S_163,
               note="Bohai Bank package, P+I 289.65亿, principal 207.24亿; about 7折, base not stated"),
        dr_row("2025-09", "bulk_corporate", "unstated", "deal", 81, q="~", n=1, source=S_163,
               note="Bohai Bank to 天津津融, P+I 256.03亿, principal 202.74亿; about 8.1折; the research lists it against P+I but the article's base is ambiguous"),
        dr_row("2025-10", "bulk_corporate", "unstated", "deal", 70, q="~", n=1, source=S_163,
               note="Bohai Bank to 信达, 东方 and four other AMCs, P+I 698.33亿, principal 499.37亿; about 7折; the research lists it against P+I but the article's base is ambiguous"),
        dr_row("2025", "consumer_finance_package", "unstated", "deal_average", 3, q="<=", source=S_163,
               note="typically 0.1–0.3折, i.e. about 1–3%; stored as the upper bound 3%; the research lists it against P+I"),
        dr_row("2025-06", "auctioned_property", "market_value", "start_price_average", 71.6, derived=True, source=SEED3,
               note="seed: 'average starting discount rate 28.4%' (Ke/Beike research) — a markdown from market value, so the start price is 100 − 28.4 = 71.6% of value"),
        dr_row("2025-06", "auctioned_property", "market_value", "deal_average", 68.7, derived=True, source=SEED3,
               note="seed: 'average final discount rate 31.3%' — a markdown from market value, so deals closed at 100 − 31.3 = 68.7% of value; 32,000 auctioned properties supplied that month"),
    ]

    # Computed: Yindeng 2023 listing starting price / principal, medians.
    calc = ("derived: median of 起始价 / 未偿本金总额 over 2023 Yindeng retail listings, by auction month (竞价日); "
            "starting prices, not deal prices; one listing with an implausible principal (#297) excluded")
    groups: dict[tuple[str, str], list[float]] = {}
    for f in facts:
        for asset in (f["asset_type"], ""):
            groups.setdefault((f["month"], asset), []).append(f["start_principal_pct"])
            groups.setdefault(("2023", asset), []).append(f["start_principal_pct"])
    for (period, asset), values in groups.items():
        note = calc if period != "2023" else calc.replace("by auction month (竞价日)", "whole year")
        rows.append(dr_row(period, "yindeng_retail_listing", "principal", "start_price_median", round(statistics.median(values), 2),
                           asset=asset, n=len(values), derived=True, source=S_YD_LIST, note=note + "; rounded to 0.01"))
    pi = [f["start_pi_pct"] for f in facts if f["start_pi_pct"] is not None]
    rows.append(dr_row("2023", "yindeng_retail_listing", "principal_plus_interest", "start_price_median", round(statistics.median(pi), 2),
                       n=len(pi), derived=True, source=S_YD_LIST,
                       note="derived: median of 起始价 / 未偿本息总额 over 2023 Yindeng retail listings; listing #297 excluded; rounded to 0.01"))
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate discount ids"
    rows.sort(key=lambda r: (r["series"], r["period"], r["asset_type"], r["basis"], r["statistic"]))
    return rows


# --------------------------------------------------------------------------- main

def build(out: Path, shared: Path) -> dict[str, int]:
    yd_rows, facts = build_yindeng(shared)
    seed_rows = seed_deals()
    announcements = sorted(yd_rows + seed_rows, key=lambda r: (r["date"], r["id"]))
    tables = {
        "ratios": build_ratios(),
        "announcements": announcements,
        "provinces": build_provinces(),
        "discount_rates": build_discounts(facts),
    }
    out.mkdir(parents=True, exist_ok=True)
    table_bytes: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for name, rows in tables.items():
        data = write_table(name, rows)
        (out / TABLES[name].filename).write_bytes(data)
        table_bytes[name] = data
        counts[name] = len(rows)
    (out / "manifest.json").write_bytes(make_manifest(table_bytes, counts, GENERATED_AT, TITLE))
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "data", help="output directory (default: data/)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared/ directory with research/ and seeds/")
    args = ap.parse_args(argv)
    counts = build(args.out, args.shared)
    for name, n in counts.items():
        print(f"{name}: {n} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
