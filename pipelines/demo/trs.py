"""TRS WCM columns, as ministries and most provincial and county portals publish them.

What a crawler meets on real TRS sites, reproduced here:

- the list's pagination is not in links but in a script call, ``createPageHTML(3, 0, "index", "html")``
  (page count, 0-based current page, prefix, extension) where ``index_1.html`` is the *second* page, or
  the 6-argument form ``createPageHTML('page_div', 3, 1, 'list', 'shtml', 11)`` (1-based current page,
  total records) where the second page is ``list_2.shtml``; in both, the next page is ``prefix_(cur+1)``;
- past the last page the server answers 404 (ministry style) or a 200 page that meta-refreshes to ``./``
  (county style);
- details sit in month folders, ``./YYYYMM/tYYYYMMDD_N.html``, their attachments beside them as
  ``./P0YYYYMMDD….pdf`` (with the ``OLDSRC`` attribute TRS leaves behind);
- a county site's bytes are GBK while its Content-Type names no charset: only ``<meta>`` says gb2312,
  and some characters (镕) exist only in GBK, so a decoder must read it as GB18030.
"""

from __future__ import annotations

import re

from pipelines.demo.server import Request, Response
from pipelines.demo.site import (
    REPORT,
    Column,
    Entry,
    RobotsPolicy,
    Site,
    esc,
    paginate,
    shown,
)


