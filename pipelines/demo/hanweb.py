"""Hanweb JCMS columns (大汉 JCMS), as most Zhejiang, Jiangsu and Shandong portals publish them.

What a crawler meets on real JCMS sites, reproduced here:

- the column page ``/col/colCOL/index.html`` carries its first records as XML inside
  ``<script type="text/xml"><datastore>…<record><![CDATA[<li>…</li>]]></record>…</datastore></script>``,
  and a ``jpage`` call with ``totalRecord``/``perPage``/``groupSize``; a static ``index_1.html`` is a 404;
- later records come from ``/module/web/jpage/dataproxy.jsp``: POST ``startrecord``/``endrecord``/``perpage``
  (query) with the column's form fields, or GET ``page=N``; the XML gives ``totalrecord``/``totalpage``;
  every POSTed group also carries one look-ahead record past ``endrecord``, so consecutive groups repeat a row;
- details are ``/art/YYYY/M/D/art_COL_ID.html``; attachments are ``downfile.jsp`` links that answer 302 to
  ``/attach/0/….ext``, served as ``application/octet-stream``.
"""

from __future__ import annotations

import hashlib
import math
from urllib.parse import quote

from pipelines.demo.server import Request, Response
from pipelines.demo.site import REPORT, Column, Entry, RobotsPolicy, Site, esc, moment, shown

DATAPROXY = "/module/web/jpage/dataproxy.jsp"
DOWNFILE = "/module/download/downfile.jsp"


