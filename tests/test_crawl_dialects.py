"""Each dialect on page text alone: fingerprints, list items, the next cursor and its stop rules."""

from __future__ import annotations

import json

import pytest

from pipelines.crawl.dialects import Page, detect, generic, gkmlpt, hanweb, trs


def page(url: str, text: str, content_type: str = "text/html; charset=utf-8", final_url: str | None = None) -> Page:
    return Page(url, final_url or url.split("#")[0], text.encode("utf-8"), content_type)


# -- TRS ------------------------------------------------------------------------------------------------

TRS_4 = '<ul><li><a href="./202401/t20240115_1.html">x</a></li></ul><script src="/js/page.js"></script>' \
    '<script>createPageHTML(3, 0, "index", "html");</script>'
TRS_6 = "<div id='page_div'></div><script>createPageHTML('page_div', 3, 1, 'list', 'shtml', 11);</script>"


def test_trs_four_argument_form_counts_from_zero() -> None:
    first = trs.parse(page("http://h/gkml/ndbg/index.html", TRS_4), {}, {})
    (nxt,) = first.next
    assert nxt.url == "http://h/gkml/ndbg/index_1.html"  # index_1 is the SECOND page
    assert first.bounded
    second = trs.parse(page(nxt.url, TRS_4.replace("3, 0,", "3, 1,")), nxt.cursor, {})
    assert [n.url for n in second.next] == ["http://h/gkml/ndbg/index_2.html"]
    last = trs.parse(page("http://h/gkml/ndbg/index_2.html", TRS_4.replace("3, 0,", "3, 2,")), second.next[0].cursor, {})
    assert last.next == []


def test_trs_six_argument_form_counts_from_one() -> None:
    first = trs.parse(page("http://h/xxgk/nb/list.shtml", TRS_6), {}, {})
    assert [n.url for n in first.next] == ["http://h/xxgk/nb/list_2.shtml"]
    cursor = first.next[0].cursor
    second = trs.parse(page("http://h/xxgk/nb/list_2.shtml", TRS_6.replace("3, 1,", "3, 2,")), cursor, {})
    assert [n.url for n in second.next] == ["http://h/xxgk/nb/list_3.shtml"]
    last = trs.parse(page("http://h/xxgk/nb/list_3.shtml", TRS_6.replace("3, 1,", "3, 3,")), second.next[0].cursor, {})
    assert last.next == []


@pytest.mark.parametrize(
    "script",
    [
        "createPageHTML( 4 ,0 ,'index' ,'htm' );",
        'var countPage = 4//共多少页\nvar currentPage = 0;\ncreatePageHTML(countPage, currentPage, "index", "htm");',
        "createPageHTML(0, 4, 'index', 'htm');",  # another argument order
    ],
)
def test_trs_variants(script: str) -> None:
    listing = trs.parse(page("http://h/a/b/", f"<script>{script}</script>"), {}, {})
    assert [n.url for n in listing.next] == ["http://h/a/b/index_1.htm"]


def test_trs_var_count_with_list_prefix_from_url() -> None:
    listing = trs.parse(page("http://h/a/list.shtml", "<script>var countPage = 5;</script>"), {}, {})
    assert [n.url for n in listing.next] == ["http://h/a/list_1.shtml"]


def test_trs_function_definition_is_not_a_call() -> None:
    text = "<script>function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}</script>"
    assert trs.pagination(text) is None


def test_trs_meta_refresh_past_the_end_stops() -> None:
    text = '<html><body><meta http-equiv="refresh" content="0; url=./"><script>location.href="./"</script></body></html>'
    assert trs.parse(page("http://h/a/list_4.shtml", text), {"n": 4, "count": 9, "base": 1}, {}).next == []


# -- Hanweb ---------------------------------------------------------------------------------------------


def record(n: int) -> str:
    return (f'<record><![CDATA[\n<li><a href="/art/2024/1/{n}/art_123_{1000 + n}.html" title="第{n}条 2023年政府信息公开'
            f'工作年度报告">第{n}条…</a><span>2024-01-{n:02d}</span></li>\n]]></record>')


