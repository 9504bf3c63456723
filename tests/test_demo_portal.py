"""The demo portal over real HTTP: each dialect's pages, conditional GET, misbehaviour, robots, golden lists."""

from __future__ import annotations

import math
import re
import threading
import time
import tomllib
import tracemalloc
from collections import Counter
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx
import pytest

from pipelines.demo.corpus import PLAN, _base_report, load_seeds
from pipelines.demo.generic import HUGE_SIZE
from pipelines.demo.portal import HOSTS, TEMPLATE, DemoPortal
from pipelines.synthetic import identity_checks

HREF = re.compile(r'<a href="([^"]+)"[^>]*title="([^"]+)"[^>]*>([^<]*)</a>')


@pytest.fixture(scope="module")
def client() -> httpx.Client:
    with httpx.Client(timeout=10, follow_redirects=False) as c:
        yield c


def ministry_pages(portal: DemoPortal, client: httpx.Client) -> list[str]:
    base = portal.columns["demo-trs-ministry"].rsplit("/", 1)[0] + "/"
    first = client.get(base + "index.html").text
    count = int(re.search(r'createPageHTML\((\d+), 0, "index", "html"\)', first).group(1))
    return [first] + [client.get(f"{base}index_{k}.html").text for k in range(1, count)]


# --- TRS -------------------------------------------------------------------------------------------------------


def test_trs_ministry_pages_follow_create_page_html(demo_portal: DemoPortal, client: httpx.Client) -> None:
    column = demo_portal.sites["trs_ministry"].columns[0]
    expected_pages = math.ceil(len(column.listed()) / column.page_size)
    base = demo_portal.columns["demo-trs-ministry"].rsplit("/", 1)[0] + "/"
    titles = []
    for k in range(expected_pages):
        page = client.get(f"{base}index.html" if k == 0 else f"{base}index_{k}.html")
        assert page.status_code == 200
        assert f'createPageHTML({expected_pages}, {k}, "index", "html")' in page.text  # index_1 is page 2
        titles += [title for _, title, _ in HREF.findall(page.text)]
    assert client.get(f"{base}index_{expected_pages}.html").status_code == 404
    assert client.get(base).content == client.get(base + "index.html").content
    golden = demo_portal.golden["demo-trs-ministry"]
    assert {g.title for g in golden} <= set(titles)
    assert len(titles) == len(column.listed())


def test_trs_links_carry_the_full_title_when_the_text_is_cut(demo_portal: DemoPortal, client: httpx.Client) -> None:
    links = [m for page in ministry_pages(demo_portal, client) for m in HREF.findall(page)]
    cut = [(title, text) for _, title, text in links if text != title]
    assert cut, "some link texts must be truncated"
    assert all(text.endswith("…") and title.startswith(text[:-1]) for title, text in cut)


def test_trs_detail_and_attachments_sit_in_month_folders(demo_portal: DemoPortal, client: httpx.Client) -> None:
    for report in demo_portal.golden["demo-trs-ministry"]:
        path = urlsplit(report.page_url).path
        assert re.fullmatch(r"/gkml/ndbg/(\d{6})/t\1\d{2}_\d+\.html", path), path
        page = client.get(report.page_url)
        assert page.status_code == 200 and report.title in page.text
        for url in report.attachment_urls:
            folder, name = url.rsplit("/", 1)
            assert folder == report.page_url.rsplit("/", 1)[0] and re.fullmatch(r"P0\d{20}\.(pdf|docx)", name)
            assert f'href="./{name}"' in page.text
            data = client.get(url).content
            assert data[:4] in (b"%PDF", b"PK\x03\x04")
        if report.form in ("pdf", "docx"):
            assert "详见附件" in page.text
    forms = {g.form for g in demo_portal.golden["demo-trs-ministry"]}
    assert {"html", "html+pdf", "pdf", "docx"} <= forms


