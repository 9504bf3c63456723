"""Recognising reports, noise and attachments by title and URL; scope; block classification."""

from __future__ import annotations

import pytest

from pipelines.crawl.blocks import classify_body, classify_status
from pipelines.crawl.links import (
    attachment_links,
    best_title,
    extract_links,
    is_attachment_url,
    is_report_title,
)
from pipelines.crawl.scope import Scope, registrable_domain

REPORTS = [
    "生态环境部2023年政府信息公开工作年度报告",
    "2023年度沭阳县人民政府信息公开工作年度报告",
    "北京市住房和城乡建设委员会2022年政府信息公开工作年度报告",
    "昆明市财政局2021年政府信息公开年报",
    "2020年政务公开工作年度报告",
    "二〇二三年政府信息公开工作年度报告",
    "XX区2019年度政府信息公开工作报告",
    "2024年度政府信息公开工作情况报告",
    "某镇人民政府2024年政府信息公开工作年度报…",  # cut short by the list, no title attribute
    "某县2024年政府信息公开工...",
]
NOISE = [
    "生态环境部政府信息公开指南",
    "政府信息公开保密审查制度",
    "图解：《生态环境部2023年政府信息公开工作年度报告》解读",
    "关于做好2023年政府信息公开工作年度报告编制和发布工作的通知",
    "2023年政务公开工作要点",
    "依申请公开政府信息办理流程图",
    "政府信息公开年报",  # a column link: no year
    "2023年统计年报",
    "2023年政府工作报告",
    "关于报送2022年度政府信息公开工作年度报告的函件报送",
    "2024年政府信息公开工作要点…",
    "某县2024年政府工作报告…",
]


@pytest.mark.parametrize("title", REPORTS)
def test_report_titles(title: str) -> None:
    assert is_report_title(title)


@pytest.mark.parametrize("title", NOISE)
def test_noise_titles(title: str) -> None:
    assert not is_report_title(title)


def test_title_attribute_beats_truncated_text() -> None:
    assert best_title("生态环境部2023年政府信息公开工作年度报告", "生态环境部2023年政府信息公开…") == (
        "生态环境部2023年政府信息公开工作年度报告"
    )
    assert best_title(None, "2023年年报") == "2023年年报"
    html = '<ul><li><a href="./202401/t20240115_1.html" title="生态环境部2023年政府信息公开工作年度报告">生态环境部2023…</a></li></ul>'
    (link,) = extract_links(html, "http://h.gov.cn/gkml/ndbg/index.html")
    assert link.url == "http://h.gov.cn/gkml/ndbg/202401/t20240115_1.html"
    assert is_report_title(link.title)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://h/gkml/ndbg/202401/P020240115123.pdf", True),
        ("http://h/a/b.DOCX", True),
        ("http://h/a/b.wps", True),
        ("http://h/a/b.ofd", True),
        ("http://h/a/%E5%B9%B4%E6%8A%A5.xlsx", True),
        ("http://h/module/download/downfile.jsp?classid=0&filename=abc.pdf", True),
        ("http://h/art/2024/1/15/art_123_456.html", False),
        ("http://h/gkml/ndbg/index.html", False),
    ],
)
def test_attachment_urls(url: str, expected: bool) -> None:
    assert is_attachment_url(url) is expected


def test_attachments_of_a_report_page() -> None:
    html = """<html><body>
      <a href="../">政府信息公开年报</a>
      <div class="fj">附件：<a href="./P020240115.pdf" OLDSRC="/W0.pdf">2023年年度报告.pdf</a>
      <a href="/module/download/downfile.jsp?classid=0&amp;filename=x.docx">附件2</a></div>
      <iframe src="/pdfjs/web/viewer.html?file=/upload/2024/a.pdf"></iframe>
      <a href="/files/sqb.doc">政府信息公开申请表.doc</a>
      <script>var f = "/upload/2024/b.ofd";</script>
    </body></html>"""
    urls = [link.url for link in attachment_links(html, "http://h.gov.cn/gkml/ndbg/202401/t1.html")]
    assert urls == [
        "http://h.gov.cn/gkml/ndbg/202401/P020240115.pdf",
        "http://h.gov.cn/module/download/downfile.jsp?classid=0&filename=x.docx",
        "http://h.gov.cn/upload/2024/a.pdf",
        "http://h.gov.cn/upload/2024/b.ofd",
    ]


def test_links_skip_javascript_mail_and_fragments() -> None:
    html = '<a href="javascript:void(0)">x</a><a href="mailto:a@b">m</a><a href="#top">t</a><a href="file:///etc/passwd">f</a>'
    assert extract_links(html, "http://h/") == []


def test_scope_keeps_to_the_source_domain() -> None:
    scope = Scope(["http://www.mee.gov.cn/xxgk/ndbg/"])
    assert registrable_domain("www.mee.gov.cn") == "mee.gov.cn"
    assert scope.allows("https://files.mee.gov.cn/a.pdf")
    assert not scope.allows("http://www.gov.cn/a.html")
    assert not scope.allows("http://127.0.0.1/a.html")
    assert not scope.allows("http://10.0.0.5/a.html")
    assert not scope.allows("ftp://www.mee.gov.cn/a.pdf")
    assert Scope(["http://www.mee.gov.cn/"], ["cdn.example.com"]).allows("http://cdn.example.com/x.pdf")


def test_scope_of_a_loopback_source() -> None:
    scope = Scope(["http://127.0.0.1:8001/gkml/"])
    assert scope.allows("http://127.0.0.1:9999/attach/a.pdf")  # same address, other port
    assert not scope.allows("http://127.0.0.2:8001/x")
    assert not scope.allows("http://www.mee.gov.cn/")


RUISHU = (
    b"<!DOCTYPE html><html><head><meta id=\"a\" content=\"b\" r='m'>"
    b"<script type=\"text/javascript\" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=1;</script></head></html>"
)
JSL = b"<script>document.cookie=('__jsl_clearance_s=')+'1';location.href=location.pathname+location.search</script>"


def test_block_classification() -> None:
    assert classify_status(412) == "blocked:challenge"
    assert classify_status(521) == "blocked:challenge"
    assert classify_status(403) == "blocked:forbidden"
    assert classify_status(429) == classify_status(503) == "throttled"
    assert classify_status(404) == classify_status(410) == "gone"
    assert classify_status(500) == "error"
    assert classify_status(200) is None
    html = {"content-type": "text/html"}
    assert classify_body(200, html, RUISHU) == "blocked:challenge"
    assert classify_body(200, {"content-type": "text/html", "set-cookie": "__jsluid_h=1"}, JSL) == "blocked:challenge"
    soft = "<html><head><title>页面不存在</title></head><body>抱歉，您访问的页面不存在或已被删除！</body></html>"
    assert classify_body(200, html, soft.encode()) == "gone"
    report = "<html><head><title>2023年政府信息公开工作年度报告</title></head><body>" + "正文" * 500 + "</body></html>"
    assert classify_body(200, html, report.encode()) == "ok"
    assert classify_body(200, {"content-type": "application/pdf"}, b"%PDF-1.4 $_ts r='m'") == "ok"