def hanweb_column(records: int, total: int, *, jpage: bool = True, nextgroup_page: int = 1) -> str:
    rows = "\n".join(record(n) for n in range(1, records + 1))
    nextgroup = (f'<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page={nextgroup_page}&appid=1&webid=9'
                 '&path=/&columnid=123&unitid=456&webname=%E6%BC%94%E7%A4%BA&permissiontype=0"></a>]]></nextgroup>')
    script = (
        "<script>$(document).ready(function(){ $('#456').jpage({dataStore: null, "
        "proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 3, totalRecord: " + str(total) + ", groupSize: 2, "
        "ajaxParam: {col:1,appid:1,webid:9,path:'/',columnid:123,sourceContentType:1,unitid:456,"
        "webname:'演示',permissiontype:0}});});</script>"
        if jpage else ""
    )
    return (f'<html><body><div id="456"><script type="text/xml"><datastore>{nextgroup}<recordset>{rows}'
            f"</recordset></datastore></script></div>{script}<script>var path = '/images/';</script></body></html>")


def test_hanweb_column_page_records_and_post_groups() -> None:
    first = hanweb.parse(page("http://h/col/col123/index.html", hanweb_column(6, 14)), {}, {})
    assert [link.url for link in first.links][:2] == [
        "http://h/art/2024/1/1/art_123_1001.html",
        "http://h/art/2024/1/2/art_123_1002.html",
    ]
    assert len(first.links) == 6 and first.bounded
    (nxt,) = first.next
    assert nxt.method == "POST"
    assert nxt.url == "http://h/module/web/jpage/dataproxy.jsp?startrecord=7&endrecord=12&perpage=3"
    form = dict(nxt.data)
    assert form["columnid"] == "123" and form["unitid"] == "456" and form["webid"] == "9" and form["path"] == "/"
    # the answer repeats one look-ahead row; the next group starts after endrecord
    answer = '<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>14</totalrecord><totalpage>5</totalpage>' \
        "<recordset>" + "".join(record(n) for n in range(7, 14)) + "</recordset></datastore>"
    second = hanweb.parse(page(nxt.url, answer, "text/xml;charset=UTF-8"), nxt.cursor, {})
    assert len(second.links) == 7
    assert [n.url for n in second.next] == ["http://h/module/web/jpage/dataproxy.jsp?startrecord=13&endrecord=14&perpage=3"]
    third = hanweb.parse(page(second.next[0].url, answer, "text/xml"), second.next[0].cursor, {})
    assert third.next == []


def test_hanweb_get_mode_follows_nextgroup_after_the_embedded_records() -> None:
    text = hanweb_column(6, 0, jpage=False).replace("<datastore>", "<datastore><perpage>3</perpage>")
    first = hanweb.parse(page("http://h/col/col123/index.html", text), {}, {})
    (nxt,) = first.next
    assert nxt.method == "GET" and "page=3&" in nxt.url  # pages 1 and 2 are the records already on the page
    answer = ('<datastore><totalrecord>9</totalrecord><totalpage>3</totalpage><nextgroup><![CDATA[<a href="'
              '/module/web/jpage/dataproxy.jsp?page=4&columnid=123"></a>]]></nextgroup><recordset>'
              + "".join(record(n) for n in range(7, 10)) + "</recordset></datastore>")
    last = hanweb.parse(page(nxt.url, answer, "text/xml"), nxt.cursor, {})
    assert len(last.links) == 3 and last.next == []  # page 4 > totalpage 3


def test_hanweb_params_in_plain_script_variables() -> None:
    text = hanweb_column(2, 0, jpage=False) + "<script>var jpage_cfg = {perpage: 2, totalrecord: 5};</script>"
    (nxt,) = hanweb.parse(page("http://h/col/col9/index.html", text), {}, {}).next
    assert nxt.method == "POST" and "startrecord=3&endrecord=5&perpage=2" in nxt.url
    assert "path" in dict(nxt.data) and dict(nxt.data)["path"] == "/"  # from nextgroup, not `var path`


# -- gkmlpt ---------------------------------------------------------------------------------------------

GK_INDEX = "<html><head><script>window._CONFIG = {\n SID: '755031',\n SITE_NAME: '演示',\n TREE: [{id: 1}]};</script>" \
    '</head><body><div id="app"></div></body></html>'