def test_trs_county_is_gbk_declared_only_in_meta(demo_portal: DemoPortal, client: httpx.Client) -> None:
    base = demo_portal.columns["demo-trs-county"].rsplit("/", 1)[0] + "/"
    first = client.get(base + "list.shtml")
    assert first.headers["content-type"] == "text/html"  # no charset in the header
    texts = []
    count = None
    for k in range(1, 10):
        page = client.get(base + ("list.shtml" if k == 1 else f"list_{k}.shtml"))
        assert page.status_code == 200
        text = page.content.decode("gb18030")
        assert 'charset=gb2312' in text
        with pytest.raises(UnicodeDecodeError):
            page.content.decode("utf-8")
        call = re.search(r"createPageHTML\('page_div', (\d+), (\d+), 'list', 'shtml', (\d+)\)", text)
        if call is None:  # past the end: a meta refresh back to the column
            assert re.search(r'http-equiv="refresh" content="0; url=\./"', text)
            assert k == count + 1
            break
        count = int(call.group(1))
        assert int(call.group(2)) == k  # 1-based: the second page is list_2
        assert int(call.group(3)) == len(demo_portal.sites["trs_county"].columns[0].listed())
        texts.append(text)
    joined = "".join(texts)
    assert "王镕" in joined  # 镕 is GBK but not GB2312: a gb2312 decoder fails on these bytes
    with pytest.raises(UnicodeDecodeError):
        b"".join(t.encode("gbk") for t in texts).decode("gb2312")
    for report in demo_portal.golden["demo-trs-county"]:
        assert report.title in joined
        assert client.get(report.page_url).content.decode("gb18030").count(report.title) >= 1
    assert client.get(base + "list_1.shtml").status_code == 200  # also a refresh, never a page


# --- Hanweb ------------------------------------------------------------------------------------------------------


def _records(xml: str) -> list[str]:
    return re.findall(r'<record><!\[CDATA\[\s*<li><a href="([^"]+)"', xml)


def test_hanweb_datastore_and_dataproxy_groups(demo_portal: DemoPortal, client: httpx.Client) -> None:
    site = demo_portal.sites["hanweb_city"]
    listed = [e.path for e in site.columns[0].listed()]
    page = client.get(demo_portal.columns["demo-hanweb-city"]).text
    store = re.search(r'<script type="text/xml">\s*(<datastore>.*?</datastore>)\s*</script>', page, re.S).group(1)
    first = _records(store)
    assert first == listed[: site.per_page * site.group_size]
    assert f"totalRecord: {len(listed)}" in page and f"perPage: {site.per_page}" in page
    assert re.search(r"<nextgroup><!\[CDATA\[<a href=\"/module/web/jpage/dataproxy\.jsp\?page=1&amp;", store)
    base = demo_portal.base_urls["hanweb_city"]
    assert client.get(base + "/col/col1229212345/index_1.html").status_code == 404
    proxy = base + "/module/web/jpage/dataproxy.jsp"
    form = {"col": "1", "appid": "1", "webid": "3085", "path": "/", "columnid": "1229212345",
            "sourceContentType": "1", "unitid": "4554181", "permissiontype": "0"}
    seen = list(first)
    group = site.per_page * site.group_size
    start = len(first) + 1
    groups = []
    while start <= len(listed):
        end = start + group - 1
        answer = client.post(proxy, params={"startrecord": start, "endrecord": end, "perpage": site.per_page},
                             data=form)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/xml")
        assert f"<totalrecord>{len(listed)}</totalrecord>" in answer.text
        assert f"<totalpage>{math.ceil(len(listed) / site.per_page)}</totalpage>" in answer.text
        rows = _records(answer.text)
        assert rows == listed[start - 1: end + 1]  # one look-ahead row past endrecord
        groups.append(rows)
        seen += rows
        start = end + 1
    assert len(groups) >= 2 and groups[0][-1] == groups[1][0]  # the look-ahead row repeats
    assert list(dict.fromkeys(seen)) == listed
    wrong = client.post(proxy, params={"startrecord": 1, "endrecord": 6, "perpage": 3}, data={**form, "columnid": "1"})
    assert _records(wrong.text) == []


def test_hanweb_get_pages_and_downfile_redirects(demo_portal: DemoPortal, client: httpx.Client) -> None:
    site = demo_portal.sites["hanweb_city"]
    listed = [e.path for e in site.columns[0].listed()]
    base = demo_portal.base_urls["hanweb_city"]
    pages = math.ceil(len(listed) / site.per_page)
    got = []
    for n in range(1, pages + 2):
        answer = client.get(base + site.proxy_query(n))
        got += _records(answer.text)
        assert f"<totalpage>{pages}</totalpage>" in answer.text
    assert got == listed
    reports = demo_portal.golden["demo-hanweb-city"]
    assert all(re.fullmatch(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_1229212345_\d+\.html", urlsplit(r.page_url).path)
               for r in reports)
    linked = [u for r in reports for u in r.attachment_urls]
    assert linked and all("/module/download/downfile.jsp?" in u for u in linked)
    for url in linked:
        hop = client.get(url)
        assert hop.status_code == 302 and hop.headers["location"].startswith("/attach/0/")
        data = client.get(urljoin(url, hop.headers["location"]))
        assert data.headers["content-type"] == "application/octet-stream"
        assert data.content[:4] in (b"%PDF", b"PK\x03\x04")


# --- gkmlpt ------------------------------------------------------------------------------------------------------


def test_gkmlpt_sid_and_json_paging(demo_portal: DemoPortal, client: httpx.Client) -> None:
    site = demo_portal.sites["gkmlpt_city"]
    column_url = demo_portal.columns["demo-gkmlpt-city"]
    assert column_url.endswith("/gkmlpt/index#2571")
    page = client.get(column_url).text
    sid = re.search(r"SID: '(7\d+)'", page).group(1)
    assert "/gkmlpt/content/" not in page  # the list is rendered by script: no article links in the HTML
    base = demo_portal.base_urls["gkmlpt_city"]
    listed = site.columns[0].listed()
    urls = []
    for n in range(1, 10):
        data = client.get(f"{base}/gkmlpt/api/all/2571", params={"page": n, "sid": sid}).json()
        assert data["total"] == len(listed) == data["classify"]["post_count"]
        if not data["articles"]:
            assert n == math.ceil(len(listed) / site.per_page) + 1
            break
        urls += [a["url"] for a in data["articles"]]
    assert urls == [base + e.path for e in listed]
    page0 = client.get(f"{base}/gkmlpt/api/all/2571", params={"page": 0, "sid": sid}).json()
    assert page0["articles"] == client.get(f"{base}/gkmlpt/api/all/2571", params={"page": 1, "sid": sid}).json()["articles"]
    assert client.get(f"{base}/gkmlpt/api/all/2571", params={"page": 1, "sid": "1"}).json()["articles"] == []
    for report in demo_portal.golden["demo-gkmlpt-city"]:
        assert re.fullmatch(r"/gkmlpt/content/\d+/\d+/post_\d+\.html", urlsplit(report.page_url).path)
        for url in report.attachment_urls:
            assert client.get(url).status_code == 200
    doc = [u for g in demo_portal.golden["demo-gkmlpt-city"] if g.form == "doc" for u in g.attachment_urls]
    answer = client.get(doc[0])  # named .doc, served as msword, but the bytes are a DOCX
    assert doc[0].endswith(".doc") and answer.headers["content-type"] == "application/msword"
    assert answer.content[:4] == b"PK\x03\x04"


# --- generic: the township shell, PHPCMS lists, seeds ------------------------------------------------------------


def test_township_shell_lists_and_seeds(demo_portal: DemoPortal, client: httpx.Client) -> None:
    shell = client.get(demo_portal.columns["demo-township"]).text
    target = re.search(r'http-equiv="refresh" content="0;url=([^"]+)"', shell).group(1).replace("&amp;", "&")
    assert f'window.location.replace("{target}")' in shell
    base = demo_portal.base_urls["township"]
    url, titles, pages = base + target, [], 0
    while url:
        text = client.get(url).text
        pages += 1
        titles += [t for _, t, _ in HREF.findall(text)]
        nxt = re.search(r'<a href="([^"]+)">下一页</a>', text)
        url = base + nxt.group(1).replace("&amp;", "&") if nxt else ""
    assert pages >= 2
    golden = demo_portal.golden["demo-township"]
    assert {g.title for g in golden} <= set(titles)
    direct = [g for g in golden if g.form == "direct-pdf"]
    assert direct and direct[0].page_url.endswith(".pdf") and client.get(direct[0].page_url).content[:4] == b"%PDF"
    seeds = [g for g in golden if g.form == "seed"]
    if demo_portal.seeds_dir is None:
        assert not seeds and demo_portal.notes
        return
    expected = load_seeds(demo_portal.seeds_dir)
    assert {(s.agency, s.year) for s in expected} == {(g.agency, g.year) for g in seeds}
    for seed, report in zip(sorted(expected, key=lambda s: s.agency), sorted(seeds, key=lambda g: g.agency),
                            strict=True):
        page = client.get(report.page_url).text
        assert report.cells is None and "?m=content&c=index&a=show" in report.page_url
        first_line = next(line for line in seed.text.splitlines() if line.strip())
        assert first_line.strip()[:20] in page.replace("&quot;", '"')


def test_portal_without_seeds_says_so() -> None:
    with DemoPortal(seeds_dir=None) as portal:
        assert [g for g in portal.golden["demo-township"] if g.form == "seed"] == []
        assert any("seed" in note for note in portal.notes)


# --- conditional GET ---------------------------------------------------------------------------------------------


def test_every_golden_url_answers_conditional_gets(demo_portal: DemoPortal, client: httpx.Client) -> None:
    urls = [u for source, reports in demo_portal.golden.items() if source != "demo-flaky"  # faults: own test
            for r in reports for u in (r.page_url, *r.attachment_urls)]
    urls += [u for name, u in demo_portal.columns.items() if name in ("demo-trs-ministry", "demo-hanweb-city")]
    for url in urls:
        first = client.get(url)
        if first.status_code == 302:
            url, first = urljoin(url, first.headers["location"]), client.get(urljoin(url, first.headers["location"]))
        assert first.status_code == 200, url
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        again = client.get(url, headers={"If-Modified-Since": modified})
        assert again.status_code == 304 and again.content == b""
        assert client.get(url, headers={"If-None-Match": '"other"', "If-Modified-Since": modified}).status_code == 200


def test_republish_and_remove_change_what_is_served(fresh_demo_portal: DemoPortal, client: httpx.Client) -> None:
    portal = fresh_demo_portal
    before = {g.key: g for g in portal.golden["demo-trs-ministry"]}
    target = before["min-2024"]
    page = client.get(target.page_url)
    pdf = client.get(target.attachment_urls[0])
    list_url = portal.columns["demo-trs-ministry"]
    list_tag = client.get(list_url).headers["etag"]
    portal.republish(target.page_url)
    after = {g.key: g for g in portal.golden["demo-trs-ministry"]}["min-2024"]
    assert after.page_url == target.page_url and after.attachment_urls == target.attachment_urls
    assert after.cells != target.cells and after.published > target.published
    assert client.get(target.page_url, headers={"If-None-Match": page.headers["etag"]}).status_code == 200
    new_pdf = client.get(target.attachment_urls[0], headers={"If-None-Match": pdf.headers["etag"]})
    assert new_pdf.status_code == 200 and new_pdf.content != pdf.content
    assert client.get(list_url).headers["etag"] != list_tag

    gone = before["min-2021"]
    portal.remove(gone.page_url)
    assert client.get(gone.page_url).status_code == 404
    assert gone.key not in {g.key for g in portal.golden["demo-trs-ministry"]}
    assert all(gone.title not in p for p in ministry_pages(portal, client))
    kept = before["min-2023"]
    portal.remove(kept.page_url, keep_link=True)
    assert client.get(kept.page_url).status_code == 404 and client.get(kept.attachment_urls[0]).status_code == 404
    assert any(kept.title in p for p in ministry_pages(portal, client))
    with pytest.raises(KeyError):
        portal.remove(portal.base_urls["trs_ministry"] + "/nothing.html")


# --- misbehaviour --------------------------------------------------------------------------------------------------


def test_flaky_host_faults_then_recovers(fresh_demo_portal: DemoPortal, client: httpx.Client) -> None:
    b = fresh_demo_portal.behaviours
    for expected in (503, 503, 200):
        answer = client.get(b["unavailable"])
        assert answer.status_code == expected
        if expected == 503:
            assert answer.headers["retry-after"] == "1"
    limited = client.get(b["rate_limited"])
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert client.get(b["rate_limited"]).status_code == 200
    with client.stream("GET", b["truncated"]) as cut:
        promised = int(cut.headers["content-length"])
        received = bytearray()
        with pytest.raises(httpx.RemoteProtocolError):
            for chunk in cut.iter_raw():
                received += chunk
    assert 0 < len(received) < promised
    whole = client.get(b["truncated"])
    assert len(whole.content) == promised and whole.content[:4] == b"%PDF"
    record = [r for r in fresh_demo_portal.requests if r.path == urlsplit(b["truncated"]).path][0]
    assert record.bytes_sent == len(received)
    fresh_demo_portal.reset_faults()
    assert client.get(b["unavailable"]).status_code == 503


def test_traps_and_blocks(demo_portal: DemoPortal, client: httpx.Client) -> None:
    b = demo_portal.behaviours
    first = client.get(b["redirect_loop"])
    second = client.get(urljoin(b["redirect_loop"], first.headers["location"]))
    assert first.status_code == second.status_code == 302
    assert urljoin(b["redirect_loop"], second.headers["location"]) == b["redirect_loop"]
    soft = client.get(b["soft_404"])
    assert soft.status_code == 200 and "页面不存在" in soft.text
    assert client.get(b["forbidden"]).status_code == 403
    for name, status in (("challenge_200", 200), ("challenge_412", 412)):
        page = client.get(b[name])
        assert page.status_code == status and "$_ts" in page.text and "r='m'" in page.text
    jsl = client.get(b["jsluid_521"])
    assert jsl.status_code == 521 and "__jsluid_h=" in jsl.headers["set-cookie"]
    assert "document.cookie=" in jsl.text and "location.href" in jsl.text
    assert client.get(b["forbidden_403"]).status_code == 403
    for host in ("waf_412", "waf_jsl", "waf_403"):
        assert client.get(demo_portal.base_urls[host] + "/robots.txt").status_code == 200
    noise = demo_portal.noise_urls
    assert {b[k] for k in ("redirect_loop", "soft_404", "forbidden", "challenge_200", "huge_stream")} <= noise


def test_huge_file_is_streamed_not_held(fresh_demo_portal: DemoPortal, client: httpx.Client) -> None:
    url = fresh_demo_portal.behaviours["huge_stream"]
    path = urlsplit(url).path
    with client.stream("GET", url) as answer:
        assert int(answer.headers["content-length"]) == HUGE_SIZE and answer.headers["etag"]
        head = next(answer.iter_raw())
        assert head.startswith(b"%PDF")
    deadline = time.monotonic() + 5
    while not [r for r in fresh_demo_portal.requests if r.path == path] and time.monotonic() < deadline:
        time.sleep(0.05)
    aborted = [r for r in fresh_demo_portal.requests if r.path == path][0]
    assert aborted.bytes_sent < HUGE_SIZE // 2  # the server stopped when the client left
    tracemalloc.start()
    try:
        total = 0
        with client.stream("GET", url) as answer:
            for chunk in answer.iter_raw(1 << 20):
                total += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total == HUGE_SIZE
    assert peak < 8 * 1024 * 1024  # neither side held 60 MB


# --- robots.txt ----------------------------------------------------------------------------------------------------


def test_robots_variants(fresh_demo_portal: DemoPortal, client: httpx.Client) -> None:
    portal = fresh_demo_portal
    disallowed = portal.disallowed_urls
    assert disallowed
    for url in disallowed:
        host = portal.host_of(url)
        robots = client.get(portal.base_urls[host] + "/robots.txt")
        assert robots.status_code == 200
        parser = RobotFileParser()
        parser.parse(robots.text.splitlines())
        assert not parser.can_fetch("zfxxgk", url), url
    golden_urls = {g.page_url for reports in portal.golden.values() for g in reports}
    assert not disallowed & golden_urls and not disallowed & portal.noise_urls
    assert client.get(portal.behaviours["robots_404"]).status_code == 404
    unavailable = client.get(portal.behaviours["robots_503"])
    assert unavailable.status_code == 503
    assert portal.golden["demo-robots-503"] == []
    portal.restore_robots()
    assert client.get(portal.behaviours["robots_503"]).status_code == 200
    assert len(portal.golden["demo-robots-503"]) == 2
    column = portal.columns["demo-robots-503"]  # a TRS site writing .htm throughout
    assert column.endswith("/index.htm")
    assert 'createPageHTML(2, 0, "index", "htm")' in client.get(column).text
    assert 'createPageHTML(2, 1, "index", "htm")' in client.get(column.replace("index.htm", "index_1.htm")).text
    assert client.get(column.replace("index.htm", "index_2.htm")).status_code == 404
    assert all(g.page_url.endswith(".htm") for g in portal.golden["demo-robots-503"])
    statuses = Counter(client.get(portal.base_urls[h] + "/robots.txt").status_code for h in HOSTS)
    assert statuses[404] == 1


# --- golden lists, registry, requests, determinism ---------------------------------------------------------------


def test_golden_covers_the_warehouse_demo(demo_portal: DemoPortal) -> None:
    golden = demo_portal.golden
    generated = [g for reports in golden.values() for g in reports if g.cells is not None]
    assert {g.year for g in generated} >= set(range(2020, 2026))
    assert {g.format for g in generated} == {"2019", "2021"}
    assert all(g.format == ("2019" if g.year < 2021 else "2021") for g in generated)
    by_agency: dict[str, set[int]] = {}
    for g in generated:
        by_agency.setdefault(g.agency, set()).add(g.year)
    assert any({y, y + 1} <= years for years in by_agency.values() for y in years)
    corrections = [g for g in generated if g.corrects]
    assert len(corrections) == 1
    original = next(g for g in generated if g.key == corrections[0].corrects)
    assert (original.agency, original.year) == (corrections[0].agency, corrections[0].year)
    assert corrections[0].published > original.published and corrections[0].cells != original.cells
    inconsistent = [s.key for s in PLAN if not s.consistent]
    assert inconsistent and all(False in [ok for _, ok in identity_checks(_base_report(k, 0))] for k in inconsistent)
    assert any(g.form == "html+pdf" and g.attachment_urls for g in generated)
    levels = {s.level for s in PLAN}
    assert {"central", "province", "city", "county", "township", "department"} - levels <= {"province"}
    for source_id, reports in golden.items():
        assert len({g.page_url for g in reports}) == len(reports), source_id
        assert all(g.source_id == source_id for g in reports)


def test_every_listed_url_is_reachable_and_golden_is_not_noise(demo_portal: DemoPortal, client: httpx.Client) -> None:
    golden_urls = {g.page_url for reports in demo_portal.golden.values() for g in reports}
    assert not golden_urls & demo_portal.noise_urls
    for url in demo_portal.noise_urls:
        if url in demo_portal.behaviours.values():
            continue
        assert client.get(url).status_code == 200, url


def test_sources_toml_is_the_filled_template(demo_portal: DemoPortal) -> None:
    text = demo_portal.sources_toml()
    assert "{" not in "".join(re.findall(r'urls = \[.*\]', text))
    data = tomllib.loads(text)
    sources = {s["id"]: s for s in data["source"]}
    assert set(sources) == set(demo_portal.golden) == set(demo_portal.columns)
    for source_id, source in sources.items():
        assert source["urls"] == [demo_portal.columns[source_id]]
    assert sources["demo-trs-ministry"]["agency"] == demo_portal.golden["demo-trs-ministry"][0].agency
    assert "{trs_ministry}" in TEMPLATE.read_text(encoding="utf-8")


def test_requests_are_recorded_with_times(fresh_demo_portal: DemoPortal) -> None:
    portal = fresh_demo_portal
    url = portal.columns["demo-trs-ministry"]

    def hit() -> None:
        with httpx.Client() as c:
            for _ in range(5):
                c.get(url)

    threads = [threading.Thread(target=hit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    records = [r for r in portal.requests if r.host == "trs_ministry"]
    assert len(records) == 20
    assert all(r.method == "GET" and r.status == 200 and r.started_at <= r.finished_at for r in records)
    assert all(r.bytes_sent > 0 and r.path == "/gkml/ndbg/index.html" for r in records)
    assert "user-agent" in records[0].headers  # names lower-cased
    portal.clear_requests()
    assert portal.requests == []


def test_same_content_every_run(demo_portal: DemoPortal, fresh_demo_portal: DemoPortal, client: httpx.Client) -> None:
    for source, a in demo_portal.golden.items():
        b = fresh_demo_portal.golden[source]
        assert len(a) == len(b)
        for one, two in zip(a, b, strict=True):
            assert one.cells == two.cells and one.title == two.title
            if source != "demo-flaky":  # its first answers are faults
                assert client.get(one.page_url).headers["etag"] == client.get(two.page_url).headers["etag"]


def test_a_full_crawl_needs_few_requests_per_host(demo_portal: DemoPortal) -> None:
    """The 30-second budget: at 1 s per request per host, no host may need more than ~25 requests."""
    need: Counter[str] = Counter()
    for name, site in demo_portal.sites.items():
        column = site.columns[0]
        listed = column.listed()
        need[name] += 2  # robots.txt and the column URL
        if name == "trs_ministry" or name == "trs_county" or name == "township":
            need[name] += math.ceil(len(listed) / column.page_size)
        elif name == "hanweb_city":
            need[name] += math.ceil(len(listed) / (site.per_page * site.group_size))
        elif name == "gkmlpt_city":
            need[name] += math.ceil(len(listed) / site.per_page) + 1
        elif name == "flaky":
            need[name] += 2 + 1 + 1  # the list's two 503s, a 429, a cut body
        elif name == "traps":
            need[name] += len([e for e in column.entries if e.trap]) + 1  # traps, the loop's second hop
    for reports in demo_portal.golden.values():
        for g in reports:
            host = demo_portal.host_of(g.page_url)
            need[host] += 1 + len(g.attachment_urls) * (2 if host == "hanweb_city" else 1)
    assert max(need.values()) <= 25, need


def test_demo_portal_command(tmp_path, capsys) -> None:  # noqa: ANN001 - pytest fixtures
    import argparse
    import socket

    from pipelines.cli import portal_cmd

    parser = argparse.ArgumentParser()
    portal_cmd.register(parser.add_subparsers(dest="command"))
    out_file = tmp_path / "demo.toml"
    stop = threading.Event()
    stop.set()  # serve, print, and return at once
    for _attempt in range(5):  # a free port is known, the ones after it are a guess: try a few bases
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        args = parser.parse_args(["demo-portal", "--port-base", str(base), "--sources-out", str(out_file)])
        try:
            assert args.handler(args, stop) == 0
            break
        except OSError:
            continue
    else:
        pytest.skip(f"no run of {len(HOSTS)} free ports found in five tries")
    out = capsys.readouterr().out
    assert f"http://127.0.0.1:{base}/gkml/ndbg/index.html" in out and "demo-township" in out
    sources = tomllib.loads(out_file.read_text(encoding="utf-8"))["source"]
    assert {s["id"] for s in sources} >= {"demo-trs-ministry", "demo-hanweb-city", "demo-gkmlpt-city"}


def test_seed_text_becomes_paragraphs_and_tables() -> None:
    from pipelines.demo.site import seed_html

    piped = seed_html("一、总体情况\n信息内容 |\n规章 |\n0 |\n二、其他")
    assert piped.count("<tr>") == 3 and "<td>规章</td>" in piped and "|" not in piped
    assert piped.index("<p>一、总体情况</p>") < piped.index("<table")
    tabbed = seed_html("标题\n\tA\tB\n规章\t0\t0\n文件\t1\t2\n尾")
    assert tabbed.count("<tr>") == 3 and "<td>规章</td><td>0</td><td>0</td>" in tabbed
    indented = seed_html("标题\n\t本年新收政府信息公开申请数量\n\t0\n")  # one cell per line: paragraphs
    assert "<table" not in indented and "<p>\t0</p>" in indented
