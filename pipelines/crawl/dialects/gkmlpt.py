"""Guangdong's gkmlpt (政府信息公开目录平台): a JSON API behind a single-page catalogue.

The column URL is ``…/gkmlpt/index#CAT`` (the category sits in the fragment, which never reaches the
server); the page carries its site id as ``SID: '755031'`` (or ``sid=…``). Records come from
``…/gkmlpt/api/all/{CAT}?page=N&sid=SID`` as ``{"total": T, "articles": [{"title", "url"}, …]}``,
pages counted from 1. Without a category the API's ``all/0`` lists the whole site and the title filter
does the rest. Stop rules: an empty ``articles`` list, or ``page × per-page ≥ total``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from pipelines.crawl.dialects.base import Listing, Page, PageRequest
from pipelines.crawl.links import Link, clean_url

NAME = "gkmlpt"

_SID = re.compile(r"""\bSID\s*[:=]\s*['"]?([\w-]+)|[?&]sid=([\w-]+)""", re.I)
_CATEGORY_IN_PAGE = re.compile(r"""\b(?:CAT_?ID|CATEGORY_?ID|catId)\s*[:=]\s*['"]?(\d+)""", re.I)
_MAX_PAGES = 1000


def matches(page: Page) -> bool:
    return "gkmlpt" in (page.url + page.final_url + page.text[:200000]).lower() and bool(_SID.search(page.text))


def api_root(url: str) -> str:
    """``http://h/a/gkmlpt/index#5`` → ``http://h/a/gkmlpt/``."""
    parts = urlsplit(url)
    path = parts.path
    index = path.find("/gkmlpt/")
    root = path[: index + len("/gkmlpt/")] if index >= 0 else path.rsplit("/", 1)[0] + "/gkmlpt/"
    return f"{parts.scheme}://{parts.netloc}{root}"


def parse(page: Page, cursor: Mapping[str, Any], params: Mapping[str, Any]) -> Listing:
    if cursor:
        return _parse_api(page, cursor)
    sid = str(params.get("sid") or "") or _first_sid(page.text) or _first_sid(page.url)
    if not sid:
        return Listing()
    category = str(params.get("category") or params.get("cat") or "")
    if not category:
        fragment = urlsplit(page.url).fragment
        match = re.match(r"\d+", fragment) or _CATEGORY_IN_PAGE.search(page.text)
        category = match.group(match.lastindex or 0) if match else "0"
    root = api_root(page.final_url)
    state = {"root": root, "category": category, "sid": sid, "page": 1}
    return Listing(next=[PageRequest(_api_url(state), cursor=state)])


def _first_sid(text: str) -> str | None:
    match = _SID.search(text)
    return (match.group(1) or match.group(2)) if match else None


def _api_url(state: Mapping[str, Any]) -> str:
    return f"{state['root']}api/all/{state['category']}?page={state['page']}&sid={state['sid']}"


def _parse_api(page: Page, cursor: Mapping[str, Any]) -> Listing:
    try:
        data = json.loads(page.text)
    except json.JSONDecodeError:
        return Listing()
    articles = (data.get("articles") or data.get("data") or []) if isinstance(data, dict) else []
    links = []
    for article in articles if isinstance(articles, list) else []:
        if not isinstance(article, dict):
            continue
        href = article.get("url") or article.get("post_url") or article.get("link")
        if href:
            links.append(Link(clean_url(urljoin(page.final_url, str(href))), str(article.get("title") or "")))
    if not links:
        return Listing()
    page_no = int(cursor.get("page", 1))
    per_page = int(cursor.get("per_page") or len(articles))
    total = data.get("total") if isinstance(data, dict) else None
    if isinstance(total, int | str) and str(total).isdigit() and page_no * per_page >= int(total):
        return Listing(links=links)
    if page_no >= _MAX_PAGES:
        return Listing(links=links)
    state = {**cursor, "page": page_no + 1, "per_page": per_page}
    return Listing(links=links, next=[PageRequest(_api_url(state), cursor=state)], bounded=total is not None)