class TrsSite(Site):
    """One TRS column. ``style`` is ``"ministry"`` (UTF-8, 4-argument pager, 404 past the end) or
    ``"county"`` (GBK, 6-argument pager, meta refresh past the end); ``ext`` overrides the extension."""

    def __init__(self, name: str, column: Column, *, style: str, column_dir: str, site_name: str,
                 id_base: int, robots: RobotsPolicy | None = None, disallowed_dir: str = "",
                 ext: str | None = None) -> None:
        self.style = style
        self.column_dir = column_dir.rstrip("/") + "/"
        self.site_name = site_name
        self.id_base = id_base
        self.disallowed_dir = disallowed_dir
        if style == "county":
            self.encoding, self.charset_in_header = "gbk", False
            self.prefix, self.ext, self.detail_ext = "list", "shtml", "shtml"
            self.server_header = "Apache"
        else:
            self.prefix, self.ext, self.detail_ext = "index", "html", "html"
        if ext:  # some TRS sites write .htm throughout
            self.ext = self.detail_ext = ext
        super().__init__(name, [column], robots)
        column.url_path = self.page_path(0)

    # URLs ----------------------------------------------------------------------------------------------------
    def page_path(self, index: int) -> str:
        """0-based page index → file: ministry index, index_1, …; county list, list_2, list_3, …"""
        if index == 0:
            return f"{self.column_dir}{self.prefix}.{self.ext}"
        number = index if self.style == "ministry" else index + 1
        return f"{self.column_dir}{self.prefix}_{number}.{self.ext}"

    def assign_paths(self) -> None:
        column = self.columns[0]
        for n, entry in enumerate(sorted(column.entries, key=lambda e: (e.published, e.key)), start=1):
            day = entry.published
            folder = self.column_dir + (self.disallowed_dir + "/" if entry.disallowed else "")
            month = f"{folder}{day:%Y%m}/"
            doc_id = self.id_base + 37 * n
            entry.path = f"{month}t{day:%Y%m%d}_{doc_id}.{self.detail_ext}"
            if entry.kind == REPORT:
                entry.attachment_paths = tuple(
                    f"{month}P0{day:%Y%m%d}{(doc_id * 7919 + i) % 10**12:012d}.{att.ext}"
                    for i, att in enumerate(entry.rendered().attachments))

    # pages ---------------------------------------------------------------------------------------------------
    def head(self, title: str, extra: str = "") -> str:
        if self.style == "county":
            meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        else:
            meta = '<meta charset="utf-8">'
        return (f"<!DOCTYPE html>\n<html>\n<head>\n{meta}\n<title>{esc(title)}</title>\n"
                f'<meta name="SiteName" content="{esc(self.site_name)}">\n{extra}'
                f'<link rel="stylesheet" href="/images/style.css">\n</head>\n')

    def pager(self, count: int, index: int, total: int) -> str:
        if self.style == "county":
            return (f'<div class="page" id="page_div"></div>\n<script type="text/javascript">'
                    f"createPageHTML('page_div', {count}, {index + 1}, '{self.prefix}', '{self.ext}', {total});"
                    "</script>\n")
        return ('<div class="page">\n<script type="text/javascript" src="/js/page.js"></script>\n'
                f'<script type="text/javascript">createPageHTML({count}, {index}, "{self.prefix}", "{self.ext}");'
                "</script>\n</div>\n")

    def list_page(self, column: Column, pages: list[list[Entry]], index: int, total: int) -> str:
        rows = []
        for entry in pages[index]:
            href = "./" + entry.path.removeprefix(self.column_dir)
            rows.append(f'<li><a href="{esc(href)}" target="_blank" title="{esc(entry.title)}">'
                        f"{esc(shown(entry.title))}</a><span>{entry.shown_date:%Y-%m-%d}</span></li>")
        return (self.head(f"{column.name}_{self.site_name}", '<meta name="ColumnName" content="政府信息公开年报">\n')
                + '<body>\n<div class="header">' + esc(self.site_name) + '</div>\n'
                + '<div class="main"><div class="lm-title">政府信息公开年报</div>\n<ul class="list">\n'
                + "\n".join(rows) + "\n</ul>\n" + self.pager(len(pages), index, total)
                + "</div>\n</body>\n</html>\n")

    def detail_page(self, entry: Entry) -> str:
        title, agency, body, links = self.detail_parts(entry)
        when = self.entry_modified(entry)
        metas = (f'<meta name="ColumnName" content="政府信息公开年报">\n<meta name="ArticleTitle" content="{esc(title)}">\n'
                 f'<meta name="PubDate" content="{when:%Y-%m-%d %H:%M}">\n'
                 f'<meta name="ContentSource" content="{esc(agency)}">\n')
        files = "".join(
            f'<p><a href="./{esc(href.rsplit("/", 1)[1])}" OLDSRC="/W0{esc(href.rsplit("/P0", 1)[1])}">'
            f"{esc(text)}</a></p>" for href, text in links)
        attachments = f'<div class="fj">附件：{files}</div>\n' if files else ""
        return (self.head(f"{title}_{self.site_name}", metas)
                + '<body>\n<div class="location">当前位置：<a href="../">政府信息公开年报</a></div>\n'
                + f'<div class="article">\n<h1 class="title">{esc(title)}</h1>\n'
                + f'<div class="info">发布日期：{when:%Y-%m-%d} 来源：{esc(agency)}</div>\n'
                + f'<div class="TRS_Editor">{body}</div>\n{attachments}</div>\n</body>\n</html>\n')

    def build(self, table: dict[str, Response], base_url: str) -> None:
        column = self.columns[0]
        listed = column.listed()
        pages = paginate(listed, column.page_size)
        modified = self.list_modified(listed)
        for index in range(len(pages)):
            table[self.page_path(index)] = self.html(self.list_page(column, pages, index, len(listed)), modified)
        table[self.column_dir] = table[self.page_path(0)]
        self.add_details(table)

    def dynamic(self, request: Request) -> Response | None:
        """Past the last page: a county site meta-refreshes to ``./`` with status 200 (ministry: 404)."""
        if self.style != "county" or not request.path.startswith(self.column_dir):
            return None
        name = request.path[len(self.column_dir):]
        if re.fullmatch(rf"{self.prefix}_\d+\.{self.ext}", name) and request.path not in self.table(request.base_url):
            page = (self.head("") + '<body>\n<meta http-equiv="refresh" content="0; url=./">\n'
                    '<script>window.location.href="./";</script>\n</body>\n</html>\n')
            return self.html(page, self.list_modified(self.columns[0].listed()))
        return None
