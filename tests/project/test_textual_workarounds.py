"""The workarounds for Textual stand on what they need, and name the same pin as
pyproject.toml: a Textual upgrade that removes one fails here, by name."""

from __future__ import annotations

import inspect
from pathlib import Path

import tomllib
from textual.app import App
from textual.widgets import Input
from textual_plotext.plot import Plot

from npl_tui import textual_workarounds

ROOT = Path(__file__).resolve().parents[2]


def test_the_pin_in_pyproject_is_the_one_the_workarounds_were_measured_against():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    textual = next(d for d in deps if d.split(">")[0].split("<")[0].split("=")[0].strip() == "textual")
    assert textual == "textual" + textual_workarounds.TEXTUAL_PIN


def test_what_the_workarounds_rely_on_is_still_there():
    assert callable(App._get_screen)
    assert "_exit" in inspect.getsource(App.__init__)
    assert inspect.iscoroutinefunction(Input._on_key)  # KeyFirstInput runs before it
    assert callable(Plot()._limit_size)


def test_no_other_module_touches_textual_private_names():
    """Only textual_workarounds reaches into Textual: a private name of App, Screen,
    Input or an event used anywhere else is a workaround outside its room."""
    private = ("._get_screen(", "._exit", "._compositor", "._npl_", '"_npl_', "_limit_size", "async def _on_key")
    offenders = []
    for path in sorted((ROOT / "npl_tui").rglob("*.py")):
        if path.name == "textual_workarounds.py":
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {name}" for name in private if name in text]
    assert offenders == []
