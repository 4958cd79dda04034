"""benchmarks/picker_path.py runs and measures the path it names (one round)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from textual.app import App

REPO = Path(__file__).resolve().parents[2]


def _harness():
    spec = importlib.util.spec_from_file_location("picker_path", REPO / "benchmarks" / "picker_path.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("picker_path", module)
    spec.loader.exec_module(module)
    return module


async def test_one_round_times_and_counts_the_picker_path():
    harness = _harness()
    display = App._display
    result = await harness.main((120, 40), 1)
    assert App._display is display  # Textual as it was, for the other tests
    assert result["rounds"] == 1 and result["size"] == "120x40"
    assert 0 < result["wall_ms_median"] < 5000 and result["cpu_ms_median"] > 0
    assert result["python_calls_median"] > 10_000  # a drill-down's work, not an empty loop
