"""benchmarks/picker_path.py runs and measures the path it names (one round)."""

from __future__ import annotations

from benchmark_scripts import load_benchmark
from textual.app import App


async def test_one_round_times_and_counts_the_picker_path():
    harness = load_benchmark("picker_path")
    display = App._display
    result = await harness.main((120, 40), 1)
    assert App._display is display  # Textual as it was, for the other tests
    assert result["rounds"] == 1 and result["size"] == "120x40"
    assert 0 < result["wall_ms_median"] < 5000 and result["cpu_ms_median"] > 0
    assert result["python_calls_median"] > 10_000  # a drill-down's work, not an empty loop
