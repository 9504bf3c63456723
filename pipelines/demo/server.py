"""HTTP plumbing of the demo portal: one loopback server per fake host, every request recorded.

The portal is where the crawler's politeness is measured, so the server records each request with monotonic
start and end times (per-host concurrency and spacing are computed from these), answers conditional GETs
itself (so a second crawl downloads no unchanged body), and can misbehave the way real portals do: bodies
cut short before their Content-Length, and very large bodies streamed without being held in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class RequestRecord:
    """One request as the server saw it; times are ``time.monotonic()`` of this process."""

    host: str
    method: str
    path: str  # with the query string
    headers: dict[str, str]  # names lower-cased
    started_at: float
    finished_at: float
    status: int
    bytes_sent: int  # body bytes actually written (less than Content-Length for a cut or aborted body)
    body: bytes = b""


@dataclass
class Request:
    """What a site's handler gets: the fake host, the decoded target and the form or query fields."""

    host: str
    base_url: str
    method: str
    target: str  # path with query, as sent
    path: str
    query: dict[str, str]
    headers: Message
    body: bytes = b""

    @property
    def form(self) -> dict[str, str]:
        """Query fields overlaid with urlencoded POST fields (Hanweb's dataproxy takes either)."""
        fields = dict(self.query)
        if self.body:
            fields.update(parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True))
        return fields


@dataclass
class Response:
    """A response before conditional-GET handling; ``body`` may be an iterable of chunks (streamed)."""

    status: int = 200
    body: bytes | Iterable[bytes] = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    #: Last-Modified; with it the server adds an ETag and answers If-None-Match / If-Modified-Since with 304.
    modified: datetime | None = None
    #: A streamed body's Content-Length; without it the body is sent chunked (a byte body's is its size).
    length: int | None = None
    #: With it (or ``modified``) a 200 is conditional; a byte body with ``modified`` gets one from its content.
    etag: str | None = None
    #: Close the connection after this many body bytes although Content-Length promised more.
    truncate_at: int | None = None


Handler = Callable[[Request], Response]


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def etag_for(data: bytes) -> str:
    return '"' + hashlib.sha1(data).hexdigest()[:16] + '"'


def not_modified(request_headers: Message, etag: str | None, modified: datetime | None) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present; If-Modified-Since only without it."""
    inm = request_headers.get("If-None-Match")
    if inm is not None:
        if etag is None:
            return False
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    ims = request_headers.get("If-Modified-Since")
    if ims and modified is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return modified.replace(microsecond=0) <= since
    return False


class RequestLog:
    """Thread-safe list of every request, shared by all host servers of one portal.

    A request is recorded once answered; ``begin()`` counts it as under way until its ``add()``, so a
    snapshot can wait for answers a client has already read but the server has not yet recorded.
    """

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._records: list[RequestRecord] = []
        self._under_way = 0

    def begin(self) -> None:
        with self._lock:
            self._under_way += 1

    def add(self, record: RequestRecord) -> None:
        with self._lock:
            self._records.append(record)
            self._under_way = max(0, self._under_way - 1)
            self._lock.notify_all()

    def snapshot(self, settle: float = 0.0) -> list[RequestRecord]:
        """The records so far, after waiting up to ``settle`` seconds for requests under way to finish."""
        with self._lock:
            self._lock.wait_for(lambda: self._under_way == 0, timeout=settle)
            return list(self._records)

    def clear(self) -> None:
        with self._lock:
            self._records.clear()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], host_name: str, handler: Handler, log: RequestLog,
                 server_header: str) -> None:
        self.host_name = host_name
        self.app = handler
        self.log = log
        self.server_header = server_header
        super().__init__(address, _RequestHandler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up (a crawler aborting a 60 MB body, a closed keep-alive) is no error."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: without this, each answer waits 40 ms
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Quiet: the request log is the record."""

    def version_string(self) -> str:
        return self.server.server_header

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._dispatch()

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch()

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch()

    def _dispatch(self) -> None:
        started = time.monotonic()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        parts = urlsplit(self.path)
        request = Request(
            host=self.server.host_name,
            base_url=self.server.base_url,
            method=self.command,
            target=self.path,
            path=parts.path or "/",
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            headers=self.headers,
            body=body,
        )
        status, sent = 500, 0
        self.server.log.begin()
        try:
            response = self.server.app(request)
            status, sent = self._send(response)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            self.server.log.add(RequestRecord(
                host=self.server.host_name, method=self.command, path=self.path,
                headers={k.lower(): v for k, v in self.headers.items()}, started_at=started,
                finished_at=time.monotonic(), status=status, bytes_sent=sent, body=body,
            ))

    def _send(self, response: Response) -> tuple[int, int]:
        body = response.body
        etag = response.etag
        length = response.length
        if isinstance(body, bytes | bytearray):
            length = len(body)
            if response.modified is not None and etag is None:
                etag = etag_for(bytes(body))
        status = response.status
        cacheable = status == 200 and (response.modified is not None or etag is not None)
        if cacheable and self.command in ("GET", "HEAD") and not_modified(self.headers, etag, response.modified):
            status = 304
        self.send_response(status)
        if status != 304 and response.content_type:
            self.send_header("Content-Type", response.content_type)
        if cacheable and response.modified is not None:
            self.send_header("Last-Modified", http_date(response.modified))
        if cacheable and etag:
            self.send_header("ETag", etag)
        for name, value in response.headers:
            self.send_header(name, value)
        if status == 304 or status < 200:
            self.end_headers()
            return status, 0
        chunked = length is None and self.request_version == "HTTP/1.1"
        if length is not None:
            self.send_header("Content-Length", str(length))
        elif chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.close_connection = True  # an HTTP/1.0 client reads to the end of the connection
        if response.truncate_at is not None:
            self.close_connection = True
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return status, 0
        return status, self._write_body(body, response.truncate_at, chunked)

    def _write_body(self, body: bytes | Iterable[bytes], limit: int | None, chunked: bool = False) -> int:
        chunks: Iterator[bytes] = iter([bytes(body)]) if isinstance(body, bytes | bytearray) else iter(body)
        sent = 0
        try:
            for chunk in chunks:
                if limit is not None and sent + len(chunk) > limit:
                    chunk = chunk[: limit - sent]
                if chunk or not chunked:  # an empty chunk would end a chunked body
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
                sent += len(chunk)
                if limit is not None and sent >= limit:
                    break
            else:
                if chunked:
                    self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()  # a generator's cleanup runs now, not at garbage collection
        if limit is not None:
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_WR)
        return sent


class HostServer:
    """One fake host on its own loopback port, served from a daemon thread."""

    def __init__(self, host_name: str, handler: Handler, log: RequestLog, *, bind: str = "127.0.0.1",
                 port: int = 0, server_header: str = "nginx") -> None:
        self.host_name = host_name
        self._server = _Server((bind, port), host_name, handler, log, server_header)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"demo-{host_name}", daemon=True)

    @property
    def base_url(self) -> str:
        return self._server.base_url

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
