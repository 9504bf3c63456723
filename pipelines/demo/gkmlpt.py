"""Guangdong's 政府信息公开目录管理平台 (``gkmlpt``), on which every Guangdong government site publishes.

What a crawler meets on real gkmlpt sites, reproduced here:

- the column is a client-rendered page, ``/gkmlpt/index#CATEGORY``: no article links in the HTML, only a
  ``window._CONFIG = {SID: '754001', TREE: [...]}`` script; the fragment names the category;
- articles come from ``/gkmlpt/api/all/{category}?page=N&sid=SID`` as JSON (``articles``, ``total``,
  ``classify.post_count``); ``page=0`` repeats page 1, a page past the end has no articles, and a wrong or
  missing SID gives an empty list (so the SID must be read from the page);
- details are ``/gkmlpt/content/A/AB/post_ID.html``; attachments ``/attachment/…/ID.ext``, listed both in
  the JSON (``attachment``) and on the page.
"""

from __future__ import annotations

import json
import math
import re

from pipelines.demo.server import Request, Response
from pipelines.demo.site import REPORT, Column, Entry, RobotsPolicy, Site, esc

API = re.compile(r"/gkmlpt/api/all/(\d+)")


class GkmlptSite(Site):
    server_header = "nginx/1.20.1"

    def __init__(self, name: str, column: Column, *, sid: str, category: int, site_name: str, id_base: int,
                 per_page: int = 4, robots: RobotsPolicy | None = None) -> None:
        self.sid, self.category, self.site_name = sid, category, site_name
        self.id_base, self.per_page = id_base, per_page
        self.ids: dict[str, int] = {}
        super().__init__(name, [column], robots)
        column.url_path = f"/gkmlpt/index#{category}"

    def assign_paths(self) -> None:
        column = self.columns[0]
        for n, entry in enumerate(sorted(column.entries, key=lambda e: (e.published, e.key)), start=1):
            post = self.id_base + 1013 * n
            self.ids[entry.key] = post
            entry.path = f"/gkmlpt/content/{post // 1000000}/{post // 1000}/post_{post}.html"
            if entry.kind == REPORT:
                entry.attachment_paths = tuple(
                    f"/attachment/{post // 1000000}/{post // 1000}/{post}/{post * 3 + i}.{att.ext}"
                    for i, att in enumerate(entry.rendered().attachments))

    def index_page(self) -> str:
        tree = [{"id": self.category, "name": "政府信息公开年报", "parent": 0, "children": [], "jump_url": "",
                 "post_count": len(self.columns[0].listed())}]
        return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
                f"<title>{esc(self.site_name)}政府信息公开</title>\n"
                '<link rel="stylesheet" href="/gkmlpt/static/css/app.css">\n</head>\n<body>\n<div id="app"></div>\n'
                "<script>\n  window._CONFIG = {\n"
                f"    SID: '{self.sid}',\n    SITE_NAME: '{self.site_name}',\n"
                f"    TREE: {json.dumps(tree, ensure_ascii=False)},\n    SERVICE_AREA_ID: 1,\n"
                "    IS_MOBILE: false\n  };\n</script>\n"
                '<script src="/gkmlpt/static/js/manifest.js"></script>\n<script src="/gkmlpt/static/js/app.js"></script>\n'
                "</body>\n</html>\n")

    def article(self, entry: Entry, base_url: str) -> dict:
        post = self.ids[entry.key]
        when = self.entry_modified(entry)
        title, agency, _, links = self.detail_parts(entry)
        attachments = []
        if entry.kind == REPORT:
            for (href, name), att in zip(links, entry.rendered().attachments, strict=True):
                attachments.append({"id": int(href.rsplit("/", 1)[1].split(".")[0]), "name": name,
                                    "url": base_url + href, "size": len(att.data), "type": att.ext})
        return {
            "id": post, "title": title, "url": base_url + entry.path, "post_url": base_url + entry.path,
            "publisher": agency or self.site_name, "identifier": f"007{post % 100000:05d}/{entry.published.year}-{post % 1000:05d}",
            "document_number": "", "display_publish_time": int(when.timestamp()),
            "created_at": f"{when:%Y-%m-%d %H:%M:%S}", "first_publish_time": int(when.timestamp()),
            "classify_main": self.category, "classify_main_name": "政府信息公开年报",
            "classify_genre_name": "报告", "classify_theme_name": "政务公开", "attachment": attachments,
            "is_expired": 0, "is_abolished": 0,
        }

    def detail_page(self, entry: Entry) -> str:
        title, agency, body, links = self.detail_parts(entry)
        when = self.entry_modified(entry)
        files = "".join(f'<p><a href="{esc(href)}">{esc(text)}</a></p>' for href, text in links)
        post = self.ids[entry.key]
        return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
                f"<title>{esc(title)}</title>\n<meta name=\"ArticleTitle\" content=\"{esc(title)}\">\n"
                f'<meta name="PubDate" content="{when:%Y-%m-%d %H:%M}">\n<meta name="ContentSource" content="{esc(agency)}">\n'
                "</head>\n<body>\n<div class=\"content-container\">\n<div class=\"introduce\"><table>\n"
                f"<tr><td>索引号：</td><td>007{post % 100000:05d}/{entry.published.year}-{post % 1000:05d}</td>"
                "<td>分类：</td><td>政府信息公开年报</td></tr>\n"
                f"<tr><td>发布机构：</td><td>{esc(agency or self.site_name)}</td><td>发布日期：</td><td>{when:%Y-%m-%d}</td></tr>\n"
                f'<tr><td>名称：</td><td colspan="3">{esc(title)}</td></tr>\n</table></div>\n'
                f'<h1 class="content-title">{esc(title)}</h1>\n<div class="article-content">{body}</div>\n'
                + (f'<div class="attachment">附件：{files}</div>\n' if files else "")
                + "</div>\n</body>\n</html>\n")

    def build(self, table: dict[str, Response], base_url: str) -> None:
        column = self.columns[0]
        table["/gkmlpt/index"] = self.html(self.index_page(), self.list_modified(column.listed()))
        self.add_details(table)

    def dynamic(self, request: Request) -> Response | None:
        match = API.fullmatch(request.path)
        if not match:
            return None
        column = self.columns[0]
        category = int(match.group(1))
        right = request.query.get("sid") == self.sid and category in (0, self.category)
        listed = column.listed() if right else []
        try:
            page = max(1, int(request.query.get("page", "1")))
        except ValueError:
            page = 1
        chunk = listed[(page - 1) * self.per_page: page * self.per_page]
        payload = {
            "articles": [self.article(e, request.base_url) for e in chunk],
            "classify": {"id": category, "name": "政府信息公开年报" if right else "", "post_count": len(listed)},
            "total": len(listed), "page": page, "page_size": self.per_page,
            "total_page": math.ceil(len(listed) / self.per_page) if listed else 0,
            "sid": request.query.get("sid", ""),
        }
        return Response(200, json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                        content_type="application/json;charset=UTF-8", modified=self.list_modified(listed))
