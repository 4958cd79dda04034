"""The architecture rules that keep the code easy to see, enforced."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "npl_tui"


@pytest.mark.parametrize("package", ["core", "ingest"])
def test_data_layers_import_no_textual_at_runtime(package):
    code = (
        f"import sys, importlib, pkgutil, npl_tui.{package} as pkg\n"
        "for m in pkgutil.iter_modules(pkg.__path__):\n"
        f"    importlib.import_module('npl_tui.{package}.' + m.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'textual' or n.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"npl_tui.{package} pulled in Textual: {out.stdout}"


@pytest.mark.parametrize("package", ["core", "ingest"])
def test_data_layer_source_has_no_textual_import_statements(package):
    offenders = []
    for path in (PACKAGE / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "textual"]
    assert offenders == []


def test_cli_start_does_not_import_pandas_or_httpx():
    """The monitor's first paint must not wait for heavy imports it does not need."""
    code = "import sys, npl_tui.cli, npl_tui.core.snapshot, npl_tui.core.sources; print(sorted(m for m in ('pandas','httpx','plotext','pypdf','cryptography') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_signature_library_loads_only_to_sign_or_verify():
    """A feed without --trust never pays for cryptography (~30 ms), not even in the
    modules that can verify."""
    code = (
        "import sys, npl_tui.app, npl_tui.core.feed, npl_tui.core.signing, npl_tui.core.loader, npl_tui.core.cache; "
        "print('cryptography' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
