"""A small real HTTP site on loopback for the crawler's tests: the demo portal's server, fed from a route table.

Routes map a path (with its query string, if any) to a ``Route``: status, headers, body, an ETag (so
``If-None-Match`` is answered with 304), a delay, a slow trickle of the body, a body of unknown length
(sent chunked) or one cut short. Requests are recorded by the demo server (``RequestRecord``, header names
lower-cased, monotonic start and finish times), so tests can measure politeness from the server's side.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from pipelines.demo.server import HostServer, Request, RequestLog, RequestRecord, Response, etag_for

CHUNK = 64 * 1024


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
    handler: Callable[[Request], Route] | None = None  # computes the answer per request

    def response(self) -> Response:
        data = self.body.encode("utf-8") if isinstance(self.body, str) else self.body
        streamed = self.chunked or self.trickle > 0
        return Response(self.status, _chunks(data, self.trickle) if streamed else data, self.content_type,
                        list(self.headers.items()), length=None if self.chunked else len(data),
                        etag=etag_for(data) if self.etag else None, truncate_at=self.cut_at)


NOT_FOUND = Route("<html><head><title>404</title></head><body>not found</body></html>", status=404, etag=False)


def _chunks(data: bytes, pause: float) -> Iterator[bytes]:
    for start in range(0, len(data), CHUNK):
        yield data[start : start + CHUNK]
        time.sleep(pause)


class Site:
    """``with Site(routes) as site:`` serves ``routes`` on ``site.base`` (``http://127.0.0.1:PORT``)."""

    def __init__(self, routes: dict[str, Route] | None = None, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.log = RequestLog()
        self._server = HostServer(host, self._answer, self.log, bind=host)
        self.base = self._server.base_url

    def __enter__(self) -> Site:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def requests(self) -> list[RequestRecord]:
        """Every request in arrival order, once those under way (answered, perhaps not yet recorded) are done."""
        return sorted(self.log.snapshot(settle=5.0), key=lambda r: r.started_at)

    def seen(self, path_prefix: str = "") -> list[RequestRecord]:
        return [r for r in self.requests if r.path.startswith(path_prefix)]

    def _answer(self, request: Request) -> Response:
        route = self.routes.get(request.target) or self.routes.get(request.path) or NOT_FOUND
        if route.handler is not None:
            route = route.handler(request)
        time.sleep(route.delay)
        return route.response()
