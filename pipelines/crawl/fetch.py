"""Fetching one URL politely and storing its body: the only place the crawler touches the network.

Per request: the URL must be in the source's scope, its host not given up on in this run, and
robots.txt must allow it; the host's gate spaces requests; a conditional GET is sent when the log knows
the URL; timeouts, resets, 5xx and 429 are retried with exponential backoff and jitter (``Retry-After``
honoured, bounded); redirects are followed by hand, each hop checked like the first; the body is
streamed into the raw store with the size cap enforced while it arrives, and only after it is stored is
the outcome written to the crawl log. Blocks are classified and the host backed off, never solved.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import queue
import random
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from pipelines.crawl.blocks import BLOCKS, RETRYABLE_STATUSES, SNIFF_BYTES, classify_body, classify_status
from pipelines.crawl.links import clean_url
from pipelines.crawl.log import CrawlLogWriter, UrlState, utc_now
from pipelines.crawl.politeness import GATES, HostGates
from pipelines.crawl.scope import Scope
from pipelines.crawl.sources import Politeness
from pipelines.store.raw import RawStore

USER_AGENT = (
    "zfxxgk-crawler/0.1 (+https://github.com/zfxxgk/zfxxgk; open data on government information "
    "disclosure annual reports; honours robots.txt)"
)
ROBOTS_AGENT = "zfxxgk-crawler"
MAX_CRAWL_DELAY = 60.0  # a robots.txt Crawl-delay above this is capped
GIVE_UP_AFTER = 3  # blocked answers in a row from one host before this run stops asking it
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class Request:
    """One URL to fetch and what it is to the crawl (for the log)."""

    url: str
    kind: str = "list"
    method: str = "GET"
    data: tuple[tuple[str, str], ...] = ()
    referrer: str | None = None
    link_title: str | None = None
    report_url: str | None = None


@dataclass
class Outcome:
    """How a fetch ended. ``sha256`` is the stored body (this time or, for a 304, the known one)."""

    request: Request
    classification: str
    final_url: str = ""
    redirect_chain: list[str] = field(default_factory=list)
    status: int | None = None
    sha256: str | None = None
    stored: bool = False
    content_type: str | None = None
    size: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    attempts: int = 0
    fetched_at: str = field(default_factory=utc_now)
    logged: bool = True  # False for a fresh body reused without a request (nothing to log)
    redirect_to: str | None = None  # set while a hop answered with a redirect

    @property
    def ok(self) -> bool:
        return self.classification in ("ok", "not_modified")


@dataclass
class SourceContext:
    """What a fetch needs to know about the source it serves."""

    source_id: str
    scope: Scope
    politeness: Politeness
    log: CrawlLogWriter
    run_id: str
    deadline: float
    region: str | None = None
    agency: str | None = None
    on_outcome: Any = None  # callable(Outcome) for counting


class _Rules:
    """robots.txt for one origin: parsed rules, or allow/deny everything."""

    def __init__(self, parser: Protego | None = None, allow_all: bool = True) -> None:
        self.parser = parser
        self.allow_all = allow_all

    def allows(self, url: str) -> bool:
        if self.parser is not None:
            return bool(self.parser.can_fetch(url, ROBOTS_AGENT))
        return self.allow_all

    def delay(self) -> float:
        if self.parser is None:
            return 0.0
        value = self.parser.crawl_delay(ROBOTS_AGENT)
        return min(float(value or 0.0), MAX_CRAWL_DELAY)


class _TooLarge(Exception):
    pass


class Fetcher:
    """Shared by every source of one crawl: the HTTP client, the global limit, robots, host verdicts."""

    def __init__(
        self,
        store: RawStore,
        states: dict[str, UrlState],
        *,
        global_concurrency: int = 8,
        gates: HostGates = GATES,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.store = store
        self.states = states
        self.gates = gates
        self.client = httpx.AsyncClient(
            headers={"User-Agent": user_agent, "Accept": "*/*", "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"},
            follow_redirects=False,
            limits=httpx.Limits(max_connections=max(2, global_concurrency * 2), max_keepalive_connections=32),
            trust_env=False,
        )
        self.global_limit = asyncio.Semaphore(max(1, global_concurrency))
        self.given_up: dict[str, str] = {}  # host -> the block that made this run stop asking it
        self.strikes: dict[str, int] = {}
        self._robots: dict[str, _Rules] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}

    async def close(self) -> None:
        await self.client.aclose()

    # -- public -------------------------------------------------------------------------------------
    async def fetch(self, request: Request, ctx: SourceContext) -> Outcome:
        """Fetch ``request``, store the body, log the outcome, and return it."""
        outcome = await self._follow(request, ctx)
        self._judge_host(outcome, ctx)
        self._log(outcome, ctx)
        return outcome

    def body(self, outcome: Outcome) -> bytes | None:
        return self.store.get(outcome.sha256) if outcome.sha256 and self.store.has(outcome.sha256) else None

    @contextlib.asynccontextmanager
    async def _slot(self, host: str, min_delay: float, concurrency: int) -> AsyncIterator[None]:
        """The host's gate first (spacing), then a global slot: waiting on a host never holds a global one."""
        async with self.gates.slot(host, min_delay=min_delay, concurrency=concurrency), self.global_limit:
            yield

    # -- redirects, scope, robots -----------------------------------------------------------------------
    async def _follow(self, request: Request, ctx: SourceContext) -> Outcome:
        pol = ctx.politeness
        url, method, data = clean_url(request.url), request.method, request.data
        chain: list[str] = []
        attempts = 0
        for _hop in range(pol.max_redirects + 1):
            out = Outcome(request, "error", final_url=url, redirect_chain=list(chain), attempts=attempts)
            if not ctx.scope.allows(url):
                out.classification = "skipped:offsite"
                return out
            host = urlsplit(url).netloc
            if host in self.given_up:
                out.classification, out.error = self.given_up[host], "host given up after earlier blocks"
                return out
            rules = await self._robots_for(url, ctx)
            if not rules.allows(url):
                out.classification = "disallowed"
                return out
            out = await self._with_retries(request, url, method, data, ctx, max(pol.min_delay, rules.delay()))
            out.redirect_chain, out.attempts = list(chain), attempts + out.attempts
            attempts = out.attempts
            target = out.redirect_to
            if target is None:
                return out
            chain.append(url)
            url = clean_url(target)
            if out.status == 303 or (out.status in (301, 302) and method == "POST"):
                method, data = "GET", ()
        out = Outcome(request, "error", final_url=url, redirect_chain=chain, attempts=attempts)
        out.error = f"more than {pol.max_redirects} redirects"
        return out

    async def _robots_for(self, url: str, ctx: SourceContext) -> _Rules:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._robots:
            return self._robots[origin]
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._robots:
                self._robots[origin] = await self._fetch_robots(origin, ctx)
        return self._robots[origin]

    async def _fetch_robots(self, origin: str, ctx: SourceContext) -> _Rules:
        """RFC 9309: 2xx parsed, 4xx allows everything, 5xx or no answer disallows (for this run)."""
        url = origin + "/robots.txt"
        request = Request(url, kind="robots")
        out = Outcome(request, "error", final_url=url)
        rules = _Rules(allow_all=False)
        host = urlsplit(url).netloc
        try:
            async with self._slot(host, ctx.politeness.min_delay, ctx.politeness.concurrency):
                out.attempts = 1
                response = await self.client.get(url, timeout=ctx.politeness.timeout, follow_redirects=True)
            out.status = response.status_code
            out.final_url = str(response.url)
            out.redirect_chain = [str(r.url) for r in response.history]
            out.content_type = response.headers.get("content-type")
            if 200 <= response.status_code < 300:
                body = response.content[: 512 * 1024]
                out.sha256, out.stored, out.size = self.store.put(body), True, len(body)
                out.classification = "ok"
                rules = _Rules(Protego.parse(body.decode("utf-8", "replace")))
            elif 400 <= response.status_code < 500:
                out.classification = classify_status(response.status_code) or "error"
                rules = _Rules(allow_all=True)
            else:
                out.classification = "throttled" if response.status_code in (429, 503) else "error"
                out.error = "robots.txt unavailable: every path disallowed for this run"
        except httpx.HTTPError as exc:
            out.error = f"robots.txt unavailable ({type(exc).__name__}): every path disallowed for this run"
        self._log(out, ctx)
        return rules

    # -- one URL, with retries ------------------------------------------------------------------------
    async def _with_retries(
        self, request: Request, url: str, method: str, data: tuple[tuple[str, str], ...], ctx: SourceContext, delay: float
    ) -> Outcome:
        pol = ctx.politeness
        host = urlsplit(url).netloc
        headers = self._conditional_headers(url) if method == "GET" else {}
        out = Outcome(request, "error", final_url=url)
        for attempt in range(1, pol.max_attempts + 1):
            if time.monotonic() > ctx.deadline:
                out.error = out.error or "time budget exhausted"
                return out
            out = Outcome(request, "error", final_url=url, attempts=attempt)
            retry_after: float | None = None
            try:
                async with self._slot(host, delay, pol.concurrency):
                    out.fetched_at = utc_now()
                    async with self.client.stream(
                        method, url, headers=headers, data=dict(data) if data else None, timeout=pol.timeout
                    ) as response:
                        retry_after = await self._read(response, out, url, pol)
                retryable = out.status in RETRYABLE_STATUSES
            except httpx.HTTPError as exc:  # timeouts, resets, protocol errors
                out.classification, out.error = "error", f"{type(exc).__name__}: {exc}".strip(": ")
                retryable = True
            if not retryable or attempt == pol.max_attempts:
                return out
            wait = pol.backoff_base * 2 ** (attempt - 1) * (1 + random.random() / 2)
            if retry_after is not None:
                if retry_after > pol.max_retry_after:
                    out.error = f"Retry-After {retry_after:.0f}s exceeds the {pol.max_retry_after:.0f}s bound"
                    return out
                wait = max(wait, retry_after)
            if time.monotonic() + wait > ctx.deadline:
                out.error = out.error or "time budget exhausted"
                return out
            self.gates.back_off(host, wait)
        return out

    def _conditional_headers(self, url: str) -> dict[str, str]:
        state = self.states.get(url)
        if state is None or not state.sha256 or not self.store.has(state.sha256):
            return {}
        headers = {}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        return headers

    async def _read(self, response: httpx.Response, out: Outcome, url: str, pol: Politeness) -> float | None:
        """Fill ``out`` from ``response``; stream a good body into the store. Returns any Retry-After."""
        status = out.status = response.status_code
        out.content_type = response.headers.get("content-type")
        out.etag = response.headers.get("etag")
        out.last_modified = response.headers.get("last-modified")
        if status in _REDIRECTS and response.headers.get("location"):
            out.redirect_to = urljoin(url, response.headers["location"])
            out.classification = "ok"
            return None
        if status == 304:
            state = self.states.get(url)
            out.classification, out.sha256 = "not_modified", state.sha256 if state else None
            if state is not None:
                out.etag = out.etag or state.etag
                out.last_modified = out.last_modified or state.last_modified
                out.content_type = out.content_type or state.content_type
            return None
        verdict = classify_status(status)
        if verdict is not None:
            out.classification = verdict
            out.error = f"HTTP {status}"
            return _retry_after(response.headers.get("retry-after"))
        if status >= 300:
            out.classification, out.error = "error", f"HTTP {status} without a usable Location"
            return None
        length = response.headers.get("content-length")
        if length and length.isdigit() and int(length) > pol.max_bytes:
            out.classification, out.size = "too_large", int(length)
            out.error = f"Content-Length {length} exceeds {pol.max_bytes} bytes"
            return None
        chunks = response.aiter_bytes()
        head = b""
        async for chunk in chunks:
            head += chunk
            if len(head) >= SNIFF_BYTES:
                break
        verdict = classify_body(status, response.headers, head[:SNIFF_BYTES])
        if verdict != "ok":
            out.classification, out.error = verdict, "challenge or soft-404 page"
            return None
        try:
            out.sha256, out.size = await self._store_stream(head, chunks, pol.max_bytes)
        except _TooLarge:
            out.classification, out.error = "too_large", f"body exceeds {pol.max_bytes} bytes"
            return None
        out.stored = True
        out.classification = "ok"
        return None

    async def _store_stream(self, head: bytes, chunks: Any, max_bytes: int) -> tuple[str, int]:
        """Stream ``head`` + ``chunks`` into ``RawStore.put_stream`` (run in a thread), cap enforced."""
        feed: queue.SimpleQueue[bytes | BaseException | None] = queue.SimpleQueue()

        def consume() -> Iterator[bytes]:
            while True:
                item = feed.get()
                if item is None:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item

        writer = asyncio.get_running_loop().run_in_executor(None, self.store.put_stream, consume())
        size = 0
        try:
            if head:
                size += len(head)
                if size > max_bytes:
                    raise _TooLarge
                feed.put(head)
            async for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise _TooLarge
                feed.put(chunk)
        except BaseException as exc:
            feed.put(exc if isinstance(exc, Exception) else _TooLarge())
            with contextlib.suppress(BaseException):  # the writer re-raises what it was fed
                await writer
            raise
        feed.put(None)
        return await writer

    # -- verdicts and logging ---------------------------------------------------------------------------
    def _judge_host(self, out: Outcome, ctx: SourceContext) -> None:
        """Back off a host that blocks or throttles, more each time; give it up for this run after
        ``GIVE_UP_AFTER`` blocks in a row (one trap page among good ones does not lose the host)."""
        if not out.attempts:
            return
        host = urlsplit(out.final_url or out.request.url).netloc
        if out.classification in BLOCKS:
            strikes = self.strikes[host] = self.strikes.get(host, 0) + 1
            self.gates.back_off(host, ctx.politeness.backoff_base * 2**strikes)
            if strikes >= GIVE_UP_AFTER:
                self.given_up.setdefault(host, out.classification)
        elif out.ok:
            self.strikes[host] = 0

    def _log(self, out: Outcome, ctx: SourceContext) -> None:
        request = out.request
        if not out.attempts:  # decided without a request (scope, robots, a given-up host): now is when
            out.fetched_at = utc_now()
        if out.logged:
            ctx.log.write(
                {
                    "url": clean_url(request.url),
                    "final_url": out.final_url or clean_url(request.url),
                    "redirect_chain": out.redirect_chain,
                    "method": request.method,
                    "status": out.status,
                    "classification": out.classification,
                    "error": out.error,
                    "fetched_at": out.fetched_at,
                    "attempts": out.attempts,
                    "sha256": out.sha256 if out.stored else None,
                    "content_type": out.content_type,
                    "bytes": out.size,
                    "etag": out.etag,
                    "last_modified": out.last_modified,
                    "kind": request.kind,
                    "report_url": request.report_url,
                    "referrer": request.referrer,
                    "link_title": request.link_title,
                    "source": ctx.source_id,
                    "region": ctx.region,
                    "agency": ctx.agency,
                    "run_id": ctx.run_id,
                }
            )
        if out.stored or out.classification == "not_modified":
            for key in dict.fromkeys((clean_url(request.url), out.final_url)):
                if request.method == "GET" and key:
                    self._remember(key, out)
        if ctx.on_outcome is not None:
            ctx.on_outcome(out)

    def _remember(self, url: str, out: Outcome) -> None:
        state = self.states.setdefault(url, UrlState())
        if out.stored:
            state.sha256, state.etag, state.last_modified = out.sha256, out.etag, out.last_modified
            state.content_type = out.content_type
        state.fetched_at, state.classification, state.kind = out.fetched_at, out.classification, out.request.kind


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
