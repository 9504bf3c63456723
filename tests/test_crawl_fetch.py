"""The fetcher against real HTTP servers on loopback: politeness, robots, retries, caps, redirects, blocks."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.crawl.fetch import GIVE_UP_AFTER, USER_AGENT, Fetcher, Outcome, Request, SourceContext
from pipelines.crawl.log import CrawlLogWriter, read_crawl_log, url_states
from pipelines.crawl.politeness import HostGates
from pipelines.crawl.scope import Scope
from pipelines.crawl.sources import Politeness
from pipelines.crawl.testserver import Route, Site
from pipelines.demo import server as demo
from pipelines.store.raw import RawStore

FAST = Politeness(min_delay=0.0, backoff_base=0.05, timeout=5.0)
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 64


def fetch_all(
    data_dir: Path, urls: list[str], politeness: Politeness = FAST, *, start: list[str] | None = None, kind: str = "report"
) -> list[Outcome]:
    """Fetch ``urls`` one after the other in a fresh fetcher (its own gates), as one source would."""

    async def go() -> list[Outcome]:
        store = RawStore(data_dir)
        fetcher = Fetcher(store, url_states(read_crawl_log(data_dir)), gates=HostGates())
        log = CrawlLogWriter(data_dir, "t", "run")
        ctx = SourceContext("t", Scope(start or urls[:1]), politeness, log, "run", time.monotonic() + 60)
        try:
            return [await fetcher.fetch(Request(u, kind=kind, report_url=u), ctx) for u in urls]
        finally:
            log.close()
            await fetcher.close()

    return asyncio.run(go())


@pytest.fixture
def site() -> Iterator[Site]:
    with Site({"/robots.txt": Route("User-agent: *\nDisallow: /private/\n", content_type="text/plain")}) as s:
        yield s


def test_body_stored_and_logged(site: Site, tmp_path: Path) -> None:
    site.routes["/a.pdf"] = Route(PDF, content_type="application/pdf")
    (out,) = fetch_all(tmp_path, [site.url("/a.pdf")])
    assert out.classification == "ok" and out.stored and out.size == len(PDF)
    assert RawStore(tmp_path).get(out.sha256) == PDF
    entries = read_crawl_log(tmp_path)
    assert [e["kind"] for e in entries] == ["robots", "report"]
    entry = entries[-1]
    assert entry["sha256"] == out.sha256 and entry["status"] == 200 and entry["etag"]
    assert entry["content_type"] == "application/pdf" and entry["bytes"] == len(PDF)
    assert site.seen("/a.pdf")[0].headers["user-agent"] == USER_AGENT
    assert "+http" in USER_AGENT  # an honest agent with a contact URL


def test_conditional_get_answers_304_without_a_body(site: Site, tmp_path: Path) -> None:
    site.routes["/a.pdf"] = Route(PDF, content_type="application/pdf")
    (first,) = fetch_all(tmp_path, [site.url("/a.pdf")])
    (second,) = fetch_all(tmp_path, [site.url("/a.pdf")])
    assert second.classification == "not_modified" and second.sha256 == first.sha256 and not second.stored
    again = site.seen("/a.pdf")[1]
    assert again.headers["if-none-match"] == first.etag and again.status == 304
    assert read_crawl_log(tmp_path)[-1]["sha256"] is None  # no body stored: nothing new for the warehouse


def test_republished_body_is_a_new_version_and_the_old_is_kept(site: Site, tmp_path: Path) -> None:
    site.routes["/r.html"] = Route("<html><body>v1</body></html>")
    (first,) = fetch_all(tmp_path, [site.url("/r.html")])
    site.routes["/r.html"] = Route("<html><body>v2</body></html>")
    (second,) = fetch_all(tmp_path, [site.url("/r.html")])
    assert second.classification == "ok" and second.sha256 != first.sha256
    store = RawStore(tmp_path)
    assert store.has(first.sha256) and store.has(second.sha256)


def test_robots_disallowed_path_is_never_requested(site: Site, tmp_path: Path) -> None:
    site.routes["/private/r.html"] = Route("<html>secret</html>")
    (out,) = fetch_all(tmp_path, [site.url("/private/r.html")])
    assert out.classification == "disallowed" and out.attempts == 0
    assert site.seen("/private/") == []
    assert read_crawl_log(tmp_path)[-1]["classification"] == "disallowed"


def test_robots_5xx_disallows_everything_and_404_allows(tmp_path: Path) -> None:
    with Site({"/robots.txt": Route("down", status=503, etag=False), "/a.html": Route("<html>a</html>")}) as down:
        (out,) = fetch_all(tmp_path, [down.url("/a.html")])
        assert out.classification == "disallowed"
        assert [r.path for r in down.requests] == ["/robots.txt"]
    with Site({"/a.html": Route("<html>a</html>")}) as missing:  # no robots.txt route: 404
        (out,) = fetch_all(tmp_path / "b", [missing.url("/a.html")])
        assert out.classification == "ok"


def test_crawl_delay_from_robots_is_honoured(tmp_path: Path) -> None:
    routes = {"/robots.txt": Route("User-agent: *\nCrawl-delay: 0.4\n", content_type="text/plain")}
    routes |= {f"/{i}.html": Route(f"<html>{i}</html>") for i in range(3)}
    with Site(routes) as s:
        fetch_all(tmp_path, [s.url(f"/{i}.html") for i in range(3)])
        starts = [r.started_at for r in s.requests]
    assert all(b - a >= 0.39 for a, b in zip(starts[1:], starts[2:], strict=False))


def test_retries_honour_retry_after_then_succeed(site: Site, tmp_path: Path) -> None:
    calls: list[demo.Request] = []

    def flaky(request: demo.Request) -> Route:
        calls.append(request)
        if len(calls) <= 2:
            return Route("busy", status=503, headers={"Retry-After": "1"}, etag=False)
        return Route("<html><body>ok</body></html>")

    site.routes["/list.html"] = Route(handler=flaky)
    (out,) = fetch_all(tmp_path, [site.url("/list.html")], kind="list")
    starts = [r.started_at for r in site.seen("/list.html")]
    assert out.classification == "ok" and out.attempts == 3 and len(calls) == len(starts) == 3
    assert starts[1] - starts[0] >= 0.95 and starts[2] - starts[1] >= 0.95


def test_retry_after_beyond_the_bound_gives_up_at_once(site: Site, tmp_path: Path) -> None:
    site.routes["/x.html"] = Route("slow down", status=429, headers={"Retry-After": "3600"}, etag=False)
    began = time.monotonic()
    (out,) = fetch_all(tmp_path, [site.url("/x.html")])
    assert out.classification == "throttled" and out.attempts == 1
    assert time.monotonic() - began < 5


def test_server_errors_are_retried_a_bounded_number_of_times(site: Site, tmp_path: Path) -> None:
    site.routes["/e.html"] = Route("boom", status=500, etag=False)
    (out,) = fetch_all(tmp_path, [site.url("/e.html")])
    assert out.classification == "error" and out.attempts == FAST.max_attempts
    assert len(site.seen("/e.html")) == FAST.max_attempts


def test_timeouts_are_retried_then_reported(site: Site, tmp_path: Path) -> None:
    site.routes["/slow.html"] = Route("<html>late</html>", delay=0.6)
    pol = Politeness(min_delay=0.0, backoff_base=0.01, timeout=0.2, max_attempts=2)
    (out,) = fetch_all(tmp_path, [site.url("/slow.html")], pol)
    assert out.classification == "error" and "Timeout" in (out.error or "") and out.attempts == 2


def test_a_cut_download_is_retried_and_leaves_no_partial_file(site: Site, tmp_path: Path) -> None:
    calls = []

    def cut_once(request: demo.Request) -> Route:
        calls.append(request)
        return Route(PDF * 4, content_type="application/pdf", cut_at=1000 if len(calls) == 1 else None)

    site.routes["/cut.pdf"] = Route(handler=cut_once)
    (out,) = fetch_all(tmp_path, [site.url("/cut.pdf")])
    assert out.classification == "ok" and out.attempts == 2 and out.size == len(PDF) * 4
    assert list(RawStore(tmp_path).root.rglob(".part-*")) == []


def test_size_cap_by_header_and_while_streaming(site: Site, tmp_path: Path) -> None:
    big = PDF * 20
    site.routes["/big.pdf"] = Route(big, content_type="application/pdf")
    site.routes["/stream.pdf"] = Route(big, content_type="application/pdf", chunked=True)
    pol = Politeness(min_delay=0.0, max_bytes=len(big) // 2)
    by_header, streamed = fetch_all(tmp_path, [site.url("/big.pdf"), site.url("/stream.pdf")], pol)
    assert by_header.classification == streamed.classification == "too_large"
    assert not by_header.stored and not streamed.stored
    store = RawStore(tmp_path)
    assert [s for s in store if s != read_crawl_log(tmp_path)[0]["sha256"]] == []  # only robots.txt stored
    assert list(store.root.rglob(".part-*")) == []


def test_redirects_are_followed_and_recorded(site: Site, tmp_path: Path) -> None:
    site.routes["/downfile.jsp"] = Route(status=302, headers={"Location": "/attach/0/a.pdf"}, etag=False)
    site.routes["/attach/0/a.pdf"] = Route(PDF, content_type="application/octet-stream")
    (out,) = fetch_all(tmp_path, [site.url("/downfile.jsp")])
    assert out.classification == "ok" and out.final_url == site.url("/attach/0/a.pdf")
    assert out.redirect_chain == [site.url("/downfile.jsp")]
    entry = read_crawl_log(tmp_path)[-1]
    assert entry["final_url"] == site.url("/attach/0/a.pdf") and entry["redirect_chain"] == [site.url("/downfile.jsp")]


def test_redirect_loops_offsite_and_disallowed_hops_stop(site: Site, tmp_path: Path) -> None:
    site.routes["/loop"] = Route(status=302, headers={"Location": "/loop?again=1"}, etag=False)
    site.routes["/loop?again=1"] = Route(status=302, headers={"Location": "/loop"}, etag=False)
    site.routes["/away"] = Route(status=301, headers={"Location": "http://www.example.gov.cn/x.pdf"}, etag=False)
    site.routes["/hidden"] = Route(status=302, headers={"Location": "/private/x.pdf"}, etag=False)
    loop, away, hidden = fetch_all(tmp_path, [site.url("/loop"), site.url("/away"), site.url("/hidden")])
    assert loop.classification == "error" and "redirects" in (loop.error or "")
    assert len(site.seen("/loop")) == FAST.max_redirects + 1
    assert away.classification == "skipped:offsite"
    assert hidden.classification == "disallowed" and site.seen("/private/") == []


def test_private_and_non_http_targets_are_refused_for_a_public_source(tmp_path: Path) -> None:
    outs = fetch_all(
        tmp_path, ["http://127.0.0.1:9/x.pdf", "file:///etc/passwd"], start=["http://www.mee.gov.cn/xxgk/"]
    )
    assert [o.classification for o in outs] == ["skipped:offsite", "skipped:offsite"]
    assert all(o.attempts == 0 for o in outs)


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (Route("<html><script>$_ts=window['$_ts'];</script></html>", status=412, etag=False), "blocked:challenge"),
        (
            Route("<html><head><meta r='m'><script r='m'>$_ts=window['$_ts'];$_ts.nsd=1;</script></head></html>"),
            "blocked:challenge",
        ),
        (
            Route(
                "<script>document.cookie=('__jsl_clearance_s=')+'x';location.href=location.pathname</script>",
                status=521,
                headers={"Set-Cookie": "__jsluid_h=abc; path=/"},
                etag=False,
            ),
            "blocked:challenge",
        ),
        (Route("<html><title>403 Forbidden</title></html>", status=403, etag=False), "blocked:forbidden"),
        (Route("<html><head><title>页面不存在</title></head><body>页面不存在</body></html>"), "gone"),
        (Route("<html>not here</html>", status=404, etag=False), "gone"),
    ],
)
def test_blocks_are_classified_never_stored(site: Site, tmp_path: Path, route: Route, expected: str) -> None:
    site.routes["/r.html"] = route
    (out,) = fetch_all(tmp_path, [site.url("/r.html")])
    assert out.classification == expected and not out.stored and out.sha256 is None
    assert out.attempts == 1  # a block is not retried
    assert read_crawl_log(tmp_path)[-1]["sha256"] is None


def test_a_blocking_host_is_given_up_for_the_run(site: Site, tmp_path: Path) -> None:
    challenge = Route("<html><script>$_ts=window['$_ts'];</script></html>", status=412, etag=False)
    site.routes |= {f"/{i}.html": challenge for i in range(GIVE_UP_AFTER)} | {"/b.html": Route("<html>b</html>")}
    outs = fetch_all(tmp_path, [site.url(f"/{i}.html") for i in range(GIVE_UP_AFTER)] + [site.url("/b.html")])
    assert {o.classification for o in outs} == {"blocked:challenge"}
    assert outs[-1].attempts == 0 and site.seen("/b.html") == []
    assert len(site.requests) == 1 + GIVE_UP_AFTER  # robots.txt, then the bounded blocked attempts


def test_one_blocked_page_does_not_lose_the_host(site: Site, tmp_path: Path) -> None:
    site.routes["/trap.html"] = Route("<html><title>403 Forbidden</title></html>", status=403, etag=False)
    site.routes["/b.html"] = Route("<html>b</html>")
    trap, good = fetch_all(tmp_path, [site.url("/trap.html"), site.url("/b.html")])
    assert trap.classification == "blocked:forbidden" and good.classification == "ok"


def test_host_gate_spaces_and_limits_requests() -> None:
    gates = HostGates()
    spans: list[tuple[float, float]] = []

    async def one() -> None:
        async with gates.slot("h", min_delay=0.2, concurrency=1):
            start = time.monotonic()
            await asyncio.sleep(0.05)
            spans.append((start, time.monotonic()))

    async def go() -> None:
        await asyncio.gather(*(one() for _ in range(4)))

    asyncio.run(go())
    spans.sort()
    for (s1, e1), (s2, _) in zip(spans, spans[1:], strict=False):
        assert s2 >= e1 + 0.19  # never overlapping, and spaced after the previous one ended
        assert s2 - s1 >= 0.2
