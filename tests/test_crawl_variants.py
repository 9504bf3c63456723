"""Whole crawls of small loopback sites in shapes the demo portal does not use: other pagers, sub-columns,
older Hanweb paths, gkmlpt without a category, a column given as a folder. No per-site code anywhere."""

from __future__ import annotations

import json
from pathlib import Path

from pipelines.cli import main
from pipelines.crawl import crawl_start_url, read_crawl_log
from pipelines.crawl.sources import Politeness
from pipelines.crawl.testserver import Route, Site
from pipelines.demo.server import Request

FAST = Politeness(min_delay=0.0, backoff_base=0.05)
PDF = b"%PDF-1.4\n" + b"0" * 2000
ROBOTS = Route("User-agent: *\nAllow: /\n", content_type="text/plain")


def title(n: int) -> str:
    return f"某某局{2010 + n}年政府信息公开工作年度报告"


def items(paths: list[tuple[str, str]]) -> str:
    return "".join(f'<li><a href="{href}" title="{text}">{text[:10]}…</a></li>' for href, text in paths)


def detail(n: int, attachment: str | None = None) -> Route:
    files = f'<a href="{attachment}">附件</a>' if attachment else ""
    return Route(f"<html><body><h1>{title(n)}</h1><p>正文{n}</p>{files}</body></html>")


def reports(result) -> set[str]:  # noqa: ANN001 - CrawlResult
    return {r.url for r in result.reports}


def test_trs_var_count_with_the_prefix_from_the_url(tmp_path: Path) -> None:
    def list_page(n: int, entries: list[int]) -> Route:
        rows = items([(f"./2023{n:02d}/t2023010{e}_{e}.shtml", title(e)) for e in entries] + [("./zn.shtml", "政府信息公开指南")])
        return Route(f"<ul>{rows}</ul><script>var countPage = 3;\nvar currentPage = {n};</script>")

    routes = {"/robots.txt": ROBOTS, "/xxgk/nb/": list_page(0, [1, 2]), "/xxgk/nb/list_1.shtml": list_page(1, [3]),
              "/xxgk/nb/list_2.shtml": list_page(2, [4])}
    routes["/xxgk/nb/list.shtml"] = routes["/xxgk/nb/"]
    for n, e in ((0, 1), (0, 2), (1, 3), (2, 4)):
        routes[f"/xxgk/nb/2023{n:02d}/t2023010{e}_{e}.shtml"] = detail(e, f"./P0{e}.pdf")
        routes[f"/xxgk/nb/2023{n:02d}/P0{e}.pdf"] = Route(PDF + bytes([e]), content_type="application/pdf")
    routes["/xxgk/nb/list_3.shtml"] = Route("<html>should never be asked</html>")
    with Site(routes) as site:
        result = crawl_start_url(site.url("/xxgk/nb/list.shtml"), tmp_path, politeness=FAST)
        assert result.dialects == {site.url("/xxgk/nb/list.shtml"): "trs"}
        assert len(result.reports) == 4 and all(len(r.attachments) == 1 for r in result.reports)
        assert site.seen("/xxgk/nb/list_3") == [] and site.seen("/xxgk/nb/zn") == []


def test_generic_next_links_and_sub_columns(tmp_path: Path) -> None:
    routes = {
        "/robots.txt": ROBOTS,
        "/gk/nb/index.htm": Route(f'<ul>{items([("a1.htm", title(1))])}</ul><a href="bm/index.htm">部门年报</a>'
                                  '<a href="index_2.htm">下一页</a><a href="/news/index.htm">新闻</a>'),
        "/gk/nb/index_2.htm": Route(f'<ul>{items([("a2.htm", title(2))])}</ul><a href="index.htm">上一页</a>'),
        "/gk/nb/bm/index.htm": Route(f'<ul>{items([("b3.pdf", title(3))])}</ul><a href="2.htm">2</a>'),
        "/gk/nb/bm/2.htm": Route(f'<ul>{items([("b3.pdf", title(3))])}</ul><a href="3.htm">3</a>'),  # nothing new
        "/gk/nb/bm/3.htm": Route("<html>never: the page before added nothing</html>"),
        "/gk/nb/a1.htm": detail(1), "/gk/nb/a2.htm": detail(2),
        "/gk/nb/bm/b3.pdf": Route(PDF, content_type="application/pdf"),
    }
    with Site(routes) as site:
        result = crawl_start_url(site.url("/gk/nb/index.htm"), tmp_path, politeness=FAST)
        assert reports(result) == {site.url("/gk/nb/a1.htm"), site.url("/gk/nb/a2.htm"), site.url("/gk/nb/bm/b3.pdf")}
        assert site.seen("/news/") == [] and site.seen("/gk/nb/bm/3.htm") == []


