"""The docs are part of the product: keep them true."""

from __future__ import annotations

import re
from pathlib import Path

from npl_tui.core.formatdoc import render_reference

REPO = Path(__file__).resolve().parents[2]


def test_format_reference_matches_the_schema():
    doc = (REPO / "docs" / "format.md").read_text("utf-8")
    assert render_reference() in doc, "docs/format.md is stale: run python -m npl_tui.core.formatdoc"


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text("utf-8")
    commands = re.findall(r"^(python3 -m venv .*)$", readme, flags=re.MULTILINE)
    assert len(commands) == 2, "README's quick start is two commands"
    assert commands[1] in (REPO / ".ci" / "run").read_text("utf-8")
