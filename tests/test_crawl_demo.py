"""End to end: the crawler against the demo portal over real HTTP on loopback.

One full crawl of the whole portal (politeness off for speed, robots.txt and its Crawl-delay still obeyed)
is shared by the read-only assertions; tests that change the portal or kill a crawl take a fresh one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.crawl import CrawlResult, crawl_all, crawl_source, load_sources, read_crawl_log
from pipelines.crawl.log import FIELDS
from pipelines.demo.portal import DemoPortal
from pipelines.store.raw import RawStore, sha256_hex

REPO = Path(__file__).resolve().parents[1]
FAST = {"min_delay": 0.0, "backoff_base": 0.1}
BLOCKED = {"demo-waf-412": "blocked:challenge", "demo-waf-jsl": "blocked:challenge", "demo-waf-403": "blocked:forbidden"}


def found(result: CrawlResult) -> dict[str, tuple[str, ...]]:
    return {r.url: tuple(a.url for a in r.attachments) for r in result.reports}


def golden(portal: DemoPortal, source_id: str) -> dict[str, tuple[str, ...]]:
    return {g.page_url: g.attachment_urls for g in portal.golden[source_id]}


@pytest.fixture(scope="module")
def crawled(demo_portal: DemoPortal, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[CrawlResult], float]:
    data = tmp_path_factory.mktemp("demo-crawl")
    demo_portal.reset_faults()
    began = time.monotonic()
    # dialects left to detection, as for a bare --start-url; region and agency hints kept for the log
    sources = [replace(s, dialect=None) for s in load_sources(demo_portal.sources_toml())]
    results = crawl_all(sources, data, politeness=FAST)
    return data, results, began


def test_every_report_exactly_per_column(demo_portal: DemoPortal, crawled: tuple[Path, list[CrawlResult], float]) -> None:
    _, results, _ = crawled
    by_id = {r.source_id: r for r in results}
    assert set(by_id) == set(demo_portal.golden)
    for source_id in demo_portal.golden:
        assert found(by_id[source_id]) == golden(demo_portal, source_id), source_id
    for source_id in ("demo-trs-ministry", "demo-trs-county", "demo-hanweb-city", "demo-gkmlpt-city"):
        assert by_id[source_id].dialects == {demo_portal.columns[source_id]: source_id.split("-")[1]}
    assert set(by_id["demo-township"].dialects.values()) == {"generic"}


def test_no_noise_page_is_taken_for_a_report(demo_portal: DemoPortal, crawled: tuple[Path, list[CrawlResult], float]) -> None:
    data, results, _ = crawled
    reports = {r.url for result in results for r in result.reports}
    assert not reports & demo_portal.noise_urls
    documents = [e for e in read_crawl_log(data) if e["sha256"] and e["kind"] in ("report", "attachment") and e["classification"] == "ok"]
    assert not {e["url"] for e in documents} & demo_portal.noise_urls
    golden_urls = {g.page_url for gs in demo_portal.golden.values() for g in gs}
    golden_urls |= {a for gs in demo_portal.golden.values() for g in gs for a in g.attachment_urls}
    assert {e["url"] for e in documents} <= golden_urls  # nothing extra reaches the warehouse


def test_robots_disallowed_paths_are_never_requested(demo_portal: DemoPortal, crawled: tuple[Path, list[CrawlResult], float]) -> None:
    data, _, began = crawled
    requested = {demo_portal.base_urls[r.host] + r.path for r in demo_portal.requests if r.started_at >= began}
    assert demo_portal.disallowed_urls and not requested & demo_portal.disallowed_urls
    robots_503 = [r for r in demo_portal.requests if r.host == "robots_503" and r.started_at >= began]
    assert [r.path for r in robots_503] == ["/robots.txt"]  # 503 robots.txt: disallow everything for now
    logged = {e["url"] for e in read_crawl_log(data) if e["classification"] == "disallowed"}
    assert demo_portal.disallowed_urls <= logged


def test_blocks_are_classified_with_bounded_attempts(demo_portal: DemoPortal, crawled: tuple[Path, list[CrawlResult], float]) -> None:
    data, results, began = crawled
    entries = read_crawl_log(data)
    for source_id, classification in BLOCKED.items():
        mine = [e for e in entries if e["source"] == source_id and e["kind"] != "robots"]
        assert mine and {e["classification"] for e in mine} == {classification}
        assert all(e["sha256"] is None for e in mine)
        host = demo_portal.host_of(mine[0]["url"])
        seen = [r for r in demo_portal.requests if r.host == host and r.started_at >= began and r.path != "/robots.txt"]
        assert 1 <= len(seen) <= 3
    by_id = {r.source_id: r for r in results}
    assert all(not r.truncated for r in results)  # the other hosts finished
    traps = {e["url"]: e["classification"] for e in entries if e["kind"] == "report"}
    behaviours = demo_portal.behaviours
    assert traps[behaviours["challenge_200"]] == "blocked:challenge"
    assert traps[behaviours["forbidden"]] == "blocked:forbidden"
    assert traps[behaviours["soft_404"]] == "gone"
    assert traps[behaviours["huge_stream"]] == "too_large"
    assert traps[behaviours["redirect_loop"]] == "error"
    assert found(by_id["demo-flaky"]) == golden(demo_portal, "demo-flaky")  # after 503s, a 429 and a cut body


def test_log_entries_have_the_agreed_fields(crawled: tuple[Path, list[CrawlResult], float]) -> None:
    data, _, _ = crawled
    entries = read_crawl_log(data)
    assert entries and all(set(FIELDS) <= set(e) for e in entries)
    store = RawStore(data)
    for entry in entries:
        if entry["sha256"]:
            assert sha256_hex(store.get(entry["sha256"])) == entry["sha256"]
    ministry = [e for e in entries if e["source"] == "demo-trs-ministry" and e["kind"] == "attachment"]
    assert ministry and all(e["report_url"] and e["agency"] and e["region"] == "central" for e in ministry)
    hanweb = [e for e in entries if e["source"] == "demo-hanweb-city" and e["kind"] == "attachment"]
    assert hanweb and all(e["redirect_chain"] and "/attach/" in e["final_url"] for e in hanweb)


def test_second_crawl_is_conditional_and_downloads_nothing_unchanged(
    demo_portal: DemoPortal, crawled: tuple[Path, list[CrawlResult], float]
) -> None:
    data, first, _ = crawled
    began = time.monotonic()
    again = crawl_all(load_sources(demo_portal.sources_toml()), data, politeness=FAST)
    assert {r.source_id: found(r) for r in again} == {r.source_id: found(r) for r in first}
    documents = {a.url for r in first for rep in r.reports for a in rep.attachments} | {rep.url for r in first for rep in r.reports}
    seen = [r for r in demo_portal.requests if r.started_at >= began and demo_portal.base_urls[r.host] + r.path in documents]
    assert seen, "documents are asked for again"
    assert all("if-none-match" in r.headers or "if-modified-since" in r.headers for r in seen)
    assert {r.status for r in seen} <= {302, 304}  # Hanweb's downfile.jsp redirects before its 304
    assert sum(c.fetched for r in again for h, c in r.hosts.items() if "robots" not in h) <= sum(
        1 for r in demo_portal.requests if r.started_at >= began and r.status == 200
    )


def test_politeness_at_the_real_defaults_on_two_hosts(fresh_demo_portal: DemoPortal, tmp_path: Path) -> None:
    portal = fresh_demo_portal
    sources = [s for s in load_sources(portal.sources_toml()) if s.id in ("demo-trs-county", "demo-gkmlpt-city")]
    results = crawl_all(sources, tmp_path)  # default politeness: 1 request at a time per host, >= 1 s apart
    for result in results:
        assert found(result) == golden(portal, result.source_id)
    per_host: dict[str, list] = defaultdict(list)
    for record in portal.requests:
        per_host[record.host].append(record)
    assert set(per_host) == {"trs_county", "gkmlpt_city"}
    for records in per_host.values():
        records.sort(key=lambda r: r.started_at)
        for previous, current in zip(records, records[1:], strict=False):
            assert current.started_at >= previous.finished_at + 0.99  # never two at once, spaced by 1 s
            assert current.started_at - previous.started_at >= 1.0
    a, b = per_host.values()
    assert min(a[-1].finished_at, b[-1].finished_at) > max(a[0].started_at, b[0].started_at)  # hosts in parallel


def test_republished_and_removed_reports(fresh_demo_portal: DemoPortal, tmp_path: Path) -> None:
    portal = fresh_demo_portal
    (source,) = [s for s in load_sources(portal.sources_toml()) if s.id == "demo-trs-ministry"]
    first = crawl_source(source, tmp_path, politeness=FAST)
    changed, removed = sorted(golden(portal, source.id))[:2]
    old = {r.url: r for r in first.reports}
    portal.republish(changed)
    portal.remove(removed)
    second = crawl_source(source, tmp_path, politeness=FAST)
    assert found(second) == golden(portal, source.id)
    new = {r.url: r for r in second.reports}
    assert new[changed].sha256 != old[changed].sha256
    store = RawStore(tmp_path)
    assert store.has(old[changed].sha256) and store.has(new[changed].sha256)  # the old version is kept
    assert second.gone == [removed] and store.has(old[removed].sha256)  # marked gone, not erased
    latest = [e for e in read_crawl_log(tmp_path) if e["url"] == removed]
    assert latest[-1]["classification"] == "gone"


KILLED_CRAWL = """
import sys
from pipelines.crawl import crawl_all, load_sources
crawl_all(load_sources(sys.stdin.read()), sys.argv[1], politeness={"min_delay": 0.05})
"""


def test_a_killed_crawl_resumes_with_nothing_lost_or_duplicated(fresh_demo_portal: DemoPortal, tmp_path: Path) -> None:
    portal = fresh_demo_portal
    wanted = ("demo-trs-ministry", "demo-township")
    text = portal.sources_toml()
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_CRAWL, str(tmp_path)], stdin=subprocess.PIPE, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    sources = [s for s in load_sources(text) if s.id in wanted]
    subset = "".join("[[source]]" + block for block in text.split("[[source]]")[1:] if any(f'"{w}"' in block for w in wanted))
    assert child.stdin is not None
    child.stdin.write(subset.encode())
    child.stdin.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        documents = [e for e in read_crawl_log(tmp_path) if e["kind"] in ("report", "attachment")]
        if len(documents) >= 4:
            break
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    before = read_crawl_log(tmp_path)
    done_before = {e["url"] for e in before if e["classification"] == "ok" and e["kind"] in ("report", "attachment")}
    assert done_before, "the crawl was killed after storing some documents"
    began = time.monotonic()
    results = crawl_all(sources, tmp_path, politeness=FAST)
    for result in results:
        assert found(result) == golden(portal, result.source_id)
    again = [r for r in portal.requests if r.started_at >= began and portal.base_urls[r.host] + r.path in done_before]
    assert again and {r.status for r in again} == {304}  # nothing stored twice
    store = RawStore(tmp_path)
    for sha in store:
        assert sha256_hex(store.get(sha)) == sha  # no partial file under a final name
    oks = [e for e in read_crawl_log(tmp_path) if e["classification"] == "ok" and e["kind"] in ("report", "attachment")]
    assert len({e["url"] for e in oks}) == len(oks)  # each document body logged once


def test_cli_crawls_a_bare_start_url(demo_portal: DemoPortal, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    column = demo_portal.columns["demo-gkmlpt-city"]
    code = main(["crawl", "--start-url", column, "--data-dir", str(tmp_path), "--min-delay", "0"])
    out = capsys.readouterr().out
    assert code == 0
    assert "crawl summary per host" in out and demo_portal.base_urls["gkmlpt_city"].split("//")[1] in out
    reports = {e["url"] for e in read_crawl_log(tmp_path) if e["kind"] == "report" and e["classification"] == "ok"}
    assert reports == set(golden(demo_portal, "demo-gkmlpt-city"))