def test_older_hanweb_proxy_path_by_post(tmp_path: Path) -> None:
    def record(n: int) -> str:
        return f'<record><![CDATA[<li><a href="/art/2024/1/{n}/art_77_{n}.html" title="{title(n)}">x</a></li>]]></record>'

    column = (
        '<div id="9"><script type="text/xml"><datastore><recordset>' + record(1) + record(2)
        + "</recordset></datastore></script></div><script>var p = {url:'/module/jpage/dataproxy.jsp', "
        "perpage:2, totalRecord:5, columnid:77, unitid:9, webid:1, path:'/'};</script>"
    )

    def proxy(request: Request) -> Route:
        start, end = int(request.query["startrecord"]), int(request.query["endrecord"])
        assert b"columnid=77" in request.body and request.method == "POST"
        rows = "".join(record(n) for n in range(start, min(end + 1, 5) + 1))
        return Route(f"<datastore><totalrecord>5</totalrecord><recordset>{rows}</recordset></datastore>", content_type="text/xml")

    routes = {"/robots.txt": ROBOTS, "/col/col77/index.html": Route(column), "/module/jpage/dataproxy.jsp": Route(handler=proxy)}
    routes |= {f"/art/2024/1/{n}/art_77_{n}.html": detail(n) for n in range(1, 6)}
    with Site(routes) as site:
        result = crawl_start_url(site.url("/col/col77/index.html"), tmp_path, politeness=FAST)
        assert result.dialects == {site.url("/col/col77/index.html"): "hanweb"}
        assert len(result.reports) == 5
        assert site.seen("/col/col77/index_1.html") == []


def test_gkmlpt_without_a_category_lists_the_site_and_filters_titles(tmp_path: Path) -> None:
    articles = [{"title": title(n), "url": f"/gkmlpt/content/0/{n}/post_{n}.html"} for n in range(1, 4)]
    articles.insert(1, {"title": "关于印发某某办法的通知", "url": "/gkmlpt/content/0/9/post_9.html"})

    def api(request: Request) -> Route:
        page = int(request.query["page"])
        chunk = articles[(page - 1) * 2 : page * 2] if request.query.get("sid") == "440001" else []
        return Route(json.dumps({"total": len(articles), "articles": chunk}, ensure_ascii=False), content_type="application/json")

    routes = {"/robots.txt": ROBOTS, "/bm/gkmlpt/index": Route("<script>var a = 'x'; loadList('/gkmlpt/api?sid=440001');</script>"),
              "/bm/gkmlpt/api/all/0": Route(handler=api)}
    routes |= {f"/gkmlpt/content/0/{n}/post_{n}.html": detail(n) for n in range(1, 4)}
    with Site(routes) as site:
        result = crawl_start_url(site.url("/bm/gkmlpt/index"), tmp_path, politeness=FAST)
        assert result.dialects == {site.url("/bm/gkmlpt/index"): "gkmlpt"}
        assert len(result.reports) == 3 and site.seen("/gkmlpt/content/0/9/") == []


def test_cli_lists_sources_and_rejects_unknown_ids(capsys, tmp_path: Path) -> None:  # noqa: ANN001
    registry = tmp_path / "s.toml"
    registry.write_text('[[source]]\nid = "x-1"\nurls = ["http://www.example.gov.cn/nb/"]\nregion = "110000"\n', encoding="utf-8")
    assert main(["sources", "--sources", str(registry)]) == 0
    assert "x-1" in capsys.readouterr().out
    assert main(["crawl", "--sources", str(registry), "--source", "nope", "--data-dir", str(tmp_path)]) == 2
    assert "unknown source" in capsys.readouterr().err
    assert read_crawl_log(tmp_path) == []
