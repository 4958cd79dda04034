#!/usr/bin/env python3
"""Write a complete snapshot with N SYNTHETIC auction lots, for benchmarks at scale.

    python benchmarks/make_lots.py --rows 1000000 --out /tmp/lots-1m [--seed 1] [--gzip]

The output directory holds the four shipped tables copied byte for byte from data/,
``lots.csv`` (or ``lots.csv.gz`` with --gzip) with N generated rows, ``manifest.json``
(format 1.3: every table's rows, SHA-256 and bytes; ``"synthetic": ["lots"]``; a title
starting "SYNTHETIC") and ``README.txt`` saying what is synthetic and how it was made.

The lots are made up. Every row's ``source`` says so ("synthetic: benchmarks/make_lots.py
--seed 1"); no row points at a real listing. What is real is the frame they are drawn
on: the places, and the published aggregates the shape follows. The same --seed and
--rows give byte-identical output. Rows are generated and written in chunks of
CHUNK rows with numpy, and the file's SHA-256 and size are computed as it is written,
so memory stays flat from 10 k to 6 M rows and beyond.

The shape, choice by choice (an *assumption* is the generator's own, not data):

- **Provinces** are weighted like the 2025 report (Zheshang AMC, 2025 China NPL Market
  Report, chapter 4; seed 002), read from data/provinces.csv, year 2025: the courts put
  1,199,899 properties up for online judicial auction (metric ``judicial_auctions``,
  national row); Zhejiang 66,333 and Guangdong 116,097 are counted. Sichuan and
  Chongqing are given only as having more first auctions than Guangdong's 51,888
  (``judicial_first_auctions`` with qualifier ">"): their totals are taken as that
  bound divided by the national first-auction share (a lower bound, so slightly small).
  The rest of the national count is spread over the other provinces in proportion to
  their 2020-census population (benchmarks/lots_places.py) — an assumption: the report
  does not count them.
- **Cities**: every prefecture-level city of the province, with its real GB/T 2260 code
  and English and Chinese name (benchmarks/lots_places.py, with its source); a
  provincial capital weighs 3, the five cities designated in the state plan 2, others 1
  (assumption).
- **Years**: start dates spread over 2021-01-01 … 2025-12-31. 2025 weighs 1,199,899 and
  each earlier year 1,237,520, the 2024 level implied by the report's −3.04 % year on
  year (the report gives no earlier years: flat before 2024 is an assumption). Days are
  uniform within a year.
- **Rounds** (judicial auctions, seller ``court``): first / second / sell-off. The report's
  first-auction share *s* (``judicial_first_auction_share_pct``: Zhejiang 52.54 %,
  Guangdong 44.69 %, Beijing ≥ 52.54 %, every other province the national 47.02 %) fixes
  how many lots fail their first round: with a share FAIL_SECOND of second rounds
  failing into a sell-off (assumption: 0.6), a first round fails with probability
  f1 = (1/s − 1) / (1 + FAIL_SECOND), and a row is a first round with probability s, a
  second round s·f1, a sell-off s·f1·0.6. A sell-off fails with FAIL_SELL_OFF (0.5,
  assumption). Rows are independent draws, not chains of the same lot.
- **Status**: a round whose last day is after 2025-12-31 (the data's as-of) is
  ``upcoming``; otherwise WITHDRAWN (4 %, assumption) are ``withdrawn``, and the rest
  ``sold`` or ``unsold`` by the round's failure probability above.
- **Dates**: a first or second online judicial auction bids for 24 hours (the Supreme
  People's Court's Provisions on Online Judicial Auctions, 2016, art. 20: no less than
  24 hours), so it ends the day after it starts; a sell-off stays open 60 days
  (art. 27 and the court's sell-off practice of 60 days); a non-court sale runs 1–20
  days (assumption). ``as_of`` is the end date, or the start date for an upcoming round.
- **Prices** (万元): appraisal log-normal by asset type (assumption: property median
  150, sigma 0.9; other assets 20, 1.2; corporate claims 500, 1.3; bank loan packages
  300, 1.2). A first auction starts at no less than 70 % of the appraisal (SPC
  Provisions, art. 10): at exactly 70 % in 55 % of lots, else uniform 70–100 %
  (assumption; the average start of auctioned properties in June 2025 was 71.6 % of
  market value, data/discount_rates.csv). A second auction starts at most 20 % below
  the first (art. 26): at exactly 80 % of the first in 70 % of lots, else 80–100 %.
  A sell-off is offered at the second auction's start price. A sold first or second
  round goes for its start price in 45 % of lots (one bidder), else for a premium drawn
  from an exponential with mean 12 % (assumption); a sell-off sells at its price.
  Unsold, withdrawn and upcoming rounds have no deal price.
- **Asset types**: court lots are property 88 %, other assets 9 %, corporate 3 %;
  non-court lots corporate 45 %, property 25 %, personal consumption, personal business
  and mixed loans 10 % each (assumption: judicial auctions are overwhelmingly real
  estate).
- **Platforms**: court lots on ali 62 %, jd 30 %, rmfysszc 3 %, gpai 3 %, caa 2 % (the
  platforms on the SPC's list; the shares are an assumption, Alibaba being the largest
  and JD second); non-court lots on ali 45 %, jd 30 %, ccre 15 %, exchange 10 %.
- **Sellers**: 94 % of rows are courts (assumption). A court lot in a city with listed
  districts is sold by a district court in 75 % of cases ("Hangzhou Xihu District
  People's Court", 杭州市西湖区人民法院), otherwise by the city's intermediate court
  ("Wenzhou Intermediate People's Court", 温州市中级人民法院; the municipalities only by
  their district courts). Names follow the courts' naming pattern from real city and
  district names; they were not checked one by one against the list of courts. The
  other 6 % are bank and AMC branches ("China Construction Bank Hangzhou Branch",
  中国建设银行杭州分行; "China Cinda Asset Management Zhejiang Branch") with round
  ``other``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import importlib.util
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = REPO / "data"
SHIPPED = ("ratios", "announcements", "provinces", "discount_rates")
CHUNK = 200_000
FIRST_DAY = dt.date(2021, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)  # the data's as-of: later rounds are upcoming
YEAR_WEIGHTS = {2021: 1_237_520, 2022: 1_237_520, 2023: 1_237_520, 2024: 1_237_520, 2025: 1_199_899}
COURT_SHARE = 0.94
DISTRICT_COURT_SHARE = 0.75
FAIL_SECOND = 0.6
FAIL_SELL_OFF = 0.5
FAIL_OTHER = 0.5
WITHDRAWN = 0.04
AT_START = 0.45  # sold at the start price (one bidder)
PREMIUM_MEAN = 0.12
COLUMNS = (
    "id", "platform", "seller", "seller_zh", "seller_type", "province_code", "city_code", "city", "city_zh",
    "asset_type", "round", "appraisal_wan", "start_price_wan", "deal_price_wan", "status", "start_date",
    "end_date", "as_of", "source",
)
COURT_PLATFORMS = (("ali", 0.62), ("jd", 0.30), ("rmfysszc", 0.03), ("gpai", 0.03), ("caa", 0.02))
OTHER_PLATFORMS = (("ali", 0.45), ("jd", 0.30), ("ccre", 0.15), ("exchange", 0.10))
COURT_ASSETS = (("property", 0.88), ("other_asset", 0.09), ("corporate", 0.03))
OTHER_ASSETS = (("corporate", 0.45), ("property", 0.25), ("retail_consumer", 0.10), ("retail_business", 0.10), ("mixed", 0.10))
#: asset type -> (median appraisal in 万元, sigma of its logarithm)
APPRAISAL = {
    "property": (150.0, 0.9), "other_asset": (20.0, 1.2), "corporate": (500.0, 1.3),
    "retail_consumer": (300.0, 1.2), "retail_business": (300.0, 1.2), "mixed": (300.0, 1.2),
}
#: (seller_type, English, Chinese, branch level: "city" or "province")
INSTITUTIONS = (
    ("large_state_bank", "Industrial and Commercial Bank of China", "中国工商银行", "city"),
    ("large_state_bank", "China Construction Bank", "中国建设银行", "city"),
    ("large_state_bank", "Agricultural Bank of China", "中国农业银行", "city"),
    ("large_state_bank", "Bank of China", "中国银行", "city"),
    ("joint_stock_bank", "China Merchants Bank", "招商银行", "city"),
    ("joint_stock_bank", "China CITIC Bank", "中信银行", "city"),
    ("national_amc", "China Cinda Asset Management", "中国信达资产管理股份有限公司", "province"),
    ("national_amc", "China Great Wall Asset Management", "中国长城资产管理股份有限公司", "province"),
    ("national_amc", "China Orient Asset Management", "中国东方资产管理股份有限公司", "province"),
)
ASSET_ORDER = np.array(list(APPRAISAL), dtype=object)
ASSET_INDEX = {name: i for i, name in enumerate(APPRAISAL)}
ROUNDS = ("first", "second", "sell_off", "other")
STATUSES = ("sold", "unsold", "withdrawn", "upcoming")


def _load_places():
    spec = importlib.util.spec_from_file_location("lots_places", HERE / "lots_places.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _csv_field(text: str) -> str:
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def province_figures(provinces_csv: Path) -> dict[str, dict[str, tuple[float, str]]]:
    """province code -> metric -> (value, qualifier), 2025 province-level rows."""
    import csv

    wanted = {"judicial_auctions", "judicial_first_auctions", "judicial_first_auction_share_pct"}
    out: dict[str, dict[str, tuple[float, str]]] = {}
    with provinces_csv.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["metric"] in wanted and row["year"] == "2025" and not row["city"]:
                out.setdefault(row["province_code"], {})[row["metric"]] = (float(row["value"]), row["qualifier"])
    return out


def province_model(places, provinces_csv: Path) -> dict[str, tuple[float, float]]:
    """province code -> (judicial auctions in 2025, first-auction share), as the docstring says."""
    figures = province_figures(provinces_csv)
    national = figures["100000"]
    total = national["judicial_auctions"][0]
    national_share = national["judicial_first_auction_share_pct"][0] / 100
    counts: dict[str, float] = {}
    shares: dict[str, float] = {}
    for code in places.POPULATION_2020:
        own = figures.get(code, {})
        share = own["judicial_first_auction_share_pct"][0] / 100 if "judicial_first_auction_share_pct" in own else national_share
        shares[code] = share
        if "judicial_auctions" in own:
            counts[code] = own["judicial_auctions"][0]
        elif "judicial_first_auctions" in own:
            counts[code] = own["judicial_first_auctions"][0] / share
    rest = [c for c in places.POPULATION_2020 if c not in counts]
    remainder = total - sum(counts.values())
    population = sum(places.POPULATION_2020[c] for c in rest)
    for code in rest:
        counts[code] = remainder * places.POPULATION_2020[code] / population
    return {code: (counts[code], shares[code]) for code in places.POPULATION_2020}


class Frame:
    """Everything drawn from, precomputed once: cities, sellers, CSV fragments."""

    def __init__(self, seed: int) -> None:
        places = _load_places()
        model = province_model(places, DATA / "provinces.csv")
        cities = places.cities()
        districts = places.districts()
        self.source = _csv_field(f"synthetic: benchmarks/make_lots.py --seed {seed}")
        province_weight = {code: count for code, (count, _share) in model.items()}
        by_province: dict[str, int] = {}
        for code, _en, _zh, weight in cities:
            by_province[code[:2]] = by_province.get(code[:2], 0) + weight
        p_city = np.array([province_weight[c[:2] + "0000"] * w / by_province[c[:2]] for c, _e, _z, w in cities])
        self.p_city = p_city / p_city.sum()
        # per city: first-auction share -> round probabilities and first-round failure
        share = np.array([model[c[:2] + "0000"][1] for c, *_ in cities])
        f1 = (1 / share - 1) / (1 + FAIL_SECOND)
        self.round_p = np.stack([share, share * f1, share * f1 * FAIL_SECOND], axis=1)
        self.fail_first = f1
        province_en = {p.code: p.name_en for p in _provinces()}
        province_zh = {p.code: p.name_zh for p in _provinces()}
        # sellers: per city, its courts (intermediate first, unless a municipality) and
        # then one branch per institution; a seller's fragment carries its city too
        fragments: list[str] = []
        court_start, court_count, court_has_districts, municipalities, branch_start = [], [], [], [], []
        for code, en, zh, _w in cities:
            geo = f"{code[:2]}0000,{code},{_csv_field(en)},{_csv_field(zh)}"
            municipality = code[:2] in ("11", "12", "31", "50")
            own = districts.get(code, [])
            courts = [] if municipality else [(f"{en} Intermediate People's Court", f"{zh}中级人民法院")]
            courts += [(f"{en} {d_en} District People's Court" if "New Area" not in d_en else f"{en} {d_en} People's Court",
                        f"{zh}{d_zh}人民法院") for d_en, d_zh in own]
            court_start.append(len(fragments))
            court_count.append(len(courts))
            court_has_districts.append(bool(own) and not municipality)
            municipalities.append(municipality)
            for s_en, s_zh in courts:
                fragments.append(f"{_csv_field(s_en)},{_csv_field(s_zh)},court,{geo}")
            branch_start.append(len(fragments))
            for kind, i_en, i_zh, level in INSTITUTIONS:
                if level == "city":
                    s_en, s_zh = f"{i_en} {en} Branch", f"{i_zh}{zh.removesuffix('市')}分行"
                else:
                    p_code = code[:2] + "0000"
                    s_en = f"{i_en} {province_en[p_code]} Branch"
                    s_zh = f"{i_zh}{_short_province_zh(province_zh[p_code])}分公司"
                fragments.append(f"{_csv_field(s_en)},{_csv_field(s_zh)},{kind},{geo}")
        self.seller_fragments = np.array(fragments, dtype=object)
        self.court_start = np.array(court_start)
        self.court_count = np.array(court_count)
        self.court_has_districts = np.array(court_has_districts)
        self.municipality = np.array(municipalities)
        self.branch_start = np.array(branch_start)
        # days
        days = (LAST_DAY - FIRST_DAY).days + 1 + 61  # room for a sell-off ending in 2026
        self.day_text = np.array([(FIRST_DAY + dt.timedelta(days=i)).isoformat() for i in range(days)], dtype=object)
        year_of_day = np.array([(FIRST_DAY + dt.timedelta(days=i)).year for i in range(days)])
        in_range = np.arange(days) <= (LAST_DAY - FIRST_DAY).days
        p_day = np.array([YEAR_WEIGHTS.get(int(y), 0) for y in year_of_day], dtype=float) * in_range
        for year in YEAR_WEIGHTS:  # a year's weight spread over its days
            mask = year_of_day == year
            p_day[mask] /= mask.sum()
        self.p_day = p_day / p_day.sum()
        self.last_day_index = (LAST_DAY - FIRST_DAY).days


def _provinces():
    sys.path.insert(0, str(REPO))
    from npl_tui.core.provinces import PROVINCES

    return PROVINCES


def _short_province_zh(name: str) -> str:
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _choice(rng: np.random.Generator, options: tuple[tuple[str, float], ...], n: int) -> np.ndarray:
    """n draws from (name, probability) options: names for platforms, indices into
    ASSET_ORDER for asset types."""
    p = np.array([p for _o, p in options])
    picks = rng.choice(len(options), size=n, p=p / p.sum())
    if options[0][0] in APPRAISAL:
        return np.array([ASSET_INDEX[o] for o, _p in options])[picks]
    return np.array([o for o, _p in options], dtype=object)[picks]


def _money(values: np.ndarray, present: np.ndarray) -> list[str]:
    return [f"{v:.2f}" if ok else "" for v, ok in zip(values.tolist(), present.tolist())]


def generate_chunk(frame: Frame, rng: np.random.Generator, first_id: int, n: int) -> str:
    """n rows of CSV text (no header), ids from first_id."""
    city = rng.choice(len(frame.p_city), size=n, p=frame.p_city)
    court = rng.random(n) < COURT_SHARE
    # seller: a court of the city (a district court or the intermediate court), or a
    # bank/AMC branch
    counts = frame.court_count[city]
    any_court = np.floor(rng.random(n) * counts).astype(np.int64)
    district_court = 1 + np.floor(rng.random(n) * np.maximum(counts - 1, 1)).astype(np.int64)
    to_district = frame.court_has_districts[city] & (rng.random(n) < DISTRICT_COURT_SHARE)
    local = np.where(frame.municipality[city], any_court, np.where(to_district, district_court, 0))
    branch = rng.integers(0, len(INSTITUTIONS), size=n)
    seller = np.where(court, frame.court_start[city] + local, frame.branch_start[city] + branch)
    platform = np.where(court, _choice(rng, COURT_PLATFORMS, n), _choice(rng, OTHER_PLATFORMS, n))
    asset_idx = np.where(court, _choice(rng, COURT_ASSETS, n), _choice(rng, OTHER_ASSETS, n))
    asset = ASSET_ORDER[asset_idx]
    # round
    cum = np.cumsum(frame.round_p[city], axis=1)
    r = rng.random(n)
    round_idx = np.where(r < cum[:, 0], 0, np.where(r < cum[:, 1], 1, 2))
    round_idx = np.where(court, round_idx, 3)
    # dates
    start_day = rng.choice(len(frame.p_day), size=n, p=frame.p_day)
    duration = np.select([round_idx <= 1, round_idx == 2], [1, 60], default=rng.integers(1, 21, size=n))
    end_day = start_day + duration
    # status
    fail = np.select(
        [round_idx == 0, round_idx == 1, round_idx == 2], [frame.fail_first[city], FAIL_SECOND, FAIL_SELL_OFF], default=FAIL_OTHER
    )
    s = rng.random(n)
    status = np.where(s < WITHDRAWN, 2, np.where(rng.random(n) < fail, 1, 0))
    status = np.where(end_day > frame.last_day_index, 3, status)
    # prices
    median = np.array([APPRAISAL[a][0] for a in APPRAISAL])
    sigma = np.array([APPRAISAL[a][1] for a in APPRAISAL])
    appraisal = np.clip(median[asset_idx] * np.exp(sigma[asset_idx] * rng.standard_normal(n)), 0.5, 5e5).round(2)
    r1 = np.where(rng.random(n) < 0.55, 0.70, rng.uniform(0.70, 1.0, n))
    r2 = np.where(rng.random(n) < 0.70, 0.80, rng.uniform(0.80, 1.0, n))
    other_ratio = rng.uniform(0.5, 1.0, n)
    ratio = np.select([round_idx == 0, round_idx <= 2], [r1, r1 * r2], default=other_ratio)
    start_price = np.maximum((appraisal * ratio).round(2), 0.01)
    premium = np.where(rng.random(n) < AT_START, 0.0, rng.exponential(PREMIUM_MEAN, n))
    premium = np.where(round_idx == 2, 0.0, np.minimum(premium, 1.5))
    sold = status == 0
    deal = (start_price * (1 + premium)).round(2)
    # a loan package sold by a bank or AMC has no appraisal
    has_appraisal = court | (asset_idx == ASSET_INDEX["property"]) | (asset_idx == ASSET_INDEX["corporate"])

    ids = [f"SYN{i:08d}" for i in range(first_id, first_id + n)]
    seller_text = frame.seller_fragments[seller].tolist()
    round_text = np.array(ROUNDS, dtype=object)[round_idx].tolist()
    status_text = np.array(STATUSES, dtype=object)[status].tolist()
    start_text = frame.day_text[start_day].tolist()
    end_text = frame.day_text[end_day].tolist()
    as_of_text = np.where(status == 3, frame.day_text[start_day], frame.day_text[end_day]).tolist()
    src = frame.source
    lines = [
        f"{i},{p},{s},{a},{rd},{ap},{sp:.2f},{dp},{st},{sd},{ed},{ao},{src}\n"
        for i, p, s, a, rd, ap, sp, dp, st, sd, ed, ao in zip(
            ids, platform.tolist(), seller_text, asset.tolist(), round_text, _money(appraisal, has_appraisal),
            start_price.tolist(), _money(deal, sold), status_text, start_text, end_text, as_of_text,
        )
    ]
    return "".join(lines)


class HashingWriter:
    """A binary file that hashes and counts what is written to it."""

    def __init__(self, path: Path) -> None:
        self.f = path.open("wb")
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self.f.write(data)

    def flush(self) -> None:
        self.f.flush()

    def close(self) -> None:
        self.f.close()


def write_lots(out: Path, rows: int, seed: int, compress: bool) -> tuple[str, str, int]:
    """Write lots.csv[.gz]; return (file name, sha256, bytes)."""
    frame = Frame(seed)
    name = "lots.csv.gz" if compress else "lots.csv"
    sink = HashingWriter(out / name)
    stream = gzip.GzipFile(filename="", mode="wb", fileobj=sink, compresslevel=6, mtime=0) if compress else sink
    try:
        stream.write((",".join(COLUMNS) + "\n").encode("utf-8"))
        done = 0
        chunk = 0
        while done < rows:
            n = min(CHUNK, rows - done)
            rng = np.random.default_rng([seed, chunk])
            stream.write(generate_chunk(frame, rng, done + 1, n).encode("utf-8"))
            done += n
            chunk += 1
        if compress:
            stream.close()
    finally:
        sink.close()
    return name, sink.sha.hexdigest(), sink.size


def make_snapshot(out: Path, rows: int, seed: int = 1, compress: bool = False) -> dict:
    """Write the whole snapshot to *out*; return a summary (file, sha256, bytes, seconds)."""
    sys.path.insert(0, str(REPO))
    from npl_tui.core.snapshot import TableEntry, make_manifest

    t0 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    for stale in ("lots.csv", "lots.csv.gz"):
        (out / stale).unlink(missing_ok=True)
    shipped_manifest = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    table_bytes: dict[str, bytes] = {}
    row_counts: dict[str, int] = {}
    for table in SHIPPED:
        entry = shipped_manifest["tables"][table]
        raw = (DATA / entry["file"]).read_bytes()
        (out / entry["file"]).write_bytes(raw)
        table_bytes[table] = raw
        row_counts[table] = entry["rows"]
    name, sha, size = write_lots(out, rows, seed, compress)
    title = f"SYNTHETIC lots: {rows:,} generated auction lots (seed {seed}) with the shipped npl-tui dataset"
    manifest = make_manifest(
        table_bytes, row_counts, shipped_manifest["generated_at"], title,
        files={"lots": TableEntry(name, rows, sha, size)}, synthetic=("lots",),
    )
    (out / "manifest.json").write_bytes(manifest)
    command = f"python benchmarks/make_lots.py --rows {rows} --out DIR --seed {seed}" + (" --gzip" if compress else "")
    (out / "README.txt").write_text(
        f"SYNTHETIC DATA. {name} holds {rows:,} made-up auction lots, generated by\n"
        f"benchmarks/make_lots.py of npl-tui with seed {seed}:\n\n    {command}\n\n"
        "No lot is real: sellers, prices, dates and outcomes are drawn at random, on a frame\n"
        "of real places (GB/T 2260 city codes and names) and a shape that follows published\n"
        "aggregates (the 2025 judicial-auction counts by province); each row's source says\n"
        "'synthetic'. The other tables (ratios, announcements, provinces, discount_rates) are\n"
        "npl-tui's shipped, sourced data, copied unchanged. See the docstring of\n"
        "benchmarks/make_lots.py for every choice and its source.\n",
        encoding="utf-8",
    )
    return {"file": name, "rows": rows, "sha256": sha, "bytes": size, "seconds": round(time.perf_counter() - t0, 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, required=True, help="number of lots")
    ap.add_argument("--out", type=Path, required=True, help="output directory (created)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gzip", action="store_true", help="write lots.csv.gz")
    args = ap.parse_args(argv)
    if args.rows < 0:
        ap.error("--rows must be >= 0")
    summary = make_snapshot(args.out, args.rows, args.seed, args.gzip)
    summary["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
