"""benchmarks/scale.py: the screen parsing and the table, without running anything."""

from __future__ import annotations

from benchmark_scripts import load_benchmark

scale = load_benchmark("scale")


def test_sizes():
    assert scale.parse_sizes("10k,100k, 1M,6M") == [10_000, 100_000, 1_000_000, 6_000_000]
    assert scale.parse_sizes("2500") == [2500]
    assert scale.label(1_000_000) == "1M" and scale.label(2500) == "2,500"


def test_count_text_and_first_row():
    screen = "Lots · 12,345 of 1,000,000 lots\n id  seller\n SYN00000042 Hangzhou Xihu … 70.00\n SYN00000007 …"
    assert scale.count_text(screen, 1_000_000) == "12,345"
    assert scale.count_text("1,000,000 lots", 1_000_000) is None
    assert scale.first_row(screen) == "SYN00000042 Hangzhou Xihu … 70.00"
    assert scale.first_row("NPL ratio 1.50%\nnothing else") is None


def test_loading_and_computed_patterns():
    assert scale.LOADING.search("Lots — loading 42%")
    assert scale.LOADING.search("Lots (loading… 7.5 %)")
    assert not scale.LOADING.search("1,000,000 lots")
    assert scale.COMPUTED.search("China › Zhejiang\n…\nLots (computed, n=123,456)")


def test_table_marks_what_was_not_measured():
    gen = {"seconds": 6.7, "peak_rss_mb": 300.0, "bytes": 237_742_830}
    runs = {"pandas": [{"read_s": 0.5, "peak_rss_mb": 700.0}],
            "npl-tui": [{"headline_s": 0.7, "usable_s": None, "filter_keys_s": [], "peak_rss_mb": 49.0}]}
    text = scale.table([scale.summarise(1_000_000, gen, runs)])
    row = text.splitlines()[-1]
    assert row.startswith("| 1,000,000 | 0.50 / 700 | – / – | – | 0.70 | – | – / – |")
