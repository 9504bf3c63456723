"""Crawling a source: walk each column's list pages, recognise reports, fetch them and their files.

For each column URL: fetch the page, pick the dialect (configured, else detected), and follow the
dialect's cursor and the generic pagination/sub-column links until a stop rule ends them; every link
whose title is an annual report's becomes a candidate. Then each candidate is fetched: an HTML report
page with its attachments (one report, however many files), or a file linked straight from the list.
Finally reports this source found before but not now are asked for again, and marked ``gone`` when the
portal says so: never erased. Everything runs in one event loop; ``crawl_all`` shares one fetcher (one
global limit, one robots cache) across sources, and the host gates are process-wide.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from pipelines.crawl.dialects import PARSERS, Listing, Page, PageRequest, detect
from pipelines.crawl.dialects.base import same_folder
from pipelines.crawl.dialects.generic import follow_ups
from pipelines.crawl.fetch import Fetcher, Outcome, Request, SourceContext
from pipelines.crawl.links import Link, attachment_links, extract_links, is_attachment_url, is_report_title
from pipelines.crawl.log import CrawlLogWriter, known_reports, new_run_id, read_crawl_log, url_states
from pipelines.crawl.scope import Scope
from pipelines.crawl.sources import Politeness, Source, source_for_url
from pipelines.store.raw import RawStore

DEFAULT_GLOBAL_CONCURRENCY = 8
_STALE_PART_SECONDS = 3600


@dataclass
class HostCounts:
    """Per host: reports found, bodies fetched, 304s, blocks (incl. throttling), errors, and the rest."""

    found: int = 0
    fetched: int = 0
    not_modified: int = 0
    blocked: int = 0
    errors: int = 0
    gone: int = 0
    disallowed: int = 0
    offsite: int = 0


@dataclass
class FoundFile:
    url: str
    title: str
    classification: str
    sha256: str | None


@dataclass
class FoundReport:
    """A report found on a column: its page (or file) and the files attached to it."""

    url: str
    title: str
    column_url: str
    classification: str = "error"
    sha256: str | None = None
    content_type: str | None = None
    final_url: str = ""
    attachments: list[FoundFile] = field(default_factory=list)


@dataclass
class CrawlResult:
    source_id: str
    run_id: str
    log_path: str
    hosts: dict[str, HostCounts] = field(default_factory=dict)
    reports: list[FoundReport] = field(default_factory=list)
    dialects: dict[str, str] = field(default_factory=dict)  # column URL -> dialect used
    list_pages: int = 0
    gone: list[str] = field(default_factory=list)
    truncated: bool = False  # the time budget ran out

    def host(self, url: str) -> HostCounts:
        return self.hosts.setdefault(urlsplit(url).netloc, HostCounts())


@dataclass(frozen=True)
class ProgressEvent:
    """Sent to the ``progress`` callback: ``stage`` is ``list``, ``report`` or ``done``."""

    source_id: str
    stage: str
    done: int
    total: int | None
    url: str = ""


ProgressCallback = Callable[[ProgressEvent], None]


# -- public API ---------------------------------------------------------------------------------------


def crawl_source(
    source: Source,
    data_dir: str | os.PathLike[str],
    *,
    politeness: Politeness | Mapping[str, Any] | None = None,
    progress: ProgressCallback | None = None,
    global_concurrency: int = DEFAULT_GLOBAL_CONCURRENCY,
) -> CrawlResult:
    """Crawl one source into ``data_dir`` (raw store + crawl log) and say what was found."""
    return crawl_all([source], data_dir, politeness=politeness, progress=progress, global_concurrency=global_concurrency)[0]


def crawl_start_url(
    url: str,
    data_dir: str | os.PathLike[str],
    *,
    dialect: str | None = None,
    politeness: Politeness | Mapping[str, Any] | None = None,
    progress: ProgressCallback | None = None,
    global_concurrency: int = DEFAULT_GLOBAL_CONCURRENCY,
) -> CrawlResult:
    """Crawl one column URL with no configuration at all."""
    return crawl_source(
        source_for_url(url, dialect=dialect),
        data_dir,
        politeness=politeness,
        progress=progress,
        global_concurrency=global_concurrency,
    )


def crawl_all(
    sources: Iterable[Source],
    data_dir: str | os.PathLike[str],
    *,
    politeness: Politeness | Mapping[str, Any] | None = None,
    progress: ProgressCallback | None = None,
    global_concurrency: int = DEFAULT_GLOBAL_CONCURRENCY,
) -> list[CrawlResult]:
    """Crawl ``sources`` concurrently (hosts in parallel under one global limit), results in order."""
    return asyncio.run(
        acrawl_all(sources, data_dir, politeness=politeness, progress=progress, global_concurrency=global_concurrency)
    )


async def acrawl_all(
    sources: Iterable[Source],
    data_dir: str | os.PathLike[str],
    *,
    politeness: Politeness | Mapping[str, Any] | None = None,
    progress: ProgressCallback | None = None,
    global_concurrency: int = DEFAULT_GLOBAL_CONCURRENCY,
) -> list[CrawlResult]:
    """``crawl_all`` for callers that already run an event loop."""
    sources = list(sources)
    store = RawStore(data_dir)
    _remove_stale_parts(store)
    entries = read_crawl_log(data_dir)
    fetcher = Fetcher(store, url_states(entries), global_concurrency=global_concurrency)
    run_id = new_run_id()
    running = asyncio.Semaphore(max(2, 2 * global_concurrency))

    async def one(source: Source) -> CrawlResult:
        async with running:
            return await _SourceCrawl(fetcher, source, data_dir, run_id, entries, politeness, progress).run()

    try:
        return list(await asyncio.gather(*(one(s) for s in sources)))
    finally:
        await fetcher.close()


def _remove_stale_parts(store: RawStore) -> None:
    """Temp files a killed crawl left behind (never under a final name, so never taken for complete)."""
    if not store.root.is_dir():
        return
    cutoff = time.time() - _STALE_PART_SECONDS
    for part in store.root.rglob(".part-*"):
        try:
            if part.stat().st_mtime < cutoff:
                part.unlink()
        except OSError:
            continue


def _effective_politeness(source: Source, override: Politeness | Mapping[str, Any] | None) -> Politeness:
    if override is None:
        return source.politeness
    if isinstance(override, Politeness):
        return override
    return source.politeness.merged(override)


# -- one source ---------------------------------------------------------------------------------------


@dataclass
class _Candidate:
    link: Link
    column_url: str
    referrer: str


class _SourceCrawl:
    def __init__(
        self,
        fetcher: Fetcher,
        source: Source,
        data_dir: str | os.PathLike[str],
        run_id: str,
        entries: list[dict[str, Any]],
        politeness: Politeness | Mapping[str, Any] | None,
        progress: ProgressCallback | None,
    ) -> None:
        self.fetcher = fetcher
        self.source = source
        self.entries = entries
        self.progress = progress
        self.pol = _effective_politeness(source, politeness)
        self.log = CrawlLogWriter(data_dir, source.id, run_id)
        self.result = CrawlResult(source.id, run_id, str(self.log.path))
        self.ctx = SourceContext(
            source_id=source.id,
            scope=Scope(source.urls, self.pol.allowed_domains),
            politeness=self.pol,
            log=self.log,
            run_id=run_id,
            deadline=time.monotonic() + self.pol.time_budget,
            region=source.region,
            agency=source.agency,
            on_outcome=self._count,
        )
        self.candidates: dict[str, _Candidate] = {}
        self.columns_ok = True

    async def run(self) -> CrawlResult:
        try:
            await asyncio.gather(*(self._discover(url) for url in self.source.urls))
            await self._fetch_reports()
            if self.columns_ok and not self._out_of_time():
                await self._check_gone()
            self.result.truncated = self._out_of_time()
        finally:
            self.log.close()
            self._emit("done", len(self.result.reports), len(self.candidates))
        return self.result

    def _out_of_time(self) -> bool:
        return time.monotonic() > self.ctx.deadline

    def _emit(self, stage: str, done: int, total: int | None, url: str = "") -> None:
        if self.progress is not None:
            self.progress(ProgressEvent(self.source.id, stage, done, total, url))

    def _count(self, out: Outcome) -> None:
        if out.request.kind == "robots" and out.classification != "error":
            return
        counts = self.result.host(out.final_url or out.request.url)
        cls = out.classification
        if cls == "ok":
            counts.fetched += 1
        elif cls == "not_modified":
            counts.not_modified += 1
        elif cls in ("blocked:challenge", "blocked:forbidden", "throttled"):
            counts.blocked += 1
        elif cls == "gone":
            counts.gone += 1
        elif cls == "disallowed":
            counts.disallowed += 1
        elif cls == "skipped:offsite":
            counts.offsite += 1
        else:
            counts.errors += 1

    # -- list pages -----------------------------------------------------------------------------------
    async def _discover(self, column_url: str) -> None:
        """Walk one column's list pages; report links become candidates."""
        params = dict(self.source.dialect_params)
        params.setdefault("column_folder", same_folder(column_url))
        fragment = urlsplit(column_url).fragment
        queue: deque[tuple[PageRequest, str | None, str]] = deque([(PageRequest(column_url), None, column_url)])
        visited: set[tuple[str, str, tuple[tuple[str, str], ...]]] = set()
        seen_links: set[str] = set()
        pages = 0
        first = True
        while queue and pages < self.pol.max_list_pages and not self._out_of_time():
            request, dialect, referrer = queue.popleft()
            if request.key in visited:
                continue
            visited.add(request.key)
            out = await self.fetcher.fetch(
                Request(request.url, kind="list", method=request.method, data=request.data, referrer=referrer), self.ctx
            )
            pages += 1
            self.result.list_pages += 1
            self._emit("list", self.result.list_pages, None, request.url)
            body = self.fetcher.body(out) if out.ok else None
            if body is None:
                self.columns_ok = self.columns_ok and not first
                continue
            page = Page(request.url, out.final_url, body, out.content_type or "")
            if first:
                refresh = page.meta_refresh()
                if refresh and refresh.split("#")[0] != out.final_url and self.ctx.scope.allows(refresh):
                    # a shell page that only forwards to the real list: the column lives there
                    params["column_folder"] = same_folder(refresh)
                    queue.appendleft((PageRequest(refresh + (f"#{fragment}" if fragment else "")), None, column_url))
                    continue
                dialect = self.source.dialect or detect(page)
                self.result.dialects[column_url] = dialect
            listing, plain_next = self._parse(page, dialect or "generic", request, params)
            paging = {n.url for n in listing.next} | {n.url for n in plain_next}
            new = [link for link in listing.links if link.url not in seen_links and link.url not in paging]
            seen_links.update(link.url for link in listing.links)
            for link in listing.links:
                if is_report_title(link.title):
                    self._add_candidate(link, column_url, out.final_url)
            follow = list(listing.next) if listing.bounded else []
            if first or new:  # a page with nothing new ends every sequence that has no known end
                follow += plain_next + ([] if listing.bounded else listing.next)
            for nxt in follow:
                if nxt.key not in visited and self.ctx.scope.allows(nxt.url):
                    queue.append((nxt, dialect, out.final_url))
            first = False

    def _parse(
        self, page: Page, dialect: str, request: PageRequest, params: dict[str, Any]
    ) -> tuple[Listing, list[PageRequest]]:
        """The dialect's listing (plus the page's plain links), and the generic follow-ups apart."""
        listing = PARSERS[dialect](page, request.cursor, params)
        if dialect == "generic":
            return Listing(links=listing.links), listing.next
        if not page.is_html or (request.cursor and page.meta_refresh()):
            return listing, []
        plain = extract_links(page.text, page.final_url)
        merged = Listing(links=listing.links + plain, next=listing.next, bounded=listing.bounded)
        return merged, follow_ups(plain, page.final_url, params["column_folder"])

    def _add_candidate(self, link: Link, column_url: str, referrer: str) -> None:
        known = self.candidates.get(link.url)
        if known is None:
            self.candidates[link.url] = _Candidate(link, column_url, referrer)
            self.result.host(link.url).found += 1
        elif len(link.title) > len(known.link.title):
            known.link = link

    # -- reports ----------------------------------------------------------------------------------------
    async def _fetch_reports(self) -> None:
        pages = [c for c in self.candidates.values() if not is_attachment_url(c.link.url)]
        files = [c for c in self.candidates.values() if is_attachment_url(c.link.url)]
        total = len(self.candidates)
        done = 0

        async def run(batch: list[_Candidate], handler: Callable[[_Candidate], Any]) -> None:
            nonlocal done
            work: asyncio.Queue[_Candidate] = asyncio.Queue()
            for candidate in batch:
                work.put_nowait(candidate)

            async def worker() -> None:
                nonlocal done
                while not work.empty():
                    candidate = work.get_nowait()
                    if self._out_of_time():
                        continue
                    await handler(candidate)
                    done += 1
                    self._emit("report", done, total, candidate.link.url)

            workers = max(1, min(len(batch), self.pol.concurrency * 2 + 2))
            await asyncio.gather(*(worker() for _ in range(workers)))

        await run(pages, self._fetch_report_page)
        attached = {f.url for r in self.result.reports for f in r.attachments}
        await run([c for c in files if c.link.url not in attached], self._fetch_report_file)

    async def _fetch_report_page(self, candidate: _Candidate) -> None:
        report = await self._fetch_report_file(candidate)
        body = self._html_body(report)
        if body is None:
            return
        page = Page(candidate.link.url, report.final_url, body, report.content_type or "")
        for link in attachment_links(page.text, page.final_url):
            out = await self._fetch_document(
                Request(link.url, kind="attachment", referrer=candidate.link.url, link_title=link.title, report_url=candidate.link.url)
            )
            report.attachments.append(FoundFile(link.url, link.title, out.classification, out.sha256))

    async def _fetch_report_file(self, candidate: _Candidate) -> FoundReport:
        link = candidate.link
        out = await self._fetch_document(
            Request(link.url, kind="report", referrer=candidate.referrer, link_title=link.title, report_url=link.url)
        )
        report = FoundReport(
            link.url, link.title, candidate.column_url, out.classification, out.sha256, out.content_type, out.final_url
        )
        if out.ok:
            self.result.reports.append(report)
        return report

    def _html_body(self, report: FoundReport) -> bytes | None:
        """The stored body of a report page when it is HTML (a report URL may serve the PDF itself)."""
        if not report.sha256 or not self.fetcher.store.has(report.sha256):
            return None
        body = self.fetcher.store.get(report.sha256)
        head = body[:4096].lstrip().lower()
        if head.startswith(b"%pdf") or b"\x00" in head[:512]:
            return None
        if "html" in (report.content_type or "").lower() or head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
            return body
        return None

    async def _fetch_document(self, request: Request) -> Outcome:
        """Fetch a report or attachment, reusing a validator-less body fetched less than ``revisit_after`` ago."""
        state = self.fetcher.states.get(request.url)
        if (
            state is not None
            and state.sha256
            and not state.etag
            and not state.last_modified
            and state.fetched_at
            and _age_seconds(state.fetched_at) < self.pol.revisit_after
            and self.fetcher.store.has(state.sha256)
        ):
            out = Outcome(request, "not_modified", final_url=request.url, sha256=state.sha256, logged=False)
            out.content_type = state.content_type
            self._count(out)
            return out
        return await self.fetcher.fetch(request, self.ctx)

    async def _check_gone(self) -> None:
        """Reports found in earlier runs but not listed now: asked for again, ``gone`` if the portal says so."""
        missing = [u for u in known_reports(self.entries, self.source.id) if u not in self.candidates]
        for url in missing:
            if self._out_of_time():
                return
            out = await self.fetcher.fetch(Request(url, kind="report", report_url=url), self.ctx)
            if out.classification == "gone":
                self.result.gone.append(url)


def _age_seconds(iso: str) -> float:
    try:
        when = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return float("inf")
    return (datetime.now(UTC) - when).total_seconds()

