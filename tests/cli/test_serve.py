"""`npl-tui serve` without a browser: the command each session runs, what the page links
to, and what serving beyond this machine says. (The browser itself: test_serve_browser.)"""

from __future__ import annotations

import json
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from npl_tui.cli import build_parser, monitor_argv
from npl_tui.serve import is_loopback, served_command

DATA = Path(__file__).resolve().parents[2] / "data"


def option_strings(parser, titles=("monitor options",)) -> set[str]:  # type: ignore[no-untyped-def]
    return {o for g in parser._action_groups if g.title in titles for a in g._group_actions for o in a.option_strings}


def test_serve_takes_every_option_of_the_monitor():
    parser = build_parser()
    serve = parser._subparsers._group_actions[0].choices["serve"]  # type: ignore[union-attr]
    monitor = option_strings(parser)
    assert {"--snapshot", "--feed", "--refresh", "--trust", "--lang", "--unit"} <= monitor
    assert option_strings(serve) == monitor
    assert option_strings(serve, ("logging",)) == option_strings(parser, ("logging",)) == {"--log-level", "--log-file"}


AWKWARD = "/tmp/it's a \"dir\"; $(touch pwned) `x` &"


@pytest.mark.parametrize(
    "given, expected",
    [
        ([], []),
        (["--lang", "zh", "--unit", "bn"], ["--lang", "zh", "--unit", "bn"]),
        (["--snapshot", AWKWARD], ["--snapshot", AWKWARD]),
        (
            ["--feed", "https://u:p@npl.example.com/f/?token=a&b=c d", "--refresh", "30", "--trust", "k1.pub", "--trust", AWKWARD],
            ["--feed", "https://u:p@npl.example.com/f/?token=a&b=c d", "--refresh", "30", "--trust", str(Path("k1.pub").resolve()), "--trust", AWKWARD],
        ),
        (["--log-level", "debug", "--log-file", "x.log"], ["--log-level", "debug", "--log-file", str(Path("x.log").resolve())]),
    ],
)
def test_the_served_command_carries_the_options_through_a_real_shell(given, expected, tmp_path):
    args = build_parser().parse_args(["serve", "--port", "9", *given])
    argv = monitor_argv(args)
    assert argv == expected
    # textual-serve runs the command with /bin/sh: run the same string, with a Python
    # that prints its arguments instead of the monitor
    command = served_command(argv).replace(" -m npl_tui", " -c 'import sys, json; print(json.dumps(sys.argv[1:]))'", 1)
    out = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True, cwd=tmp_path, timeout=30, check=True)
    assert json.loads(out.stdout) == expected
    assert not (tmp_path / "pwned").exists()
    # and the monitor's own parser reads them back as the same options
    again = build_parser().parse_args(shlex.split(served_command(argv))[3:])
    for name in ("snapshot", "feed", "refresh", "trust", "lang", "unit", "log_level"):
        assert getattr(again, name) == getattr(build_parser().parse_args(expected), name)


def test_options_before_serve_count_too():
    assert monitor_argv(build_parser().parse_args(["--lang", "zh", "serve", "--unit", "bn"])) == ["--lang", "zh", "--unit", "bn"]


@pytest.mark.parametrize(
    "host, loopback",
    [("127.0.0.1", True), ("127.5.6.7", True), ("::1", True), ("[::1]", True), ("localhost", True), ("0.0.0.0", False), ("::", False), ("10.1.2.3", False), ("desk-01", False)],
)
def test_loopback_is_only_this_machine(host, loopback):
    assert is_loopback(host) is loopback


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    def __init__(self, tmp_path: Path, *args: str) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "npl_tui", "serve", "--port", str(self.port), "--log-file", str(tmp_path / "serve.log"), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        end = time.monotonic() + 30
        while True:
            try:
                self.get("/")
                break
            except OSError:
                assert self.proc.poll() is None, self.proc.communicate()
                assert time.monotonic() < end, "npl-tui serve did not answer"
                time.sleep(0.2)

    def get(self, path: str, headers: dict[str, str] | None = None) -> str:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers=headers or {})
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.read().decode("utf-8")

    def stop(self) -> tuple[int, str, str]:
        self.proc.send_signal(signal.SIGINT)
        out, err = self.proc.communicate(timeout=30)
        return self.proc.returncode, out, err


def links(page: str) -> tuple[str, str]:
    socket_url = re.search(r'data-session-websocket-url="([^"]*)"', page)
    script = re.search(r'<script src="([^"]*)textual\.js"', page)
    assert socket_url and script, page
    return socket_url.group(1), script.group(1)


def test_the_page_links_back_to_where_the_browser_asked_and_never_to_a_forged_host(tmp_path):
    served = Served(tmp_path)
    try:
        port = served.port
        assert links(served.get("/")) == (f"ws://127.0.0.1:{port}/ws", f"http://127.0.0.1:{port}/static/js/")
        # a name the browser used (a proxy passing Host on), and the proxy's https
        assert links(served.get("/", {"Host": "npl.desk.example.com", "X-Forwarded-Proto": "https"})) == (
            "wss://npl.desk.example.com/ws",
            "https://npl.desk.example.com/static/js/",
        )
        # a Host header that is not a host: not echoed into the page
        page = served.get("/", {"Host": 'evil"><script>alert(1)</script>'})
        assert "<script>alert" not in page and links(page)[0] == f"ws://127.0.0.1:{port}/ws"
        status, out, err = served.stop()
    finally:
        if served.proc.poll() is None:
            served.proc.kill()
    assert status == 0 and err == ""  # Ctrl+C is how serve stops: no error
    assert out.splitlines()[0] == f"npl-tui: serving the monitor at http://127.0.0.1:{port} (one monitor process per browser tab; Ctrl+C to stop)"
    assert "npl_tui" not in out  # the command (it may carry a feed's token) is not printed


def test_a_public_url_is_what_the_page_links_to(tmp_path):
    served = Served(tmp_path, "--public-url", "https://npl.desk.example.com/npl/")
    try:
        assert links(served.get("/")) == ("wss://npl.desk.example.com/npl/ws", "https://npl.desk.example.com/npl/static/js/")
    finally:
        served.stop()


def test_serving_beyond_loopback_warns_in_one_line(tmp_path):
    served = Served(tmp_path, "--host", "0.0.0.0")  # the test only ever connects to 127.0.0.1
    status, _out, err = served.stop()
    assert status == 0
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"npl-tui: warning: listening on 0.0.0.0:{served.port}, reachable from other machines: ")
    assert "anyone who can reach this port gets a full monitor session, with no login" in lines[0] and "docs/serve.md" in lines[0]


def test_a_port_in_use_is_one_line_and_nothing_announced(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        out = subprocess.run([sys.executable, "-m", "npl_tui", "serve", "--port", str(port)], capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr == f"npl-tui: cannot listen on 127.0.0.1:{port}: Address already in use\n"