def test_gkmlpt_reads_sid_from_page_and_category_from_fragment() -> None:
    listing = gkmlpt.parse(page("http://h/szx/gkmlpt/index#2571", GK_INDEX, final_url="http://h/szx/gkmlpt/index"), {}, {})
    (nxt,) = listing.next
    assert nxt.url == "http://h/szx/gkmlpt/api/all/2571?page=1&sid=755031"
    assert gkmlpt.parse(page("http://h/gkmlpt/index", GK_INDEX), {}, {"category": 7}).next[0].url.startswith(
        "http://h/gkmlpt/api/all/7?page=1"
    )
    assert gkmlpt.parse(page("http://h/gkmlpt/index", "<p>no sid</p>"), {}, {}).next == []


def test_gkmlpt_api_pages_until_total() -> None:
    cursor = gkmlpt.parse(page("http://h/gkmlpt/index#5", GK_INDEX), {}, {}).next[0].cursor

    def api(n: int, items: list[int], total: int = 5) -> Page:
        data = {"total": total, "articles": [{"id": i, "title": f"{i} 2023年政府信息公开工作年度报告",
                                              "url": f"http://h/gkmlpt/content/0/{i}/post_{i}.html"} for i in items]}
        return page(f"http://h/gkmlpt/api/all/5?page={n}&sid=755031", json.dumps(data, ensure_ascii=False), "application/json")

    one = gkmlpt.parse(api(1, [1, 2]), cursor, {})
    assert [link.url for link in one.links] == ["http://h/gkmlpt/content/0/1/post_1.html", "http://h/gkmlpt/content/0/2/post_2.html"]
    assert one.next[0].url == "http://h/gkmlpt/api/all/5?page=2&sid=755031"
    three = gkmlpt.parse(api(3, [5]), {**one.next[0].cursor, "page": 3}, {})
    assert len(three.links) == 1 and three.next == []
    assert gkmlpt.parse(api(4, []), {**cursor, "page": 4}, {}).next == []


# -- generic and detection -----------------------------------------------------------------------------

GENERIC = """<html><body><ul>
<li><a href="/index.php?m=content&amp;a=show&amp;id=7" title="2023年政府信息公开工作年度报告">2023年…</a></li></ul>
<div class="pages"><a href="/index.php?m=content&amp;a=lists&amp;catid=5">首页</a>
<span>1</span> <a href="/index.php?m=content&amp;a=lists&amp;catid=5&amp;page=2">2</a>
<a href="/index.php?m=content&amp;a=lists&amp;catid=5&amp;page=2">下一页</a>
<a href="/index.php?m=content&amp;a=lists&amp;catid=5&amp;page=9">尾页</a></div>
<a href="/xwzx/index.html">新闻中心</a></body></html>"""


def test_generic_pagination_by_next_and_numbers() -> None:
    url = "http://h/index.php?m=content&a=lists&catid=5"
    listing = generic.parse(page(url, GENERIC), {}, {"column_folder": "http://h/"})
    assert [n.url for n in listing.next] == [
        "http://h/index.php?m=content&a=lists&catid=5&page=2",
        "http://h/index.php?m=content&a=lists&catid=5&page=2",
        "http://h/index.php?m=content&a=lists&catid=5&page=9",
    ]  # the portal's news column at the site root is not a sub-column


def test_generic_follows_sub_columns_only_under_the_column() -> None:
    text = ('<a href="./bmnb/">部门年报</a><a href="./2023/index.html">2023年</a><a href="../zcwj/index.html">政策文件</a>'
            '<a href="./202401/t1.html" title="2023年政府信息公开工作年度报告">r</a>')
    listing = generic.parse(page("http://h/xxgk/nb/index.html", text), {}, {"column_folder": "http://h/xxgk/nb/"})
    assert [n.url for n in listing.next] == ["http://h/xxgk/nb/bmnb/", "http://h/xxgk/nb/2023/index.html"]


@pytest.mark.parametrize(
    ("url", "text", "dialect"),
    [
        ("http://h/gkml/ndbg/index.html", TRS_4, "trs"),
        ("http://h/xxgk/list.shtml", TRS_6, "trs"),
        ("http://h/col/col123/index.html", hanweb_column(1, 1), "hanweb"),
        ("http://h/gkmlpt/index#5", GK_INDEX, "gkmlpt"),
        ("http://h/a/", GENERIC, "generic"),
    ],
)
def test_detection(url: str, text: str, dialect: str) -> None:
    assert detect(page(url, text)) == dialect


def test_gbk_page_declared_only_in_meta() -> None:
    body = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>朱镕基</body></html>'
    assert "朱镕基" in Page("http://h/", "http://h/", body.encode("gbk"), "text/html").text
