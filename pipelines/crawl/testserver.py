"""A small real HTTP site on loopback, for the crawler's tests and benchmark.

Routes map a path (with its query string, if any) to a ``Route``: status, headers, body, optional ETag
handling (``If-None-Match`` answered with 304), a delay, or a slow trickle of the body. Every request is
recorded with its method, path, headers, form body, status and monotonic start/finish times, so tests
can measure politeness from the server's side. Not a demo portal: just enough to exercise each rule.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Route:
    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    etag: bool = True  # send an ETag and answer If-None-Match with 304
    delay: float = 0.0  # seconds before answering
    trickle: float = 0.0  # seconds between 64 KiB chunks of the body
    chunked: bool = False  # no Content-Length: the body's size is known only at its end
    cut_at: int | None = None  # send Content-Length for the whole body but close after this many bytes
    handler: Callable[[SeenRequest], Route] | None = None  # computes the answer per request

    @property
    def data(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


@dataclass
class SeenRequest:
    method: str
    path: str  # with the query string
    headers: dict[str, str]
    body: bytes
    host: str
    started_at: float
    finished_at: float = 0.0
    status: int = 0


class Site:
    """``with Site(routes) as site:`` serves ``routes`` on ``site.base`` (``http://127.0.0.1:PORT``)."""

    def __init__(self, routes: dict[str, Route] | None = None, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[SeenRequest] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                site._answer(self)

            def do_POST(self) -> None:  # noqa: N802
                site._answer(self)

            def do_HEAD(self) -> None:  # noqa: N802
                site._answer(self)

        self._server = ThreadingHTTPServer((host, 0), Handler)
        self._server.daemon_threads = True
        self.base = f"http://{host}:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def seen(self, path_prefix: str = "") -> list[SeenRequest]:
        with self._lock:
            return [r for r in self.requests if r.path.startswith(path_prefix)]

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        seen = SeenRequest(
            handler.command,
            handler.path,
            {k.lower(): v for k, v in handler.headers.items()},
            body,
            handler.headers.get("Host", ""),
            time.monotonic(),
        )
        with self._lock:
            self.requests.append(seen)
        route = self.routes.get(handler.path) or self.routes.get(urlsplit(handler.path).path)
        if route is None:
            route = Route("<html><head><title>404</title></head><body>not found</body></html>", status=404, etag=False)
        if route.handler is not None:
            route = route.handler(seen)
        if route.delay:
            time.sleep(route.delay)
        data = route.data
        headers = {"Content-Type": route.content_type, **route.headers}
        status = route.status
        if route.etag and status == 200:
            tag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
            headers["ETag"] = tag
            if seen.headers.get("if-none-match") == tag:
                status, data = 304, b""
        try:
            handler.send_response(status)
            for key, value in headers.items():
                handler.send_header(key, value)
            if route.chunked:
                handler.send_header("Transfer-Encoding", "chunked")
            else:
                handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            if handler.command != "HEAD":
                self._send_body(handler, route, data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            seen.status = status
            seen.finished_at = time.monotonic()

    @staticmethod
    def _send_body(handler: BaseHTTPRequestHandler, route: Route, data: bytes) -> None:
        if route.cut_at is not None:
            data = data[: route.cut_at]
        step = 64 * 1024
        for start in range(0, len(data), step):
            chunk = data[start : start + step]
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if route.chunked else chunk)
            if route.trickle:
                handler.wfile.flush()
                time.sleep(route.trickle)
        if route.chunked:
            handler.wfile.write(b"0\r\n\r\n")
        if route.cut_at is not None:
            handler.close_connection = True
