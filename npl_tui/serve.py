"""`npl-tui serve`: the same monitor in a browser tab, through textual-serve.

textual-serve runs a small aiohttp server: its page holds a terminal (xterm.js) that
talks to the server over a websocket, and for each websocket it starts the monitor as
a process of its own (the command :func:`served_command` builds) and relays the
screen and the keys. So every browser tab is a full monitor session, with the
options given to `npl-tui serve`.

What this module adds to textual-serve's server:

* the command is built from an argument list with :func:`shlex.join` (textual-serve
  runs it through a shell): a path or URL is never pasted in unquoted;
* the page's title is "npl-tui", not the command (which may hold a feed's token), and
  the command is never printed;
* without ``--public-url``, the page's own links (static files, the websocket) are
  made from the address the browser asked for, so listening on 0.0.0.0 or behind a
  proxy works; a Host header that is not a plain host[:port] is not used;
* the port is bound before anything is announced: a port in use is one error line,
  not a "serving" line followed by a failure;
* each session's start and end go to the log file, with the peer's address.

Imported only by `npl-tui serve`: the terminal monitor never loads textual-serve.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import shlex
import signal
import socket
import sys
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["is_loopback", "serve", "served_command"]

log = logging.getLogger(__name__)

#: What a Host header may be for the page's links to be made from it.
_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")


def served_command(argv: Sequence[str]) -> str:
    """The shell command textual-serve runs for each browser: this Python running
    npl_tui with *argv* (the monitor's options), every argument quoted."""
    return shlex.join([sys.executable, "-m", "npl_tui", *argv])


def is_loopback(host: str) -> bool:
    """Whether *host* is an address of this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def serve(host: str, port: int, argv: Sequence[str], *, public_url: str | None = None, warn: Callable[[str], None]) -> int:
    """Serve the monitor with options *argv* on *host*:*port* until Ctrl+C or SIGTERM;
    *warn* gets one line when the port is reachable from other machines."""
    command = served_command(argv)
    sock = _bind(host, port)  # before anything is said: a port in use is the only line
    if not is_loopback(host):
        warn(
            f"listening on {host}:{port}, reachable from other machines: anyone who can reach this port gets a full "
            "monitor session, with no login (one process each); put the desk's authenticating proxy in front (docs/serve.md)"
        )
    server = _make_server(command, sock, host, port, public_url)
    log.info("serve: listening on %s:%d, running %s for each browser session", host, port, command)
    try:
        server.serve()
    finally:
        sock.close()
    log.info("serve: stopped")
    return 0


def _make_server(command: str, sock: socket.socket, host: str, port: int, public_url: str | None) -> Any:
    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.server import Server, to_int

    class NplServer(Server):
        def __init__(self) -> None:
            super().__init__(command, host=host, port=port, title="npl-tui", public_url=public_url)
            self.fixed_url = public_url.rstrip("/") if public_url else None
            self.sessions = 0

        def serve(self, debug: bool = False) -> None:
            """textual-serve's serve(), on the socket bound beforehand."""
            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            for stop in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(stop, self.request_exit)
            web.run_app(self._make_app(), sock=sock, handle_signals=False, loop=loop, print=None)

        async def on_startup(self, app: web.Application) -> None:
            shown = self.fixed_url or f"http://{_url_host(host)}:{port}"
            print(f"npl-tui: serving the monitor at {shown} (one monitor process per browser tab; Ctrl+C to stop)", flush=True)

        def base_url(self, request: web.Request) -> str:
            """Where the browser reaches us: --public-url, else what it asked for."""
            if self.fixed_url:
                return self.fixed_url
            forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
            scheme = forwarded if forwarded in ("http", "https") else request.scheme
            asked = request.host
            if not _HOST.match(asked):
                asked = f"{_url_host(host)}:{port}"
            return f"{scheme}://{asked}"

        @aiohttp_jinja2.template("app_index.html")
        async def handle_index(self, request: web.Request) -> dict[str, Any]:
            base = self.base_url(request)
            router = request.app.router
            websocket = base + str(router["websocket"].url_for())
            websocket = ("wss:" if websocket.startswith("https:") else "ws:") + websocket.split(":", 1)[1]
            return {
                "font_size": to_int(request.query.get("fontsize", "16"), 16),
                "app_websocket_url": websocket,
                "config": {"static": {"url": base + str(router["static"].url_for(filename="/")).rstrip("/") + "/"}},
                "application": {"name": self.title},
            }

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            forwarded = request.headers.get("X-Forwarded-For")
            peer = f"{request.remote}" + (f" (forwarded for {forwarded[:200]})" if forwarded else "")
            self.sessions += 1
            log.info("serve: session opened for %s (%d open)", peer, self.sessions)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions -= 1
                log.info("serve: session closed for %s (%d open)", peer, self.sessions)

    return NplServer()


def _url_host(host: str) -> str:
    """*host* as a URL shows it: this machine's name for a wildcard address."""
    if host in ("0.0.0.0", "::", ""):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


def _bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on *host*:*port* (the first address the name resolves to);
    OSError with a one-line reason naming the address when there can be none."""
    sock = None
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        if sock is not None:
            sock.close()
        raise OSError(exc.errno, f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock
