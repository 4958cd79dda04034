"""A real, threaded HTTP/1.0 server on 127.0.0.1 for feed tests (loopback only).

``FeedServer(root)`` serves the files of a snapshot directory with ETag and
Last-Modified and answers conditional requests with 304. A test can replace the
behaviour of any path with ``server.route(path, behaviour)``; behaviours are plain
functions taking the request handler. Every request is recorded in
``server.requests`` as ``(path, headers)`` (the path without its query; the full
request targets are in ``server.targets``).
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

Behaviour = Callable[[BaseHTTPRequestHandler], None]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args) -> None:
        return

    def do_GET(self) -> None:
        feed = self.server.feed
        path = self.path.split("?", 1)[0]
        with feed.lock:
            feed.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
            feed.targets.append(self.path)
            behaviour = feed.routes.get(path)
        try:
            if behaviour is not None:
                behaviour(self)
            else:
                serve_file(self, feed.root)
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    feed: FeedServer


class FeedServer:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.routes: dict[str, Behaviour] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.targets: list[str] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.feed = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    def route(self, path: str, behaviour: Behaviour | None) -> None:
        with self.lock:
            if behaviour is None:
                self.routes.pop("/" + path.lstrip("/"), None)
            else:
                self.routes["/" + path.lstrip("/")] = behaviour

    def paths(self) -> list[str]:
        with self.lock:
            return [p for p, _h in self.requests]

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()
            self.targets.clear()

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --------------------------------------------------------------------------- behaviours


def etag_of(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:16] + '"'


def serve_file(h: BaseHTTPRequestHandler, root: Path) -> None:
    """Serve root/<path> with ETag + Last-Modified, honouring conditional headers."""
    name = h.path.split("?", 1)[0].lstrip("/")
    target = (root / name).resolve()
    if not name or root.resolve() not in target.parents or not target.is_file():
        send(h, 404, b"not found\n", reason="Not Found")
        return
    data = target.read_bytes()
    etag = etag_of(data)
    mtime = int(target.stat().st_mtime)
    last_modified = email.utils.formatdate(mtime, usegmt=True)
    inm = h.headers.get("If-None-Match")
    ims = h.headers.get("If-Modified-Since")
    not_modified = False
    if inm is not None:
        not_modified = etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
    elif ims is not None:
        parsed = email.utils.parsedate_to_datetime(ims)
        not_modified = parsed is not None and mtime <= int(parsed.timestamp())
    headers = {"ETag": etag, "Last-Modified": last_modified}
    if not_modified:
        h.send_response(304)
        for k, v in headers.items():
            h.send_header(k, v)
        h.end_headers()
        return
    send(h, 200, data, headers)


def send(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None, reason: str | None = None) -> None:
    h.send_response(status, reason)
    h.send_header("Content-Length", str(len(body)))
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(body)


def status(code: int, reason: str | None = None) -> Behaviour:
    return lambda h: send(h, code, f"error {code}\n".encode(), reason=reason)


def body(data: bytes, content_type: str = "application/octet-stream") -> Behaviour:
    return lambda h: send(h, 200, data, {"Content-Type": content_type})


def html_page() -> Behaviour:
    page = b"<!DOCTYPE html><html><head><title>Login</title></head><body>Please sign in</body></html>\n"
    return body(page, "text/html")


def drip(interval: float = 0.1, limit: float = 20.0, length: int = 5000) -> Behaviour:
    """200 with a body that trickles one byte per *interval* and never finishes
    (announced as *length* bytes)."""

    def behaviour(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(length))
        h.end_headers()
        server: FeedServer = h.server.feed  # type: ignore[attr-defined]
        end = time.monotonic() + limit
        while time.monotonic() < end and not server.stopping.is_set():
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(interval)

    return behaviour


def truncated(data: bytes, claimed: int) -> Behaviour:
    """Content-Length *claimed* but only *data* is sent before the connection closes."""

    def behaviour(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(claimed))
        h.end_headers()
        h.wfile.write(data)
        h.wfile.flush()
        h.close_connection = True

    return behaviour


def unsized(data: bytes) -> Behaviour:
    """200 without Content-Length (body ends when the connection closes)."""

    def behaviour(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.end_headers()
        h.wfile.write(data)

    return behaviour


_BOMB: dict[int, bytes] = {}


def gzip_bomb(decoded_size: int = 64 * 1024 * 1024) -> Behaviour:
    """Content-Encoding: gzip; tiny on the wire, *decoded_size* zero bytes decoded."""
    if decoded_size not in _BOMB:
        _BOMB[decoded_size] = gzip.compress(b"\0" * decoded_size, compresslevel=9)
    data = _BOMB[decoded_size]
    return lambda h: send(h, 200, data, {"Content-Encoding": "gzip"})


def gzipped(data: bytes) -> Behaviour:
    packed = gzip.compress(data)
    return lambda h: send(h, 200, packed, {"Content-Encoding": "gzip"})


def encoded(packed: bytes, encoding: str = "gzip") -> Behaviour:
    """200 with *packed* sent as is, labelled with Content-Encoding *encoding*."""
    return lambda h: send(h, 200, packed, {"Content-Encoding": encoding})


def raw(response: bytes) -> Behaviour:
    """Write *response* as is (status line, headers and all), then close."""

    def behaviour(h: BaseHTTPRequestHandler) -> None:
        h.wfile.write(response)
        h.wfile.flush()
        h.close_connection = True

    return behaviour


def redirect(location: str, code: int = 302) -> Behaviour:
    return lambda h: send(h, code, b"", {"Location": location})


def lenient_conditional() -> Behaviour:
    """Serve the file, answering 304 when *either* If-None-Match or If-Modified-Since
    matches (as many servers do), instead of letting If-None-Match decide."""

    def behaviour(h: BaseHTTPRequestHandler) -> None:
        root: Path = h.server.feed.root  # type: ignore[attr-defined]
        target = root / h.path.split("?", 1)[0].lstrip("/")
        data = target.read_bytes()
        etag = etag_of(data)
        mtime = int(target.stat().st_mtime)
        inm = h.headers.get("If-None-Match")
        ims = h.headers.get("If-Modified-Since")
        since = email.utils.parsedate_to_datetime(ims) if ims else None
        headers = {"ETag": etag, "Last-Modified": email.utils.formatdate(mtime, usegmt=True)}
        if (inm is not None and inm.strip() == etag) or (since is not None and mtime <= int(since.timestamp())):
            h.send_response(304)
            for k, v in headers.items():
                h.send_header(k, v)
            h.end_headers()
            return
        send(h, 200, data, headers)

    return behaviour


def not_modified(etag: str) -> Behaviour:
    """Always 304, naming entity tag *etag* (whatever the request sent)."""

    def behaviour(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") is None and h.headers.get("If-Modified-Since") is None:
            serve_file(h, h.server.feed.root)  # type: ignore[attr-defined]
            return
        h.send_response(304)
        h.send_header("ETag", etag)
        h.end_headers()

    return behaviour


def retry_after(code: int, value: str, reason: str | None = None) -> Behaviour:
    """*code* (429, 503...) with a Retry-After header."""
    return lambda h: send(h, code, f"error {code}\n".encode(), {"Retry-After": value}, reason=reason)