class HanwebSite(Site):
    server_header = "Apache-Coyote/1.1"

    def __init__(self, name: str, column: Column, *, column_id: int, unit_id: int, web_id: int, site_name: str,
                 id_base: int, per_page: int = 3, group_size: int = 2, robots: RobotsPolicy | None = None) -> None:
        self.column_id, self.unit_id, self.web_id = column_id, unit_id, web_id
        self.site_name = site_name
        self.id_base = id_base
        self.per_page, self.group_size = per_page, group_size
        self.attach: dict[str, str] = {}  # downfile filename → /attach path
        super().__init__(name, [column], robots)
        column.url_path = f"/col/col{column_id}/index.html"

    def assign_paths(self) -> None:
        column = self.columns[0]
        for n, entry in enumerate(sorted(column.entries, key=lambda e: (e.published, e.key)), start=1):
            day = entry.published
            entry.path = f"/art/{day.year}/{day.month}/{day.day}/art_{self.column_id}_{self.id_base + 131 * n}.html"
            if entry.kind != REPORT:
                continue
            links = []
            for i, att in enumerate(entry.rendered().attachments):
                stored = hashlib.md5(f"{entry.key}/{i}".encode()).hexdigest() + "." + att.ext
                self.attach[stored] = f"/attach/0/{stored}"
                links.append(f"{DOWNFILE}?classid=0&showname={quote(att.name)}&filename={stored}")
            entry.attachment_paths = tuple(links)

    # XML -----------------------------------------------------------------------------------------------------
    def record(self, entry: Entry) -> str:
        li = (f'<li><a href="{esc(entry.path)}" target="_blank" title="{esc(entry.title)}">{esc(shown(entry.title, 18))}'
              f"</a><span>{entry.shown_date:%Y-%m-%d}</span></li>")
        return f"<record><![CDATA[\n{li}\n]]></record>"

    def proxy_query(self, page: int) -> str:
        return (f"{DATAPROXY}?page={page}&appid=1&webid={self.web_id}&path=/&columnid={self.column_id}"
                f"&unitid={self.unit_id}&webname={quote(self.site_name)}&permissiontype=0")

    def datastore(self, records: list[Entry], next_page: int, totals: tuple[int, int] | None) -> str:
        head = f"<totalrecord>{totals[0]}</totalrecord>\n<totalpage>{totals[1]}</totalpage>\n" if totals else ""
        rows = "\n".join(self.record(e) for e in records)
        return (f'<datastore>\n{head}<nextgroup><![CDATA[<a href="{esc(self.proxy_query(next_page))}"></a>]]>'
                f"</nextgroup>\n<recordset>\n{rows}\n</recordset>\n</datastore>")

    def column_page(self, column: Column) -> str:
        listed = column.listed()
        first = listed[: self.per_page * self.group_size]
        store = self.datastore(first, 1, None)
        param = (f"{{col:1,appid:1,webid:{self.web_id},path:'/',columnid:{self.column_id},sourceContentType:1,"
                 f"unitid:{self.unit_id},webname:'{self.site_name}',permissiontype:0}}")
        return ('<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">\n'
                f"<title>{esc(column.name)}</title>\n"
                f'<meta name="SiteName" content="{esc(self.site_name)}">\n<meta name="ColumnName" content="政府信息公开年报">\n'
                '<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>\n'
                '<script type="text/javascript" src="/module/jslib/jquery/jpage/jquery.page.min.js"></script>\n'
                "</head>\n<body>\n"
                f'<div class="bt-position">政府信息公开年报</div>\n<div class="default_pgContainer" id="{self.unit_id}">'
                f'<script type="text/xml">\n{store}\n</script></div>\n'
                '<script type="text/javascript">\n$(document).ready(function(){\n'
                f"  $('#{self.unit_id}').jpage({{dataStore: null, proxyUrl: '{DATAPROXY}', perPage: {self.per_page}, "
                f"totalRecord: {len(listed)}, groupSize: {self.group_size}, barPosition: 'bottom', "
                f"ajaxParam: {param}, showMode: 'full'}});\n}});\n</script>\n</body>\n</html>\n")

    def detail_page(self, entry: Entry) -> str:
        title, agency, body, links = self.detail_parts(entry)
        when = self.entry_modified(entry)
        files = "".join(f'<p><a href="{esc(href)}" target="_blank">{esc(text)}</a></p>' for href, text in links)
        return ('<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">\n'
                f"<title>{esc(title)}</title>\n"
                f'<meta name="SiteName" content="{esc(self.site_name)}">\n<meta name="ColumnName" content="政府信息公开年报">\n'
                f'<meta name="ArticleTitle" content="{esc(title)}">\n<meta name="PubDate" content="{when:%Y-%m-%d %H:%M}">\n'
                f'<meta name="ContentSource" content="{esc(agency)}">\n</head>\n<body>\n<div class="main">\n'
                f'<div class="title">{esc(title)}</div>\n'
                f'<div class="info">发布日期：{when:%Y-%m-%d} 信息来源：{esc(agency)}</div>\n'
                f'<div id="zoom">{body}</div>\n' + (f'<div class="fj">附件：{files}</div>\n' if files else "")
                + "</div>\n</body>\n</html>\n")

    def build(self, table: dict[str, Response], base_url: str) -> None:
        column = self.columns[0]
        listed = column.listed()
        table[column.url_path] = self.html(self.column_page(column), self.list_modified(listed))
        for entry in column.entries:
            if entry.removed:
                continue
            table[entry.path] = self.html(self.detail_page(entry), self.entry_modified(entry))
            if entry.kind != REPORT:
                continue
            rendered = entry.rendered()
            for link, att in zip(entry.attachment_paths, rendered.attachments, strict=True):
                stored = link.rsplit("filename=", 1)[1]
                table[self.attach[stored]] = self.file(
                    att.data, att.ext, moment(rendered.published, 10), content_type="application/octet-stream",
                    headers=[("Content-Disposition", f"attachment; filename={stored}")])

    # endpoints ------------------------------------------------------------------------------------------------
    def dynamic(self, request: Request) -> Response | None:
        if request.path == DATAPROXY:
            return self.dataproxy(request)
        if request.path == DOWNFILE:
            stored = request.query.get("filename", "")
            target = self.attach.get(stored)
            if target is None or target not in self.table(request.base_url):
                return Response(200, "<script>alert('文件不存在');history.back();</script>".encode(),
                                content_type="text/html;charset=UTF-8")
            return Response(302, b"", content_type=None, headers=[("Location", target)])
        return None

    def dataproxy(self, request: Request) -> Response:
        form = request.form
        column = self.columns[0]
        listed = column.listed() if form.get("columnid") == str(self.column_id) else []
        total = len(listed)
        per_page = _int(form.get("perpage"), self.per_page) or self.per_page
        pages = max(1, math.ceil(total / per_page))
        if "startrecord" in form:
            start = max(1, _int(form.get("startrecord"), 1))
            end = max(start, _int(form.get("endrecord"), start + per_page * self.group_size - 1))
            records = listed[start - 1: end + 1]  # one look-ahead record past endrecord
            next_page = end // per_page + 1
        else:
            page = max(1, _int(form.get("page"), 1))
            records = listed[(page - 1) * per_page: page * per_page]
            next_page = page + 1
        body = '<?xml version="1.0" encoding="UTF-8"?>\n' + self.datastore(records, next_page, (total, pages))
        return Response(200, body.encode("utf-8"), content_type="text/xml;charset=UTF-8")


def _int(text: str | None, default: int) -> int:
    try:
        return int(text or "")
    except ValueError:
        return default
